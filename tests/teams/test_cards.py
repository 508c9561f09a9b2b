"""The Adaptive Cards are pure functions of their data: checked here without any network."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from bot.teams import adaptive as ac
from bot.teams.form_card import FormState, log_case_card
from bot.teams.form_values import draft_from_submission
from bot.teams.nudge_cards import nudge_card
from commands.cases import MAX_COMMITMENTS
from commands.people import Team, zone_named
from commands.playbook import ContactChannel, PlaybookStep
from commands.ports import NudgeMessage
from commands.schedule import NudgeKind


def form(**changes: Any) -> FormState:
    values: dict[str, Any] = {
        "submission_key": "k", "categories": ["Billing", "Billing", "Other"],
        "people": [("U2", "Olga"), ("U1", "Steve")], "reporter_user_id": "U1",
        "today": date(2026, 11, 24), **changes}
    return FormState(**values)


def ids(card: dict[str, Any]) -> list[str]:
    return [element["id"] for element in card["body"] if "id" in element]


def test_the_form_has_the_slack_modals_fields_under_the_same_names() -> None:
    card = log_case_card(form())
    assert ids(card)[:3] == ["customer", "contact_channel", "occurred_on"]
    assert {"anger_level", "what_happened", "category", "deescalation_steps_upset",
            "deescalation_steps_finding", "deescalation_steps_next", "share_consent",
            "commitment_0_owner", "commitment_0_due_date", "commitment_0_promise"} <= set(ids(card))
    (category,) = [e for e in card["body"] if e.get("id") == "category"]
    assert [c["value"] for c in category["choices"]] == ["Billing", "Other"]
    (owner,) = [e for e in card["body"] if e.get("id") == "commitment_0_owner"]
    assert owner["choices"][0] == {"title": "Me", "value": "U1"}
    assert [c["title"] for c in owner["choices"]] == ["Me", "Olga"]
    assert card["version"] == "1.5"


def test_errors_sit_under_their_fields_and_values_are_kept() -> None:
    card = log_case_card(form(values={"customer": "Acme", "lessons": "Listen"},
                              errors={"what_happened": "Say what happened."}))
    order = ids(card)
    assert order[order.index("what_happened") + 1] == "what_happened_error"
    (customer,) = [e for e in card["body"] if e.get("id") == "customer"]
    assert customer["value"] == "Acme"


def test_commitments_grow_to_the_limit() -> None:
    full = log_case_card(form(commitment_count=MAX_COMMITMENTS + 2))
    assert f"commitment_{MAX_COMMITMENTS - 1}_promise" in ids(full)
    assert f"commitment_{MAX_COMMITMENTS}_promise" not in ids(full)
    assert [a["data"]["verb"] for a in full["actions"]] == ["log_case"]


def test_a_submission_reads_back_into_a_draft() -> None:
    draft = draft_from_submission({
        "customer": "Acme", "contact_channel": "email", "anger_level": "9",
        "deescalation_steps_upset": "let_vent,nonsense,apologize",
        "deescalation_steps_next": "take_ownership,custom-2", "share_consent": "true",
        "occurred_on": "2026-11-24", "occurred_time": "09:30", "commitment_count": "2",
        "commitment_0_due_date": "2026-13-40", "commitment_1_due_date": "2026-11-27",
    }, zone=zone_named("America/New_York"))
    assert draft.contact_channel is ContactChannel.EMAIL and draft.anger_level is None
    assert draft.deescalation_steps == (PlaybookStep.LET_VENT, PlaybookStep.APOLOGIZE,
                                        PlaybookStep.TAKE_OWNERSHIP, "custom-2")
    assert draft.occurred_at == datetime(2026, 11, 24, 14, 30, tzinfo=UTC)
    assert [c.due_date for c in draft.commitments] == [None, date(2026, 11, 27)]


def test_user_text_cannot_restyle_a_card_or_forge_a_link() -> None:
    assert ac.plain("[pay here](https://evil.example) **now**") == (
        "\\[pay here\\](https://evil.example) \\*\\*now\\*\\*")


def test_a_nudge_shows_the_due_date_in_the_readers_zone() -> None:
    nudge = NudgeMessage(
        nudge_id=1, kind=NudgeKind.OVERDUE, team=Team("teams", "t"), recipient_user_id="U1",
        owner_user_id="U1", reporter_user_id="U2", case_id=7, commitment_id=9,
        customer="*Acme*", promise="Refund", due_at=datetime(2026, 11, 27, 20, tzinfo=UTC),
        has_time=True, zone_name="UTC", overdue_working_days=2)
    card = nudge_card(nudge)
    assert card["body"][0]["text"] == "Overdue (2 working days): your promise to \\*Acme\\*"
    assert card["body"][2]["text"] == (
        "Due {{DATE(2026-11-27T20:00:00Z, SHORT)}} {{TIME(2026-11-27T20:00:00Z)}}")
    done = card["actions"][0]["card"]["actions"][0]["data"]
    assert done == {"verb": "commitment_done", "commitment_id": 9}


def test_nul_characters_are_dropped_before_they_reach_the_database() -> None:
    draft = draft_from_submission({"customer": "Ac\x00me", "commitment_0_promise": "\x00"},
                                  zone=zone_named("UTC"))
    assert draft.customer == "Acme" and draft.commitments[0].promise == ""
