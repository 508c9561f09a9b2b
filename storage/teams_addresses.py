"""Where Teams people and channels are reached: the conversation references saved at first contact.

A person's personal-chat reference lives in `Person.address["teams"]`; a channel's in
`teams_channels`. Nudges and digests read them back to post proactively.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from storage.engine import reading, transactional
from storage.models import Person, TeamsChannel, Workspace
from storage.workspaces import ensure_person_in

PLATFORM = "teams"
# The owner picker of the form lists at most this many people (an Adaptive Card stays small).
MAX_KNOWN_PEOPLE = 100

Reference = dict[str, Any]
Row = TypeVar("Row", Person, TeamsChannel)


@reading
def is_known(session: Session, *, workspace_id: int, user_id: str, display_name: str,
             reference: Reference) -> bool:
    """Whether this personal chat is on record already (every message asks: a read is cheap,
    a write would queue behind SQLite's one writer)."""
    person = session.exec(select(Person).where(Person.workspace_id == workspace_id,
                                               Person.user_id == user_id)).first()
    return person is not None and person.address.get(PLATFORM) == reference and (
        person.display_name == display_name)


@transactional
def save_personal_address(
    session: Session, *, workspace_id: int, user_id: str, display_name: str, reference: Reference
) -> None:
    """Remember the personal chat with someone."""
    person = ensure_person_in(session, workspace_id=workspace_id, user_id=user_id)
    # A new dict, not an in-place change: the JSON column only sees assignments.
    person.address = {**person.address, PLATFORM: reference}
    person.display_name = display_name or person.display_name
    session.add(person)


@reading
def personal_address(
    session: Session, *, external_id: str, user_id: str
) -> Reference | None:
    query = _in_tenant(select(Person), Person, external_id).where(Person.user_id == user_id)
    person = session.exec(query).first()
    found = person.address.get(PLATFORM) if person is not None else None
    return found if isinstance(found, dict) else None


@reading
def reachable_people(session: Session, *, workspace_id: int) -> list[tuple[str, str]]:
    """(user id, name) of the people angrycall can message in this tenant, by name."""
    query = select(Person).where(Person.workspace_id == workspace_id)
    people = [p for p in session.exec(query).all() if PLATFORM in p.address]
    people.sort(key=lambda p: (p.display_name or p.user_id).lower())
    return [(p.user_id, p.display_name or p.user_id) for p in people[:MAX_KNOWN_PEOPLE]]


@reading
def search_reachable(session: Session, *, workspace_id: int, text: str,
                     limit: int) -> list[tuple[str, str]]:
    """(user id, name) of the people angrycall can message whose name contains `text`, by name:
    the owner pickers' typeahead, beyond the first MAX_KNOWN_PEOPLE the static list holds."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    query = select(Person).where(Person.workspace_id == workspace_id,
                                 col(Person.display_name).ilike(pattern, escape="\\"))
    people = [p for p in session.exec(query).all() if PLATFORM in p.address]
    people.sort(key=lambda p: (p.display_name or p.user_id).lower())
    return [(p.user_id, p.display_name or p.user_id) for p in people[:limit]]


@reading
def reachable_among(session: Session, *, workspace_id: int,
                    user_ids: Sequence[str]) -> set[str]:
    """Which of these people angrycall can message in this tenant (the picker shows only the
    first MAX_KNOWN_PEOPLE: a check must not stop there)."""
    query = select(Person).where(Person.workspace_id == workspace_id,
                                 col(Person.user_id).in_(list(user_ids)))
    return {p.user_id for p in session.exec(query).all() if PLATFORM in p.address}


@transactional
def save_channel(
    session: Session, *, workspace_id: int, channel_id: str, reference: Reference, now: datetime
) -> None:
    query = select(TeamsChannel).where(TeamsChannel.workspace_id == workspace_id,
                                       TeamsChannel.channel_id == channel_id)
    if (channel := session.exec(query).first()) is None:
        try:
            with session.begin_nested():
                session.add(TeamsChannel(workspace_id=workspace_id, channel_id=channel_id,
                                         reference=reference, updated_at=now))
            return
        except IntegrityError:  # saved by a concurrent request a moment ago: update theirs
            channel = session.exec(query).one()
    channel.reference, channel.updated_at = reference, now
    session.add(channel)


@reading
def channel_address(session: Session, *, external_id: str, channel_id: str) -> Reference | None:
    query = _in_tenant(select(TeamsChannel), TeamsChannel, external_id).where(
        TeamsChannel.channel_id == channel_id)
    channel = session.exec(query).first()
    return dict(channel.reference) if channel is not None else None


def _in_tenant(query: SelectOfScalar[Row], model: type[Person] | type[TeamsChannel],
               external_id: str) -> SelectOfScalar[Row]:
    """`query` narrowed to the rows of one Teams tenant (its workspace, by tenant id)."""
    return (query.join(Workspace, col(Workspace.id) == col(model.workspace_id))
            .where(Workspace.platform == PLATFORM, Workspace.external_id == external_id))
