"""Hypothesis strategies for what a careless client, a stale card or a hostile sender puts in a
Teams activity: wrong JSON types, missing parts, huge and odd text, tampered card data."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st

from bot.teams.ids import Verb
from commands.cases import CaseField, CommitmentField, commitment_field
from tests.reliability.hostile import BOUNDED as SLACK_BOUNDED

# The Slack suite's bounds (derandomized, no deadline, one app for every example of a test),
# with more examples: a Teams activity has more shapes to get wrong.
BOUNDED = settings(SLACK_BOUNDED, max_examples=60)

TEN_KB = 10 * 1024
INJECTIONS = (
    "<at>angrycall</at>", "<at>Olga Owner</at> <at>everyone</at>", "@General @channel",
    "[click me](https://evil.example/login)", "![img](https://evil.example/x.png)",
    "<script>alert(1)</script>", "<a href='https://evil.example'>x</a>", "**bold** _it_ `code`",
    "# heading\n> quote\n- list", "&lt;at&gt;x&lt;/at&gt;", "{{DATE(2026-01-01T00:00:00Z)}}",
    "${jndi:ldap://x}", "\u202egnp.exe", "\u200b\u200d\ufeff", "𝕬𝖈𝖒𝖊 🔥👩‍👩‍👧",
    "' OR 1=1; DROP TABLE cases; --", "%s%s%n{0}{__class__}", "\r\n\t", "\x00", "\ud800",
    "a\udfffb", "\U0010fffd",
)
injection = st.sampled_from(INJECTIONS)
unicode_text = st.text(max_size=60)  # lone surrogates included: JSON escapes can carry them
huge_text = st.builds(lambda piece, extra: piece * (TEN_KB // len(piece) + extra),
                      st.sampled_from(["x", "<at>a</at>", "é", "🔥", "[a](b)"]),
                      st.integers(min_value=0, max_value=32))
nasty_text = st.one_of(
    unicode_text, injection, huge_text,
    st.lists(st.one_of(injection, unicode_text), min_size=1, max_size=4).map("".join),
)
# Values of the wrong JSON type for a field that should hold a string or an object.
wrong_type = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False), st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
anything = st.one_of(wrong_type, nasty_text)
VERBS = [v.value for v in Verb]
verb = st.one_of(st.sampled_from([*VERBS, "LOG_CASE", "delete_case", "", "commitment_reassign"]),
                 wrong_type)
BAD_DATES = ["", "2026-13-45", "2026-02-30", "tomorrow", "2026-11-20", "0001-01-01",
             "2026-11-27T25:00", "27/11/2026"]
FORM_FIELDS = [f.value for f in CaseField] + [
    commitment_field(0, part) for part in CommitmentField] + ["occurred_on", "occurred_time"]


@st.composite
def card_submit_value(draw: st.DrawFn) -> Any:
    """What a tampered or stale card sends back as `value`; never a valid case (its due date
    is always unusable), so nothing may be stored."""
    if draw(st.booleans()):
        return draw(wrong_type)
    value: dict[str, Any] = {"verb": draw(verb)}
    value["submission_key"] = draw(st.one_of(st.just("0" * 32), anything))
    value["commitment_count"] = draw(anything)
    value["commitment_id"] = draw(st.one_of(
        st.sampled_from([1, "1", 0, -1, 2**31, 2**63, "9" * 40, "1e3", " 1 "]), anything))
    for name in draw(st.lists(st.sampled_from(FORM_FIELDS), max_size=8, unique=True)):
        value[name] = draw(anything)
    for name in ("snooze_choice", "reaction", "new_date", "new_time", "customer_informed",
                 "note", "tenant", "team"):
        if draw(st.booleans()):
            value[name] = draw(anything)
    value[commitment_field(0, CommitmentField.DUE_DATE)] = draw(st.one_of(
        st.sampled_from(BAD_DATES), wrong_type))
    return value


def unhandled_errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Errors logged while the test ran, but the SDK's own note that a body was not an activity
    (logged, with a traceback, on every refused one: the refusal is the handling)."""
    return [f"{r.name}: {r.getMessage()[:300]}" for r in caplog.get_records("call")
            if r.levelno >= logging.ERROR and r.name != "microsoft_agents.activity.activity"]


def ascii_json(value: Any) -> bytes:
    return json.dumps(value).encode()
