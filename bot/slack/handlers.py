"""The table of contents of the Slack adapter: every listener, each a few lines."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.services import Services
from bot.slack.app_events import register_app_events
from bot.slack.case_handlers import (
    on_add_note,
    on_close,
    on_close_submitted,
    on_delete,
    on_edit,
    on_edit_submitted,
    on_note_submitted,
    on_view_case,
)
from bot.slack.command_handlers import on_command, on_message_shortcut
from bot.slack.commitment_answers import (
    on_accept,
    on_decline_or_drop,
    on_decline_submitted,
    on_drop_submitted,
)
from bot.slack.commitment_handlers import (
    on_button,
    on_done_submitted,
    on_reassign_submitted,
    on_renegotiate_submitted,
    on_snooze,
)
from bot.slack.directory import on_user_change
from bot.slack.errors import on_error
from bot.slack.form_handlers import open_form, resize_form, submit_form
from bot.slack.home_handlers import on_home_opened, on_home_page, on_open_settings
from bot.slack.ids import ActionId, CallbackId
from bot.slack.replies import respond_for
from bot.slack.request_checks import RequestChecks
from bot.slack.requester import origin_in, requester_in, workspace_in
from bot.slack.settings_handlers import on_settings_submitted
from bot.slack.theme_routes import register_themes
from commands.cases import Prefill

SLASH_COMMAND = "/angrycall"


def register(app: AsyncApp, services: Services) -> None:
    # One middleware (bolt injects each one's arguments per request): the checks, then who
    # asks, resolved once and handed to every listener as `requester`.
    app.use(RequestChecks(services))
    # bolt tries the listeners in the order they were registered and works out each one's
    # matcher arguments anew (tens of microseconds each): the most frequent requests first.
    # An App Home opened was matched after 39 others.
    _register_commands(app, services)
    _register_form(app, services)
    _register_home(app, services)
    _register_commitment_actions(app, services)
    register_themes(app, services)
    register_app_events(app)
    _register_stray_actions(app)  # last: it matches any action
    app.error(on_error)


def _register_commitment_actions(app: AsyncApp, services: Services) -> None:
    clicks: dict[ActionId, Click] = {
        ActionId.DONE: on_button,
        ActionId.RENEGOTIATE: on_button,
        ActionId.REASSIGN: on_button,
        ActionId.SNOOZE: on_snooze,
        ActionId.VIEW_CASE: on_view_case,
        ActionId.CASE_ADD_NOTE: on_add_note,
        ActionId.CASE_CLOSE: on_close,
        ActionId.CASE_DELETE: on_delete,
        ActionId.CASE_EDIT: on_edit,
        ActionId.ACCEPT: on_accept,
        ActionId.DECLINE: on_decline_or_drop,
        ActionId.DROP: on_decline_or_drop,
    }
    for action, handle in clicks.items():
        app.action(action.value)(_click(services, handle))
    submissions: dict[CallbackId, Submission] = {
        CallbackId.DONE_MODAL: on_done_submitted,
        CallbackId.RENEGOTIATE_MODAL: on_renegotiate_submitted,
        CallbackId.REASSIGN_MODAL: on_reassign_submitted,
        CallbackId.SETTINGS_MODAL: on_settings_submitted,
        CallbackId.CASE_NOTE_MODAL: on_note_submitted,
        CallbackId.CASE_CLOSE_MODAL: on_close_submitted,
        CallbackId.CASE_EDIT_MODAL: on_edit_submitted,
        CallbackId.DECLINE_MODAL: on_decline_submitted,
        CallbackId.DROP_MODAL: on_drop_submitted,
    }
    for callback, submitted in submissions.items():
        app.view(callback.value)(_submission(services, submitted))


Click = Callable[..., Awaitable[None]]


def _click(services: Services, handle: Click) -> Click:
    """A button listener: acknowledge at once (Slack waits 3 s), then do the work. Its
    respond() answers on any surface (App Home and modals have no response_url)."""

    async def clicked(
        ack: AsyncAck, respond: AsyncRespond, body: dict[str, Any], client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        await ack()
        await handle(services, client, respond=respond_for(client, body, respond), body=body,
                     requester=requester_in(context))

    return clicked


Submission = Callable[..., Awaitable[None]]


def _submission(services: Services, handle: Submission) -> Submission:
    async def submitted(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                        context: AsyncBoltContext) -> None:
        await handle(services, client, ack=ack, body=body, requester=requester_in(context))

    return submitted


def _register_commands(app: AsyncApp, services: Services) -> None:
    @app.command(SLASH_COMMAND)
    async def angrycall(ack: AsyncAck, respond: AsyncRespond, body: dict[str, Any],
                        client: AsyncWebClient, context: AsyncBoltContext) -> None:
        await on_command(services, client, ack=ack, respond=respond, body=body,
                         requester=requester_in(context))

    @app.shortcut(CallbackId.LOG_FROM_MESSAGE.value)
    async def log_from_message(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                               context: AsyncBoltContext) -> None:
        await on_message_shortcut(services, client, ack=ack, body=body,
                                  requester=requester_in(context))


def _register_form(app: AsyncApp, services: Services) -> None:
    @app.view(CallbackId.LOG_CASE_MODAL.value)
    async def submitted(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                        context: AsyncBoltContext) -> None:
        await submit_form(services, client, ack=ack, body=body, requester=requester_in(context))

    for action, delta in ((ActionId.ADD_COMMITMENT, +1), (ActionId.REMOVE_COMMITMENT, -1)):
        app.action(action.value)(
            _resize(services, delta))


def _resize(services: Services, delta: int) -> Callable[..., Awaitable[None]]:
    async def resize(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                     context: AsyncBoltContext) -> None:
        await ack()
        await resize_form(services, client, body=body, delta=delta,
                          workspace=workspace_in(context))

    return resize


def _register_home(app: AsyncApp, services: Services) -> None:
    @app.event("app_home_opened")
    async def home_opened(event: dict[str, Any], client: AsyncWebClient,
                          context: AsyncBoltContext) -> None:
        await on_home_opened(services, client, event=event, requester=requester_in(context))

    app.action(ActionId.HOME_PAGE.value)(_click(services, on_home_page))
    app.action(ActionId.OPEN_SETTINGS.value)(_click(services, on_open_settings))

    @app.event("user_change")
    async def user_changed(event: dict[str, Any], context: AsyncBoltContext) -> None:
        await on_user_change(services, event=event, requester=requester_in(context))

    @app.action(ActionId.OPEN_LOG_FORM.value)
    async def open_from_home(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                             context: AsyncBoltContext) -> None:
        await ack()
        await open_form(services, client, origin=origin_in(context),
                        workspace=workspace_in(context), trigger_id=body["trigger_id"],
                        prefill=Prefill())


def _register_stray_actions(app: AsyncApp) -> None:
    # Inputs inside our views send block_actions only if asked to; acknowledge any stray one
    # so Slack never shows the person a warning for a click we have nothing to do with.
    @app.action(re.compile(".*"))
    async def any_other_action(ack: AsyncAck) -> None:
        await ack()

