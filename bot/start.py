"""The `angrycall` command's own process begins here: start-up uncollected
(`bot.long_lived.starting`), then the command (`bot.cli`)."""

from __future__ import annotations

from bot import long_lived


def main() -> int:
    long_lived.starting()
    from bot.cli import main as run_command

    return run_command()
