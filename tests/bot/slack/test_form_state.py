"""Reading a submitted log modal: real shapes in, a CaseDraft out; hostile input never raises."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.slack.form_state import InvalidMetadata, ModalMetadata, draft_from_view_state
from commands.cases import CommitmentDraft
from commands.playbook import AngerLevel, ContactChannel, PlaybookStep
from tests.bot.form_values import case_values, commitment_values


def test_a_full_submission() -> None:
    values = case_values(commitments=(
        commitment_values(0, owner="U1", due=date(2026, 11, 27), at=time(15, 0),
                          promise="Refund"),
        commitment_values(1, owner="U2", due=date(2026, 12, 1), at=None, promise="Visit"),
    ))
    values["occurred_at"]["occurred_at"]["selected_date_time"] = 1_764_000_000
    draft = draft_from_view_state(values, commitment_count=2, source_permalink="https://x")
    assert draft.customer == "Acme Corp"
    assert draft.contact_channel is ContactChannel.PHONE
    assert draft.anger_level is AngerLevel.ANGRY
    assert draft.occurred_at == datetime.fromtimestamp(1_764_000_000, UTC)
    assert draft.deescalation_steps == (PlaybookStep.ACKNOWLEDGE, PlaybookStep.LET_VENT,
                                        PlaybookStep.APOLOGIZE)
    assert draft.share_consent
    assert [(c.owner_user_id, c.due_date, c.due_time, c.promise) for c in draft.commitments] == [
        ("U1", date(2026, 11, 27), time(15, 0), "Refund"),
        ("U2", date(2026, 12, 1), None, "Visit"),
    ]
    assert draft.source_permalink == "https://x"


def test_text_is_kept_exactly_as_typed() -> None:
    typed = "  <!channel> & <@U1>  "
    draft = draft_from_view_state(case_values(customer=typed), commitment_count=1,
                                  source_permalink=None)
    assert draft.customer == typed


@pytest.mark.parametrize("bad", [
    {"customer": {"customer": {"value": 42}}},
    {"anger_level": {"anger_level": {"selected_option": {"value": "eleven"}}}},
    {"contact_channel": {"contact_channel": {"selected_option": "phone"}}},
    {"commitment_0_due_date": {"commitment_0_due_date": {"selected_date": "2026-13-45"}}},
    {"commitment_0_due_time": {"commitment_0_due_time": {"selected_time": "25:99"}}},
    {"occurred_at": {"occurred_at": {"selected_date_time": 10**20}}},
    {"deescalation_steps": {"deescalation_steps": {"selected_options": [{"value": "bribe"}]}}},
])
def test_malformed_values_read_as_absent(bad: dict[str, Any]) -> None:
    draft = draft_from_view_state({**case_values(), **bad}, commitment_count=1,
                                  source_permalink=None)
    assert draft.customer in {"Acme Corp", ""}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=25), inner,
                                                                max_size=4),
    max_leaves=20,
)


@given(values=st.dictionaries(st.text(max_size=25), json_values, max_size=8),
       count=st.integers(min_value=-5, max_value=10))
def test_any_state_reads_without_raising(values: dict[str, Any], count: int) -> None:
    draft = draft_from_view_state(values, commitment_count=count, source_permalink=None)
    assert 1 <= len(draft.commitments) <= 3


def test_metadata_round_trip_and_garbage() -> None:
    metadata = ModalMetadata("k" * 32, "C1", 2, "https://example.slack.com/" + "p" * 5000)
    decoded = ModalMetadata.decode(metadata.encode())
    assert len(metadata.encode()) <= 3000
    assert (decoded.submission_key, decoded.channel_id, decoded.commitment_count) == (
        "k" * 32, "C1", 2)
    assert decoded.source_permalink is None  # a clipped link would be broken: dropped instead
    for garbage in ["", "not json", "[]", '{"k": 5}', '{"k": "x", "n": 9}', "null",
                    '{"k": "x", "n": Infinity}', '{"k": "x", "n": NaN}', "[" * 3000,
                    '{"k": "x", "n": [1]}', '{"k": "", "n": 1}', '"k"']:
        with pytest.raises(InvalidMetadata):
            ModalMetadata.decode(garbage)


def test_metadata_round_trips_exactly() -> None:
    metadata = ModalMetadata("key-1", None, 3, "https://example.slack.com/archives/C1/p1")
    assert ModalMetadata.decode(metadata.encode()) == metadata
    assert ModalMetadata.decode(ModalMetadata("k", "C1").encode()) == ModalMetadata("k", "C1")


# Verbatim shape of `view.state.values` in a view_submission (docs.slack.dev, "View
# interactions payload"): each element reports its type, a timepicker may add its timezone.
SUBMITTED: dict[str, Any] = {
    "customer": {"customer": {"type": "plain_text_input", "value": "Globex <billing>"}},
    "contact_channel": {"contact_channel": {"type": "static_select", "selected_option": {
        "text": {"type": "plain_text", "text": "Email", "emoji": True}, "value": "email"}}},
    "occurred_at": {"occurred_at": {"type": "datetimepicker",
                                    "selected_date_time": 1795766400}},
    "anger_level": {"anger_level": {"type": "radio_buttons", "selected_option": {
        "text": {"type": "plain_text", "text": "5 - Furious", "emoji": True}, "value": "5"}}},
    "what_happened": {"what_happened": {
        "type": "plain_text_input", "value": "Outage during their launch.\nThreatened to leave."}},
    "problem": {"problem": {"type": "plain_text_input", "value": None}},
    "category": {"category": {"type": "static_select", "selected_option": None}},
    "customer_wants": {"customer_wants": {"type": "plain_text_input", "value": None}},
    "agreed": {"agreed": {"type": "plain_text_input", "value": "Credit & a call"}},
    "deescalation_steps": {"deescalation_steps": {"type": "checkboxes", "selected_options": [
        {"text": {"type": "plain_text", "text": "Stayed calm", "emoji": True},
         "value": "stay_calm"}]}},
    "lessons": {"lessons": {"type": "plain_text_input", "value": None}},
    "share_consent": {"share_consent": {"type": "checkboxes", "selected_options": []}},
    "commitment_0_owner": {"commitment_0_owner": {"type": "users_select",
                                                  "selected_user": "U0ABCDEF"}},
    "commitment_0_due_date": {"commitment_0_due_date": {"type": "datepicker",
                                                        "selected_date": "2026-11-30"}},
    "commitment_0_due_time": {"commitment_0_due_time": {
        "type": "timepicker", "selected_time": "09:30", "timezone": "Europe/Paris"}},
    "commitment_0_promise": {"commitment_0_promise": {"type": "plain_text_input",
                                                      "value": "Send the credit note"}},
}


def test_a_submission_in_slacks_own_shape() -> None:
    draft = draft_from_view_state(SUBMITTED, commitment_count=1, source_permalink=None)
    assert (draft.customer, draft.contact_channel, draft.anger_level) == (
        "Globex <billing>", ContactChannel.EMAIL, AngerLevel.FURIOUS)
    assert draft.occurred_at == datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    assert draft.what_happened == "Outage during their launch.\nThreatened to leave."
    assert (draft.problem, draft.category, draft.agreed) == ("", None, "Credit & a call")
    assert draft.deescalation_steps == (PlaybookStep.STAY_CALM,)
    assert not draft.share_consent
    assert draft.commitments == (CommitmentDraft("U0ABCDEF", date(2026, 11, 30), time(9, 30),
                                                 "Send the credit note"),)


@pytest.mark.parametrize("count", [2, 3])
def test_commitments_added_but_left_empty_read_as_empty(count: int) -> None:
    draft = draft_from_view_state(SUBMITTED, commitment_count=count, source_permalink=None)
    assert draft.commitments[1:] == (CommitmentDraft("", None, None, ""),) * (count - 1)


@given(text=st.text())
def test_hostile_text_is_stored_as_typed(text: str) -> None:
    values = {**SUBMITTED, "commitment_0_promise": {"commitment_0_promise": {
        "type": "plain_text_input", "value": text}}}
    draft = draft_from_view_state(values, commitment_count=1, source_permalink=None)
    # As typed, but for NUL: PostgreSQL can't store it, and no Slack client sends it.
    assert draft.commitments[0].promise == text.replace("\x00", "")
