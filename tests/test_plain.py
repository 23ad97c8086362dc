"""Piped plain-terminal interviews through the real `bmm` command."""

from __future__ import annotations

import json

from helpers import run_bmm


def new(env, lang="en", country="Avalon") -> str:
    out = run_bmm(["new", "--country", country, "--framework", "mini", "--lang", lang], env)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().splitlines()[-1]


def interview(env, aid, *lines):
    return run_bmm(["interview", aid, "--plain"], env, stdin="".join(line + "\n" for line in lines))


def export(env, aid) -> dict:
    out = run_bmm(["export", aid], env)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def answers(env, aid) -> dict:
    return {a["question"]: a for a in export(env, aid)["answers"]}


def test_branching_back_skip_note_and_resume(cli_env):
    aid = new(cli_env)
    out = interview(cli_env, aid,
                    "2026-03-14", "1,3",
                    "no",                       # → the "being drafted?" branch
                    "yes",                      # drafting: yes
                    ":back", ":back",           # back to the curriculum question
                    "yes",                      # → the academy branch instead
                    ":skip",                    # skip the academy question
                    ":note Annual report 2025 <&> [b]",
                    "120", "3", ":where")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "Is one being drafted?" in text
    assert "Current answer: No" in text  # shown when going back
    assert "Is it taught at an academy?" in text
    assert "Skipped: it will be offered once more at the end of this element." in text
    assert "Progress: 5 of 11 questions answered (45%)." in text
    assert text.rstrip().endswith(f"run `bmm interview {aid}` to continue.")
    got = answers(cli_env, aid)
    assert got["ctx_scope"]["value"] == ["air", "sea"]
    assert got["trn_curriculum"]["value"] == "yes"
    assert got["trn_drafting"]["value"] == "yes"  # kept, though it no longer applies
    assert got["trn_academy"]["status"] == "skipped"
    assert got["trn_trainees"] == {**got["trn_trainees"], "value": 120, "note": "Annual report 2025 <&> [b]"}
    assert got["trn_method"]["value"] == "analysis"

    # reopening continues at the next unanswered question; the skipped one comes back at the element's end
    out = interview(cli_env, aid, "2", "No comment", "yes")
    assert out.returncode == 0, out.stderr
    first_question = out.stdout.split("\n[", 1)[1]
    assert first_question.startswith("5/6] How mature is training overall?")
    assert out.stdout.index("Anything else about training?") < out.stdout.index("Is it taught at an academy?")
    assert answers(cli_env, aid)["trn_academy"]["value"] == "yes"


def test_invalid_answer_is_explained_and_asked_again(cli_env):
    aid = new(cli_env)
    out = interview(cli_env, aid, "yesterday", "2026-03-14")
    assert "Enter a date as YYYY-MM-DD or DD/MM/YYYY (for example 2026-03-14)." in out.stdout
    assert answers(cli_env, aid)["ctx_date"]["value"] == "2026-03-14"


def test_goto_and_quit(cli_env):
    aid = new(cli_env)
    out = interview(cli_env, aid, ":goto systems", "20", ":quit", "this line is never read")
    assert out.returncode == 0
    assert "== Border management information system (Information management) ==" in out.stdout
    assert "Is there a roll-out plan?" in out.stdout
    assert set(answers(cli_env, aid)) == {"sys_connected"}


def test_a_complete_interview_in_french(cli_env):
    aid = new(cli_env, lang="fr", country="Côte d'Ivoire")
    out = interview(cli_env, aid, "14/03/2026", "2", "non", "oui", "1 200", "1", "2", "Rien à signaler",
                    ":skip", "?", ":skip", "30", "non")
    assert out.returncode == 0, out.stderr
    assert "Existe-t-il un programme national ?" in out.stdout
    assert "Toutes les questions ont une réponse." in out.stdout
    assert "Encore ouvertes (1) : cnd_code (Valeurs et déontologie)" in out.stdout
    got = answers(cli_env, aid)
    assert got["trn_trainees"]["value"] == 1200
    assert got["cnd_level"]["status"] == "dont_know"
    assert got["sys_plan"]["value"] == "no"


def test_help_and_unknown_command(cli_env):
    aid = new(cli_env)
    out = interview(cli_env, aid, ":help", ":frobnicate")
    assert ":goto ELEMENT  jump to an element" in out.stdout
    assert "Unknown command :frobnicate; type :help for the list." in out.stdout


def test_hostile_text_is_kept_verbatim(cli_env):
    aid = new(cli_env)
    hostile = "<&> \"q\" [red]x[/red] {{ 7*7 }} مرحبا 🙂"
    interview(cli_env, aid, ":goto training", "yes", "yes", "5", "1", "1", hostile)
    assert answers(cli_env, aid)["trn_notes"]["value"] == hostile


def test_french_command_names_and_goto_by_id(cli_env):
    aid = new(cli_env, lang="fr")
    out = interview(cli_env, aid, ":aide", ":aller conduct", ":pourquoi", ":retour", ":quitter")
    assert out.returncode == 0
    assert "Commande inconnue" not in out.stdout
    assert out.stdout.count("Commandes :") == 1  # the help is printed once
    assert "== Valeurs et déontologie (Administration) ==" in out.stdout
    assert "Anything else" not in out.stdout and "Autre chose sur la formation ?" in out.stdout  # back
    out = interview(cli_env, aid, ":goto sys", ":quit")
    assert "Système d'information de gestion des frontières" in out.stdout


def test_undo_takes_back_the_last_answer_and_keeps_its_history(cli_env):
    aid = new(cli_env)
    out = interview(cli_env, aid, ":undo", "2026-03-14", "1,3", "no", ":undo", ":undo", "2,3", "yes", ":quit")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "There is no answer to take back." in text
    assert "Taken back: Is there a national curriculum? (No)." in text
    assert "Taken back: Which borders are in scope? (Airports, Seaports)." in text
    got = answers(cli_env, aid)
    assert got["ctx_scope"]["value"] == ["land", "sea"]  # answered again after the undo
    assert got["trn_curriculum"]["value"] == "yes"
    assert "trn_drafting" not in got
    history = [(h["action"], h.get("question")) for h in export(cli_env, aid)["history"] if h.get("question")]
    assert history == [("answer", "ctx_date"), ("answer", "ctx_scope"), ("answer", "trn_curriculum"),
                       ("undo", "trn_curriculum"), ("undo", "ctx_scope"), ("answer", "ctx_scope"),
                       ("answer", "trn_curriculum")]


def test_why_and_where_repeat_the_question_and_undo_has_a_french_name(cli_env):
    aid = new(cli_env, lang="fr")
    out = interview(cli_env, aid, "14/03/2026", ":pourquoi", ":où", ":annuler", ":quitter")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    scope = "Quelles frontières sont concernées ?"
    after_why = text.split(":pourquoi", 1)[1]
    assert scope in after_why.split(":où", 1)[0]  # asked again after the guidance
    assert scope in after_why.split(":où", 1)[1].split(":annuler", 1)[0]  # and after the progress
    assert "Réponse annulée : Quand l'évaluation a-t-elle commencé ?" in text
    assert "ctx_date" not in {q for q, a in answers(cli_env, aid).items() if a["status"] != "skipped"}
