"""The weekly digest end to end: subscribe by slash command, post once through the tick."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import Session, select

from storage.models import DigestPost, Workspace
from tests.bot.conftest import AppDriver
from tests.bot.form_values import case_values
from tests.bot.slack_flows import (
    log_a_case,
    open_form,
    promise_values,
    submission,
    tick_everything,
)

CHANNEL = "C2147483705"
FIRST_DIGEST = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # Monday 09:00 in Berlin
ANGRYCALL = str(Path(sys.executable).with_name("angrycall"))


async def ephemeral_reply(app: AppDriver, text: str) -> str:
    response_url = app.slack.new_response_url()
    before = len(app.slack.webhook_posts)
    await app.command(text, response_url=response_url)
    posts = await app.slack.await_webhook_posts(count=before + 1)
    reply = posts[-1][1]
    assert reply.get("response_type") == "ephemeral"
    return str(reply.get("text", "")) + str(reply.get("blocks", ""))


def channel_posts(app: AppDriver) -> list[dict[str, object]]:
    return [m for m in app.slack.messages(CHANNEL) if not m.get("thread_ts")]


async def test_subscribe_then_one_digest_a_week(app: AppDriver) -> None:
    reply = await ephemeral_reply(app, "digest here monday 09:00 Europe/Berlin")
    assert "every Monday at 09:00 (Europe/Berlin)" in reply
    await log_a_case(app)
    await tick_everything(app, FIRST_DIGEST - timedelta(minutes=1))
    assert channel_posts(app) == []
    await tick_everything(app, FIRST_DIGEST)
    await tick_everything(app, FIRST_DIGEST + timedelta(minutes=5))  # again: nothing new
    (digest,) = channel_posts(app)
    assert "1 case logged" in str(digest["blocks"])
    assert "Acme" not in str(digest["blocks"])
    replies = [m for m in app.slack.messages(CHANNEL) if m.get("thread_ts") == digest["ts"]]
    assert len(replies) == 1 and "Customer A" in str(replies[0]["blocks"])
    (chart,) = app.slack.uploaded_files.values()
    assert chart["bytes"].startswith(b"\x89PNG") and chart["thread_ts"] == digest["ts"]
    assert app.slack.broadcast_mentions == []


async def test_after_downtime_the_latest_week_is_posted_late_once(app: AppDriver) -> None:
    await ephemeral_reply(app, "digest here monday 09:00 Europe/Berlin")
    three_weeks_later = FIRST_DIGEST + timedelta(weeks=2, days=1)  # down for two Mondays
    await tick_everything(app, three_weeks_later)
    await tick_everything(app, three_weeks_later + timedelta(hours=1))
    (digest,) = channel_posts(app)
    assert "No difficult calls logged" in str(digest["blocks"])


async def test_installed_on_a_monday_before_the_digest_the_first_one_is_next_week(
    app: AppDriver,
) -> None:
    """Installed on Monday at 02:00: the digest at 09:00 would count last week, of which the
    workspace saw no day; nothing is posted, and the next Monday counts the days since."""
    await ephemeral_reply(app, "digest here monday 09:00 Europe/Berlin")
    installed = FIRST_DIGEST - timedelta(hours=7)  # Monday 02:00 in Berlin

    def installed_then(session: Session) -> None:
        for workspace in session.exec(select(Workspace)).all():
            workspace.created_at = installed
            session.add(workspace)

    app.db.run_sync(installed_then)
    report = await tick_everything(app, FIRST_DIGEST)
    assert channel_posts(app) == [] and report.digests_posted == 0

    def post_statuses(session: Session) -> list[tuple[str, str, str | None]]:
        return [(p.iso_week, p.status, p.last_error) for p in session.exec(select(DigestPost))]

    assert app.db.run_sync(post_statuses) == [
        ("2026-W48", "cancelled", "the workspace started after the week it counts")]
    await tick_everything(app, FIRST_DIGEST + timedelta(weeks=1))
    (digest,) = channel_posts(app)
    assert "30 Nov to 06 Dec 2026 (2026-W49)" in str(digest["blocks"])


async def test_preview_off_and_mistakes(app: AppDriver) -> None:
    await log_a_case(app)
    preview = await ephemeral_reply(app, "digest preview")
    assert "1 case logged" in preview and "Customer A" in preview
    assert "don't know" in await ephemeral_reply(app, "digest here caturday")
    assert "not subscribed" in await ephemeral_reply(app, "digest off")
    await ephemeral_reply(app, "digest here")
    assert "no more digests" in await ephemeral_reply(app, "digest off")
    await tick_everything(app, FIRST_DIGEST + timedelta(days=1))
    assert channel_posts(app) == []


async def test_the_cli_prints_a_week(app: AppDriver, database_url: str) -> None:
    await ephemeral_reply(app, "digest here monday 09:00 Europe/Berlin")
    await log_a_case(app)
    result = subprocess.run(
        [ANGRYCALL, "digest", "--channel", CHANNEL, "--week", "2026-W48"],
        env={"DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "1 case logged" in result.stdout and "Acme" not in result.stdout
    assert "Case study 1: Customer A" in result.stdout


async def test_the_cli_refuses_a_week_before_the_workspace(app: AppDriver,
                                                          database_url: str) -> None:
    await ephemeral_reply(app, "digest here monday 09:00 Europe/Berlin")
    for flags in ([], ["--post"]):  # printed, then posted
        result = subprocess.run(
            [ANGRYCALL, "digest", "--channel", CHANNEL, "--week", "2026-W47", *flags],
            env={"DATABASE_URL": database_url, "PATH": "/usr/bin:/bin",
                 "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": app.slack.api_url},
            capture_output=True, text=True, timeout=120)
        assert result.returncode == 2, result.stdout
        assert ("2026-W47 ended before angrycall started in this workspace (24 Nov 2026): it "
                "has no day to count") in result.stderr
    assert channel_posts(app) == []


async def test_a_lead_can_show_customer_names(app: AppDriver) -> None:
    await ephemeral_reply(app, "digest here monday 09:00 Europe/Berlin")
    await log_a_case(app)

    def show_names(session: Session) -> None:
        for workspace in session.exec(select(Workspace)).all():
            workspace.digest_show_names = True
            session.add(workspace)

    app.db.run_sync(show_names)
    await tick_everything(app, FIRST_DIGEST)
    (digest,) = channel_posts(app)
    replies = [m for m in app.slack.messages(CHANNEL) if m.get("thread_ts") == digest["ts"]]
    assert "Acme Corp" in str(replies[0]["blocks"])


async def test_a_members_only_digest_counts_only_the_channels_people(app: AppDriver) -> None:
    # The support channel's members are the reporter and U0OWNER01; U0OTHER01 is not in it.
    reply = await ephemeral_reply(app, "digest here monday 09:00 Europe/Berlin members")
    assert "members" in reply
    await log_a_case(app)  # reported by a member
    app.slack.add_user("UOUTSIDER", tz="Europe/Berlin")
    outsider_view = await open_form(app)
    values = case_values(customer="Globex", commitments=(promise_values(owner="U0OTHER01"),))
    await app.interact(submission(outsider_view, values, user="UOUTSIDER"))
    await tick_everything(app, FIRST_DIGEST)
    (digest,) = channel_posts(app)
    assert "1 case logged" in str(digest["blocks"])
