"""Start-up pays only for what runs: `serve` without Teams never loads its SDK, a `tick` with one
token never loads bolt's OAuth stack (each `tick` process spends most of its life importing)."""

from __future__ import annotations

import subprocess
import sys


def loaded_after(*modules: str) -> set[str]:
    code = f"import sys\nimport {', '.join(modules)}\nprint('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=60)
    return set(result.stdout.split())


def test_serve_without_teams_loads_no_teams_sdk() -> None:
    loaded = loaded_after("bot.cli", "bot.app", "bot.http_server")
    assert not {m for m in loaded if m.startswith(("microsoft_agents", "fastapi"))}


def test_a_tick_loads_neither_oauth_nor_charts_nor_teams() -> None:
    loaded = loaded_after("bot.cli", "bot.tick_command", "bot.ticking")
    unwanted = ("slack_bolt.oauth.async_oauth_settings", "bot.slack.oauth", "matplotlib",
                "microsoft_agents", "fastapi", "dateparser", "prometheus_client")
    assert not {m for m in loaded if m.startswith(unwanted)}
