"""Themes on Teams: the theme text commands (answered by `commands.theme_dispatch`); what
others must hear goes out from the outbox right after; and the offer after logging."""

from __future__ import annotations

import logging

from microsoft_agents.hosting.core import TurnContext

from bot.outer_loop_senders import send_theme_notices_now
from bot.services import Services
from bot.teams.context import Origin, channel_reference
from bot.teams.messages import plain_text_message
from bot.teams.runtime import TeamsRuntime
from commands import theme_texts as texts
from commands.log_case import LoggedCase
from commands.people import WorkspaceInfo
from commands.theme_dispatch import ThemeTurn, answer_theme_text
from commands.themes import Actor, suggestions_for_new_case
from storage import teams_addresses

logger = logging.getLogger(__name__)


class TeamsThemeCommandNotices:
    def __init__(self, services: Services, origin: Origin, workspace: WorkspaceInfo) -> None:
        self.services, self.origin = services, origin
        self.workspace_id = workspace.workspace_id

    async def send_pending(self) -> None:
        await send_theme_notices_now(self.services)

    async def channel_owns(self, channel_id: str) -> None:
        # The channel's posts come later, proactively: keep its address.
        await teams_addresses.save_channel(self.services.db, workspace_id=self.workspace_id,
                                           channel_id=channel_id,
                                           reference=channel_reference(self.origin),
                                           now=self.services.now())


async def on_theme_text(services: Services, runtime: TeamsRuntime, context: TurnContext,
                        origin: Origin, workspace: WorkspaceInfo, words: str) -> None:
    turn = ThemeTurn(db=services.db, actor=Actor(user_id=origin.user_id, team=origin.team),
                     channel_id=origin.channel_id, now=services.now(),
                     notices=TeamsThemeCommandNotices(services, origin, workspace))
    await context.send_activity(plain_text_message(await answer_theme_text(turn, words)))


async def offer_themes(services: Services, context: TurnContext, logged: LoggedCase) -> None:
    """Right after logging: if the case is alike to earlier ones, say so."""
    found = await suggestions_for_new_case(services.db, logged=logged,
                                           windows=services.theme_windows)
    if found:
        text = texts.offer_text(logged.summary.case_id, found, typed=True)
        await context.send_activity(plain_text_message(text))
