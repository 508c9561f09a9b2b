"""A person of another workspace acting on this workspace's case and promise by their ids.

Ids are small sequential numbers, so guessing one is trivial. tests/bot/test_oauth.py shows
that View case answers "not found"; here every other button and modal is tried too (done,
snooze, renegotiate, reassign, note, close, edit, delete): all refused, nothing changed, and
nothing of the case (customer, promise) reaches the other workspace.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlmodel import select

from storage.models import AuditEvent, Case, CaseNote, Commitment
from tests.bot.conftest import AppDriver
from tests.bot.oauth_driver import in_team, install, oauth_app
from tests.bot.test_oauth import OTHER_REPORTER, OTHER_TEAM, log_case_in
from tests.fakeslack import FakeSlack
from tests.reliability.witness import unhandled_errors
from tests.slack_requests import REPORTER, payload

# Words only this case holds (the welcome DM and the help mention "Acme" as an example).
SECRET_WORDS = ("Zyxcorp", "refund")


def click(app: AppDriver, action_id: str, value: str, **extra: Any) -> dict[str, Any]:
    body = in_team(payload("block_actions_in_message"), OTHER_TEAM, OTHER_REPORTER)
    body["actions"] = [{"action_id": action_id, "block_id": "b", "type": "button",
                        "value": value, "action_ts": "1548426417.840180", **extra}]
    body.update(trigger_id=app.slack.new_trigger_id(), response_url=app.slack.new_response_url())
    body["container"].update(channel_id="D" + OTHER_REPORTER)
    return body


def modal(callback_id: str, metadata: str, values: dict[str, Any]) -> dict[str, Any]:
    body = in_team(payload("view_submission"), OTHER_TEAM, OTHER_REPORTER)
    body["view"].update(callback_id=callback_id, private_metadata=metadata,
                        state={"values": values})
    return body


def attempts(app: AppDriver, case_id: int, commitment_id: int) -> list[dict[str, Any]]:
    case, promise = str(case_id), str(commitment_id)
    origin = json.dumps({"commitment_id": commitment_id})
    note = {"note": {"note": {"type": "plain_text_input", "value": "mine now"}}}
    outcome = {"outcome": {"outcome": {"type": "static_select",
                                       "selected_option": {"value": "resolved"}}}}
    return [
        *(click(app, action, promise) for action in
          ("commitment_done", "commitment_renegotiate", "commitment_reassign", "view_case")),
        click(app, "commitment_snooze", "", type="static_select",
              selected_option={"value": f"{promise}:tomorrow"}),
        *(click(app, action, case) for action in ("case_delete", "case_edit")),
        modal("case_note", case, note),
        modal("case_close", case, outcome),
        modal("case_edit", case, {"customer": {"customer": {"type": "plain_text_input",
                                                            "value": "Stolen"}}}),
        modal("commitment_done", origin, note),
        modal("commitment_reassign", origin, {"new_owner": {"new_owner": {
            "type": "users_select", "selected_user": OTHER_REPORTER}}}),
    ]


def what_the_other_workspace_got(slack: FakeSlack, other_token: str) -> str:
    sent = [str(call.args) for call in slack.calls if call.token == other_token]
    return " ".join(sent + [str(body) for _hook, body in slack.webhook_posts])


async def test_another_workspace_can_neither_change_nor_see_a_case(
    slack: FakeSlack, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    slack.add_user(OTHER_REPORTER, tz="Europe/Paris", team_id=OTHER_TEAM)
    async with oauth_app(slack, database_url) as app:
        await install(app, "T0001", installer=REPORTER)
        other_token = await install(app, OTHER_TEAM, installer=OTHER_REPORTER)
        await log_case_in(app, team="T0001", reporter=REPORTER, channel="C2147483705",
                          owner="U0OWNER01", customer="Zyxcorp Ltd")
        (case,) = rows(app, Case)
        (promise,) = rows(app, Commitment)
        audit_before = len(rows(app, AuditEvent))
        answers = [await app.interact(body) for body in attempts(app, case.id, promise.id)]

        assert all(answer.status_code == 200 for answer in answers)
        assert all(word not in answer.text for answer in answers for word in SECRET_WORDS)
        (after,) = rows(app, Case)
        (promise_after,) = rows(app, Commitment)
        assert (after.customer, after.status) == ("Zyxcorp Ltd", "open")
        assert (promise_after.status, promise_after.owner_id, promise_after.due_at) == (
            "open", promise.owner_id, promise.due_at)
        assert rows(app, CaseNote) == []
        assert len(rows(app, AuditEvent)) == audit_before
        leaked = what_the_other_workspace_got(app.slack, other_token)
        assert all(word not in leaked for word in SECRET_WORDS), leaked[:500]
        told = [body["text"] for _hook, body in app.slack.webhook_posts]
        print("\n[other workspace] refusals it saw:", sorted(set(told)))
        assert unhandled_errors(caplog) == []


def rows(app: AppDriver, model: type[Any]) -> list[Any]:
    return app.db.run_sync(lambda s: list(s.exec(select(model)).all()))
