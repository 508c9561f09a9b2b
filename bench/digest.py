"""Benchmark: build one channel's weekly digest over 1,000,000 cases in 50 workspaces.

Fills a fresh database (SQLite file, then a private PostgreSQL database) with cases spread
over two years, one promise each, analyzes it, and times `commands.digest_delivery.build_digest` for
one workspace: wall time, the part spent in the database, and peak Python memory. The
baseline, measured in the same run, is the cheapest query a digest can't avoid: the ids of
that workspace's cases logged in the week.

    python bench/digest.py [--cases 1000000] [--workspaces 50] [--repeat 5]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select  # noqa: E402

from commands.digest_delivery import build_digest  # noqa: E402
from commands.digest_week import counted_days  # noqa: E402
from storage.digests import Scope  # noqa: E402
from storage.engine import Database, make_engine  # noqa: E402
from storage.migrate import upgrade_to_head  # noqa: E402
from storage.models import Case, Commitment, Person, Workspace  # noqa: E402
from storage.workspaces import get_workspace  # noqa: E402
from tests.databases import private_postgres_database  # noqa: E402

END = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
SPAN = timedelta(days=730)
CATEGORIES = ["Billing", "Product defect", "Delivery delay", "Service outage", "Other"]
BATCH = 20_000
PEOPLE = 20


def fill(db: Database, cases: int, workspaces: int) -> None:
    rng = random.Random(7)
    with db.engine.begin() as connection:
        connection.execute(insert(Workspace), [
            {"platform": "slack", "external_id": f"T{w:04d}", "name": "", "categories": [],
             "created_at": END - SPAN, "lead_user_ids": [], "work_days": [0, 1, 2, 3, 4],
             "work_start": datetime(2000, 1, 1, 9).time(), "work_end": datetime(
                 2000, 1, 1, 18).time(), "escalate_after_days": 2, "digest_show_names": False}
            for w in range(workspaces)])
        connection.execute(insert(Person), [
            {"workspace_id": w + 1, "user_id": f"U{w:04d}{p:03d}", "display_name": "",
             "tz": "Europe/Berlin", "address": {}}
            for w in range(workspaces) for p in range(PEOPLE)])
    for first in range(0, cases, BATCH):
        rows = [_case(first + i, rng, workspaces) for i in range(min(BATCH, cases - first))]
        with db.engine.begin() as connection:
            connection.execute(insert(Case), rows)
            connection.execute(insert(Commitment), [_promise(first + i + 1, row, rng)
                                                    for i, row in enumerate(rows)])


def _case(index: int, rng: random.Random, workspaces: int) -> dict[str, Any]:
    workspace = index % workspaces + 1
    logged = END - SPAN * rng.random()
    return {"workspace_id": workspace, "reporter_id": (workspace - 1) * PEOPLE + 1
            + rng.randrange(PEOPLE), "submission_key": f"bench-{index}",
            "customer": f"Customer {rng.randrange(5000)}", "contact_channel": "phone",
            "occurred_at": logged, "anger_level": rng.randint(1, 5),
            "what_happened": "Charged twice for the same order, wants a refund today.",
            "problem": "Billing migration", "category": rng.choice(CATEGORIES),
            "customer_wants": "Refund", "agreed": "Refund in 3 days", "lessons": "Check first",
            "deescalation_steps": ["acknowledge", "let_vent"], "share_consent": rng.random() < .5,
            "status": rng.choice(["open", "closed"]), "created_at": logged}


def _promise(case_id: int, case: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    due = case["created_at"] + timedelta(days=rng.randint(1, 10))
    done = due + timedelta(hours=rng.randint(-48, 48)) if rng.random() < .8 else None
    return {"case_id": case_id, "workspace_id": case["workspace_id"], "position": 0,
            "owner_id": case["reporter_id"],
            "promise": "Call back", "due_date": due.date(), "due_time": None,
            "due_zone": "Europe/Berlin", "due_at": due, "due_version": 1,
            "status": "done" if done else "open", "created_at": case["created_at"],
            "done_at": done, "slips": 0, "outcome_note": "Refunded" if done else ""}


class TimedDatabase(Database):
    """Adds up the time spent inside database transactions."""

    spent = 0.0

    def run_sync(self, work: Any, *, writes: bool = True) -> Any:
        started = time.perf_counter()
        try:
            return super().run_sync(work, writes=writes)
        finally:
            TimedDatabase.spent += time.perf_counter() - started


def measure(url: str, cases: int, workspaces: int, repeat: int) -> dict[str, float]:
    db = TimedDatabase(make_engine(url))
    started = time.perf_counter()
    fill(db, cases, workspaces)
    filled = time.perf_counter() - started
    # A live database has planner statistics (autovacuum; ANALYZE on SQLite); a freshly
    # bulk-loaded one has none yet.
    with db.engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")
    baseline = statistics.median(_baseline(db) for _ in range(repeat))
    workspace = asyncio.run(get_workspace(db, workspace_id=7))
    week = counted_days(END, ZoneInfo("UTC"), workspace.created_at)
    walls, db_times, peaks = [], [], []
    for _ in range(repeat):
        TimedDatabase.spent = 0.0
        tracemalloc.start()
        started = time.perf_counter()
        digest = asyncio.run(build_digest(db, scope=Scope(workspace_id=7), workspace=workspace,
                                          week=week, now=END))
        walls.append(time.perf_counter() - started)
        peaks.append(tracemalloc.get_traced_memory()[1] / 2**20)
        tracemalloc.stop()
        db_times.append(TimedDatabase.spent)
    db.dispose()
    return {"fill": filled, "cases_in_week": digest.numbers.cases, "baseline": baseline,
            "wall": statistics.median(walls), "db": statistics.median(db_times),
            "peak_mib": max(peaks)}


def _baseline(db: Database) -> float:
    started = time.perf_counter()
    db.run_sync(lambda s: s.execute(select(Case.id).where(
        Case.workspace_id == 7, Case.created_at >= END - timedelta(days=7),
        Case.created_at < END)).all(), writes=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--workspaces", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{args.cases:,} cases in {args.workspaces} workspaces over two years; "
          f"digest of one workspace for the week before {END:%Y-%m-%d}; median of {args.repeat}")
    print(f"{'database':12} {'fill s':>7} {'week cases':>10} {'baseline ms':>11} "
          f"{'digest ms':>9} {'db ms':>7} {'x base':>7} {'peak MiB':>8}")
    with tempfile.TemporaryDirectory() as directory, private_postgres_database() as pg:
        sqlite = f"sqlite:///{directory}/bench.db"
        engine = make_engine(sqlite)
        upgrade_to_head(engine)
        engine.dispose()
        for name, url in (("SQLite", sqlite), ("PostgreSQL", pg)):
            r = measure(url, args.cases, args.workspaces, args.repeat)
            print(f"{name:12} {r['fill']:7.0f} {r['cases_in_week']:10.0f} "
                  f"{1000 * r['baseline']:11.1f} {1000 * r['wall']:9.1f} {1000 * r['db']:7.1f} "
                  f"{r['db'] / r['baseline']:7.1f} {r['peak_mib']:8.1f}")


if __name__ == "__main__":
    main()
