"""The outer loop's outbox rows (theme notices, fix-date reminders, weekly notes) go out on
their workspace's platform, like nudges."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.clock import worker_name
from bot.services import Services
from bot.slack.clients import TeamClients
from bot.slack.theme_notice_sender import SlackThemeNotices
from bot.slack.theme_reminder_sender import SlackThemeReminders
from bot.slack.weekly_note_sender import SlackWeeklyNotes
from commands.people import Team
from commands.ports import Delivered, DeliveryFailed
from commands.theme_notices import ThemeNoticeMessage, ThemeNoticeSender, run_due_theme_notices
from commands.theme_reminders import ThemeReminder, ThemeReminderSender
from commands.weekly_note import PersonNote
from commands.weekly_notes import WeeklyNoteSender

REQUEST_WORKER = worker_name()  # this process, as the lease owner of what it sends


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


class PlatformWeeklyNotes:
    def __init__(self, senders: Mapping[str, WeeklyNoteSender]) -> None:
        self.senders = senders

    async def send_weekly_note(self, team: Team, user_id: str, mine: PersonNote,
                               team_notes: Sequence[PersonNote] | None) -> Delivered:
        sender = self.senders.get(team.platform)
        if sender is None:
            raise DeliveryFailed(f"{team.platform} is not configured in this angrycall",
                                 permanent=False)
        return await sender.send_weekly_note(team, user_id, mine, team_notes)


def weekly_note_senders(services: Services, clients: TeamClients) -> PlatformWeeklyNotes:
    senders: dict[str, WeeklyNoteSender] = {"slack": SlackWeeklyNotes(clients)}
    if (teams := services.teams) is not None:
        from bot.teams.weekly_note_sender import TeamsWeeklyNotes

        senders["teams"] = TeamsWeeklyNotes(teams, services.db)
    return PlatformWeeklyNotes(senders)


class PlatformThemeNotices:
    def __init__(self, senders: Mapping[str, ThemeNoticeSender]) -> None:
        self.senders = senders

    async def send_theme_notice(self, notice: ThemeNoticeMessage) -> Delivered:
        sender = self.senders.get(notice.team.platform)
        if sender is None:
            raise DeliveryFailed(f"{notice.team.platform} is not configured in this angrycall",
                                 permanent=False)
        return await sender.send_theme_notice(notice)


def theme_notice_senders(services: Services, clients: TeamClients) -> PlatformThemeNotices:
    senders: dict[str, ThemeNoticeSender] = {"slack": SlackThemeNotices(clients)}
    if (teams := services.teams) is not None:
        from bot.teams.theme_notice_sender import TeamsThemeNotices

        senders["teams"] = TeamsThemeNotices(teams, services.db)
    return PlatformThemeNotices(senders)


async def send_theme_notices_now(services: Services) -> None:
    """Right after a request moved a theme: its notices go out now, not at the next tick."""
    clients = TeamClients(api_url=services.settings.slack_api_url,
                          tokens=services.slack_tokens)
    await run_due_theme_notices(services.db, theme_notice_senders(services, clients),
                                now=services.now(), worker=REQUEST_WORKER)
