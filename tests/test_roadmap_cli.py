"""`bmm roadmap`: a facilitator lists, edits, adds and drops road-map rows; edits outlive the report."""

from __future__ import annotations

import json

import docx
from helpers import run_bmm


def roadmap(env, aid, *args):
    out = run_bmm(["roadmap", aid, *args], env)
    return out


def rows(env, aid, *flags) -> dict:
    out = roadmap(env, aid, "--json", *flags)
    assert out.returncode == 0, out.stderr
    return {r["key"]: r for r in json.loads(out.stdout)}


def setup(env) -> str:
    aid = run_bmm(["new", "--country", "Avalon", "--framework", "mini"], env).stdout.split()[-1]
    # curriculum "no" and code of conduct "no" trigger trn_r_curriculum and cnd_r_code
    run_bmm(["interview", aid, "--plain"], env, stdin="2026-03-14\n1\nno\nno\n10\n1\n2\nnone\nno\n1\n")
    return aid


def test_edit_add_drop_restore_and_keep_edits_across_reports(cli_env, tmp_path):
    aid = setup(cli_env)
    before = rows(cli_env, aid)
    assert {"rec:trn_r_curriculum", "rec:cnd_r_code", "rec:trn_r_needs"} <= set(before)
    assert before["rec:cnd_r_code"]["status"] == "proposed"

    hostile = "Ministère <DGPN> & co {{ 7*7 }} 🙂"
    out = roadmap(cli_env, aid, "edit", "cnd_r_code", "--owner", hostile, "--status", "agreed",
                  "--timeline", "Q2 2027")
    assert out.returncode == 0, out.stderr
    row = rows(cli_env, aid)["rec:cnd_r_code"]
    assert (row["owner"], row["status"], row["timeline"]) == (hostile, "agreed", "Q2 2027")
    assert set(row["edited"]) == {"owner", "status", "timeline"}

    added = roadmap(cli_env, aid, "add", "--text", "Validation workshop [all agencies]", "--priority", "high",
                    "--element", "training")
    assert added.returncode == 0, added.stderr
    key = added.stdout.split()[-1]
    assert rows(cli_env, aid)[key]["text"] == "Validation workshop [all agencies]"

    assert roadmap(cli_env, aid, "drop", "rec:trn_r_needs").returncode == 0
    assert "rec:trn_r_needs" not in rows(cli_env, aid)
    assert rows(cli_env, aid, "--dropped")["rec:trn_r_needs"]["dropped"] is True

    for name in ("one.docx", "two.docx"):  # regenerating the report keeps every edit
        out = run_bmm(["report", aid, "-o", str(tmp_path / name)], cli_env)
        assert out.returncode == 0, out.stderr
        cells = [c.text for t in docx.Document(tmp_path / name).tables for r in t.rows for c in r.cells]
        assert hostile in cells
        assert "Validation workshop [all agencies]" in cells
        assert not any("training needs analysis" in c for c in cells)

    assert roadmap(cli_env, aid, "restore", "trn_r_needs").returncode == 0
    assert "rec:trn_r_needs" in rows(cli_env, aid)
    assert roadmap(cli_env, aid, "reset", "cnd_r_code").returncode == 0
    assert rows(cli_env, aid)["rec:cnd_r_code"]["owner"] == before["rec:cnd_r_code"]["owner"]


def test_roadmap_errors_are_one_line(cli_env):
    aid = setup(cli_env)
    for args, code, message in [
        (["edit", "nope", "--owner", "x"], 1, "no road-map row 'nope'"),
        (["edit", "cnd_r_code"], 1, "nothing to change"),
        (["edit", "cnd_r_code", "--status", "finished"], 1, "status must be one of proposed, agreed, in_progress, done"),
        (["add", "--text", "x", "--element", "nowhere"], 1, "no element 'nowhere'"),
        (["add", "--text", "   "], 1, "a recommendation needs a text"),
    ]:
        out = roadmap(cli_env, aid, *args)
        assert out.returncode == code, (args, out.stderr)
        assert message in out.stderr and out.stderr.count("\n") == 1, out.stderr


def test_plain_listing_groups_by_horizon(cli_env):
    aid = setup(cli_env)
    out = roadmap(cli_env, aid)
    assert out.returncode == 0
    assert out.stdout.index("Short-term") < out.stdout.index("Long-term")
    assert "rec:cnd_r_code  [high] Values and conduct: Adopt a code of conduct." in out.stdout


def test_an_edit_cannot_blank_a_recommendation(cli_env):
    aid = setup(cli_env)
    out = roadmap(cli_env, aid, "edit", "cnd_r_code", "--text", "  ")
    assert out.returncode == 1 and "a recommendation needs a text" in out.stderr
    assert rows(cli_env, aid)["rec:cnd_r_code"]["text"] == "Adopt a code of conduct."
