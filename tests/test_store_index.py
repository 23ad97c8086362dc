"""The folder's summaries index: the most recent entries readable alone, checked against the files."""

from __future__ import annotations

import json

from assistant.engine.answers import Answer
from assistant.store import Store


def fill(store: Store, mini, n: int) -> list[str]:
    """``n`` assessments, ids in the order they were created (so the last is the most recent)."""
    ids = []
    for i in range(n):
        a = store.create(f"Country {i}", mini.id, mini.version, aid=f"country-{i:04d}")
        a.close()
        ids.append(a.id)
    return ids


def test_the_most_recent_come_from_the_head_of_the_index_alone(file_store, mini):
    ids = fill(file_store, mini, 5)
    everything = file_store.summaries()  # writes the index
    assert [s.id for s in everything] == ids[::-1]
    rows, total, _ = file_store.recent(2)
    assert ([s.id for s in rows], total) == (ids[:2:-1], 5)
    assert rows == everything[:2]  # the same summaries as a full list gives


def test_without_an_index_or_with_an_older_one_only_the_full_list_can_tell(file_store, mini):
    ids = fill(file_store, mini, 3)
    assert file_store.recent(2) is None  # no index yet
    index = file_store.folder / ".summaries"
    file_store.summaries()
    index.write_text(json.dumps({"rows": {}}))  # an older version's layout
    assert file_store.recent(2) is None
    assert [s.id for s in file_store.summaries()] == ids[::-1]  # rebuilt …
    assert file_store.recent(3)[1] == 3  # … in the current layout
    index.write_bytes(b"\x00 damaged")
    assert file_store.recent(2) is None
    assert [s.id for s in file_store.summaries()] == ids[::-1]


def test_a_recent_entry_changed_since_the_index_is_read_from_its_summary_and_a_deleted_one_skipped(file_store, mini):
    ids = fill(file_store, mini, 4)
    file_store.summaries()
    with file_store.open(ids[3]) as a:  # answered elsewhere: its own summary is current, the index is not
        a.save(Answer("trn_curriculum", value="yes"))
    file_store.delete(ids[2])
    rows, total, index = file_store.recent(3)
    assert [s.id for s in rows] == [ids[3], ids[1]]
    assert rows[0].answered == 1
    assert total == 4  # as the index says, until the full list
    assert [s.id for s in file_store.summaries(index)] == [ids[3], ids[1], ids[0]]
    assert file_store.recent(3)[1] == 3


def test_the_index_holds_one_line_per_assessment_most_recent_first(file_store, mini):
    ids = fill(file_store, mini, 3)
    file_store.summaries()
    header, *lines = (file_store.folder / ".summaries").read_text().splitlines()
    assert json.loads(header)["count"] == 3
    assert [json.loads(line)[0] for line in lines] == ids[::-1]


def test_a_list_over_a_current_index_rewrites_nothing(file_store, mini):
    fill(file_store, mini, 3)
    file_store.summaries()
    index = file_store.folder / ".summaries"
    before = index.stat()
    assert [s.country for s in file_store.summaries()] == ["Country 2", "Country 1", "Country 0"]
    after = index.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
