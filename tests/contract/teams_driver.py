"""The contract driver for Teams: signed activities into `/api/messages`, the fake Bot
Connector recording what the agent sent."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from storage.engine import Database
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
from tests.teams.activities import (
    CHANNEL,
    OTHER,
    OWNER,
    REPORTER,
    in_channel,
    installed,
    message,
    personal_chat,
    submit,
)
from tests.teams.conftest import TeamsDriver
from tests.teams.fake_connector import Post
from tests.teams.test_accept_decline import press as answer_press
from tests.teams.test_form_flow import inputs, valid_form
from tests.teams.test_nudges import log_case, press

PEOPLE = {Person.REPORTER: REPORTER, Person.OWNER: OWNER, Person.STRANGER: OTHER}


@dataclass
class TeamsContractDriver:
    teams: TeamsDriver
    platform: str = "teams"

    @property
    def db(self) -> Database:
        return self.teams.db

    def user(self, person: Person) -> str:
        return PEOPLE[person]

    async def say(self, words: str, *, who: Person = Person.REPORTER,
                  where: Where = Where.CHANNEL) -> str:
        url = self.teams.connector.url
        activity = (in_channel(url, words, user=self.user(who)) if where is Where.CHANNEL
                    else message(url, f"angrycall {words}", user=self.user(who)))
        return _seen(await self._send(activity))

    async def _send(self, activity: dict[str, Any]) -> list[Post]:
        before = len(self.teams.connector.posts)
        response = await self.teams.send(activity)
        assert response.status_code in {200, 202}, response.text
        return self.teams.connector.posts[before:]

    async def open_form(self, who: Person = Person.REPORTER, words: str = "") -> Form:
        text = f"angrycall {words}".strip()
        await self._send(message(self.teams.connector.url, text, user=self.user(who)))
        return Form(self.teams.connector.cards_to(personal_chat(self.user(who)))[-1])

    def typed(self, form: Form, field: str) -> str | None:
        value = inputs(form.handle.card)[field].get("value")
        return str(value) if value is not None else None

    async def submit_form(self, form: Form, *, customer: str = "Acme Corp",
                          due: date = DUE) -> set[str]:
        key = form.handle.card["actions"][0]["data"]["submission_key"]
        value = {**valid_form(key), "customer": customer,
                 "commitment_0_due_date": due.isoformat(), "commitment_0_due_time": ""}
        posts = await self._send(submit(self.teams.connector.url, value,
                                        reply_to=form.handle.activity_id))
        (redrawn,) = [p for p in posts if p.method == "PUT"]
        return {e["id"].removesuffix("_error") for e in redrawn.card["body"]
                if e.get("color") == "attention" and e.get("id", "").endswith("_error")}

    async def nudge(self) -> Nudge:
        assert await self.submit_form(await self.open_form()) == set()
        await self.teams.tick(LOGGED)
        assert (await self.teams.tick(DUE_NUDGE)).sent == 1
        return Nudge(self.teams.connector.cards_to(personal_chat(REPORTER))[-1])

    async def done(self, nudge: Nudge, note: str, *, who: Person = Person.REPORTER) -> str:
        return _seen(await self._press(nudge, "Done", who=who, note=note))

    async def snooze_an_hour(self, nudge: Nudge) -> str:
        return _seen(await self._press(nudge, "Snooze", snooze_choice="1h"))

    async def renegotiate(self, nudge: Nudge, new_date: date, *,
                          customer_informed: bool) -> set[str]:
        posts = await self._press(nudge, "Renegotiate", new_date=new_date.isoformat(),
                                  customer_informed=str(customer_informed).lower())
        # The card is redrawn with the panel's inputs kept and what to fix said in it.
        refused = "Tell the customer first" in json.dumps(posts[-1].card, ensure_ascii=False)
        return {"customer_informed"} if refused else set()

    async def _press(self, nudge: Nudge, title: str, *, who: Person = Person.REPORTER,
                     **inputs: Any) -> list[Post]:
        value = press(nudge.handle, title, **inputs)
        return await self._send(submit(self.teams.connector.url, value,
                                       reply_to=nudge.handle.activity_id, user=self.user(who)))

    # --- Promise conversations (tests/contract/test_promise_conversations.py) ---

    async def promise_for_owner(self) -> Nudge:
        for person in (Person.OWNER, Person.STRANGER):  # first contact: angrycall may message
            await self._send(installed(self.teams.connector.url, user=self.user(person)))
        await log_case(self.teams, owner=self.user(Person.OWNER))
        return await self.last_message(Person.OWNER)

    async def last_message(self, to: Person) -> Nudge:
        return Nudge(self.teams.connector.cards_to(personal_chat(self.user(to)))[-1])

    def buttons(self, message: Nudge) -> list[str]:
        return [str(a["title"]) for a in message.handle.card["actions"]]

    async def accept(self, message: Nudge, *, who: Person = Person.OWNER) -> str:
        return _seen(await self._answer(message, "Accept", who))

    async def decline(self, message: Nudge, reason: str, *, who: Person = Person.OWNER) -> str:
        return _seen(await self._answer(message, "Decline", who, reason=reason))

    async def reassign(self, message: Nudge, to: Person | None, *,
                       who: Person = Person.REPORTER) -> str:
        new_owner = self.user(to) if to else ""
        return _seen(await self._answer(message, "Reassign", who, new_owner=new_owner))

    async def drop(self, message: Nudge, note: str, *, who: Person = Person.REPORTER) -> str:
        return _seen(await self._answer(message, "Drop it", who, drop_note=note))

    async def _answer(self, message: Nudge, title: str, who: Person, **inputs: Any) -> list[Post]:
        """Press `title` (unfolding its panel, filled with `inputs`) as `who`."""
        value = answer_press(message.handle, title, **inputs)
        return await self._send(submit(self.teams.connector.url, value,
                                       reply_to=message.handle.activity_id, user=self.user(who)))


    # -- Team settings, list and home (tests/contract/test_settings_and_overview.py) ----------
    answers_privately_in_channels = False  # whatever the bot says in a channel, all see

    async def open_settings(self, who: Person = Person.REPORTER) -> Form:
        user = self.user(who)
        await self._send(message(self.teams.connector.url, "angrycall settings", user=user))
        return Form(self.teams.connector.cards_to(personal_chat(user))[-1])

    def shown_setting(self, form: Form, field: str) -> str | None:
        value = inputs(form.handle.card)[field].get("value")
        return str(value) if value is not None else None

    async def save_settings(self, form: Form, *, work_days: tuple[int, ...],
                            escalate_after: int, categories: tuple[str, ...]) -> set[str]:
        card = form.handle.card
        value = {**card["actions"][0]["data"],
                 **{key: str(e.get("value", "")) for key, e in inputs(card).items()},
                 "work_days": ",".join(str(day) for day in work_days),
                 "escalate_after": str(escalate_after), "categories": "\n".join(categories)}
        posts = await self._send(submit(self.teams.connector.url, value,
                                        reply_to=form.handle.activity_id))
        (redrawn,) = [p for p in posts if p.method == "PUT"]
        return {e["id"].removesuffix("_error") for e in redrawn.card["body"]
                if e.get("color") == "attention" and e.get("id", "").endswith("_error")}

    async def home(self, who: Person = Person.REPORTER) -> str:
        return await self.say("home", who=who, where=Where.PRIVATE)

    async def channel_sees(self) -> str:
        return _seen([p for p in self.teams.connector.posts
                      if p.conversation_id.startswith(CHANNEL)])
    # --- Case conversations: view, note, edit, close, delete (test_case_conversations.py) ---
    async def view_case(self, *, who: Person = Person.REPORTER) -> CaseAnswer:
        case_id = last_case_id(self.db)
        posts = await self._send(submit(self.teams.connector.url,
                                        {"verb": "case_view", "case_id": case_id},
                                        reply_to="list-card", user=self.user(who)))
        cards = [p for p in posts if _has_card(p)]
        return CaseAnswer(_seen(posts), cards[-1] if cards else None)

    async def add_note(self, case: CaseAnswer, note: str, *,
                       who: Person = Person.REPORTER) -> CaseAnswer:
        return await self._press_on_case(case, "Add a note", who, note=note)

    async def edit_case(self, case: CaseAnswer, *, customer: str,
                        who: Person = Person.REPORTER) -> CaseAnswer:
        opened = await self._press_on_case(case, "Edit", who)
        if opened.handle is None or opened.handle.card["body"][0]["text"].startswith("Case #"):
            return opened  # refused: no form
        form = opened.handle
        typed = {e["id"]: e["value"] for e in form.card["body"]
                 if e["type"].startswith("Input.") and "value" in e}
        saved = await self._press_on_case(CaseAnswer("", form), "Save", who,
                                          **{**typed, "customer": customer})
        errors = frozenset(_errors(saved.handle.card)) if saved.handle else frozenset()
        return CaseAnswer(saved.seen, saved.handle, errors)

    async def close_case(self, case: CaseAnswer, *, outcome: str, mood: str = "",
                         who: Person = Person.REPORTER) -> CaseAnswer:
        return await self._press_on_case(case, "Close the case", who, outcome=outcome,
                                         mood=mood)

    async def delete_case(self, case: CaseAnswer, *,
                          who: Person = Person.REPORTER) -> CaseAnswer:
        # "Delete" opens the card's confirmation; "Delete for good" is pressed in it.
        return await self._press_on_case(case, "Delete", who)

    async def _press_on_case(self, case: CaseAnswer, title: str, who: Person,
                             **inputs: Any) -> CaseAnswer:
        post: Post = case.handle
        (pressed,) = [a for a in post.card["actions"] if a["title"] == title]
        if pressed["type"] == "Action.ShowCard":  # a panel: its inputs, then its own button
            (pressed,) = pressed["card"]["actions"]
        posts = await self._send(submit(self.teams.connector.url, {**pressed["data"], **inputs},
                                        reply_to=post.activity_id, user=self.user(who)))
        cards = [p for p in posts if _has_card(p)]
        return CaseAnswer(_seen(posts), cards[-1] if cards else None)


def _seen(posts: list[Post]) -> str:
    """Every text and card the person was sent, as one text."""
    return " ".join(str(p.activity.get("text") or "") + (
        json.dumps(p.card, ensure_ascii=False) if _has_card(p) else "") for p in posts)


def _has_card(post: Post) -> bool:
    return any(a.get("contentType") == "application/vnd.microsoft.card.adaptive"
               for a in post.activity.get("attachments") or [])


def _errors(card: dict[str, Any]) -> set[str]:
    """The fields a redrawn form says to fix."""
    return {e["id"].removesuffix("_error") for e in card["body"]
            if e.get("color") == "attention" and e.get("id", "").endswith("_error")}
