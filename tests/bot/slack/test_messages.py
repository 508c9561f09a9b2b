"""Messages about logged cases and the mrkdwn they are made of: limits, escaping, snapshots."""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from slack_sdk.models.blocks import Block

from bot.slack.messages import (
    case_logged_confirmation,
    commitment_assigned_dm,
    error_message,
    help_message,
)
from bot.slack.mrkdwn import clip, escape_clipped, link, slack_date
from commands.cases import MAX_PROMISE_LENGTH, CaseSummary, CommitmentSummary
from commands.playbook import AngerLevel, ContactChannel, PlaybookStep

SNAPSHOTS = Path(__file__).parent / "snapshots"
DUE = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)
PERMALINK = "https://example.slack.com/archives/C1/p1700000000000100"
# Every `<` we write ourselves: mentions of ids Slack gave us, dates, the permalink.
OUR_TOKENS = re.compile(r"<(@UREP>|@UOWN\d?>|!date\^\d+\^|https://example\.slack\.com/)")
HOSTILE = "<!channel> <!here> <@U123> <http://evil|click> & Tom & Jerry's"
ENTITY = re.compile(r"&(amp|lt|gt);")


def a_commitment(index: int = 0, promise: str = "Call back with the refund") -> CommitmentSummary:
    return CommitmentSummary(
        commitment_id=index + 1, owner_user_id=f"UOWN{index}" if index else "UOWN",
        promise=promise, due_date=date(2026, 11, 27), due_time=time(15, 0), due_at=DUE,
        zone_name="Europe/Paris")


def a_summary(customer: str = "Acme Corp", promise: str = "Call back with the refund",
              commitments: int = 1, permalink: str | None = PERMALINK) -> CaseSummary:
    return CaseSummary(
        case_id=7, reporter_user_id="UREP", customer=customer,
        contact_channel=ContactChannel.PHONE, anger_level=AngerLevel.ANGRY,
        category="Billing & refunds", what_happened="Charged twice", agreed=promise,
        deescalation_steps=(PlaybookStep.ACKNOWLEDGE, PlaybookStep.LET_VENT,
                            PlaybookStep.APOLOGIZE),
        share_consent=True, source_permalink=permalink,
        commitments=tuple(a_commitment(i, promise) for i in range(commitments)))


def a_dm(summary: CaseSummary) -> dict[str, Any]:
    return commitment_assigned_dm(summary, summary.commitments[0])


def assert_within_limits(message: dict[str, Any]) -> None:
    assert message["text"], "a notification fallback is always there"
    blocks = message.get("blocks", [])
    assert len(blocks) <= 50
    for block in Block.parse_all(blocks):
        block.to_dict()  # slack_sdk raises on any element over its limit
    ids = [b["block_id"] for b in blocks if "block_id" in b]
    assert len(ids) == len(set(ids))
    for block in blocks:
        texts = [block["text"]] if "text" in block else block.get("elements", [])
        assert all(len(t["text"]) <= 3000 for t in texts)


def assert_snapshot(name: str, rendered: dict[str, Any]) -> None:
    """Compared with the reviewed file; UPDATE_SNAPSHOTS=1 rewrites it on purpose."""
    path = SNAPSHOTS / f"{name}.json"
    text = json.dumps(rendered, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
    assert path.exists(), f"no snapshot {path.name}: run with UPDATE_SNAPSHOTS=1 and review it"
    assert path.read_text() == text


def strings_in(payload: Any) -> list[str]:
    if isinstance(payload, str):
        return [payload]
    if isinstance(payload, dict):
        return [s for value in payload.values() for s in strings_in(value)]
    if isinstance(payload, list):
        return [s for value in payload for s in strings_in(value)]
    return []


def foreign_angle_brackets(message: dict[str, Any]) -> list[str]:
    """Each `<` that does not open one of our own tokens: user text that escaped escaping."""
    return [text[i:i + 20] for text in strings_in(message)
            for i in (m.start() for m in re.finditer("<", text))
            if not OUR_TOKENS.match(text, i)]


def test_confirmation_snapshot() -> None:
    assert_snapshot("confirmation_single", case_logged_confirmation(a_summary()))


def test_assigned_dm_snapshot() -> None:
    assert_snapshot("assigned_dm", a_dm(a_summary()))


def test_the_confirmation_says_what_was_logged() -> None:
    message = case_logged_confirmation(a_summary(commitments=3))
    text = json.dumps(message)
    assert "*Acme Corp*" in text and "Anger 4 - Angry" in text
    assert "Billing &amp; refunds" in text and "Playbook steps used: 3" in text
    assert all(f"<@{c.owner_user_id}>" in text for c in a_summary(commitments=3).commitments)
    assert "Fri 27 Nov 2026 15:00 (Europe/Paris)" in text
    assert_within_limits(message)


def test_the_dm_links_the_original_message_only_when_there_is_a_safe_one() -> None:
    with_link = a_dm(a_summary())
    assert f"<{PERMALINK}|The original message>" in json.dumps(with_link)
    # The promise, the question and Accept / Decline; no link.
    assert len(a_dm(a_summary(permalink=None))["blocks"]) == 3
    assert len(a_dm(a_summary(permalink="!channel"))["blocks"]) == 3
    assert "<@UREP> logged a difficult conversation with *Acme Corp*" in json.dumps(with_link)


def test_a_multiline_promise_stays_quoted() -> None:
    text = a_dm(a_summary(promise="Refund\nand call back"))["blocks"][0]["text"]["text"]
    assert ">Refund\n>and call back\n" in text


@pytest.mark.parametrize("filler", ["&", "<", "x", "&\n"])
def test_the_due_date_survives_the_longest_promise(filler: str) -> None:
    promise = (filler * MAX_PROMISE_LENGTH)[:MAX_PROMISE_LENGTH]
    summary = a_summary(customer=filler * 200, promise=promise, commitments=3)
    for message in [case_logged_confirmation(summary), a_dm(summary)]:
        assert_within_limits(message)
        assert "<!date^" in json.dumps(message)
    confirmation = case_logged_confirmation(summary)["blocks"][0]["text"]["text"]
    assert confirmation.endswith("Playbook steps used: 3")


texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from([HOSTILE, "<!channel>", "<@U123>", "<http://evil|click>", "&",
                              "<", ">", "|", "\n", "x"]), max_size=60).map("".join),
    st.sampled_from([HOSTILE * 200, "&" * 10_000, "<" * 10_000, "x" * 10_000]),
)


@settings(max_examples=200, deadline=None)
@given(customer=texts, promise=texts)
def test_user_text_never_pings_links_or_breaks_limits(customer: str, promise: str) -> None:
    summary = a_summary(customer, promise, commitments=3)
    for message in [case_logged_confirmation(summary), a_dm(summary),
                    error_message(customer)]:
        assert_within_limits(message)
        assert foreign_angle_brackets(message) == []


def test_help_lists_every_way_in() -> None:
    message = help_message()
    assert message["response_type"] == "ephemeral"
    for usage in ["`/angrycall`", "`/angrycall Acme call back Friday 3pm`", "`/angrycall help`",
                  "`/angrycall list`: your open commitments", "*Log difficult conversation*"]:
        assert usage in message["text"]
    assert_within_limits(message)


def test_an_error_is_ephemeral_short_and_escaped() -> None:
    message = error_message(f"Unknown customer {HOSTILE}" * 100)
    assert message["response_type"] == "ephemeral"
    assert len(message["text"]) <= 1100 and "<" not in message["text"]
    assert error_message("")["text"]


def test_slack_date_reads_in_each_zone_with_a_local_fallback() -> None:
    assert slack_date(DUE, ZoneInfo("Europe/Paris")) == (
        f"<!date^{int(DUE.timestamp())}^{{date_short_pretty}} at {{time}}"
        "|Fri 27 Nov 2026 15:00 (Europe/Paris)>")


@given(text=st.text(alphabet="&<>ab", max_size=60), limit=st.integers(min_value=1, max_value=40))
def test_escape_clipped_fits_and_never_halves_an_entity(text: str, limit: int) -> None:
    clipped = escape_clipped(text, limit)
    assert len(clipped) <= limit
    body = clipped.removesuffix("…")
    assert "<" not in body and ">" not in body
    assert all(ENTITY.match(body, m.start()) for m in re.finditer("&", body))


def test_clip_keeps_short_text_and_marks_a_cut() -> None:
    assert clip("short", 10) == "short"
    assert clip("x" * 20, 10) == "x" * 9 + "…"


@pytest.mark.parametrize("url", ["!channel", "@U123", "javascript:alert(1)", "http://plain",
                                 "https://x|<!here>", "https://a b", "https://" + "x" * 3000])
def test_only_a_plain_https_url_becomes_a_link(url: str) -> None:
    assert link(url, "this <message>") == "this &lt;message&gt;"


def test_an_https_url_is_linked_with_its_ampersands_escaped() -> None:
    assert link("https://x.slack.com/p1?thread_ts=1&cid=C1", "it") == (
        "<https://x.slack.com/p1?thread_ts=1&amp;cid=C1|it>")


def test_confirmation_without_consent_or_agreement_is_shorter() -> None:
    summary = replace(a_summary(), share_consent=False, agreed="", category=None)
    message = case_logged_confirmation(summary)
    assert len(message["blocks"]) == 2 and "Agreed" not in json.dumps(message)
