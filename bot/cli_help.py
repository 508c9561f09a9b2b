"""What `angrycall --help` says: each subcommand's purpose and the settings it reads."""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

WIDTH = 78

DESCRIPTION = ("angrycall: log difficult customer calls, keep the promises made in them "
               "(nudges by DM) and share the lessons (a weekly digest), in Slack and "
               "Microsoft Teams. Settings come from the environment or a .env file.")
EPILOG = "Run `angrycall COMMAND --help` for what a command does and the variables it needs."

DATABASE = "DATABASE_URL (default sqlite:///angrycall.db; postgresql://user:pass@host/db)"
SLACK_OUT = ("Slack: SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET "
             "and ANGRYCALL_ENCRYPTION_KEY (OAuth installs); SLACK_API_URL (optional)")
TEAMS = "Teams: TEAMS_APP_ID, TEAMS_APP_PASSWORD, TEAMS_TENANT_ID"


def needs(*lines: str) -> str:
    """The settings a command reads, one per line (long ones wrapped and indented)."""
    return "needs:\n" + "\n".join(
        textwrap.fill(line, WIDTH, initial_indent="  ", subsequent_indent="    ")
        for line in lines)


SUBCOMMANDS: dict[str, dict[str, str]] = {
    "serve": {
        "help": "run the Slack and Teams app (and the clock)",
        "description": "Serve Slack's requests (POST /slack/events) and Teams' (POST "
                       "/api/messages), GET /healthz, and tick every ANGRYCALL_TICK_SECONDS to "
                       "send due nudges and digests. SQLite is migrated at start; PostgreSQL "
                       "must be migrated first (`angrycall migrate`).",
        "epilog": needs(DATABASE, SLACK_OUT,
                        "Slack requests: SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN "
                        "(Socket Mode)",
                        TEAMS + " (when Teams is used)",
                        "optional: HOST, PORT, ANGRYCALL_TICK_SECONDS, ANGRYCALL_LOG_LEVEL"),
    },
    "migrate": {
        "help": "bring the database schema up to date",
        "description": "Apply every database migration not yet applied, then exit. Run it "
                       "once per deploy before `serve` on PostgreSQL.",
        "epilog": needs(DATABASE),
    },
    "tick": {
        "help": "send everything due at an instant, then exit",
        "description": "Send the nudges and digests due at --at, then print a JSON report. "
                       "Safe to run twice for one instant and beside `serve`'s own clock.",
        "epilog": needs(DATABASE, SLACK_OUT, TEAMS + " (when Teams is used)"),
    },
    "digest": {
        "help": "print (or post) a channel's weekly digest",
        "description": "Print the digest of a subscribed channel for an ISO week, or post it "
                       "there with --post (once: a posted week is not posted again).",
        "epilog": needs(DATABASE, "with --post: " + SLACK_OUT,
                        "or, for a Teams channel, " + TEAMS),
    },
    "export": {
        "help": "write every case to a CSV or JSON file",
        "description": "Write the logged cases, their commitments and outcomes to a file.",
        "epilog": needs(DATABASE),
    },
    "teams-package": {
        "help": "zip the Teams app package (manifest and icons)",
        "description": "Write the zip to upload in Teams (Apps, Manage your apps).",
        "epilog": needs("TEAMS_APP_ID (or --app-id)"),
    },
    "sandbox": {
        "help": "try it in the browser: the real bot with a local stand-in for Slack",
        "description": "Start the real app, a local stand-in for Slack's Web API and a web page "
                       "that plays Slack's client (a small team, a channel, DMs, App Home, a "
                       "clock to skip ahead), on a scratch SQLite file, on loopback only. "
                       "Nothing to set up: no Slack app, no tokens.",
        "epilog": "needs: nothing (--db FILE keeps the data between runs)",
    },
    "new-key": {
        "help": "print a new ANGRYCALL_ENCRYPTION_KEY (seals installed workspaces' tokens)",
        "description": "Print a new Fernet key for ANGRYCALL_ENCRYPTION_KEY. To change keys, "
                       "put the new one first: ANGRYCALL_ENCRYPTION_KEY=new,old.",
        "epilog": "needs: nothing",
    },
}


def texts(name: str) -> dict[str, Any]:
    """Keyword arguments for `add_parser(name, ...)`: help line, description and epilog (the
    description wrapped here, so the epilog's list keeps its lines)."""
    text = SUBCOMMANDS[name]
    return {"help": text["help"], "epilog": text["epilog"],
            "description": textwrap.fill(text["description"], WIDTH),
            "formatter_class": argparse.RawDescriptionHelpFormatter}
