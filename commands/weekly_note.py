"""The private weekly note (pure): a person's week in a few lines, the playbook steps they used
most and the one to try next, and a line of encouragement. A lead's note has one such line per
person of the team, to prepare one-to-ones. Nothing of it reaches a channel."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from commands.playbook import PlaybookStep, in_sentence
from storage.weekly_notes import PersonWeek

# The built-in in-call steps (after-call facts are measured, never ticked).
IN_CALL = tuple(PlaybookStep)
MOST_USED = 2


@dataclass(frozen=True)
class PersonNote:
    user_id: str
    cases: int
    promises_due: int
    kept_on_time: int
    most_used: tuple[PlaybookStep, ...]
    try_next: PlaybookStep | None
    encouragement: str


def person_note(week: PersonWeek) -> PersonNote:
    used = Counter(PlaybookStep(s) for steps in week.cases_steps for s in steps
                   if s in PlaybookStep._value2member_map_)
    ranked = sorted((s for s in IN_CALL if used[s]), key=lambda s: (-used[s], IN_CALL.index(s)))
    missing = [s for s in IN_CALL if not used[s]] if week.cases_steps else []
    return PersonNote(user_id=week.user_id, cases=len(week.cases_steps),
                      promises_due=week.promises_due, kept_on_time=week.kept_on_time,
                      most_used=tuple(ranked[:MOST_USED]),
                      try_next=missing[0] if missing else None,
                      encouragement=_encouragement(week))


def _encouragement(week: PersonWeek) -> str:
    if week.promises_due and week.kept_on_time == week.promises_due:
        return "Every promise kept on time: that is how angry customers come back."
    if week.cases_steps:
        return "Hard calls, written down while fresh: the team learns from each one."
    if week.promises_due:
        return "A promise kept late still counts; tell the customer before the date slips."
    return "A quiet week. When the next hard call comes, you know what to do."


def note_lines(note: PersonNote) -> list[str]:
    lines = [f"{note.cases} case{'s' if note.cases != 1 else ''} logged; "
             f"{note.kept_on_time} of {note.promises_due} promises kept on time."]
    if note.most_used:
        lines.append("Steps used most: " + ", ".join(in_sentence(s.label) for s in note.most_used)
                     + ".")
    if note.try_next is not None:
        lines.append(f"One to try next: {in_sentence(note.try_next.label)}.")
    return [*lines, note.encouragement]


def weekly_note_text(mine: PersonNote, team: Sequence[PersonNote] | None,
                     names: dict[str, str]) -> str:
    """The whole note; `team` (for leads) adds one paragraph per person."""
    text = "Your week (only you see this note):\n" + "\n".join(note_lines(mine))
    for note in team or ():
        text += f"\n\n{names.get(note.user_id, note.user_id)}: " + " ".join(note_lines(note))
    return text
