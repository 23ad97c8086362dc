"""No answer without intent: each case the QA session reproduced by hand (issue 12), driven with Pilot.

Keys "typed ahead" are queued in the terminal driver all at once, as a fast typist's keys
are while the app is busy putting the next question on screen.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES
from test_tui_interview import answer_context, interview, saved, settle, texts
from textual import events
from textual.widgets import RadioButton, RadioSet, Static, TextArea

from assistant.framework import loader
from assistant.tui import guard
from assistant.tui.app import create_app
from assistant.tui.inputs import ChoiceList, LineInput, MultiList
from assistant.tui.modals import NoteScreen
from assistant.tui.summary import SummaryScreen

CHARS = {"enter": "\r", "space": " "}


def type_ahead(app, *keys: str, time: float | None = None) -> None:
    """Queue keys in the driver in one go (as typed faster than the app shows questions)."""
    for key in keys:
        name = {"%": "percent_sign", " ": "space", "-": "minus"}.get(key, key)
        event = events.Key(name, CHARS.get(key, key if len(key) == 1 else None))
        if time is not None:
            event.time = time
        event.set_sender(app)
        app._driver.send_message(event)


def error_line(app) -> str:
    return str(app.screen.query_one("#error", Static).render())


async def test_keys_typed_while_the_next_question_appears_never_answer_it(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await answer_context(pilot)
        await pilot.press("y", "y")  # curriculum, academy
        assert app.screen.session.current.id == "trn_trainees"
        # "45" Enter, and at once "3" Enter meant for nothing in particular: the 3 must not
        # pick option 3 of the next question, nor Enter send anything
        type_ahead(app, "4", "5", "enter", "3", "enter")
        await settle(pilot)
        assert app.screen.session.current.id == "trn_method"
        assert "trn_method" not in app.screen.session.interview.answers
        assert "was not used" in error_line(app)
        await pilot.press("2")  # read, then answered
        assert app.screen.session.current.id == "trn_level"
    answers = saved(tui_store, aid)
    assert answers["trn_trainees"].value == 45 and answers["trn_method"].value == "adhoc"


async def test_a_rejected_number_keeps_what_follows_in_the_same_field(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await answer_context(pilot)
        await pilot.press("y", "y")
        type_ahead(app, "4", "5", "%", "enter", *"about 40", "enter", "3")
        await settle(pilot)
        assert app.screen.session.current.id == "trn_trainees"  # nothing recorded, nothing moved on
        assert "not a percentage" in error_line(app) or "digits only" in error_line(app)
        assert isinstance(app.focused, LineInput)
    assert "trn_trainees" not in saved(tui_store, aid)


async def test_editing_keys_in_a_burst_act_where_they_were_typed(tui_store, new_assessment):
    """A fast "Ctrl+U 4 5 Enter" after a refused entry sends 45: the clear happens before the
    digits, not after them (Textual queues a binding's action behind the keys already typed)."""
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await answer_context(pilot)
        await pilot.press("y", "y")
        await pilot.press(*"about 40", "enter")
        await settle(pilot)
        assert app.screen.session.current.id == "trn_trainees"
        type_ahead(app, "ctrl+u", "4", "5", "x", "backspace", "enter")
        await settle(pilot)
        assert app.screen.session.current.id == "trn_method"
    assert saved(tui_store, aid)["trn_trainees"].value == 45


async def test_a_key_in_the_first_quarter_second_is_taken_as_typed_ahead(tui_store, new_assessment, monkeypatch):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await answer_context(pilot)  # at Pilot's speed: with no reading margin yet
        monkeypatch.setattr(guard, "REACTION", 0.25)  # from here, key times are given explicitly
        screen = app.screen
        assert isinstance(app.focused, ChoiceList)
        shown = screen.guard.shown_at
        type_ahead(app, "y", time=shown + 0.1)  # too soon to have read it
        await settle(pilot)
        assert screen.session.current.id == "trn_curriculum"
        type_ahead(app, "y", time=shown + 0.4)
        await settle(pilot)
        assert screen.session.current.id == "trn_academy"
        await pilot.press("ctrl+b")  # a question the user asked for: no reading margin
        await settle(pilot)
        assert screen.session.current.id == "trn_curriculum"
        type_ahead(app, "n", time=screen.guard.shown_at + 0.05)
        await settle(pilot)
        assert screen.session.current.id == "trn_drafting"
    assert saved(tui_store, aid)["trn_curriculum"].value == "no"


async def test_enter_twice_at_the_end_of_an_element_never_reopens_a_question(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"2026-03-14", "enter")
        type_ahead(app, "1", "enter", "enter", "2")  # tick airports, send, then a stray Enter and digit
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert app.focused is None  # the recap is not focused: Enter continues
        await pilot.press("enter")  # a deliberate Enter on the summary continues
        await settle(pilot)
        assert not isinstance(app.screen, SummaryScreen)
        assert app.screen.session.current.id == "trn_curriculum"
    answers = saved(tui_store, aid)
    assert answers["ctx_scope"].value == ["air"]
    assert answers["ctx_date"].value == "2026-03-14"
    assert "trn_curriculum" not in answers


async def test_enter_twice_on_a_summary_never_answers_the_next_question(tui_store, new_assessment):
    """Both Enters reach the app before the summary has handed back: the second is not an answer."""
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"2026-03-14", "enter")
        type_ahead(app, "1", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.pause(0.4)  # the summary is read
        type_ahead(app, "enter", "enter")  # then Enter twice at once
        await settle(pilot)
        assert not isinstance(app.screen, SummaryScreen)
        assert app.screen.session.current.id == "trn_curriculum"  # asked, not answered by the second Enter
    assert "trn_curriculum" not in saved(tui_store, aid)


@pytest.fixture
def long_lists(tmp_path, monkeypatch):
    """The mini framework with a multi-choice of nine options (eleven with the specials)."""
    root = tmp_path / "prompts"
    shutil.copytree(FIXTURES / "mini", root / "mini")
    ctx = root / "mini" / "context.yaml"
    body = ctx.read_text(encoding="utf-8")
    head, _, _ = body.partition("    options:\n")
    options = "".join(f"      - {{value: o{i}, label: {{en: Option {i}, fr: Option {i}}}}}\n" for i in range(1, 10))
    ctx.write_text(head + "    options:\n" + options, encoding="utf-8")
    monkeypatch.setenv("BMM_PROMPTS", str(Path(root)))
    loader.get.cache_clear()  # frameworks are cached by id
    yield
    loader.get.cache_clear()


async def test_two_digits_never_commit_another_option_nor_drop_the_ticks(tui_store, new_assessment, long_lists):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"2026-03-14", "enter")
        lst = app.focused
        assert isinstance(lst, MultiList) and len(lst.choices) == 11
        await pilot.press("3")  # complete at once: no option 30
        assert lst.ticked == {"o3"}
        await pilot.press("1", "enter")  # 1 waits for a second digit; Enter takes it as 1 (not sent)
        assert lst.ticked == {"o1", "o3"} and app.screen.session.current.id == "ctx_scope"
        await pilot.press("1", "5")  # 15 is no option: that is 1 (unticked) then 5
        assert lst.ticked == {"o3", "o5"}
        await pilot.press("1", "1")  # 11 is "Not applicable": highlighted, never sent over the ticks
        assert lst.ticked == {"o3", "o5"} and lst.highlighted == 10
        assert "Press Enter to answer \"Not applicable\"" in error_line(app)
        assert app.screen.session.current.id == "ctx_scope"
        await pilot.press("space")  # a second, deliberate key on the highlighted special gives it
        await settle(pilot)
    assert saved(tui_store, aid)["ctx_scope"].status == "not_applicable"


async def test_ticks_are_sent_with_enter_after_a_pending_digit(tui_store, new_assessment, long_lists):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"2026-03-14", "enter")
        await pilot.press("2", "1", "enter")  # 2 ticks at once; 1 waits, Enter ticks it
        assert app.screen.session.current.id == "ctx_scope"
        await pilot.press("enter")  # the next Enter sends both
        await settle(pilot)
    assert saved(tui_store, aid)["ctx_scope"].value == ["o1", "o2"]


async def test_a_note_goes_to_the_question_it_names(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await answer_context(pilot)
        await pilot.press("y")  # "Is there a national curriculum?" (evidence: which document?) answered
        assert app.screen.session.current.id == "trn_academy"
        await pilot.press("ctrl+n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, NoteScreen)
        buttons = [str(b.label) for b in dialog.query(RadioButton)]
        assert buttons == ["The question just answered: Is there a national curriculum?",
                           "The question now asked: Is it taught at an academy?"]
        assert dialog.query_one(RadioSet).pressed_index == 0
        assert "Which document sets it out?" in str(dialog.query_one("#note-evidence", Static).render())
        await pilot.press(*"SOP 12", "ctrl+s")
        await settle(pilot)
        assert app.screen.session.current.id == "trn_academy"  # the question asked stays asked
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.screen.query_one(TextArea).text == "SOP 12"  # its own note, to edit
        await pilot.press("shift+tab", "down", "space", "tab")  # choose the question now asked
        assert app.screen.query_one(RadioSet).pressed_index == 1
        assert app.screen.query_one(TextArea).text == ""
        await pilot.press(*"Academy list", "ctrl+s")
        await settle(pilot)
        assert any(t.startswith('Note on "Is it taught at an academy?"') for t in texts(app))
    answers = saved(tui_store, aid)
    assert answers["trn_curriculum"].note == "SOP 12"
    assert answers["trn_academy"].note == "Academy list" and not answers["trn_academy"].counts


def question_in_view(app) -> str:
    """The question asked, checked to be whole inside the visible part of the transcript."""
    screen = interview(app)
    transcript = screen.transcript
    asked = transcript.last("assistant")
    start, height = transcript.turn_lines(asked)
    top, view = round(transcript.scroll_y), transcript.scrollable_content_region.height
    assert height > 0 and top <= start and start + height <= top + view, \
        (app.size, transcript.turns[asked].text[:60], top, view, start, height)
    shown = "\n".join("".join(s.text for s in transcript.render_line(y - top)) for y in range(start, start + height))
    assert transcript.turns[asked].text.split()[1] in shown  # drawn where it is said to be
    return transcript.turns[asked].text


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 45)])
async def test_the_question_stays_whole_on_screen_after_tall_panels(tui_store, new_assessment, long_lists, size):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert "When did the assessment start?" in question_in_view(app)
        await pilot.press(*"2026-03-14", "enter")
        await settle(pilot)
        assert "Which borders are in scope?" in question_in_view(app)  # above eleven options
        await pilot.press("1", "enter", "enter")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert "Is there a national curriculum?" in question_in_view(app)  # after the tall list
        await pilot.press("n", "y", *"10", "enter", "1")
        await settle(pilot)
        assert "How mature is training overall?" in question_in_view(app)
        transcript = interview(app).transcript
        transcript.scroll_home(animate=False)  # the user reads back with the mouse wheel (anchor released)
        await settle(pilot)
        assert transcript.scroll_y < transcript.max_scroll_y
        await pilot.press("ctrl+b", "3")  # back to the method, answered again: the scale is asked again
        await settle(pilot)
        assert "How mature is training overall?" in question_in_view(app)  # above the level cards
        await pilot.press("2")
        await settle(pilot)
        assert "Anything else about training?" in question_in_view(app)  # after the cards
        await pilot.press("ctrl+b", "ctrl+b")  # back twice: the scale, then the method
        await settle(pilot)
        assert "How are needs identified?" in question_in_view(app)
        await pilot.press("ctrl+g")
        tree = interview(app).tree
        tree.move_cursor(tree._element_nodes["systems"])
        await pilot.press("enter")
        await settle(pilot)
        assert "connected" in question_in_view(app)  # after a jump
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=size) as pilot:  # and on reopening
        await settle(pilot)
        question_in_view(app)
