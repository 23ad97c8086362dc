"""Steps shared by the package tests: an assessment, a package answered on another store, merged back."""

from __future__ import annotations

import json
from typing import Any

from assistant import framework as fw
from assistant.engine.answers import Answer
from assistant.packages.assign import make_package, open_package, record_sent
from assistant.packages.format import check_returned
from assistant.packages.merge import Merged, merge
from assistant.session import Session
from assistant.store import Store

AID = "avalon-0001"


def lead_assessment(store: Store) -> str:
    """The lead's assessment: context given, two training answers typed in the room."""
    framework = fw.get("mini")
    with store.create("Avalon", "mini", framework.version, aid=AID) as a:
        for answer in (Answer("ctx_date", value="2026-03-14", who="Lead"),
                       Answer("trn_curriculum", value="yes", who="Lead", at="2026-03-14T09:00:00+00:00"),
                       Answer("trn_trainees", value=120, who="Lead", at="2026-03-14T09:01:00+00:00")):
            a.save(answer)
    return AID


def package_for(store: Store, agency: str, elements: list[str], person: str = "") -> dict[str, Any]:
    """``bmm assign``: the package as the file holds it."""
    with store.open(AID) as a:
        package = make_package(a, fw.get("mini"), agency, elements, person)
        record_sent(a, package, "package.json")
    return json.loads(json.dumps(package))


def answer_elsewhere(store: Store, package: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The agency opens the package in its own store, answers, and exports (the file sent back)."""
    opened = open_package(store, package, lambda fid: fw.get(fid), "package.json")
    with Session.open(store, opened.id) as s:
        for qid, value in values.items():
            s.submit_value(value, qid)
    with store.open(opened.id, write=False) as a:
        return json.loads(json.dumps(a.export()))


def merge_back(store: Store, returned: dict[str, Any]) -> Merged:
    """``bmm merge``: checked, then merged through a session as the command does."""
    head = check_returned(returned, AID, "back.json")
    with Session.open(store, AID) as s:
        return merge(s.assessment, s.framework, returned, head, "back.json")
