"""A theme card's buttons on Teams: each press is the matching theme command (the same rules,
the same answer as typing it), with its ids checked first: card data can be tampered with."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microsoft_agents.hosting.core import TurnContext

from bot.services import Services
from bot.teams.context import Origin
from bot.teams.form_values import parse_date, typed_values
from bot.teams.messages import plain_text_message
from bot.teams.runtime import TeamsRuntime
from bot.teams.theme_cards import ThemeKey, ThemeVerb
from bot.teams.theme_handlers import on_theme_text
from commands.people import WorkspaceInfo
from commands.theme_views import ThemeRefusal

MAX_ROW_ID = 2**31 - 1  # PostgreSQL's integer ids
UNKNOWN = "That button is not one I know any more; nothing was changed."


async def on_theme_card(services: Services, runtime: TeamsRuntime, context: TurnContext,
                        origin: Origin, workspace: WorkspaceInfo,
                        data: Mapping[str, Any]) -> None:
    words = command_of(data) if isinstance(data, Mapping) else None
    if words is None:
        known = missing_input(data) if isinstance(data, Mapping) else None
        await context.send_activity(plain_text_message(known or UNKNOWN))
        return
    await on_theme_text(services, runtime, context, origin, workspace, words)


def command_of(data: Mapping[str, Any]) -> str | None:
    """The theme command a press stands for, or None for data no card of ours sends."""
    values = typed_values(data)
    verb = str(data.get("verb"))
    theme, case = _row_id(data.get(ThemeKey.THEME_ID)), _row_id(data.get(ThemeKey.CASE_ID))
    fix_date = parse_date(values.get(ThemeKey.FIX_DATE, ""))
    reason = " ".join(values.get(ThemeKey.REASON, "").split())
    reaction = values.get(ThemeKey.REACTION, "")
    commands = {
        ThemeVerb.TAKE: f"theme take {theme}" if theme else None,
        ThemeVerb.FIXED: f"theme fixed {theme}" if theme else None,
        ThemeVerb.PLAN: f"theme plan {theme} {fix_date}" if theme and fix_date else None,
        ThemeVerb.DECLINE: f"theme decline {theme} {reason}" if theme and reason else None,
        ThemeVerb.TOLD: f"told {case} {reaction}".strip() if case else None,
        ThemeVerb.UNREACHABLE: f"unreachable {case}" if case else None,
    }
    return commands.get(ThemeVerb(verb)) if verb in set(ThemeVerb) else None


def missing_input(data: Mapping[str, Any]) -> str | None:
    """What a known button pressed with an empty field needs."""
    verb = str(data.get("verb"))
    if verb == ThemeVerb.DECLINE:
        return ThemeRefusal.NO_REASON.value
    return ThemeRefusal.PAST_FIX_DATE.value if verb == ThemeVerb.PLAN else None


def _row_id(raw: object) -> int | None:
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        return None
    text = str(raw)
    return int(text) if text.isdigit() and 0 < int(text) <= MAX_ROW_ID else None
