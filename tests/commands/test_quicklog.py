"""`/angrycall <text>`: customer and due date guessed in the reporter's own timezone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commands.quicklog import parse_quick_text

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # a Tuesday
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("text", "customer", "due", "at"),
    [
        ("Acme Corp call back Friday 3pm", "Acme Corp", date(2026, 11, 27), time(15, 0)),
        ("Bob Smith (Initech): refund promised by Dec 3", "Bob Smith (Initech)",
         date(2026, 12, 3), None),
        ("Globex - angry about invoice, follow up tomorrow", "Globex", date(2026, 11, 25), None),
        ("Jane Doe", "Jane Doe", None, None),
        ("call back monday 10:30 Umbrella Ltd", "Umbrella Ltd", date(2026, 11, 30), time(10, 30)),
        ("they may churn", "they may churn", None, None),  # "may" is not a month here
        ("Acme 2000 units", "Acme 2000 units", None, None),  # nor is 2000 a year
        ("Hooli promised by 2020-01-01", "Hooli", None, None),  # a past date is no due date
        ("", "", None, None),
    ],
)
def test_examples(text: str, customer: str, due: date | None, at: time | None) -> None:
    prefill = parse_quick_text(text, now=NOW, zone=NEW_YORK)
    assert (prefill.customer, prefill.due_date, prefill.due_time) == (customer, due, at)
    assert prefill.what_happened != text.strip() or not text  # the note is not copied whole


@pytest.mark.parametrize(
    ("text", "promise", "happened"),
    [
        ("Acme Corp call back Friday 3pm", "call back", ""),
        ("Acme: send the refund by Friday", "send the refund", ""),
        ("Globex - angry about invoice, follow up tomorrow", "follow up", "angry about invoice"),
        ("call back monday 10:30 Umbrella Ltd", "call back", ""),
        ("Jane Doe", "", ""),
    ],
)
def test_the_promise_is_the_clause_before_its_date(text: str, promise: str,
                                                   happened: str) -> None:
    prefill = parse_quick_text(text, now=NOW, zone=NEW_YORK)
    assert (prefill.promise, prefill.what_happened) == (promise, happened)


def test_tomorrow_depends_on_the_reporters_zone() -> None:
    # 15:00 UTC Tuesday is already Wednesday 05:00 in Kiritimati, still Tuesday in Pago Pago.
    east = parse_quick_text("Acme tomorrow", now=NOW, zone=ZoneInfo("Pacific/Kiritimati"))
    west = parse_quick_text("Acme tomorrow", now=NOW, zone=ZoneInfo("Pacific/Pago_Pago"))
    assert (east.due_date, west.due_date) == (date(2026, 11, 26), date(2026, 11, 25))


def test_across_a_dst_change() -> None:
    saturday = datetime(2026, 3, 7, 15, 0, tzinfo=UTC)
    prefill = parse_quick_text("Acme Monday 9am", now=saturday, zone=NEW_YORK)
    assert (prefill.due_date, prefill.due_time) == (date(2026, 3, 9), time(9, 0))


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=400), zone=st.timezones(no_cache=True))
def test_never_raises_and_never_dates_the_past(text: str, zone: ZoneInfo) -> None:
    prefill = parse_quick_text(text, now=NOW, zone=zone)
    if prefill.due_date is not None:
        assert prefill.due_date >= NOW.astimezone(zone).date()
    assert len(prefill.customer) <= 200
