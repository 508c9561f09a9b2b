"""`angrycall serve` as a real process: its environment, its start, its health."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.network import free_port

# The console script `pip install` created: the operator's contract itself.
ANGRYCALL = str(Path(sys.executable).with_name("angrycall"))


def environment(**values: str) -> dict[str, str]:
    """This process's environment without angrycall's settings or proxies, plus `values`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SLACK_", "ANGRYCALL_", "DATABASE_")) and "PROXY" not in k.upper()}
    env.update(values)
    return env


@contextmanager
def serving(env: dict[str, str], cwd: Path | str) -> Iterator[str]:
    """`angrycall serve` on a free loopback port, healthy; its base URL. Stopped after."""
    port = free_port()
    process = subprocess.Popen(
        [ANGRYCALL, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, cwd=str(cwd), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def wait_until_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stderr.read().decode() if process.stderr else "died")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError("serve never became healthy")
