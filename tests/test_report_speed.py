"""What makes a report fast, held without timing anything: the caches it keeps (template clean-up,
validated framework) are used when current and ignored when damaged, stale or tampered with; the
shortcuts give the same document as the long way; `bmm report` loads no YAML parser and leaves
the collector as it found it."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docxtpl import DocxTemplate
from helpers import FIXTURES, run_bmm

from assistant import framework as fw
from assistant.engine.answers import Answer
from assistant.errors import BmmError
from assistant.report import write_report
from assistant.report.render import _Template


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BMM_CACHE", str(folder))
    return folder


@pytest.fixture
def answered(file_store):
    a = file_store.create("Avalon", "mini", "0.1", title="", lang="en", team=["A. Expert"])
    for ans in [Answer("ctx_date", value="2026-01-15"),
                Answer("trn_curriculum", value="no", note="Decree 12\nsecond line\tafter a tab"),
                Answer("trn_trainees", value=120), Answer("trn_level", value=2)]:
        a.save(ans)
    yield a
    a.close()


def _report(assessment, mini, out: Path) -> Path:
    return write_report(assessment, mini, out, lang="en")


def _body(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode()


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "templates").glob("*.json"))


def test_the_template_clean_up_is_kept_and_gives_the_same_document(answered, mini, tmp_path, cache):
    first = _body(_report(answered, mini, tmp_path / "a.docx"))
    (entry,) = _entries(cache)  # the body's clean-up; headers and footers are too small to keep
    doc = json.loads(entry.read_text())
    assert "{%" in doc["xml"] and "{%p" not in doc["xml"]  # docxtpl's form: paragraph tags unwrapped
    second = _body(_report(answered, mini, tmp_path / "b.docx"))
    assert second == first
    assert "second line" in second and "<w:br/>" in second and "<w:tab/>" in second  # \n and \t as Word shows them


@pytest.mark.parametrize("damage", ["garbage", "other text, old checksum", "empty object", "not utf-8"])
def test_a_damaged_template_entry_is_ignored_and_rewritten(answered, mini, tmp_path, cache, damage):
    good = _body(_report(answered, mini, tmp_path / "a.docx"))
    (entry,) = _entries(cache)
    doc = json.loads(entry.read_text())
    if damage == "garbage":
        entry.write_text("{not json")
    elif damage == "other text, old checksum":
        entry.write_text(json.dumps({**doc, "xml": doc["xml"].replace("Avalon", "Atlantis") + "<w:p/>"}))
    elif damage == "empty object":
        entry.write_text("{}")
    else:
        entry.write_bytes(b"\xff\xfe\x00garbage")
    assert _body(_report(answered, mini, tmp_path / "b.docx")) == good
    assert json.loads(entry.read_text()) == doc  # written again, whole


def test_the_template_cache_keeps_a_bounded_number_of_private_entries(answered, mini, tmp_path, cache):
    import os
    import stat

    from assistant.report import xmlcache

    folder = cache / "templates"
    folder.mkdir(parents=True)
    for i in range(xmlcache.KEEP + 8):  # older entries, of templates used once
        (folder / f"{i:040x}.json").write_text("{}")
        os.utime(folder / f"{i:040x}.json", (1_000_000 + i, 1_000_000 + i))
    _report(answered, mini, tmp_path / "a.docx")
    kept = _entries(cache)
    assert len(kept) == xmlcache.KEEP
    (newest,) = [p for p in kept if json.loads(p.read_text())]  # the one just written stays
    assert stat.S_IMODE(newest.stat().st_mode) == 0o600
    assert not list(folder.glob(".*.tmp"))


def test_a_tampered_template_entry_still_renders_in_the_sandbox(answered, mini, tmp_path, cache):
    """An entry rewritten with a matching checksum is template text like any --template: what the
    sandbox refuses in a template, it refuses there too."""
    import hashlib

    _report(answered, mini, tmp_path / "a.docx")
    (entry,) = _entries(cache)
    doc = json.loads(entry.read_text())
    hostile = doc["xml"].replace("</w:body>", "{% include '/etc/passwd' %}</w:body>", 1)
    assert hostile != doc["xml"]
    doc.update(xml=hostile, sha256=hashlib.sha256(hostile.encode()).hexdigest())
    entry.write_text(json.dumps(doc))
    with pytest.raises(BmmError, match="include"):
        _report(answered, mini, tmp_path / "b.docx")
    assert not (tmp_path / "b.docx").exists()


def test_a_cache_folder_that_cannot_be_written_only_costs_time(answered, mini, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("BMM_CACHE", str(blocker))
    fw.get.cache_clear()
    try:
        assert "Avalon" in _body(_report(answered, mini, tmp_path / "a.docx"))
    finally:
        fw.get.cache_clear()


def test_the_listing_shortcut_gives_what_docxtpl_gives():
    """Tabs, line, paragraph and page breaks in rendered text: only paragraphs holding one are
    rewritten, and the result is docxtpl's own, character for character."""
    run = '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'
    para = '<w:p><w:pPr><w:pStyle w:val="Body"/></w:pPr>{}</w:p>'
    texts = ["plain", "a\tb", "line1\nline2", "bell\aafter", "page\fbreak", "none here", "two\n\truns"]
    xml = "".join(para.format(run.format(t) + run.format("x")) for t in texts)
    xml += "<w:tbl><w:tr><w:tc>" + para.format(run.format("in a\ncell")) + "</w:tc></w:tr></w:tbl>"
    tpl = object.__new__(_Template)  # resolve_listing reads nothing of the document
    assert _Template.resolve_listing(tpl, xml) == DocxTemplate.resolve_listing(tpl, xml)
    assert _Template.resolve_listing(tpl, para.format(run.format("plain"))) == para.format(run.format("plain"))


def test_the_fast_zip_holds_the_same_parts_as_python_docx_writes(answered, mini, tmp_path, cache, monkeypatch):
    import re

    from assistant.report import docxzip

    fast = _report(answered, mini, tmp_path / "fast.docx")
    monkeypatch.setattr(docxzip, "_fast_path", lambda tpl: False)  # python-docx's own save
    usual = _report(answered, mini, tmp_path / "usual.docx")
    with zipfile.ZipFile(fast) as a, zipfile.ZipFile(usual) as b:
        assert a.namelist() == b.namelist() and "word/media/image1.png" in a.namelist()
        for name in a.namelist():
            mine, theirs = a.read(name), b.read(name)
            if name == "docProps/core.xml":  # written a moment apart
                mine, theirs = (re.sub(rb"<dcterms:(created|modified)[^<]*<", b"", x) for x in (mine, theirs))
            assert mine == theirs, name
        assert {i.compress_type for i in a.infolist()} == {zipfile.ZIP_DEFLATED}
        assert a.testzip() is None


def test_a_corrupt_framework_cache_is_ignored_and_rewritten(tmp_path, cache):
    """(A YAML edit is seen at once: tests/test_framework.py, the cache follows file changes.)"""
    fw.get.cache_clear()
    try:
        first = fw.get("mini", str(FIXTURES))
        (entry,) = sorted((cache / "frameworks").glob("mini-*.json"))
        good = entry.read_bytes()
        for damage in (b"{not json", b"{}", good.replace(b'"mini"', b'"Mini Bad"', 1), b""):
            entry.write_bytes(damage)
            fw.get.cache_clear()
            assert fw.get("mini", str(FIXTURES)) == first
            assert entry.read_bytes() == good
    finally:
        fw.get.cache_clear()


def test_bmm_report_leaves_the_collector_on(cli_env, tmp_path, monkeypatch):
    from assistant.cli import main

    monkeypatch.setenv("BMM_HOME", cli_env["BMM_HOME"])
    monkeypatch.setenv("BMM_PROMPTS", cli_env["BMM_PROMPTS"])
    r = run_bmm(["new", "--country", "Avalon", "--framework", "mini"], cli_env)
    aid = r.stdout.strip().splitlines()[-1]
    assert gc.isenabled()
    assert main(["report", aid, "-o", str(tmp_path / "r.docx")]) == 0
    assert gc.isenabled() and (tmp_path / "r.docx").is_file()


def test_bmm_report_loads_no_yaml_parser_when_the_framework_is_cached(cli_env, tmp_path):
    cli_env["BMM_CACHE"] = str(tmp_path / "cache")
    r = run_bmm(["new", "--country", "Avalon", "--framework", "mini"], cli_env)  # fills the cache
    aid = r.stdout.strip().splitlines()[-1]
    code = ("import sys\nfrom assistant.cli import main\n"
            f"code = main(['report', {aid!r}, '-o', {str(tmp_path / 'r.docx')!r}])\n"
            "print(code, sorted(m for m in sys.modules if m.startswith('ruamel')))\n")
    out = subprocess.run([sys.executable, "-c", code], env=cli_env, capture_output=True, text=True, timeout=120,
                         cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "0 []"
