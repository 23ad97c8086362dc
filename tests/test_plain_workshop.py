"""Running a workshop from the plain interview, and `bmm followups`, through the real `bmm` command."""

from __future__ import annotations

import json

from helpers import run_bmm


def new(env, lang="en") -> str:
    out = run_bmm(["new", "--country", "Avalon", "--framework", "mini", "--lang", lang,
                   "--agency", "Immigration", "--agency", "Customs"], env)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().splitlines()[-1]


def interview(env, aid, *lines):
    out = run_bmm(["interview", aid, "--plain"], env, stdin="".join(line + "\n" for line in lines))
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stdout + out.stderr
    return out.stdout


def exported(env, aid) -> dict:
    out = run_bmm(["export", aid], env)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def answers(env, aid) -> dict:
    return {a["question"]: a for a in exported(env, aid)["answers"]}


ROSTER = (":add Amina Diallo, Immigration, Head of training", ":add Jon Moe, customs",
          ":add", "Léa Roux", "Border Police")


def test_roster_and_speaker(cli_env):
    aid = new(cli_env)
    out = interview(cli_env, aid, ":speaker", *ROSTER, ":add Zed", ":roster", ":speaker Nobody",
                    ":speaker lea", "2026-03-14", ":speaker Jon", "1")
    assert "No speaker is set: answers are recorded under" in out
    assert "Added Jon Moe (Customs) to the roster." in out  # spelt as the assessment spells it
    assert "Name: Léa Roux" in out and "Added Léa Roux (Border Police) to the roster." in out
    assert "Type :add NAME, AGENCY[, ROLE]" in out  # :add Zed has no agency
    assert "  1. Amina Diallo, Immigration (Head of training)\n  2. Jon Moe, Customs\n  3. Léa Roux, Border Police" in out
    assert "'Nobody' is not on the roster (Amina Diallo; Jon Moe; Léa Roux); add them first" in out
    assert "Speaker: Léa Roux (Border Police)." in out
    got = answers(cli_env, aid)
    assert (got["ctx_date"]["who"], got["ctx_date"]["agency"]) == ("Léa Roux", "Border Police")
    assert (got["ctx_scope"]["who"], got["ctx_scope"]["agency"]) == ("Jon Moe", "Customs")
    out = interview(cli_env, aid, ":speaker", ":roster")  # reopened: the speaker is remembered
    assert "Speaker: Jon Moe (Customs)." in out and "  2. Jon Moe, Customs  (speaking)" in out


def test_positions_agreement_and_dissent(cli_env):
    aid = new(cli_env)
    out = interview(cli_env, aid, *ROSTER, ":goto training",
                    ":position", ":position Navy yes", ":position Customs 7",
                    ":position Customs 2 only a draft exists", ":position Border Police yes", ":why",
                    ":agree consensus", ":agree majority", ":agree unanimous",
                    ":position Immigration 1 academy syllabus", ":agree majority",
                    ":agree contested", "5000", "1", ":agree contested", "abc", "5000",
                    ":agree consensus", ":skip", "3")  # skipped: the next answer is an ordinary one
    assert "Type :position AGENCY OPTION [reason]" in out
    assert "'Navy' is not an agency of this workshop (Immigration; Customs; Border Police)" in out
    assert "'7' is not an answer to this question. Answer yes or no (1 or 2)" in out
    assert "Recorded for Border Police: Yes. Positions so far: No: 1 (Customs); Yes: 1 (Border Police)" in out
    assert "   Positions: No: 1 (Customs); Yes: 1 (Border Police)\n" in out  # under the question, asked again
    assert "The agencies hold different positions" in out
    assert "The positions are tied (No: 1 (Customs); Yes: 1 (Border Police)): give the agreed answer as well." in out
    assert "Type :agree consensus, :agree majority or :agree contested" in out
    assert "Saved as majority: Yes." in out
    assert "Dissent kept: Customs: No (only a draft exists)" in out
    assert "Type the agreed answer: it will be saved as contested." in out
    assert "Saved as contested: Yes." in out  # after a wrong answer, still waiting for the agreed one
    assert "Saved as contested: 5000 officers a year." in out
    got = answers(cli_env, aid)
    cur = got["trn_curriculum"]
    assert (cur["value"], cur["agreement"]) == ("yes", "majority")
    assert {(p["agency"], p["value"], p["reason"]) for p in cur["positions"]} == {
        ("Customs", "no", "only a draft exists"), ("Border Police", "yes", ""), ("Immigration", "yes", "academy syllabus")}
    assert got["trn_academy"]["agreement"] == "contested" and got["trn_trainees"]["value"] == 5000
    assert got["trn_level"]["value"] == 3 and "agreement" not in got["trn_level"]

    analysis = json.loads(run_bmm(["analyse", aid, "--json"], cli_env).stdout)
    training = next(e for e in analysis["elements"] if e["id"] == "training")
    assert training["contested"] == 2 and training["contested_questions"] == ["trn_academy", "trn_trainees"]


def test_park_confidence_followups_and_clearing(cli_env):
    aid = new(cli_env)
    out = interview(cli_env, aid, *ROSTER, ":speaker amina", "2026-03-14", ":confidence certain", ":confidence documented", "1",
                    ":goto training", "yes", ":park Customs 30/06/2026", ":park customs 2026-06-31",
                    ":park customs 2026-06-30", "dk", ":confidence stated", ":back", ":park Amina Diallo", "dk", "1",
                    ":confidence stated", ":followups", ":followups immigration")
    assert "Type :confidence documented, :confidence observed or :confidence stated." in out
    assert "Evidence for “When did the assessment start?”: documented." in out
    assert "'30/06/2026' is not a date: give it as YYYY-MM-DD" in out
    assert "'2026-06-31' is not a date" in out
    assert "Parked for Customs, due 2026-06-30: it is on the follow-ups list (:followups)." in out
    assert "How many officers are trained each year?" in out  # moved on past the parked question
    assert "Answer the question first" in out  # "don't know" has no evidence to tag
    assert "Evidence for “How are needs identified?”: stated." in out
    listed = out.split("> :followups\n", 1)[1]
    assert listed.startswith("2 follow-ups:\nAmina Diallo (1):\n  - [parked] How many officers are trained each year?")
    assert "Customs (1):\n  - [parked] Is it taught at an academy? (Training programme; trn_academy); due 2026-06-30" in listed
    assert listed.split("> :followups immigration\n", 1)[1].startswith("1 follow-up:\nAmina Diallo (1):")

    got = answers(cli_env, aid)
    assert got["ctx_date"]["confidence"] == "documented" and got["trn_method"]["confidence"] == "stated"

    out = run_bmm(["followups", aid, "--owner", "jon moe"], cli_env)  # Jon is from Customs
    assert out.returncode == 0, out.stderr
    assert "Is it taught at an academy?" in out.stdout and "How many officers" not in out.stdout

    # the parked question is asked again from :goto; answering it takes it off the list
    interview(cli_env, aid, ":goto training", "no", ":quit")
    data = json.loads(run_bmm(["followups", aid, "--json"], cli_env).stdout)
    kinds = {f["question"]: f["kind"] for f in data["followups"]}
    assert "trn_academy" not in kinds and kinds["trn_trainees"] == "parked"
    assert not any(r["kind"] == "parked" and r["key"] == "trn_academy" for r in exported(cli_env, aid)["records"])

    # export and import keep all of it: roster, speaker, days, parked questions, answer sources
    path = cli_env["BMM_HOME"] + "-export.json"
    assert run_bmm(["export", aid, "-o", path], cli_env).returncode == 0
    out = run_bmm(["import", path, "--id", "copy"], cli_env)
    assert out.returncode == 0, out.stderr
    before, after = exported(cli_env, aid), exported(cli_env, "copy")
    assert after["records"] == before["records"] and after["answers"] == before["answers"]
    assert {r["kind"] for r in after["records"]} == {"participant", "parked", "session", "speaker"}
    assert json.loads(run_bmm(["followups", "copy", "--json"], cli_env).stdout)["followups"] == data["followups"]


def test_workshop_commands_in_french(cli_env):
    aid = new(cli_env, lang="fr")
    out = interview(cli_env, aid, ":ajouter Amina Diallo, Immigration", ":ajouter Jon Moe, Douanes",
                    ":intervenant amina", ":participants", "14/03/2026", ":confiance documenté", "1",
                    ":aller programme", ":position Immigration oui", ":position Douanes non manque de moyens",
                    ":accord majorité", ":accord contestée oui", ":reporter Douanes 2026-07-01", ":suivi",
                    ":confiance rumeur", ":aide")
    assert "Commande inconnue" not in out
    assert "Intervenant : Amina Diallo (Immigration)." in out
    assert "Participants (2) :" in out
    assert "Preuve pour « Quand l'évaluation a-t-elle commencé ? » : documenté." in out
    assert "Les positions sont à égalité" in out
    assert "Enregistrée (contestée) : Oui." in out
    assert "Désaccord conservé : Douanes : Non (manque de moyens)" in out
    assert "Reportée pour Douanes, échéance 2026-07-01" in out
    assert "1 point à suivre :\nDouanes (1) :\n  - [reportée] Est-il enseigné dans une académie ?" in out
    assert "Tapez :confiance documenté, :confiance observé ou :confiance déclaré." in out
    assert "Atelier :" in out
    got = answers(cli_env, aid)
    assert got["trn_curriculum"]["agreement"] == "contested" and got["ctx_date"]["confidence"] == "documented"


def test_followups_command_errors_are_one_line(cli_env):
    out = run_bmm(["followups", "nobody-1234"], cli_env)
    assert out.returncode == 1 and out.stderr.startswith("bmm: no assessment 'nobody-1234'")
    assert len(out.stderr.strip().splitlines()) == 1
    aid = new(cli_env)
    out = run_bmm(["followups", aid], cli_env)
    assert out.returncode == 0 and out.stdout.strip() == "Nothing to follow up."
