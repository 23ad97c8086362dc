"""A long session costs the same at the 50th answer as at the 20th: footer, bindings, transcript.

Driven with Pilot through every question type of the mini framework, then on by changing
earlier answers from the transcript (Ctrl+T, arrows, Enter), as a workshop does once the
questionnaire is complete. Nothing here is timed: the mechanisms are counted.
"""

from __future__ import annotations

import gc
from datetime import UTC, datetime

import pytest
from textual.strip import Strip
from textual.widgets import Input, TextArea
from textual.widgets._footer import FooterKey

from assistant.tui.app import create_app
from assistant.tui.footer import KeyFooter, watcher_count
from assistant.tui.interview import InterviewScreen
from assistant.tui.summary import SummaryScreen
from assistant.tui.transcript import Transcript


def keys_for(q) -> list[str]:
    """The keys a user presses to answer ``q`` with its input."""
    kind = q.type
    if kind in ("yes_no", "single_choice", "scale"):
        return ["enter"]
    if kind == "multi_choice":
        return ["space", "enter"]
    if kind == "number":
        return [*str(int(q.min or 0) + 1), "enter"]
    if kind == "date":
        return [*"2026-03-14", "enter"]
    if kind == "text" and getattr(q, "multiline", True):
        return ["x", "ctrl+s"]
    return ["x", "enter"]


async def answer_one(pilot, screen: InterviewScreen, turn: int) -> bool:
    """Answer the current question, or change an earlier answer once all are answered.

    Returns whether it was a change picked in the transcript (focus went there and back).
    """
    while isinstance(pilot.app.screen, SummaryScreen):
        await pilot.press("c")
        await pilot.pause()
    revision = screen.session.current is None
    if revision:
        await pilot.press("ctrl+t", *["up"] * (turn % 6), "enter")
        await pilot.pause()
    assert screen.session.current is not None
    await pilot.press(*keys_for(screen.session.current))
    await pilot.pause()
    return revision


def state(screen: InterviewScreen) -> dict:
    gc.collect()
    footer = screen.query_one(KeyFooter)
    return {
        "watchers": watcher_count(footer),
        "rebuilds": footer.rebuilds,
        "footer_keys": sorted(k.description for k in footer.query(FooterKey)),
        "live_footer_keys": sum(isinstance(o, FooterKey) for o in gc.get_objects()),
        # removed answer inputs are freed (Textual keeps Input/TextArea in a signal and a watcher)
        "live_inputs": sum(isinstance(o, Input | TextArea) for o in gc.get_objects()),
        "screen_bindings": sorted(screen._bindings.key_to_bindings),
        "widgets": len(screen.query("*")),
        "turns": len(screen.query_one(Transcript).turns),
        "history": len(screen.session.assessment.history()),
    }


async def test_footer_bindings_and_transcript_stay_flat_over_50_answers(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        kinds, revisions = set(), 0
        await answer_one(pilot, screen, 0)
        first = state(screen)
        turn = 1
        while screen.session.current is not None:  # the whole questionnaire, forward
            kinds.add(type(app.focused).__name__)
            await answer_one(pilot, screen, turn)
            turn += 1
        forward = state(screen)
        while turn < 20:
            revisions += await answer_one(pilot, screen, turn)
            turn += 1
        at_20, revisions_20 = state(screen), revisions
        while turn < 50:
            revisions += await answer_one(pilot, screen, turn)
            turn += 1
        at_50 = state(screen)

    # every kind of input was on screen, and the session really went on to 50 saved changes
    assert {"ChoiceList", "MultiList", "ScaleCards", "TextBox", "LineInput"} <= kinds
    assert at_50["history"] >= 50
    # answering forward through every question type never rebuilt the footer …
    assert forward["rebuilds"] <= first["rebuilds"] + 1  # once, when the last answer greys out Why?/Note/Skip
    # … changing an answer from the transcript rebuilds it three times, not per key or widget:
    # focus goes to the transcript (its keys), back to the answer, and Why?/Note/Skip come back
    assert at_50["rebuilds"] - at_20["rebuilds"] <= 3 * (revisions - revisions_20)
    # it shows the same keys, keeps no watcher or widget of the keys it once showed,
    # and the screen's own keys stay the same set
    assert at_50["footer_keys"] == at_20["footer_keys"] == first["footer_keys"]
    assert {"Why?", "All keys"} <= set(at_50["footer_keys"])  # the first keys, and where the others are
    assert at_50["watchers"] == at_20["watchers"] <= len(at_20["footer_keys"]) + 2
    assert at_50["live_footer_keys"] == at_20["live_footer_keys"]
    assert at_50["live_inputs"] <= 2, at_50["live_inputs"]  # the one on screen (and one being replaced)
    assert at_50["screen_bindings"] == at_20["screen_bindings"]
    # the conversation is one widget: answering mounts none (the answer panel may differ by a few)
    assert at_50["turns"] > at_20["turns"] + 60
    assert abs(at_50["widgets"] - at_20["widgets"]) <= 5, (at_20["widgets"], at_50["widgets"])


async def test_footer_keys_work_from_a_text_box(tui_store, new_assessment):
    """F7 (summary) is in the footer, so it works while typing a long answer too."""
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        while type(app.focused).__name__ != "TextBox":
            await answer_one(pilot, screen, 0)
        await pilot.press(*"draft", "f7")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("c")
        await pilot.pause()
        assert app.focused.text == "draft"  # nothing typed was lost


async def test_closed_summaries_leave_no_render_caches_behind(tui_store, new_assessment):
    """Opening and closing the element summary 25 times keeps no more widgets' caches than 5 times
    (Textual memoises every widget's StylesCache, with all it drew, until 1,024 are held)."""
    from textual._styles_cache import StylesCache

    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    held = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for cycle in range(1, 26):
            await pilot.press("f7")
            await pilot.pause()
            assert isinstance(app.screen, SummaryScreen)
            await pilot.press("c")
            await pilot.pause()
            assert isinstance(app.screen, InterviewScreen)
            if cycle in (5, 25):
                held[cycle] = StylesCache.get_inner_outer.cache_info().currsize
    assert held[25] <= held[5] + 5, held


async def test_an_answer_arranges_the_screen_once(tui_store, new_assessment, monkeypatch):
    """Answering lays the whole screen out once: a new turn, a refilled list or set of level cards,
    a taller or shorter answer panel and the question kept in view ask for no second arrangement
    (each one redraws the whole screen: most of what a user waits for at a real terminal)."""
    from textual.screen import Screen

    layouts: list[int] = []
    arrange = Screen._refresh_layout

    def counted(self, *args, **kwargs):
        if isinstance(self, InterviewScreen) and layouts:
            layouts[-1] += 1
        return arrange(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    aid = new_assessment(tui_store)
    still = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)  # the agenda's clock stands still: its line never moves
    app = create_app(tui_store, open_id=aid, now=lambda: still)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        seen: list[tuple[str, str, int]] = []
        while True:  # the mini framework forward: every kind of question, four elements
            while isinstance(app.screen, SummaryScreen):
                await pilot.press("c")
                await pilot.pause()
            q = screen.session.current
            if q is None:
                break
            element, mounted = screen.iv.element_of(q.id).id, set(screen._inputs)
            await pilot.press(*keys_for(q)[:-1])
            await pilot.pause(0.1)  # what typing laid out is done before the answer's key
            layouts.append(0)
            await pilot.press(keys_for(q)[-1])
            await pilot.pause(0.05)
            after = screen.session.current
            if (isinstance(app.screen, SummaryScreen) or after is None
                    or screen.iv.element_of(after.id).id != element or type(screen._input) not in mounted):
                layouts.pop()  # a summary, a new element's introduction, or an input mounted the first time
                continue
            seen.append((q.type, after.type, layouts[-1]))
    changed = {(a, b) for a, b, _ in seen if a != b}
    assert len(seen) >= 5 and len(changed) >= 4, seen  # the answer panel changed shape, many ways
    assert {("yes_no", "number"), ("number", "single_choice"), ("text", "scale")} <= changed, seen
    assert max(n for _, _, n in seen) <= 1, seen


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_opening_the_elements_panel_lays_out_no_turn_again(tui_store, new_assessment, monkeypatch, size):
    """Ctrl+G and back: the conversation keeps its lines for the widths it had (and is not laid out
    again for the screen's change of class); every line is still drawn at the width on screen."""
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        for turn in range(8):
            await answer_one(pilot, screen, turn)
        while isinstance(app.screen, SummaryScreen):
            await pilot.press("c")
            await pilot.pause()
        transcript = screen.query_one(Transcript)
        laid: list[int] = []
        lay_out = Transcript._lay_out_turn
        monkeypatch.setattr(Transcript, "_lay_out_turn", lambda self, i: laid.append(i) or lay_out(self, i))
        widths = set()
        for _ in range(3):
            await pilot.press("ctrl+g")
            await pilot.pause()
            widths.add(transcript.text_width)
            assert {Strip(line).cell_length for line in transcript._lines} == {transcript.text_width}, (transcript._width, transcript.text_width, {Strip(line).cell_length for line in transcript._lines})
            await pilot.press("escape")
            await pilot.pause()
            widths.add(transcript.text_width)
            assert {Strip(line).cell_length for line in transcript._lines} == {transcript.text_width}, (transcript._width, transcript.text_width, {Strip(line).cell_length for line in transcript._lines})
        turns = len(transcript.turns)
    assert turns > 20
    # at a width seen before, no turn is laid out again (a new width: once, then never again)
    assert len(laid) <= (turns + 4) * (len(widths) - 1), (len(laid), turns, widths)


async def test_letting_old_turns_go_lays_out_no_kept_turn_again(tui_store, new_assessment, monkeypatch):
    """Past the window, the oldest turns are let go in batches: the turns kept are not laid out
    again (that cost grew with the window and came back every 25 answers), and what is drawn is
    what laying out every kept turn afresh gives (the line saying how many are hidden included)."""
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        transcript = app.screen.query_one(Transcript)
        from assistant.tui.transcript import Turn

        laid: list[int] = []
        lay_out = Transcript._lay_out_turn
        monkeypatch.setattr(Transcript, "_lay_out_turn", lambda self, i: laid.append(i) or lay_out(self, i))
        before = len(transcript.turns)
        roles = ["assistant", "user", "element", "info", "note"]
        for i in range(700):  # long and short turns, every role, wrapped at the width on screen
            transcript.add(Turn(roles[i % 5], f"turn {i} " + "word " * (i % 37), "ctx_date"))
        await pilot.pause()
        assert transcript.hidden > 400  # batches were let go
        assert sorted(laid) == list(range(before, before + 700))  # each turn once, none again
        kept = [list(line) for line in transcript._lines]
        kept_laid = [(x.index, x.start, x.height) for x in transcript._laid]
        transcript._relayout()
        assert kept == transcript._lines
        assert kept_laid == [(x.index, x.start, x.height) for x in transcript._laid]
        assert f"{transcript.hidden}" in "".join(s.text for s in transcript._lines[0])
        transcript.focus()  # picking an earlier answer still finds the turns where they are drawn
        await pilot.press("up")
        start, _ = transcript.turn_lines(transcript._cursor)
        assert transcript.turn_at(start - round(transcript.scroll_y)) == transcript._cursor


async def test_each_element_summary_is_the_same_screen_refilled(tui_store, new_assessment, monkeypatch):
    """Summaries are opened hundreds of times in a workshop: the screen is built once and each
    opening refills it with that element's title, level and answers (nothing of the one before)."""
    from textual.widgets import OptionList

    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    composed: list[SummaryScreen] = []
    compose = SummaryScreen.compose
    monkeypatch.setattr(SummaryScreen, "compose", lambda self: composed.append(self) or compose(self))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        seen: list[tuple[str, str, list[str], bool]] = []
        while screen.session.current is not None:
            q = screen.session.current
            element = screen.iv.element_of(q.id)
            await pilot.press(*keys_for(q))
            await pilot.pause()
            if isinstance(app.screen, SummaryScreen):
                summary = app.screen
                title = str(summary.query_one("#summary-title").render())
                recap = [str(o.id) for o in summary.query_one(OptionList)._options]
                seen.append((element.id, title, recap, summary.query_one("#summary-level").display))
                assert screen.iv.element_of(q.id).id == summary.element.id == element.id
                await pilot.press("c")
                await pilot.pause()
        assert not isinstance(app.screen, SummaryScreen)
    assert len(seen) >= 3 and len(composed) == 1
    for element_id, title, recap, _ in seen:
        el = screen.iv.element(element_id)
        assert el.title["en"] in title
        assert recap == [q.id for q in screen.iv.applicable_questions(el)]
    context = screen.session.framework.context
    assert [shown for eid, *_, shown in seen if context and eid == context.id] in ([], [False])
    assert any(shown for *_, shown in seen)  # the scored elements show their level again


async def test_full_garbage_collections_wait_for_a_moment_without_keys(tui_store, new_assessment):
    """A full collection paused answering by 20-60 ms every few seconds: while keys come there is
    none (the young generations still run), and it is done, as often as Python would, in the
    first moment without a key."""
    import gc

    from assistant.tui.idlegc import IDLE

    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    full: list[float] = []

    def seen(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(app.collector.clock())

    now = [1000.0]
    app.collector.clock = lambda: now[0]
    gc.callbacks.append(seen)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            full.clear()  # from here on, the interface is up
            for turn in range(25):  # a key every 0.05 s (of the collector's clock): never a moment free
                await answer_one(pilot, screen, turn)
                for _ in range(300):  # garbage in cycles, as widgets and strips make it
                    a: list = []
                    a.append(a)
                now[0] += 0.05
                app.collector.tick()
            during, was_due = list(full), app.collector.due()
            now[0] += IDLE  # the next question is read
            assert app.collector.tick()
            after = list(full)
            now[0] += 5  # a longer pause: nothing is due
            assert not app.collector.tick()
            assert gc.get_threshold()[2] >= 1_000_000
    finally:
        gc.callbacks.remove(seen)
    assert during == [] and was_due and len(after) == 1
    assert gc.get_threshold()[2] < 1_000  # the interface gone, Python's own thresholds are back


def test_a_fast_typist_still_gets_the_full_collections_due():
    import gc

    from assistant.tui.idlegc import AT_MOST, IdleCollector

    now = [0.0]
    collector = IdleCollector(clock=lambda: now[0])
    collector.start()
    waits, became_due = [], None
    try:
        while now[0] < 4 * AT_MOST:  # a key every 0.1 s: never a pause
            now[0] += 0.1
            collector.key()
            for _ in range(3000):
                a: list = []
                a.append(a)
            if became_due is None and collector.due():
                became_due = now[0]
            if collector.tick():
                waits.append(now[0] - became_due)
                became_due = None
    finally:
        collector.stop()
    assert len(waits) >= 2  # done anyway, each after waiting its AT_MOST seconds for a pause
    assert all(AT_MOST - 0.2 <= w <= AT_MOST + 0.2 for w in waits), waits
    assert gc.get_threshold()[2] < 1_000


async def test_a_summary_on_a_laptop_screen_leaves_room_for_the_recap(tui_store, new_assessment):
    """At 80×24 the level, the actions and the finding took the whole dialog: the answers to pick
    from and the hint were cut off. They now keep their room on a short screen."""
    from textual.widgets import OptionList

    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        checked = 0
        while screen.session.current is not None and checked < 2:
            await pilot.press(*keys_for(screen.session.current))
            await pilot.pause()
            summary = app.screen
            if isinstance(summary, SummaryScreen):
                if summary.query_one("#summary-finding").display:  # a scored element: every part shown
                    recap = summary.query_one(OptionList).region
                    hint = summary.query_one("#summary-hint").region
                    assert recap.height >= 3 and recap.bottom <= 23, recap
                    assert hint.height >= 1 and hint.bottom <= 23, hint
                    checked += 1
                await pilot.press("c")
                await pilot.pause()
    assert checked == 2
