"""End to end with the Microsoft 365 Agents Playground as the Teams client and Bot Connector
(README's local mode, `TEAMS_ALLOW_ANONYMOUS=true`): a nudge the tick starts by itself reaches
the Playground's chat.

Needs the Playground (`npm install @microsoft/m365agentsplayground`, which `.ci/run` does):
`agentsplayground` on PATH, or ANGRYCALL_PLAYGROUND_CLI naming its `cli.js`. Skipped without it,
except in CI (`CI=true`), where it must run.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from datetime import time as clock_time
from pathlib import Path

import httpx
import pytest
from sqlmodel import select

from storage.cases import OwnedCommitment, add_case
from storage.engine import Database, make_engine
from storage.models import Case, Commitment, Nudge, Person
from tests.databases import postgres_required
from tests.network import free_port
from tests.serving import ANGRYCALL, environment, wait_until_healthy

CREATED = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
DUE_AT = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


def playground_command() -> list[str] | None:
    if cli := os.environ.get("ANGRYCALL_PLAYGROUND_CLI"):
        return ["node", cli]
    found = shutil.which("agentsplayground")
    return [found] if found else None


# `.ci/run` installs the Playground: in CI a missing one is a failure, never a skip.
pytestmark = pytest.mark.skipif(playground_command() is None and not postgres_required(),
                                reason="the Agents Playground is not installed")


@pytest.fixture
def local_mode(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """`angrycall serve` in local mode and the Playground pointed at it: the Playground's URL."""
    env = environment(TEAMS_ALLOW_ANONYMOUS="true", ANGRYCALL_TICK_SECONDS="0",
                      DATABASE_URL=f"sqlite:///{tmp_path}/angrycall.db")
    port, playground_port = free_port(), free_port()
    serve = subprocess.Popen([ANGRYCALL, "serve", "--host", "127.0.0.1", "--port", str(port)],
                             env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    command = [*(playground_command() or []), "-e", f"http://127.0.0.1:{port}/api/messages",
               "-c", "msteams", "-p", str(playground_port), "--dt"]
    playground = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", serve)
        url = f"http://127.0.0.1:{playground_port}"
        wait_for(lambda: httpx.get(f"{url}/_debug/ping", timeout=1).text == "pong")
        yield url, env
    finally:
        for process in (playground, serve):
            process.terminate()
            process.wait(10)


def wait_for(condition: Callable[[], object], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("timed out")


def say_hello(playground: str) -> None:
    """The Playground's user messages angrycall in the personal chat (its first contact)."""
    config = httpx.get(f"{playground}/_internal/v1/config", timeout=10).json()["config"]
    chat, user = config["personalChat"]["id"], config["currentUser"]["id"]
    sent = httpx.post(f"{playground}/_conversation/v1/conversations/{chat}/messages",
                      json={"from": {"id": user}, "text": "angrycall", "textFormat": "plain"},
                      timeout=10)
    assert sent.status_code == 200, sent.text


def a_promise_due_for_everyone(db: Database) -> None:
    people = db.run_sync(lambda s: s.exec(select(Person)).all(), writes=False)
    assert people, "angrycall never recorded the Playground's user"
    owner = people[0]
    commitment = Commitment(case_id=0, position=0, owner_id=0, promise="Call back",
                            due_date=date(2026, 11, 27), due_time=clock_time(15, 0),
                            due_zone="UTC", due_at=DUE_AT, created_at=CREATED,
                            planned_until=CREATED, next_nudge_at=CREATED)
    case = Case(workspace_id=owner.workspace_id, reporter_id=0, submission_key="playground",
                customer="Acme", contact_channel="phone", occurred_at=CREATED, anger_level=4,
                what_happened="A double charge", created_at=CREATED)
    asyncio.run(add_case(db, case=case, reporter_user_id=owner.user_id, now=CREATED,
                         commitments=[OwnedCommitment(owner.user_id, commitment)]))


def test_a_nudge_reaches_the_playground_in_local_mode(local_mode: tuple[str, dict[str, str]],
                                                      tmp_path: Path) -> None:
    playground, env = local_mode
    say_hello(playground)
    db = Database(make_engine(env["DATABASE_URL"]))
    wait_for(lambda: db.run_sync(lambda s: s.exec(select(Person)).first(), writes=False))
    a_promise_due_for_everyone(db)
    tick = subprocess.run([ANGRYCALL, "tick", "--at", "2026-11-27T13:30:00Z"], env=env,
                          cwd=tmp_path, capture_output=True, timeout=120, check=False)
    rows = db.run_sync(lambda s: s.exec(select(Nudge)).all(), writes=False)
    db.dispose()
    assert tick.returncode == 0, tick.stderr.decode()[-2000:]
    assert json.loads(tick.stdout)["sent"] == 1
    assert [(row.status, bool(row.message_ts)) for row in rows] == [("sent", True)]
