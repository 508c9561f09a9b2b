"""Benchmark: start-up and resident memory of `angrycall serve`, idle and with 100,000 cases.

Starts `angrycall serve` (SQLite, the fake Slack, one workspace's token, Teams and metrics off)
and the minimal bolt app (the baseline, same run), three times each: how long until each
answers and the CPU it spent getting there (medians), and the CPU seconds its imports take in
a fresh interpreter and the RSS that interpreter then holds (medians of three: so the
libraries' own share of memory, bare bolt's imports against the same with angrycall's
libraries, is read apart from any server's state). Reads each one's RSS once idle; then puts 100,000
cases (and their promises) into angrycall's database and drives it: 500 `/angrycall` commands,
500 form submissions, 200 App Home opens by a lead (the team's promises), 50 digest previews;
and reads its RSS again.

    python bench/memory.py [--cases 100000]

Loopback only. RSS from /proc/<pid>/status, CPU from /proc/<pid>/stat (Linux).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ack import cpu_seconds, start  # noqa: E402
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
STARTS = 3
# What each server imports before it can answer: the baseline's modules, and `serve`'s (its
# command, the app with every listener, the HTTP server).
BASELINE_IMPORTS = ("slack_bolt.async_app", "slack_bolt.adapter.starlette.async_handler",
                    "slack_sdk.web.async_client", "starlette.applications", "uvicorn")
SERVE_IMPORTS = ("bot.cli", "bot.app", "bot.http_server")
# What angrycall cannot start without beyond bare bolt: the ORM and the settings' library
# (SQLAlchemy with its SQLite dialect, SQLModel and so pydantic, pydantic-settings). Bare bolt
# with these imported is the floor: no line of angrycall's own is in it.
LIBRARY_IMPORTS = ("sqlalchemy.orm", "sqlalchemy.dialects.sqlite", "sqlmodel",
                   "pydantic_settings")


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


def imported(modules: tuple[str, ...], *, as_angrycall: bool = False) -> tuple[float, float]:
    """The median CPU seconds a fresh interpreter takes to import `modules`, and the median RSS
    (MiB) it holds once they are imported (CPU, not wall time: other work on a shared machine
    stretches the one and barely the other); `as_angrycall` imports them as the `angrycall`
    command does (`bot.start`: the collector paused until start-up is done)."""
    imports = f"import {', '.join(modules)}"
    if as_angrycall:
        imports = f"from bot.long_lived import starting\nstarting()\n{imports}"
    code = ("import time\nstarted = time.process_time()\n"
            f"{imports}\nspent = time.process_time() - started\n"
            "rss = next(line for line in open('/proc/self/status') if line.startswith('VmRSS:'))\n"
            "print(spent, int(rss.split()[1]) / 1024)")
    readings = [tuple(map(float, subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        cwd=ROOT).stdout.split())) for _ in range(STARTS)]
    return (statistics.median(r[0] for r in readings),
            statistics.median(r[1] for r in readings))


def launched(command: list[str], env: dict[str, str], directory: str) -> tuple[
        subprocess.Popen[bytes], float, float]:
    """The server, answering; the seconds until it answered and the CPU it spent by then."""
    port = free_port()
    began = time.perf_counter()
    process = start([*command, "--port", str(port)], env, directory, port)
    return process, time.perf_counter() - began, cpu_seconds(process.pid)


def start_up(command: list[str], env: dict[str, str], directory: str) -> tuple[float, float]:
    """Median seconds to answer and CPU seconds spent by then, over STARTS starts."""
    readings = []
    for _ in range(STARTS):
        process, wall, cpu = launched(command, env, directory)
        process.terminate()
        process.wait(10)
        readings.append((wall, cpu))
    return (statistics.median(r[0] for r in readings),
            statistics.median(r[1] for r in readings))


def idle_rss(command: list[str], env: dict[str, str], directory: str) -> float:
    process = launched(command, env, directory)[0]
    try:
        return settle(process.pid)
    finally:
        process.terminate()
        process.wait(10)


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

        minimal = [sys.executable, str(ROOT / "bench" / "minimal_ack_app.py")]
        floor = [*minimal, *(f"--import={module}" for module in LIBRARY_IMPORTS)]
        serve = [ANGRYCALL, "serve", "--host", "127.0.0.1"]
        fresh = {"base": imported(BASELINE_IMPORTS),
                 "floor": imported(BASELINE_IMPORTS + LIBRARY_IMPORTS),
                 "serve": imported(SERVE_IMPORTS, as_angrycall=True)}
        imports = {key: seconds for key, (seconds, _) in fresh.items()}
        starts = {"base": start_up(minimal, env, directory),
                  "floor": start_up(floor, env, directory),
                  "serve": start_up(serve, env, directory)}
        base_idle, floor_idle = (idle_rss(command, env, directory) for command in (minimal, floor))

        port = free_port()
        served = start([*serve, "--port", str(port)], env, directory, port)
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
                         ("the same with angrycall's libraries (floor)", floor_idle),
                         ("angrycall serve, idle", idle),
                         (f"angrycall serve, after {args.cases:,} cases", loaded)):
        print(f"{label:44} {value:8.1f} {value / base_idle:7.2f}")
    print(f"\nstart-up ({STARTS} starts, medians)   {'imports s':>9} {'x base':>7} "
          f"{'ready s':>8} {'x base':>7} {'CPU s':>6} {'x base':>7}")
    for label, key in (("minimal bolt app (baseline)", "base"),
                       ("the same with the libraries (floor)", "floor"),
                       ("angrycall serve", "serve")):
        (wall, cpu), base = starts[key], starts["base"]
        print(f"{label:34} {imports[key]:9.2f} {imports[key] / imports['base']:7.2f} "
              f"{wall:8.2f} {wall / base[0]:7.2f} {cpu:6.2f} {cpu / base[1]:7.2f}")
    print("targets (issue 16): idle RSS <= 1.5x the baseline; serve's imports under 1 s")
    print(f"the floor (bare bolt with angrycall's libraries, nothing of angrycall's own): idle "
          f"RSS {floor_idle / base_idle:.2f}x, imports {imports['floor']:.2f} s")
    libraries = fresh["floor"][1] - fresh["base"][1]
    print(f"importing those libraries onto bare bolt's modules adds {libraries:.1f} MiB of RSS "
          f"(fresh interpreters, medians); 1.5x the idle baseline allows "
          f"{base_idle / 2:.1f} MiB above it")
    print(f"met: idle RSS {'yes' if idle / base_idle <= 1.5 else 'no'}, "
          f"imports {'yes' if imports['serve'] < 1.0 else 'no'}")


if __name__ == "__main__":
    main()
