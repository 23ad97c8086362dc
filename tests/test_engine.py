"""The headless interview: order, branching, back, skip, go to, progress and answer checking."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.engine import Interview
from assistant.errors import InvalidAnswer


def answer(iv: Interview, *raws: str) -> None:
    for raw in raws:
        iv.record(iv.parse(raw))


def asked(iv: Interview) -> str | None:
    return iv.current.id if iv.current is not None else None


def test_questions_come_in_framework_order(mini):
    iv = Interview(mini)
    assert asked(iv) == "ctx_date"
    answer(iv, "2026-03-14", "1,3")
    assert asked(iv) == "trn_curriculum"


def test_branching_follows_the_answer(mini):
    iv = Interview(mini)
    answer(iv, "2026-03-14", "air", "yes")
    assert asked(iv) == "trn_academy"
    iv2 = Interview(mini)
    answer(iv2, "2026-03-14", "air", "no")
    assert asked(iv2) == "trn_drafting"


def test_changed_answer_keeps_but_discounts_branch_answers(mini):
    iv = Interview(mini)
    answer(iv, "2026-03-14", "air", "yes", "yes")  # curriculum yes → academy yes
    assert iv.element_progress(iv.element("training")).answered == 2
    iv.record(iv.parse("no", iv.question("trn_curriculum")), advance=False)
    assert "trn_academy" in iv.answers  # kept …
    assert not iv.is_applicable("trn_academy")  # … but no longer counts
    assert "trn_academy" not in iv.effective_answers()
    assert iv.element_progress(iv.element("training")).answered == 1
    iv.advance()
    assert asked(iv) == "trn_drafting"


def test_numeric_condition(mini):
    iv = Interview(mini)
    iv.goto("systems")
    answer(iv, "30")
    assert asked(iv) == "sys_plan"
    iv2 = Interview(mini)
    iv2.goto("systems")
    answer(iv2, "80")
    assert not iv2.is_applicable("sys_plan")


def test_back_returns_to_previous_applicable_question(mini):
    iv = Interview(mini)
    answer(iv, "2026-03-14", "air", "no")
    assert asked(iv) == "trn_drafting"
    assert iv.back().id == "trn_curriculum"  # trn_academy does not apply: not visited
    assert iv.back().id == "ctx_scope"
    assert iv.back().id == "ctx_date"
    assert iv.back() is None  # the very start: stays put
    assert asked(iv) == "ctx_date"


def test_skip_offers_once_more_at_end_of_element_then_leaves_open(mini):
    iv = Interview(mini)
    answer(iv, "2026-03-14", "air", "yes")
    assert asked(iv) == "trn_academy"
    iv.skip()
    seen = []
    while iv.current is not None and iv.element_of(iv.current.id).id == "training":
        seen.append(asked(iv))
        if asked(iv) == "trn_academy":
            iv.skip()  # second skip: left open
        else:
            answer(iv, {"trn_trainees": "10", "trn_method": "2", "trn_level": "3", "trn_notes": "ok"}[asked(iv)])
    assert seen == ["trn_trainees", "trn_method", "trn_level", "trn_notes", "trn_academy"]
    assert asked(iv) == "cnd_code"
    assert [q.id for q in iv.unanswered()] == ["trn_academy", "cnd_code", "cnd_level", "sys_connected"]
    assert iv.answers["trn_academy"].skips == 2


def test_skipping_everything_terminates(mini):
    iv = Interview(mini)
    for _ in range(100):
        if iv.current is None:
            break
        iv.skip()
    assert iv.current is None
    assert iv.progress().answered == 0


def test_goto_wraps_round_to_earlier_open_questions(mini):
    iv = Interview(mini)
    iv.goto("conduct")
    assert asked(iv) == "cnd_code"
    answer(iv, "no", "2")
    assert asked(iv) == "sys_connected"
    answer(iv, "90")
    assert asked(iv) == "ctx_date"  # wrapped round to what is still open
    with pytest.raises(KeyError):
        iv.goto("nowhere")


def test_goto_a_finished_element_reviews_its_first_question(mini):
    iv = Interview(mini)
    iv.goto("conduct")
    answer(iv, "no", "2")
    assert iv.goto("conduct").id == "cnd_code"


def test_progress_per_element_component_and_overall(mini):
    iv = Interview(mini)
    answer(iv, "2026-03-14", "dk", "yes", "na")
    assert iv.element_progress(iv.element("context")).state == "done"
    training = iv.element_progress(iv.element("training"))
    assert (training.answered, training.applicable, training.state) == (2, 6, "partly")
    assert iv.component_progress("admin").applicable == 6 + 2  # trn_breaches hidden until cnd_code = yes
    assert iv.element_progress(iv.element("conduct")).state == "not_started"
    total = iv.progress()
    assert (total.answered, total.applicable) == (4, 2 + 6 + 2 + 1)


def test_note_is_kept_when_the_answer_comes(mini):
    iv = Interview(mini)
    iv.annotate("see SOP 12 <&> 🙂")
    assert asked(iv) == "ctx_date"  # a note does not move the interview
    answer(iv, "2026-03-14")
    assert iv.answers["ctx_date"].note == "see SOP 12 <&> 🙂"
    assert iv.answers["ctx_date"].value == "2026-03-14"


@pytest.mark.parametrize(
    "qid, raw, lang, value",
    [
        ("trn_curriculum", "Y", "en", "yes"),
        ("trn_curriculum", "oui", "fr", "yes"),
        ("trn_curriculum", "2", "en", "no"),
        ("trn_method", "A needs analysis", "en", "analysis"),
        ("trn_method", "demandes ponctuelles", "fr", "adhoc"),
        ("trn_method", "adhoc", "en", "adhoc"),
        ("ctx_scope", "3, 1", "en", ["air", "sea"]),
        ("ctx_scope", "Seaports; land crossings", "en", ["land", "sea"]),
        ("trn_level", "Established", "en", 3),
        ("trn_level", "etabli", "fr", 3),
        ("trn_trainees", "1,200", "en", 1200),
        ("trn_trainees", "1 200", "fr", 1200),
        ("sys_connected", "42,5", "fr", 42.5),
        ("sys_connected", "40%", "en", 40),
        ("ctx_date", "14/03/2026", "en", "2026-03-14"),
        ("trn_notes", "  multi\x07 line\x0c note <&> [b]x[/b] 🙂  ", "en", "multi line note <&> [b]x[/b] 🙂"),
    ],
)
def test_answers_are_normalised(mini, qid, raw, lang, value):
    iv = Interview(mini, lang=lang)
    a = iv.parse(raw, iv.question(qid))
    assert (a.status, a.value) == ("answered", value)


@pytest.mark.parametrize(
    "qid, raw, lang, status",
    [
        ("trn_curriculum", "3", "en", "dont_know"),
        ("trn_curriculum", "4", "en", "not_applicable"),
        ("trn_curriculum", "dk", "en", "dont_know"),
        ("trn_trainees", "?", "en", "dont_know"),
        ("trn_trainees", "sans objet", "fr", "not_applicable"),
        ("ctx_scope", "5", "en", "dont_know"),
    ],
)
def test_special_answers(mini, qid, raw, lang, status):
    iv = Interview(mini, lang=lang)
    assert iv.parse(raw, iv.question(qid)).status == status


@pytest.mark.parametrize(
    "qid, raw, lang, message",
    [
        ("trn_curriculum", "maybe", "en", "Answer yes or no (1 or 2), or Don't know / Not applicable."),
        ("trn_curriculum", "peut-être", "fr", "Répondez oui ou non (1 ou 2), ou Ne sait pas / Sans objet."),
        ("trn_method", "9", "en", "'9' is not one of the options: choose a number 1–5."),
        ("trn_level", "7", "en", "Choose a level from 1 to 4, or Don't know / Not applicable."),
        ("trn_trainees", "12.5", "en", "Enter a whole number between 0 and 10000."),
        ("trn_trainees", "-3", "en", "Enter a whole number between 0 and 10000."),
        ("trn_trainees", "lots", "fr", "Saisissez un nombre entier entre 0 et 10000. Écrivez-le en chiffres seulement, "
         "par exemple 40 (ni 1e3, ni « environ 40 ») ; précisez dans une note."),
        ("ctx_date", "31/02/2026", "en", "There is no such date (31/02/2026). Enter a date as YYYY-MM-DD or DD/MM/YYYY."),
        ("ctx_date", "01/01/2099", "en", "01/01/2099: check the year; dates from 1900 to "
         f"{date.today().year + 30} are accepted."),
        ("ctx_date", "14-03-2026", "en", "Enter a date as YYYY-MM-DD or DD/MM/YYYY (for example 2026-03-14)."),
        ("ctx_date", "dk", "en", "\"Don't know\" is not offered for this question."),
        ("ctx_scope", "1, 5", "en", "\"Don't know\" cannot be combined with other options."),
        ("ctx_scope", "1, 4", "en", "\"None of these\" cannot be combined with other options."),
        ("trn_notes", "   ", "en", "Please type an answer, or :skip to come back to it later."),
    ],
)
def test_invalid_answers_get_a_clear_message(mini, qid, raw, lang, message):
    iv = Interview(mini, lang=lang)
    with pytest.raises(InvalidAnswer) as exc:
        iv.parse(raw, iv.question(qid))
    assert str(exc.value) == message


@pytest.mark.parametrize("raw", ["1e3", "about 40", "40-50", "inf", "nan", "0x10", "45%", "45 %"])
def test_numbers_are_never_guessed_at(mini, raw):
    """Scientific notation, approximations and a stray % are refused, not read as some number."""
    iv = Interview(mini)
    with pytest.raises(InvalidAnswer) as exc:
        iv.parse(raw, iv.question("trn_trainees"))
    message = str(exc.value)
    assert "between 0 and 10000" in message
    if "%" in raw:
        assert message.startswith("This asks for a number of officers a year, not a percentage")
    else:
        assert "digits only" in message


def test_a_percentage_is_asked_and_given_plainly(mini):
    iv = Interview(mini)
    q = iv.question("trn_trainees").model_copy(
        update={"unit": {"en": "per cent of staff", "fr": "pour cent du personnel"}, "max": 100, "integer": False})
    assert [iv.parse(raw, q).value for raw in ("45", "45%", "45 %", "12.5 per cent of staff")] == [45, 45, 45, 12.5]
    with pytest.raises(InvalidAnswer) as exc:
        iv.parse("about 45", q)
    assert "This asks for a percentage: type the number alone or with %, for example 45 or 45%." in str(exc.value)
    assert Interview(mini, lang="fr").parse("45,5 %", q).value == 45.5


def test_structured_values_are_checked_too(mini):
    iv = Interview(mini)
    assert iv.parse_value(["sea", "air"], iv.question("ctx_scope")).value == ["air", "sea"]
    assert iv.parse_value(3, iv.question("trn_level")).value == 3
    with pytest.raises(InvalidAnswer):
        iv.parse_value("bogus", iv.question("trn_method"))


def test_unusual_input_is_handled(mini):
    iv = Interview(mini)
    with pytest.raises(InvalidAnswer):
        iv.parse("፩", iv.question("trn_curriculum"))  # an Ethiopic numeral is not an option number
    assert iv.parse("٣", iv.question("trn_level")).value == 3  # Arabic-Indic digits are
    assert iv.parse("bad \udcff byte", iv.question("trn_notes")).value == "bad \ufffd byte"


def test_multi_choice_label_with_a_comma(mini):
    from assistant.framework.models import Option

    q = mini.context.questions[1]
    opts = [*q.options, Option(value="rivers", label={"en": "Lakes, rivers", "fr": "Lacs, rivières"})]
    iv_q = q.model_copy(update={"options": opts})
    iv = Interview(mini)
    assert iv.parse("Lakes, rivers", iv_q).value == ["rivers"]
    assert iv.parse("air, sea", iv_q).value == ["air", "sea"]
