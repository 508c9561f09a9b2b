"""The contract driver for Slack: signed slash commands and interactions into the app, the fake
Web API recording what it answered."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import select

from storage.engine import Database
from storage.models import Commitment
from tests.bot.conftest import AppDriver
from tests.bot.form_values import case_values, commitment_values
from tests.bot.slack_flows import click, find_element, open_form, submission, tick
from tests.contract.drivers import (
    DUE,
    DUE_NUDGE,
    LOGGED,
    CaseAnswer,
    Form,
    Nudge,
    Person,
    Where,
    last_case_id,
)
from tests.reliability.witness import Request, what_the_user_saw
from tests.slack_requests import FORM, REPORTER, payload, slash_command

PEOPLE = {Person.REPORTER: REPORTER, Person.OWNER: "U0OWNER01", Person.STRANGER: "U0OTHER01"}
CHANNEL = "C2147483705"


@dataclass
class SlackDriver:
    app: AppDriver
    platform: str = "slack"

    @property
    def db(self) -> Database:
        return self.app.db

    def user(self, person: Person) -> str:
        return PEOPLE[person]

    async def say(self, words: str, *, who: Person = Person.REPORTER,
                  where: Where = Where.CHANNEL) -> str:
        user = self.user(who)
        request = Request.new(self.app.slack, user)
        channel = CHANNEL if where is Where.CHANNEL else "D" + user
        body = slash_command(words, user_id=user, channel_id=channel,
                             trigger_id=request.trigger_id,
                             response_url=request.response_url(self.app.slack))
        response = await self.app.until_handled(self.app.post(body, FORM))
        assert response.status_code == 200
        if hooked := await self._hooked(request):
            return hooked
        return await what_the_user_saw(self.app.slack, response, request)

    async def _hooked(self, request: Request, timeout: float = 3.0) -> str:
        """A reply to the response_url, whole (its text and blocks); a digest preview built on
        a busy machine can take more than a second."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for hook, body in self.app.slack.webhook_posts:
                if hook == request.hook_id:
                    return str(body.get("text", "")) + str(body.get("blocks", ""))
            await asyncio.sleep(0.02)
        return ""

    async def open_form(self, who: Person = Person.REPORTER, words: str = "") -> Form:
        return Form(await open_form(self.app, words))

    def typed(self, form: Form, field: str) -> str | None:
        (block,) = [b for b in form.handle["blocks"] if b.get("block_id") == field]
        value = block["element"].get("initial_value")
        return str(value) if value is not None else None

    async def submit_form(self, form: Form, *, customer: str = "Acme Corp",
                          due: date = DUE) -> set[str]:
        promise = commitment_values(0, owner=REPORTER, due=due, at=None,
                                    promise="Call back with the refund confirmation")
        values = case_values(customer=customer, commitments=(promise,))
        response = await self.app.interact_until_handled(submission(form.handle, values))
        assert response.status_code == 200
        return set(response.json()["errors"]) if response.content else set()

    async def nudge(self) -> Nudge:
        form = await self.open_form()
        assert await self.submit_form(form) == set()
        await tick(self.app, LOGGED)
        assert (await tick(self.app, DUE_NUDGE)).sent == 1
        return Nudge(self.app.slack.dm_messages(REPORTER)[-1])

    async def done(self, nudge: Nudge, note: str, *, who: Person = Person.REPORTER) -> str:
        request = Request.new(self.app.slack, self.user(who))
        body = self._click(nudge, "commitment_done", who=who, trigger_id=request.trigger_id)
        body["response_url"] = request.response_url(self.app.slack)
        await self.app.interact_until_handled(body)
        if who is not Person.REPORTER:
            return await self._hooked(request, timeout=5)
        modal = await self._opened(request.trigger_id)
        values = {"note": {"note": {"type": "plain_text_input", "value": note}}}
        assert (await self.app.interact_until_handled(submission(modal, values))).text == ""
        return await self._redrawn()

    async def snooze_an_hour(self, nudge: Nudge) -> str:
        commitment_id = self.db.run_sync(lambda s: s.exec(select(Commitment.id)).one())
        option = {"selected_option": {"value": f"{commitment_id}:1h"}}
        await self.app.interact_until_handled(self._click(nudge, "commitment_snooze", **option))
        return await self._redrawn()

    async def renegotiate(self, nudge: Nudge, new_date: date, *,
                          customer_informed: bool) -> set[str]:
        trigger_id = self.app.slack.new_trigger_id()
        await self.app.interact_until_handled(self._click(nudge, "commitment_renegotiate",
                                            trigger_id=trigger_id))
        modal = await self._opened(trigger_id)
        values: dict[str, Any] = {"new_date": {"new_date": {
            "type": "datepicker", "selected_date": new_date.isoformat()}}}
        if customer_informed:
            values["customer_informed"] = {"customer_informed": {
                "type": "checkboxes", "selected_options": [{"value": "yes"}]}}
        response = await self.app.interact_until_handled(submission(modal, values))
        if response.content:
            return set(response.json()["errors"])
        await self._redrawn()  # the modal closes first; the promise moves right after
        return set()

    def _click(self, nudge: Nudge, action: str, *, who: Person = Person.REPORTER,
               trigger_id: str = "", **selected: Any) -> dict[str, Any]:
        return click(nudge.handle, "D" + REPORTER, self.user(who), action,
                     trigger_id or self.app.slack.new_trigger_id(), **selected)

    async def _opened(self, trigger_id: str) -> dict[str, Any]:
        calls = await self.app.slack.await_calls(
            "views.open", predicate=lambda c: c.args.get("trigger_id") == trigger_id)
        view: dict[str, Any] = self.app.slack.views[calls[-1].response["view"]["id"]]
        return view

    async def _redrawn(self) -> str:
        await self.app.slack.await_calls("chat.update")
        return str(self.app.slack.dm_messages(REPORTER)[-1]["text"])

    # -- Team settings, list and home (tests/contract/test_settings_and_overview.py) ----------
    answers_privately_in_channels = True  # a slash command's answer is ephemeral

    async def open_settings(self, who: Person = Person.REPORTER) -> Form:
        user = self.user(who)
        request = Request.new(self.app.slack, user)
        body = slash_command("settings", user_id=user, channel_id="D" + user,
                             trigger_id=request.trigger_id,
                             response_url=request.response_url(self.app.slack))
        assert (await self.app.post(body, FORM)).status_code == 200
        return Form(await self._opened(request.trigger_id))

    def shown_setting(self, form: Form, field: str) -> str | None:
        (block,) = [b for b in form.handle["blocks"] if b.get("block_id") == field]
        element = block["element"]
        shown = (element.get("initial_option") or {}).get("value", element.get("initial_value"))
        return str(shown) if shown is not None else None

    async def save_settings(self, form: Form, *, work_days: tuple[int, ...],
                            escalate_after: int, categories: tuple[str, ...]) -> set[str]:
        values = {
            "leads": {"leads": {"type": "multi_users_select", "selected_users": [REPORTER]}},
            "work_days": {"work_days": {"type": "checkboxes", "selected_options": [
                {"value": str(day)} for day in work_days]}},
            "escalate_after": {"escalate_after": {"type": "static_select", "selected_option": {
                "value": str(escalate_after)}}},
            "categories": {"categories": {"type": "plain_text_input",
                                          "value": "\n".join(categories)}},
        }
        response = await self.app.interact_until_handled(submission(form.handle, values))
        assert response.status_code == 200
        return set(response.json()["errors"]) if response.content else set()

    async def home(self, who: Person = Person.REPORTER) -> str:
        user = self.user(who)
        event = payload("app_home_opened")
        event["event"]["user"] = user
        event["event_id"] = f"EvHome{len(self.app.slack.calls)}"
        before = len(self.app.slack.calls_to("views.publish"))
        await self.app.event(event)
        await self.app.slack.await_calls("views.publish", count=before + 1)
        return str(self.app.slack.home_views[user]["blocks"])

    async def channel_sees(self) -> str:
        shared = [body for _hook, body in self.app.slack.webhook_posts
                  if body.get("response_type") == "in_channel"]
        return str(self.app.slack.messages(CHANNEL)) + str(shared)
    # --- Case conversations: view, note, edit, close, delete (test_case_conversations.py) ---
    async def view_case(self, *, who: Person = Person.REPORTER) -> CaseAnswer:
        body = payload("block_actions_in_home")  # View case, from the App Home
        body["user"]["id"] = self.user(who)
        body["trigger_id"] = trigger_id = self.app.slack.new_trigger_id()
        body["actions"][0].update(action_id="view_case", value=str(last_case_id(self.db)))
        assert (await self.app.interact_until_handled(body)).status_code == 200
        view = await self._opened(trigger_id)  # the case, or a notice saying no
        shown = view["title"]["text"].startswith("Case #")
        return CaseAnswer(_shown(view), view if shown else None)

    async def add_note(self, case: CaseAnswer, note: str, *,
                       who: Person = Person.REPORTER) -> CaseAnswer:
        values = {"note": {"note": {"type": "plain_text_input", "value": note}}}
        return await self._through_form(case, "case_add_note", values, who)

    async def edit_case(self, case: CaseAnswer, *, customer: str,
                        who: Person = Person.REPORTER) -> CaseAnswer:
        return await self._through_form(case, "case_edit", case_values(customer=customer), who)

    async def close_case(self, case: CaseAnswer, *, outcome: str, mood: str = "",
                         who: Person = Person.REPORTER) -> CaseAnswer:
        values = {"outcome": {"outcome": {"type": "radio_buttons",
                                          "selected_option": {"value": outcome}}},
                  "mood": {"mood": {"type": "static_select", "selected_option":
                                    {"value": mood} if mood else None}}}
        return await self._through_form(case, "case_close", values, who)

    async def delete_case(self, case: CaseAnswer, *,
                          who: Person = Person.REPORTER) -> CaseAnswer:
        # Slack asks "Delete this case?" itself (the button's confirm) before the click arrives.
        trigger_id = await self._click_in_case(case, "case_delete", who)
        answer = await self._answer_to(trigger_id, view_id=case.handle["id"])
        return CaseAnswer(_shown(answer))

    async def _through_form(self, case: CaseAnswer, action: str, values: dict[str, Any],
                            who: Person) -> CaseAnswer:
        """Press the case's button; submit the form it opens (a refusal opens none)."""
        trigger_id = await self._click_in_case(case, action, who)
        form = await self._answer_to(trigger_id)
        if not form.get("callback_id"):  # a notice saying no
            return CaseAnswer(_shown(form))
        filled = submission(form, values, user=self.user(who))
        response = await self.app.interact_until_handled(filled)
        answer = response.json() if response.content else {}
        if answer.get("response_action") == "errors":
            errors = answer["errors"]
            return CaseAnswer(" ".join(errors.values()), errors=frozenset(errors))
        return CaseAnswer(_shown(answer["view"]) if "view" in answer else "", case.handle)

    async def _click_in_case(self, case: CaseAnswer, action: str, who: Person) -> str:
        view = case.handle
        body = payload("block_actions_in_view")
        body["user"]["id"] = self.user(who)
        body["trigger_id"] = trigger_id = self.app.slack.new_trigger_id()
        body["view"].update(id=view["id"], hash=view["hash"],
                            private_metadata=view.get("private_metadata", ""),
                            callback_id=view.get("callback_id", ""))
        button = find_element(view, action)
        body["actions"] = [{"action_id": action, "block_id": "case_actions", "type": "button",
                            "value": button["value"], "action_ts": "1548426417.840180"}]
        assert (await self.app.interact_until_handled(body)).status_code == 200
        return trigger_id

    async def _answer_to(self, trigger_id: str, view_id: str = "",
                         timeout: float = 5.0) -> dict[str, Any]:
        """The modal pushed for a click, or the case's own modal redrawn."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for call in self.app.slack.calls:
                if call.response.get("ok") and (
                        call.args.get("trigger_id") == trigger_id
                        or (view_id and call.args.get("view_id") == view_id)):
                    view: dict[str, Any] = call.response["view"]
                    return self.app.slack.views.get(view["id"], view)
            await asyncio.sleep(0.02)
        raise AssertionError(f"nothing answered the click {trigger_id}")


    # --- Promise conversations (tests/contract/test_promise_conversations.py) ---

    async def promise_for_owner(self) -> Nudge:
        form = await self.open_form()
        owner = self.user(Person.OWNER)
        promise = commitment_values(0, owner=owner, due=DUE, at=None,
                                    promise="Call back with the refund confirmation")
        response = await self.app.interact_until_handled(submission(form.handle,
                                                      case_values(commitments=(promise,))))
        assert response.status_code == 200 and not response.content
        await self.app.slack.await_calls("chat.postMessage",
                                         predicate=lambda c: c.args.get("channel") != CHANNEL)
        return await self.last_message(Person.OWNER)

    async def last_message(self, to: Person) -> Nudge:
        user = self.user(to)
        deadline = time.monotonic() + 5
        while not self.app.slack.dm_messages(user) and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        channel = self.app.slack.world.dms[user]
        return Nudge({**self.app.slack.dm_messages(user)[-1], "channel": channel})

    def buttons(self, message: Nudge) -> list[str]:
        return [str(e["text"]["text"]) for b in message.handle["blocks"]
                if b["type"] == "actions" for e in b["elements"] if e["type"] == "button"]

    async def accept(self, message: Nudge, *, who: Person = Person.OWNER) -> str:
        request, before = Request.new(self.app.slack, self.user(who)), self._updates()
        body = self._press(message, "commitment_accept", who, request)
        assert (await self.app.interact_until_handled(body)).status_code == 200
        return await self._after(request, before)

    async def decline(self, message: Nudge, reason: str, *, who: Person = Person.OWNER) -> str:
        return await self._in_modal(message, "commitment_decline", who, {"reason": {
            "reason": {"type": "plain_text_input", "value": reason}}})

    async def reassign(self, message: Nudge, to: Person | None, *,
                       who: Person = Person.REPORTER) -> str:
        picked = {"new_owner": {"new_owner": {"type": "users_select",
                                              "selected_user": self.user(to)}}} if to else {}
        return await self._in_modal(message, "commitment_reassign", who, picked)

    async def drop(self, message: Nudge, note: str, *, who: Person = Person.REPORTER) -> str:
        return await self._in_modal(message, "commitment_drop", who, {"note": {
            "note": {"type": "plain_text_input", "value": note}}})

    async def _in_modal(self, message: Nudge, action: str, who: Person,
                        values: dict[str, Any]) -> str:
        """Press `action`; fill the modal it opens and submit it (or say why none opened)."""
        request, before = Request.new(self.app.slack, self.user(who)), self._updates()
        await self.app.interact_until_handled(self._press(message, action, who, request))
        opened = await self._opened_or_refused(request)
        if isinstance(opened, str):
            return opened
        filled = submission(opened, values, user=self.user(who))
        response = await self.app.interact_until_handled(filled)
        if response.content:
            return " ".join(response.json()["errors"].values())
        return await self._after(request, before)

    def _press(self, message: Nudge, action: str, who: Person,
               request: Request) -> dict[str, Any]:
        channel = message.handle.get("channel", "D" + REPORTER)  # a nudge is the reporter's
        body = click(message.handle, channel, self.user(who), action, request.trigger_id)
        body["response_url"] = request.response_url(self.app.slack)
        return body

    async def _opened_or_refused(self, request: Request) -> dict[str, Any] | str:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if opened := [c for c in self.app.slack.calls_to("views.open")
                          if c.args.get("trigger_id") == request.trigger_id]:
                view: dict[str, Any] = self.app.slack.views[opened[-1].response["view"]["id"]]
                return view
            if refused := await self._hooked(request, timeout=0.02):
                return refused
        raise AssertionError("the click opened nothing and said nothing")

    def _updates(self) -> int:
        return len(self.app.slack.calls_to("chat.update"))

    async def _after(self, request: Request, updates_before: int) -> str:
        """The message redrawn after the action, or what the person was told instead."""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if updates := self.app.slack.calls_to("chat.update")[updates_before:]:
                args = updates[-1].args
                return str(args.get("text", "")) + str(args.get("blocks", ""))
            if told := await self._hooked(request, timeout=0.02):
                return told
            if len(self.app.slack.dm_messages(request.user_id)) > request.dms_before:
                return str(self.app.slack.dm_messages(request.user_id)[-1]["text"])
        raise AssertionError("the action changed nothing and said nothing")


def _shown(view: dict[str, Any]) -> str:
    """A modal as the person reads it: its title and its blocks."""
    return f"{view['title']['text']} {view['blocks']}"
