"""The outer loop's week, for the digest: themes raised, fixed and told; the oldest open theme;
the close-the-loop rate, the rescue rate and the time to first follow-up.

- close-the-loop rate: of the cases in themes fixed by the week's end, the share whose customer
  was told of the fix ("can't reach them" is not told);
- rescue rate: of the cases closed this week with the customer's mood after (1 angry .. 5
  happy), the share whose mood after is better than the anger at logging, read on the same
  scale (RESCUE_BASELINE: furious or angry is 1, upset or frustrated 2, annoyed 3);
- time to first follow-up: the median hours from logging to the first promise kept, over the
  cases whose first promise was kept this week, against the lead's target.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage import theme_facts
from storage.engine import Database
from storage.theme_facts import LoopCase
from storage.theme_models import Theme, ThemeCase

OPEN_STATES = ("open", "planned")
FIXED_STATES = ("fixed", "told")
RESCUE_BASELINE = {5: 1, 4: 1, 3: 2, 2: 2, 1: 3}


@dataclass(frozen=True)
class OldestTheme:
    title: str
    days_open: int
    state: str


@dataclass(frozen=True)
class OuterLoopWeek:
    raised: int
    fixed: int
    told: int
    oldest_open: OldestTheme | None
    customers_in_fixed: int
    customers_told: int
    closed_with_mood: int
    rescued: int
    follow_up_median_hours: float | None
    follow_ups: int
    follow_up_target_hours: int

    @property
    def close_the_loop_rate(self) -> float | None:
        return self.customers_told / self.customers_in_fixed if self.customers_in_fixed else None

    @property
    def rescue_rate(self) -> float | None:
        return self.rescued / self.closed_with_mood if self.closed_with_mood else None

    @property
    def shown(self) -> bool:
        """Only a workspace that uses themes sees the outer loop in its digest."""
        return bool(self.raised or self.fixed or self.told or self.oldest_open
                    or self.customers_in_fixed)


def measure_outer_loop(*, start: datetime, end: datetime,
                       themes: Sequence[tuple[Theme, Sequence[ThemeCase]]],
                       cases: Sequence[LoopCase], target_hours: int) -> OuterLoopWeek:
    """The week [start, end) of the outer loop, from every theme and case up to `end`."""
    def this_week(moment: datetime | None) -> bool:
        return moment is not None and start <= moment < end

    fixed = [(t, links) for t, links in themes if t.fixed_at is not None and t.fixed_at < end]
    closed = [c for c in cases if this_week(c.closed_at) and c.mood_after is not None]
    follow_ups = [(c.first_kept_at - c.logged_at) / timedelta(hours=1) for c in cases
                  if c.first_kept_at is not None and this_week(c.first_kept_at)]
    return OuterLoopWeek(
        raised=sum(this_week(t.created_at) for t, _ in themes),
        fixed=sum(this_week(t.fixed_at) for t, _ in themes),
        told=sum(this_week(t.told_at) for t, _ in themes),
        oldest_open=oldest_open(themes, end),
        customers_in_fixed=sum(len(links) for _, links in fixed),
        customers_told=sum(link.customer_told == "told" and link.told_at is not None
                           and link.told_at < end for _, links in fixed for link in links),
        closed_with_mood=len(closed),
        rescued=sum(was_rescued(c) for c in closed),
        follow_up_median_hours=round(statistics.median(follow_ups), 1) if follow_ups else None,
        follow_ups=len(follow_ups),
        follow_up_target_hours=target_hours,
    )


def was_rescued(case: LoopCase) -> bool:
    baseline = RESCUE_BASELINE.get(case.anger_level, 1)
    return case.mood_after is not None and case.mood_after > baseline


def oldest_open(themes: Sequence[tuple[Theme, Sequence[ThemeCase]]],
                end: datetime) -> OldestTheme | None:
    """The longest-waiting theme still open (or planned) at the week's end."""
    waiting = [t for t, _ in themes if t.created_at < end and _open_at(t, end)]
    if not waiting:
        return None
    theme = min(waiting, key=lambda t: (t.created_at, t.id or 0))
    return OldestTheme(title=theme.title, days_open=(end - theme.created_at).days,
                       state=theme.state)


def _open_at(theme: Theme, end: datetime) -> bool:
    closed_at = theme.fixed_at or theme.declined_at
    return theme.state in OPEN_STATES or (closed_at is not None and closed_at >= end)


async def outer_loop_week(db: Database, *, workspace_id: int, start: datetime,
                          end: datetime) -> OuterLoopWeek:
    """The outer loop of a workspace's week, read from the database."""
    return measure_outer_loop(
        start=start, end=end,
        themes=await theme_facts.loop_themes(db, workspace_id=workspace_id),
        cases=await theme_facts.loop_cases(db, workspace_id=workspace_id, until=end),
        target_hours=await theme_facts.follow_up_target(db, workspace_id=workspace_id))
