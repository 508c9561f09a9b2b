"""The operator's contract: `angrycall serve`, `migrate`, `tick`, and their errors."""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from bot.cli import main, parse_instant
from bot.config import Settings
from storage.cases import OwnedCommitment, add_case
from storage.engine import Database, make_engine
from storage.models import Case, Commitment
from storage.workspaces import ensure_workspace
from tests.fakeslack import FakeSlack
from tests.serving import ANGRYCALL, environment, serving
from tests.slack_requests import BOT_TOKEN, FORM, SIGNING_SECRET, signed_headers, slash_command


@pytest.fixture
def served(slack: FakeSlack, tmp_path: Path) -> Iterator[str]:
    env = environment(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                      SLACK_API_URL=slack.api_url, ANGRYCALL_TICK_SECONDS="1")
    with serving(env, tmp_path) as url:
        yield url


def test_serve_on_a_fresh_directory_answers_slack(served: str, slack: FakeSlack) -> None:
    """SQLite by default: the database file is created and migrated in the working directory."""
    body = slash_command("help")
    response = httpx.post(f"{served}/slack/events", content=body,
                          headers=signed_headers(body, content_type=FORM))
    assert response.status_code == 200
    assert "/angrycall" in response.json()["text"]
    unsigned = httpx.post(f"{served}/slack/events", content=body,
                          headers={"content-type": FORM})
    assert unsigned.status_code == 401


def test_serve_refuses_to_start_without_credentials(tmp_path: object) -> None:
    result = subprocess.run([ANGRYCALL, "serve"], env=environment(),
                            cwd=str(tmp_path), capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN is not set" in result.stderr
    assert "SLACK_SIGNING_SECRET is not set" in result.stderr


def test_placeholders_are_refused() -> None:
    settings = Settings(_env_file=None, slack_bot_token="xoxb-your-token",  # type: ignore[call-arg]
                        slack_signing_secret="changeme")
    with pytest.raises(Exception, match="placeholder"):
        settings.require_slack()


def test_categories_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANGRYCALL_CATEGORIES", "Billing, Returns ,,Shipping")
    assert Settings(_env_file=None).categories == ("Billing", "Returns", "Shipping")  # type: ignore[call-arg]


def test_migrate_creates_the_schema(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/m.db")
    assert main(["migrate"]) == 0


@pytest.mark.parametrize(("text", "iso"), [
    ("2026-11-27T08:00:00Z", "2026-11-27T08:00:00+00:00"),
    ("2026-11-27T09:00:00+01:00", "2026-11-27T08:00:00+00:00"),
    ("2026-11-27T08:00", "2026-11-27T08:00:00+00:00"),
])
def test_tick_instants(text: str, iso: str) -> None:
    assert parse_instant(text).isoformat() == iso


def test_the_clock_in_serve_delivers_due_nudges(
    served: str, slack: FakeSlack, tmp_path: object
) -> None:
    """`serve` ticks by itself (here every second): a promise that fell due gets its DM once."""
    db = Database(make_engine(f"sqlite:///{tmp_path}/angrycall.db"))
    owner = "UCLOCKOWNER"
    slack.add_user(owner, tz="Europe/Berlin")
    asyncio.run(seed_overdue_commitment(db, owner=owner))
    db.dispose()
    slack.wait_for("chat.postMessage", timeout=20,
                   predicate=lambda call: call.args.get("channel") == owner)
    time.sleep(2.5)  # two more ticks: nothing new
    assert len(slack.dm_messages(owner)) == 1


async def seed_overdue_commitment(db: Database, *, owner: str) -> None:
    now = datetime.now(UTC)
    workspace = await ensure_workspace(db, platform="slack", external_id="T0001",
                                       default_categories=["Billing"], now=now)
    assert workspace.id is not None
    due_at = now - timedelta(days=3)
    await add_case(
        db,
        case=Case(workspace_id=workspace.id, reporter_id=0, submission_key="clock", customer="Acme",
                  contact_channel="phone", occurred_at=now, anger_level=3,
                  what_happened="Late refund", created_at=now - timedelta(days=5)),
        reporter_user_id=owner,
        commitments=[OwnedCommitment(owner_user_id=owner, commitment=Commitment(
            case_id=0, position=0, owner_id=0, promise="Refund", due_date=due_at.date(),
            due_time=None, due_zone="Europe/Berlin", due_at=due_at,
            created_at=now - timedelta(days=5), planned_until=now - timedelta(days=5),
            next_nudge_at=now - timedelta(days=5)))],
        now=now - timedelta(days=5),
    )
