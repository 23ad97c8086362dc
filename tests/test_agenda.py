"""The workshop agenda and clock, on the real session and store, with a clock the test sets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from helpers import FIXTURES

from assistant import framework as fw
from assistant.errors import BmmError
from assistant.session import Session
from assistant.store import Store
from assistant.workshop import agenda

T0 = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)


class FakeTime:
    """The interview's and the store's clock: every answer and change is stamped with ``self.at``."""

    def __init__(self) -> None:
        self.at = T0

    def __call__(self) -> str:
        return self.at.isoformat(timespec="seconds")

    def set(self, minutes: float) -> datetime:
        self.at = T0 + timedelta(minutes=minutes)
        return self.at


@pytest.fixture
def clock(monkeypatch) -> FakeTime:
    fake = FakeTime()
    monkeypatch.setattr("assistant.store.assessments.now", fake)
    monkeypatch.setattr("assistant.engine.interview.now", fake)
    return fake


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("BMM_PROMPTS", str(FIXTURES))
    return Store(tmp_path / "data")


def open_session(store: Store) -> Session:
    if not store.exists("ruritania-0001"):
        store.create("Ruritania", "mini", fw.get("mini").version, aid="ruritania-0001").close()
    return Session.open(store, "ruritania-0001")


def test_planned_minutes_default_from_questions_and_can_be_changed(store):
    assert [agenda.default_minutes(n) for n in (0, 1, 2, 3, 4, 7, 10)] == [0, 5, 5, 5, 10, 15, 20]
    with open_session(store) as s:
        plan = agenda.planned(s)
        assert list(plan) == ["context", "training", "conduct", "systems"]  # interview order
        training = len(s.interview.applicable_questions(s.interview.element("training")))
        assert plan["training"] == agenda.default_minutes(training)
        assert agenda.set_planned(s, "training", "45") == 45
        assert agenda.set_planned(s, "systems", 0) == 0  # off the agenda
    with open_session(store) as s:  # kept with the assessment
        plan = agenda.planned(s)
        assert plan["training"] == 45 and plan["systems"] == 0
        c = agenda.clock(s, T0)
        assert c.planned_total == plan["context"] + 45 + plan["conduct"]
        assert c.slot("training").custom and not c.slot("context").custom
        assert agenda.reset_planned(s, "training") == agenda.default_minutes(training)


@pytest.mark.parametrize("given", ["soon", "-5", "600", "2.5"])
def test_a_wrong_planned_time_is_one_clear_line(store, given):
    with open_session(store) as s:
        with pytest.raises(BmmError) as err:
            agenda.set_planned(s, "training", given)
        assert "whole number of minutes, from 0 to 480" in str(err.value) and "\n" not in str(err.value)
        with pytest.raises(BmmError, match="no element 'nowhere'"):
            agenda.set_planned(s, "nowhere", 5)
        assert agenda.planned(s)["training"] > 0  # unchanged


def test_time_spent_comes_from_the_answers_and_leaves_out_breaks(store, clock):
    with open_session(store) as s:
        opened = clock.set(0)
        clock.set(4)
        s.submit("2026-03-14")  # context, 4 min after opening
        clock.set(7)
        s.submit("1")  # context done at 9:07
        s.interview.advance()
        clock.set(12)
        s.submit("yes")  # training, 5 min later
        clock.set(75)
        s.submit("yes")  # after a long break: the 63-minute gap is not counted
        c = agenda.clock(s, clock.set(78), opened=opened)
        assert c.slot("context").spent == 7 * 60
        assert c.slot("training").spent == 5 * 60 + 3 * 60  # the answer before the break, then the live clock
        assert c.current.element == "training" and not c.warning
        assert c.day_started == T0 and c.day_seconds == 78 * 60
    with open_session(store) as s:  # reopened the next morning: a new day; yesterday's answers keep their time
        c = agenda.clock(s, T0 + timedelta(days=1), opened=T0 + timedelta(days=1))
        assert c.day_seconds == 0 and c.day_started == T0 + timedelta(days=1)
        assert c.slot("context").spent == 3 * 60  # between its answers (the minutes before the first: that day only)
        assert c.slot("training").spent == 5 * 60


def test_an_element_running_over_warns_and_the_end_is_projected_at_the_groups_pace(store, clock):
    with open_session(store) as s:
        agenda.set_planned(s, "context", 5)
        agenda.set_planned(s, "training", 10)
        agenda.set_planned(s, "conduct", 10)
        agenda.set_planned(s, "systems", 0)
        opened = clock.set(0)
        c = agenda.clock(s, opened, opened=opened)
        assert c.pace == 1.0 and c.projected_end == T0 + timedelta(minutes=25)  # nothing done: the plan
        clock.set(4)
        s.submit("2026-03-14")
        c = agenda.clock(s, clock.set(5), opened=opened)  # exactly on time
        assert not c.warning and c.current.element == "context"
        c = agenda.clock(s, clock.set(9), opened=opened)  # still on its second question at 9 minutes
        assert c.warning and c.current.over_by == 4
        clock.set(10)
        s.submit("1")
        s.interview.advance()
        for minute in (14, 18, 22):  # training at 4 minutes a question
            clock.set(minute)
            s.submit("yes" if minute < 20 else "1")
        c = agenda.clock(s, clock.set(22), opened=opened)
        done = 5 + 10 * c.slot("training").done_share
        assert done >= agenda.PACE_AFTER
        assert c.pace == pytest.approx(22 / done)  # slower than planned
        left = 10 * (1 - c.slot("training").done_share) + 10
        assert c.remaining == pytest.approx(left * 60 * c.pace)
        assert c.projected_end > T0 + timedelta(minutes=22 + left)  # later than the plan alone says


def test_a_fast_first_minute_does_not_project_the_day(store, clock):
    """An element answered in a minute is not a pace: the plan holds until ten real minutes of work."""
    with open_session(store) as s:
        agenda.set_planned(s, "context", 15)
        agenda.set_planned(s, "training", 60)
        opened = clock.set(0)
        planned_end = agenda.clock(s, opened, opened=opened).projected_end
        s.submit("2026-03-14")
        clock.set(1)
        s.submit("1")
        c = agenda.clock(s, clock.set(1), opened=opened)
        assert c.slot("context").done_share == 1.0 and c.pace == 1.0
        assert c.projected_end == planned_end + timedelta(minutes=1) - timedelta(minutes=15)  # the plan, less what is done


def test_plain_agenda_lists_plans_and_says_what_is_wrong(store, clock, monkeypatch):
    import io

    from assistant.plain import PlainInterview

    monkeypatch.setattr("assistant.plain_agenda.now", lambda: clock.at)
    with open_session(store) as s:
        clock.set(3)
        s.submit("2026-03-14")
        clock.set(10)  # the group has been on the second question for 7 minutes
        out = io.StringIO()
        lines = [":agenda", ":ordre training 30", ":agenda nowhere 5", ":agenda training soon", ":agenda systems 0",
                 ":ordre", ":quit"]
        plain = PlainInterview(s, io.StringIO("".join(x + "\n" for x in lines)), out)
        plain.opened = T0
        plain.run()
    said = out.getvalue()
    assert "Agenda (planned · taken so far; > the element now asked):" in said
    assert " >  1. Assessment context: 5 min · 10:00  OVER by 5 min" in said
    assert "    2. Training programme: 10 min · 00:00" in said
    assert "   Training programme: 30 minutes planned." in said
    assert said.count("Type :agenda to see it, or :agenda ELEMENT MINUTES") == 1  # no element "nowhere"
    assert "   'soon': planned time is a whole number of minutes, from 0 to 480" in said
    assert "   Border management information system is off the agenda (0 minutes)." in said
    assert "    4. Border management information system: not on the agenda · 00:00" in said
    assert "Today so far: 10 min. Planned in all: 40 min." in said
    with open_session(store) as s:
        assert agenda.planned(s)["training"] == 30


def test_a_workshop_on_one_component_keeps_only_its_elements(store):
    with open_session(store) as s:
        agenda.set_planned(s, "training", 0)
        agenda.set_planned(s, "systems", 40)
        agenda.keep_only(s, {"context", "training", "conduct"})
        plan = agenda.planned(s)
        assert plan["systems"] == 0 and plan["training"] == agenda.default_minutes(
            len(s.interview.applicable_questions(s.interview.element("training"))))
        assert agenda.clock(s, T0).planned_total == plan["context"] + plan["training"] + plan["conduct"]
