"""The report reads naturally in every state (empty, partial, complete) and gets its facts right."""

from __future__ import annotations

import re

import docx
import pytest

from assistant import framework as fw
from assistant.engine.answers import Answer
from assistant.report import write_report
from assistant.store import memory_store

# Phrases a reader would stop at: counts that disagree with their noun, zero cases stated as news.
AWKWARD = [
    r"\b1 recommendations\b", r"\b1 rated elements\b", r"\bthe 1 \w+ elements\b", r"\b0 elements\b",
    r"\b0 of \d+ questions were\b", r"\b1 of \d+ questions were\b", r"\b1 of its \d+ questions were\b",
    r"\b0 éléments\b", r"\b1 recommandations\b", r"\b1 éléments\b", r"\b0 recommandations\b",
    r"\b1 de ses \d+ questions ont\b", r"\b1 de ses \d+ éléments sont\b", r"out of 4\b(?!\))",
]


def text_of(path) -> str:
    doc = docx.Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def report(assessment, framework, tmp_path, lang) -> str:
    try:
        path = write_report(assessment, framework, tmp_path / f"r-{lang}.docx", lang=lang)
    finally:
        assessment.close()
    return text_of(path)


def awkward(text: str) -> list[str]:
    return [m.group(0) for pat in AWKWARD for m in re.finditer(pat, text)]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_empty_assessment_says_nothing_is_rated_yet_without_zero_counts(mini, tmp_path, lang):
    store = memory_store()
    text = report(store.create("Avalon", "mini", "0.1", lang=lang), mini, tmp_path, lang)
    assert awkward(text) == []
    if lang == "en":
        assert "No element has been rated yet for Avalon" in text
        assert "This element is not rated yet" in text
        assert "lead to no recommendation" in text
        assert "None of its" in text and "has been answered yet" in text
    else:
        assert "Aucun élément n'est encore évalué pour Avalon" in text
        assert "n'est pas encore évalué" in text
        assert "ne conduisent à aucune recommandation" in text
    assert "falls below" not in text and "sous le niveau" not in text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_partial_assessment_counts_in_the_singular_where_it_should(mini, tmp_path, lang):
    store = memory_store()
    a = store.create("Avalon", "mini", "0.1", lang=lang)
    a.save(Answer("trn_curriculum", value="no"))
    a.save(Answer("trn_level", value=1))
    a.save(Answer("cnd_code", status="dont_know"))
    text = report(a, mini, tmp_path, lang)
    assert awkward(text) == []
    if lang == "en":
        assert "Only one element has been rated so far" in text
        assert "1 of its 2 elements is rated" in text
        assert "was answered “don't know”: it counts as unanswered" in text
    else:
        assert "Un seul élément est évalué à ce jour" in text
        assert "a reçu la réponse «\u00a0ne sait pas\u00a0» : elle compte comme non renseignée" in text


def test_dates_and_agencies_come_from_the_answers_and_dont_know_is_not_answered(tmp_path):
    bmm = fw.get("bmm")
    store = memory_store()
    a = store.create("Avalon", "bmm", bmm.version, lang="en", agencies=["Placeholder agency"])
    a.save(Answer("ctx_date", value="2026-02-01"))
    a.save(Answer("ctx_agencies", value="Ministry of the Interior; Border Police\nCustoms"))
    first_scored = next(q for el, q in bmm.questions() if el.id != "context" and q.dont_know)
    a.save(Answer(first_scored.id, status="dont_know"))
    text = report(a, bmm, tmp_path, "en")
    assert "1 February 2026" in text
    assert re.search(r"from (\d+ \w+ \d{4}) to \1", text) is None
    assert "Ministry of the Interior; Border Police Customs" in text
    assert "Agencies taking part: not recorded" not in text
    m = re.search(r"Of the (\d+) questions that apply, (\d+) were answered", text)
    assert m and m.group(2) == "2"  # the date and the agencies; the "don't know" is not counted
    assert "1 was answered “don't know”" in text


def test_a_form_feed_in_a_note_separates_words(mini, tmp_path):
    store = memory_store()
    a = store.create("Avalon", "mini", "0.1", lang="en")
    a.save(Answer("trn_curriculum", value="yes", note="Decree\x0c12 of 2021"))
    assert "Decree 12 of 2021" in report(a, mini, tmp_path, "en")


def test_a_country_reads_right_inside_a_sentence():
    from assistant.report.context import country_names

    assert country_names("Republic of Avalon", "en") == ("the Republic of Avalon", "the Republic of Avalon")
    assert country_names("Avalon", "en") == ("Avalon", "Avalon")
    assert country_names("République d'Avalon", "fr") == ("la République d'Avalon", "de la République d'Avalon")
    assert country_names("Royaume d'Avalon", "fr") == ("le Royaume d'Avalon", "du Royaume d'Avalon")
    assert country_names("Avalon", "fr") == ("Avalon", "d'Avalon")
    assert country_names("Ruritanie", "fr") == ("Ruritanie", "de Ruritanie")
