"""The weekly digest as Slack messages (pure): the channel post, and one thread reply a study."""

from __future__ import annotations

from typing import Any

from bot import digest_text as say
from bot.slack.ids import ActionId, BlockId
from bot.slack.mrkdwn import clip, escape
from bot.slack.outer_loop_views import outer_loop_blocks
from commands.case_studies import CaseStudy
from commands.digest_composition import Digest

Message = dict[str, Any]
MAX_KUDOS = 10
BOLD = "*"
QUIET_INVITE = "Had one? `/angrycall` takes a minute, and the team learns from it."


def digest_message(digest: Digest) -> Message:
    title = say.title(digest)
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": clip(title, 150)}},
        _section("\n".join(say.numbers(digest, BOLD, escape))
                 + (f" {QUIET_INVITE}" if digest.quiet else "")),
    ]
    if not digest.quiet or digest.numbers.promise_news:
        blocks.append(_section(say.promises(digest, BOLD)))
    if not digest.quiet:
        blocks.append(_section(escape(say.focus(digest, BOLD))))
    if digest.kudos:
        blocks.append(_section(_kudos(digest)))
    blocks += outer_loop_blocks(digest.outer_loop)
    if digest.studies:
        blocks.append(_section(f"*To discuss in this thread:* {digest.question}\n"
                               f"{len(digest.studies)} case "
                               f"stud{'y' if len(digest.studies) == 1 else 'ies'} below."))
    elif digest.invites:
        blocks += [_section(say.NO_STUDY), _invite_buttons(digest.invites)]
    return {"text": title, "blocks": blocks}


def study_message(number: int, study: CaseStudy) -> Message:
    text = "\n".join(say.study_lines(number, study, BOLD, escape))
    blocks = [_section(text), {"type": "context", "elements": [
        {"type": "mrkdwn", "text": clip(escape(say.study_steps(study)), 3000)}]}]
    return {"text": f"Case study {number}: {escape(study.customer)}", "blocks": blocks}


def _invite_buttons(case_ids: tuple[int, ...]) -> dict[str, Any]:
    # Opens the case view (only its reporter, owners and leads see it; others are told so).
    return {"type": "actions", "block_id": BlockId.DIGEST_INVITES.value, "elements": [
        {"type": "button", "action_id": ActionId.VIEW_CASE.value, "value": str(case_id),
         "text": {"type": "plain_text", "text": f"Open case #{case_id}"}}
        for case_id in case_ids]}


def _kudos(digest: Digest) -> str:
    people = ", ".join(f"<@{user}> ({count})" for user, count in digest.kudos[:MAX_KUDOS])
    return f":clap: *Kudos* for promises kept on time: {people}"


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, 3000)}}
