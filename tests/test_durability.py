"""Acknowledged answers survive kill -9, whenever it lands."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import textwrap
import time

from assistant.engine.answers import Answer
from assistant.store import Store

WRITER = textwrap.dedent("""
    import sys
    from assistant.engine.answers import Answer
    from assistant.store import Assessment, Store
    Assessment.COMPACT_EVERY = int(sys.argv[3])  # small: kills land in compactions too
    store = Store(sys.argv[1])
    a = store.open(sys.argv[2])
    questions = ["trn_curriculum", "trn_notes", "trn_level", "sys_connected"]
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        q = questions[n % len(questions)]
        a.save(Answer(q, value=n, note="note " * (n % 50)))
        print(f"ack {q} {n}", flush=True)   # printed only after save() returned
""")


def test_every_acknowledged_answer_survives_sigkill(tmp_path, mini):
    store = Store(tmp_path / "data")
    a = store.create("Avalon", mini.id, mini.version)
    aid = a.id
    a.close()
    rng = random.Random(20261123)
    total_acked = 0
    for _round in range(25):
        every = "7" if _round % 2 else "500"
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(store.root), aid, every],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.08))
        proc.send_signal(signal.SIGKILL)
        acked: dict[str, int] = {}
        for line in proc.stdout:  # what was acknowledged before the kill
            parts = line.split()
            if len(parts) == 3 and parts[0] == "ack":
                acked[parts[1]] = int(parts[2])
        proc.wait(timeout=30)
        total_acked += len(acked)
        before = sorted(p.name for p in store.folder.iterdir())
        with store.open(aid) as b:  # readable, and the lock was released by the kernel
            stored = b.answers()
            for q, n in acked.items():
                # the acknowledged value, or a later one written just before the kill
                assert stored[q].value >= n, (q, n, stored[q].value)
            assert len(b.history()) >= sum(acked.values()) // 4  # history kept every write
            assert not [p.name for p in store.folder.iterdir() if p.name.endswith(".tmp")], before  # leftovers cleaned
    assert total_acked > 25  # the writer really did write between kills


CREATOR = textwrap.dedent("""
    import json, sys
    from assistant.store import Store
    store = Store(sys.argv[1])
    export = json.loads(sys.argv[2])
    n = 0
    while True:
        n += 1
        if n == 3:
            print("ready", flush=True)  # warmed up: what follows is the steady pace
        if n % 2:
            a = store.create(f"Country {n}", "mini", "0.1", title="T" * 2000)
            aid = a.id
            a.close()
        else:
            aid = store.import_data(export, aid=f"imported-{sys.argv[3]}-{n}")
        print(f"ack {aid}", flush=True)
""")


def test_a_kill_during_new_or_import_leaves_nothing_or_a_whole_assessment(tmp_path, mini):
    store = Store(tmp_path / "data")
    a = store.create("Avalon", mini.id, mini.version)
    for q, v in (("trn_curriculum", "yes"), ("trn_level", 3)):
        a.save(Answer(q, value=v))
    export = a.export()
    a.close()
    rng = random.Random(20261130)
    acked: list[str] = []
    for _round in range(12):
        proc = subprocess.Popen([sys.executable, "-c", CREATOR, str(store.root), json.dumps(export), str(_round)],
                                stdout=subprocess.PIPE, text=True)
        for line in proc.stdout:
            if line.strip() == "ready":
                break
            acked.append(line.split()[1])
        time.sleep(rng.uniform(0.0, 0.1))
        proc.send_signal(signal.SIGKILL)
        acked += [line.split()[1] for line in proc.stdout if line.startswith("ack ")]
        proc.wait(timeout=30)
    rows = store.summaries()  # also clears what the killed processes left behind
    assert [r.problem for r in rows if r.problem] == []  # never an empty or half-written assessment
    assert set(acked) <= {r.id for r in rows}
    for r in rows:
        with store.open(r.id) as b:
            assert b.meta["country"]
            if r.id.startswith("imported-"):
                assert b.answers()["trn_level"].value == 3 and len(b.history()) == len(export["history"])
    assert not [p.name for p in store.folder.iterdir() if p.name.endswith((".tmp", ".owner"))]
    assert len(acked) > 3 * 12
