"""The buttons on a nudge, through signed block_actions and view_submission payloads."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from sqlmodel import select

from storage.models import AuditEvent, Case, Commitment, Person
from tests.bot.conftest import AppDriver
from tests.bot.slack_flows import OWNER, click, log_a_case, modal_opened_by, submission, tick
from tests.slack_requests import REPORTER, payload

DUE_NUDGE = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)  # Friday 13:00 in Berlin


async def nudged(app: AppDriver, owner: str = OWNER) -> dict[str, Any]:
    await log_a_case(app, owner=owner)
    await tick(app, datetime(2026, 11, 24, 15, 0, tzinfo=UTC))
    report = await tick(app, DUE_NUDGE)
    assert report.sent == 1
    message = app.slack.dm_messages(owner)[-1]
    assert "Due today" in message["text"]
    return message


def commitment(app: AppDriver) -> Commitment:
    (row,) = app.db.run_sync(lambda s: list(s.exec(select(Commitment)).all()))
    assert isinstance(row, Commitment)
    return row


async def press(app: AppDriver, message: dict[str, Any], action: str, user: str = OWNER,
                **selected: Any) -> dict[str, Any] | None:
    """Click; if the click opened a modal, return it."""
    body = click(message, "D" + OWNER, user, action, app.slack.new_trigger_id(), **selected)
    return await modal_opened_by(app, body)


async def test_done_with_a_note_closes_the_case_and_redraws_the_nudge(app: AppDriver) -> None:
    message = await nudged(app)
    modal = await press(app, message, "commitment_done")
    assert modal is not None and modal["callback_id"] == "commitment_done"
    values = {"note": {"note": {"type": "plain_text_input", "value": "Refund sent, called"}},
              "reaction": {"reaction": {"type": "radio_buttons",
                                        "selected_option": {"value": "pleased"}}}}
    response = await app.interact(submission(modal, values, user=OWNER))
    assert response.status_code == 200
    await app.slack.await_calls("chat.update")
    redrawn = app.slack.dm_messages(OWNER)[-1]
    assert "Done" in redrawn["text"] and redrawn.get("edited")
    assert not any(b["type"] == "actions" for b in redrawn["blocks"])
    row = commitment(app)
    assert (row.status, row.outcome_note, row.customer_reaction) == (
        "done", "Refund sent, called", "pleased")
    (case,) = app.db.run_sync(lambda s: list(s.exec(select(Case)).all()))
    assert case.status == "closed"
    await app.slack.await_calls("chat.postMessage", predicate=lambda c: "case closed" in str(
        c.args.get("text", "")))
    assert await tick(app, datetime(2026, 11, 30, 8, 0, tzinfo=UTC)) is not None
    assert len(app.slack.dm_messages(OWNER)) == 2  # the assignment DM and the one nudge


async def test_snooze_for_an_hour(app: AppDriver) -> None:
    message = await nudged(app)
    option = {"selected_option": {"value": f"{commitment(app).id}:1h"}}
    assert await press(app, message, "commitment_snooze", **option) is None
    await app.slack.await_calls("chat.update")
    assert "Snoozed" in app.slack.dm_messages(OWNER)[-1]["text"]


async def test_renegotiating_needs_the_customer_informed(app: AppDriver) -> None:
    message = await nudged(app)
    modal = await press(app, message, "commitment_renegotiate")
    assert modal is not None
    new_date = {"new_date": {"new_date": {"type": "datepicker", "selected_date": "2026-12-04"}}}
    refused = await app.interact(submission(modal, new_date, user=OWNER))
    assert refused.json()["response_action"] == "errors"
    assert "customer_informed" in refused.json()["errors"]
    informed = {**new_date, "customer_informed": {"customer_informed": {
        "type": "checkboxes", "selected_options": [{"value": "yes"}]}}}
    accepted = await app.interact(submission(modal, informed, user=OWNER))
    assert accepted.text == ""
    await app.slack.await_calls("chat.update")
    row = commitment(app)
    assert (row.due_date.isoformat(), row.slips, row.due_version) == ("2026-12-04", 1, 2)
    kinds = app.db.run_sync(lambda s: [e.kind for e in s.exec(select(AuditEvent)).all()])
    assert "commitment_renegotiated" in kinds


async def test_reassigning_tells_the_new_owner(app: AppDriver) -> None:
    message = await nudged(app)
    modal = await press(app, message, "commitment_reassign")
    assert modal is not None
    values = {"new_owner": {"new_owner": {"type": "users_select",
                                          "selected_user": "U0OTHER01"}}}
    await app.interact(submission(modal, values, user=OWNER))
    await app.slack.await_calls("chat.postMessage",
                                predicate=lambda c: c.response.get("channel") == "DU0OTHER01")
    assert "handed you" in str(app.slack.dm_messages("U0OTHER01")[-1]["blocks"])
    assert commitment(app).owner_id != 0
    assert "Reassigned" in app.slack.dm_messages(OWNER)[-1]["text"]


async def test_a_stranger_is_refused(app: AppDriver) -> None:
    message = await nudged(app)
    response_url = app.slack.new_response_url()
    body = click(message, "D" + OWNER, "U0OTHER01", "commitment_done",
                 app.slack.new_trigger_id())
    body["response_url"] = response_url
    await app.interact(body)
    (post,) = await app.slack.await_webhook_posts()
    assert "Only the owner" in post[1]["text"]
    assert app.slack.calls_to("views.open")[-1].response["view"]["callback_id"] == "log_case"
    assert commitment(app).status == "open"


async def test_list_shows_my_open_commitments_with_buttons(app: AppDriver) -> None:
    await log_a_case(app, owner=REPORTER)
    response_url = app.slack.new_response_url()
    await app.command("list", response_url=response_url)
    (post,) = await app.slack.await_webhook_posts()
    assert post[1]["response_type"] == "ephemeral"
    assert "Acme Corp" in str(post[1]["blocks"])
    assert any(b["type"] == "actions" for b in post[1]["blocks"])


async def test_a_new_timezone_moves_the_nudges(app: AppDriver) -> None:
    await log_a_case(app)  # owner in Berlin, promise due Friday 15:00 Berlin
    await tick(app, datetime(2026, 11, 24, 15, 0, tzinfo=UTC))
    await app.event(payload("user_change"))  # the owner moved to Los Angeles
    for _ in range(300):
        if owner_zone(app) == "America/Los_Angeles":
            break
        await asyncio.sleep(0.01)
    thursday_nine_in_berlin = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    assert (await tick(app, thursday_nine_in_berlin)).sent == 0  # midnight in Los Angeles
    thursday_nine_in_la = datetime(2026, 11, 26, 17, 0, tzinfo=UTC)
    assert (await tick(app, thursday_nine_in_la)).sent == 1
    assert app.slack.dm_messages(OWNER)[-1]["text"].startswith("Coming up")


async def test_a_case_logged_right_after_a_move_reads_the_new_zone(app: AppDriver) -> None:
    await log_a_case(app)  # the owner is recorded (Berlin)
    await log_a_case(app)  # their zone is read, and remembered for a while
    await app.until_handled(app.event(payload("user_change")))  # the owner moved to L.A.
    await log_a_case(app)  # within seconds: the zone the event recorded, not the remembered one
    zones = app.db.run_sync(lambda s: list(s.exec(select(Commitment.due_zone)
                                                  .order_by(Commitment.id)).all()))
    assert zones == ["Europe/Berlin", "Europe/Berlin", "America/Los_Angeles"]


def owner_zone(app: AppDriver) -> str | None:
    person = app.db.run_sync(lambda s: s.exec(select(Person).where(Person.user_id == OWNER)).one())
    assert isinstance(person, Person)
    return person.tz
