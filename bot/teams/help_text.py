"""The help a Teams chat shows, rendered from commands.help (pure)."""

from __future__ import annotations

from commands.grammar import RequestKind
from commands.help import Help

# What a Teams chat answers: every request Slack's command does.
TEAMS_SERVES = frozenset(RequestKind)


def help_text(reply: Help) -> str:
    lines = [f"**angrycall** {reply.intro}", ""]
    lines += [f"- `angrycall{' ' if line.words else ''}{line.words}`: {line.what}"
              for line in reply.lines]
    lines += ["", "`angrycall` may be left out before a word above "
              "(`help`, `digest preview`). I remind each promise's owner here, in this chat, "
              "before it is due."]
    return "\n".join(lines)
