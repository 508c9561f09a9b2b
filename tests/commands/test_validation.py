"""The rules of a logged case, table-tested with a fixed `now`."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from commands.cases import (
    MAX_CUSTOMER_LENGTH,
    MAX_TEXT_LENGTH,
    CaseDraft,
    CommitmentDraft,
    FormContext,
    due_instant,
)
from commands.playbook import AngerLevel, ContactChannel, PlaybookStep
from commands.validation import validate_case

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # 10:00 New York, 00:00 on the 25th in Tokyo
ZONES = {"UNY": ZoneInfo("America/New_York"), "UTOKYO": ZoneInfo("Asia/Tokyo")}
CONTEXT = FormContext(reporter_user_id="UNY", categories=["Billing", "Other"], zones=ZONES)


def promise(owner: str = "UNY", due: date | None = date(2026, 11, 27),
            at: time | None = None, text: str = "Call back") -> CommitmentDraft:
    return CommitmentDraft(owner_user_id=owner, due_date=due, due_time=at, promise=text)


def draft(**changes: object) -> CaseDraft:
    base = CaseDraft(
        customer="Acme",
        contact_channel=ContactChannel.PHONE,
        occurred_at=None,
        anger_level=AngerLevel.ANGRY,
        what_happened="Double charge",
        problem="",
        category="Billing",
        customer_wants="",
        agreed="",
        deescalation_steps=(PlaybookStep.LET_VENT,),
        lessons="",
        share_consent=False,
        commitments=(promise(),),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def errors_of(case: CaseDraft) -> set[str]:
    return set(validate_case(case, context=CONTEXT, now=NOW))


def test_a_complete_draft_is_valid() -> None:
    assert errors_of(draft()) == set()


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"customer": "   "}, {"customer"}),
        ({"customer": "x" * (MAX_CUSTOMER_LENGTH + 1)}, {"customer"}),
        ({"what_happened": ""}, {"what_happened"}),
        ({"lessons": "x" * (MAX_TEXT_LENGTH + 1)}, {"lessons"}),
        ({"contact_channel": None, "anger_level": None}, {"contact_channel", "anger_level"}),
        ({"category": "Retired category"}, {"category"}),
        ({"occurred_at": datetime(2026, 11, 25, 15, 0, tzinfo=UTC)}, {"occurred_at"}),
        ({"commitments": (promise(due=None),)}, {"commitment_0_due_date"}),
        ({"commitments": (promise(text=" "),)}, {"commitment_0_promise"}),
        ({"commitments": (promise(), promise(due=date(2026, 11, 1)))}, {"commitment_1_due_date"}),
        ({"commitments": (promise(owner=""),)}, {"commitment_0_owner"}),
    ],
)
def test_each_mistake_shows_on_its_field(changes: dict[str, object], fields: set[str]) -> None:
    assert errors_of(draft(**changes)) == fields


def test_past_is_judged_in_the_owners_zone() -> None:
    # The 24th is today in New York but already yesterday in Tokyo.
    assert errors_of(draft(commitments=(promise(owner="UNY", due=date(2026, 11, 24)),))) == set()
    assert errors_of(draft(commitments=(promise(owner="UTOKYO", due=date(2026, 11, 24)),))) == {
        "commitment_0_due_date"
    }


def test_a_time_already_past_today_is_refused() -> None:
    today_earlier = promise(due=date(2026, 11, 24), at=time(9, 0))
    today_later = promise(due=date(2026, 11, 24), at=time(11, 0))
    assert errors_of(draft(commitments=(today_earlier,))) == {"commitment_0_due_time"}
    assert errors_of(draft(commitments=(today_later,))) == set()


def test_more_commitments_than_the_form_holds_are_refused() -> None:
    assert "commitment_2_promise" in errors_of(draft(commitments=(promise(),) * 4))


@pytest.mark.parametrize(
    ("day", "at", "zone", "expected"),
    [
        (date(2026, 11, 27), time(15, 0), "Europe/Berlin", "2026-11-27T14:00:00+00:00"),
        (date(2026, 11, 27), None, "America/New_York", "2026-11-27T23:00:00+00:00"),
        # 02:30 does not exist in New York on 8 March 2026: it is read as 03:30 EDT.
        (date(2026, 3, 8), time(2, 30), "America/New_York", "2026-03-08T07:30:00+00:00"),
        # 01:30 happens twice on 1 November 2026: the first (EDT) is meant.
        (date(2026, 11, 1), time(1, 30), "America/New_York", "2026-11-01T05:30:00+00:00"),
        (date(2026, 11, 27), time(9, 0), "Pacific/Kiritimati", "2026-11-26T19:00:00+00:00"),
    ],
)
def test_due_instant(day: date, at: time | None, zone: str, expected: str) -> None:
    assert due_instant(day, at, ZoneInfo(zone)).isoformat() == expected
