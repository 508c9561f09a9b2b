"""What a contract test asks of a platform, written once: say something, fill the log form,
press a promise's buttons. Each platform's driver does it with its real requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, Protocol

from sqlmodel import select

from storage.engine import Database
from storage.models import Workspace

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
