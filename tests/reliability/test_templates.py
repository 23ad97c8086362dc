"""Hostile report templates: each attack is refused with one line, nothing is written (finding 1)."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from assistant.errors import BmmError
from assistant.paths import templates_dir
from assistant.report.check import template_problems
from assistant.store import Store

TARGET = "victim.json"

ATTACKS = {
    "chart.tpl.save": "{{ chart.tpl.save('%(target)s') }}",
    "chart.tpl.docx.save": "{{ chart.tpl.docx.save('%(target)s') }}",
    "attr filter": "{{ (chart|attr('tpl')).save('%(target)s') }}",
    "class walk": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "str.format walk": "{{ '{0.__class__}'.format(chart) }}",
    "method of data": "{{ doc.update({'x': 1}) }}",
    "nested range loops": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "huge repeat": "{{ 'A' * 10 ** 9 }}",
    "doubling": "{% set ns = namespace(s='A' * 1000) %}" + "{% set ns.s = ns.s ~ ns.s %}" * 25,
    "huge width": "{{ 'x'|center(10 ** 9) }}",
    "huge replace": "{% set a = 'A' * 100000 %}{{ a|replace('A', a) }}",
    "huge % width": "{{ '%*d' % (10 ** 9, 1) }}",
    "lists of lists": "{{ ([range(100000)] * 4000)|map('list')|list|length }}",
    "include": "{% include 'other.docx' %}",
    "import": "{% import 'macros' as m %}",
    "extends": "{% extends 'base' %}",
    "recursion": "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}",
}  # fmt: skip


def hostile(tmp_path: Path, text: str, name: str = "hostile_en.docx") -> Path:
    path = tmp_path / name
    shutil.copy(templates_dir() / "report_en.docx", path)
    d = docx.Document(str(path))
    d.add_paragraph(text)
    d.save(str(path))
    return path


@pytest.fixture
def victim(tmp_path) -> Path:
    path = tmp_path / TARGET
    path.write_text('{"precious": true}')
    return path


@pytest.mark.parametrize("attack", ATTACKS)
def test_validate_refuses_each_attack_and_writes_nothing(attack, tmp_path, victim):
    template = hostile(tmp_path, ATTACKS[attack].replace("%(target)s", str(victim)))
    before = sorted(p.name for p in tmp_path.iterdir())
    problems = template_problems([template])
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{template}: template error"), problems
    assert "\n" not in problems[0]
    assert victim.read_text() == '{"precious": true}'
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_bmm_validate_on_a_writing_template_fails_and_writes_nothing(bmm, cli_env, tmp_path, victim):
    template = hostile(tmp_path, ATTACKS["chart.tpl.save"].replace("%(target)s", str(victim)))
    r = bmm(["validate", str(template)], cli_env)
    assert r.returncode in (1, 2), r.stdout  # a problem found (validate exits 2)
    assert "OK" not in r.stdout and "template error" in r.stdout
    assert "Traceback" not in r.stderr
    assert victim.read_text() == '{"precious": true}'


def test_report_with_a_hostile_template_leaves_data_and_output_untouched(bmm, cli_env, tmp_path):
    r = bmm(["new", "--country", "Avalon", "--framework", "mini"], cli_env)
    aid = r.stdout.strip().splitlines()[-1]
    data = Path(cli_env["BMM_HOME"]) / "assessments" / f"{aid}.json"
    saved = data.read_bytes()
    template = hostile(tmp_path, ATTACKS["chart.tpl.docx.save"].replace("%(target)s", str(data)))
    out = tmp_path / "report.docx"
    r = bmm(["report", aid, "--template", str(template), "-o", str(out)], cli_env)
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and "template error" in r.stderr, r.stderr
    assert data.read_bytes() == saved
    assert not out.exists()


def test_plain_data_features_still_render(file_store: Store, mini, tmp_path):
    """Loops, filters, the allowed methods and the chart all still work in a custom template."""
    from assistant.report.build import write_report

    text = ("{{ doc.country|upper }}|{% for c in components %}{{ loop.index }}{% endfor %}|"
            "{{ doc.country.lower() }}|{{ ', '.join(['a', 'b']) }}|{{ doc.items()|list|length > 0 }}|"
            "{% set ns = namespace(n=0) %}{% for x in range(3) %}{% set ns.n = ns.n + x %}{% endfor %}{{ ns.n }}")
    template = hostile(tmp_path, text)
    a = file_store.create("Avalon", mini.id, mini.version)
    out = write_report(a, mini, tmp_path / "r.docx", template=template)
    a.close()
    last = docx.Document(str(out)).paragraphs[-1].text
    assert last == "AVALON|12|avalon|a, b|True|3"  # the mini framework has two components
    with pytest.raises(BmmError, match="template error"):
        write_report(file_store.open(a.id, write=False), mini, tmp_path / "r2.docx",
                     template=hostile(tmp_path, "{{ doc.country.format() }}", "f_en.docx"))


ESCAPES = [
    "{% for x in [1] %}{{ loop.__class__.__init__.__globals__ }}{% endfor %}",
    "{{ cycler.__init__.__globals__ }}", "{{ joiner.__call__ }}", "{{ namespace.__init__ }}",
    "{{ range.__self__ }}", "{{ dict.fromkeys([1]) }}", "{{ self.__class__ }}", "{{ self._TemplateReference__context }}",
    "{{ 'x'.format_map({}) }}", "{{ 'x'.encode() }}", "{{ [].append(1) }}", "{{ {}.update(a=1) }}",
    "{{ {}.pop('a', 1) }}", "{{ 'x'.ljust(10 ** 9) }}", "{{ (1).__class__ }}", "{{ lipsum() }}",
]  # fmt: skip


@pytest.mark.parametrize("source", ESCAPES)
def test_nothing_but_data_is_reachable(source):
    """Straight through the environment: each walk out of the data is refused."""
    from jinja2 import TemplateError

    from assistant.report.render import jinja_env

    with pytest.raises(TemplateError):
        jinja_env().from_string(source).render(doc={"country": "Avalon"})
