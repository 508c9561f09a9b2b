"""What a nudge says to whom: the reporter reads "logged by you", a lead reads the owner's time,
the owner learns of an escalation, the leads are asked to decide after weeks."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.slack.nudge_views import nudge_message
from bot.teams.nudge_cards import nudge_card
from commands.people import Team
from commands.ports import NudgeMessage
from commands.schedule import NudgeKind

DUE = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)  # 15:00 in Berlin, 09:00 in New York


def nudge(kind: NudgeKind = NudgeKind.DUE, *, to: str = "UOWN", reporter: str = "UREP",
          zone: str = "Europe/Berlin") -> NudgeMessage:
    return NudgeMessage(
        nudge_id=1, kind=kind, team=Team("slack", "T1"), recipient_user_id=to,
        owner_user_id="UOWN", reporter_user_id=reporter, case_id=7, commitment_id=1,
        customer="Acme Corp", promise="Call back", due_at=DUE, has_time=True, zone_name=zone,
        overdue_working_days=3, owner_zone_name="Europe/Berlin")


def slack_text(message: NudgeMessage) -> str:
    return json.dumps(nudge_message(message))


def teams_text(message: NudgeMessage) -> str:
    return json.dumps(nudge_card(message))


@pytest.mark.parametrize("render", [slack_text, teams_text])
def test_the_reporter_reads_logged_by_you(render: object) -> None:
    text = render(nudge(to="UOWN", reporter="UOWN"))  # type: ignore[operator]
    assert "logged by you" in text


def test_the_owner_reads_who_logged_it_in_slack() -> None:
    text = slack_text(nudge())
    assert "logged by <@UREP>" in text and "logged by you" not in text


@pytest.mark.parametrize("render", [slack_text, teams_text])
def test_an_escalation_shows_the_owners_time_too(render: object) -> None:
    text = render(nudge(NudgeKind.ESCALATION, to="ULEAD",  # type: ignore[operator]
                        zone="America/New_York"))
    assert "Fri 27 Nov 15:00" in text and "Europe/Berlin" in text


@pytest.mark.parametrize("render", [slack_text, teams_text])
def test_the_owners_own_nudge_does_not_repeat_their_zone(render: object) -> None:
    assert "Fri 27 Nov 15:00" not in render(nudge(NudgeKind.OVERDUE))  # type: ignore[operator]


@pytest.mark.parametrize("render", [slack_text, teams_text])
def test_the_owner_learns_of_the_escalation(render: object) -> None:
    assert "lead now knows" in render(nudge(NudgeKind.ESCALATED))  # type: ignore[operator]


@pytest.mark.parametrize("render", [slack_text, teams_text])
def test_the_leads_are_asked_to_decide(render: object) -> None:
    text = render(nudge(NudgeKind.LEAD_DECISION, to="ULEAD"))  # type: ignore[operator]
    assert "Time to decide" in text and "new date" in text


def test_a_lead_asked_to_decide_can_drop_it_in_slack() -> None:
    actions = [e["action_id"] for b in nudge_message(nudge(NudgeKind.LEAD_DECISION, to="ULEAD"))
               ["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert {"commitment_done", "commitment_reassign", "commitment_renegotiate",
            "commitment_drop"} <= set(actions)


def test_a_lead_asked_to_decide_can_reassign_or_drop_it_in_teams() -> None:
    card = nudge_card(nudge(NudgeKind.LEAD_DECISION, to="ULEAD"), [("USAM", "Sam")])
    assert [a["title"] for a in card["actions"]] == ["Done", "Snooze", "Renegotiate",
                                                     "Reassign", "Drop it"]
    # A sixth button would exceed the renderer's five: View case sits in the body instead.
    assert [a["title"] for a in card["body"][-1]["actions"]] == ["View case"]
    # Every nudge offers Reassign (when there is someone to hand it to) and View case, as in
    # Slack; Drop stays the lead's decision.
    overdue = nudge_card(nudge(NudgeKind.OVERDUE), [("USAM", "Sam")])
    assert [a["title"] for a in overdue["actions"]] == [
        "Done", "Snooze", "Renegotiate", "Reassign", "View case"]
