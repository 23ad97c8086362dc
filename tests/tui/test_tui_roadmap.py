"""The road map screen driven with Pilot against real files: edit, add, drop, restore; the report follows."""

from __future__ import annotations

import docx
from textual.widgets import DataTable, Input, Select, Static, TextArea

from assistant import framework as fw
from assistant.analysis import analyse
from assistant.analysis import edits as edit_api
from assistant.engine.answers import Answer
from assistant.report import snapshot, write_report
from assistant.store import Store
from assistant.tui.app import create_app
from assistant.tui.interview import InterviewScreen
from assistant.tui.modals import ConfirmScreen
from assistant.tui.roadmap import RoadMapScreen, RowForm

HOSTILE = "[bold]x[/] <&> \"q\" {{ 7*7 }} \u202eRTL مرحبا 🌍 [link=http://x]y"
TRIGGERING = [  # answers that trigger the four rules of the mini framework
    Answer("ctx_date", value="2026-01-15"), Answer("ctx_scope", value=["air", "sea"]),
    Answer("trn_curriculum", value="no"), Answer("trn_trainees", value=120),
    Answer("trn_method", value="adhoc"), Answer("trn_level", value=2),
    Answer("cnd_code", status="dont_know"), Answer("sys_connected", value=30),
]


def answered(store: Store, new_assessment, lang: str = "en", **edits: dict) -> str:
    aid = new_assessment(store, lang=lang)
    with store.open(aid) as a:
        for answer in TRIGGERING:
            a.save(answer)
        for key, fields in edits.items():
            edit_api.edit(a, key, **fields)
    return aid


async def open_road_map(pilot) -> RoadMapScreen:
    await pilot.pause()
    await pilot.press("f6")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, RoadMapScreen)
    return screen


def keys(screen: RoadMapScreen) -> list[str]:
    return [a.key for a, _ in screen.rows]


def row(screen: RoadMapScreen, key: str) -> dict[str, str]:
    table = screen.query_one(DataTable)
    names = [c.key.value for c in table.ordered_columns]
    return dict(zip(names, (str(c) for c in table.get_row(key)), strict=True))


async def select(pilot, screen: RoadMapScreen, key: str) -> None:
    screen.query_one(DataTable).move_cursor(row=keys(screen).index(key))
    await pilot.pause()


def detail(screen: RoadMapScreen) -> str:
    return str(screen.query_one("#rm-detail", Static).render())


def stored_edits(store: Store, aid: str = "ruritania-0001") -> dict:
    with store.open(aid, write=False) as a:
        return a.edits()


def fresh_analysis(store: Store, aid: str = "ruritania-0001", lang: str = "en"):
    with store.open(aid, write=False) as a:
        return analyse(fw.get("mini"), a.answers(), lang, a.edits())


async def test_rows_short_term_first_then_long_term_by_priority(tui_store, new_assessment):
    aid = answered(tui_store, new_assessment)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(160, 45)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Road map (f6)" in titles  # in the command palette, with its key
        screen = await open_road_map(pilot)
        assert keys(screen) == ["rec:cnd_r_code", "rec:sys_r_rollout", "rec:trn_r_needs", "rec:trn_r_curriculum"]
        cells = row(screen, "rec:trn_r_curriculum")
        assert cells["horizon"] == "Long" and cells["priority"] == "High" and cells["status"] == "Proposed"
        assert cells["element"] == "Training programme" and cells["timeline"] == "2 to 5 years"
        assert cells["action"] == "Draft a national curriculum." and cells["owner"] == "Training directorate"
        assert "4 rows in the road map · 0 dropped" in str(screen.query_one("#rm-count", Static).render())
        await pilot.press("escape")
        assert isinstance(app.screen, InterviewScreen)
        assert app.focused.has_class("answer-input")  # back to the interview, ready to answer


async def test_columns_fit_80_columns(tui_store, new_assessment):
    aid = answered(tui_store, new_assessment)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_road_map(pilot)
        table = screen.query_one(DataTable)
        names = [c.key.value for c in table.ordered_columns]
        assert names == ["mark", "horizon", "priority", "action", "owner", "status"]  # the rest is below
        assert table.columns["action"].width >= 30
        assert sum(c.get_render_width(table) for c in table.ordered_columns) <= 78
        # the whole selected row is shown under the table
        assert "Adopt a code of conduct." in detail(screen) and "Within 12 months" in detail(screen)


async def test_edit_a_row_is_saved_and_survives_writing_the_report_twice(tui_store, new_assessment, tmp_path):
    aid = answered(tui_store, new_assessment)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_road_map(pilot)
        await select(pilot, screen, "rec:trn_r_curriculum")
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RowForm)
        assert form.query_one("#rf-owner", Input).value == "Training directorate"
        form.query_one("#rf-owner", Input).value = "National Academy <&> [b]"
        form.query_one("#rf-timeline", Input).value = "by June 2027"
        form.query_one("#rf-status", Select).value = "in_progress"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        cells = row(screen, "rec:trn_r_curriculum")
        assert cells["mark"] == "✎" and cells["status"] == "In progress"
        assert "National Academy <&> [b]" in detail(screen) and "by June 2027" in detail(screen)
        assert "edited: Owner; Timeline; Status" in detail(screen)
        # the same form with nothing changed saves nothing
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any(n.message == "Nothing changed." for n in app._notifications)
    saved = stored_edits(tui_store)["rec:trn_r_curriculum"]
    assert (saved["owner"], saved["timeline"], saved["status"]) == ("National Academy <&> [b]", "by June 2027",
                                                                   "in_progress")
    action = next(a for a in fresh_analysis(tui_store).actions if a.key == "rec:trn_r_curriculum")
    assert (action.owner, action.timeline, action.status) == ("National Academy <&> [b]", "by June 2027",
                                                              "in_progress")
    with tui_store.open(aid, write=False) as a:
        data = snapshot(a)
    for n in range(2):  # regenerating the report keeps the edit
        path = write_report(data, fw.get("mini"), tmp_path / f"report{n}.docx")
        doc = docx.Document(str(path))
        road_map = [t for t in doc.tables if any("National Academy <&> [b]" in c.text for r in t.rows for c in r.cells)]
        assert road_map, "the new owner is in a table of the report"
        rows = [[c.text for c in r.cells] for r in road_map[0].rows]
        assert any("by June 2027" in " ".join(cells) and "Draft a national curriculum." in " ".join(cells)
                   for cells in rows)  # the timeline shares a cell with the priority


async def test_add_a_row_with_hostile_text_then_delete_it(tui_store, new_assessment):
    aid = answered(tui_store, new_assessment)
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_road_map(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RowForm)
        await pilot.press("ctrl+s")  # no text: a clear message, the form stays open
        await pilot.pause()
        assert app.screen is form
        assert "needs a text" in str(form.query_one("#form-error", Static).render())
        form.query_one("#rf-text", TextArea).text = HOSTILE
        form.query_one("#rf-element", Select).value = "training"
        form.query_one("#rf-priority", Select).value = "high"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        added = [k for k in keys(screen) if k.startswith("add:")]
        assert len(added) == 1
        key = added[0]
        assert screen.selected()[0].key == key  # the new row is selected
        assert row(screen, key)["mark"] == "+"
        assert detail(screen).splitlines()[2] == HOSTILE  # the same text, markup and all
        assert "Training programme" in detail(screen)
        stored = stored_edits(tui_store)[key]
        assert stored["text"] == HOSTILE and stored["element"] == "training" and stored["priority"] == "high"
        # an added row is deleted, after a question
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert key not in keys(screen)
    assert key not in stored_edits(tui_store)


async def test_drop_a_triggered_row_then_restore_it(tui_store, new_assessment):
    aid = answered(tui_store, new_assessment, **{"rec:cnd_r_code": {"owner": "Ethics office"}})
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_road_map(pilot)
        await pilot.press("r")  # nothing dropped yet
        assert any(n.message == "No row is dropped." for n in app._notifications)
        await select(pilot, screen, "rec:cnd_r_code")
        await pilot.press("d")  # asked first: Esc keeps the row
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert "rec:cnd_r_code" in keys(screen)
        await pilot.press("d", "y")
        await pilot.pause()
        assert "rec:cnd_r_code" not in keys(screen)  # hidden
        assert "3 rows in the road map · 1 dropped" in str(screen.query_one("#rm-count", Static).render())
        assert stored_edits(tui_store)["rec:cnd_r_code"]["dropped"] is True
        assert [a.key for a in fresh_analysis(tui_store).dropped] == ["rec:cnd_r_code"]
        await pilot.press("v")  # list the dropped rows, at the end, the cursor on the first
        await pilot.pause()
        assert keys(screen)[-1] == "rec:cnd_r_code" and row(screen, "rec:cnd_r_code")["mark"] == "×"
        assert screen.selected() == (screen.rows[-1][0], True)
        await pilot.press("d")
        assert any("already dropped" in n.message for n in app._notifications)
        await pilot.press("r")
        await pilot.pause()
        assert keys(screen)[0] == "rec:cnd_r_code" and row(screen, "rec:cnd_r_code")["mark"] == "✎"
        assert "Ethics office" in row(screen, "rec:cnd_r_code")["owner"]
    edits = stored_edits(tui_store)
    assert not edits["rec:cnd_r_code"].get("dropped") and edits["rec:cnd_r_code"]["owner"] == "Ethics office"
    assert not fresh_analysis(tui_store).dropped


async def test_french_labels(tui_store, new_assessment):
    aid = answered(tui_store, new_assessment, lang="fr")
    app = create_app(tui_store, open_id=aid)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        descriptions = {b.description for b in app.screen._bindings.key_to_bindings.get("f6", [])}
        assert descriptions == {"Feuille de route"}
        screen = await open_road_map(pilot)
        table = screen.query_one(DataTable)
        headers = [str(c.label) for c in table.ordered_columns]
        assert headers == ["", "Horizon", "Priorité", "Élément", "Action prioritaire", "Responsable", "Échéance",
                           "Statut"]
        cells = row(screen, "rec:trn_r_curriculum")
        assert (cells["horizon"], cells["priority"], cells["status"]) == ("Long", "Élevée", "Proposé")
        assert cells["action"] == "Élaborer un programme national." and cells["timeline"] == "2 à 5 ans"
        assert "Responsable : Ministère de l'Intérieur" in detail(screen)
        assert {b.description for b in screen._bindings.key_to_bindings["e"]} == {"Modifier"}
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Écrivez l'action" in str(app.screen.query_one("#form-error", Static).render())
