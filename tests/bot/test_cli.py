"""The operator's contract: `angrycall serve`, `migrate`, `tick`, and their errors."""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot.cli import _parser, main, parse_instant
from bot.config import Settings
from storage.cases import OwnedCommitment, add_case
from storage.engine import Database, make_engine
from storage.migrate import head_revision
from storage.models import Case, Commitment
from storage.workspaces import ensure_workspace
from tests.databases import POSTGRES_SERVER_URL
from tests.fakeslack import FakeSlack
from tests.network import free_port
from tests.serving import ANGRYCALL, environment, serving, wait_until_healthy
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


# -- help: each command says what it does and what it needs (issue 12, point 20) -------------

NEEDS = {
    "serve": ["DATABASE_URL", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN",
              "SLACK_CLIENT_ID", "TEAMS_APP_ID", "ANGRYCALL_TICK_SECONDS"],
    "migrate": ["DATABASE_URL"],
    "tick": ["DATABASE_URL", "SLACK_BOT_TOKEN", "TEAMS_APP_ID"],
    "digest": ["DATABASE_URL", "--post", "SLACK_BOT_TOKEN", "TEAMS_APP_ID"],
    "export": ["DATABASE_URL"],
    "teams-package": ["TEAMS_APP_ID"],
    "new-key": ["ANGRYCALL_ENCRYPTION_KEY"],
}


def help_of(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def test_help_says_what_angrycall_is_and_lists_every_command(
    capsys: pytest.CaptureFixture[str]
) -> None:
    text = help_of(capsys)
    assert "serve | migrate" not in text and "`angrycall serve" not in text
    assert "Slack" in text and "Teams" in text
    assert all(name in text for name in NEEDS)


@pytest.mark.parametrize("command", sorted(NEEDS))
def test_each_command_says_what_it_does_and_what_it_needs(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    text = help_of(capsys, command)
    description = text.split("\n\n")[1]
    assert not description.startswith(("options:", "positional")), text
    assert "needs:" in text
    assert all(variable in text for variable in NEEDS[command]), text


def test_no_subcommand_is_left_without_a_description_and_its_needs() -> None:
    """A subcommand added later must say what it does and needs too (bot/cli_help.py)."""
    subcommands = next(action for action in _parser()._actions
                       if isinstance(action, argparse._SubParsersAction))
    for name, parser in subcommands.choices.items():
        assert parser.description and parser.epilog and "needs:" in parser.epilog, name


# -- a bad DATABASE_URL: one line naming it, exit 2 (issue 12, point 19) ----------------------

def bad_database_urls() -> dict[str, str]:
    server = make_url(POSTGRES_SERVER_URL)
    return {
        "garbage": "garbage",
        "unknown driver": "mysql://someone@127.0.0.1/angrycall",
        "unreachable server": f"postgres://someone@127.0.0.1:{free_port()}/angrycall",
        "missing database": server.set(database=f"missing_{uuid.uuid4().hex[:8]}")
        .render_as_string(hide_password=False),
        "unwritable SQLite path": "sqlite:////proc/angrycall/angrycall.db",
    }


COMMAND_LINES = {
    "serve": ["serve", "--host", "127.0.0.1"],
    "migrate": ["migrate"],
    "tick": ["tick", "--at", "2026-11-27T08:00:00Z"],
    "digest": ["digest", "--channel", "C0123", "--week", "2026-W48"],
    "export": ["export", "--output", "cases.csv"],
}


@pytest.mark.parametrize("command", sorted(COMMAND_LINES))
@pytest.mark.parametrize("case", sorted(bad_database_urls()))
def test_a_bad_database_url_is_one_line_naming_it(
    command: str, case: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", bad_database_urls()[case])
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")  # never reached
    assert main(COMMAND_LINES[command]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("angrycall: DATABASE_URL")
    assert "Traceback" not in lines[0]


def test_the_process_says_it_in_one_line_too(tmp_path: Path) -> None:
    env = environment(DATABASE_URL="postgres://someone@127.0.0.1:1/angrycall",
                      SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET)
    result = subprocess.run([ANGRYCALL, "serve", "--host", "127.0.0.1"], env=env,
                            cwd=str(tmp_path), capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "DATABASE_URL" in result.stderr, result.stderr


def test_postgres_urls_of_every_common_form_mean_psycopg(
    postgres_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for scheme in ("postgres", "postgresql"):
        url = make_url(postgres_url).set(drivername=scheme)
        monkeypatch.setenv("DATABASE_URL", url.render_as_string(hide_password=False))
        assert main(["migrate"]) == 0, capsys.readouterr().err


# -- a bad Slack token, and a quiet start (issue 12, point 19) ----------------------------------

def test_serve_stops_at_once_on_a_token_slack_refuses(slack: FakeSlack, tmp_path: Path) -> None:
    env = environment(SLACK_BOT_TOKEN="xoxb-revoked-long-ago", SLACK_SIGNING_SECRET=SIGNING_SECRET,
                      SLACK_API_URL=slack.api_url)
    result = subprocess.run([ANGRYCALL, "serve", "--host", "127.0.0.1", "--port",
                             str(free_port())], env=env, cwd=str(tmp_path),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "SLACK_BOT_TOKEN" in result.stderr and "invalid_auth" in result.stderr
    assert "xoxb-revoked" not in result.stderr


def test_serve_starts_anyway_when_slack_does_not_answer_and_says_so(tmp_path: Path) -> None:
    env = environment(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                      SLACK_API_URL=f"http://127.0.0.1:{free_port()}/api/",
                      ANGRYCALL_TICK_SECONDS="0")
    lines = start_and_stop(env, tmp_path, wait_seconds=0)
    errors = [line for line in lines if " ERROR " in line]
    assert len(errors) == 1 and "SLACK_BOT_TOKEN" in errors[0], lines


def test_serve_starts_and_ticks_quietly(slack: FakeSlack, tmp_path: Path) -> None:
    """No warning about bolt's `token`, no APScheduler line per tick, no alembic context."""
    env = environment(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                      SLACK_API_URL=slack.api_url, ANGRYCALL_TICK_SECONDS="0.2")
    lines = start_and_stop(env, tmp_path, wait_seconds=1.5)
    ours = [line for line in lines if " angrycall" not in line and " uvicorn" not in line
            and line.strip()]
    assert not [line for line in lines if "WARNING" in line or "ERROR" in line], lines
    assert not [line for line in ours if "apscheduler" in line or "alembic" in line], lines
    assert not [line for line in lines if "will be unused" in line], lines
    assert not [line for line in lines if "Logging error" in line], lines


def test_digest_and_export_print_no_alembic_lines(tmp_path: Path) -> None:
    env = environment()
    subprocess.run([ANGRYCALL, "migrate"], env=env, cwd=str(tmp_path), check=True,
                   capture_output=True, timeout=60)
    result = subprocess.run([ANGRYCALL, "export", "--output", "cases.csv"], env=env,
                            cwd=str(tmp_path), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stderr == ""
    digest = subprocess.run([ANGRYCALL, "digest", "--channel", "C0123", "--week", "2026-W48"],
                            env=env, cwd=str(tmp_path), capture_output=True, text=True,
                            timeout=60)
    # The one line that matters: that channel is not subscribed.
    assert digest.stderr.splitlines() == [
        "angrycall: C0123 is not subscribed: run `/angrycall digest here` in that channel first"]


def test_migrate_says_which_schema_version_it_reached(tmp_path: Path) -> None:
    result = subprocess.run([ANGRYCALL, "migrate"], env=environment(), cwd=str(tmp_path),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr == ""
    assert f"(revision {head_revision()})" in result.stdout


def start_and_stop(env: dict[str, str], cwd: Path, *, wait_seconds: float) -> list[str]:
    """`serve` started, healthy, left running `wait_seconds`, stopped: its log lines."""
    port = free_port()
    process = subprocess.Popen([ANGRYCALL, "serve", "--host", "127.0.0.1", "--port", str(port)],
                               env=env, cwd=str(cwd), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", process)
        time.sleep(wait_seconds)
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=20)
    return err.decode().splitlines()


def test_serve_on_a_postgresql_database_not_migrated_says_so_in_one_line(
    tmp_path: Path
) -> None:
    with empty_postgres_database() as url:
        env = environment(DATABASE_URL=url, SLACK_BOT_TOKEN=BOT_TOKEN,
                          SLACK_SIGNING_SECRET=SIGNING_SECRET,
                          SLACK_API_URL="http://127.0.0.1:9/api/")
        result = subprocess.run([ANGRYCALL, "serve", "--host", "127.0.0.1"], env=env,
                                cwd=str(tmp_path), capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "angrycall migrate" in result.stderr, result.stderr


@contextmanager
def empty_postgres_database() -> Iterator[str]:
    """A database on the test server with no tables at all; dropped after."""
    admin = create_engine(POSTGRES_SERVER_URL, isolation_level="AUTOCOMMIT")
    name = f"angrycall_empty_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        admin.dispose()
        pytest.skip(f"PostgreSQL is not reachable: {error}")
    try:
        yield make_url(POSTGRES_SERVER_URL).set(database=name).render_as_string(
            hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.parametrize(("variable", "value"), [
    ("ANGRYCALL_TICK_SECONDS", "soon"), ("ANGRYCALL_LOG_LEVEL", "loud"),
    ("TEAMS_JWKS_URL", "http://keys.example/jwks"),
])
def test_an_unreadable_setting_is_one_line_naming_it(
    variable: str, value: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(variable, value)
    assert main(["migrate"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"angrycall: {variable}: "), lines
