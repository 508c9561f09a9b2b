"""Themes on Slack (pure): the offer in a logged case's confirmation, the theme picker of a
case, the owning channel's post with its buttons, the plan/decline/told modals, and the DMs that
go back to people."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from bot.slack.mrkdwn import clip, escape
from bot.slack.theme_ids import ThemeAction, ThemeCallback, ThemeInput
from commands.theme_suggestions import Suggestion
from commands.theme_texts import offer_text
from commands.theme_views import ThemeCaseLine, ThemeState, ThemeView

Block = dict[str, Any]
STATE_LINES = {
    ThemeState.OPEN: "open: nobody has planned a fix yet",
    ThemeState.PLANNED: "fix planned",
    ThemeState.FIXED: "fixed: the customers are being told",
    ThemeState.TOLD: "fixed, and every customer has been told",
    ThemeState.DECLINED: "declined",
    ThemeState.MERGED: "merged into another theme",
}
REACTIONS = (("pleased", "Pleased"), ("neutral", "Neutral"), ("still_upset", "Still upset"))


OFFER_CHARS = 2900  # a section holds 3000


def theme_button(case_id: str) -> Block:
    """The case modal's way in."""
    return _button("Theme", ThemeAction.OPEN, case_id)


def theme_offer(case_id: int, suggestions: Sequence[Suggestion]) -> list[Block]:
    """What a new case has in common with earlier ones, and the picker's button; nothing when
    it has nothing in common."""
    if not suggestions:
        return []
    text = clip(escape(offer_text(case_id, suggestions, typed=False)), OFFER_CHARS)
    return [_section(text), {"type": "actions", "block_id": "theme_offer",
                             "elements": [theme_button(str(case_id))]}]


def theme_picker(case_id: int, *, current: ThemeView | None, suggestions: Sequence[Suggestion],
                 themes: Sequence[ThemeView]) -> dict[str, Any]:
    """Link the case to a theme (suggested ones first), or start one."""
    why = [f"• {escape(s.reason)}" for s in suggestions] or ["• nothing alike in 21 days"]
    blocks = [_section(f"*In theme:* {escape(current.title)}" if current else
                       "*Not in a theme yet.*"), _section("*Alike cases*\n" + "\n".join(why))]
    suggested = {s.theme_id for s in suggestions if s.theme_id}
    ordered = sorted(themes, key=lambda t: (t.theme_id not in suggested, t.theme_id))
    if ordered:
        blocks.append(_input(ThemeInput.LINK_TO, "Link it to a theme", {
            "type": "static_select", "action_id": ThemeInput.LINK_TO.value,
            "options": [_option(clip(t.title, 75), str(t.theme_id)) for t in ordered[:100]]}))
    title: Block = {"type": "plain_text_input", "action_id": ThemeInput.TITLE.value,
                    "max_length": 200}
    if suggestions and suggestions[0].phrase:
        title["initial_value"] = clip(suggestions[0].phrase, 200)
    blocks.append(_input(ThemeInput.TITLE, "Or start a new theme", title))
    return _modal(ThemeCallback.PICK, "Theme", "Save", str(case_id), blocks)


def theme_post(view: ThemeView) -> dict[str, Any]:
    """The owning channel's one post about a theme; its buttons follow the theme's state."""
    title = f"Theme: {view.title}"
    cases = f"{len(view.cases)} case{'s' if len(view.cases) != 1 else ''}"
    anger = ", ".join(str(level) for level in view.anger_levels) or "-"
    quotes = "\n".join(f"> {escape(q)}" for q in view.strongest_quotes()) or "> -"
    blocks = [_section(f"*{escape(clip(title, 200))}* ({escape(view.category or 'uncategorised')})"
                       f"\n{cases}, {view.customers} customer"
                       f"{'s' if view.customers != 1 else ''} ("
                       f"{escape(', '.join(sorted({c.customer for c in view.cases})))}); "
                       f"anger levels {anger}"),
              _section(f"*In their words*\n{quotes}"), _section(_status(view))]
    if buttons := _post_buttons(view):
        blocks.append({"type": "actions", "block_id": "theme_actions", "elements": buttons})
    return {"text": title, "blocks": blocks}


def _status(view: ThemeView) -> str:
    line = STATE_LINES[view.state]
    if view.fix_date and view.state == ThemeState.PLANNED:
        line += f" for {view.fix_date:%a %d %b %Y}"
    owner = f", owned by <@{view.owner_user_id}>" if view.owner_user_id else ""
    reason = f"\n*Why:* {escape(view.decline_reason)}" if view.decline_reason else ""
    return f"*Status:* {line}{owner}{reason}"


def _post_buttons(view: ThemeView) -> list[Block]:
    value = str(view.theme_id)
    if view.state not in (ThemeState.OPEN, ThemeState.PLANNED):
        return []
    buttons = [] if view.owner_user_id else [_button("Take it", ThemeAction.TAKE, value)]
    buttons.append(_button("Plan a fix date", ThemeAction.PLAN, value))
    if view.owner_user_id:
        buttons.append(_button("Mark fixed", ThemeAction.FIXED, value))
    buttons.append(_button("Decline", ThemeAction.DECLINE, value))
    return buttons


def plan_modal(origin: dict[str, Any]) -> dict[str, Any]:
    return _modal(ThemeCallback.PLAN, "Plan a fix date", "Plan", json.dumps(origin), [
        _input(ThemeInput.FIX_DATE, "The fix will be out by", {
            "type": "datepicker", "action_id": ThemeInput.FIX_DATE.value}, optional=False)])


def decline_modal(origin: dict[str, Any]) -> dict[str, Any]:
    return _modal(ThemeCallback.DECLINE, "Decline the theme", "Decline", json.dumps(origin), [
        _input(ThemeInput.REASON, "Why? (it goes back to whoever raised it)", {
            "type": "plain_text_input", "action_id": ThemeInput.REASON.value,
            "multiline": True, "max_length": 500}, optional=False)])


def told_modal(case_id: int) -> dict[str, Any]:
    return _modal(ThemeCallback.TOLD, "Told the customer", "Save", str(case_id), [
        _input(ThemeInput.REACTION, "How did they take it?", {
            "type": "radio_buttons", "action_id": ThemeInput.REACTION.value,
            "options": [_option(label, value) for value, label in REACTIONS]})])


def declined_notice(view: ThemeView) -> dict[str, Any]:
    text = (f"The theme *{escape(view.title)}* was declined by <@{view.owner_user_id}>: "
            f"{escape(view.decline_reason)}") if view.owner_user_id else (
            f"The theme *{escape(view.title)}* was declined: {escape(view.decline_reason)}")
    return {"text": clip(text, 3000), "blocks": [_section(text)]}


def tell_the_customer(view: ThemeView, line: ThemeCaseLine) -> dict[str, Any]:
    """The DM to whoever tells a case's customer that the problem behind it is fixed."""
    text = (f"The problem behind your case with *{escape(clip(line.name, 150))}* is fixed "
            f"({escape(view.title)}). Tell them, then say how it went.")
    value = str(line.case_id)
    return {"text": clip(text, 3000), "blocks": [_section(text), {
        "type": "actions", "block_id": "theme_customer", "elements": [
            _button("Told the customer", ThemeAction.TOLD, value),
            _button("Can't reach them", ThemeAction.UNREACHABLE, value)]}]}


def customer_answered(told: str) -> dict[str, Any]:
    text = ("Thanks: the customer knows the problem is fixed." if told == "told" else
            "Noted: the customer could not be reached.")
    return {"text": text, "blocks": [_section(text)]}


def _modal(callback: ThemeCallback, title: str, submit: str, metadata: str,
           blocks: list[Block]) -> dict[str, Any]:
    return {"type": "modal", "callback_id": callback.value, "title": _plain(title),
            "submit": _plain(submit), "close": _plain("Back"), "private_metadata": metadata,
            "blocks": blocks}


def _input(input_id: ThemeInput, label: str, element: Block, *, optional: bool = True) -> Block:
    return {"type": "input", "block_id": input_id.value, "label": _plain(label),
            "optional": optional, "element": element}


def _button(text: str, action: ThemeAction, value: str) -> Block:
    return {"type": "button", "action_id": action.value, "text": _plain(text), "value": value}


def _option(text: str, value: str) -> Block:
    return {"text": _plain(text), "value": value}


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, 3000)}}


def _plain(text: str) -> Block:
    return {"type": "plain_text", "text": text}
