"""`angrycall help`: what angrycall can be asked, said once for every platform; each platform
renders the lines of the requests it serves (its own prefix, its own markup)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from commands.grammar import RequestKind

INTRO = "helps you close the loop after a difficult customer conversation."


@dataclass(frozen=True)
class HelpLine:
    kind: RequestKind
    words: str  # what to type after the command's name
    what: str


HELP_LINES = (
    HelpLine(RequestKind.OPEN_FORM, "",
             "log a conversation (customer, what happened, what was promised, by when)"),
    HelpLine(RequestKind.OPEN_FORM, "Acme call back Friday 3pm",
             "the same, prefilled from your note"),
    HelpLine(RequestKind.LIST, "list",
             "your open commitments, with Done / Snooze / Renegotiate / Reassign"),
    HelpLine(RequestKind.HOME, "home", "your promises, your kept rate and the cases you logged"),
    HelpLine(RequestKind.DIGEST,
             "digest here [weekday HH:MM] [timezone] [members] [for Category, …]",
             "this channel gets the weekly digest (default Monday 09:00); `digest off` stops "
             "it; `digest preview` shows it"),
    HelpLine(RequestKind.SETTINGS, "settings",
             "team leads, working days and hours (leads and admins)"),
    # Theme words are read before the grammar (commands.theme_dispatch); both platforms take them.
    HelpLine(RequestKind.OPEN_FORM, "themes",
             "problems behind many calls; `theme 12` for a case's (`theme help`)"),
    HelpLine(RequestKind.OPEN_FORM, "note on", "your private weekly note (`note off` stops it)"),
    HelpLine(RequestKind.HELP, "help", "this message"),
)


@dataclass(frozen=True)
class Help:
    intro: str
    lines: tuple[HelpLine, ...]


def help_for(serves: Collection[RequestKind]) -> Help:
    """The help of a platform that serves these requests (a request it can't serve is not
    offered)."""
    return Help(INTRO, tuple(line for line in HELP_LINES if line.kind in serves))
