"""The Teams agent, built once: the Agents SDK adapter and application, `/api/messages`, and
the proactive sends nudges and digests use (the same adapter, outside any request)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from microsoft_agents.activity import Activity, ConversationReference
from microsoft_agents.hosting.core import (
    AgentApplication,
    ApplicationOptions,
    ClaimsIdentity,
    ConnectorClientBase,
    HttpAdapterBase,
    JwtTokenValidator,
    MemoryStorage,
    TurnContext,
    TurnState,
)
from microsoft_agents.hosting.core.http import HttpResponse
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bot.config import Settings
from bot.teams.context import tenant_of
from bot.teams.inbound import (
    Received,
    Refusal,
    from_its_service,
    from_teams,
    read_activity,
)
from bot.teams.inbound_auth import authorize, token_validator
from bot.teams.outbound_tokens import auth_configuration, connections

logger = logging.getLogger(__name__)
Reference = dict[str, Any]


@dataclass
class TeamsRuntime:
    adapter: HttpAdapterBase
    agent: AgentApplication[TurnState]
    validator: JwtTokenValidator
    app_id: str
    default_tenant: str | None

    async def endpoint(self, request: Request) -> Response:
        """POST /api/messages: verify the caller, read the activity, let the agent take the turn."""
        claims = await authorize(request.headers.get("Authorization"), self.validator)
        if claims is None:
            return refused(Refusal(401, "unauthorized"))
        received = await read_activity(request)
        if isinstance(received, Refusal):
            return refused(received)
        if not from_its_service(claims, received.activity):
            return refused(Refusal(401, "the token was issued for another service URL"))
        if not from_teams(claims, received.activity):
            return refused(Refusal(403, "angrycall answers in Microsoft Teams only"))
        if not self._our_tenant(received.activity):
            return refused(Refusal(403, "this angrycall serves another tenant"))
        handled = await self.adapter.process_request(
            ReceivedRequest(request.headers, received, claims), self.agent)
        return as_response(handled)

    def _our_tenant(self, activity: Activity) -> bool:
        # A single-tenant app: someone of another tenant with our app package gets no turn, so
        # nothing of theirs is stored (and no reply would reach them with our tenant's token).
        tenant = tenant_of(activity)
        return self.default_tenant is None or tenant is None or (
            tenant.lower() == self.default_tenant.lower())

    async def send(self, reference: Reference, activity: Activity) -> str:
        """Post into a stored conversation (a personal chat, a channel); the new message's id."""
        sent: list[str] = []

        async def post(context: TurnContext) -> None:
            response = await context.send_activity(activity)
            sent.append(response.id if response and response.id else "")

        await self._continue(reference, post)
        return sent[0] if sent else ""

    async def member_ids(self, reference: Reference) -> frozenset[str]:
        """The Entra object ids of everyone in a stored conversation (a channel: its team)."""
        found: set[str] = set()

        async def read(context: TurnContext) -> None:
            # The SDK keys the turn's client by its abstract base class (mypy objects).
            client = context.services.get(ConnectorClientBase)  # type: ignore[type-abstract]
            assert client is not None  # the adapter sets it for every proactive turn
            conversation_id = str(reference.get("conversation", {}).get("id", ""))
            members = await client.conversations.get_conversation_members(conversation_id)
            found.update(m.aad_object_id or m.id for m in members if m.aad_object_id or m.id)

        await self._continue(reference, read)
        return frozenset(found)

    async def _continue(self, reference: Reference,
                        callback: Callable[[TurnContext], Awaitable[None]]) -> None:
        activity = ConversationReference.model_validate(reference).get_continuation_activity()
        if self.validator.configuration.ANONYMOUS_ALLOWED:
            # Local mode: the app id's claims would make the SDK look for a token it can't
            # have; anonymous claims send without one, as replies to unsigned requests do.
            await self.adapter.continue_conversation_with_claims(
                self.validator.get_anonymous_claims(), activity, callback)
            return
        await self.adapter.continue_conversation(self.app_id, activity, callback)


@dataclass(frozen=True)
class ReceivedRequest:
    """The request as the SDK's adapter reads it (its HttpRequestProtocol): the activity read
    and checked once, here, and the verified claims."""

    headers: Headers
    received: Received
    claims: ClaimsIdentity
    method: str = "POST"

    async def json(self) -> dict[str, Any]:
        return self.received.body

    def get_claims_identity(self) -> ClaimsIdentity:
        return self.claims

    def get_path_param(self, _name: str) -> str:
        return ""


def refused(refusal: Refusal) -> Response:
    logger.info("Teams request refused (%s): %s", refusal.status, refusal.reason)
    # A 4xx's reason helps whoever debugs an integration; a 401 says nothing of the checks.
    reason = "unauthorized" if refusal.status == 401 else refusal.reason
    return JSONResponse({"error": reason}, status_code=refusal.status)


def as_response(handled: HttpResponse) -> Response:
    """The SDK's answer (202 for a message, the invoke response for an invoke)."""
    if handled.body is not None:
        return JSONResponse(handled.body, status_code=handled.status_code,
                            headers=handled.headers)
    return Response(status_code=handled.status_code, headers=handled.headers)


def build_runtime(settings: Settings) -> TeamsRuntime:
    manager = connections(settings)
    # The core SDK's HTTP adapter takes any request with headers, json() and claims (our
    # ReceivedRequest): Starlette serves the route, no web framework adapter is needed.
    adapter = HttpAdapterBase(connection_manager=manager)
    # Errors reach our callers (an outbox row must know a send failed) and the agent's one
    # error handler, instead of the SDK's default that posts the exception into the chat.
    adapter.on_turn_error = None
    agent = AgentApplication[TurnState](
        # The database holds all state: turns need no stored conversation or user state.
        ApplicationOptions(storage=MemoryStorage(), turn_state_factory=TurnState,
                           start_typing_timer=False, remove_recipient_mention=True),
        connection_manager=manager,
    )
    return TeamsRuntime(
        adapter=adapter, agent=agent,
        validator=token_validator(auth_configuration(settings), settings.teams_jwks_url),
        app_id=settings.teams_app_id or "", default_tenant=settings.teams_tenant_id)
