"""The log form: opening it (slash command, shortcut, App Home), growing it, submitting it."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.services import Services
from bot.slack import messages
from bot.slack.context import Origin
from bot.slack.directory import look_up
from bot.slack.form_state import InvalidMetadata, ModalMetadata, draft_from_view_state
from bot.slack.home_handlers import refresh_homes
from bot.slack.messenger import try_direct_message, try_reply_privately
from bot.slack.owners import is_user_id, owner_errors
from bot.slack.requester import Requester
from bot.slack.theme_offers import alike_to_earlier
from bot.slack.theme_views import theme_offer
from bot.slack.views import log_case_modal
from commands.case_logging import CaseLogged, CaseSubmission, FormErrors, submit_case
from commands.cases import MAX_COMMITMENTS, CaseField, Prefill
from commands.people import WorkspaceInfo
from commands.playbook import DEFAULT_PLAYBOOK, Playbook
from commands.refusals import SAVE_FAILED

logger = logging.getLogger(__name__)
SAVE_SLOW = "Saving is taking longer than usual. Nothing is lost: press Log it again in a moment."
# bolt answers Slack 3 s after the request came in; past this, the form asks to press again.
ACK_BUDGET_SECONDS = 2.4


@dataclass(frozen=True)
class OpenedForm:
    """A log modal on someone's screen, and what it was built from."""

    view_id: str
    view_hash: str | None
    metadata: ModalMetadata
    reporter_user_id: str
    categories: list[str]
    playbook: Playbook = DEFAULT_PLAYBOOK


async def open_form(
    services: Services,
    client: AsyncWebClient,
    *,
    origin: Origin,
    workspace: WorkspaceInfo,
    trigger_id: str,
    prefill: Prefill,
) -> OpenedForm:
    """Open the log modal straight away: trigger ids expire 3 s after the click."""
    metadata = ModalMetadata(
        submission_key=uuid.uuid4().hex,
        channel_id=origin.channel_id,
        source_permalink=prefill.source_permalink,
    )
    view = _modal(services, metadata, workspace.categories, prefill, origin.user_id,
                  workspace.playbook)
    response = await client.views_open(trigger_id=trigger_id, view=view)
    return OpenedForm(
        view_id=response["view"]["id"],
        view_hash=response["view"].get("hash"),
        metadata=metadata,
        reporter_user_id=origin.user_id,
        categories=workspace.categories,
        playbook=workspace.playbook,
    )


async def refill_form(
    services: Services, client: AsyncWebClient, *, opened: OpenedForm, prefill: Prefill
) -> None:
    """Replace the prefill of an open form; anything already typed stays (same block ids)."""
    metadata = replace(opened.metadata, source_permalink=prefill.source_permalink)
    view = _modal(services, metadata, opened.categories, prefill, opened.reporter_user_id,
                  opened.playbook)
    await client.views_update(view_id=opened.view_id, hash=opened.view_hash, view=view)


async def resize_form(services: Services, client: AsyncWebClient, *, body: dict[str, Any],
                      delta: int, workspace: WorkspaceInfo) -> None:
    """Add or remove a commitment section, keeping what was typed (same block ids)."""
    view = body["view"]
    metadata = ModalMetadata.decode(view["private_metadata"])
    count = min(max(metadata.commitment_count + delta, 1), MAX_COMMITMENTS)
    resized = replace(metadata, commitment_count=count)
    prefill = Prefill(source_permalink=metadata.source_permalink)
    new_view = _modal(services, resized, workspace.categories, prefill, body["user"]["id"],
                      workspace.playbook)
    await client.views_update(view_id=view["id"], hash=view.get("hash"), view=new_view)


def _modal(
    services: Services,
    metadata: ModalMetadata,
    categories: Sequence[str],
    prefill: Prefill,
    reporter_user_id: str,
    playbook: Playbook,
) -> dict[str, Any]:
    return log_case_modal(
        metadata=metadata,
        categories=categories,
        prefill=prefill,
        reporter_user_id=reporter_user_id,
        commitment_count=metadata.commitment_count,
        today=services.now().date(),
        playbook=playbook,
    )


async def submit_form(
    services: Services, client: AsyncWebClient, *, ack: AsyncAck, body: dict[str, Any],
    requester: Requester
) -> None:
    """Validate, store, then acknowledge; tell the reporter and the owners once."""
    try:
        metadata = ModalMetadata.decode(body["view"].get("private_metadata", ""))
    except InvalidMetadata:
        await ack(response_action="errors", errors={CaseField.CUSTOMER: SAVE_FAILED})
        return
    store = asyncio.ensure_future(_stored_or_errors(services, client, body, metadata,
                                                    requester))
    in_time, _ = await asyncio.wait({store}, timeout=ACK_BUDGET_SECONDS)
    if not in_time:
        # The database is slow (SQLite locked by another writer): say so in the form before
        # Slack gives up on it. The case is stored and announced once the database answers;
        # pressing Log it again finds it by its submission key.
        await ack(response_action="errors", errors={CaseField.CUSTOMER.value: SAVE_SLOW})
    outcome = await store
    if in_time and isinstance(outcome, FormErrors):
        await ack(response_action="errors", errors=outcome.errors)
    elif in_time:
        await ack()
    if isinstance(outcome, CaseLogged) and outcome.logged.created:
        await _tell_everyone(services, client, logged=outcome, requester=requester,
                             channel_id=metadata.channel_id)


async def _tell_everyone(services: Services, client: AsyncWebClient, *, logged: CaseLogged,
                         requester: Requester, channel_id: str | None) -> None:
    """After the answer, from what the store returned: the theme suggestions (one read), the
    confirmation that carries them and the owners' DMs, then the homes (grouped)."""
    summary = logged.logged.summary
    offer = theme_offer(summary.case_id, await alike_to_earlier(services, logged.logged))
    await announce(client, logged=logged, channel_id=channel_id, offer=offer)
    people = [summary.reporter_user_id, *(c.owner_user_id for c in summary.commitments)]
    await refresh_homes(services, client, team=requester.origin.team, user_ids=people)


async def _stored_or_errors(
    services: Services, client: AsyncWebClient, body: dict[str, Any], metadata: ModalMetadata,
    requester: Requester,
) -> FormErrors | CaseLogged:
    try:
        return await _validate_and_store(services, client, body, metadata, requester)
    except SQLAlchemyError:
        # The modal stays open with everything typed: nothing is lost, the user tries again.
        logger.exception("storing a case failed")
        return FormErrors({CaseField.CUSTOMER.value: SAVE_FAILED})


async def _validate_and_store(
    services: Services, client: AsyncWebClient, body: dict[str, Any], metadata: ModalMetadata,
    requester: Requester,
) -> FormErrors | CaseLogged:
    """The stored case, or the errors to show on the form's fields."""
    origin, workspace = requester.origin, requester.workspace
    draft = draft_from_view_state(
        body["view"].get("state", {}).get("values", {}),
        commitment_count=metadata.commitment_count,
        source_permalink=metadata.source_permalink,
    )
    now = services.now()
    owners = [c.owner_user_id for c in draft.commitments if is_user_id(c.owner_user_id)]
    people = await look_up(services, client, workspace_id=workspace.workspace_id,
                           user_ids=[origin.user_id, *owners], team_id=origin.team.external_id)
    strangers = people.strangers - {origin.user_id}
    return await submit_case(services.db, CaseSubmission(
        workspace=workspace, reporter=origin.user_id, submission_key=metadata.submission_key,
        draft=draft, zones=people.zones, now=now,
        platform_errors=owner_errors(draft, strangers), person_ids=people.person_ids))


async def announce(client: AsyncWebClient, *, logged: CaseLogged, channel_id: str | None,
                   offer: Sequence[messages.Block] = ()) -> None:
    """Confirm to the reporter (with the theme `offer`, if any); tell every other owner what
    they owe."""
    summary = logged.logged.summary
    # Best effort: the case is stored and the modal closed; a Slack hiccup on the confirmation
    # must not keep the owners from hearing what they promised.
    await try_reply_privately(
        client,
        channel_id=channel_id,
        user_id=summary.reporter_user_id,
        message=messages.case_logged_confirmation(summary, logged.care_line, offer),
    )
    for commitment in logged.owners_to_tell:
        await try_direct_message(
            client,
            user_id=commitment.owner_user_id,
            message=messages.commitment_assigned_dm(summary, commitment),
        )
