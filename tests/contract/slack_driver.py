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
from tests.bot.slack_flows import click, open_form, submission, tick
from tests.contract.drivers import DUE, DUE_NUDGE, LOGGED, Form, Nudge, Person, Where
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
        response = await self.app.post(body, FORM)
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
        response = await self.app.interact(submission(form.handle, values))
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
        await self.app.interact(body)
        if who is not Person.REPORTER:
            return await self._hooked(request, timeout=5)
        modal = await self._opened(request.trigger_id)
        values = {"note": {"note": {"type": "plain_text_input", "value": note}}}
        assert (await self.app.interact(submission(modal, values))).text == ""
        return await self._redrawn()

    async def snooze_an_hour(self, nudge: Nudge) -> str:
        commitment_id = self.db.run_sync(lambda s: s.exec(select(Commitment.id)).one())
        option = {"selected_option": {"value": f"{commitment_id}:1h"}}
        await self.app.interact(self._click(nudge, "commitment_snooze", **option))
        return await self._redrawn()

    async def renegotiate(self, nudge: Nudge, new_date: date, *,
                          customer_informed: bool) -> set[str]:
        trigger_id = self.app.slack.new_trigger_id()
        await self.app.interact(self._click(nudge, "commitment_renegotiate",
                                            trigger_id=trigger_id))
        modal = await self._opened(trigger_id)
        values: dict[str, Any] = {"new_date": {"new_date": {
            "type": "datepicker", "selected_date": new_date.isoformat()}}}
        if customer_informed:
            values["customer_informed"] = {"customer_informed": {
                "type": "checkboxes", "selected_options": [{"value": "yes"}]}}
        response = await self.app.interact(submission(modal, values))
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
        response = await self.app.interact(submission(form.handle, values))
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
