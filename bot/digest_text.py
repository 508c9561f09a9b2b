"""The digest's sentences, shared by the Slack message and the Teams card (pure).

Each platform passes its own bold marker and text escaping; the wording is the same on both.
"""

from __future__ import annotations

from collections.abc import Callable

from commands.case_studies import CaseStudy
from commands.digest_composition import Digest, Numbers
from commands.playbook import AngerLevel, in_sentence

Escape = Callable[[str], str]
QUIET_WEEK = "No difficult calls logged this week."
NO_STUDY = ("No case study this week: a case teaches the team once its situation and what we "
            "did or a lesson are written down. Add a lesson to your case:")
# A case study names the steps used, unless they are more than this many and more than half of
# those its checklist offered: then the names read as the whole checklist read out, and it
# counts them instead (its one step to try next time is what it teaches).
LISTED_STEPS = 5


def title(digest: Digest) -> str:
    return (f"The week in difficult conversations, {digest.first_day:%d %b} to "
            f"{digest.last_day:%d %b %Y} ({digest.label})")


def numbers(digest: Digest, bold: str, escape: Escape) -> list[str]:
    n = digest.numbers
    if digest.quiet:
        return [QUIET_WEEK]
    s = "s" if n.cases != 1 else ""
    lines = [f"{bold}{n.cases} case{s} logged{bold} ({_trend(n)})",
             "By category: " + ", ".join(f"{escape(name[:60])} {count}"
                                         for name, count in n.by_category),
             "Anger: " + ", ".join(f"level {level}: {count}" for level, count in n.by_anger)]
    if n.repeat_customers:
        lines.append(f"{n.repeat_customers} repeat customer"
                     f"{'s' if n.repeat_customers != 1 else ''}.")
    lines.append(f"After the calls: a lesson written for {n.lessons_written} of {n.cases}, "
                 f"{n.shareable} open to sharing as a case study.")
    return lines


def _trend(n: Numbers) -> str:
    """How this week compares, in words a lead can read out: "3 fewer than the week before;
    1.7 a week over the 3 weeks before" rather than "-3"."""
    if n.previous_week is None or n.four_week_average is None:
        return "the first week with cases"
    change = n.cases - n.previous_week
    if change == 0:
        trend = "as many as the week before"
    else:
        trend = f"{abs(change)} {'more' if change > 0 else 'fewer'} than the week before"
    if n.weeks_averaged > 1:
        trend += f"; {n.four_week_average:.1f} a week over the {n.weeks_averaged} weeks before"
    return trend


def promises(digest: Digest, bold: str) -> str:
    n = digest.numbers
    parts = []
    if n.due:
        rate = f"{100 * (n.kept_rate or 0):.0f}%"
        parts.append(f"{bold}Promises due this week: {n.due}{bold}: kept on time "
                     f"{n.kept_on_time} ({rate}), kept after a new date "
                     f"{n.kept_after_new_date}, kept late {n.kept_late}.")
    else:
        parts.append(f"{bold}Promises:{bold} none fell due this week.")
    if n.renegotiated:
        parts.append(f"Renegotiated this week: {n.renegotiated}.")
    if n.overdue:
        parts.append(f"Still open and overdue: {n.overdue}{_from_earlier_weeks(n)}.")
    if n.awaiting_yes:
        parts.append(f"Waiting for their owner's yes: {n.awaiting_yes}.")
    if n.declined:
        parts.append(f"Declined by their owner, back with whoever logged them: {n.declined}.")
    return " ".join(parts)


def _from_earlier_weeks(n: Numbers) -> str:
    """How many of the overdue promises fell due before this week ("2, all from earlier
    weeks" rather than "2, 2 from earlier weeks")."""
    earlier = n.overdue_from_earlier
    if not earlier:
        return ""
    if earlier == n.overdue:
        return ", from an earlier week" if earlier == 1 else ", all from earlier weeks"
    return ", 1 from an earlier week" if earlier == 1 else f", {earlier} from earlier weeks"


def focus(digest: Digest, bold: str) -> str:
    n = digest.numbers
    if digest.focus is None:
        if n.checklists_filled < digest.min_cases:
            return (f"{bold}Coaching focus:{bold} none this week: it needs at least "
                    f"{digest.min_cases} cases with their steps ticked ({n.checklists_filled} "
                    "this week).")
        return f"{bold}Coaching focus:{bold} none this week: no step stands out as weak."
    f = digest.focus
    return (f"{bold}Coaching focus: {in_sentence(f.label)}{bold}\nUsed in {f.used} of the "
            f"{f.based_on} cases whose steps were ticked. {digest.why_it_matters}")


def study_lines(number: int, study: CaseStudy, bold: str, escape: Escape) -> list[str]:
    lines = [f"{bold}Case study {number}: {escape(study.customer)}{bold} "
             f"({escape(study.category or 'uncategorised')}, anger "
             f"{AngerLevel(study.anger_level).label})",
             f"{bold}Situation:{bold} {escape(study.situation)}"]
    if study.what_we_did:
        lines.append(f"{bold}What we did:{bold} {escape(study.what_we_did)}")
    lines.append(f"{bold}Outcome:{bold} {escape(study.outcome)}")
    if study.lesson:
        lines.append(f"{bold}Lesson:{bold} {escape(study.lesson)}")
    return lines


def study_steps(study: CaseStudy) -> str:
    try_next = (f" One step to try next time: {in_sentence(study.try_next)}."
                if study.try_next else "")
    return f"{_steps_used(study)}{try_next}"


def _steps_used(study: CaseStudy) -> str:
    used, offered = len(study.steps_used), study.steps_offered
    if not used:
        return "Steps used: not recorded."
    if used <= LISTED_STEPS or used * 2 <= offered:
        return f"Steps used: {'; '.join(in_sentence(s) for s in study.steps_used)}."
    if used >= offered:
        return f"Used all {offered} steps of the playbook."
    return f"Used {used} of the {offered} steps of the playbook."
