"""Theme commands typed as text, answered the same way on every platform: parse, call the use
case, say what happened; what others must hear goes through the platform's `ThemeNotices`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from commands import theme_fixes, themes
from commands import theme_texts as texts
from commands.theme_requests import USAGE, ThemeRequest, parse_theme_request
from commands.theme_settings import set_outer_loop
from commands.theme_views import CustomerTold, ThemeRefusal, ThemeView
from commands.themes import Actor
from commands.weekly_notes import want_weekly_note
from storage.engine import Database

THEME_WORDS = frozenset({"theme", "themes", "told", "unreachable", "note"})


class ThemeNotices(Protocol):
    """What a platform does around a theme command."""

    async def send_pending(self) -> None:
        """Send the notices the command put in the outbox (the tick retries what fails)."""

    async def channel_owns(self, channel_id: str) -> None:
        """A channel was given a category's themes (Teams keeps its address)."""


@dataclass(frozen=True)
class ThemeTurn:
    db: Database
    actor: Actor
    channel_id: str | None  # where the command was typed, when in a channel
    now: datetime
    notices: ThemeNotices


def is_theme_text(words: str) -> bool:
    return words.split(" ", 1)[0].lower() in THEME_WORDS


async def answer_theme_text(turn: ThemeTurn, words: str) -> str:
    """The plain-text answer to a theme command (its usage when it is not one)."""
    request = parse_theme_request(words)
    return USAGE if request is None else await HANDLERS[request.verb](turn, request)


def _said(answer: ThemeView | ThemeRefusal) -> str:
    return answer.value if isinstance(answer, ThemeRefusal) else texts.theme_line(answer)


async def _list(turn: ThemeTurn, request: ThemeRequest) -> str:
    return texts.theme_list(await themes.open_themes(turn.db, actor=turn.actor))


async def _show(turn: ThemeTurn, request: ThemeRequest) -> str:
    case_id = request.case_ids[0]
    choices = await themes.theme_choices(turn.db, case_id=case_id, actor=turn.actor)
    if choices is None:
        return ThemeRefusal.NOT_FOUND.value
    return texts.case_themes(case_id, choices.current, choices.suggestions)


async def _new(turn: ThemeTurn, request: ThemeRequest) -> str:
    answer = await themes.start_theme(turn.db, actor=turn.actor, title=request.text,
                                      case_ids=request.case_ids, now=turn.now)
    await turn.notices.send_pending()
    return _said(answer)


async def _link(turn: ThemeTurn, request: ThemeRequest) -> str:
    return _said(await themes.link_case(turn.db, actor=turn.actor,
                                        theme_id=request.theme_ids[0],
                                        case_id=request.case_ids[0], now=turn.now))


async def _unlink(turn: ThemeTurn, request: ThemeRequest) -> str:
    answer = await themes.unlink_case(turn.db, actor=turn.actor, case_id=request.case_ids[0])
    return answer.value if isinstance(answer, ThemeRefusal) else answer


async def _take(turn: ThemeTurn, request: ThemeRequest) -> str:
    return _said(await theme_fixes.take_theme(turn.db, actor=turn.actor,
                                              theme_id=request.theme_ids[0], now=turn.now))


async def _plan(turn: ThemeTurn, request: ThemeRequest) -> str:
    return _said(await theme_fixes.plan_fix(turn.db, actor=turn.actor,
                                            theme_id=request.theme_ids[0],
                                            fix_date=request.fix_date, now=turn.now))


async def _decline(turn: ThemeTurn, request: ThemeRequest) -> str:
    answer = await theme_fixes.decline_theme(turn.db, actor=turn.actor,
                                             theme_id=request.theme_ids[0],
                                             reason=request.text, now=turn.now)
    await turn.notices.send_pending()
    return _said(answer)


async def _fixed(turn: ThemeTurn, request: ThemeRequest) -> str:
    answer = await theme_fixes.mark_fixed(turn.db, actor=turn.actor,
                                          theme_id=request.theme_ids[0], now=turn.now)
    await turn.notices.send_pending()
    return _said(answer)


async def _merge(turn: ThemeTurn, request: ThemeRequest) -> str:
    source, target = request.theme_ids
    return _said(await themes.merge_themes(turn.db, actor=turn.actor, source_id=source,
                                           target_id=target, now=turn.now))


async def _split(turn: ThemeTurn, request: ThemeRequest) -> str:
    return _said(await themes.split_theme(turn.db, actor=turn.actor,
                                          theme_id=request.theme_ids[0],
                                          case_ids=request.case_ids, title=request.text,
                                          now=turn.now))


async def _channel(turn: ThemeTurn, request: ThemeRequest) -> str:
    if turn.channel_id is None:
        return "Type this in the channel that should own the category's themes."
    refused = await set_outer_loop(turn.db, team=turn.actor.team, actor=turn.actor.user_id,
                                   channels={request.text: turn.channel_id})
    if refused:
        return refused.value
    await turn.notices.channel_owns(turn.channel_id)
    return f"This channel now owns the {request.text} themes."


async def _target(turn: ThemeTurn, request: ThemeRequest) -> str:
    refused = await set_outer_loop(turn.db, team=turn.actor.team, actor=turn.actor.user_id,
                                   target_hours=request.number)
    return refused.value if refused else (
        f"The first follow-up target is now {request.number} hours.")


async def _told(turn: ThemeTurn, request: ThemeRequest) -> str:
    told = CustomerTold.UNREACHABLE if request.verb == "unreachable" else CustomerTold.TOLD
    return _said(await theme_fixes.answer_customer(
        turn.db, actor=turn.actor, case_id=request.case_ids[0], told=told,
        reaction=request.text or None, now=turn.now))


async def _note(turn: ThemeTurn, request: ThemeRequest) -> str:
    return await want_weekly_note(turn.db, team=turn.actor.team, user_id=turn.actor.user_id,
                                  wanted=request.text.lower() == "on", now=turn.now)


Handler = Callable[[ThemeTurn, ThemeRequest], Awaitable[str]]
HANDLERS: dict[str, Handler] = {
    "list": _list, "show": _show, "new": _new, "link": _link, "unlink": _unlink,
    "take": _take, "plan": _plan,
    "decline": _decline, "fixed": _fixed, "merge": _merge, "split": _split,
    "channel": _channel, "target": _target, "told": _told, "unreachable": _told,
    "note": _note,
}
