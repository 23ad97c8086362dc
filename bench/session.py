"""A 1,000-answer workshop driven through the installed ``bmm`` in a real pseudo-terminal.

A mirror :class:`~assistant.session.Session` (in memory, same framework, same answers) says
which question the TUI must show next; the time taken is from the key to that question's
``n/total  text`` line showing on the pyte screen below the one answered. The questionnaire
is answered forward (every question type, element summaries closed with ``c``); then, as a
workshop does once it is complete, earlier answers are revised: Ctrl+B back 1–3 questions
(each Ctrl+B is timed: key -> that question visible) and a new answer given (timed: key -> the
element summary visible). A bare Textual app (bench/bare_app.py) gets one key after each
timed bmm key, so the baseline sees the same load.
"""

from __future__ import annotations

import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from term import Term, lowest

from assistant import framework as fw
from assistant.framework.models import text
from assistant.session import Session
from assistant.store import Store, memory_store

SUMMARY = "Summary: "  # the element summary's heading (its hint line may be below a long finding)
FINISHED = "All questions have been asked"
COUNTRY = "Avalon"


@dataclass
class Sample:
    turn: int  # saved changes so far (the history's length)
    kind: str  # the question type answered, or "back" / "summary"
    ms: float
    base_ms: float  # the bare app, pressed right after


@dataclass
class Workshop:
    samples: list[Sample] = field(default_factory=list)
    memory: dict[int, tuple[float, float]] = field(default_factory=dict)  # turn -> (rss, peak) MiB
    base_memory: dict[int, tuple[float, float]] = field(default_factory=dict)
    failure: str = ""
    parse_ms: tuple[float, float] = (0.0, 0.0)  # pyte's median time to read a chunk: bmm's, the bare app's


def create(store: Store, framework) -> str:
    a = store.create(COUNTRY, framework.id, framework.version, title="Workshop", lang="en")
    aid = a.id
    a.close()
    return aid


def header(session: Session) -> str:
    """The first characters of the current question's turn, as the transcript shows it."""
    iv, q = session.interview, session.current
    qs = iv.applicable_questions(iv.element_of(q.id))
    n = next((i for i, x in enumerate(qs, 1) if x.id == q.id), 1)
    return f"{n}/{len(qs)}  {text(q.text, 'en')[:24]}"


def keys_for(session: Session, turn: int) -> tuple[list[str], Callable[[], object]]:
    """Keys answering the current question (the last one is timed) and the same answer on the mirror."""
    q, iv = session.current, session.interview
    kind = q.type
    if kind in ("yes_no", "single_choice", "scale"):
        choices = iv.choices(q)
        d = 1 + turn % min(2, len(choices))
        keys = [str(d)] + (["enter"] if kind != "scale" and d * 10 <= len(choices) else [])
        return keys, lambda: session.submit_value(choices[d - 1].value)
    if kind == "multi_choice":
        choices = iv.choices(q)
        cur = iv.answers.get(q.id)
        ticked = set(cur.value) if cur is not None and cur.status == "answered" and isinstance(cur.value, list) \
            else set()
        # digits that cannot start a longer number (with 10+ entries, "1" waits for a second digit)
        plain = [i for i, c in enumerate(choices)
                 if not c.special and not c.exclusive and (i + 1) * 10 > len(choices)]
        i = plain[turn % len(plain)]
        if ticked == {choices[i].value}:
            i = plain[(turn + 1) % len(plain)]
        ticked ^= {choices[i].value}
        d = i + 1
        keys = [str(d)]
        value = [c.value for c in choices if c.value in ticked]
        return [*keys, "enter"], lambda: session.submit_value(value)
    if kind == "number":
        raw = str(int(q.min or 0) + 1 + turn % 2)
    elif kind == "date":
        raw = "2026-03-14"
    else:
        raw = f"t{turn}"
    if kind == "text" and getattr(q, "multiline", True):
        return [*raw, "ctrl+s"], lambda: session.submit(raw)
    clear = ["end", "ctrl+u"] if iv.answers.get(q.id) is not None else []  # a revision: prefilled
    return [*clear, *raw, "enter"], lambda: session.submit(raw)


def below(rows: list[str], needle: str, previous: str) -> bool:
    """``needle`` shows on a lower row than ``previous`` (the turn just answered)."""
    row = lowest(rows, needle)
    return row >= 0 and row > lowest(rows, previous)


READ = 0.3  # seconds before answering a question that appeared by itself (assistant.tui.guard)


def tree_rows(framework) -> list[str | None]:
    """The elements panel's rows, top to bottom (None for a component's heading)."""
    rows: list[str | None] = [framework.context.id] if framework.context is not None else []
    for comp in framework.components:
        rows += [None, *(el.id for el in comp.elements)]
    return rows


def drive(bmm: str, data: Path, turns: int, log: Callable[[str], None]) -> Workshop:
    framework = fw.get("bmm")
    aid = create(Store(data), framework)
    mirror_store = memory_store()
    mirror = Session(mirror_store.open(create(mirror_store, framework)), framework)
    turn = len(mirror.assessment.history())
    out = Workshop()
    app = Term([bmm, "interview", aid, "--data", str(data)])
    bare = Term([sys.executable, str(Path(__file__).with_name("bare_app.py"))])
    bare_n = 0
    doing = "starting"
    try:
        app.wait(lambda rows: lowest(rows, header(mirror)) >= 0, timeout=30)
        bare.wait(lambda rows: lowest(rows, "bare app ready") >= 0, timeout=30)

        def baseline() -> float:
            nonlocal bare_n
            bare_n += 1
            return bare.press("enter", lambda rows, n=bare_n: lowest(rows, f"{n}/1000  bare") >= 0)

        def record(kind: str, ms: float) -> None:
            out.samples.append(Sample(turn, kind, ms, baseline()))

        def remember() -> None:
            for mark in (100, turns):
                if turn >= mark and mark not in out.memory:
                    out.memory[mark] = app.memory()
                    out.base_memory[mark] = bare.memory()

        def answer() -> None:
            """Answer the current question; follow the screen to the next question or the summary."""
            nonlocal turn, doing
            q = mirror.current
            before, element = header(mirror), mirror.interview.element_of(q.id).id
            keys, same = keys_for(mirror, turn)
            app.drain(READ)  # as a reader does: keys in the first moments are taken as typed ahead
            app.type(*keys[:-1])
            same()
            turn += 1
            cur = mirror.current
            target = FINISHED if cur is None else header(mirror)
            doing = f"answering {q.id} with {keys}, expecting {target!r}"
            if cur is None or mirror.interview.element_of(cur.id).id != element:
                doing += " after the element summary"
                record("summary", app.press(keys[-1], lambda rows: lowest(rows, SUMMARY) >= 0))
                app.drain(READ)  # the summary also came by itself: read it, then continue
                app.send("c")
                app.wait(lambda rows: lowest(rows, SUMMARY) < 0 and below(rows, target, before))
            else:
                record(q.type, app.press(keys[-1], lambda rows: below(rows, target, before)))
            remember()

        while mirror.current is not None and turn < turns:  # the questionnaire, forward
            answer()
            if turn % 50 == 0:
                log(f"  turn {turn}")
        log(f"  forward interview done at turn {turn}")
        remember()
        rows = tree_rows(framework)
        elements = [r for r in rows if r is not None]
        k = 0
        while turn < turns:  # the workshop goes back over the elements in turn
            k += 1
            target = elements[(k * 5) % len(elements)]  # every element in time (5 and 29 share no factor)
            app.drain(READ)
            app.send("ctrl+g")
            app.drain(0.1)
            app.send(*["up"] * len(rows))  # to the panel's top row, wherever its cursor was
            app.drain(0.1)
            app.send(*["down"] * rows.index(target))
            app.drain(0.1)
            mirror.goto(target)
            shown = header(mirror)
            doing = f"jump to {target}, expecting {shown!r}"
            record("jump", app.press("enter", lambda rows, s=shown: below(rows, s, FINISHED)))
            previous, went = shown, 0
            for _ in range(1 + k % 3):  # back into the element before, as a revision does
                if mirror.back() is None:
                    break
                went += 1
                shown = header(mirror)
                doing = f"Ctrl+B, expecting {shown!r}"
                record("back", app.press("ctrl+b", lambda rows, s=shown, p=previous: below(rows, s, p)))
                previous = shown
            for _ in range(went + 1):  # each answered again, then the jumped-to question
                if mirror.current is None or turn >= turns:
                    break
                answer()
            if turn % 50 < 4:
                log(f"  turn {turn}")
    except Exception as exc:  # noqa: BLE001 - reported in results.md, with the screen
        out.failure = f"stopped at turn {turn}, {doing}: {exc}"
        log(out.failure)
        try:
            out.memory[turn], out.base_memory[turn] = app.memory(), bare.memory()
        except OSError:
            pass
    finally:
        out.parse_ms = tuple(statistics.median(t.parsing) * 1000 if t.parsing else 0.0 for t in (app, bare))
        app.close()
        bare.close()
    return out
