"""Themes on Slack: the case modal's "Theme" button, the owning channel's post and its buttons,
and the DMs back to people. Each listener parses, calls `commands`, renders, responds."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot.outer_loop_senders import send_theme_notices_now
from bot.services import Services
from bot.slack.messenger import try_direct_message, try_reply_privately
from bot.slack.requester import Requester
from bot.slack.theme_ids import ThemeInput
from bot.slack.theme_views import (
    customer_answered,
    decline_modal,
    plan_modal,
    theme_picker,
    theme_post,
    told_modal,
)
from commands import theme_fixes, themes
from commands.theme_views import CustomerTold, ThemeRefusal, ThemeView
from commands.themes import Actor, Answer


def actor_of(requester: Requester) -> Actor:
    return Actor(user_id=requester.origin.user_id, team=requester.origin.team)


async def on_open_picker(services: Services, client: AsyncWebClient, *, body: dict[str, Any],
                         requester: Requester, **_: Any) -> None:
    case_id = int(body["actions"][0]["value"])
    choices = await themes.theme_choices(services.db, case_id=case_id, actor=actor_of(requester))
    if choices is None:
        return
    picker = theme_picker(case_id, current=choices.current, suggestions=choices.suggestions,
                          themes=choices.themes)
    # From the case modal, on top of it; from a message (the offer after logging), alone.
    opened = client.views_push if body.get("view") else client.views_open
    await opened(trigger_id=body["trigger_id"], view=picker)


async def on_picked(services: Services, client: AsyncWebClient, *, ack: AsyncAck,
                    body: dict[str, Any], requester: Requester) -> None:
    case_id = int(body["view"]["private_metadata"])
    values = body["view"]["state"]["values"]
    link_to, title = _value(values, ThemeInput.LINK_TO), _value(values, ThemeInput.TITLE)
    actor, now = actor_of(requester), services.now()
    if link_to and link_to.isdigit():
        answer = await themes.link_case(services.db, actor=actor, theme_id=int(link_to),
                                        case_id=case_id, now=now)
    else:
        answer = await themes.start_theme(services.db, actor=actor, title=title or "",
                                          case_ids=[case_id], now=now)
    if isinstance(answer, ThemeRefusal):
        await ack(response_action="errors", errors={ThemeInput.TITLE.value: answer.value})
        return
    await ack()
    await send_theme_notices_now(services)  # a new theme: its owning channel hears of it


async def on_take(services: Services, client: AsyncWebClient, *, body: dict[str, Any],
                  requester: Requester, **_: Any) -> None:
    answer = await theme_fixes.take_theme(services.db, actor=actor_of(requester),
                                          theme_id=_theme_id(body), now=services.now())
    await _redraw(client, body, answer)


async def on_fixed(services: Services, client: AsyncWebClient, *, body: dict[str, Any],
                   requester: Requester, **_: Any) -> None:
    answer = await theme_fixes.mark_fixed(services.db, actor=actor_of(requester),
                                          theme_id=_theme_id(body), now=services.now())
    await _redraw(client, body, answer)
    await send_theme_notices_now(services)  # each case's teller: tell the customer


async def on_plan(services: Services, client: AsyncWebClient, *, body: dict[str, Any],
                  **_: Any) -> None:
    await client.views_open(trigger_id=body["trigger_id"], view=plan_modal(_origin(body)))


async def on_decline(services: Services, client: AsyncWebClient, *, body: dict[str, Any],
                     **_: Any) -> None:
    await client.views_open(trigger_id=body["trigger_id"], view=decline_modal(_origin(body)))


async def on_plan_submitted(services: Services, client: AsyncWebClient, *, ack: AsyncAck,
                            body: dict[str, Any], requester: Requester) -> None:
    origin = json.loads(body["view"]["private_metadata"])
    picked = _date(_value(body["view"]["state"]["values"], ThemeInput.FIX_DATE,
                          "selected_date"))
    answer = await theme_fixes.plan_fix(services.db, actor=actor_of(requester),
                                        theme_id=origin["theme"], fix_date=picked,
                                        now=services.now())
    if answer is ThemeRefusal.PAST_FIX_DATE:
        await ack(response_action="errors", errors={ThemeInput.FIX_DATE.value: answer.value})
        return
    await ack()
    await _redraw_at(client, origin, body, answer)


async def on_decline_submitted(services: Services, client: AsyncWebClient, *, ack: AsyncAck,
                               body: dict[str, Any], requester: Requester) -> None:
    origin = json.loads(body["view"]["private_metadata"])
    reason = _value(body["view"]["state"]["values"], ThemeInput.REASON) or ""
    answer = await theme_fixes.decline_theme(services.db, actor=actor_of(requester),
                                             theme_id=origin["theme"], reason=reason,
                                             now=services.now())
    if answer is ThemeRefusal.NO_REASON:
        await ack(response_action="errors", errors={ThemeInput.REASON.value: answer.value})
        return
    await ack()
    await _redraw_at(client, origin, body, answer)
    await send_theme_notices_now(services)  # the reason, back to whoever raised it


async def on_told(services: Services, client: AsyncWebClient, *, body: dict[str, Any],
                  **_: Any) -> None:
    await client.views_open(trigger_id=body["trigger_id"],
                            view=told_modal(int(body["actions"][0]["value"])))


async def on_told_submitted(services: Services, client: AsyncWebClient, *, ack: AsyncAck,
                            body: dict[str, Any], requester: Requester) -> None:
    await ack()
    reaction = _value(body["view"]["state"]["values"], ThemeInput.REACTION, "selected_option")
    await _answer(services, client, requester, int(body["view"]["private_metadata"]),
                  CustomerTold.TOLD, reaction)


async def on_unreachable(services: Services, client: AsyncWebClient, *, body: dict[str, Any],
                         requester: Requester, **_: Any) -> None:
    await _answer(services, client, requester, int(body["actions"][0]["value"]),
                  CustomerTold.UNREACHABLE, None)


async def _answer(services: Services, client: AsyncWebClient, requester: Requester,
                  case_id: int, told: CustomerTold, reaction: str | None) -> None:
    answer = await theme_fixes.answer_customer(services.db, actor=actor_of(requester),
                                               case_id=case_id, told=told, reaction=reaction,
                                               now=services.now())
    message = customer_answered(told.value) if isinstance(answer, ThemeView) else {
        "text": answer.value}
    await try_direct_message(client, user_id=requester.origin.user_id, message=message)


async def _redraw(client: AsyncWebClient, body: dict[str, Any], answer: Answer) -> None:
    await _redraw_at(client, _origin(body), body, answer)


async def _redraw_at(client: AsyncWebClient, origin: dict[str, Any], body: dict[str, Any],
                     answer: Answer) -> None:
    """The channel post shows the theme as it is now; a refusal goes to the clicker only."""
    if isinstance(answer, ThemeRefusal):
        await try_reply_privately(client, channel_id=origin.get("channel"),
                                  user_id=body["user"]["id"], message={"text": answer.value})
        return
    if origin.get("channel") and origin.get("ts"):
        await client.chat_update(channel=origin["channel"], ts=origin["ts"], **theme_post(answer))


def _origin(body: dict[str, Any]) -> dict[str, Any]:
    """Which theme a click is about, and where its post lives (to redraw it)."""
    container = body.get("container") or {}
    return {"theme": _theme_id(body), "channel": container.get("channel_id"),
            "ts": container.get("message_ts")}


def _theme_id(body: dict[str, Any]) -> int:
    return int(body["actions"][0]["value"])


def _date(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _value(values: dict[str, Any], input_id: ThemeInput, key: str = "value") -> str | None:
    element = (values.get(input_id.value) or {}).get(input_id.value) or {}
    found = element.get(key)
    if isinstance(found, dict):
        found = found.get("value")
    return found.strip() if isinstance(found, str) and found.strip() else None

