"""The modal stack follows the bot's view calls and its answers to submissions, as Slack does."""

from __future__ import annotations

from typing import Any

import pytest

from bot.sandbox.modals import Modals
from bot.sandbox.team import new_world
from bot.sandbox.workspace import SlackError


def modal(title: str) -> dict[str, Any]:
    return {"type": "modal", "title": {"type": "plain_text", "text": title},
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": title}}]}


def opened(modals: Modals, user: str, title: str, method: str = "views.open") -> str:
    trigger = modals.new_trigger(user)
    args = {"trigger_id": trigger, "view": modal(title)}
    answer = modals.world.m_views_open(args)
    modals.after_call(method, args, answer)
    return str(answer["view"]["id"])


def test_open_push_and_close_follow_the_trigger_owner() -> None:
    modals = Modals(new_world())
    first = opened(modals, "U0SAM", "First")
    second = opened(modals, "U0SAM", "Second", method="views.push")
    assert modals.depth("U0SAM") == 2 and modals.top("U0MAYA") is None
    modals.answered("U0SAM", second, None)  # an empty ack closes the submitted view
    assert (modals.top("U0SAM") or {})["id"] == first


def test_errors_stay_on_the_view_until_it_changes() -> None:
    modals = Modals(new_world())
    view_id = opened(modals, "U0SAM", "Log")
    modals.answered("U0SAM", view_id, {"response_action": "errors",
                                       "errors": {"customer": "Who was the customer?"}})
    assert modals.errors[view_id] == {"customer": "Who was the customer?"}
    args = {"view_id": view_id, "view": modal("Log again")}
    modals.after_call("views.update", args, modals.world.m_views_update(args))
    assert view_id not in modals.errors


def test_update_push_and_clear_answers() -> None:
    modals = Modals(new_world())
    view_id = opened(modals, "U0SAM", "Log")
    modals.answered("U0SAM", view_id, {"response_action": "update", "view": modal("Thanks")})
    assert (modals.top("U0SAM") or {})["title"]["text"] == "Thanks"
    modals.answered("U0SAM", view_id, {"response_action": "push", "view": modal("More")})
    assert modals.depth("U0SAM") == 2
    modals.answered("U0SAM", view_id, {"response_action": "clear"})
    assert modals.top("U0SAM") is None


def test_an_invalid_view_in_an_answer_is_refused_like_slack() -> None:
    modals = Modals(new_world())
    view_id = opened(modals, "U0SAM", "Log")
    with pytest.raises(SlackError):
        modals.answered("U0SAM", view_id, {"response_action": "update", "view": modal("x" * 30)})
