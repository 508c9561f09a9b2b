"""The private weekly note: opt-in, once a week by DM, a lead's note covering the team."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from commands.people import Team
from commands.ports import Delivered
from commands.weekly_note import PersonNote, note_lines, person_note, weekly_note_text
from commands.weekly_notes import run_due_weekly_notes, want_weekly_note
from storage.cases import get_case
from storage.commitment_changes import complete_commitment
from storage.engine import Database
from storage.weekly_notes import PersonWeek
from tests.theme_seeding import LEAD, OWNER, REPORTER, START, a_case, a_workspace

TEAM = Team("slack", "T1")
MONDAY = START + timedelta(weeks=1)  # Mon 9 Nov 09:00 UTC: the note of 2 to 8 Nov


@dataclass
class FakeSender:
    sent: list[tuple[str, PersonNote, Sequence[PersonNote] | None]] = field(
        default_factory=list)

    async def send_weekly_note(self, team: Team, user_id: str, mine: PersonNote,
                               team_notes: Sequence[PersonNote] | None) -> Delivered:
        self.sent.append((user_id, mine, team_notes))
        return Delivered(channel_id="D", message_ts=str(len(self.sent)))


def test_a_note_names_the_steps_used_most_and_one_to_try_next() -> None:
    week = PersonWeek(user_id="U1", cases_steps=(("let_vent", "apologize"), ("let_vent",)),
                      promises_due=2, kept_on_time=2)

    assert note_lines(person_note(week)) == [
        "2 cases logged; 2 of 2 promises kept on time.",
        "Steps used most: let them vent without interrupting, apologized sincerely without "
        "blaming anyone.",
        "One to try next: acknowledged the anger quickly.",
        "Every promise kept on time: that is how angry customers come back."]


def test_a_leads_note_has_a_paragraph_per_person() -> None:
    quiet = person_note(PersonWeek("ULEAD", (), 0, 0))
    busy = person_note(PersonWeek("U2", (("let_vent",),), 1, 0))

    text = weekly_note_text(quiet, [busy], {"U2": "Olga"})

    assert text.startswith("Your week (only you see this note):\n0 cases logged")
    assert "\n\nOlga: 1 case logged; 0 of 1 promises kept on time." in text


async def test_notes_go_to_those_who_asked_once_a_week(db: Database) -> None:
    workspace_id = await a_workspace(db)
    case_id = await a_case(db, workspace_id, key="k", problem="x", at=START,
                           steps=("let_vent", "acknowledge"))
    stored = await get_case(db, case_id=case_id)
    assert stored is not None
    await complete_commitment(db, commitment_id=stored.commitments[0].id or 0,
                              actor_user_id=OWNER, note="", reaction=None,
                              now=START + timedelta(days=1))
    for user in (REPORTER, OWNER, LEAD):
        assert "every Monday" in await want_weekly_note(db, team=TEAM, user_id=user,
                                                         wanted=True, now=START)
    await want_weekly_note(db, team=TEAM, user_id=OWNER, wanted=False, now=START)
    sender = FakeSender()

    for moment in (MONDAY - timedelta(hours=1), MONDAY, MONDAY + timedelta(hours=1)):
        await run_due_weekly_notes(db, sender, now=moment, worker="w")

    by_user = {user: (mine, team) for user, mine, team in sender.sent}
    assert sorted(by_user) == [LEAD, REPORTER]
    mine, team = by_user[REPORTER]
    assert (mine.cases, mine.promises_due, team) == (1, 0, None)
    _lead, lead_team = by_user[LEAD]
    assert lead_team is not None
    assert [(n.user_id, n.cases, n.kept_on_time) for n in lead_team] == [
        (OWNER, 0, 1), (REPORTER, 1, 0)]
    await run_due_weekly_notes(db, sender, now=MONDAY + timedelta(weeks=1, hours=1),
                               worker="w")
    assert len(sender.sent) == 4  # the next week's, once each
