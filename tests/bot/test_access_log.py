"""`serve` writes no line per request: the access log cost a third of a help command's CPU."""

from __future__ import annotations

from starlette.applications import Starlette

from bot.http_server import server_config


def test_the_server_keeps_no_access_log() -> None:
    config = server_config(Starlette(), host="127.0.0.1", port=0)
    assert config.access_log is False
