"""Themes on Teams: the `theme`, `themes`, `told` and `unreachable` text commands (answered by
`commands.theme_dispatch`), and how others hear of them: proactive posts, best effort."""

from __future__ import annotations

import logging

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import TurnContext

from bot.services import Services
from bot.teams.context import Origin, channel_reference
from bot.teams.messages import SEND_ERRORS, card_message, plain_text_message
from bot.teams.messenger import personal_chat, post
from bot.teams.runtime import TeamsRuntime
from bot.teams.theme_cards import tell_card, theme_card
from commands import theme_texts as texts
from commands.cases import CaseSummary
from commands.people import WorkspaceInfo
from commands.ports import DeliveryFailed
from commands.theme_dispatch import ThemeTurn, answer_theme_text
from commands.theme_views import ThemeView
from commands.themes import Actor, suggestions_for
from storage import teams_addresses

logger = logging.getLogger(__name__)


class TeamsThemeNotices:
    def __init__(self, services: Services, runtime: TeamsRuntime, origin: Origin,
                 workspace: WorkspaceInfo) -> None:
        self.services, self.runtime, self.origin = services, runtime, origin
        self.workspace_id = workspace.workspace_id

    async def theme_started(self, view: ThemeView) -> None:
        if view.channel_id is None:
            return
        reference = await teams_addresses.channel_address(
            self.services.db, external_id=self.origin.team.external_id,
            channel_id=view.channel_id)
        if reference is None:
            logger.warning("theme %s: its channel never addressed angrycall", view.theme_id)
            return
        try:
            await self.runtime.send(reference, card_message(
                theme_card(view), summary=f"New theme: {view.title}"))
        except SEND_ERRORS:
            logger.warning("theme %s not posted to its channel", view.theme_id, exc_info=True)

    async def theme_declined(self, view: ThemeView) -> None:
        await self._tell(view.started_by_user_id, plain_text_message(texts.declined_note(view)))

    async def theme_fixed(self, view: ThemeView) -> None:
        for line in view.cases:
            await self._tell(line.teller_user_id, card_message(
                tell_card(view, line), summary=texts.fixed_note(view, line)))

    async def channel_owns(self, channel_id: str) -> None:
        # The channel's posts come later, proactively: keep its address.
        await teams_addresses.save_channel(self.services.db, workspace_id=self.workspace_id,
                                           channel_id=channel_id,
                                           reference=channel_reference(self.origin),
                                           now=self.services.now())

    async def _tell(self, user_id: str, activity: Activity) -> None:
        try:
            reference = await personal_chat(self.services.db, self.origin.team, user_id)
            await post(self.runtime, reference, activity)
        except (DeliveryFailed, *SEND_ERRORS) as failure:
            logger.warning("could not tell %s about a theme: %s", user_id, failure)


async def on_theme_text(services: Services, runtime: TeamsRuntime, context: TurnContext,
                        origin: Origin, workspace: WorkspaceInfo, words: str) -> None:
    turn = ThemeTurn(db=services.db, actor=Actor(user_id=origin.user_id, team=origin.team),
                     channel_id=origin.channel_id, now=services.now(),
                     notices=TeamsThemeNotices(services, runtime, origin, workspace))
    await context.send_activity(plain_text_message(await answer_theme_text(turn, words)))


async def offer_themes(services: Services, context: TurnContext, origin: Origin,
                       summary: CaseSummary) -> None:
    """Right after logging: if the case is alike to earlier ones, say so."""
    found = await suggestions_for(services.db, case_id=summary.case_id,
                                  actor=Actor(user_id=origin.user_id, team=origin.team))
    if found:
        text = texts.offer_text(summary.case_id, found, typed=True)
        await context.send_activity(plain_text_message(text))
