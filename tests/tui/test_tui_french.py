"""Every word in the assessment's language: home and form (F2, remembered), Textual's own texts, plurals, dates."""

from __future__ import annotations

import json

from test_tui_interview import settle, texts
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, Static

from assistant.tui.app import create_app
from assistant.tui.forms import NewAssessmentScreen
from assistant.tui.home import HomeScreen


async def test_the_interface_language_is_chosen_on_the_home_screen_and_remembered(tui_store):
    app = create_app(tui_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Border and Migration" in str(app.screen.query_one("#topbar", Static).render())
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert str(app.screen.query_one("#topbar", Static).render()).startswith("Évaluation de la gestion")
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewAssessmentScreen)
        assert app.screen.query_one("#country", Input).placeholder != ""
        assert "Nouvelle" in str(app.screen.query_one(".dialog-title").render()) or app.screen.lang == "fr"
    assert json.loads((tui_store.root / "settings.json").read_text())["lang"] == "fr"
    app = create_app(tui_store)  # the next session opens in French
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert str(app.screen.query_one("#topbar", Static).render()).startswith("Évaluation de la gestion")


async def test_textual_own_texts_plurals_and_dates_are_french(tui_store, new_assessment):
    aid = new_assessment(tui_store, lang="fr")
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*"14/03/2026", "enter")
        assert "Enregistré : 14/03/2026" in texts(app)  # echoed as typed, in the French order
        label = str(app.screen.query_one("#progress-label", Static).render())
        assert label.startswith("1 question sur ") and label.endswith(" répondue")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Passer (^l)" in titles and "Touches" in titles and "Thème" in titles and "Quitter" in titles
        assert not {"Keys", "Theme", "Quit", "Maximize"} & set(titles)
        await pilot.press("ctrl+p")
        await settle(pilot)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        assert palette.query_one(Input).placeholder == "Rechercher une commande…"
        await pilot.press(*"zzqx")  # nothing matches: said in French, not Textual's English
        await pilot.pause(0.8)
        shown = [str(o.prompt.renderable) if hasattr(o.prompt, "renderable") else str(o.prompt)
                 for o in palette.query_one(CommandList).options]
        assert shown == ["Aucune commande ne correspond"], shown
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+c")
        await settle(pilot)
        assert any(n.message == "Appuyez sur ^q pour quitter." for n in app._notifications), \
            [n.message for n in app._notifications]
