"""Themes and their links to cases: starting, linking, merging, state changes, telling customers.

State changes are conditional updates (`expected` states): two people pressing two buttons at
once cannot both move a theme, and the command layer decides which moves are allowed.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from storage.engine import reading, transactional
from storage.models import AuditEvent, Case, Commitment, Person
from storage.theme_models import Theme, ThemeCase
from storage.theme_notice_rows import enqueue_notice
from storage.workspaces import ensure_person_in

# A theme whose linked cases still wait for their customer to hear about the fix.
UNFINISHED = ("open", "planned", "fixed")


@dataclass(frozen=True)
class LinkedCase:
    case: Case
    link: ThemeCase
    # Who tells the customer: the first promise's owner, else the reporter (platform ids).
    teller_user_id: str


@dataclass(frozen=True)
class ThemeRecord:
    theme: Theme
    cases: tuple[LinkedCase, ...]
    owner_user_id: str | None
    started_by_user_id: str


@transactional
def start_theme(session: Session, *, workspace_id: int, title: str, category: str | None,
                channel_id: str | None, started_by: str, case_ids: Sequence[int],
                now: datetime) -> ThemeRecord:
    """A new open theme with these cases (moved from their former theme, if any)."""
    person = ensure_person_in(session, workspace_id=workspace_id, user_id=started_by)
    theme = Theme(workspace_id=workspace_id, title=title, category=category,
                  channel_id=channel_id, started_by_id=_id(person.id), created_at=now,
                  raised_at=now if channel_id else None)
    session.add(theme)
    session.flush()
    for case_id in case_ids:
        _link(session, theme, case_id, _id(person.id), now)
    _audit(session, theme, person.id, "theme_started", now, cases=list(case_ids))
    if channel_id:  # raised: its owning channel hears of it once
        enqueue_notice(session, theme=theme, kind="raised", recipient=channel_id, now=now)
    return theme_record(session, theme)


@transactional
def link_case(session: Session, *, theme_id: int, case_id: int, by: str,
              now: datetime) -> ThemeRecord:
    theme = session.get_one(Theme, theme_id)
    person = ensure_person_in(session, workspace_id=theme.workspace_id, user_id=by)
    _link(session, theme, case_id, _id(person.id), now)
    _audit(session, theme, person.id, "theme_case_linked", now, case_id=case_id)
    return theme_record(session, theme)


def _link(session: Session, theme: Theme, case_id: int, person_id: int, now: datetime) -> None:
    link = session.exec(select(ThemeCase).where(ThemeCase.case_id == case_id)).first()
    if link is None:
        link = ThemeCase(theme_id=_id(theme.id), case_id=case_id, linked_by_id=person_id,
                         linked_at=now)
    link.theme_id, link.linked_by_id, link.linked_at = _id(theme.id), person_id, now
    session.add(link)
    session.flush()


@transactional
def unlink_case(session: Session, *, case_id: int) -> bool:
    link = session.exec(select(ThemeCase).where(ThemeCase.case_id == case_id)).first()
    if link is not None:
        session.delete(link)
    return link is not None


@transactional
def merge_themes(session: Session, *, source_id: int, target_id: int, by: str,
                 now: datetime) -> ThemeRecord:
    """Every case of `source` moves to `target`; `source` is left as "merged"."""
    source, target = session.get_one(Theme, source_id), session.get_one(Theme, target_id)
    session.execute(update(ThemeCase).where(col(ThemeCase.theme_id) == source_id)
                    .values(theme_id=target_id))
    source.state, source.merged_into_id = "merged", target_id
    session.add(source)
    person = ensure_person_in(session, workspace_id=target.workspace_id, user_id=by)
    _audit(session, target, person.id, "themes_merged", now, merged=source_id)
    return theme_record(session, target)


@transactional
def move_theme(session: Session, *, theme_id: int, expected: Collection[str], by: str,
               now: datetime, values: Mapping[str, Any],
               owner: str | None = None) -> ThemeRecord | None:
    """Set `values` (and the owner, when given) on the theme if its state is one of
    `expected`; None if it was not."""
    theme = session.get_one(Theme, theme_id)
    person = ensure_person_in(session, workspace_id=theme.workspace_id, user_id=by)
    owned = {"owner_id": person.id} if owner == by else {}
    result = session.execute(
        update(Theme).where(col(Theme.id) == theme_id, col(Theme.state).in_(expected))
        .values(**values, **owned).execution_options(synchronize_session="fetch"))
    if not result.rowcount:  # type: ignore[attr-defined]
        return None
    _audit(session, theme, person.id, f"theme_{values.get('state', 'taken')}", now)
    record = theme_record(session, theme)
    _enqueue_notices(session, record, str(values.get("state", "")), now)
    return record


def _enqueue_notices(session: Session, record: ThemeRecord, state: str, now: datetime) -> None:
    """Declined: whoever raised it hears why. Fixed: each case's teller is asked to tell."""
    theme = record.theme
    if state == "declined":
        enqueue_notice(session, theme=theme, kind="declined",
                       recipient=record.started_by_user_id, now=now)
    for linked in record.cases if state == "fixed" else ():
        enqueue_notice(session, theme=theme, kind="tell", recipient=linked.teller_user_id,
                       case_id=linked.link.case_id, now=now)


@reading
def get_theme(session: Session, *, theme_id: int) -> ThemeRecord | None:
    theme = session.get(Theme, theme_id)
    return None if theme is None else theme_record(session, theme)


@reading
def theme_of_case(session: Session, *, case_id: int) -> ThemeRecord | None:
    link = session.exec(select(ThemeCase).where(ThemeCase.case_id == case_id)).first()
    return None if link is None else theme_record(session, session.get_one(Theme, link.theme_id))


@reading
def themes_of(session: Session, *, workspace_id: int,
              states: Collection[str] = UNFINISHED) -> list[ThemeRecord]:
    query = (select(Theme).where(Theme.workspace_id == workspace_id,
                                 col(Theme.state).in_(states)).order_by(col(Theme.id)))
    return [theme_record(session, theme) for theme in session.exec(query).all()]


def theme_record(session: Session, theme: Theme) -> ThemeRecord:
    rows = session.exec(select(Case, ThemeCase).join(ThemeCase, col(ThemeCase.case_id) == col(
        Case.id)).where(ThemeCase.theme_id == theme.id).order_by(col(Case.created_at))).all()
    tellers = _tellers(session, [case for case, _ in rows])
    people = _user_ids(session, {theme.started_by_id, theme.owner_id, *tellers.values()})
    return ThemeRecord(
        theme=theme,
        cases=tuple(LinkedCase(case=c, link=link, teller_user_id=people[tellers[_id(c.id)]])
                    for c, link in rows),
        owner_user_id=people.get(theme.owner_id) if theme.owner_id else None,
        started_by_user_id=people[theme.started_by_id])


def _tellers(session: Session, cases: list[Case]) -> dict[int, int]:
    firsts = session.exec(select(Commitment).where(
        col(Commitment.case_id).in_([c.id for c in cases]), Commitment.position == 0)).all()
    owners = {c.case_id: c.owner_id for c in firsts}
    return {_id(c.id): owners.get(_id(c.id), c.reporter_id) for c in cases}


def _user_ids(session: Session, person_ids: set[int | None]) -> dict[int | None, str]:
    people = session.exec(select(Person).where(col(Person.id).in_(person_ids - {None}))).all()
    return {p.id: p.user_id for p in people}


def _audit(session: Session, theme: Theme, actor_id: int | None, kind: str, now: datetime,
           **detail: Any) -> None:
    session.add(AuditEvent(workspace_id=theme.workspace_id, actor_id=actor_id, kind=kind,
                           detail={"theme_id": theme.id, **detail}, at=now))


def _id(value: int | None) -> int:
    assert value is not None  # rows read or flushed always have their key
    return value
