"""The weekly digest as Adaptive Cards (pure): the channel post, and one reply a case study."""

from __future__ import annotations

from collections.abc import Mapping

from bot import digest_text as say
from bot.teams import adaptive as ac
from bot.teams.outer_loop_cards import outer_loop_elements
from commands.case_studies import CaseStudy
from commands.digest_composition import Digest

Element = ac.Element
MAX_KUDOS = 10
BOLD = "**"
QUIET_INVITE = "Had one? Message angrycall: it takes a minute, and the team learns from it."
# Teams has no case view yet: the invitation names the cases instead of opening them.
INVITE_CASES = "Cases waiting for a lesson: {cases}."
ALT_TEXT = "Cases logged and promises kept on time over 8 weeks, and this week's categories"


def digest_title(digest: Digest) -> str:
    return say.title(digest)


def digest_card(digest: Digest, *, names: Mapping[str, str],
                chart_url: str | None = None) -> Element:
    """`names`: user id -> display name, for the kudos (Teams ids mean nothing to readers);
    `chart_url`: where Teams fetches the chart (Slack's is an uploaded file)."""
    body = [ac.text(digest_title(digest), weight="bolder", size="large"),
            ac.text("\n\n".join(say.numbers(digest, BOLD, ac.plain))
                    + (f" {QUIET_INVITE}" if digest.quiet else ""))]
    if not digest.quiet or digest.numbers.promise_news:
        body.append(ac.text(say.promises(digest, BOLD)))
    if not digest.quiet:
        body.append(ac.text(ac.plain(say.focus(digest, "")).replace("\n", "\n\n")))
    if chart_url:
        body.append({"type": "Image", "url": chart_url, "altText": ALT_TEXT, "size": "stretch"})
    if digest.kudos:
        people = ", ".join(f"{ac.plain(names.get(user, 'a teammate'))} ({count})"
                           for user, count in digest.kudos[:MAX_KUDOS])
        body.append(ac.text(f"Kudos for promises kept on time: {people}"))
    body += outer_loop_elements(digest.outer_loop)
    if digest.studies:
        count = len(digest.studies)
        body.append(ac.text(f"To discuss in this thread: {digest.question} {count} case "
                            f"stud{'y' if count == 1 else 'ies'} below."))
    elif digest.invites:
        cases = ", ".join(f"#{case_id}" for case_id in digest.invites)
        body.append(ac.text(f"{say.NO_STUDY} {INVITE_CASES.format(cases=cases)}"))
    return ac.card(body)


def study_card(number: int, study: CaseStudy, *, standalone_of: str | None = None) -> Element:
    """A reply in the digest's thread; `standalone_of` (the digest's title) when it can't be
    one, so a post of its own says which digest it belongs to."""
    lines = say.study_lines(number, study, "", ac.plain)
    origin = ([ac.text(ac.plain(f"From the digest: {standalone_of}"), subtle=True)]
              if standalone_of else [])
    return ac.card([ac.text(lines[0], weight="bolder"), *origin,
                    *(ac.text(line) for line in lines[1:]),
                    ac.text(ac.plain(say.study_steps(study)), subtle=True)])
