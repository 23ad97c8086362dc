"""The report's workshop parts, read back from the .docx: participants, contested answers with
the positions, each element's evidence, what still needs evidence, and the follow-ups annex."""

from __future__ import annotations

from datetime import date

import docx
from docx.text.paragraph import Paragraph
from helpers import FIXTURES

from assistant.report import write_report
from assistant.report.context import long_date
from assistant.session import Session


def headings(doc, level):
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


def table_after(doc, heading: str):
    """The first table after the paragraph ``heading`` (python-docx keeps body order in the XML)."""
    seen = False
    for child in doc.element.body.iterchildren():
        if child.tag.endswith("}p") and Paragraph(child, doc).text == heading:
            seen = True
        elif seen and child.tag.endswith("}tbl"):
            return next(t for t in doc.tables if t._tbl is child)
    raise AssertionError(f"no table after {heading!r}")


def rows(table) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in table.rows]


def workshop(store, mini, lang="en") -> str:
    with store.create("Avalon", mini.id, mini.version, lang=lang, team=["A. Expert"],
                      agencies=["Immigration"]) as a:
        aid = a.id
    s = Session.open(store, aid, str(FIXTURES))
    s.add_participant("Amina Diallo", "Immigration", role="Head of training")
    s.add_participant("Jon Moe", "Customs")
    s.add_participant("Léa Roux", "Border Police")
    s.record_attendance("2026-03-14", [p.key for p in s.participants()])
    s.record_attendance("2026-03-15", [s.participants()[0].key])
    s.set_speaker("Amina")
    s.submit("2026-03-14")
    s.submit("1")
    s.goto("training")
    s.record_positions("trn_curriculum", [{"agency": "Customs", "value": "no", "reason": "only a draft <&> exists"},
                                          {"agency": "Immigration", "value": "yes"},
                                          {"agency": "Border Police", "value": "yes"}])
    s.agree("trn_curriculum", "yes", "contested")
    s.set_confidence("trn_curriculum", "documented")
    s.park("trn_academy", "Customs", "2026-06-30")
    s.submit("?")  # trainees: don't know
    s.submit("3")  # needs analysis
    s.set_confidence("trn_method", "stated")
    s.goto("conduct")
    s.submit("yes")
    s.set_confidence("cnd_code", "observed")
    s.park(s.current.id, "Jon Moe")
    s.close()
    return aid


def render(store, mini, tmp_path, aid, lang="en") -> docx.Document:
    with store.open(aid, write=False) as a:
        path = write_report(a, mini, tmp_path / f"report-{lang}.docx", lang=lang)
    return docx.Document(str(path))


def test_the_report_reads_back_the_workshop(file_store, mini, tmp_path):
    aid = workshop(file_store, mini)
    doc = render(file_store, mini, tmp_path, aid)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert headings(doc, 1)[-1] == "Annex C: Follow-ups by owner"
    h2 = headings(doc, 2)
    assert h2.index("Workshop participants") < h2.index("Agreement and evidence") < \
        h2.index("Contested answers needing validation") < h2.index("What still needs evidence") < \
        h2.index("1.1 Training programme")

    # the methodology names the participants, their agencies and days
    today = date.today().isoformat()  # choosing the speaker marked her present today
    assert "3 participants from 3 agencies answered the questions together in workshop sessions. " \
           f"They met on 3 days: 14 March 2026; 15 March 2026; {long_date(today, 'en')}." in text
    assert "Agencies taking part: Immigration; Customs; Border Police." in text
    assert rows(table_after(doc, "Workshop participants"))[1:] == [
        ["Amina Diallo", "Immigration", "Head of training", f"2026-03-14, 2026-03-15, {today}"],
        ["Jon Moe", "Customs", "–", "2026-03-14"], ["Léa Roux", "Border Police", "–", "2026-03-14"]]

    # agreement, and each element's evidence and contested answers
    assert "The agencies settled 1 answers" not in text
    assert "The agencies settled one answer in the room: 0 by consensus, 0 by majority; 1 left contested." in text
    table = rows(table_after(doc, "Agreement and evidence"))
    assert table[1] == ["1.1", "Training programme", "Advanced", "documented (2 of 2 scored answers tagged)", "1"]
    assert table[2][1] == "Values and conduct" and table[2][3].startswith("observed (1 of 1")
    assert "The evidence behind its scored answers is mainly documented. 1 of its answers is contested and needs " \
           "validation with the agencies concerned." in text

    # contested answers with every agency's position (text escaped, kept as typed)
    contested = rows(table_after(doc, "Contested answers needing validation"))
    assert contested[1] == ["Training programme", "Is there a national curriculum?", "Yes",
                            "Customs: No (only a draft <&> exists); Immigration: Yes; Border Police: Yes"]
    evidence = rows(table_after(doc, "What still needs evidence"))
    assert evidence[1:] == [["Training programme", "How are needs identified?", "A needs analysis",
                             "Amina Diallo, Immigration"]]

    # the follow-ups annex, grouped by owner
    body = [p.text for p in doc.paragraphs]
    annex = body[body.index("Annex C: Follow-ups by owner"):]
    assert [x for x in annex if x in ("Customs", "Jon Moe", "No owner")] == ["Customs", "Jon Moe", "No owner"]
    owners = [t for t in doc.tables if [c.text for c in t.rows[0].cells] == ["Question", "Element", "Kind", "Due"]]
    assert [rows(t)[1:] for t in owners] == [
        [["Is it taught at an academy?", "Training programme", "parked", "30 June 2026"]],
        [["How are breaches handled?", "Values and conduct", "parked", "–"]],
        [["How many officers are trained each year?", "Training programme", "don't know", "–"],
         ["How mature is training overall?", "Training programme", "open", "–"],
         ["Anything else about training?", "Training programme", "open", "–"],
         ["How mature is conduct oversight?", "Values and conduct", "open", "–"]]]


def test_in_french_and_without_a_workshop(file_store, mini, tmp_path):
    aid = workshop(file_store, mini, lang="fr")
    doc = render(file_store, mini, tmp_path, aid, lang="fr")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Annexe C : Suivi par responsable" in headings(doc, 1)
    assert "Réponses contestées à valider" in headings(doc, 2)
    assert "Ils se sont réunis 3 jours : 14 mars 2026\u00a0; 15 mars 2026\u00a0; " in text
    assert rows(table_after(doc, "Réponses contestées à valider"))[1][3] == \
        "Customs : Non (only a draft <&> exists)\u00a0; Immigration : Oui\u00a0; Border Police : Oui"

    with file_store.create("Plain", mini.id, mini.version) as a:  # no workshop: none of its parts
        plain = a.id
    doc = render(file_store, mini, tmp_path, plain)
    assert "Annex C: Follow-ups by owner" not in headings(doc, 1)
    assert not {"Workshop participants", "Agreement and evidence", "Contested answers needing validation",
                "What still needs evidence"} & set(headings(doc, 2))
