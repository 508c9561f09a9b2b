"""Benchmark: how fast `angrycall serve` acknowledges signed `/angrycall` requests.

2,000 signed slash commands (half `/angrycall help`, half `/angrycall`, which opens the modal)
at concurrency 50 against `angrycall serve` (SQLite, the fake Slack), and the same against a
bolt AsyncApp that only acks, served the same way, in one run: p50/p95/p99 latency, throughput,
and the ratios to that baseline.

    python bench/ack.py [--requests 2000] [--concurrency 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakeslack import FakeSlack  # noqa: E402
from tests.network import free_port  # noqa: E402
from tests.slack_requests import (  # noqa: E402
    BOT_TOKEN,
    FORM,
    SIGNING_SECRET,
    signed_headers,
    slash_command,
)

ANGRYCALL = str(Path(sys.executable).with_name("angrycall"))



def start(command: list[str], env: dict[str, str], cwd: str, port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"{command[0]} did not start")


async def load(url: str, slack: FakeSlack, requests: int, concurrency: int) -> tuple[
        list[float], float, int]:
    limit = asyncio.Semaphore(concurrency)
    latencies: list[float] = []
    failures = 0
    statuses: dict[int, int] = {}

    async def one(client: httpx.AsyncClient, index: int) -> None:
        nonlocal failures
        text = "help" if index % 2 else ""
        async with limit:
            # Slack mints the trigger id as the user sends the command: not while this load
            # generator queues the request (trigger ids expire 3 s after they are minted).
            body = slash_command(text, trigger_id=slack.new_trigger_id())
            started = time.perf_counter()
            response = await client.post(url, content=body,
                                         headers=signed_headers(body, content_type=FORM))
            latencies.append(time.perf_counter() - started)
            if response.status_code != 200:
                failures += 1
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        await one(client, 1)  # warm up: the first request authorizes (auth.test)
        latencies.clear()
        started = time.perf_counter()
        await asyncio.gather(*(one(client, i) for i in range(requests)))
        elapsed = time.perf_counter() - started
    if statuses:
        print(f"  {url}: non-200 answers by status: {statuses}")
    return latencies, elapsed, failures


def summary(label: str, latencies: list[float], elapsed: float, failures: int) -> dict[str, float]:
    quantiles = statistics.quantiles(latencies, n=100)
    return {"p50": quantiles[49] * 1000, "p95": quantiles[94] * 1000,
            "p99": quantiles[98] * 1000, "rps": len(latencies) / elapsed, "failed": failures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    with FakeSlack(bot_tokens={BOT_TOKEN: {"team_id": "T0001", "user_id": "UBOT",
                                           "bot_id": "BBOT"}}) as slack, \
            tempfile.TemporaryDirectory() as directory:
        slack.add_user("U2147483697", tz="America/New_York")
        slack.add_channel("C2147483705", members=["U2147483697"])
        env = {k: v for k, v in os.environ.items() if "PROXY" not in k.upper()}
        env.update(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                   SLACK_API_URL=slack.api_url, ANGRYCALL_TICK_SECONDS="0",
                   ANGRYCALL_LOG_LEVEL="WARNING")
        results = {}
        for label, command in (
            ("minimal bolt app (baseline)", [sys.executable, str(ROOT / "bench" /
                                                                  "minimal_ack_app.py")]),
            ("angrycall serve", [ANGRYCALL, "serve", "--host", "127.0.0.1"]),
        ):
            port = free_port()
            process = start([*command, "--port", str(port)], env, directory, port)
            try:
                url = f"http://127.0.0.1:{port}/slack/events"
                results[label] = summary(label, *asyncio.run(
                    load(url, slack, args.requests, args.concurrency)))
            finally:
                process.terminate()
                process.wait(10)
    base = results["minimal bolt app (baseline)"]
    print(f"{args.requests} signed slash commands, concurrency {args.concurrency}, "
          f"{os.cpu_count()} CPUs")
    print(f"{'server':30} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'req/s':>7} "
          f"{'failed':>6} {'p99 x':>6} {'rps x':>6}")
    for label, r in results.items():
        print(f"{label:30} {r['p50']:7.1f} {r['p95']:7.1f} {r['p99']:7.1f} {r['rps']:7.0f} "
              f"{r['failed']:6.0f} {r['p99'] / base['p99']:6.2f} {r['rps'] / base['rps']:6.2f}")


if __name__ == "__main__":
    main()
