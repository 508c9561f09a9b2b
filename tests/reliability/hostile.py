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
# Any code point Python can encode as UTF-8 (Slack sends valid UTF-8).
unicode_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
# Text with at least one lone surrogate: JSON can carry it (`"\ud800"`), UTF-8 cannot.
lone_surrogate = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
surrogate_text = st.tuples(unicode_text, lone_surrogate, unicode_text).map("".join)
huge_text = st.builds(lambda piece, n: (piece * n)[:TEN_KB + n],
                      st.sampled_from(["x", "<!channel> ", "é", "🔥", "&<>"]),
                      st.integers(min_value=0, max_value=64).map(lambda n: TEN_KB + n))

nasty_text = st.one_of(
    unicode_text,
    injection,
    st.lists(st.one_of(injection, unicode_text), min_size=1, max_size=5).map("".join),
    huge_text,
)
# What JSON can carry and form encoding cannot: a lone surrogate (mended to U+FFFD).
json_text = st.one_of(nasty_text, surrogate_text)

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
    json_text,
)
time_text = st.one_of(st.sampled_from(["09:00", "15:30", "24:00", "25:61", "", "9am"]),
                      json_text)
user_ids = st.one_of(st.sampled_from(["U0OWNER01", "U2147483697", "U0OTHER01", "UNOBODY00",
                                      "W0DELETED", "", "USLACKBOT"]), json_text)
option_values = st.one_of(
    st.sampled_from(["phone", "email", "chat", "in_person", "1", "3", "5", "0", "6", "-1",
                     "Billing", "Other", "acknowledge", "share"]),
    json_text,
)


def _element(kind: str, key: str, value: Any) -> dict[str, Any]:
    return {"type": kind, key: value}


def _option(value: Any) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": "x"}, "value": value}


@st.composite
def field_element(draw: st.DrawFn, name: str) -> Any:
    """One input's state: well formed with a hostile value, of the wrong type, or junk."""
    kind, key, values = _FIELD_SHAPES.get(name, ("plain_text_input", "value", json_text))
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


# -- envelopes Slack never sends (issue 12, point 15) --------------------------------------------

# What a request's `type` may be: Slack's, near misses, and not text at all.
odd_types = st.one_of(
    st.sampled_from(["event_callback", "block_actions", "view_submission", "view_closed",
                     "message_action", "shortcut", "url_verification", "app_rate_limited",
                     "block_suggestion", "interactive_message", "dialog_submission", "", " ",
                     "EVENT_CALLBACK", "event_callback\x00", "__proto__", "constructor"]),
    wrong_type, nasty_text, surrogate_text,
)
# An id where Slack puts a string: a number (reaches a PostgreSQL text column), a string too
# long, or junk.
odd_ids = st.one_of(st.integers(-(2**63), 2**63), st.floats(allow_nan=False), st.booleans(),
                    st.none(), st.just("T" * 300), surrogate_text, wrong_type)
ID_PLACES = (("team", "id"), ("user", "id"), ("user", "team_id"), ("channel", "id"),
             ("enterprise", "id"), ("view", "team_id"), ("view", "app_installed_team_id"),
             ("container", "channel_id"), ("event", "user"), ("event", "channel"),
             ("event", "type"), ("", "team_id"), ("", "api_app_id"), ("", "event_id"),
             ("", "user_id"), ("", "trigger_id"), ("", "response_url"))


@st.composite
def with_odd_envelope(draw: st.DrawFn, body: dict[str, Any]) -> dict[str, Any]:
    """`body` with its type, ids, event or authorizations replaced by what Slack never sends."""
    for _ in range(draw(st.integers(1, 4))):
        where, key = draw(st.sampled_from(ID_PLACES))
        target = body if not where else body.get(where)
        if where and not isinstance(target, dict):
            target = body[where] = {}
        target[key] = draw(odd_ids)
    if draw(st.booleans()):
        body["type"] = draw(odd_types)
    if draw(st.integers(0, 3)) == 0:
        body["event"] = draw(st.one_of(st.none(), wrong_type, st.just({})))
    if draw(st.integers(0, 3)) == 0:
        body["authorizations"] = draw(st.one_of(
            wrong_type, st.lists(st.dictionaries(st.sampled_from(
                ["team_id", "user_id", "enterprise_id", "is_bot"]), odd_ids), max_size=2)))
    return body


def nested_json(depth: int, opener: str = "[", closer: str = "]") -> str:
    return opener * depth + closer * depth
