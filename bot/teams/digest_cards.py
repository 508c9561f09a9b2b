"""The weekly digest as Adaptive Cards (pure): the channel post, and one reply a case study."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from bot.teams import adaptive as ac
from bot.teams.outer_loop_cards import outer_loop_elements
from commands.digest import CaseStudy, Digest
from commands.playbook import AngerLevel

Element = ac.Element
MAX_KUDOS = 10
QUIET_WEEK = ("No difficult calls logged this week. Had one? Message angrycall: it takes a "
              "minute, and the team learns from it.")


def digest_title(digest: Digest) -> str:
    last_day = digest.end - timedelta(days=1)
    return (f"The week in difficult conversations, {digest.start:%d %b} to "
            f"{last_day:%d %b %Y}")


def digest_card(digest: Digest, *, names: Mapping[str, str]) -> Element:
    """`names`: user id -> display name, for the kudos (Teams ids mean nothing to readers)."""
    body = [ac.text(digest_title(digest), weight="bolder", size="large")]
    if digest.quiet:
        body.append(ac.text(QUIET_WEEK))
    else:
        body += [ac.text(_numbers(digest)), ac.text(_promises(digest))]
    if digest.coaching_focus is not None:
        body += [ac.text(f"Coaching focus: {digest.coaching_focus.label.lower()}",
                         weight="bolder"), ac.text(digest.why_it_matters)]
    if digest.kudos:
        people = ", ".join(f"{ac.plain(names.get(user, 'a teammate'))} ({count})"
                           for user, count in digest.kudos[:MAX_KUDOS])
        body.append(ac.text(f"Kudos for promises kept on time: {people}"))
    body += outer_loop_elements(digest.outer_loop)
    if digest.studies:
        count = len(digest.studies)
        body.append(ac.text(f"To discuss in this thread: {digest.question} {count} case "
                            f"stud{'y' if count == 1 else 'ies'} below."))
    return ac.card(body)


def study_card(number: int, study: CaseStudy) -> Element:
    used = ", ".join(s.label.lower() for s in study.steps_used) or "none ticked"
    missing = ", ".join(s.label.lower() for s in study.steps_missing) or "none"
    return ac.card([
        ac.text(ac.plain(f"Case study {number}: {study.customer} "
                         f"({study.category or 'uncategorised'}, anger "
                         f"{AngerLevel(study.anger_level).label})"), weight="bolder"),
        ac.text(f"Situation: {ac.plain(study.situation)}"),
        ac.text(f"What we did: {ac.plain(study.what_we_did)}"),
        ac.text(f"Outcome: {ac.plain(study.outcome)}"),
        ac.text(f"Lesson: {ac.plain(study.lesson)}"),
        ac.text(f"Playbook used: {used}. Missing: {missing}.", subtle=True),
    ])


def _numbers(digest: Digest) -> str:
    n = digest.numbers
    change = n.cases - n.previous_week
    categories = ", ".join(f"{ac.plain(name)} {count}" for name, count in n.by_category)
    anger = ", ".join(f"level {level}: {count}" for level, count in n.by_anger)
    repeat = (f"\n\n{n.repeat_customers} repeat customer"
              f"{'s' if n.repeat_customers != 1 else ''}." if n.repeat_customers else "")
    return (f"**{n.cases} case{'s' if n.cases != 1 else ''} logged** "
            f"({'+' if change >= 0 else ''}{change} on the week before; 4-week average "
            f"{n.four_week_average:.1f})\n\nBy category: {categories}\n\nAnger: {anger}{repeat}")


def _promises(digest: Digest) -> str:
    n = digest.numbers
    if not n.due:
        return "**Promises:** none fell due this week."
    return (f"**Promises due: {n.due}**, kept on time {n.kept_on_time} "
            f"({100 * (n.kept_rate or 0):.0f}%), kept late {n.kept_late}, renegotiated "
            f"{n.renegotiated}, overdue {n.overdue}.")
