"""The weekly digest, composed from the week's facts (pure): numbers, promises, coaching, studies.

Promises: those due in the week and how they ended, plus every promise still open and overdue
when the digest is composed, however old. A promise kept by a renegotiated date is "kept after
a new date", not on time, and earns no kudos; renegotiations count in the week they happen.
Averages leave out the weeks before the first case.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from commands.anonymize import Anonymizer
from commands.case_studies import CaseStudy, lesson_invites, pick_case_studies, write_study
from commands.coaching import question_for, why_it_matters
from commands.digest_facts import CaseFacts, PromiseFacts, WeekCount
from commands.focus import MIN_CASES, Focus, coaching_focus
from commands.playbook import DEFAULT_PLAYBOOK, Playbook

AVERAGE_WEEKS = 4

if TYPE_CHECKING:
    from commands.outer_loop import OuterLoopWeek


@dataclass(frozen=True)
class Numbers:
    cases: int
    previous_week: int | None  # None: no case had been logged before this week
    four_week_average: float | None  # over the weeks before this one, up to four
    weeks_averaged: int  # how many weeks that is (0 before the first week with cases)
    by_category: tuple[tuple[str, int], ...]
    by_anger: tuple[tuple[int, int], ...]
    due: int  # promises due this week
    kept_on_time: int
    kept_after_new_date: int
    kept_late: int
    renegotiated: int  # renegotiations made this week
    overdue: int  # open and overdue now, however old
    overdue_from_earlier: int  # of which fell due before this week
    repeat_customers: int
    checklists_filled: int
    lessons_written: int  # after-call facts, measured: never ticked
    shareable: int  # cases their reporter agreed to share as a case study
    awaiting_yes: int = 0  # open promises made for someone else, not accepted yet
    declined: int = 0  # open promises their owner declined, back with whoever logged them

    @property
    def promise_news(self) -> bool:
        """Whether a quiet week still has promises to show."""
        return bool(self.due or self.overdue or self.awaiting_yes or self.declined)

    @property
    def kept_rate(self) -> float | None:
        return self.kept_on_time / self.due if self.due else None


@dataclass(frozen=True)
class Week:
    """What a digest covers: the days it counts, and the facts it is composed from."""

    start: datetime
    end: datetime
    first_day: date
    last_day: date
    label: str  # the ISO week counted, e.g. 2026-W48

    @property
    def counts_nothing(self) -> bool:
        """A week that ended before the workspace started: not one of its days is counted."""
        return self.start >= self.end


@dataclass(frozen=True)
class Digest:
    start: datetime
    end: datetime
    first_day: date  # the days counted, in the channel's zone, as the title names them
    last_day: date
    label: str  # the ISO week counted
    numbers: Numbers
    studies: tuple[CaseStudy, ...]
    focus: Focus | None
    question: str
    kudos: tuple[tuple[str, int], ...]  # owner user id, promises kept on time
    trend: tuple[WeekCount, ...]
    invites: tuple[int, ...] = ()  # when no case teaches: case ids to add a lesson to
    min_cases: int = MIN_CASES
    outer_loop: OuterLoopWeek | None = None  # themes and their fixes (commands/outer_loop.py)

    @property
    def quiet(self) -> bool:
        return self.numbers.cases == 0

    @property
    def why_it_matters(self) -> str:
        return why_it_matters(self.focus.step_id) if self.focus else ""


@dataclass(frozen=True)
class DigestFacts:
    cases: Sequence[CaseFacts]
    promises: Sequence[PromiseFacts]  # due this week, or open and overdue now
    renegotiations: int
    trend: Sequence[WeekCount]
    earlier_weeks: Sequence[Sequence[CaseFacts]] = ()  # oldest first, for the focus
    earlier_customers: set[str] = field(default_factory=set)
    first_case_at: datetime | None = None
    colleagues: Sequence[str] = ()
    unanswered: tuple[int, int] = (0, 0)  # promises awaiting their owner's yes; declined


def compose_digest(week: Week, facts: DigestFacts, *, show_names: bool, now: datetime,
                   playbook: Playbook = DEFAULT_PLAYBOOK) -> Digest:
    """The digest of the cases logged in the week and its promises, as of `now`."""
    anonymizer = Anonymizer(show_names=show_names, colleagues=facts.colleagues)
    focus = coaching_focus(facts.cases, playbook, facts.earlier_weeks)
    customers = [c.customer for c in facts.cases]
    picked = pick_case_studies(facts.cases)
    due = [p for p in facts.promises if week.start <= p.due_at < week.end]
    return Digest(
        start=week.start, end=week.end, first_day=week.first_day, last_day=week.last_day,
        label=week.label,
        numbers=_numbers(week, facts, due, now),
        studies=tuple(write_study(c, anonymizer=anonymizer, customers=customers,
                                  playbook=playbook, focus=focus) for c in picked),
        focus=focus, question=question_for(focus.step_id if focus else None),
        kudos=_kudos(due), trend=tuple(facts.trend),
        invites=() if picked else lesson_invites(facts.cases),
    )


def _numbers(week: Week, facts: DigestFacts, due: Sequence[PromiseFacts],
             now: datetime) -> Numbers:
    cases = facts.cases
    earlier = _weeks_in_use(facts.trend, facts.first_case_at)
    names = Counter(c.customer.strip().casefold() for c in cases)
    overdue = [p for p in facts.promises if p.overdue(now)]
    return Numbers(
        cases=len(cases),
        previous_week=earlier[-1] if earlier else None,
        four_week_average=sum(earlier) / len(earlier) if earlier else None,
        weeks_averaged=len(earlier),
        by_category=tuple(Counter(c.category or "Uncategorised" for c in cases).most_common()),
        by_anger=tuple(sorted(Counter(c.anger_level for c in cases).items())),
        due=len(due),
        kept_on_time=sum(p.kept_on_time() for p in due),
        kept_after_new_date=sum(p.kept_after_new_date() for p in due),
        kept_late=sum(p.kept_late() for p in due),
        renegotiated=facts.renegotiations,
        overdue=len(overdue),
        overdue_from_earlier=sum(p.due_at < week.start for p in overdue),
        repeat_customers=len({n for n, count in names.items()
                              if count > 1 or n in facts.earlier_customers}),
        checklists_filled=sum(c.checklist_filled for c in cases),
        lessons_written=sum(bool(c.lessons.strip()) for c in cases),
        shareable=sum(c.share_consent for c in cases),
        awaiting_yes=facts.unanswered[0],
        declined=facts.unanswered[1],
    )


def _weeks_in_use(trend: Sequence[WeekCount], first_case_at: datetime | None) -> list[int]:
    """Cases of the (up to) four weeks before this one (the trend ends with this one), leaving
    out the weeks before the first case."""
    if first_case_at is None:
        return []
    before = [w for w in trend[:-1] if w.start + timedelta(weeks=1) > first_case_at]
    return [w.cases for w in before[-AVERAGE_WEEKS:]]


def _kudos(due: Sequence[PromiseFacts]) -> tuple[tuple[str, int], ...]:
    kept = Counter(p.owner_user_id for p in due if p.kept_on_time())
    return tuple(sorted(kept.items(), key=lambda item: (-item[1], item[0])))
