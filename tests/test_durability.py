"""Acknowledged answers survive kill -9, whenever it lands."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import time

from assistant.store import Store

WRITER = textwrap.dedent("""
    import sys
    from assistant.engine.answers import Answer
    from assistant.store import Store
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
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(store.root), aid],
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
        with store.open(aid) as b:  # readable, and the lock was released by the kernel
            stored = b.answers()
            for q, n in acked.items():
                # the acknowledged value, or a later one written just before the kill
                assert stored[q].value >= n, (q, n, stored[q].value)
            assert len(b.history()) >= sum(acked.values()) // 4  # history kept every write
    assert total_acked > 25  # the writer really did write between kills
