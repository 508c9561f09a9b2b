"""The App Home tab (pure): my promises with their buttons, my cases, my record; the team for
leads. Promises are paged so the tab stays within Slack's 100 blocks."""

from __future__ import annotations

from typing import Any

from bot.slack.commitment_answer_views import answer_buttons
from bot.slack.ids import ActionId
from bot.slack.lists import item_block
from bot.slack.mrkdwn import clip, escape, slack_date, slack_day
from bot.slack.nudge_views import commitment_actions
from commands.home import PAGE, Home, TeamView
from commands.people import UTC, zone_named

INTRO = (
    "Right after a difficult customer conversation, log it here or with `/angrycall`. "
    "Write down what was promised and to whom: angrycall makes sure the promise is kept, "
    "and shares the lesson with your team."
)
Block = dict[str, Any]


def home_view(home: Home) -> dict[str, Any]:
    blocks: list[Block] = [
        {"type": "header", "text": _plain("angrycall")},
        _section(INTRO),
        {"type": "actions", "elements": _top_buttons(home)},
        {"type": "divider"},
        *_my_promises(home),
        *_awaiting(home),
        _section(_record(home)),
        _section(_my_cases(home)),
    ]
    if home.team is not None:
        blocks += [{"type": "divider"}, *_team(home.team)]
    return {"type": "home", "blocks": blocks}


def _top_buttons(home: Home) -> list[Block]:
    buttons = [_button("Log a difficult conversation", ActionId.OPEN_LOG_FORM, "log",
                       style="primary")]
    if home.team is not None:
        buttons.append(_button("Team settings", ActionId.OPEN_SETTINGS, "settings"))
    return buttons


def _my_promises(home: Home) -> list[Block]:
    if not home.owed_total:
        return [_section("*Your open commitments:* none. Nice work keeping your promises.")]
    first = home.page * PAGE + 1
    heading = (f"*Your open commitments* ({home.owed_total}), soonest first"
               + (f", from number {first}" if home.page else ""))
    blocks = [_section(heading)]
    for item in home.owed:
        if item.unaccepted:  # made for them by someone else: their yes comes first
            blocks += [_section(f":hourglass: *Waiting for your yes* (or a no, with why)\n"
                                f"{item_block(item)['text']['text']}"),
                       answer_buttons(item.commitment_id)]
        else:
            blocks += [item_block(item), commitment_actions(item.commitment_id, item.case_id)]
    paging = []
    if home.page:
        paging.append(_button("First page", ActionId.HOME_PAGE, "0"))
    if home.has_more:
        paging.append(_button("Show more", ActionId.HOME_PAGE, str(home.page + 1)))
    if paging:
        blocks.append({"type": "actions", "block_id": "home_paging", "elements": paging})
    return blocks


def _awaiting(home: Home) -> list[Block]:
    """Promises this person logged for colleagues that are not accepted yet, or were declined."""
    if not home.awaiting:
        return []
    lines = [f"• {_acceptance_flag(item.acceptance)} <@{item.owner_user_id}> → "
             f"*{escape(clip(item.customer, 80))}*: {escape(clip(item.promise, 150))}"
             for item in home.awaiting]
    return [_section("*Promises you logged, not accepted yet*\n" + "\n".join(lines))]


def _acceptance_flag(acceptance: str) -> str:
    return ":no_entry_sign: declined," if acceptance == "declined" else ":hourglass: waiting,"


def _record(home: Home) -> str:
    if home.kept_rate is None:
        return "*Your promise-kept rate:* no promise of yours has fallen due yet."
    return (f"*Your promise-kept rate:* {100 * home.kept_rate:.0f}% "
            f"({home.kept_on_time} of {home.due_so_far} kept on time)")


def _my_cases(home: Home) -> str:
    if not home.cases:
        return "*Cases you logged:* none yet."
    lines = [f"• #{c.case_id} {escape(clip(c.customer, 80))}, {slack_day(c.logged_at, UTC)}, "
             f"{c.status}" for c in home.cases]
    return "*Cases you logged* (latest first)\n" + "\n".join(lines)


def _team(team: TeamView) -> list[Block]:
    summary = (f"*Your team* (you are a lead): {team.open_total} open promises, "
               f"{team.overdue_shown} overdue among the soonest; "
               f"{team.cases_this_week} cases logged in the last 7 days.")
    lines = [_section(summary)]
    for item in team.open_promises:
        flag = (":warning: " if item.overdue else "") + (
            ":hourglass: not accepted yet, " if item.unaccepted else "")
        due = slack_date(item.due_at, zone_named(item.zone_name))
        lines.append(_section(f"{flag}<@{item.owner_user_id}> → *{escape(clip(item.customer, 80))}*"
                              f": {escape(clip(item.promise, 200))}\nDue {due}"))
    return lines


def _button(text: str, action: ActionId, value: str, style: str | None = None) -> Block:
    button: Block = {"type": "button", "action_id": action.value, "text": _plain(text),
                     "value": value}
    if style:
        button["style"] = style
    return button


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, 3000)}}


def _plain(text: str) -> Block:
    return {"type": "plain_text", "text": text}
