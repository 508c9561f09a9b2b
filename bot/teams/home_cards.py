"""`home` in the personal chat: what Slack's App Home shows, as one card (pure): my promises,
my kept rate, the cases I logged, the promises I logged for others still awaiting a yes; for
leads the team's open and overdue promises and the week's cases."""

from __future__ import annotations

from collections.abc import Mapping

from bot.teams import adaptive as ac
from bot.teams.ids import VERB, Verb
from bot.teams.list_cards import item_lines
from bot.teams.nudge_cards import clip, when
from commands.home import Home, TeamView
from commands.my_commitments import OwedItem

Element = ac.Element
PREVIEW = 80
CUSTOMER_SHOWN = 50
NAME_SHOWN = 60
# Lines a section shows: three sections of ten stay within Teams' 28 KB at the longest texts.
SECTION_SHOWN = 10
INTRO = ("Type `angrycall` right after a difficult customer conversation to log it and what was "
         "promised: I remind each owner before it is due, and the team learns from it.")


def home_card(home: Home, *, names: Mapping[str, str]) -> Element:
    """`names`: user id -> display name, for the people the card mentions."""
    body = [ac.text("angrycall", weight="bolder", size="large"), ac.text(INTRO, subtle=True),
            *_my_promises(home), *_awaiting(home, names),
            ac.text(_record(home)), *_my_cases(home)]
    if home.team is not None:
        body += _team(home.team, names)
    return ac.card(body, [
        ac.submit("Log a difficult conversation", {VERB: Verb.OPEN_FORM.value}, style="positive"),
        ac.submit("My promises, with their buttons", {VERB: Verb.LIST.value}),
    ])


def _heading(text: str) -> Element:
    return {**ac.text(text, weight="bolder", size="medium"), "separator": True}


def _my_promises(home: Home) -> list[Element]:
    if not home.owed_total:
        return [_heading("Your open promises: none. Nice work keeping them.")]
    owed = home.owed[:SECTION_SHOWN]
    shown = f"the soonest {len(owed)} of " if home.owed_total > len(owed) else ""
    lines = [_heading(f"Your open promises ({shown}{home.owed_total}), soonest first")]
    for item in owed:
        lines += item_lines(item, preview=PREVIEW)
    return lines


def _awaiting(home: Home, names: Mapping[str, str]) -> list[Element]:
    if not home.awaiting:
        return []
    lines = [_heading("Promises you logged, not accepted yet")]
    for item in home.awaiting[:SECTION_SHOWN]:
        flag = "🚫 declined" if item.acceptance == "declined" else "⏳ waiting"
        lines.append(ac.text(f"{flag}: {_name(item.owner_user_id, names)} → {_about(item)}"))
    return lines


def _record(home: Home) -> str:
    if home.kept_rate is None:
        return "**Your promise-kept rate:** no promise of yours has fallen due yet."
    return (f"**Your promise-kept rate:** {100 * home.kept_rate:.0f}% "
            f"({home.kept_on_time} of {home.due_so_far} kept on time)")


def _my_cases(home: Home) -> list[Element]:
    if not home.cases:
        return [_heading("Cases you logged: none yet.")]
    lines = [f"- #{c.case_id} {ac.plain(clip(c.customer, CUSTOMER_SHOWN))}, "
             f"{c.logged_at:%d %b %Y}, {c.status}" for c in home.cases]
    return [_heading("Cases you logged (latest first)"), ac.text("\n".join(lines))]


def _team(team: TeamView, names: Mapping[str, str]) -> list[Element]:
    summary = (f"{team.open_total} open promises, {team.overdue_shown} overdue among the "
               f"soonest; {team.cases_this_week} cases logged in the last 7 days.")
    lines = [_heading("Your team (you are a lead)"), ac.text(summary)]
    for item in team.open_promises[:SECTION_SHOWN]:
        flag = ("⚠️ **Overdue** " if item.overdue else "") + (
            "⏳ not accepted yet, " if item.unaccepted else "")
        lines.append(ac.text(f"{flag}{_name(item.owner_user_id, names)} → {_about(item)} "
                             f"(due {when(item.due_at)})"))
    return lines


def _about(item: OwedItem) -> str:
    return (f"**{ac.plain(clip(item.customer, CUSTOMER_SHOWN))}**: "
            f"{ac.plain(clip(item.promise, PREVIEW))}")


def _name(user_id: str, names: Mapping[str, str]) -> str:
    return ac.plain(clip(names.get(user_id) or "someone", NAME_SHOWN))
