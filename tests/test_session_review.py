"""Going back and answering again: every question up to where the user was is asked again in turn.

The TUI (Ctrl+B) and plain mode (:back) both drive this through the session, so the class
"re-answering after going back skips past a question that keeps its wrong answer" is covered
for every depth of going back, mid-interview and after the interview has finished.
"""

from __future__ import annotations

import pytest

from assistant.session import Session
from assistant.store import memory_store


def some_answer(session: Session):
    q = session.current
    iv = session.interview
    if q.type in ("yes_no", "single_choice", "scale"):
        return iv.choices(q)[0].value
    if q.type == "multi_choice":
        return [iv.choices(q)[0].value]
    if q.type == "number":
        return int(q.min or 0) + 1
    if q.type == "date":
        return "2026-03-14"
    return "as described in the annual report"


def open_session(mini) -> Session:
    store = memory_store()
    a = store.create("Avalon", mini.id, mini.version)
    return Session(a, mini)


@pytest.mark.parametrize("depth", [1, 2, 3])
@pytest.mark.parametrize("finished", [False, True], ids=["mid-interview", "after-the-end"])
def test_each_question_after_the_revised_one_is_asked_again_up_to_where_the_user_was(mini, depth, finished):
    s = open_session(mini)
    order: list[str] = []
    while s.current is not None and (finished or len(order) < 6):
        order.append(s.current.id)
        s.submit_value(some_answer(s))
    where = s.current.id if s.current is not None else None
    went: list[str] = []
    for _ in range(depth):
        went.append(s.back().id)
    assert went == order[-depth:][::-1]  # back walks the answered questions in reverse
    s.submit_value(some_answer(s))  # a new answer to the earliest one gone back to
    asked = []
    while s.current is not None and s.current.id != where and len(asked) < depth + 5:
        asked.append(s.current.id)
        s.submit_value(some_answer(s))
    # the questions between the revised one and where the user was, each in turn, none passed over
    assert asked == order[len(order) - depth + 1:]
    assert (s.current.id if s.current is not None else None) == where
