"""What the outer loop reads: the cases a suggestion compares, the owning channels, the lead's
follow-up target, and the facts its numbers are computed from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from storage.engine import reading, transactional
from storage.models import Case, Commitment
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


@reading
def cases_since(session: Session, *, workspace_id: int, since: datetime,
                until: datetime) -> list[WindowCase]:
    # The columns a suggestion reads, not whole cases: read after every case logged, and the
    # window holds every case of the last weeks.
    query = (sa_select(Case.id, Case.customer, Case.category,  # type: ignore[call-overload]
                       Case.problem, Case.what_happened, Case.created_at, ThemeCase.theme_id)
             .join(ThemeCase, col(ThemeCase.case_id) == col(Case.id), isouter=True)
             .where(Case.workspace_id == workspace_id, col(Case.created_at) >= since,
                    col(Case.created_at) <= until)
             .order_by(col(Case.created_at)))
    return [WindowCase(case_id=case_id, customer=customer, category=category, problem=problem,
                       what_happened=what_happened, logged_at=logged_at, theme_id=theme_id)
            for case_id, customer, category, problem, what_happened, logged_at, theme_id
            in session.execute(query).all()]


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
