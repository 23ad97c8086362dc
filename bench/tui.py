"""The interface's speed: answer → next question on screen, at turn 10 and at turn 1,000; start-up.

Run by hand (not in CI):  .venv/bin/python bench/tui.py

- Answering: the real app (Textual headless, Pilot) on the full bmm framework (the mini one if
  bmm does not validate), in a temporary data folder. The time is from the key press that
  answers a yes/no question being sent to the app until the next question's turn is mounted,
  laid out and the frame composed, with the durable save in between; the loop polls with
  asyncio.sleep(0), so Pilot's own idle waits (~80 ms a press) are not counted. The same press
  as Pilot sees it is printed in brackets. "Turn 1,000" has 1,000+ transcript turns: the history is grown first by answering
  and revising through the Session, then the app is opened on it (the transcript is rebuilt
  from the history, as when a workshop reopens an assessment).
- Start-up: a fresh `python` process, from spawn to the home screen painted (headless).
- Baseline, same run: a bare Textual app mounting one Static (key press → Static updated;
  spawn → first paint).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from answer import typed  # noqa: E402  (the same typed answers as bench/answer.py)
from textual import events  # noqa: E402
from textual.app import App  # noqa: E402
from textual.widgets import Static  # noqa: E402

from assistant import framework as fw  # noqa: E402
from assistant.framework.loader import load_many  # noqa: E402
from assistant.session import Session  # noqa: E402
from assistant.store import Store  # noqa: E402

SAMPLES = 15


class Bare(App):
    """Baseline: one Static, updated on a key press."""

    def compose(self):
        yield Static("0", id="s")

    def on_key(self, event) -> None:
        s = self.query_one(Static)
        s.update(str(int(str(s.render())) + 1))


async def time_presses(app: App, before, ready, key: str, n: int = SAMPLES) -> tuple[list[float], list[float]]:
    """Per press of ``key``, in ms: the key sent to the app → ``ready(app, state)`` holds and the
    frame is composed (polled without Pilot's idle waits); and the same press as Pilot sees it
    (which adds its own idle waits of ~80 ms). ``before(app)`` runs untimed and returns ``state``."""
    inside, pilot_seen = [], []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(n):
            state = before(app)
            await pilot.pause()
            t0 = time.perf_counter()
            app._driver.send_message(events.Key(key, key))
            while not ready(app, state):
                await asyncio.sleep(0)
            app.screen._refresh_layout()  # the frame composed, as a terminal would get it
            inside.append((time.perf_counter() - t0) * 1000)
            await pilot.pause()
            state = before(app)
            await pilot.pause()
            t0 = time.perf_counter()
            await pilot.press(key)
            await pilot.wait_for_scheduled_animations()
            app.screen._refresh_layout()
            pilot_seen.append((time.perf_counter() - t0) * 1000)
    return inside, pilot_seen


def bare_ready(app, state) -> bool:
    return str(app.query_one(Static).render()) != state


def bare_before(app) -> str:
    return str(app.query_one(Static).render())


def framework_id() -> tuple[str, str | None]:
    frameworks, problems = load_many([ROOT / "prompts"])
    if not problems and any(f.id == "bmm" for f in frameworks):
        return "bmm", None
    return "mini", str(ROOT / "tests" / "fixtures")


def grow(store: Store, framework, turns: int) -> str:
    """An assessment whose history gives ``turns`` transcript turns (2 per answer)."""
    a = store.create("Benchland", framework.id, framework.version)
    aid = a.id
    s = Session(a, framework)
    qs = [q for _, q in framework.questions()]
    i = 0
    while len(s.assessment.history()) < turns // 2:
        q = s.current
        if q is None:  # everything asked: the workshop revises earlier answers
            q = qs[i % len(qs)]
            if not s.interview.is_applicable(q.id):
                i += 1
                continue
            s.interview.ask(q.id)
        try:
            s.submit(typed(q, i))
        except Exception:  # noqa: BLE001 - a value the question refuses: skip it
            s.skip()
        i += 1
    s.close()
    return aid


def yes_no_target(app) -> str:
    """A yes/no question that applies; made current before each timed press."""
    screen = app.screen
    iv = screen.session.interview
    return next(q.id for _, q in iv.framework.questions() if q.type == "yes_no" and iv.is_applicable(q.id))


async def answer_times(store: Store, aid: str) -> tuple[tuple[list[float], list[float]], int]:
    from assistant.tui.app import create_app

    app = create_app(store, open_id=aid)
    state = {}

    def before(app) -> int:
        screen = app.screen
        while screen.__class__.__name__ != "InterviewScreen":  # close a summary if one popped up
            app.pop_screen()
            screen = app.screen
        state.setdefault("qid", yes_no_target(app))
        screen.revise(state["qid"])
        state["turns"] = len(screen.transcript.turns)
        return len(screen.transcript.turns)

    def ready(app, turns_before: int) -> bool:
        """The answer and the next question are in the transcript, mounted and laid out."""
        screen = app.screen
        if screen.__class__.__name__ != "InterviewScreen":
            return True  # the element summary came up instead: also a new screen
        views = screen.transcript._views
        return (len(screen.transcript.turns) >= turns_before + 2 and views[-1].is_mounted
                and views[-1].size.height > 0)

    times = await time_presses(app, before, ready, "y")
    return times, state["turns"]


def startup(code: str) -> float:
    """ms from spawning a Python process to its first screen painted (headless)."""
    env = dict(os.environ)
    t0 = time.time()
    out = subprocess.run([sys.executable, "-c", code, str(t0)], capture_output=True, text=True, env=env,
                         cwd=ROOT, timeout=60)
    if out.returncode:
        raise SystemExit(out.stderr)
    return float(out.stdout.strip().splitlines()[-1])


STARTUP_BMM = """
import sys, time
t0 = float(sys.argv[1])
from assistant.cli import store_for, build_parser
from assistant.tui.app import create_app
app = create_app(store_for(build_parser().parse_args([])))
async def auto(pilot):
    await pilot.pause()
    print((time.time() - t0) * 1000)
    pilot.app.exit()
app.run(headless=True, auto_pilot=auto, size=(120, 40))
"""

STARTUP_BARE = """
import sys, time
t0 = float(sys.argv[1])
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("hello")
async def auto(pilot):
    await pilot.pause()
    print((time.time() - t0) * 1000)
    pilot.app.exit()
Bare().run(headless=True, auto_pilot=auto, size=(120, 40))
"""


def show(label: str, times: list[float], base: float | None = None, note: list[float] | None = None) -> float:
    times = sorted(times)
    med = statistics.median(times)
    extra = f"   +{med - base:.1f} ms over the baseline" if base is not None else ""
    seen = f"   [Pilot {statistics.median(note):.0f} ms]" if note else ""
    print(f"  {label:44} median {med:7.1f} ms   max {times[-1]:7.1f} ms{extra}{seen}")
    return med


def main() -> None:
    fid, root = framework_id()
    if root:
        os.environ["BMM_PROMPTS"] = root
    framework = fw.get(fid)
    print(f"framework: {fid} ({sum(1 for _ in framework.questions())} questions); {SAMPLES} samples each")
    print("answer → next question on screen: key sent → next question mounted, laid out and composed")
    print("(in brackets: the same press as Pilot sees it, which adds its own idle waits of ~80 ms)")
    inside, seen = asyncio.run(time_presses(Bare(), bare_before, bare_ready, "x"))
    base = show("baseline: bare app, key → Static updated", inside, note=seen)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "data")
        for turns in (10, 1000):
            aid = grow(store, framework, turns)
            (inside, seen), shown = asyncio.run(answer_times(store, aid))
            show(f"bmm, {turns:,} turns grown ({shown:,} on screen)", inside, base, note=seen)
        home = Path(tmp) / "home"
        os.environ["BMM_HOME"] = str(home)
        print("start-up (spawn → first screen, headless)")
        base = show("baseline: bare Textual app", [startup(STARTUP_BARE) for _ in range(5)])
        show("bmm (empty data folder)", [startup(STARTUP_BMM) for _ in range(5)], base)
        grow(Store(home), framework, 200)
        show("bmm (one assessment listed)", [startup(STARTUP_BMM) for _ in range(5)], base)


if __name__ == "__main__":
    main()
