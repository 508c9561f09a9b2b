"""Start-up pays only for what runs: `serve` without Teams never loads its SDK, a `tick` with one
token never loads bolt's OAuth stack (each `tick` process spends most of its life importing)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# What a single-workspace `serve` with Teams, metrics and ticking off has no use for at start-up:
# each is loaded on first use (dateparser: the first quick note; rapidfuzz: the first case's
# theme suggestions; alembic: a SQLite database behind the code's schema), or only by the
# configuration that needs it (OAuth, Socket Mode, Teams, metrics, the in-process clock, and
# PostgreSQL's dialect with its driver modules on a SQLite database).
NOT_FOR_A_SINGLE_WORKSPACE_SERVE = (
    "microsoft_agents", "fastapi", "dateparser", "rapidfuzz", "alembic", "prometheus_client",
    "apscheduler", "matplotlib", "cryptography", "bot.slack.oauth", "bot.slack.installed_tokens",
    "bot.slack.installations", "slack_bolt.adapter.socket_mode", "slack_sdk.socket_mode",
    "bot.teams", "sqlalchemy.dialects.postgresql",
)
BUILD_SERVE_APP = """
from bot.app import build_app
from bot.config import Settings
from bot.http_server import server_config
from bot.slack.token_check import check_bot_token
settings = Settings(SLACK_BOT_TOKEN="xoxb-1-2-lean", SLACK_SIGNING_SECRET="lean-secret",
                    DATABASE_URL="sqlite:///{database}", ANGRYCALL_TICK_SECONDS=0)
server_config(build_app(settings), host="127.0.0.1", port=3000).load()
"""


def loaded_by(code: str) -> set[str]:
    code = f"import sys\n{code}\nprint('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=60)
    return set(result.stdout.split())


def loaded_after(*modules: str) -> set[str]:
    return loaded_by(f"import {', '.join(modules)}")


def test_serve_without_teams_loads_no_teams_sdk() -> None:
    loaded = loaded_after("bot.cli", "bot.app", "bot.http_server")
    assert not {m for m in loaded if m.startswith(("microsoft_agents", "fastapi"))}


def test_a_single_workspace_serve_starts_without_what_it_does_not_use(tmp_path: Path) -> None:
    loaded = loaded_by(BUILD_SERVE_APP.format(database=tmp_path / "lean.db"))
    assert "slack_bolt.async_app" in loaded  # the app was built
    assert not {m for m in loaded if m.startswith(NOT_FOR_A_SINGLE_WORKSPACE_SERVE)}


def test_a_tick_loads_neither_bolt_nor_charts_nor_teams() -> None:
    # A tick sends with slack_sdk alone; any module of slack_bolt loads all of bolt.
    loaded = loaded_after("bot.cli", "bot.tick_command", "bot.ticking")
    unwanted = ("slack_bolt", "bot.slack.oauth", "matplotlib", "microsoft_agents", "fastapi",
                "dateparser", "prometheus_client")
    assert not {m for m in loaded if m.startswith(unwanted)}
