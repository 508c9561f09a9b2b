"""Theme fix-date reminders go out on their workspace's platform, like nudges."""

from __future__ import annotations

from collections.abc import Mapping

from bot.services import Services
from bot.slack.clients import TeamClients
from bot.slack.theme_reminder_sender import SlackThemeReminders
from commands.ports import Delivered, DeliveryFailed
from commands.theme_reminders import ThemeReminder, ThemeReminderSender


class PlatformThemeReminders:
    def __init__(self, senders: Mapping[str, ThemeReminderSender]) -> None:
        self.senders = senders

    async def send_theme_reminder(self, reminder: ThemeReminder) -> Delivered:
        sender = self.senders.get(reminder.team.platform)
        if sender is None:
            raise DeliveryFailed(f"{reminder.team.platform} is not configured in this angrycall",
                                 permanent=False)
        return await sender.send_theme_reminder(reminder)


def theme_reminder_senders(services: Services, clients: TeamClients) -> PlatformThemeReminders:
    senders: dict[str, ThemeReminderSender] = {"slack": SlackThemeReminders(clients)}
    if (teams := services.teams) is not None:
        from bot.teams.theme_reminder_sender import TeamsThemeReminders

        senders["teams"] = TeamsThemeReminders(teams, services.db)
    return PlatformThemeReminders(senders)
