"""The digest's pure parts: weeks in the channel's zone, anonymization, composition."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commands.anonymize import Anonymizer
from commands.case_studies import pick_case_studies
from commands.digest_composition import DigestFacts, Week, compose_digest
from commands.digest_facts import CaseFacts, PromiseFacts, WeekCount
from commands.digest_request import (
    DigestAction,
    DigestRequestError,
    parse_digest_request,
)
from commands.digest_week import (
    DigestSchedule,
    iso_week,
    latest_due,
    next_due_after,
    post_instant_in_week,
)
from commands.focus import coaching_focus
from commands.playbook import DEFAULT_PLAYBOOK, PlaybookStep

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_NINE = DigestSchedule(0, time(9, 0), BERLIN)
END = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # Monday 09:00 Berlin
ALL: tuple[str, ...] = tuple(PlaybookStep)
WEEK = Week(start=END - timedelta(days=7), end=END, first_day=date(2026, 11, 23),
            last_day=date(2026, 11, 29), label="2026-W48")


def case(case_id: int, *, customer: str = "Acme", category: str | None = "Billing",
         consent: bool = True, status: str = "closed", lessons: str = "Check first",
         anger: int = 3, steps: tuple[str, ...] = ALL) -> CaseFacts:
    return CaseFacts(case_id=case_id, customer=customer, category=category, anger_level=anger,
                     logged_at=END - timedelta(days=2), status=status, share_consent=consent,
                     what_happened=f"{customer} (ann@acme.com, +44 20 7946 0958) was charged "
                                   "twice", problem="", agreed="Refund", lessons=lessons,
                     outcome="Refunded", steps=steps)


def test_the_week_is_read_in_the_channels_zone() -> None:
    # Monday 00:30 in Berlin is still Sunday in UTC: the ISO week follows the channel's zone.
    instant = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)
    assert (iso_week(instant, BERLIN), iso_week(instant, ZoneInfo("UTC"))) == ("2026-W49",
                                                                              "2026-W48")
    # The digest due Monday 30 November counts the week before it: 2026-W48.
    assert post_instant_in_week(MONDAY_NINE, "2026-W48") == END


@pytest.mark.parametrize("week", ["2026-W13", "2026-W14", "2026-W43", "2026-W44"])
def test_one_digest_a_week_across_dst(week: str) -> None:
    # Berlin changes clocks on 29 March and 25 October 2026: Monday 09:00 stays 09:00 local.
    instant = post_instant_in_week(MONDAY_NINE, week)
    assert instant.astimezone(BERLIN).strftime("%a %H:%M") == "Mon 09:00"
    assert latest_due(MONDAY_NINE, instant) == instant
    assert next_due_after(MONDAY_NINE, instant) == post_instant_in_week(
        MONDAY_NINE, iso_week(instant, BERLIN))


@settings(max_examples=200, deadline=None)
@given(moment=st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2036, 1, 1),
                           timezones=st.just(UTC)),
       weekday=st.integers(0, 6), zone=st.sampled_from(
           ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Kiritimati"]))
def test_exactly_one_instant_per_iso_week(moment: datetime, weekday: int, zone: str) -> None:
    schedule = DigestSchedule(weekday, time(9, 0), ZoneInfo(zone))
    latest = latest_due(schedule, moment)
    following = next_due_after(schedule, moment)
    assert latest <= moment < following
    assert iso_week(latest, schedule.zone) != iso_week(following, schedule.zone)
    assert following - latest <= timedelta(days=7, hours=1)


def test_anonymization_hides_names_emails_and_phones() -> None:
    anonymizer = Anonymizer()
    text = "Acme Corp's CFO (cfo@acme.io, +1 (555) 123-4567) said acme would leave"
    assert anonymizer.scrub(text, ["Acme Corp"]) == (
        "Customer A's CFO ([email], [phone]) said Customer A would leave")
    assert anonymizer.label("Globex") == "Customer B"
    assert Anonymizer(show_names=True).scrub(text, ["Acme Corp"]).startswith("Acme Corp's")


def test_case_studies_follow_the_rule() -> None:
    cases = [
        case(1, category="Billing", status="open"),
        case(2, category="Billing"),
        case(3, category="Billing", lessons=""),
        case(4, category="Delivery", anger=5),
        case(5, category="Outage", consent=False, anger=5),
    ]
    # Consented only; lessons first; closed before open; categories varied, then filled up.
    assert [c.case_id for c in pick_case_studies(cases)] == [4, 2, 1]


def test_coaching_focus_is_the_step_most_often_missing() -> None:
    without_listening = tuple(s for s in ALL if s is not PlaybookStep.LET_VENT)
    cases = [case(1, steps=without_listening), case(2, steps=without_listening),
             case(3, steps=without_listening), case(4)]
    focus = coaching_focus(cases, DEFAULT_PLAYBOOK)
    assert focus is not None and (focus.step_id, focus.used, focus.based_on) == (
        PlaybookStep.LET_VENT, 1, 4)


def test_composition_numbers_kudos_and_anonymity() -> None:
    promises = [
        PromiseFacts("U1", END - timedelta(days=3), "done", END - timedelta(days=4), 0),
        PromiseFacts("U1", END - timedelta(days=2), "done", END - timedelta(days=1), 1),
        PromiseFacts("U2", END - timedelta(days=1), "open", None, 0),
    ]
    trend = [WeekCount(END - timedelta(weeks=8 - i), n, 0, 0) for i, n in
             enumerate([1, 2, 3, 4, 5, 6, 4, 2])]
    facts = DigestFacts(cases=[case(1), case(2, customer="Globex")], promises=promises,
                        renegotiations=1, trend=trend, earlier_customers={"globex"},
                        first_case_at=END - timedelta(weeks=10))
    digest = compose_digest(WEEK, facts, show_names=False, now=END)
    n = digest.numbers
    assert (n.cases, n.previous_week, n.four_week_average) == (2, 4, 4.75)
    assert (n.due, n.kept_on_time, n.kept_late, n.renegotiated, n.overdue) == (3, 1, 1, 1, 1)
    assert n.repeat_customers == 1
    assert digest.kudos == (("U1", 1),)
    text = str(digest.studies)
    assert "Acme" not in text and "Globex" not in text and "ann@acme.com" not in text
    assert "+44" not in text and "Customer A" in text


def test_a_quiet_week() -> None:
    facts = DigestFacts(cases=[], promises=[], renegotiations=0, trend=[])
    digest = compose_digest(WEEK, facts, show_names=False, now=END)
    assert digest.quiet and digest.studies == () and digest.focus is None


def test_digest_requests() -> None:
    request = parse_digest_request("here friday 16:30 America/New_York for Billing, Returns")
    assert (request.action, request.weekday, request.at, request.categories) == (
        DigestAction.SUBSCRIBE, 4, time(16, 30), ("Billing", "Returns"))
    assert request.zone == ZoneInfo("America/New_York")
    assert parse_digest_request("here").weekday == 0
    assert parse_digest_request("off").action is DigestAction.UNSUBSCRIBE
    for bad in ["", "sometimes", "here caturday", "off now"]:
        with pytest.raises(DigestRequestError):
            parse_digest_request(bad)
