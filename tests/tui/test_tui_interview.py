"""The interview screen driven with Pilot against real files: what a user sees and what is saved."""

from __future__ import annotations

from textual.widgets import Static

from assistant.store import Store
from assistant.tui.app import create_app
from assistant.tui.inputs import ChoiceList, LineInput, MultiList, ScaleCards, TextBox
from assistant.tui.interview import InterviewScreen
from assistant.tui.summary import SummaryScreen
from assistant.tui.themes import HIGH_CONTRAST
from assistant.tui.transcript import Transcript

HOSTILE = "[bold]x[/] <&> \"q\" {{ 7*7 }} \u202eRTL 🌍 [link=http://x]y"


def interview(app) -> InterviewScreen:
    screen = app.screen
    while not isinstance(screen, InterviewScreen):
        screen = app.screen_stack[-2]
    return screen


def texts(app) -> list[str]:
    return [t.text for t in interview(app).query_one(Transcript).turns]


async def settle(pilot) -> None:
    """Let pushed screens compose and lay out."""
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def saved(store: Store, aid: str = "ruritania-0001") -> dict:
    with store.open(aid, write=False) as a:
        return a.answers()


async def answer_context(pilot) -> None:
    await pilot.press(*"2026-03-14", "enter")  # date
    await pilot.press("1", "3", "enter")  # multi choice: airports and seaports
    await settle(pilot)
    assert isinstance(pilot.app.screen, SummaryScreen)  # end of the element
    await pilot.press("c")


async def test_the_context_summary_offers_no_level_finding_or_rewrite(tui_store, new_assessment):
    """The context part is not scored: its summary recaps the answers and continues, nothing more."""
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"2026-03-14", "enter")
        await pilot.press("1", "3", "enter")
        await settle(pilot)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        shown = " ".join(str(w.render()) for w in summary.query(Static))
        assert "Maturity level" not in shown and "Recommendations" not in shown
        assert "rewrites the finding" not in shown and "continues" in shown
        await pilot.press("e")  # no finding to rewrite: nothing opens
        await settle(pilot)
        assert app.screen is summary


async def test_walk_a_whole_element_with_every_answer_type(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, LineInput)
        await answer_context(pilot)
        # training: yes/no with a single key, a note, back, skip, number with range check, choice, scale, text
        assert isinstance(app.focused, ChoiceList)
        await pilot.press("y")
        assert app.screen.session.current.id == "trn_academy"
        await pilot.press("ctrl+b")  # back to the curriculum question
        assert app.screen.session.current.id == "trn_curriculum"
        await pilot.press("ctrl+n")
        await pilot.press(*"SOP 12 [draft]", "ctrl+s")
        await pilot.press("y")
        await pilot.press("ctrl+l")  # skip "taught at an academy?"
        assert app.screen.session.current.id == "trn_trainees"
        await pilot.press(*"20000", "enter")
        error = str(app.screen.query_one("#error", Static).render())
        assert "between 0 and 10" in error.replace(",", "")
        assert app.screen.session.current.id == "trn_trainees"
        await pilot.press("ctrl+u", *"1 200", "enter")
        await pilot.press("3")  # a needs analysis
        assert isinstance(app.focused, ScaleCards)
        await pilot.press("right", "right", "enter")  # level 3, chosen by its card
        assert isinstance(app.focused, TextBox)
        await pilot.press(*"Two academies", "enter", *"and a college", "ctrl+s")
        # the skipped question comes back at the end of the element
        assert app.screen.session.current.id == "trn_academy"
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("c")
    answers = saved(tui_store, aid)
    assert answers["ctx_date"].value == "2026-03-14"
    assert answers["ctx_scope"].value == ["air", "sea"]
    assert answers["trn_curriculum"].value == "yes"
    assert answers["trn_curriculum"].note == "SOP 12 [draft]"
    assert answers["trn_academy"].value == "no"
    assert answers["trn_trainees"].value == 1200
    assert answers["trn_method"].value == "analysis"
    assert answers["trn_level"].value == 3
    assert answers["trn_notes"].value == "Two academies\nand a college"


async def test_special_answers_on_single_keys(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await answer_context(pilot)
        await pilot.press("d")  # don't know
        await pilot.press(*"?", "enter")  # typed don't know for the number
        await pilot.press("x")  # not applicable
    answers = saved(tui_store, aid)
    assert answers["trn_curriculum"].status == "dont_know"
    assert answers["trn_trainees"].status == "dont_know"
    assert answers["trn_method"].status == "not_applicable"


async def test_quit_and_reopen_restores_transcript_and_position(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await answer_context(pilot)
        await pilot.press("y", "y", *"35", "enter")
        before = [t for t in texts(app) if t]
    assert "Recorded: 35 officers a year" in before
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        after = texts(app)
        for line in ("2026-03-14", "Airports, Seaports", "Yes", "35 officers a year"):
            assert f"Recorded: {line}" in after
        assert app.screen.session.current.id == "trn_method"
        assert after[-1].endswith("How are needs identified?")
        assert isinstance(app.focused, ChoiceList)


async def test_side_panel_jump_and_progress(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+g")
        tree = app.screen.tree
        assert app.focused is tree
        node = tree._element_nodes["systems"]
        tree.move_cursor(node)
        await pilot.press("enter")
        assert app.screen.session.current.id == "sys_connected"
        assert app.focused is not tree
        await pilot.press(*"30", "enter")
        assert "●" not in str(node.label) and "◐" in str(node.label)  # partly: the plan question opened up
        label = str(app.screen.query_one("#progress-label", Static).render())
        assert label.startswith("1 of ")


async def test_change_an_earlier_answer_from_the_transcript(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await answer_context(pilot)
        await pilot.press("y", "y", *"35", "enter")
        await pilot.press("ctrl+t")
        transcript = app.screen.transcript
        assert app.focused is transcript
        await pilot.press("up", "up")  # from "35 officers" to "Yes" (curriculum)
        await pilot.press("enter")
        assert app.screen.session.current.id == "trn_curriculum"
        await pilot.press("n")
        # the answer changed; the question it opened is asked, then back to where the user was
        assert app.screen.session.current.id == "trn_drafting"
        await pilot.press("y")
        assert app.screen.session.current.id == "trn_method"
    assert saved(tui_store, aid)["trn_curriculum"].value == "no"


async def test_clicking_an_answer_turn_revises_it(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"2026-03-14", "enter")
        transcript = app.screen.transcript
        await pilot.pause()
        reply = transcript.last("user")
        start, _ = transcript.turn_lines(reply)
        await pilot.click(transcript, offset=(transcript.size.width - 4, start - round(transcript.scroll_y)))
        assert app.screen.session.current.id == "ctx_date"


async def test_element_summary_shows_level_and_recommendations(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await answer_context(pilot)
        await pilot.press("n", "n", *"10", "enter", "1", "1", *"none", "ctrl+s")
        await settle(pilot)
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        level = str(summary.query_one("#summary-level", Static).render())
        recs = str(summary.query_one("#summary-recs", Static).render())
        assert "1 Basic" in level
        assert "Draft a national curriculum." in recs and "Run a training needs analysis." in recs
        # choose an answer in the recap to revise it, then come back to the summary
        await pilot.press("down", "enter")
        assert app.screen.session.current.id == "trn_curriculum"
        await pilot.press("y", "y")  # curriculum yes; the academy question now applies
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        recs = str(app.screen.query_one("#summary-recs", Static).render())
        assert "Draft a national curriculum." not in recs


async def test_high_contrast_theme_and_presentation_mode(tui_store, new_assessment):
    for size in ((80, 24), (160, 45)):
        aid = new_assessment(tui_store, aid=f"ruritania-{size[0]}")
        app = create_app(tui_store, open_id=aid)
        async with app.run_test(size=size) as pilot:
            await pilot.press("f9")
            assert app.theme == HIGH_CONTRAST
            await pilot.press("f8")
            screen = app.screen
            assert screen.has_class("-presentation")
            assert not screen.query_one("#side").display or not screen.query_one("#side").region.width
            assert screen.query_one("#transcript").region.height == 0
            stage = screen.query_one("#stage")
            assert "When did the assessment start?" in str(stage.render())
            assert stage.region.width >= size[0] - 10
            await pilot.press(*"2026-03-14", "enter")  # answering still works in presentation mode
            assert "Which borders are in scope?" in str(stage.render())
            assert isinstance(app.focused, MultiList)
            await pilot.press("f8", "f9")
            assert not screen.has_class("-presentation") and app.theme != HIGH_CONTRAST


async def test_user_text_is_never_markup(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    long_note = ("[b]" + "x" * 99 + "\n") * 500  # 50 KB
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_context(pilot)
        await pilot.press("ctrl+n")
        app.screen.query_one("TextArea").text = long_note
        await pilot.press("ctrl+s")
        await pilot.press("n", "n", *"10", "enter", "1", "1")
        await pilot.pause()
        app.screen.query_one(TextBox).text = HOSTILE
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)  # the recap shows it too, without crashing
        await pilot.press("c")
        assert f"Recorded: {HOSTILE.strip()}" in texts(app)
    answers = saved(tui_store, aid)
    assert answers["trn_notes"].value == HOSTILE.strip()
    assert answers["trn_curriculum"].note == long_note


async def test_long_transcripts_lay_out_only_the_latest_turns(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        transcript = app.screen.transcript
        from assistant.tui.transcript import Turn

        for i in range(600):
            transcript.add(Turn("user", f"answer {i}", "ctx_date"))
        await pilot.pause()
        assert len(transcript.turns) > 600
        laid = len(transcript.turns) - transcript.hidden
        assert laid <= transcript.window + 50  # older turns are data, not lines
        assert "earlier messages" in transcript.hidden_text()
        transcript.scroll_to(y=0, animate=False, immediate=True)
        assert "earlier messages" in "".join(s.text for s in transcript.render_line(0))  # said at the top
        transcript.focus()
        await pilot.press("pageup")
        assert len(transcript.turns) - transcript.hidden > laid


async def test_french_assessment_speaks_french(tui_store, new_assessment):
    aid = new_assessment(tui_store, lang="fr")
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"14/03/2026", "enter")
        turns = texts(app)
        assert any("Quand l'évaluation a-t-elle commencé ?" in t for t in turns)
        hint = str(app.screen.query_one("#hint", Static).render())
        assert "Entrée" in hint
        descriptions = {b.description for b in app.screen._bindings.key_to_bindings.get("ctrl+l", [])}
        assert descriptions == {"Passer"}
    assert saved(tui_store, aid)["ctx_date"].value == "2026-03-14"


async def test_keys_can_be_remapped_by_binding_id_and_are_in_the_palette(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid, keymap={"interview.skip": "f12"})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Skip (f12)" in titles and "Present (f8)" in titles and "Why? (f1)" in titles
        await pilot.press("f12")
        assert app.screen.session.current.id == "ctx_scope"
    assert saved(tui_store, aid)["ctx_date"].status == "skipped"


async def test_report_action_without_or_with_the_report_layer(tui_store, new_assessment, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    from assistant.tui import bridge

    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        if bridge.report_available():
            assert any(".docx" in m for m in messages), messages
        else:
            assert any("not installed" in m for m in messages)
        assert app.is_running  # a failing report never closes the app


async def test_a_failed_save_is_said_and_nothing_pretends_to_be_saved(tui_store, new_assessment, monkeypatch):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await answer_context(pilot)
        asked = app.screen.session.current.id

        def disk_full(*args, **kwargs):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr("assistant.store.storage.write_durably", disk_full)
        await pilot.press("y")
        await settle(pilot)
        error = str(app.screen.query_one("#error", Static).render())
        assert "could not save (No space left on device)" in error
        assert app.screen.session.current.id == asked and asked not in app.screen.session.interview.answers
        await pilot.press("ctrl+l")  # a skip that cannot be saved is refused too
        await settle(pilot)
        assert app.screen.session.current.id == asked
        monkeypatch.undo()
        await pilot.press("y")
        await settle(pilot)
    assert saved(tui_store)[asked].value == "yes"
