"""Theme notices on Teams: the owning channel's card, and the notes in people's personal chats."""

from __future__ import annotations

from microsoft_agents.activity import Activity

from bot.teams.messages import card_message, plain_text_message
from bot.teams.messenger import personal_chat, post
from bot.teams.runtime import Reference, TeamsRuntime
from bot.teams.theme_cards import tell_card, theme_card
from commands import theme_texts as texts
from commands.ports import Delivered, DeliveryFailed
from commands.theme_notices import ThemeNoticeMessage
from storage import teams_addresses
from storage.engine import Database


class TeamsThemeNotices:
    def __init__(self, runtime: TeamsRuntime, db: Database) -> None:
        self.runtime = runtime
        self.db = db

    async def send_theme_notice(self, notice: ThemeNoticeMessage) -> Delivered:
        return await post(self.runtime, await self._where(notice), _activity(notice))

    async def _where(self, notice: ThemeNoticeMessage) -> Reference:
        if notice.kind != "raised":
            return await personal_chat(self.db, notice.team, notice.recipient)
        reference = await teams_addresses.channel_address(
            self.db, external_id=notice.team.external_id, channel_id=notice.recipient)
        if reference is None:
            raise DeliveryFailed("angrycall was never addressed in this channel",
                                 permanent=True)
        return reference


def _activity(notice: ThemeNoticeMessage) -> Activity:
    view = notice.theme
    if notice.kind == "tell" and notice.line is not None:
        return card_message(tell_card(view, notice.line),
                            summary=texts.fixed_note(view, notice.line))
    if notice.kind == "declined":
        return plain_text_message(texts.declined_note(view))
    return card_message(theme_card(view), summary=f"New theme: {view.title}")
