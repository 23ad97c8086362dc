"""A framework written elsewhere: added with `bmm framework add`, used by new, interview and report.

The fixture `elsewhere/reception` is not BMM: a 3-level scale, a third language (es), its own
title and no SDG/GCM paragraph.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from docx import Document
from helpers import FIXTURES, run_bmm

from assistant import paths
from assistant.framework.loader import available, get

RECEPTION = FIXTURES / "elsewhere" / "reception"


def _docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    parts += [p.text for s in doc.sections for p in s.header.paragraphs]
    return "\n".join(parts)


@pytest.fixture
def env(cli_env, tmp_path):
    """No $BMM_PROMPTS: only the bundled frameworks and those added to the data folder."""
    cli_env.pop("BMM_PROMPTS", None)
    cli_env["BMM_CACHE"] = str(tmp_path / "cache")
    return cli_env


def test_add_new_interview_report_in_a_third_language(env, tmp_path):
    added = run_bmm(["framework", "add", str(RECEPTION)], env)
    assert added.returncode == 0, added.stderr
    home = Path(env["BMM_HOME"])
    assert (home / "frameworks" / "reception" / "services" / "shelter.yaml").is_file()
    listed = run_bmm(["framework", "list"], env).stdout
    assert "reception" in listed and "bmm" in listed  # added beside the bundled one, not instead

    new = run_bmm(["new", "--country", "Avalon", "--framework", "reception", "--lang", "es",
                   "--team", "Ana"], env)
    assert new.returncode == 0, new.stderr
    assert "not translated into it and are shown in English" in new.stderr
    aid = new.stdout.strip().splitlines()[-1]
    stored = (home / "assessments" / f"{aid}.json").read_text()
    meta = next(iter(json.loads(stored)["meta"].values()))
    assert meta["framework"] == "reception" and str(RECEPTION) not in stored  # the id only

    out = run_bmm(["interview", aid, "--plain"], env, stdin="2019\n40\nno\n3\n2\n")
    assert out.returncode == 0, out.stderr
    assert "¿En qué año actualizó el municipio su plan de acogida" in out.stdout
    assert "1) Incipiente: Las camas se buscan esa misma noche" in out.stdout

    report = tmp_path / "r.docx"
    done = run_bmm(["report", aid, "-o", str(report)], env)
    assert done.returncode == 0, done.stderr
    body = _docx_text(report)
    assert "Revisión de la capacidad de acogida: Avalon" in body  # its title, not the BMM cover
    assert "Avalon: Revisión de la capacidad de acogida (draft)" in body
    assert "border and migration" not in body.lower()
    assert "Sustainable Development Goal" not in body and "10.7" not in body
    assert "from 1 to 3" in body and "scale 1 to 3" in body and "1 to 4" not in body
    assert "out of 3" in body
    assert "2019" in body.split("\n")  # a year, as a year
    assert "2,019" not in body
    wrong = run_bmm(["report", aid, "--lang", "de"], env)
    assert wrong.returncode == 2 and "has no 'de' texts (languages: en, fr, es)" in wrong.stderr


def test_the_bmm_report_keeps_its_own_wording(env, tmp_path):
    new = run_bmm(["new", "--country", "Avalon"], env)
    aid = new.stdout.strip().splitlines()[-1]
    report = tmp_path / "r.docx"
    assert run_bmm(["report", aid, "-o", str(report)], env).returncode == 0
    body = _docx_text(report)
    assert "Border and migration management assessment of Avalon" in body
    assert "Sustainable Development Goal target 10.7" in body
    assert "from 1 to 4" in body


def test_add_refuses_an_invalid_framework_and_a_second_copy(env, tmp_path):
    broken = tmp_path / "draft-copy"  # any folder name: the copy is named by the framework's id
    shutil.copytree(RECEPTION, broken)
    (broken / "services" / "shelter.yaml").write_text("id: shelter\nquestions: !!omap []\n")
    out = run_bmm(["framework", "add", str(broken)], env)
    assert out.returncode == 1 and "shelter.yaml:2:" in out.stderr and "'!!omap'" in out.stderr
    assert not (Path(env["BMM_HOME"]) / "frameworks" / "reception").exists()
    assert not list((Path(env["BMM_HOME"]) / "frameworks").glob("*"))  # nothing half-copied
    (broken / "services" / "shelter.yaml").write_text((RECEPTION / "services" / "shelter.yaml").read_text())
    fixed = run_bmm(["framework", "add", str(broken)], env)
    assert fixed.returncode == 0 and (Path(env["BMM_HOME"]) / "frameworks" / "reception").is_dir()
    shutil.rmtree(Path(env["BMM_HOME"]) / "frameworks" / "reception")
    assert run_bmm(["framework", "add", str(RECEPTION)], env).returncode == 0
    again = run_bmm(["framework", "add", str(RECEPTION)], env)
    assert again.returncode == 2 and "add --force to replace it" in again.stderr
    assert run_bmm(["framework", "add", str(RECEPTION), "--force"], env).returncode == 0


def test_bmm_prompts_adds_a_folder_and_the_bundled_ones_stay(monkeypatch, tmp_path):
    monkeypatch.setenv("BMM_PROMPTS", str(RECEPTION.parent))
    monkeypatch.setenv("BMM_HOME", str(tmp_path / "home"))
    found = available()
    assert found["reception"] == RECEPTION.parent / "reception"
    assert found["bmm"] == paths.bundled_prompts_dir() / "bmm"
    assert get("reception").scale[-1].level == 3
    monkeypatch.setenv("BMM_PROMPTS", str(RECEPTION))  # the framework folder itself also works
    assert get("reception").id == "reception" and "reception" in available()


def test_a_stored_framework_name_is_an_id_never_a_path(monkeypatch, tmp_path):
    from assistant.errors import NotFound

    monkeypatch.setenv("BMM_HOME", str(tmp_path / "home"))
    with pytest.raises(NotFound, match="is not a framework id"):
        get(str(RECEPTION))
    with pytest.raises(NotFound, match="is not a framework id"):
        get("../elsewhere/reception")


def test_every_level_of_a_three_or_five_level_scale_has_its_own_colour():
    from assistant.report.colours import UNRATED, colour

    assert [colour(level) for level in (1, 2, 3, 4)] == ["E6A19A", "F5C98E", "B9D99F", "86BCDD"]
    for top in (3, 5):
        shades = [colour(level, top) for level in range(1, top + 1)]
        assert len(set(shades)) == top and UNRATED not in shades
        assert shades[0] == "E6A19A" and shades[-1] == "86BCDD"  # lowest red, highest blue
