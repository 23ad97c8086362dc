"""`bmm actionplan`: the action plan as an Excel workbook, read back with openpyxl."""

from __future__ import annotations

import openpyxl
from helpers import run_bmm
from test_report import answered

from assistant.analysis import analyse
from assistant.analysis import edits as edit_api
from assistant.report.workbook import write_workbook

HEADERS = ["No.", "Priority action", "Objective", "Element", "Lead agency", "Partners", "Phase", "Priority",
           "Indicator of completion", "Cost band", "Status", "Owner"]


def test_one_row_per_action_with_filters_frozen_header_and_edits(file_store, mini, tmp_path):
    a = answered(file_store, mini)
    edit_api.edit(a, "rec:trn_r_curriculum", owner="National Academy", status="in_progress")
    meta, answers, edits = a.meta, a.answers(), a.edits()
    a.close()
    result = analyse(mini, answers, "en", edits)
    path = write_workbook(result, meta, tmp_path / "plan.xlsx", "en")
    ws = openpyxl.load_workbook(path).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0] == HEADERS
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:L{len(rows)}"
    body = rows[1:]
    assert len(body) == len(result.actions) and [r[0] for r in body] == list(range(1, len(body) + 1))
    curriculum = next(r for r in body if r[1] == "Draft a national curriculum.")
    assert curriculum[3] == "Training programme" and curriculum[7] == "High"
    assert curriculum[6] == "18–60 months"  # long-term
    assert curriculum[10] == "In progress" and curriculum[11] == "National Academy"
    assert all(r[8] and r[9] in ("Low", "Medium", "High") for r in body)  # indicator and cost band


def test_bmm_actionplan_command_and_a_wrong_suffix(cli_env, tmp_path):
    env = dict(cli_env)
    env.pop("BMM_PROMPTS")
    assert run_bmm(["demo", "--lang", "fr", "-o", str(tmp_path / "d.docx")], env, cwd=tmp_path).returncode == 0
    r = run_bmm(["actionplan", "demo-avalon-fr", "-o", str(tmp_path / "plan.xlsx")], env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    ws = openpyxl.load_workbook(tmp_path / "plan.xlsx").active
    assert ws.cell(1, 2).value == "Action prioritaire" and ws.max_row > 10
    phases = {ws.cell(i, 7).value for i in range(2, ws.max_row + 1)}
    assert phases <= {"0 à 6 mois", "6 à 18 mois", "18 à 60 mois"} and len(phases) >= 2
    r = run_bmm(["actionplan", "demo-avalon-fr", "-o", str(tmp_path / "plan.docx")], env, cwd=tmp_path)
    assert r.returncode != 0 and "Traceback" not in r.stderr and ".xlsx" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
