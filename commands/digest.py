"""The weekly digest, composed from the week's facts (pure): numbers, case studies, coaching.

Case studies are picked by this rule: only cases whose reporter consented; closed cases before
open ones, then cases with lessons written down, then the angrier; at most 3, each from a
category not already featured while another category is available.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from commands.anonymize import Anonymizer
from commands.digest_facts import CaseFacts, PromiseFacts, WeekCount
from commands.playbook import PlaybookStep

if TYPE_CHECKING:
    from commands.outer_loop import OuterLoopWeek

MAX_STUDIES = 3
STUDY_TEXT = 400

WHY_IT_MATTERS: dict[PlaybookStep, str] = {
    PlaybookStep.ACKNOWLEDGE: (
        "Naming the anger in the first seconds tells the customer they are heard, and "
        "lowers the temperature at once."
    ),
    PlaybookStep.LISTEN: (
        "Every interruption restarts the story; letting them finish is the fastest way to"
        " the real problem."
    ),
    PlaybookStep.STAY_CALM: (
        "Calm is contagious: a steady voice keeps the conversation about the problem, not"
        " about us."
    ),
    PlaybookStep.ASK_QUESTIONS: (
        "The first complaint is rarely the real problem; questions find the one we can "
        "fix."
    ),
    PlaybookStep.RESTATE_FEELINGS: (
        "Saying back how they feel proves we listened, and most customers soften right "
        "there."
    ),
    PlaybookStep.APOLOGIZE: (
        "An apology without blame costs nothing and opens the door to a solution."
    ),
    PlaybookStep.SOLVE_TOGETHER: "A solution the customer helped shape is one they accept.",
    PlaybookStep.AGREE_SCHEDULE: (
        "A date the customer agreed to is a promise we can keep; a vague 'soon' is one we"
        " break."
    ),
    PlaybookStep.MEET_SCHEDULE: (
        "Keeping the date is what turns an angry customer into a loyal one."
    ),
    PlaybookStep.SHARE_FEEDBACK: (
        "What one of us learns on a hard call, all of us can use on the next one."
    ),
}

QUESTIONS: dict[PlaybookStep, str] = {
    PlaybookStep.ACKNOWLEDGE: "What would you say in the first ten seconds of a call like this?",
    PlaybookStep.LISTEN: (
        "When did you last want to interrupt an angry customer, and what did you do "
        "instead?"
    ),
    PlaybookStep.STAY_CALM: "What helps you stay calm when a customer gets personal?",
    PlaybookStep.ASK_QUESTIONS: "Which question would have found the real problem sooner?",
    PlaybookStep.RESTATE_FEELINGS: (
        "How would you put this customer's feelings into one sentence back to them?"
    ),
    PlaybookStep.APOLOGIZE: "How do we apologize without blaming a colleague or another team?",
    PlaybookStep.SOLVE_TOGETHER: "What could we have offered the customer to choose between?",
    PlaybookStep.AGREE_SCHEDULE: "How do we pick a follow-up date we are sure to keep?",
    PlaybookStep.MEET_SCHEDULE: "What gets in the way of keeping our follow-up dates?",
    PlaybookStep.SHARE_FEEDBACK: "Which of this week's lessons should change how we work?",
}


@dataclass(frozen=True)
class Numbers:
    cases: int
    previous_week: int
    four_week_average: float
    by_category: tuple[tuple[str, int], ...]
    by_anger: tuple[tuple[int, int], ...]
    due: int
    kept_on_time: int
    kept_late: int
    renegotiated: int
    overdue: int
    repeat_customers: int

    @property
    def kept_rate(self) -> float | None:
        return self.kept_on_time / self.due if self.due else None


@dataclass(frozen=True)
class CaseStudy:
    customer: str  # "Customer A" unless the workspace shows names
    category: str | None
    anger_level: int
    situation: str
    what_we_did: str
    outcome: str
    lesson: str
    steps_used: tuple[PlaybookStep, ...]
    steps_missing: tuple[PlaybookStep, ...]


@dataclass(frozen=True)
class Digest:
    start: datetime
    end: datetime
    numbers: Numbers
    studies: tuple[CaseStudy, ...]
    coaching_focus: PlaybookStep | None
    question: str
    kudos: tuple[tuple[str, int], ...]  # owner user id, promises kept on time
    trend: tuple[WeekCount, ...]
    outer_loop: OuterLoopWeek | None = None  # themes and their fixes (commands/outer_loop.py)

    @property
    def quiet(self) -> bool:
        return self.numbers.cases == 0

    @property
    def why_it_matters(self) -> str:
        return WHY_IT_MATTERS[self.coaching_focus] if self.coaching_focus else ""


def compose_digest(
    *,
    start: datetime,
    end: datetime,
    cases: Sequence[CaseFacts],
    promises_due: Sequence[PromiseFacts],
    trend: Sequence[WeekCount],
    earlier_customers: set[str],
    show_names: bool,
    now: datetime,
) -> Digest:
    """The digest of the cases logged in [start, end) and the promises due in it, as of `now`."""
    anonymizer = Anonymizer(show_names=show_names)
    focus = coaching_focus(cases)
    studies = tuple(_study(c, anonymizer, [x.customer for x in cases])
                    for c in pick_case_studies(cases))
    return Digest(
        start=start, end=end,
        numbers=_numbers(cases, promises_due, trend, earlier_customers, now),
        studies=studies,
        coaching_focus=focus,
        question=QUESTIONS[focus] if focus else QUESTIONS[PlaybookStep.SHARE_FEEDBACK],
        kudos=_kudos(promises_due),
        trend=tuple(trend),
    )


def pick_case_studies(cases: Sequence[CaseFacts]) -> list[CaseFacts]:
    """Up to 3 consented cases: closed first, with lessons, angrier; categories varied."""
    ranked = sorted(
        (c for c in cases if c.share_consent),
        key=lambda c: (c.status != "closed", not c.lessons.strip(), -c.anger_level, c.case_id),
    )
    picked: list[CaseFacts] = []
    for case in ranked:
        if len(picked) == MAX_STUDIES:
            break
        featured = {p.category for p in picked}
        others_left = any(c.category not in featured for c in ranked if c not in picked)
        if case.category in featured and others_left:
            continue
        picked.append(case)
    for case in ranked:  # fill up when categories ran out
        if len(picked) < MAX_STUDIES and case not in picked:
            picked.append(case)
    return picked


def coaching_focus(cases: Sequence[CaseFacts]) -> PlaybookStep | None:
    """The playbook step missing most often this week (the earlier step on a tie)."""
    if not cases:
        return None
    missing = Counter(step for c in cases for step in PlaybookStep if step not in c.steps)
    if not missing:
        return None
    order = list(PlaybookStep)
    return max(missing, key=lambda step: (missing[step], -order.index(step)))


def _numbers(
    cases: Sequence[CaseFacts], promises: Sequence[PromiseFacts], trend: Sequence[WeekCount],
    earlier_customers: set[str], now: datetime,
) -> Numbers:
    earlier = [week.cases for week in trend[-5:-1]]  # the four weeks before this one
    names = Counter(c.customer.strip().casefold() for c in cases)
    repeats = {n for n, count in names.items() if count > 1 or n in earlier_customers}
    return Numbers(
        cases=len(cases),
        previous_week=earlier[-1] if earlier else 0,
        four_week_average=sum(earlier) / len(earlier) if earlier else 0.0,
        by_category=tuple(Counter(c.category or "Uncategorised" for c in cases).most_common()),
        by_anger=tuple(sorted(Counter(c.anger_level for c in cases).items())),
        due=len(promises),
        kept_on_time=sum(p.kept_on_time() for p in promises),
        kept_late=sum(p.kept_late() for p in promises),
        renegotiated=sum(p.slips > 0 for p in promises),
        overdue=sum(p.status == "open" and p.due_at < now for p in promises),
        repeat_customers=len(repeats),
    )


def _kudos(promises: Sequence[PromiseFacts]) -> tuple[tuple[str, int], ...]:
    kept = Counter(p.owner_user_id for p in promises if p.kept_on_time())
    return tuple(sorted(kept.items(), key=lambda item: (-item[1], item[0])))


def _study(case: CaseFacts, anonymizer: Anonymizer, customers: list[str]) -> CaseStudy:
    def clean(text: str) -> str:
        scrubbed = anonymizer.scrub(text.strip(), customers)
        return scrubbed if len(scrubbed) <= STUDY_TEXT else scrubbed[: STUDY_TEXT - 1] + "…"

    situation = " ".join(part for part in (case.what_happened, case.problem) if part.strip())
    return CaseStudy(
        customer=anonymizer.label(case.customer),
        category=case.category,
        anger_level=case.anger_level,
        situation=clean(situation),
        what_we_did=clean(case.agreed) or "Not written down.",
        outcome=clean(case.outcome) or ("Closed." if case.status == "closed" else "Still open."),
        lesson=clean(case.lessons) or "None written down: what would you add?",
        steps_used=tuple(s for s in PlaybookStep if s in case.steps),
        steps_missing=tuple(s for s in PlaybookStep if s not in case.steps),
    )
