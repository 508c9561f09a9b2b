"""When the server stops, the tick under way finishes: it is neither cut short nor logged as an
error (APScheduler's asyncio executor cancels the jobs still running when it shuts down)."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from bot import ticking


async def test_the_tick_under_way_when_the_server_stops_finishes(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    started, finished = asyncio.Event(), asyncio.Event()

    async def slow_tick(*_: Any, **__: Any) -> None:
        started.set()
        await asyncio.sleep(0.3)  # sending nudges when the server is told to stop
        finished.set()

    monkeypatch.setattr(ticking, "tick_once", slow_tick)
    services = SimpleNamespace(settings=SimpleNamespace(tick_seconds=0.05),
                               now=lambda: datetime.now(UTC))
    with caplog.at_level(logging.WARNING):
        async with ticking.running_clock(services):  # type: ignore[arg-type]
            await asyncio.wait_for(started.wait(), timeout=10)
    assert finished.is_set()
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text
