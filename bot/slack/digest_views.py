"""The weekly digest as Slack messages (pure): the channel post, and one thread reply a study."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.slack.mrkdwn import clip, escape
from bot.slack.outer_loop_views import outer_loop_blocks
from commands.digest import CaseStudy, Digest
from commands.playbook import AngerLevel

Message = dict[str, Any]
MAX_KUDOS = 10
QUIET_WEEK = ("No difficult calls logged this week. Had one? `/angrycall` takes a minute, "
              "and the team learns from it.")


def digest_message(digest: Digest) -> Message:
    title = f"The week in difficult conversations, {_period(digest)}"
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": clip(title, 150)}},
    ]
    if digest.quiet:
        blocks.append(_section(QUIET_WEEK))
    else:
        blocks += [_section(_numbers(digest)), _section(_promises(digest))]
    if digest.coaching_focus is not None:
        blocks.append(_section(f"*Coaching focus: {digest.coaching_focus.label.lower()}*\n"
                               f"{digest.why_it_matters}"))
    if digest.kudos:
        blocks.append(_section(_kudos(digest)))
    blocks += outer_loop_blocks(digest.outer_loop)
    if digest.studies:
        blocks.append(_section(f"*To discuss in this thread:* {digest.question}\n"
                               f"{len(digest.studies)} case "
                               f"stud{'y' if len(digest.studies) == 1 else 'ies'} below."))
    return {"text": title, "blocks": blocks}


def study_message(number: int, study: CaseStudy) -> Message:
    heading = (f"*Case study {number}: {escape(study.customer)}*"
               f" ({escape(study.category or 'uncategorised')}, "
               f"anger {AngerLevel(study.anger_level).label})")
    used = ", ".join(s.label.lower() for s in study.steps_used) or "none ticked"
    missing = ", ".join(s.label.lower() for s in study.steps_missing) or "none"
    text = (f"{heading}\n*Situation:* {escape(study.situation)}\n"
            f"*What we did:* {escape(study.what_we_did)}\n*Outcome:* {escape(study.outcome)}\n"
            f"*Lesson:* {escape(study.lesson)}")
    blocks = [_section(text), {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(
        f"Playbook used: {used}. Missing: {missing}.", 3000)}]}]
    return {"text": f"Case study {number}: {escape(study.customer)}", "blocks": blocks}


def digest_as_text(digest: Digest) -> str:
    """The digest as plain text, for `angrycall digest` on a terminal."""
    lines = [f"The week in difficult conversations, {_period(digest)}", ""]
    for block in [*digest_message(digest)["blocks"][1:],
                  *(b for i, s in enumerate(digest.studies, 1)
                    for b in study_message(i, s)["blocks"])]:
        text = block.get("text", {}).get("text") or block["elements"][0]["text"]
        lines += [text.replace("*", "").replace("&lt;", "<").replace("&gt;", ">")
                  .replace("&amp;", "&"), ""]
    return "\n".join(lines).rstrip() + "\n"


def _period(digest: Digest) -> str:
    last_day = digest.end - timedelta(days=1)
    return f"{digest.start:%d %b} to {last_day:%d %b %Y}"


def _numbers(digest: Digest) -> str:
    n = digest.numbers
    change = n.cases - n.previous_week
    trend = f"{'+' if change >= 0 else ''}{change} on the week before"
    categories = ", ".join(f"{escape(clip(name, 60))} {count}" for name, count in n.by_category)
    anger = ", ".join(f"level {level}: {count}" for level, count in n.by_anger)
    repeat = f"\n{n.repeat_customers} repeat customer{'s' if n.repeat_customers != 1 else ''}." \
        if n.repeat_customers else ""
    return (f"*{n.cases} case{'s' if n.cases != 1 else ''} logged* ({trend}; "
            f"4-week average {n.four_week_average:.1f})\nBy category: {categories}\n"
            f"Anger: {anger}{repeat}")


def _promises(digest: Digest) -> str:
    n = digest.numbers
    if not n.due:
        return "*Promises:* none fell due this week."
    rate = f"{100 * (n.kept_rate or 0):.0f}%"
    return (f"*Promises due: {n.due}*, kept on time {n.kept_on_time} ({rate}), kept late "
            f"{n.kept_late}, renegotiated {n.renegotiated}, overdue {n.overdue}.")


def _kudos(digest: Digest) -> str:
    people = ", ".join(f"<@{user}> ({count})" for user, count in digest.kudos[:MAX_KUDOS])
    return f":clap: *Kudos* for promises kept on time: {people}"


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, 3000)}}
