"""`angrycall serve | migrate`: the operator's entry points."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import uvicorn
from pydantic import ValidationError

from bot.config import ConfigurationError, Settings
from bot.logs import configure_logging
from storage.engine import make_engine
from storage.migrate import upgrade_to_head

DEFAULT_PORT = 3000


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
        configure_logging(settings.log_level)
        result: int = args.run(settings, args)
    except (ConfigurationError, ValidationError) as error:
        print(f"angrycall: {error}", file=sys.stderr)  # noqa: T201
        return 2
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="angrycall", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the Slack and Teams app (and the clock)")
    serve.add_argument("--host", default=os.environ.get("HOST", "0.0.0.0"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", DEFAULT_PORT)))
    serve.set_defaults(run=_serve)
    migrate = commands.add_parser("migrate", help="bring the database schema up to date")
    migrate.set_defaults(run=_migrate)
    tick = commands.add_parser("tick", help="send everything due at an instant, then exit")
    tick.add_argument("--at", required=True, type=parse_instant,
                      help="ISO 8601 instant, e.g. 2026-11-27T08:00:00Z (no offset means UTC)")
    tick.set_defaults(run=_tick)
    digest = commands.add_parser("digest", help="print (or post) a channel's weekly digest")
    digest.add_argument("--channel", required=True, help="a subscribed channel id, e.g. C0123")
    digest.add_argument("--week", required=True, help="ISO week, e.g. 2026-W48")
    digest.add_argument("--post", action="store_true",
                        help="post it to the channel (once: a posted week is not posted again)")
    digest.set_defaults(run=_digest)
    export = commands.add_parser("export", help="write every case to a CSV or JSON file")
    export.add_argument("--format", choices=["csv", "json"], default="csv")
    export.add_argument("--output", required=True, type=Path, help="the file to write")
    export.add_argument("--since", help="only cases logged on or after this date (2026-01-31)")
    export.add_argument("--team", help="only this workspace (Slack team id)")
    names = export.add_mutually_exclusive_group()
    names.add_argument("--names", dest="names", action="store_true", default=None,
                       help="show customer names (default: each workspace's digest setting)")
    names.add_argument("--anonymize", dest="names", action="store_false",
                       help="anonymize customers, emails and phone numbers")
    export.set_defaults(run=_export)
    package = commands.add_parser("teams-package",
                                   help="zip the Teams app package (manifest and icons)")
    package.add_argument("--output", type=Path, default=Path("angrycall-teams.zip"))
    package.add_argument("--app-id", help="the Azure Bot's app id (default: TEAMS_APP_ID)")
    package.add_argument("--website", default="https://example.com",
                         help="https URL of your site; /privacy and /terms are linked too")
    package.add_argument("--source", type=Path, help="folder with manifest.json and the icons")
    package.set_defaults(run=_teams_package)
    new_key = commands.add_parser(
        "new-key", help="print a new ANGRYCALL_ENCRYPTION_KEY (seals installed workspaces' tokens)")
    new_key.set_defaults(run=_new_key)
    return parser


def parse_instant(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip().replace("z", "Z"))
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 instant: {text!r}") from error
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import build_app  # imported late: `migrate` needs none of the Slack stack

    settings.require_platforms(host=args.host)
    uvicorn.run(build_app(settings), host=args.host, port=args.port, log_level="info")
    return 0


def _tick(settings: Settings, args: argparse.Namespace) -> int:
    from bot.tick_command import run_tick_command

    settings.require_platforms(outbound=True)
    return run_tick_command(settings, at=args.at)


def _digest(settings: Settings, args: argparse.Namespace) -> int:
    from bot.digest_command import print_or_post_digest

    if args.post:
        settings.require_platforms(outbound=True)
    return asyncio.run(print_or_post_digest(settings, channel_id=args.channel,
                                            week=args.week, post=args.post))


def _export(settings: Settings, args: argparse.Namespace) -> int:
    from bot.export_command import export_to_file

    count = asyncio.run(export_to_file(settings, output=args.output, file_format=args.format,
                                       since=args.since, team=args.team, names=args.names))
    print(f"angrycall: wrote {count} cases to {args.output}")  # noqa: T201
    return 0


def _teams_package(settings: Settings, args: argparse.Namespace) -> int:
    from bot.teams.package import DEFAULT_SOURCE, PackageError, build_package

    app_id = args.app_id or settings.teams_app_id
    if not app_id:
        raise ConfigurationError("TEAMS_APP_ID is not set (or pass --app-id)")
    try:
        path = build_package(output=args.output, app_id=app_id, website_url=args.website,
                             source=args.source or DEFAULT_SOURCE)
    except PackageError as error:
        raise ConfigurationError(str(error)) from error
    print(f"angrycall: wrote {path}; upload it in Teams (Apps, Manage your apps)")  # noqa: T201
    return 0


def _new_key(_settings: Settings, _args: argparse.Namespace) -> int:
    from bot.slack.token_cipher import new_key

    print(new_key())  # noqa: T201
    return 0


def _migrate(settings: Settings, _args: argparse.Namespace) -> int:
    engine = make_engine(settings.database_url)
    upgrade_to_head(engine)
    engine.dispose()
    print("angrycall: the database schema is up to date")  # noqa: T201
    return 0
