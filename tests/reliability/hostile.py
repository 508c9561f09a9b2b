"""Hypothesis strategies for what a careless or hostile sender puts in Slack's fields."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from commands.cases import CaseField, CommitmentField, commitment_field

# Bounded and derandomized: the same examples in CI every run, a few seconds per test.
BOUNDED = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    # One app (and database) serves every example of a test, like a long-running server.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
)

TEN_KB = 10 * 1024
INJECTIONS = (
    "<!channel>", "<!here>", "<!everyone>", "<!subteam^S0123|@support>", "<@U0OWNER01>",
    "<#C2147483705>", "<https://evil.example/login|Slack login>", "<script>alert(1)</script>",
    "&lt;!channel&gt;", "*bold* _it_ ~gone~ `code` ```block```", "> quote", ":skull:",
    "\u202egnp.exe", "\u200b\u200d\ufeff", "𝕬𝖈𝖒𝖊 🔥👩‍👩‍👧", "' OR 1=1; DROP TABLE cases; --",
    "%s%s%n{0}{__class__}", "\r\n\t", "\x00", "\ud7ff\ue000\U0010fffd",
)

injection = st.sampled_from(INJECTIONS)
# Any code point Python can encode as UTF-8 (no lone surrogates: Slack sends valid UTF-8).
unicode_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
huge_text = st.builds(lambda piece, n: (piece * n)[:TEN_KB + n],
                      st.sampled_from(["x", "<!channel> ", "é", "🔥", "&<>"]),
                      st.integers(min_value=0, max_value=64).map(lambda n: TEN_KB + n))

nasty_text = st.one_of(
    unicode_text,
    injection,
    st.lists(st.one_of(injection, unicode_text), min_size=1, max_size=5).map("".join),
    huge_text,
)

# Values of the wrong JSON type for a field that should hold a string or an object.
wrong_type = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(),
                                                          max_size=2),
)

TODAY = date(2026, 11, 24)  # the app fixture's FIXED_NOW
date_text = st.one_of(
    st.dates(min_value=TODAY - timedelta(days=400), max_value=TODAY + timedelta(days=400))
    .map(date.isoformat),
    st.sampled_from(["", "2026-13-45", "2026-02-30", "tomorrow", "9999-12-31", "0001-01-01"]),
    nasty_text,
)
time_text = st.one_of(st.sampled_from(["09:00", "15:30", "24:00", "25:61", "", "9am"]),
                      nasty_text)
user_ids = st.one_of(st.sampled_from(["U0OWNER01", "U2147483697", "U0OTHER01", "UNOBODY00",
                                      "W0DELETED", "", "USLACKBOT"]), nasty_text)
option_values = st.one_of(
    st.sampled_from(["phone", "email", "chat", "in_person", "1", "3", "5", "0", "6", "-1",
                     "Billing", "Other", "acknowledge", "share"]),
    nasty_text,
)


def _element(kind: str, key: str, value: Any) -> dict[str, Any]:
    return {"type": kind, key: value}


def _option(value: Any) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": "x"}, "value": value}


@st.composite
def field_element(draw: st.DrawFn, name: str) -> Any:
    """One input's state: well formed with a hostile value, of the wrong type, or junk."""
    kind, key, values = _FIELD_SHAPES.get(name, ("plain_text_input", "value", nasty_text))
    if key == "selected_option":
        good = _element(kind, key, draw(st.one_of(st.none(), values.map(_option),
                                                  wrong_type.map(_option))))
    elif key == "selected_options":
        options = st.lists(st.one_of(values, wrong_type).map(_option), max_size=12)
        good = _element(kind, key, draw(options))
    else:
        good = _element(kind, key, draw(st.one_of(values, st.none())))
    return draw(st.one_of(st.just(good), wrong_type,
                          st.just({"type": "unknown_element", key: draw(wrong_type)})))


_FIELD_SHAPES: dict[str, tuple[str, str, st.SearchStrategy[Any]]] = {
    CaseField.CONTACT_CHANNEL: ("static_select", "selected_option", option_values),
    CaseField.ANGER_LEVEL: ("radio_buttons", "selected_option", option_values),
    CaseField.CATEGORY: ("static_select", "selected_option", option_values),
    CaseField.OCCURRED_AT: ("datetimepicker", "selected_date_time",
                            st.one_of(st.integers(), st.floats(), st.text(max_size=12))),
    CaseField.DEESCALATION_STEPS: ("checkboxes", "selected_options", option_values),
    CaseField.SHARE_CONSENT: ("checkboxes", "selected_options", option_values),
    commitment_field(0, CommitmentField.OWNER): ("users_select", "selected_user", user_ids),
    commitment_field(0, CommitmentField.DUE_DATE): ("datepicker", "selected_date", date_text),
    commitment_field(0, CommitmentField.DUE_TIME): ("timepicker", "selected_time", time_text),
}
FORM_FIELDS = [*(f.value for f in CaseField),
               *(commitment_field(0, part) for part in CommitmentField)]


@st.composite
def log_form_values(draw: st.DrawFn) -> dict[str, Any]:
    """`view.state.values` of the log modal: any field missing, malformed or hostile."""
    values: dict[str, Any] = {}
    for name in FORM_FIELDS:
        if draw(st.integers(0, 9)) == 0:
            continue  # a missing field
        values[name] = {name: draw(field_element(name))}
    return values


def truncations(text: str) -> st.SearchStrategy[str]:
    """`text` cut short anywhere: a request body that ends mid-JSON."""
    return st.integers(min_value=0, max_value=max(len(text) - 1, 0)).map(lambda n: text[:n])
