"""The private weekly note in the person's Teams personal chat (the team by display name)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.teams.messages import plain_text_message
from bot.teams.messenger import display_names, personal_chat, post
from bot.teams.runtime import TeamsRuntime
from commands.people import Team
from commands.ports import Delivered
from commands.weekly_note import PersonNote, weekly_note_text
from storage.engine import Database


class TeamsWeeklyNotes:
    def __init__(self, runtime: TeamsRuntime, db: Database) -> None:
        self.runtime = runtime
        self.db = db

    async def send_weekly_note(self, team: Team, user_id: str, mine: PersonNote,
                               team_notes: Sequence[PersonNote] | None) -> Delivered:
        reference = await personal_chat(self.db, team, user_id)
        names = await display_names(self.db, team, [n.user_id for n in team_notes or ()])
        text = weekly_note_text(mine, team_notes, names)
        return await post(self.runtime, reference, plain_text_message(text))
