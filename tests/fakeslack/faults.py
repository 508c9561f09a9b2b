"""Faults the fake can be told to produce: rate limits, server errors, Slack errors, slowness."""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass
class Fault:
    status: int = 200
    error: str | None = None
    retry_after: float = 1
    delay: float = 0.0
    times: int = 1

    @property
    def answers(self) -> bool:
        """False for a pure delay: the request is then answered normally after sleeping."""
        return self.status != 200 or self.error is not None


class FaultPlan:
    """Per method, faults consumed in the order they were injected."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: dict[str, list[Fault]] = {}

    def add(self, method: str, fault: Fault) -> None:
        with self._lock:
            self._faults.setdefault(method, []).append(fault)

    def take(self, method: str) -> Fault | None:
        with self._lock:
            queue = self._faults.get(method) or []
            if not queue:
                return None
            fault = queue[0]
            fault.times -= 1
            if fault.times <= 0:
                queue.pop(0)
            return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
