"""Theme fix-date reminders as Teams messages in the recipient's personal chat."""

from __future__ import annotations

from bot.teams.messages import plain_text_message
from bot.teams.messenger import display_names, personal_chat, post
from bot.teams.runtime import TeamsRuntime
from commands.ports import Delivered
from commands.theme_reminders import ThemeReminder
from commands.theme_texts import reminder_text
from storage.engine import Database


class TeamsThemeReminders:
    def __init__(self, runtime: TeamsRuntime, db: Database) -> None:
        self.runtime = runtime
        self.db = db

    async def send_theme_reminder(self, reminder: ThemeReminder) -> Delivered:
        reference = await personal_chat(self.db, reminder.team, reminder.recipient_user_id)
        owner = reminder.theme.owner_user_id
        names = await display_names(self.db, reminder.team, [owner] if owner else [])
        text = reminder_text(reminder.kind.value, reminder.theme,
                             names.get(owner or "", "its owner"))
        hint = (f"\ntheme fixed {reminder.theme.theme_id} | theme plan "
                f"{reminder.theme.theme_id} YYYY-MM-DD")
        return await post(self.runtime, reference, plain_text_message(text + hint))
