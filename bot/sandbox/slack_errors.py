"""Slack's way of refusing a Web API call: HTTP 200 with `ok: false` and an error code."""

from __future__ import annotations

from typing import Any

Answer = dict[str, Any]


class SlackError(Exception):
    """An `ok: false` answer."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.answer: Answer = {"ok": False, "error": error, **extra}
