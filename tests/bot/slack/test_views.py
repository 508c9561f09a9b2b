"""Every Block Kit view and message is a pure function: within Slack's limits, injection-proof."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.slack.case_edit_view import edit_case_modal
from bot.slack.case_view import case_modal, close_modal, note_modal
from bot.slack.commitment_modals import ActionOrigin, done_modal, reassign_modal, renegotiate_modal
from bot.slack.form_state import ModalMetadata, draft_from_view_state
from bot.slack.form_steps import step_field
from bot.slack.home import home_view
from bot.slack.lists import open_commitments_list
from bot.slack.messages import case_logged_confirmation, commitment_assigned_dm, help_message
from bot.slack.mrkdwn import escape
from bot.slack.nudge_views import after_action, nudge_message
from bot.slack.settings_view import settings_modal
from bot.slack.theme_views import theme_offer
from bot.slack.views import log_case_modal
from commands.cases import (
    CaseField,
    CaseSummary,
    CommitmentField,
    CommitmentSummary,
    FormContext,
    Prefill,
    commitment_field,
)
from commands.commitment_actions import ActionResult, CommitmentState, Outcome
from commands.my_commitments import OwedItem
from commands.people import Team
from commands.playbook import (
    DEFAULT_CATEGORIES,
    AngerLevel,
    ContactChannel,
    Phase,
    PlaybookStep,
    playbook_of,
)
from commands.ports import NudgeMessage
from commands.schedule import NudgeKind
from commands.team_settings import TeamSettings
from commands.theme_suggestions import Suggestion, SuggestionKind
from commands.validation import validate_case
from tests.fakeslack.blockkit import message_problems, view_problems

SNAPSHOTS = Path(__file__).parent / "snapshots"
DUE = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)
HOSTILE = "<!channel> <!here> <@U999> <http://evil.example|click me> & Tom & Jerry's"


def summary(customer: str = "Acme Corp", promise: str = "Call back with the refund",
            commitments: int = 1) -> CaseSummary:
    return CaseSummary(
        case_id=7, reporter_user_id="UREP", customer=customer,
        contact_channel=ContactChannel.PHONE, anger_level=AngerLevel.ANGRY, category="Billing",
        what_happened="Charged twice", agreed=promise, deescalation_steps=(
            PlaybookStep.ACKNOWLEDGE, PlaybookStep.LET_VENT), share_consent=True,
        commitments=tuple(CommitmentSummary(
            commitment_id=i + 1, owner_user_id="UOWN", promise=promise, due_date=date(2026, 11, 27),
            due_time=time(15, 0), due_at=DUE, zone_name="Europe/Berlin")
            for i in range(commitments)),
        source_permalink="https://example.slack.com/archives/C1/p1",
    )


def detail(case: CaseSummary) -> Any:
    from commands.case_lifecycle import CaseDetail, CaseOutcome
    from storage.case_lifecycle import NoteLine, TimelineEntry

    notes = tuple(NoteLine(DUE, "UREP", HOSTILE * 10) for _ in range(12))
    timeline = tuple(TimelineEntry(DUE, "nudge_overdue", "UOWN") for _ in range(40))
    from commands.cases import CaseDraft

    draft = CaseDraft(
        customer=case.customer, contact_channel=ContactChannel.EMAIL, occurred_at=DUE,
        anger_level=AngerLevel.FURIOUS, what_happened=HOSTILE * 100, problem=HOSTILE,
        category="Billing", customer_wants=HOSTILE, agreed=HOSTILE, deescalation_steps=(
            PlaybookStep.LET_VENT,), lessons=HOSTILE * 200, share_consent=True, commitments=())
    return CaseDetail(summary=case, status="closed", outcome=CaseOutcome.LOST, mood_after=2,
                      notes=notes, timeline=timeline, can_manage=True, draft=draft,
                      categories=DEFAULT_CATEGORIES)


def state(customer: str = "Acme Corp", promise: str = "Call back") -> CommitmentState:
    return CommitmentState(commitment_id=1, case_id=7, customer=customer, promise=promise,
                           owner_user_id="UOWN", reporter_user_id="UREP", due_at=DUE,
                           has_time=True, zone_name="Europe/Berlin", status="open", slips=0,
                           note="")


def nudge(kind: NudgeKind = NudgeKind.DUE, customer: str = "Acme Corp",
          promise: str = "Call back") -> NudgeMessage:
    return NudgeMessage(nudge_id=1, kind=kind, team=Team("slack", "T1"), recipient_user_id="UOWN",
                        owner_user_id="UOWN", reporter_user_id="UREP", case_id=7, commitment_id=1,
                        customer=customer, promise=promise, due_at=DUE, has_time=True,
                        zone_name="Europe/Berlin", overdue_working_days=2)


def modal(commitments: int = 1, prefill: Prefill | None = None) -> dict[str, Any]:
    return log_case_modal(
        metadata=ModalMetadata("key", "C1", commitments, "https://example.slack.com/archives/C1/p1"),
        categories=DEFAULT_CATEGORIES, prefill=prefill or Prefill(customer="Acme",
        due_date=date(2026, 11, 27), due_time=time(15, 0),
        source_permalink="https://example.slack.com/archives/C1/p1"),
        reporter_user_id="UREP", commitment_count=commitments, today=date(2026, 11, 24))


def all_views() -> dict[str, dict[str, Any]]:
    origin = ActionOrigin(1, "D1", "1.2")
    return {
        "log_modal_1": modal(1), "log_modal_3": modal(3),
        "done_modal": done_modal(state(), origin),
        "renegotiate_modal": renegotiate_modal(state(), origin, date(2026, 11, 24)),
        "reassign_modal": reassign_modal(state(), origin),
        "case_modal": case_modal(detail(summary(commitments=3))),
        "note_modal": note_modal(7),
        "edit_modal": edit_case_modal(detail(summary(commitments=1))),
        "close_modal": close_modal(7),
        "settings_modal": settings_modal(TeamSettings(("UREP",), (0, 1, 2, 3, 4), time(9),
                                                      time(18), 2)),
        "settings_modal_own_steps": settings_modal(TeamSettings(
            ("UREP",), (0, 1, 2, 3, 4), time(9), time(18), 2, playbook=playbook_of(
                [{"id": "custom-1", "label": HOSTILE * 5, "phase": "upset"},
                 {"id": "custom-2", "label": "Offered a callback slot", "phase": "next"}],
                ["custom-2", "apologize"]))),
        "home": home_view(a_home(lead=False)),
        "home_lead_paged": home_view(a_home(lead=True, page=1)),
    }


def a_home(*, lead: bool, page: int = 0) -> Any:
    from commands.home import Home, LoggedCaseLine, TeamView

    items = tuple(OwedItem(commitment_id=i, case_id=i, customer=HOSTILE, promise=HOSTILE * 9,
                           due_date=date(2026, 11, 27), due_time=None, due_at=DUE,
                           zone_name="Europe/Berlin", overdue=i % 2 == 0, owner_user_id="U1")
                  for i in range(15))
    team = TeamView(open_promises=items, open_total=90, overdue_shown=8, cases_this_week=4)
    return Home(user_id="U1", page=page, owed=items, owed_total=40,
                cases=tuple(LoggedCaseLine(i, HOSTILE, "open", DUE) for i in range(10)),
                due_so_far=10, kept_on_time=7, team=team if lead else None)


def test_the_home_pages_and_stays_within_limits() -> None:
    first, later = home_view(a_home(lead=True)), home_view(a_home(lead=True, page=2))
    assert len(first["blocks"]) < 100
    values = [e["value"] for b in later["blocks"] if b.get("block_id") == "home_paging"
              for e in b["elements"]]
    assert values == ["0"]  # the last page: back to the first, no "show more"
    assert "70% (7 of 10 kept on time)" in json.dumps(first)


def alike_and_again() -> list[Suggestion]:
    """Both kinds of suggestion, the first with a phrase far past what a section holds."""
    return [Suggestion(SuggestionKind.ALIKE, case_ids=(1, 2, 7), category="Billing",
                       phrase="charged twice " * 300, days=9, theme_id=3,
                       reason=f"3 Billing cases in 9 days mention '{'charged twice ' * 300}'"),
            Suggestion(SuggestionKind.SAME_CUSTOMER, case_ids=(4, 7), category="Billing",
                       phrase="Acme <Corp>", days=2, theme_id=None,
                       reason="Acme <Corp> again: 2 cases in 2 days")]


def test_an_offer_rides_in_the_confirmation_before_the_line_of_care() -> None:
    blocks = all_messages()["confirmation_with_offer"]["blocks"]
    offer, button, care = blocks[-3:]
    assert offer["text"]["text"].startswith("Case #7 looks like others: 3 Billing cases")
    assert len(offer["text"]["text"]) <= 3000  # the long phrase is clipped
    assert button["block_id"] == "theme_offer"
    assert button["elements"][0]["value"] == "7"
    assert care["text"]["text"] == ":tea: Take a breath."
    assert theme_offer(7, []) == []
    [short, _] = theme_offer(7, alike_and_again()[1:])
    assert short["text"]["text"] == ("Case #7 looks like others: Acme &lt;Corp&gt; again: 2 cases "
                                     "in 2 days. One problem behind them? Theme links it to "
                                     "one, or starts one.")


def all_messages() -> dict[str, dict[str, Any]]:
    items = [OwedItem(commitment_id=i, case_id=i, customer="Acme", promise="Call back",
                      due_date=date(2026, 11, 27), due_time=None, due_at=DUE,
                      zone_name="Europe/Berlin", overdue=i % 2 == 0) for i in range(20)]
    return {
        "confirmation": case_logged_confirmation(summary(commitments=3)),
        "confirmation_with_offer": case_logged_confirmation(
            summary(commitments=3), "Take a breath.", theme_offer(7, alike_and_again())),
        "assigned_dm": commitment_assigned_dm(summary(), summary().commitments[0]),
        "nudge_due": nudge_message(nudge()),
        "nudge_escalation": nudge_message(nudge(NudgeKind.ESCALATION)),
        "after_done": after_action(ActionResult(Outcome.DONE, state(), case_closed=True),
                                   now=DUE),
        "list_full": open_commitments_list(items),
        "list_empty": open_commitments_list([]),
        "help": help_message(),
    }


@pytest.mark.parametrize("name", list(all_views()))
def test_views_are_within_slacks_limits(name: str) -> None:
    assert view_problems(all_views()[name]) == []


@pytest.mark.parametrize("name", list(all_messages()))
def test_messages_are_within_slacks_limits(name: str) -> None:
    assert message_problems(all_messages()[name]) == []


@pytest.mark.parametrize("name", ["log_modal_1", "log_modal_3", "confirmation", "nudge_due"])
def test_snapshots(name: str) -> None:
    """The rendered JSON is reviewed as a file; UPDATE_SNAPSHOTS=1 rewrites it on purpose."""
    rendered = {**all_views(), **all_messages()}[name]
    path = SNAPSHOTS / f"{name}.json"
    text = json.dumps(rendered, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
    assert path.exists(), f"no snapshot {path.name}: run with UPDATE_SNAPSHOTS=1 and review it"
    assert path.read_text() == text


def test_the_modal_grows_to_three_commitments_and_no_more() -> None:
    blocks = modal(5)["blocks"]
    assert sum(b["type"] == "header" for b in blocks) == 3


def test_escape_neutralizes_slack_control_sequences() -> None:
    assert escape(HOSTILE) == ("&lt;!channel&gt; &lt;!here&gt; &lt;@U999&gt; "
                               "&lt;http://evil.example|click me&gt; &amp; Tom &amp; Jerry's")


texts = st.one_of(st.text(max_size=200), st.just(HOSTILE), st.just("x" * 10_000),
                  st.text(alphabet="<>&!@|#", max_size=50))


@settings(max_examples=150, deadline=None)
@given(customer=texts, promise=texts)
def test_user_text_never_pings_nor_links_nor_breaks_limits(customer: str, promise: str) -> None:
    rendered = [
        case_logged_confirmation(summary(customer, promise, commitments=3)),
        commitment_assigned_dm(summary(customer, promise), summary().commitments[0]),
        nudge_message(nudge(NudgeKind.OVERDUE, customer, promise)),
        after_action(ActionResult(Outcome.REASSIGNED, state(customer, promise)), now=DUE),
    ]
    for message in rendered:
        assert message_problems(message) == []
        dumped = json.dumps(message)
        assert "<!channel>" not in dumped and "<!here>" not in dumped
        assert "<@U999>" not in dumped and "<http://evil" not in dumped
    views = [case_modal(detail(summary(customer, promise))), done_modal(state(customer, promise),
                                                                ActionOrigin(1))]
    for view in views:
        assert view_problems(view) == []


def a_digest() -> Any:
    from commands.digest_composition import DigestFacts, Week, compose_digest
    from commands.digest_facts import CaseFacts, PromiseFacts, WeekCount

    end = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    cases = [CaseFacts(case_id=i, customer=f"{HOSTILE} {i % 2}", category=["Billing", "Outage"][
        i % 2], anger_level=1 + i % 5, logged_at=end, status="closed", share_consent=True,
        what_happened=HOSTILE * 20, problem="x", agreed="Refund", lessons="Ask first",
        outcome="Done", steps=(PlaybookStep.LET_VENT,)) for i in range(6)]
    promises = [PromiseFacts(f"U{i}", end - timedelta(hours=1), "done", end - timedelta(hours=2),
                             0) for i in range(30)]
    trend = [WeekCount(end, i, i, i // 2) for i in range(8)]
    week = Week(start=end - timedelta(days=7), end=end, first_day=date(2026, 11, 23),
                last_day=date(2026, 11, 29), label="2026-W48")
    facts = DigestFacts(cases=cases, promises=promises, renegotiations=0, trend=trend)
    return compose_digest(week, facts, show_names=False, now=end)


def test_the_digest_is_within_limits_and_pings_nobody() -> None:
    from bot.slack.digest_views import digest_message, study_message

    digest = a_digest()
    messages = [digest_message(digest), *(study_message(i, s) for i, s in
                                           enumerate(digest.studies, 1))]
    for message in messages:
        assert message_problems(message) == []
        dumped = json.dumps(message)
        assert "<!channel>" not in dumped and "<http://evil" not in dumped
    assert len(digest.studies) == 3


def test_digest_snapshot() -> None:
    from bot.slack.digest_views import digest_message

    path = SNAPSHOTS / "digest.json"
    text = json.dumps(digest_message(a_digest()), indent=2, sort_keys=True,
                      ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.write_text(text)
    assert path.exists(), "no snapshot digest.json: run with UPDATE_SNAPSHOTS=1 and review it"
    assert path.read_text() == text


def test_the_chart_is_a_png() -> None:
    from bot.charts import digest_chart

    assert digest_chart(a_digest()).startswith(b"\x89PNG")


def inputs(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in view["blocks"] if b["type"] == "input"]


@pytest.mark.parametrize("count", [1, 2, 3])
def test_validation_errors_land_on_the_modals_inputs(count: int) -> None:
    """`response_action: errors` keys are block ids: every validation error must have one."""
    view = modal(count)
    ids = {b["block_id"] for b in inputs(view)}
    assert all(b["element"]["action_id"] == b["block_id"] for b in inputs(view))
    steps = {step_field(phase) for phase in Phase}  # the steps: one group a phase of the call
    assert ids == ({*CaseField} - {CaseField.DEESCALATION_STEPS}) | steps | {
        commitment_field(i, part) for i in range(count) for part in CommitmentField}
    empty = draft_from_view_state({}, commitment_count=count, source_permalink=None)
    errors = validate_case(empty, context=FormContext("UREP", DEFAULT_CATEGORIES), now=DUE)
    assert errors and set(errors) <= ids


def test_the_modal_keeps_to_slacks_text_limits() -> None:
    view = modal(3)
    assert all(len(view[k]["text"]) <= 24 for k in ("title", "submit", "close"))
    elements = [b["element"] for b in inputs(view)]
    assert all(e.get("max_length", 1) <= 3000 for e in elements)
    assert all(len(e["placeholder"]["text"]) <= 150 for e in elements if "placeholder" in e)
    assert len(view["blocks"]) < 100 and len(view["private_metadata"]) <= 3000


@pytest.mark.parametrize(("count", "buttons"), [
    (1, ["add_commitment"]), (2, ["add_commitment", "remove_commitment"]),
    (3, ["remove_commitment"]),
])
def test_commitment_buttons_follow_the_count(count: int, buttons: list[str]) -> None:
    block = next(b for b in modal(count)["blocks"] if b["block_id"] == "commitment_actions")
    assert [e["action_id"] for e in block["elements"]] == buttons


def test_only_the_first_commitment_is_prefilled_and_all_are_owned_by_the_reporter() -> None:
    elements = {b["block_id"]: b["element"] for b in inputs(modal(3))}
    assert elements["commitment_0_due_date"]["initial_date"] == "2026-11-27"
    assert elements["commitment_0_due_time"]["initial_time"] == "15:00"
    assert "initial_date" not in elements["commitment_1_due_date"]
    assert "initial_time" not in elements["commitment_2_due_time"]
    assert {elements[f"commitment_{i}_owner"]["initial_user"] for i in range(3)} == {"UREP"}
    assert elements["customer"]["initial_value"] == "Acme"


@pytest.mark.parametrize(("link", "shown"), [
    ("https://example.slack.com/archives/C1/p1", "Logged from <https://example.slack.com/"
                                                 "archives/C1/p1|this message>"),
    ("<!channel>", "Logged from this message"),
    ("https://x|<!here>", "Logged from this message"),
])
def test_the_source_message_is_linked_only_when_the_link_is_safe(link: str, shown: str) -> None:
    view = modal(1, Prefill(source_permalink=link))
    block = next(b for b in view["blocks"] if b.get("block_id") == "source_message")
    assert block["elements"][0]["text"] == shown
    assert not any(b.get("block_id") == "source_message" for b in modal(1, Prefill())["blocks"])


@pytest.mark.parametrize(("categories", "options"), [
    ([], None), (["Billing", "Billing", "Other"], 2), ([f"C{i}" for i in range(150)], 100),
])
def test_categories_are_unique_and_capped(categories: list[str], options: int | None) -> None:
    view = log_case_modal(metadata=ModalMetadata("k", None), categories=categories,
                          prefill=Prefill(), reporter_user_id="U1", commitment_count=1,
                          today=date(2026, 11, 24))
    selects = [b["element"] for b in inputs(view) if b["block_id"] == "category"]
    assert [len(s["options"]) for s in selects] == ([options] if options else [])
    assert view_problems(view) == []


def test_the_case_shows_the_steps_used_and_nothing_ticked_as_not_recorded() -> None:
    from dataclasses import replace

    shown = json.dumps(case_modal(detail(summary())))
    assert "Acknowledged the anger quickly" in shown and "white_square" not in shown
    assert "Stayed calm" not in shown  # unticked steps are not listed as misses
    empty = json.dumps(case_modal(detail(replace(summary(), deescalation_steps=()))))
    assert "Not recorded" in empty


def test_the_modal_groups_the_steps_by_phase_within_slacks_limit() -> None:
    groups = [b for b in modal(1)["blocks"] if b["block_id"].startswith("deescalation_steps")]
    assert [b["label"]["text"] for b in groups] == [
        "Steps you used: while they were upset", "Steps you used: finding the problem",
        "Steps you used: agreeing what happens next"]
    assert all(len(b["element"]["options"]) <= 10 for b in groups)
    assert sum(len(b["element"]["options"]) for b in groups) == len(PlaybookStep)
