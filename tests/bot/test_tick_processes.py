"""`angrycall tick --at` as real processes against one database and the fake Slack."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time as clock
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import col, func, select, update

from commands.digest_delivery import subscribe_channel
from commands.digest_week import DigestSchedule
from storage.engine import Database, make_engine
from storage.models import Nudge
from storage.workspaces import ensure_workspace
from tests.fakeslack import FakeSlack
from tests.reliability.outages import Outage, database_behind_outage
from tests.seeding import DUE_NUDGE_AT, people_in_slack, seed_due_commitments
from tests.slack_requests import BOT_TOKEN

PROCESS_TIMEOUT = 120


# The console script `pip install` created: the operator's contract itself.
ANGRYCALL = str(Path(sys.executable).with_name("angrycall"))


def tick_command(at: datetime) -> list[str]:
    return [ANGRYCALL, "tick", "--at", at.isoformat()]


def tick_env(slack: FakeSlack, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "PROXY" not in k.upper()}
    env.update(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_API_URL=slack.api_url,
               DATABASE_URL=database_url, ANGRYCALL_LOG_LEVEL="WARNING")
    return env


def run_ticks(slack: FakeSlack, database_url: str, at: datetime, processes: int) -> None:
    env = tick_env(slack, database_url)
    running = [subprocess.Popen(tick_command(at), env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE) for _ in range(processes)]
    for process in running:
        _out, err = process.communicate(timeout=PROCESS_TIMEOUT)
        assert process.returncode == 0, err.decode()


def expire_leases(db: Database) -> int:
    """What the lease's real minutes do to a dead dispatcher's claims, without the wait."""
    past = datetime.now(UTC) - timedelta(seconds=1)
    return int(db.run_sync(lambda s: s.execute(
        update(Nudge).where(col(Nudge.status) == "claimed").values(lease_expires_at=past)
    ).rowcount))


def delivered_nudge_ids(slack: FakeSlack) -> Counter[int]:
    ids: Counter[int] = Counter()
    for call in slack.calls_to("chat.postMessage"):
        if call.response.get("ok"):
            ids[int(call.args["metadata"]["event_payload"]["nudge_id"])] += 1
    return ids


def count_by_status(database_url: str) -> dict[str, int]:
    db = Database(make_engine(database_url))
    rows: Sequence[tuple[str, int]] = db.run_sync(lambda s: s.exec(
        select(Nudge.status, func.count(col(Nudge.id))).group_by(col(Nudge.status))).all())
    db.dispose()
    return dict(rows)


async def test_four_concurrent_ticks_send_each_nudge_once(
    slack: FakeSlack, db: Database, database_url: str
) -> None:
    await seed_due_commitments(db, count=500, owners=100)
    people_in_slack(slack, owners=100)
    run_ticks(slack, database_url, DUE_NUDGE_AT, processes=4)
    delivered = delivered_nudge_ids(slack)
    assert len(delivered) == 500
    assert max(delivered.values()) == 1
    assert count_by_status(database_url) == {"sent": 500}
    run_ticks(slack, database_url, DUE_NUDGE_AT, processes=2)  # the same instant again
    assert sum(delivered_nudge_ids(slack).values()) == 500


async def test_rate_limits_and_server_errors_still_deliver_once(
    slack: FakeSlack, db: Database, database_url: str
) -> None:
    await seed_due_commitments(db, count=20, owners=5)
    people_in_slack(slack, owners=5)
    slack.inject("chat.postMessage", status=429, retry_after=1, times=2)
    slack.inject("chat.postMessage", status=500, times=1)
    run_ticks(slack, database_url, DUE_NUDGE_AT, processes=1)
    delivered = delivered_nudge_ids(slack)
    assert len(delivered) == 20 and max(delivered.values()) == 1
    assert count_by_status(database_url) == {"sent": 20}


async def test_a_killed_dispatcher_loses_nothing(
    slack: FakeSlack, db: Database, database_url: str
) -> None:
    await seed_due_commitments(db, count=200, owners=40)
    people_in_slack(slack, owners=40)
    slack.inject("chat.postMessage", delay=0.05, times=200)  # slow Slack: time to kill it
    victim = subprocess.Popen(tick_command(DUE_NUDGE_AT), env=tick_env(slack, database_url),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = clock.monotonic() + 60
    while len(delivered_nudge_ids(slack)) < 20 and clock.monotonic() < deadline:
        clock.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    sent_before_kill = len(delivered_nudge_ids(slack))
    assert 0 < sent_before_kill < 200
    # After the 2-minute lease, a restarted dispatcher takes over what the dead one held.
    assert expire_leases(db) > 0
    run_ticks(slack, database_url, DUE_NUDGE_AT + timedelta(minutes=3), processes=1)
    delivered = delivered_nudge_ids(slack)
    assert len(delivered) == 200, "a nudge was lost"
    duplicates = sum(n - 1 for n in delivered.values())
    # Only messages Slack accepted after the last commit before the kill can repeat.
    assert duplicates <= 8
    assert count_by_status(database_url) == {"sent": 200}


async def test_concurrent_ticks_post_each_weekly_digest_once(
    slack: FakeSlack, db: Database, database_url: str
) -> None:
    """20 subscribed channels, 4 racing tick processes, then the same instant again."""
    workspace = await ensure_workspace(db, platform="slack", external_id="T0001",
                                       default_categories=["Billing"],
                                       now=DUE_NUDGE_AT - timedelta(days=10))
    assert workspace.id is not None
    schedule = DigestSchedule(4, time(13, 0), ZoneInfo("Europe/Berlin"))  # Fridays 13:00
    channels = [f"CTEAM{i:03d}" for i in range(20)]
    for channel in channels:
        slack.add_channel(channel, members=["UREPORTER"])
        await subscribe_channel(db, workspace_id=workspace.id, channel_id=channel,
                                schedule=schedule, categories=(), members_only=False,
                                by="UREPORTER", now=DUE_NUDGE_AT - timedelta(days=3))
    run_ticks(slack, database_url, DUE_NUDGE_AT, processes=4)
    run_ticks(slack, database_url, DUE_NUDGE_AT + timedelta(minutes=1), processes=2)
    posts = [c.args["channel"] for c in slack.calls_to("chat.postMessage")
             if c.response.get("ok") and str(c.args.get("channel", "")).startswith("CTEAM")]
    assert sorted(posts) == channels


def take_the_database_away(process: subprocess.Popen[bytes], switch: Outage | None) -> None:
    """PostgreSQL: its proxy drops every connection. SQLite: the file can't grow any more (a
    full disk, as the process sees it: writes fail with EFBIG, which Python ignores as a
    signal)."""
    if switch is not None:
        switch.begin()
        return
    _soft, hard = resource.prlimit(process.pid, resource.RLIMIT_FSIZE)
    resource.prlimit(process.pid, resource.RLIMIT_FSIZE, (0, hard))


async def test_a_tick_whose_database_goes_away_says_so_in_one_line(
    slack: FakeSlack, db: Database, database_url: str
) -> None:
    await seed_due_commitments(db, count=100, owners=20)
    people_in_slack(slack, owners=20)
    slack.inject("chat.postMessage", delay=0.05, times=100)  # slow Slack: time to cut
    with database_behind_outage(database_url) as (url, outage):
        switch = outage if db.engine.dialect.name == "postgresql" else None
        process = subprocess.Popen(tick_command(DUE_NUDGE_AT), env=tick_env(slack, url),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = clock.monotonic() + 60
        while len(delivered_nudge_ids(slack)) < 10 and clock.monotonic() < deadline:
            clock.sleep(0.02)
        take_the_database_away(process, switch)
        out, err = process.communicate(timeout=PROCESS_TIMEOUT)
        outage.end()
    report = json.loads(out)
    lines = err.decode().strip().splitlines()
    assert process.returncode == 1
    assert len(lines) == 1 and "database" in lines[0] and "Traceback" not in lines[0], lines
    assert 0 < report["sent"] < 100
