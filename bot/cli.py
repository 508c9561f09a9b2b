"""The `angrycall` command: the operator's entry points (help texts in `bot.cli_help`)."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from bot import long_lived
from bot.cli_help import DESCRIPTION, EPILOG, texts
from bot.config import ConfigurationError, Settings, settings_problems
from bot.database import check_database, require_migrated
from bot.logs import configure_logging
from storage.engine import make_engine
from storage.migrate import current_revision, upgrade_to_head

DEFAULT_PORT = 3000
STARTUP_FAILED = 3  # uvicorn's own code: the app's start-up (lifespan) failed
# The subcommands that open DATABASE_URL: it is checked (in one line) before they start.
DATABASE_COMMANDS = frozenset({"serve", "migrate", "tick", "digest", "export"})


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command not in long_lived.COMMANDS:
        long_lived.short_lived()
    try:
        settings = Settings()
        configure_logging(settings.log_level, secrets=settings.secrets())
        if args.command in DATABASE_COMMANDS:
            check_database(settings.database_url)
        result: int = args.run(settings, args)
    except ConfigurationError as error:
        print(f"angrycall: {error}", file=sys.stderr)  # noqa: T201
        return 2
    except ValidationError as error:
        print(f"angrycall: {settings_problems(error)}", file=sys.stderr)  # noqa: T201
        return 2
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="angrycall", description=DESCRIPTION, epilog=EPILOG)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", **texts("serve"))
    serve.add_argument("--host", default=os.environ.get("HOST", "0.0.0.0"),
                       help="address to listen on (default: HOST, else 0.0.0.0)")
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", DEFAULT_PORT)),
                       help=f"port to listen on (default: PORT, else {DEFAULT_PORT})")
    serve.set_defaults(run=_serve)
    migrate = commands.add_parser("migrate", **texts("migrate"))
    migrate.set_defaults(run=_migrate)
    tick = commands.add_parser("tick", **texts("tick"))
    tick.add_argument("--at", required=True, type=parse_instant,
                      help="ISO 8601 instant, e.g. 2026-11-27T08:00:00Z (no offset means UTC)")
    tick.set_defaults(run=_tick)
    digest = commands.add_parser("digest", **texts("digest"))
    digest.add_argument("--channel", required=True, help="a subscribed channel id, e.g. C0123")
    digest.add_argument("--week", required=True, help="ISO week, e.g. 2026-W48")
    digest.add_argument("--post", action="store_true",
                        help="post it to the channel (once: a posted week is not posted again)")
    digest.set_defaults(run=_digest)
    export = commands.add_parser("export", **texts("export"))
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
    package = commands.add_parser("teams-package", **texts("teams-package"))
    package.add_argument("--output", type=Path, default=Path("angrycall-teams.zip"))
    package.add_argument("--app-id", help="the Azure Bot's app id (default: TEAMS_APP_ID)")
    package.add_argument("--website", default="https://example.com",
                         help="https URL of your site; /privacy and /terms are linked too")
    package.add_argument("--source", type=Path, help="folder with manifest.json and the icons")
    package.set_defaults(run=_teams_package)
    new_key = commands.add_parser("new-key", **texts("new-key"))
    new_key.set_defaults(run=_new_key)
    _add_sandbox(commands)
    return parser


def parse_instant(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip().replace("z", "Z"))
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 instant: {text!r}") from error
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import build_app  # imported late: `migrate` needs none of the Slack stack
    from bot.http_server import run_server
    from bot.slack.token_check import check_bot_token

    settings.require_platforms(host=args.host)
    require_migrated(settings.database_url)
    asyncio.run(check_bot_token(settings))
    app = build_app(settings)
    long_lived.started()  # here, not in the app's start-up: tests start apps in their process
    started = run_server(app, host=args.host, port=args.port)
    return 0 if started else STARTUP_FAILED


def _tick(settings: Settings, args: argparse.Namespace) -> int:
    from bot.tick_command import run_tick_command

    settings.require_platforms(outbound=True)
    return run_tick_command(settings, at=args.at)


def _digest(settings: Settings, args: argparse.Namespace) -> int:
    from bot.digest_cli import print_or_post_digest

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


# -- `angrycall sandbox`: kept in one block; nothing of it is imported by the other commands.
def _add_sandbox(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sandbox = commands.add_parser("sandbox", **texts("sandbox"))
    sandbox.add_argument("--port", type=int, default=DEFAULT_PORT,
                         help=f"the page's port (default {DEFAULT_PORT})")
    sandbox.add_argument("--host", default="127.0.0.1", help="a loopback address only")
    sandbox.add_argument("--db", type=Path, help="SQLite file to keep (default: a temporary one)")
    sandbox.add_argument("--now", type=parse_instant,
                         help="start the sandbox clock at this instant (default: now)")
    sandbox.set_defaults(run=_sandbox)


def _sandbox(settings: Settings, args: argparse.Namespace) -> int:
    import tempfile

    from bot.config import is_loopback
    from bot.http_server import run_server
    from bot.sandbox.app import build_sandbox

    if not is_loopback(args.host):
        raise ConfigurationError(f"the sandbox lets whoever opens its page act as anyone in "
                                 f"its workspace: it listens on a loopback address only, "
                                 f"not {args.host!r} (--host 127.0.0.1)")
    with tempfile.TemporaryDirectory(prefix="angrycall-sandbox-") as scratch:
        app = build_sandbox(settings, host=args.host, port=args.port,
                            database=args.db or Path(scratch) / "sandbox.db",
                            start=args.now or datetime.now(UTC))
        started = run_server(app, host=args.host, port=args.port)
    return 0 if started else 1


def _migrate(settings: Settings, _args: argparse.Namespace) -> int:
    engine = make_engine(settings.database_url)
    upgrade_to_head(engine)
    revision = current_revision(engine)
    engine.dispose()
    print(f"angrycall: the database schema is up to date (revision {revision})")  # noqa: T201
    return 0
