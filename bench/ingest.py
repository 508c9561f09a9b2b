"""Benchmark: the log form's submissions creating cases, on SQLite and on PostgreSQL.

1,000 signed `view_submission` requests (each a new case with one promise, a distinct modal) at
concurrency 20, from bench/loadgen.py in a process of its own, against `angrycall serve`, which
validates, stores, then answers; and the same requests against a bolt AsyncApp that only acks
them (the baseline), served the same way, in one run. Prints cases/s, p50/p95/p99 of the answer,
the server's CPU per case, the ratios to the baseline, and how many cases the database holds
afterwards (must equal the requests answered 200).

    python bench/ingest.py [--submissions 1000] [--concurrency 20]

Loopback only; PostgreSQL from ANGRYCALL_TEST_POSTGRES_URL (default 127.0.0.1:5432/test).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "bench"))
from ack import cpu_seconds, start  # noqa: E402
from loadgen import Request, run  # noqa: E402

from bot.slack.form_state import ModalMetadata  # noqa: E402
from storage.engine import Database, make_engine  # noqa: E402
from storage.models import Case  # noqa: E402
from tests.bot.form_values import case_values, commitment_values  # noqa: E402
from tests.databases import migrated_sqlite_url, private_postgres_database  # noqa: E402
from tests.fakeslack import FakeSlack  # noqa: E402
from tests.network import free_port  # noqa: E402
from tests.slack_requests import (  # noqa: E402
    BOT_TOKEN,
    FORM,
    REPORTER,
    SIGNING_SECRET,
    interaction,
    payload,
    signed_headers,
)

ANGRYCALL = str(Path(sys.executable).with_name("angrycall"))
CHANNEL = "C2147483705"
OWNERS = 50
CPU_TARGET_MS = 4.0
QUIET_SECONDS = 2.0


@dataclass
class Result:
    label: str
    latencies: list[float]
    elapsed: float
    failed: int
    stored: int | None
    cpu_ms: float  # the server's CPU per submission, background work included

    def quantile(self, q: int) -> float:
        return statistics.quantiles(self.latencies, n=100)[q - 1] * 1000

    @property
    def rate(self) -> float:
        return (len(self.latencies) - self.failed) / self.elapsed


def submission(index: int) -> str:
    """The form as a reporter submits it: a fresh modal (its own key), one promise."""
    body = payload("view_submission")
    due = (datetime.now(UTC) + timedelta(days=7)).date()
    promise = commitment_values(0, owner=f"U0OWNER{index % OWNERS:03d}", due=due, at=None,
                                promise="Call back with the refund confirmation")
    body["view"].update(
        private_metadata=ModalMetadata(uuid.uuid4().hex, CHANNEL).encode(),
        state={"values": case_values(customer=f"Customer {index % 300}",
                                     commitments=(promise,))})
    return interaction(body)


def load(port: int, submissions: int, concurrency: int) -> tuple[list[float], float, int]:
    requests = []
    for index in range(submissions):
        body = submission(index)
        requests.append(Request(body.encode(), signed_headers(body, content_type=FORM)))
    started = time.perf_counter()
    answers = run(port, "/slack/events", requests, concurrency)
    elapsed = time.perf_counter() - started
    # Stored: 200 with an empty body (the modal closes); anything else is a failure.
    failures = Counter(f"{a.status} {a.body[:60]!r}" for a in answers
                       if a.status != 200 or a.body)
    if failures:
        print(f"  port {port}: answers other than 'stored', by kind: {dict(failures)}")
    failed = sum(failures.values())
    return [a.seconds for a in answers], elapsed, failed


def cases_in(url: str) -> int:
    db = Database(make_engine(url))
    with db.engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(Case)).scalar_one()
    db.dispose()
    return int(count)


def after_the_answers(slack: FakeSlack) -> None:
    """Wait out the work after the answers (the DMs, the theme offers, the App Homes, which go
    out one at a time within Slack's views.publish budget): until Slack has heard nothing for
    QUIET_SECONDS."""
    heard, quiet_since = len(slack.calls), time.monotonic()
    give_up = quiet_since + 300
    while time.monotonic() - quiet_since < QUIET_SECONDS and time.monotonic() < give_up:
        time.sleep(0.2)
        if len(slack.calls) != heard:
            heard, quiet_since = len(slack.calls), time.monotonic()


def measure(label: str, command: list[str], env: dict[str, str], directory: str,
            database_url: str | None, submissions: int, concurrency: int,
            slack: FakeSlack) -> Result:
    port = free_port()
    if database_url:
        env = {**env, "DATABASE_URL": database_url}
    process = start([*command, "--port", str(port)], env, directory, port)
    try:
        load(port, 20, 5)  # warm up: the workspace, the people, connections
        cpu_before = cpu_seconds(process.pid)
        latencies, elapsed, failed = load(port, submissions, concurrency)
        after_the_answers(slack)  # it counts too
        cpu = cpu_seconds(process.pid) - cpu_before
    finally:
        process.terminate()
        process.wait(10)
    stored = cases_in(database_url) if database_url else None
    return Result(label, latencies, elapsed, failed, stored, cpu * 1000 / submissions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()
    results: list[Result] = []
    with FakeSlack(bot_tokens={BOT_TOKEN: {"team_id": "T0001", "user_id": "UBOT",
                                           "bot_id": "BBOT"}}) as slack, \
            tempfile.TemporaryDirectory() as directory, private_postgres_database() as pg:
        slack.add_user(REPORTER, tz="America/New_York")
        for index in range(OWNERS):
            slack.add_user(f"U0OWNER{index:03d}", tz="Europe/Berlin")
        slack.add_channel(CHANNEL, members=[REPORTER])
        env = {k: v for k, v in os.environ.items() if "PROXY" not in k.upper()}
        env.update(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                   SLACK_API_URL=slack.api_url, ANGRYCALL_TICK_SECONDS="0",
                   ANGRYCALL_LOG_LEVEL="WARNING")
        runs = [("minimal bolt app (baseline)", [sys.executable, str(ROOT / "bench" /
                                                                      "minimal_ack_app.py")],
                 None),
                ("angrycall serve, SQLite", [ANGRYCALL, "serve", "--host", "127.0.0.1"],
                 migrated_sqlite_url(directory)),
                ("angrycall serve, PostgreSQL", [ANGRYCALL, "serve", "--host", "127.0.0.1"], pg)]
        for label, command, url in runs:
            results.append(measure(label, command, env, directory, url, args.submissions,
                                   args.concurrency, slack))
    report(results, args.submissions, args.concurrency)


def report(results: list[Result], submissions: int, concurrency: int) -> None:
    base = results[0]
    print(f"{submissions} signed view submissions, concurrency {concurrency}, "
          f"{os.cpu_count()} CPUs")
    print(f"{'server':30} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'cases/s':>8} "
          f"{'failed':>6} {'stored':>7} {'CPU ms':>7} {'p99 x':>6} {'rate x':>6}")
    for r in results:
        stored = "-" if r.stored is None else str(r.stored - 20)  # minus the warm-up's 20
        print(f"{r.label:30} {r.quantile(50):7.1f} {r.quantile(95):7.1f} {r.quantile(99):7.1f} "
              f"{r.rate:8.0f} {r.failed:6d} {stored:>7} {r.cpu_ms:7.2f} "
              f"{r.quantile(99) / base.quantile(99):6.2f} {r.rate / base.rate:6.2f}")
    print(f"target: <= {CPU_TARGET_MS} ms of server CPU per case on both databases "
          "(issue 16; the baseline's CPU is the floor of bolt's own ack)")
    served = results[1:]
    # A submission told to press again is stored all the same: each one is one case.
    whole = sum(r.stored is not None and r.stored - 20 == submissions for r in served)
    print(f"met: CPU {sum(r.cpu_ms <= CPU_TARGET_MS for r in served)}/{len(served)} databases, "
          f"one case per submission {whole}/{len(served)}")


if __name__ == "__main__":
    main()
