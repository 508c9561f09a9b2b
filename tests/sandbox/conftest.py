"""`angrycall sandbox` as a real process on a free loopback port, with a fixed start instant."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.network import free_port
from tests.serving import ANGRYCALL, environment, wait_until_healthy

# A Tuesday morning in Berlin, the sandbox team's zone.
START = "2026-11-24T09:00:00Z"


@pytest.fixture
def sandbox_url(tmp_path: Path) -> Iterator[str]:
    yield from running_sandbox(tmp_path)


@pytest.fixture(scope="module")
def shared_sandbox_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One sandbox for a module whose tests don't get in each other's way (they start in ~3 s)."""
    yield from running_sandbox(tmp_path_factory.mktemp("sandbox"))


def running_sandbox(tmp_path: Path, start: str = START) -> Iterator[str]:
    """Its output goes to files: a pipe nobody reads would stall it once full of log lines."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with (tmp_path / "stdout").open("wb") as out, (tmp_path / "stderr").open("wb") as err:
        process = subprocess.Popen(
            [ANGRYCALL, "sandbox", "--port", str(port), "--db", str(tmp_path / "sandbox.db"),
             "--now", start], env=environment(), cwd=str(tmp_path), stdout=out, stderr=err)
        try:
            try:
                wait_until_healthy(url, process)
            except AssertionError as error:
                raise AssertionError((tmp_path / "stderr").read_text()) from error
            assert f"open {url}/" in (tmp_path / "stdout").read_text()  # the address it prints
            yield url
        finally:
            process.terminate()
            process.wait(10)
