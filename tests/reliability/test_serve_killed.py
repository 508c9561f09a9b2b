"""`angrycall serve` killed with SIGKILL mid-dispatch, then started again: nothing lost.

tests/bot/test_tick_processes.py kills an `angrycall tick`; here it is the long-running server
with its in-process clock (ANGRYCALL_TICK_SECONDS=1, the real time). Many promises are overdue,
Slack is slow, the server dies after a few DMs. The dead process's 2-minute leases are
fast-forwarded (set to expire now) instead of waited out, then a new `serve` delivers the rest.
Only the DMs in flight at the kill may repeat (DESIGN.md: 8 per process). Counts are printed.
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlmodel import col

from commands.nudges import CONCURRENT_SENDS
from storage.cases import OwnedCommitment, add_case
from storage.engine import Database
from storage.models import Case, Commitment, Nudge
from storage.workspaces import ensure_workspace
from tests.bot.test_tick_processes import count_by_status, delivered_nudge_ids
from tests.fakeslack import FakeSlack
from tests.network import free_port
from tests.seeding import owner_id, people_in_slack
from tests.serving import ANGRYCALL, environment, wait_until_healthy
from tests.slack_requests import BOT_TOKEN, SIGNING_SECRET

PROMISES = 150
OWNERS = 30
DEADLINE_SECONDS = 60


async def seed_overdue_promises(db: Database, *, now: datetime) -> None:
    """Promises due 8 days before `now` (the real clock): each has one overdue nudge due."""
    due_at = now - timedelta(days=8)
    created = due_at - timedelta(days=3)
    workspace = await ensure_workspace(db, platform="slack", external_id="T0001",
                                       default_categories=["Billing"], now=created)
    assert workspace.id is not None
    for first in range(0, PROMISES, 50):
        case = Case(workspace_id=workspace.id, reporter_id=0, submission_key=f"kill-{first}",
                    customer="Acme", contact_channel="phone", occurred_at=created,
                    anger_level=4, what_happened="Seeded", created_at=created)
        promises = [OwnedCommitment(owner_user_id=owner_id((first + i) % OWNERS),
                                    commitment=Commitment(
            case_id=0, position=0, owner_id=0, promise="Call back", due_date=due_at.date(),
            due_time=None, due_zone="Europe/Berlin", due_at=due_at, created_at=created,
            planned_until=created, next_nudge_at=created)) for i in range(50)]
        await add_case(db, case=case, reporter_user_id="UREPORTER", commitments=promises,
                       now=created)


Serve = Callable[[], "subprocess.Popen[bytes]"]


@pytest.fixture
def serve(slack: FakeSlack, database_url: str, tmp_path: Path) -> Iterator[Serve]:
    """Starts `angrycall serve` processes; kills whatever is left at the end."""
    started: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        port = free_port()
        env = environment(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                          SLACK_API_URL=slack.api_url, DATABASE_URL=database_url,
                          ANGRYCALL_TICK_SECONDS="1", ANGRYCALL_LOG_LEVEL="WARNING")
        log = (tmp_path / f"serve-{len(started)}.log").open("wb")
        process = subprocess.Popen(
            [ANGRYCALL, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env, cwd=str(tmp_path), stdout=log, stderr=subprocess.STDOUT)
        started.append(process)
        wait_until_healthy(f"http://127.0.0.1:{port}", process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
            process.wait(10)


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def expire_leases(db: Database) -> int:
    """What two minutes do to the dead process's claims, without waiting two minutes."""
    past = datetime.now(UTC) - timedelta(seconds=1)
    return int(db.run_sync(lambda s: s.execute(
        update(Nudge).where(col(Nudge.status) == "claimed").values(lease_expires_at=past)
    ).rowcount))


async def test_serve_killed_mid_dispatch_then_restarted_loses_nothing(
    slack: FakeSlack, db: Database, database_url: str, serve: Serve
) -> None:
    await seed_overdue_promises(db, now=datetime.now(UTC))
    people_in_slack(slack, owners=OWNERS)
    slack.inject("chat.postMessage", delay=0.1, times=PROMISES)  # slow Slack: time to kill
    victim = serve()
    wait_for(lambda: len(delivered_nudge_ids(slack)) >= 20, "the first DMs")
    victim.send_signal(signal.SIGKILL)
    victim.wait(10)
    time.sleep(0.3)  # DMs Slack was still answering when the process died
    sent_before_kill = len(delivered_nudge_ids(slack))
    held = expire_leases(db)

    serve()
    wait_for(lambda: count_by_status(database_url).get("sent", 0) >= PROMISES, "every nudge")
    delivered = delivered_nudge_ids(slack)
    duplicates = sum(n - 1 for n in delivered.values())
    print(f"\n[serve SIGKILL, {db.engine.dialect.name}] promises: {PROMISES}; DMs before the "
          f"kill: {sent_before_kill}; claims the dead process held: {held}; delivered: "
          f"{len(delivered)}; duplicates: {duplicates}; rows: {count_by_status(database_url)}")
    assert 0 < sent_before_kill < PROMISES, "the kill did not land mid-dispatch"
    assert len(delivered) == PROMISES, "a nudge was lost"
    assert duplicates <= CONCURRENT_SENDS
    assert count_by_status(database_url) == {"sent": PROMISES}
