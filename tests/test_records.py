"""Workshop and merge records, and an answer's source fields: saved at once, reopened, exported."""

from __future__ import annotations

import json

from assistant.engine.answers import Answer
from assistant.store import Store


def test_records_and_answer_sources_survive_reopen_export_and_import(tmp_path, mini):
    store = Store(tmp_path / "data")
    with store.create("Avalon", mini.id, mini.version) as a:
        aid = a.id
        a.save_record("participant", "p1", name="Amina Diallo", agency="Immigration <&> 🛂")
        a.save_record("participant", "p2", name="Jon Moe", agency="Customs")
        a.drop_record("participant", "p2")
        a.save(Answer("trn_notes", value="curriculum 2023", who="Amina Diallo", agency="Immigration",
                      confidence="documented", agreement="majority",
                      positions=({"agency": "Customs", "value": "no", "reason": "not seen"},)))
    with store.open(aid) as a:  # from the snapshot written on close
        assert a.records("participant") == {"p1": a.records("participant")["p1"]}
        assert a.records("participant")["p1"]["agency"] == "Immigration <&> 🛂"
        got = a.answers()["trn_notes"]
        assert (got.agency, got.confidence, got.agreement) == ("Immigration", "documented", "majority")
        assert got.positions[0]["reason"] == "not seen"
        a.save_record("parked", "trn_notes", owner="Customs", due="2027-01-31")
        data = a.export()
    # journal replay (no close: the record is only in the journal) and export/import round trip
    with store.open(aid) as a:
        assert a.records("parked")["trn_notes"]["due"] == "2027-01-31"
    copy = store.import_data(json.loads(json.dumps(data)), aid="copy")
    with store.open(copy) as b:
        assert b.export()["records"] == data["records"]
        assert b.answers()["trn_notes"] == Answer.from_dict(data["answers"][0])


def test_an_answer_without_workshop_fields_is_stored_as_before(tmp_path, mini):
    stored = Answer("trn_notes", value="x", who="a", at="t").to_dict()
    assert set(stored) == {"question", "status", "value", "note", "who", "at", "skips"}
