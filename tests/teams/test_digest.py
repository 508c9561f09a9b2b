"""`angrycall digest here` in a Teams channel, and the weekly digest posted there as a card by
the same claim loop as Slack's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.digest_cli import print_or_post_digest
from storage.models import Case, DigestPost, DigestSubscription, TeamsChannel
from tests.teams.activities import (
    CHANNEL,
    OWNER,
    REPORTER,
    in_channel,
    installed,
    message,
    personal_chat,
)
from tests.teams.conftest import TeamsDriver
from tests.teams.test_nudges import log_case

MONDAY_NINE = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


async def subscribe(teams: TeamsDriver, words: str = "digest here monday 09:00 UTC") -> str:
    response = await teams.send(in_channel(teams.connector.url, words))
    assert response.status_code == 202
    reply = teams.connector.posts[-1]
    assert reply.conversation_id.startswith(CHANNEL)
    return str(reply.activity["text"])


async def test_subscribing_a_channel_keeps_its_address(teams: TeamsDriver) -> None:
    text = await subscribe(teams)
    assert "every Monday at 09:00 (UTC)" in text and "Mon 30 Nov 2026" in text
    subscription = teams.db.run_sync(lambda s: s.exec(select(DigestSubscription)).one())
    assert subscription.channel_id == CHANNEL
    channel = teams.db.run_sync(lambda s: s.exec(select(TeamsChannel)).one())
    # The channel itself, not the thread the command was typed in: a post starts a new thread.
    assert channel.reference["conversation"]["id"] == CHANNEL


async def test_the_weekly_digest_is_posted_to_the_channel_as_a_card(teams: TeamsDriver) -> None:
    await subscribe(teams, "angrycall digest subscribe monday 09:00 UTC")
    await log_case(teams)
    report = await teams.tick(MONDAY_NINE)
    assert report.digests_posted == 1
    (post,) = teams.connector.cards_to(CHANNEL)
    body = " ".join(e["text"] for e in post.card["body"])
    # The workspace started on Tuesday 24 November: the first digest counts from that day.
    assert body.startswith("The week in difficult conversations, 24 Nov to 29 Nov 2026 "
                           "(2026-W48)")
    assert "1 case logged" in body
    assert post.authorization in {f"Bearer {t}" for t in teams.connector.issued_tokens}
    (study,) = teams.connector.cards_to(f"{CHANNEL};messageid={post.activity_id}")
    assert study.card["body"][0]["text"].startswith("Case study 1: Customer A")
    assert "Acme" not in str(study.card)  # anonymized
    assert (await teams.tick(MONDAY_NINE)).digests_posted == 0
    row = teams.db.run_sync(lambda s: s.exec(select(DigestPost)).one())
    assert row.status == "sent"


async def test_without_the_posts_id_the_case_studies_follow_as_posts_naming_the_digest(
    teams: TeamsDriver
) -> None:
    await subscribe(teams)
    await log_case(teams)
    teams.connector.answers_without_ids = True  # no thread to reply in
    before = len(teams.connector.posts)
    assert (await teams.tick(MONDAY_NINE)).digests_posted == 1
    in_the_channel = [p.conversation_id for p in teams.connector.posts[before:]
                      if p.conversation_id.startswith(CHANNEL)]
    assert in_the_channel == [CHANNEL, CHANNEL]  # the digest, then its case study
    post, study = teams.connector.cards_to(CHANNEL)
    title = post.card["body"][0]["text"]
    headline = study.card["body"][0]["text"]
    assert headline.startswith("Case study 1: Customer A") and title in str(study.card)


async def test_subscribing_from_a_personal_chat_is_refused(teams: TeamsDriver) -> None:
    await teams.send(message(teams.connector.url, "angrycall digest here"))
    (reply,) = teams.connector.sent_to(personal_chat(REPORTER))
    assert "team channel" in reply.activity["text"]
    assert teams.db.run_sync(lambda s: s.exec(select(DigestSubscription)).all()) == []


async def test_a_members_only_digest_counts_the_teams_members_cases(teams: TeamsDriver) -> None:
    teams.connector.members.append(REPORTER)  # Olga is not in this team
    text = await subscribe(teams, "digest here members monday 09:00 UTC")
    assert "this team's members" in text
    await log_case(teams)
    await teams.send(installed(teams.connector.url, user=OWNER))
    await log_case(teams, reporter=OWNER, owner=OWNER)
    assert len(teams.db.run_sync(lambda s: s.exec(select(Case)).all())) == 2
    assert (await teams.tick(MONDAY_NINE)).digests_posted == 1
    (post,) = teams.connector.cards_to(CHANNEL)
    assert "1 case logged" in " ".join(e["text"] for e in post.card["body"])


async def test_a_preview_answers_in_the_channel(teams: TeamsDriver) -> None:
    await log_case(teams)
    await teams.send(in_channel(teams.connector.url, "digest preview"))
    (preview, study) = teams.connector.cards_to(f"{CHANNEL};messageid=1732460000000")
    assert "1 case logged" in " ".join(e["text"] for e in preview.card["body"])
    assert study.card["body"][0]["text"].startswith("Case study 1")


async def test_a_preview_counts_what_the_channels_digest_would(teams: TeamsDriver) -> None:
    """The preview of a members-only subscription counts its members' cases, as the post will
    (it used to count the whole workspace)."""
    teams.connector.members.append(REPORTER)  # Olga is not in this team
    await subscribe(teams, "digest here members monday 09:00 UTC")
    await log_case(teams)
    await teams.send(installed(teams.connector.url, user=OWNER))
    await log_case(teams, reporter=OWNER, owner=OWNER)
    await teams.send(in_channel(teams.connector.url, "digest preview"))
    preview = teams.connector.cards_to(f"{CHANNEL};messageid=1732460000000")[0]
    assert "1 case logged" in " ".join(e["text"] for e in preview.card["body"])


async def test_the_operator_posts_a_teams_channels_digest(
        teams: TeamsDriver, capsys: pytest.CaptureFixture[str]) -> None:
    await subscribe(teams)
    await log_case(teams)
    assert await print_or_post_digest(teams.settings, channel_id=CHANNEL, week="2026-W48",
                                      post=False) == 0
    printed = capsys.readouterr().out
    assert "1 case logged" in printed and "Acme" not in printed
    assert teams.connector.cards_to(CHANNEL) == []  # printing posts nothing
    assert await print_or_post_digest(teams.settings, channel_id=CHANNEL, week="2026-W48",
                                      post=True) == 0
    (post,) = teams.connector.cards_to(CHANNEL)
    assert "1 case logged" in " ".join(e["text"] for e in post.card["body"])
    assert post.authorization in {f"Bearer {t}" for t in teams.connector.issued_tokens}
    await print_or_post_digest(teams.settings, channel_id=CHANNEL, week="2026-W48", post=True)
    assert "already posted" in capsys.readouterr().out
    assert len(teams.connector.cards_to(CHANNEL)) == 1
