"""`/readyz` says whether the database accepts writes; `/healthz` only that the process lives.

A full disk is what the server process sees when its files may not grow: here RLIMIT_FSIZE is
set to 0 on the running `angrycall serve` (writes fail with EFBIG; Python ignores SIGXFSZ).
"""

from __future__ import annotations

import resource
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.fakeslack import FakeSlack
from tests.network import free_port
from tests.serving import ANGRYCALL, environment, wait_until_healthy
from tests.slack_requests import BOT_TOKEN, SIGNING_SECRET


@pytest.fixture
def serve(slack: FakeSlack, tmp_path: Path) -> Iterator[tuple[str, int]]:
    """`angrycall serve` on SQLite in a fresh directory: its URL and process id."""
    env = environment(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                      SLACK_API_URL=slack.api_url, ANGRYCALL_TICK_SECONDS="0")
    port = free_port()
    process = subprocess.Popen(
        [ANGRYCALL, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, cwd=str(tmp_path), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process)
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(10)


def test_readiness_follows_whether_the_database_accepts_writes(
    serve: tuple[str, int]
) -> None:
    url, pid = serve
    assert httpx.get(f"{url}/readyz", timeout=10).status_code == 200
    _soft, hard = resource.prlimit(pid, resource.RLIMIT_FSIZE)
    resource.prlimit(pid, resource.RLIMIT_FSIZE, (0, hard))  # the disk is full
    not_ready = httpx.get(f"{url}/readyz", timeout=10)
    assert not_ready.status_code == 503
    assert "write" in not_ready.json()["status"]
    assert httpx.get(f"{url}/healthz", timeout=10).status_code == 200  # alive all the same
    resource.prlimit(pid, resource.RLIMIT_FSIZE, (hard, hard))  # space again
    assert httpx.get(f"{url}/readyz", timeout=10).status_code == 200
