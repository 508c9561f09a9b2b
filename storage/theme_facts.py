"""What the outer loop reads: the cases a suggestion compares, the owning channels, the lead's
follow-up target, and the facts its numbers are computed from."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import BindParameter, Connection, Select, bindparam, func, true
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from storage.engine import reading, reading_statements, transactional
from storage.models import Case, Commitment, table_of
from storage.theme_models import OuterLoopSettings, Theme, ThemeCase, ThemeChannel

DEFAULT_FOLLOW_UP_TARGET_HOURS = 48


@dataclass(frozen=True)
class WindowCase:
    case_id: int
    customer: str
    category: str | None
    problem: str
    what_happened: str
    logged_at: datetime
    theme_id: int | None


@dataclass(frozen=True)
class LoopCase:
    """A case as the outer loop's numbers see it."""

    case_id: int
    logged_at: datetime
    anger_level: int
    closed_at: datetime | None
    mood_after: int | None
    first_kept_at: datetime | None  # the first promise marked done


@reading_statements
def cases_since(connection: Connection, *, workspace_id: int, since: datetime,
                until: datetime | None = None) -> list[WindowCase]:
    """The workspace's cases logged from `since` (to `until`): a whole window, read afresh.
    (A kept window reads only what is new: `window_update`.)"""
    rows = connection.execute(_window_query(bounded=until is not None), {
        "workspace": workspace_id, "since": since, "until": until, "above": 0})
    return [WindowCase(*row) for row in rows]  # the query's columns, in WindowCase's order


@functools.cache
def _window_query(*, bounded: bool) -> Select[Any]:
    """The columns a suggestion reads, not whole cases. Built once: it runs after every case
    logged, and a statement built anew is keyed for the compiled cache each time."""
    case, link = table_of(Case), table_of(ThemeCase)
    query = (sa_select(case.c.id, case.c.customer, case.c.category, case.c.problem,
                       case.c.what_happened, case.c.created_at, link.c.theme_id)
             .join(link, link.c.case_id == case.c.id, isouter=True)
             .where(case.c.workspace_id == bindparam("workspace"),
                    case.c.created_at >= bindparam("since"), case.c.id > bindparam("above"))
             .order_by(case.c.created_at))
    return query.where(case.c.created_at <= bindparam("until")) if bounded else query


@dataclass(frozen=True)
class WindowSignature:
    """Enough of a window to tell whether it changed: how many cases, how many are in a theme,
    and a sum over (case, theme) that moves when any case changes theme."""

    cases: int
    themed: int
    links: int


@dataclass(frozen=True)
class WindowUpdate:
    """The cases new to a kept window, and the signature of the whole window, read together."""

    cases: list[WindowCase]
    signature: WindowSignature  # of the window's cases with ids up to `up_to_id`
    up_to_id: int  # the highest id of the window when read


@reading_statements
def window_update(connection: Connection, *, workspace_id: int, since: datetime, above_id: int,
                  held_ids: Sequence[int]) -> WindowUpdate:
    """The workspace's cases logged from `since` with an id above `above_id` other than
    `held_ids`, and the signature of all its cases logged from `since`: one statement, so both
    are of the same instant (a PostgreSQL transaction at READ COMMITTED reads each statement at
    its own)."""
    rows = connection.execute(_update_query(), {
        "workspace": workspace_id, "since": since, "above": above_id,
        "held": list(held_ids)}).all()
    cases, themed, links, up_to_id = rows[0][:4]
    return WindowUpdate(
        # After the signature's four columns, the window query's, in WindowCase's order.
        cases=[WindowCase(*row[4:]) for row in rows if row.id is not None],
        signature=WindowSignature(int(cases), int(themed), int(links)),
        up_to_id=int(up_to_id or 0))


@functools.cache
def _update_query() -> Select[Any]:
    """One row per new case, each carrying the window's signature; one row of the signature
    alone when there is no new case."""
    case, link, theme = table_of(Case), table_of(ThemeCase), table_of(Theme)
    since: BindParameter[datetime] = bindparam("since")
    # The cases from the (workspace, created_at) index alone. The links from those made since
    # the window began (a case is linked after it is logged), each with its theme's workspace
    # and its case found by id: looking up every case's link cost twice the count (SQLite, a
    # thousand cases in the window: 0.28 ms, now 0.10 ms).
    counted = (sa_select(func.count().label("cases"), func.max(case.c.id).label("up_to_id"))
               .where(case.c.workspace_id == bindparam("workspace"), case.c.created_at >= since)
               .subquery("counted"))
    linked = (sa_select(func.count().label("themed"),
                        func.coalesce(func.sum(case.c.id * link.c.theme_id), 0).label("links"))
              .select_from(link.join(theme, theme.c.id == link.c.theme_id)
                           .join(case, case.c.id == link.c.case_id))
              .where(link.c.linked_at >= since, theme.c.workspace_id == bindparam("workspace"),
                     case.c.created_at >= since)
              .subquery("linked"))
    new = (_window_query(bounded=False).order_by(None)
           .where(case.c.id.not_in(bindparam("held", expanding=True))).subquery("new"))
    return (sa_select(counted.c.cases, linked.c.themed, linked.c.links, counted.c.up_to_id,
                      new.c.id, new.c.customer, new.c.category, new.c.problem,
                      new.c.what_happened, new.c.created_at, new.c.theme_id)
            .select_from(counted.join(linked, true()).outerjoin(new, true()))
            .order_by(new.c.created_at))


@reading
def loop_cases(session: Session, *, workspace_id: int, until: datetime) -> list[LoopCase]:
    """Every case logged before `until`, with the instant its first promise was kept."""
    first_kept = (select(Commitment.case_id, func.min(Commitment.done_at).label("kept"))
                  .where(Commitment.workspace_id == workspace_id)
                  .group_by(col(Commitment.case_id)).subquery())
    query = (select(Case, first_kept.c.kept)
             .join(first_kept, first_kept.c.case_id == col(Case.id), isouter=True)
             .where(Case.workspace_id == workspace_id, col(Case.created_at) < until))
    return [LoopCase(case_id=_id(c.id), logged_at=c.created_at, anger_level=c.anger_level,
                     closed_at=c.closed_at, mood_after=c.mood_after, first_kept_at=kept)
            for c, kept in session.exec(query).all()]


@reading
def loop_themes(session: Session, *, workspace_id: int) -> list[tuple[Theme, list[ThemeCase]]]:
    themes = session.exec(select(Theme).where(Theme.workspace_id == workspace_id,
                                              Theme.state != "merged")).all()
    links = session.exec(select(ThemeCase).where(
        col(ThemeCase.theme_id).in_([t.id for t in themes]))).all()
    return [(t, [link for link in links if link.theme_id == t.id]) for t in themes]


@reading
def links_of_cases(session: Session, *, case_ids: list[int]) -> list[tuple[ThemeCase, Theme]]:
    query = (select(ThemeCase, Theme).join(Theme, col(Theme.id) == col(ThemeCase.theme_id))
             .where(col(ThemeCase.case_id).in_(case_ids)))
    return [(link, theme) for link, theme in session.exec(query).all()]


@transactional
def map_theme_channel(session: Session, *, workspace_id: int, category: str,
                      channel_id: str | None) -> None:
    """The channel that owns a category's themes; None removes the mapping."""
    row = session.exec(select(ThemeChannel).where(ThemeChannel.workspace_id == workspace_id,
                                                  ThemeChannel.category == category)).first()
    if channel_id is None:
        if row is not None:
            session.delete(row)
        return
    row = row or ThemeChannel(workspace_id=workspace_id, category=category, channel_id="")
    row.channel_id = channel_id
    session.add(row)


@reading
def theme_channels(session: Session, *, workspace_id: int) -> dict[str, str]:
    rows = session.exec(select(ThemeChannel).where(ThemeChannel.workspace_id == workspace_id))
    return {row.category: row.channel_id for row in rows.all()}


@transactional
def set_follow_up_target(session: Session, *, workspace_id: int, hours: int) -> None:
    row = session.get(OuterLoopSettings, workspace_id) or OuterLoopSettings(
        workspace_id=workspace_id)
    row.follow_up_target_hours = hours
    session.add(row)


@reading
def follow_up_target(session: Session, *, workspace_id: int) -> int:
    row = session.get(OuterLoopSettings, workspace_id)
    return DEFAULT_FOLLOW_UP_TARGET_HOURS if row is None else row.follow_up_target_hours


def _id(value: int | None) -> int:
    assert value is not None  # rows read from the database always have their key
    return value
