"""The digest as plain text, for `angrycall digest` on a terminal: written from the digest
itself with the sentences both platforms share (bot.digest_text), no markup to scrape."""

from __future__ import annotations

from bot import digest_text as say
from commands.digest_composition import Digest
from commands.outer_loop_lines import HEADING, outer_loop_lines

QUIET_INVITE = "Had one? `/angrycall` takes a minute, and the team learns from it."


def _as_typed(text: str) -> str:
    return text


def digest_as_text(digest: Digest) -> str:
    """Title, numbers, promises, focus, kudos, the outer loop, then the thread's case studies;
    one paragraph each, as a channel shows them."""
    paragraphs = [say.title(digest), "\n".join(say.numbers(digest, "", _as_typed))
                  + (f" {QUIET_INVITE}" if digest.quiet else "")]
    if not digest.quiet or digest.numbers.promise_news:
        paragraphs.append(say.promises(digest, ""))
    if not digest.quiet:
        paragraphs.append(say.focus(digest, ""))
    if digest.kudos:
        people = ", ".join(f"<@{user}> ({count})" for user, count in digest.kudos)
        paragraphs.append(f":clap: Kudos for promises kept on time: {people}")
    if digest.outer_loop is not None and digest.outer_loop.shown:
        paragraphs.append("\n".join([HEADING, *outer_loop_lines(digest.outer_loop, _as_typed)]))
    paragraphs += _thread(digest)
    return "\n\n".join(paragraphs) + "\n"


def _thread(digest: Digest) -> list[str]:
    if digest.studies:
        count = len(digest.studies)
        studies = [f"{chr(10).join(say.study_lines(number, study, '', _as_typed))}\n\n"
                   f"{say.study_steps(study)}"
                   for number, study in enumerate(digest.studies, start=1)]
        return [f"To discuss in this thread: {digest.question}\n{count} case "
                f"stud{'y' if count == 1 else 'ies'} below.", *studies]
    if digest.invites:
        return [say.NO_STUDY, ", ".join(f"Open case #{case_id}" for case_id in digest.invites)]
    return []
