"""Benchmark: resident memory of `angrycall serve`, idle and with 100,000 cases behind it.

Starts `angrycall serve` (SQLite, the fake Slack) and the minimal bolt app (the baseline, same
run), reads each one's RSS once idle; then puts 100,000 cases (and their promises) into
angrycall's database and drives it: 500 `/angrycall` commands, 500 form submissions, 200 App
Home opens by a lead (the team's promises), 50 digest previews; and reads its RSS again.

    python bench/memory.py [--cases 100000]

Loopback only. RSS from /proc/<pid>/status (Linux).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ack import start  # noqa: E402
from digest import fill  # noqa: E402
from ingest import CHANNEL, OWNERS, submission  # noqa: E402

from storage.engine import Database, make_engine  # noqa: E402
from storage.migrate import upgrade_to_head  # noqa: E402
from tests.fakeslack import FakeSlack  # noqa: E402
from tests.network import free_port  # noqa: E402
from tests.slack_requests import (  # noqa: E402
    BOT_TOKEN,
    FORM,
    JSON,
    REPORTER,
    SIGNING_SECRET,
    payload,
    signed_headers,
    slash_command,
)

ANGRYCALL = str(Path(sys.executable).with_name("angrycall"))


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


async def drive(url: str, slack: FakeSlack, rounds: int) -> None:
    """The day's traffic: commands, submissions, homes, digest previews; 10 at a time."""
    limit = asyncio.Semaphore(10)

    async def send(client: httpx.AsyncClient, body: str, content_type: str) -> None:
        async with limit:
            await client.post(url, content=body,
                              headers=signed_headers(body, content_type=content_type))

    def home(index: int) -> str:
        event = payload("app_home_opened")
        event["event_id"] = f"EvMEM{index:06d}"
        return json.dumps(event)

    async with httpx.AsyncClient(timeout=60) as client:
        jobs = []
        for index in range(rounds):
            jobs.append(send(client, slash_command("", trigger_id=slack.new_trigger_id(),
                                                   response_url=slack.new_response_url()), FORM))
            jobs.append(send(client, submission(index), FORM))
            if index % 5 < 2:
                jobs.append(send(client, home(index), JSON))
            if index % 10 == 0:
                jobs.append(send(client, slash_command(
                    "digest preview", trigger_id=slack.new_trigger_id(),
                    response_url=slack.new_response_url()), FORM))
        await asyncio.gather(*jobs)


def settle(pid: int) -> float:
    """RSS once the background work after the answers (DMs, homes) has finished."""
    time.sleep(3)
    return rss_mib(pid)


def seed(url: str, cases: int) -> None:
    db = Database(make_engine(url))
    fill(db, cases, workspaces=1)
    with db.engine.begin() as connection:
        # The requests come from workspace T0001; its lead sees the whole team's promises.
        connection.execute(text("UPDATE workspaces SET external_id = 'T0001', "
                                f"lead_user_ids = '[\"{REPORTER}\"]'"))
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=500)
    args = parser.parse_args()
    with FakeSlack(bot_tokens={BOT_TOKEN: {"team_id": "T0001", "user_id": "UBOT",
                                           "bot_id": "BBOT"}}) as slack, \
            tempfile.TemporaryDirectory() as directory:
        slack.add_user(REPORTER, tz="America/New_York")
        for index in range(OWNERS):
            slack.add_user(f"U0OWNER{index:03d}", tz="Europe/Berlin")
        slack.add_channel(CHANNEL, members=[REPORTER])
        url = f"sqlite:///{directory}/memory.db"
        engine = make_engine(url)
        upgrade_to_head(engine)
        engine.dispose()
        env = {k: v for k, v in os.environ.items() if "PROXY" not in k.upper()}
        env.update(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                   SLACK_API_URL=slack.api_url, ANGRYCALL_TICK_SECONDS="0",
                   ANGRYCALL_LOG_LEVEL="WARNING", DATABASE_URL=url)

        port = free_port()
        baseline = start([sys.executable, str(ROOT / "bench" / "minimal_ack_app.py"), "--port",
                          str(port)], env, directory, port)
        base_idle = settle(baseline.pid)
        baseline.terminate()
        baseline.wait(10)

        port = free_port()
        served = start([ANGRYCALL, "serve", "--host", "127.0.0.1", "--port", str(port)], env,
                       directory, port)
        try:
            idle = settle(served.pid)
            started = time.perf_counter()
            seed(url, args.cases)
            seeded_in = time.perf_counter() - started
            asyncio.run(drive(f"http://127.0.0.1:{port}/slack/events", slack, args.rounds))
            loaded = settle(served.pid)
        finally:
            served.terminate()
            served.wait(10)
    print(f"RSS (MiB), {os.cpu_count()} CPUs; {args.cases:,} cases seeded in {seeded_in:.1f} s, "
          f"then {args.rounds} commands + {args.rounds} submissions + homes + digest previews")
    print(f"{'process':44} {'RSS MiB':>8} {'x base':>7}")
    for label, value in (("minimal bolt app, idle (baseline)", base_idle),
                         ("angrycall serve, idle", idle),
                         (f"angrycall serve, after {args.cases:,} cases", loaded)):
        print(f"{label:44} {value:8.1f} {value / base_idle:7.2f}")


if __name__ == "__main__":
    main()
