"""Logging a difficult conversation end to end: signed Slack requests in, fake Slack out."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import select

from storage.models import AuditEvent, Case, Commitment, Person
from tests.bot.conftest import AppDriver
from tests.bot.form_values import case_values
from tests.bot.slack_flows import OWNER, open_form, promise_values, submission
from tests.slack_requests import REPORTER


def one_commitment(owner: str = OWNER, due: date = date(2026, 11, 27)) -> dict[str, Any]:
    return promise_values(owner=owner, due=due)


def stored(app: AppDriver, model: type[Any]) -> list[Any]:
    return app.db.run_sync(lambda session: list(session.exec(select(model)).all()))


async def test_slash_command_opens_the_form(app: AppDriver) -> None:
    view = await open_form(app)
    assert view["callback_id"] == "log_case"
    assert view["title"]["text"] == "Log a hard call"


async def test_submitting_stores_the_case_and_tells_everyone(app: AppDriver) -> None:
    view = await open_form(app)
    response = await app.interact(submission(view, case_values(commitments=(one_commitment(),))))
    assert response.status_code == 200
    assert response.text == ""
    (ephemeral,) = await app.slack.await_calls("chat.postEphemeral")
    assert ephemeral.args["user"] == REPORTER
    assert ephemeral.args["channel"] == "C2147483705"
    await app.slack.await_calls("chat.postMessage")
    dm_to_owner = app.slack.dm_messages(OWNER)
    assert len(dm_to_owner) == 1
    assert "Call back with the refund confirmation" in str(dm_to_owner[0]["blocks"])
    (case,) = stored(app, Case)
    assert case.customer == "Acme Corp"
    assert case.anger_level == 4
    (commitment,) = stored(app, Commitment)
    # 15:00 in Berlin, the owner's zone, is 14:00 UTC in November.
    assert commitment.due_at.isoformat() == "2026-11-27T14:00:00+00:00"
    assert commitment.due_zone == "Europe/Berlin"
    kinds = [event.kind for event in stored(app, AuditEvent)]
    assert kinds == ["case_logged", "commitment_made"]


async def test_a_repeated_submission_creates_one_case(app: AppDriver) -> None:
    view = await open_form(app)
    body = submission(view, case_values(commitments=(one_commitment(),)))
    first = await app.interact(body)
    await app.slack.await_calls("chat.postMessage")
    second = await app.interact(body)
    assert (first.status_code, second.status_code) == (200, 200)
    assert len(stored(app, Case)) == 1
    assert len(stored(app, Commitment)) == 1
    assert len(app.slack.dm_messages(OWNER)) == 1


async def test_errors_show_on_the_fields(app: AppDriver) -> None:
    view = await open_form(app)
    values = case_values(customer="  ", commitments=(one_commitment(due=date(2026, 11, 20)),))
    response = await app.interact(submission(view, values))
    assert response.status_code == 200
    answer = response.json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"customer", "commitment_0_due_date"}
    assert stored(app, Case) == []


async def test_owners_zone_decides_what_is_past(app: AppDriver) -> None:
    # At 15:00 UTC on the 24th it is already the 25th in Tokyo: the 24th is past for Kenji.
    view = await open_form(app)
    values = case_values(commitments=(one_commitment(owner="U0OTHER01", due=date(2026, 11, 24)),))
    answer = (await app.interact(submission(view, values))).json()
    assert answer["errors"] == {"commitment_0_due_date": answer["errors"]["commitment_0_due_date"]}
    people = {p.user_id: p.tz for p in stored(app, Person)}
    assert people["U0OTHER01"] == "Asia/Tokyo"


async def test_help_is_ephemeral(app: AppDriver) -> None:
    response = await app.command("help")
    assert response.status_code == 200
    body = response.json()
    assert body.get("response_type", "ephemeral") == "ephemeral"
    assert "/angrycall" in body["text"]
    assert app.slack.calls_to("views.open") == []
