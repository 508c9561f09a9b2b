"""`angrycall sandbox` binds loopback only, and `serve` reaches nothing of the sandbox."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.cli import main
from tests.serving import environment


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.com"])
def test_the_sandbox_refuses_anything_but_loopback(host: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sandbox", "--host", host]) == 2
    assert "loopback" in capsys.readouterr().err


SERVE_WITHOUT_SANDBOX = """
import sys
from bot.app import build_app
from bot.cli import _parser
from bot.config import Settings
app = build_app(Settings(_env_file=None, slack_bot_token="xoxb-1", slack_signing_secret="s",
                         database_url="sqlite://"))
_parser().parse_args(["serve"])
paths = [getattr(route, "path", "") for route in app.routes]
assert not any(p.startswith(("/sandbox", "/slack-api", "/slack-files", "/slack-hooks"))
               for p in paths), paths
assert not [m for m in sys.modules if m.startswith("bot.sandbox")], "sandbox imported"
print("ok")
"""


def test_serve_neither_imports_nor_routes_the_sandbox() -> None:
    done = subprocess.run([sys.executable, "-c", SERVE_WITHOUT_SANDBOX], env=environment(),
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.strip() == "ok", done.stderr
