"""What a QA pass at 80×24 found: columns, toasts, French keys, progress, revisions, settings, scale cards."""

from __future__ import annotations

from dataclasses import replace

from test_tui_interview import answer_context, saved, settle, texts
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Select, Static
from textual.widgets._footer import FooterKey
from textual.widgets._toast import Toast

from assistant.tui.app import create_app
from assistant.tui.forms import NewAssessmentScreen
from assistant.tui.home import HomeScreen
from assistant.tui.inputs import LevelCard, ScaleCards
from assistant.tui.interview import InterviewScreen
from assistant.tui.themes import DEFAULT, HIGH_CONTRAST

LONG_TITLE = "Border and migration management assessment of the Republic of Avalon"


async def test_home_keeps_progress_and_date_on_screen_at_80_columns(tui_store, new_assessment):
    new_assessment(tui_store, country="Republic of Avalon and its Outer Islands", title=LONG_TITLE)
    app = create_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        header, row = table.render_line(0).text, table.render_line(1).text
        assert "Progress" in header and "Last edited" in header
        assert "0 %" in row and "…" in row
        updated = str(table.get_row_at(0)[4])
        assert updated in row  # the whole date and time
        assert str(table.get_row_at(0)[1]).startswith("Border and") and "Avalon" not in row
        await pilot.resize_terminal(200, 24)  # wider: the whole title comes back
        await pilot.pause()
        assert LONG_TITLE in app.screen.query_one(DataTable).render_line(1).text


async def test_toasts_are_short_and_clear_of_the_error_line(tui_store, new_assessment, monkeypatch):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press(*"not a date", "enter")
        error = app.screen.query_one("#error", Static)
        assert str(error.render())
        await pilot.press("ctrl+n", *"Decree 12", "ctrl+s")
        await settle(pilot)
        toast = app.screen.query_one(Toast)
        assert "Note saved" in str(toast.render())
        assert all(n.timeout <= 4 for n in app._notifications)
        assert not toast.region.overlaps(error.region)
        assert not toast.region.overlaps(app.screen.query_one("#answer-box").region)

        # a save that fails is said on the error line, not only in a passing toast
        def disk_full(*args, **kwargs):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr("assistant.store.storage.write_durably", disk_full)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert "No space left on device" in str(error.render())


async def test_a_french_assessment_localises_the_app_keys_and_evidence(tui_store, new_assessment):
    new_assessment(tui_store, lang="fr")
    app = create_app(tui_store)  # English interface: the assessment's language takes over when open
    async with app.run_test(size=(200, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await answer_context(pilot)
        assert isinstance(app.screen, InterviewScreen)
        keys = {k.description for k in app.screen.query(FooterKey)}
        assert {"Pourquoi ?", "Toutes les touches"} <= keys and not {"Why?", "Quit", "Contrast", "All keys"} & keys
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Contraste (f9)" in commands
        assert any("Justificatif : Quel document le définit ?" in t for t in texts(app))
        assert not any("Preuve" in t for t in texts(app))
        await pilot.press("escape")  # home again: English
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        keys = {k.description for k in app.screen.query(FooterKey)}
        assert {"Quit", "Contrast"} <= keys


async def test_interview_languages_are_named_in_their_own_language(tui_store):
    for lang in ("en", "fr"):
        app = create_app(tui_store, lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, NewAssessmentScreen)
            select = app.screen.query_one("#lang", Select)
            assert [label for label, _ in select._options] == ["English", "Français"]


async def test_the_progress_percentage_is_shown_once(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"2026-03-14", "enter", "f8")
        await settle(pilot)
        screen = app.screen
        label = "".join(str(w.render()) for w in screen.query("#progress-label, #stage"))
        assert "%" not in label  # the bar shows the percentage, once
        assert "1 of " in str(screen.query_one("#progress-label", Static).render())


async def test_a_revision_comes_back_to_the_question_the_user_was_on(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"2026-03-14", "enter")  # the date; the scope question is left open
        await pilot.press("ctrl+g")
        tree = app.screen.tree
        tree.move_cursor(tree._element_nodes["systems"])
        await pilot.press("enter", *"30", "enter")  # jump ahead to systems and answer there
        assert app.screen.session.current.id == "sys_plan"
        await pilot.press("ctrl+t", "up", "enter")  # change the date given at the start
        assert app.screen.session.current.id == "ctx_date"
        await pilot.press("ctrl+u", *"2026-04-01", "enter")
        await settle(pilot)
        # not the context's open scope question: back to where the user was, without a summary
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.session.current.id == "sys_plan"
        assert texts(app)[-1].endswith("Is there a roll-out plan?")
        await pilot.press("y")  # and the interview goes on from there
        assert app.screen.session.current.id != "sys_plan"
    assert saved(tui_store, aid)["ctx_date"].value == "2026-04-01"


async def test_a_revision_that_closes_the_current_question_moves_on(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await answer_context(pilot)
        await pilot.press("y")  # curriculum yes: the academy question is asked
        assert app.screen.session.current.id == "trn_academy"
        await pilot.press("ctrl+t", "enter")  # revise the curriculum answer: no
        await pilot.press("n")
        # the academy question no longer applies; the one the change opened is asked
        assert app.screen.session.current.id == "trn_drafting"
        await pilot.press("y")
        assert app.screen.session.current.id == "trn_trainees"


async def test_high_contrast_is_remembered_and_a_damaged_settings_file_ignored(tui_store):
    app = create_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == DEFAULT
        await pilot.press("f9")
        assert app.theme == HIGH_CONTRAST
    assert '"high-contrast"' in (tui_store.root / "settings.json").read_text()
    app = create_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == HIGH_CONTRAST
        await pilot.press("f9")
    app = create_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT
    (tui_store.root / "settings.json").write_text('{"theme": "high-', encoding="utf-8")
    app = create_app(tui_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT and app.is_running
        messages = [n.message for n in app._notifications]
        assert any("settings.json" in m and "defaults" in m for m in messages), messages
        await pilot.press("f9")  # and the next choice repairs the file
    assert '"high-contrast"' in (tui_store.root / "settings.json").read_text()


async def test_scale_descriptors_are_whole_at_80x24_and_all_levels_show_when_presenting(tui_store, new_assessment):
    aid = new_assessment(tui_store)
    app = create_app(tui_store, open_id=aid)
    words = "Mandates are set in law but overlap in places; the chain of command is written for the main posts"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        plain = screen.iv.choices
        screen.iv.choices = lambda q: [replace(c, detail=f"{c.detail}. {words}. End {c.number}.")
                                       if c.detail else c for c in plain(q)]
        await answer_context(pilot)
        await pilot.press("y", "y", *"35", "enter", "3")
        await settle(pilot)
        assert screen.session.current.id == "trn_level"
        scale = screen.query_one(ScaleCards)
        cards = list(scale.query(LevelCard))
        for i, card in enumerate(cards):
            if i:
                await pilot.press("right")
            await settle(pilot)
            assert card.has_class("-highlight")
            # the whole card, descriptor to its last word, is inside the visible list
            assert scale.region.contains_region(card.region), (i, card.region, scale.region)
            assert f"End {i + 1}." in str(card.query_one(".full", Static).render())
            assert card.region.width >= 60  # stacked, not squeezed into a quarter of the width
        await pilot.press("left", "left", "left")
        await pilot.press("f8")  # presenting: every level at once, in brief; F1 has the whole text
        await settle(pilot)
        for i, card in enumerate(cards):
            brief = card.query_one(".brief", Static)
            assert brief.display and not card.query_one(".full", Static).display
            assert scale.region.contains_region(card.region), (i, card.region, scale.region)
            assert f"End {i + 1}." not in str(brief.render()) and "Mandates" not in str(brief.render())
        assert screen.query_one(".specials").region.height  # don't know / not applicable too
        await pilot.press("f1")
        await settle(pilot)
        assert "End 4." in str(app.screen.query_one(VerticalScroll).query_one(Static).render())
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")
    assert saved(tui_store, aid)["trn_level"].value == 1
