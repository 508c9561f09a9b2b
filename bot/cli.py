"""`angrycall serve | migrate`: the operator's entry points."""

from __future__ import annotations

import argparse
import logging
import os
import sys

import uvicorn
from pydantic import ValidationError

from bot.config import ConfigurationError, Settings
from storage.engine import make_engine
from storage.migrate import upgrade_to_head

DEFAULT_PORT = 3000


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
        logging.basicConfig(
            level=settings.log_level.upper(),
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
        result: int = args.run(settings, args)
    except (ConfigurationError, ValidationError) as error:
        print(f"angrycall: {error}", file=sys.stderr)  # noqa: T201
        return 2
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="angrycall", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the Slack app over HTTP (and the clock)")
    serve.add_argument("--host", default=os.environ.get("HOST", "0.0.0.0"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", DEFAULT_PORT)))
    serve.set_defaults(run=_serve)
    migrate = commands.add_parser("migrate", help="bring the database schema up to date")
    migrate.set_defaults(run=_migrate)
    return parser


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import build_app  # imported late: `migrate` needs none of the Slack stack

    settings.require_slack()
    uvicorn.run(build_app(settings), host=args.host, port=args.port, log_level="info")
    return 0


def _migrate(settings: Settings, _args: argparse.Namespace) -> int:
    engine = make_engine(settings.database_url)
    upgrade_to_head(engine)
    engine.dispose()
    print("angrycall: the database schema is up to date")  # noqa: T201
    return 0
