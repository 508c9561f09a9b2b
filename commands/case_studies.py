"""Which cases become case studies, and how one reads (pure).

A case study must teach something: the reporter consented, the situation is written down, and
so is what we did or a lesson. Cases with lessons first, then closed ones, then the angrier; at
most 3, each from a category not already featured while another is available. A study shows the
steps used (counted, when they are most of the playbook) and one step to try next time (the
week's focus), never a list of misses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from commands.anonymize import Anonymizer
from commands.digest_facts import CaseFacts
from commands.focus import Focus
from commands.playbook import Playbook

MAX_STUDIES = 3
MAX_INVITES = 3
STUDY_TEXT = 400


@dataclass(frozen=True)
class CaseStudy:
    case_id: int
    customer: str  # "Customer A" unless the workspace shows names
    category: str | None
    anger_level: int
    situation: str
    what_we_did: str  # "" when not written down
    outcome: str
    lesson: str  # "" when not written down
    steps_used: tuple[str, ...]  # labels; empty: the checklist was not recorded
    steps_offered: int  # how many steps its checklist offered (the used ones among them)
    try_next: str | None  # the focus step's label, when this case did not use it


def teaches_something(case: CaseFacts) -> bool:
    situation = case.what_happened.strip() or case.problem.strip()
    return bool(case.share_consent and situation and
                (case.agreed.strip() or case.lessons.strip()))


def pick_case_studies(cases: Sequence[CaseFacts]) -> list[CaseFacts]:
    """Up to 3 cases that teach something: with lessons, closed, angrier; categories varied."""
    ranked = sorted(
        (c for c in cases if teaches_something(c)),
        key=lambda c: (not c.lessons.strip(), c.status != "closed", -c.anger_level, c.case_id),
    )
    picked: list[CaseFacts] = []
    for case in ranked:
        featured = {p.category for p in picked}
        others_left = any(c.category not in featured for c in ranked if c not in picked)
        if len(picked) < MAX_STUDIES and not (case.category in featured and others_left):
            picked.append(case)
    for case in ranked:  # fill up when categories ran out
        if len(picked) < MAX_STUDIES and case not in picked:
            picked.append(case)
    return picked


def lesson_invites(cases: Sequence[CaseFacts]) -> tuple[int, ...]:
    """When no case teaches something: the cases a lesson would most help (angrier first)."""
    waiting = sorted((c for c in cases if not c.lessons.strip()),
                     key=lambda c: (-c.anger_level, c.case_id))
    return tuple(c.case_id for c in waiting[:MAX_INVITES])


def write_study(case: CaseFacts, *, anonymizer: Anonymizer, customers: list[str],
                playbook: Playbook, focus: Focus | None) -> CaseStudy:
    customer = anonymizer.label(case.customer)  # first: the study's customer is its first name

    def clean(text: str) -> str:
        scrubbed = anonymizer.scrub(text.strip(), customers)
        return scrubbed if len(scrubbed) <= STUDY_TEXT else scrubbed[: STUDY_TEXT - 1] + "…"

    situation = " ".join(part for part in (case.what_happened, case.problem) if part.strip())
    return CaseStudy(
        case_id=case.case_id, customer=customer, category=case.category,
        anger_level=case.anger_level, situation=clean(situation),
        what_we_did=clean(case.agreed),
        outcome=clean(case.outcome) or ("Closed: the promises were kept."
                                        if case.status == "closed" else "Still open."),
        lesson=clean(case.lessons),
        steps_used=playbook.labels(case.steps),
        steps_offered=steps_offered(case, playbook),
        try_next=focus.label if focus and focus.step_id not in case.steps else None,
    )


def steps_offered(case: CaseFacts, playbook: Playbook) -> int:
    """The steps the case's checklist could have ticked: the playbook's current steps that
    existed when it was logged, and any retired since that it did tick."""
    ticked = set(case.steps)
    return sum(1 for step in playbook.steps if step.id in ticked or (
        not step.retired and (step.since is None or case.logged_at >= step.since)))
