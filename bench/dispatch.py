"""Benchmark: 10,000 due nudges across 1,000 owners, dispatched to the fake Slack.

Runs `angrycall tick --at T` as 1 and as 4 concurrent processes on SQLite and on PostgreSQL and
prints nudges/s, the tick processes' CPU per nudge, lateness after the due instant (p50/p99)
and duplicates (must be 0). The baseline, measured in the same run, is the fake Slack alone:
the very messages the first run posted (same blocks, same metadata, so the fake checks the same
Block Kit), replayed from one process with the same concurrency and no database.

    python bench/dispatch.py [--nudges 10000] [--owners 1000]

Loopback only; PostgreSQL from ANGRYCALL_TEST_POSTGRES_URL (default 127.0.0.1:5432/test).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from slack_sdk.web.async_client import AsyncWebClient  # noqa: E402

from commands.nudges import CONCURRENT_SENDS  # noqa: E402
from storage.engine import Database, make_engine  # noqa: E402
from storage.migrate import upgrade_to_head  # noqa: E402
from tests.databases import private_postgres_database  # noqa: E402
from tests.fakeslack import FakeSlack  # noqa: E402
from tests.seeding import DUE_NUDGE_AT, owner_id, seed_due_commitments  # noqa: E402

ANGRYCALL = str(Path(sys.executable).with_name("angrycall"))
TOKEN = "xoxb-test"
RATE_TARGET = 0.6
CPU_TARGET_MS = 1.2


@dataclass
class Result:
    label: str
    delivered: int
    duplicates: int
    seconds: float
    lateness: list[float]
    cpu_ms: float = 0.0  # the tick processes' CPU per nudge delivered

    @property
    def rate(self) -> float:
        return self.delivered / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.lateness)
        return ordered[min(int(share * len(ordered)), len(ordered) - 1)] if ordered else 0.0


def dispatch(slack: FakeSlack, database_url: str, workers: int, label: str) -> Result:
    env = {k: v for k, v in os.environ.items() if "PROXY" not in k.upper()}
    env.update(SLACK_BOT_TOKEN=TOKEN, SLACK_API_URL=slack.api_url, DATABASE_URL=database_url,
               ANGRYCALL_LOG_LEVEL="WARNING")
    start, cpu_before = time.time(), _children_cpu()
    processes = [subprocess.Popen([ANGRYCALL, "tick", "--at", DUE_NUDGE_AT.isoformat()],
                                  env=env, stdout=subprocess.DEVNULL) for _ in range(workers)]
    for process in processes:
        if process.wait() != 0:
            raise SystemExit(f"a tick process failed ({label})")
    seconds, cpu = time.time() - start, _children_cpu() - cpu_before
    calls = [c for c in slack.calls_to("chat.postMessage") if c.response.get("ok")]
    ids = Counter(int(c.args["metadata"]["event_payload"]["nudge_id"]) for c in calls)
    return Result(label, len(ids), sum(n - 1 for n in ids.values()), seconds,
                  [c.at - start for c in calls], cpu * 1000 / max(len(ids), 1))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


async def baseline(slack: FakeSlack, messages: list[dict[str, object]]) -> Result:
    """The fake Slack alone: how fast can one process post these DMs with this concurrency?"""
    client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
    limit = asyncio.Semaphore(CONCURRENT_SENDS)

    async def post(message: dict[str, object]) -> None:
        async with limit:
            await client.chat_postMessage(**message)  # type: ignore[arg-type]

    start = time.time()
    await asyncio.gather(*(post(message) for message in messages))
    seconds = time.time() - start
    return Result("fake Slack alone (baseline)", len(messages), 0, seconds, [])


def fresh_sqlite(directory: str, name: str) -> str:
    url = f"sqlite:///{directory}/{name}.db"
    engine = make_engine(url)
    upgrade_to_head(engine)
    engine.dispose()
    return url


def empty_postgres(url: str) -> str:
    from tests.databases import empty_postgres_tables

    empty_postgres_tables(url)
    return url


def seed(url: str, nudges: int, owners: int) -> None:
    db = Database(make_engine(url))
    asyncio.run(seed_due_commitments(db, count=nudges, owners=owners, per_case=200))
    db.dispose()


def run(nudges: int, owners: int) -> list[Result]:
    results = []
    with FakeSlack(bot_tokens={TOKEN: {"team_id": "T0001", "user_id": "UBOT",
                                       "bot_id": "BBOT"}}) as slack:
        def people() -> None:
            slack.reset()
            for index in range(owners):
                slack.add_user(owner_id(index), tz="Europe/Berlin")
            slack.add_user("UREPORTER", tz="Europe/Berlin")

        with tempfile.TemporaryDirectory() as directory, private_postgres_database() as pg:
            for backend in ("SQLite", "PostgreSQL"):
                for workers in (1, 4):
                    url = (fresh_sqlite(directory, f"w{workers}") if backend == "SQLite"
                           else empty_postgres(pg))
                    seed(url, nudges, owners)
                    people()
                    label = f"{backend}, {workers} worker{'s' if workers > 1 else ''}"
                    results.append(dispatch(slack, url, workers, label))
                    if len(results) == 1:
                        results.insert(0, _replayed(slack))
    return results


def _replayed(slack: FakeSlack) -> Result:
    """The baseline: the messages the first run posted, posted again without the app."""
    messages = [{k: v for k, v in c.args.items() if k != "token"}
                for c in slack.calls_to("chat.postMessage") if c.response.get("ok")]
    return asyncio.run(baseline(slack, messages))


def report(results: list[Result]) -> None:
    base = results[0].rate
    print(f"{'run':32} {'sent':>6} {'dup':>4} {'secs':>6} {'nudges/s':>9} {'x base':>7} "
          f"{'CPU/nudge':>10} {'p50 late':>9} {'p99 late':>9}")
    for r in results:
        print(f"{r.label:32} {r.delivered:6d} {r.duplicates:4d} {r.seconds:6.1f} {r.rate:9.0f} "
              f"{r.rate / base:7.2f} {r.cpu_ms:8.2f}ms {r.percentile(0.5):8.2f}s "
              f"{r.percentile(0.99):8.2f}s")
    print(f"targets: >= {RATE_TARGET}x the baseline, <= {CPU_TARGET_MS} ms CPU per nudge, "
          "0 duplicates")
    runs = results[1:]
    print(f"met: rate {sum(r.rate / base >= RATE_TARGET for r in runs)}/{len(runs)} runs, "
          f"CPU {sum(r.cpu_ms <= CPU_TARGET_MS for r in runs)}/{len(runs)}, "
          f"no duplicates {sum(r.duplicates == 0 for r in runs)}/{len(runs)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nudges", type=int, default=10_000)
    parser.add_argument("--owners", type=int, default=1_000)
    args = parser.parse_args()
    print(f"{args.nudges} due nudges across {args.owners} owners; "
          f"{os.cpu_count()} CPUs")
    report(run(args.nudges, args.owners))


if __name__ == "__main__":
    main()
