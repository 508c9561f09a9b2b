"""Theme commands typed as text (Teams' personal chat and channels), parsed (pure).

    themes                              the workspace's open themes
    theme 12                            case 12: its theme, and what it is alike
    theme 12 new Charged twice          start a theme from case 12
    theme 12 link 3                     link case 12 to theme 3
    theme 12 unlink                     take case 12 out of its theme
    theme take 3 | theme fixed 3        take theme 3 | mark it fixed
    theme plan 3 2026-12-04             plan its fix date
    theme decline 3 Works as designed   decline it, with the reason
    theme merge 3 into 5                (leads) fold theme 3 into theme 5
    theme split 5 12,13 Card refunds    (leads) cases 12 and 13 of theme 5 into a new theme
    theme channel Billing               (leads, in a channel) this channel owns Billing themes
    theme target 24                     (leads) the first follow-up target, in hours
    told 12 [pleased|neutral|still upset]   case 12's customer was told of the fix
    unreachable 12                      case 12's customer can't be reached
    note on | note off                  your private weekly note, by DM, every Monday
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

USAGE = __doc__.split("\n\n", 1)[1].rstrip() if __doc__ else ""
REACTIONS = {"pleased": "pleased", "neutral": "neutral", "still upset": "still_upset",
             "upset": "still_upset"}


@dataclass(frozen=True)
class ThemeRequest:
    verb: str  # list | show | new | link | unlink | take | fixed | plan | decline | merge | split |
    #            channel | target | told | unreachable | note
    case_ids: tuple[int, ...] = ()
    theme_ids: tuple[int, ...] = ()
    text: str = ""
    fix_date: date | None = None
    number: int | None = None


PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (verb, re.compile(pattern, re.IGNORECASE)) for verb, pattern in (
        ("list", r"themes"),
        ("show", r"theme #?(?P<case>\d+)"),
        ("new", r"theme #?(?P<case>\d+) new (?P<text>.+)"),
        ("link", r"theme #?(?P<case>\d+) link #?(?P<theme>\d+)"),
        ("unlink", r"theme #?(?P<case>\d+) unlink"),
        ("take", r"theme take #?(?P<theme>\d+)"),
        ("fixed", r"theme fixed #?(?P<theme>\d+)"),
        ("plan", r"theme plan #?(?P<theme>\d+) (?P<date>\d{4}-\d{2}-\d{2})"),
        ("decline", r"theme decline #?(?P<theme>\d+) (?P<text>.+)"),
        ("merge", r"theme merge #?(?P<theme>\d+) into #?(?P<other>\d+)"),
        ("split", r"theme split #?(?P<theme>\d+) (?P<cases>\d+(?:,\s*\d+)*) (?P<text>.+)"),
        ("channel", r"theme channel (?P<text>.+)"),
        ("target", r"theme target (?P<number>\d{1,4})"),
        ("told", r"told #?(?P<case>\d+)(?: (?P<text>.+))?"),
        ("unreachable", r"unreachable #?(?P<case>\d+)"),
        ("note", r"note (?P<text>on|off)"),
    ))


def parse_theme_request(words: str) -> ThemeRequest | None:
    """The request `words` make, or None (then show USAGE)."""
    words = " ".join(words.split())
    for verb, pattern in PATTERNS:
        if (match := pattern.fullmatch(words)) is not None:
            return _request(verb, match.groupdict())
    return None


def _request(verb: str, parts: dict[str, str | None]) -> ThemeRequest | None:
    try:
        fix_date = date.fromisoformat(picked) if (picked := parts.get("date")) else None
    except ValueError:
        return None
    number = parts.get("number")
    text = (parts.get("text") or "").strip()
    if verb == "told":
        if text and text.lower() not in REACTIONS:
            return None
        text = REACTIONS.get(text.lower(), "")
    cases = [parts.get("case"), *re.split(r",\s*", parts.get("cases") or "")]
    return ThemeRequest(
        verb=verb, case_ids=tuple(int(c) for c in cases if c),
        theme_ids=tuple(int(t) for t in (parts.get("theme"), parts.get("other")) if t),
        text=text, fix_date=fix_date,
        number=int(number) if number else None)
