"""What a contract test asks of a platform, written once: say something, fill the log form,
press a promise's buttons. Each platform's driver does it with its real requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, Protocol

from sqlmodel import col, func, select

from storage.engine import Database
from storage.models import AuditEvent, Workspace

LOGGED = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # the apps' fixed clock
# Friday 15:00 in New York (where the reporter is, on both platforms) is 20:00 UTC; the
# "due today" nudge comes two hours before.
DUE_NUDGE = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)
DUE = date(2026, 11, 27)


class Person(StrEnum):
    REPORTER = "reporter"  # logs the cases, and owns their promises
    OWNER = "owner"
    STRANGER = "stranger"  # in the workspace, with no part in anything


class Where(StrEnum):
    PRIVATE = "private"  # a DM on Slack, a personal chat on Teams
    CHANNEL = "channel"  # the team channel


@dataclass(frozen=True)
class Form:
    handle: Any  # the platform's own: a modal, a card


@dataclass(frozen=True)
class Nudge:
    handle: Any


class Driver(Protocol):
    platform: str
    db: Database

    def user(self, person: Person) -> str: ...

    async def say(self, words: str, *, who: Person = Person.REPORTER,
                  where: Where = Where.CHANNEL) -> str:
        """`angrycall <words>`; everything the person was answered, as one text."""

    async def open_form(self, who: Person = Person.REPORTER, words: str = "") -> Form:
        """`angrycall <words>` in the person's private chat: the log form, maybe prefilled."""

    def typed(self, form: Form, field: str) -> str | None:
        """What the form shows in a field when it opens."""

    async def submit_form(self, form: Form, *, customer: str = "Acme Corp",
                          due: date = DUE) -> set[str]:
        """The form's fields shown with an error; none when the case was taken."""

    async def nudge(self) -> Nudge:
        """The reporter's promise, logged, and its due-today nudge in their private chat."""

    async def done(self, nudge: Nudge, note: str, *, who: Person = Person.REPORTER) -> str:
        """What the person sees after pressing Done."""

    async def snooze_an_hour(self, nudge: Nudge) -> str: ...

    async def renegotiate(self, nudge: Nudge, new_date: date, *,
                          customer_informed: bool) -> set[str]: ...

    # -- Team settings, list and home (tests/contract/test_settings_and_overview.py) ----------
    # Whether an answer in the team channel can be seen by the asker alone (Slack's ephemeral
    # replies); where it cannot (Teams), a personal answer is refused there (commands.privacy).
    answers_privately_in_channels: bool

    async def open_settings(self, who: Person = Person.REPORTER) -> Form:
        """`angrycall settings` in the person's private chat: the settings form."""

    def shown_setting(self, form: Form, field: str) -> str | None:
        """What the settings form shows in a field (`escalate_after`, `categories`)."""

    async def save_settings(self, form: Form, *, work_days: tuple[int, ...],
                            escalate_after: int, categories: tuple[str, ...]) -> set[str]:
        """Save the form with these values: the fields shown with an error; none when saved."""

    async def home(self, who: Person = Person.REPORTER) -> str:
        """The person's home (Slack's App Home, Teams' `home` card), as one text."""

    async def channel_sees(self) -> str:
        """Everything the team channel was shown, to everyone in it, as one text."""
    # --- Case conversations: view, note, edit, close, delete (test_case_conversations.py) ---
    async def view_case(self, *, who: Person = Person.REPORTER) -> CaseAnswer:
        """View case on the (only) case, pressed by the person; `handle` is the case as shown
        (None when refused)."""

    async def add_note(self, case: CaseAnswer, note: str, *,
                       who: Person = Person.REPORTER) -> CaseAnswer:
        """Add a note from the case as shown (pressed by `who`, shown to them or not)."""

    async def edit_case(self, case: CaseAnswer, *, customer: str,
                        who: Person = Person.REPORTER) -> CaseAnswer:
        """Edit, change the customer, Save."""

    async def close_case(self, case: CaseAnswer, *, outcome: str, mood: str = "",
                         who: Person = Person.REPORTER) -> CaseAnswer:
        """Close the case with an outcome's value (or anything else) and a mood."""

    async def delete_case(self, case: CaseAnswer, *,
                          who: Person = Person.REPORTER) -> CaseAnswer: ...
    # --- Promise conversations (tests/contract/test_promise_conversations.py) ---
    # Each returns everything the person saw: a form's mistakes, a refusal, the message redrawn.

    async def promise_for_owner(self) -> Nudge:
        """The reporter logs a promise for the owner; the owner's "can you keep it?" message."""

    async def last_message(self, to: Person) -> Nudge:
        """The last message the person was sent in their private chat with angrycall."""

    def buttons(self, message: Nudge) -> list[str]:
        """The titles of a message's buttons, in order."""

    async def accept(self, message: Nudge, *, who: Person = Person.OWNER) -> str: ...

    async def decline(self, message: Nudge, reason: str, *, who: Person = Person.OWNER) -> str:
        """Decline, saying `reason` (blank: no reason)."""

    async def reassign(self, message: Nudge, to: Person | None, *,
                       who: Person = Person.REPORTER) -> str:
        """Reassign to `to` (None: nobody picked)."""

    async def drop(self, message: Nudge, note: str, *, who: Person = Person.REPORTER) -> str: ...


def make_lead(db: Database, user_id: str) -> None:
    """The team's lead from now on (set as the settings form would)."""
    def lead(session: Any) -> None:
        workspace = session.exec(select(Workspace)).one()
        workspace.lead_user_ids = [user_id]
        session.add(workspace)

    db.run_sync(lead)


# --- Case conversations (test_case_conversations.py) ---
@dataclass(frozen=True)
class CaseAnswer:
    seen: str  # everything the person was shown: the case (redrawn), a refusal, the form
    handle: Any = None  # the platform's own case view, to press its buttons again
    errors: frozenset[str] = frozenset()  # the edit form's fields shown with an error


def last_case_id(db: Database) -> int:
    """The case logged last, deleted or not: the audit keeps its id."""
    case_id = db.run_sync(lambda s: s.exec(select(func.max(col(AuditEvent.case_id)))).one())
    assert isinstance(case_id, int)
    return case_id
