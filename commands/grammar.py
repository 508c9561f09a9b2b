"""What a person asked for when they typed `angrycall <text>`: Slack's `/angrycall <text>` and a
Teams chat's `angrycall <text>` (or just `<text>` in a personal chat) read the same way."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

COMMAND = "angrycall"


class RequestKind(StrEnum):
    OPEN_FORM = "open_form"
    HELP = "help"
    LIST = "list"
    DIGEST = "digest"
    SETTINGS = "settings"
    HOME = "home"


SUBCOMMANDS: dict[str, RequestKind] = {
    "help": RequestKind.HELP,
    "?": RequestKind.HELP,
    "list": RequestKind.LIST,
    "digest": RequestKind.DIGEST,
    "settings": RequestKind.SETTINGS,
    "home": RequestKind.HOME,
    # `log Acme call back Friday` is the quick log said out loud.
    "log": RequestKind.OPEN_FORM,
}


@dataclass(frozen=True)
class Request:
    kind: RequestKind
    # For OPEN_FORM: the quick-log text to prefill from; otherwise the words after the subcommand.
    argument: str = ""


def parse_request(text: str) -> Request:
    """The words after the command: `help`, `list`, `digest ...`, `settings`, `home`, `log ...`
    are subcommands; anything else is quick-log text."""
    # The text's own line breaks stay: a quick log is read line by line.
    first, *rest = text.strip().split(None, 1) or [""]
    kind = SUBCOMMANDS.get(first.lower())
    if kind is None:
        return Request(RequestKind.OPEN_FORM, text.strip())
    return Request(kind, rest[0].strip() if rest else "")


def parse_chat_message(text: str) -> Request:
    """A chat message: `angrycall <text>` is a command as on Slack; without the command's name
    only a subcommand is one (a chat that just says "thanks" gets help, not a form)."""
    first, *rest = text.strip().split(None, 1) or [""]
    if first.lower() == COMMAND:
        return parse_request(rest[0] if rest else "")
    return parse_request(text) if first.lower() in SUBCOMMANDS else Request(RequestKind.HELP)
