"""Slack's part of the ASGI app: its HTTP routes and what runs while the server does."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from slack_bolt.adapter.starlette.async_handler import (
    AsyncSlackRequestHandler,
    to_starlette_response,
)
from slack_bolt.async_app import AsyncApp
from slack_sdk.signature import SignatureVerifier
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.config import Settings
from bot.slack.bodies import bolt_request as decoded_request
from bot.slack.envelope import envelope_problem, mend_lone_surrogates
from bot.slack.http_session import slack_http_session
from bot.slack.request_gate import Refused, bounded_body, check_signature, replayed
from bot.slack.socket_mode import socket_mode_connection

logger = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"
# bolt's OAuth flow (bot.slack.oauth): the "Add to Slack" page and Slack's redirect.
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"


def slack_routes(bolt: AsyncApp, settings: Settings) -> list[Route]:
    slack_handler = AsyncSlackRequestHandler(bolt)
    secret = settings.slack_signing_secret
    verifier = SignatureVerifier(secret.get_secret_value()) if secret else None

    async def slack_events(request: Request) -> Response:
        try:
            body = await bounded_body(request)
            if request.method == "POST":
                check_signature(verifier, body, request.headers)
        except Refused as refused:
            # Never the body in the log: it is anyone's text, or someone's old request.
            logger.info("refused a request to %s: %s", request.url.path, refused.reason)
            return JSONResponse({"error": refused.reason}, status_code=refused.status)
        return await _handled(slack_handler, request, body)

    routes = [Route(EVENTS_PATH, slack_events, methods=["POST"])]
    if settings.oauth:
        # bolt's OAuth flow: the "Add to Slack" page, then Slack's redirect with the code.
        routes += [Route(INSTALL_PATH, slack_events, methods=["GET"]),
                   Route(REDIRECT_PATH, slack_events, methods=["GET"])]
    return routes


async def _handled(slack_handler: AsyncSlackRequestHandler, request: Request,
                   body: bytes) -> Response:
    try:
        if request.method != "POST":  # the OAuth pages: bolt's adapter reads the body again
            return await slack_handler.handle(replayed(request, body))
        bolt_request = decoded_request(request, body)
        mend_lone_surrogates(bolt_request.raw_body, bolt_request.body)
        if wrong := envelope_problem(bolt_request.body):
            logger.warning("refused a request to %s: %s", request.url.path, wrong)
            return JSONResponse({"error": "unreadable request"}, status_code=400)
        return to_starlette_response(await slack_handler.app.async_dispatch(bolt_request))
    except (ValueError, TypeError, AttributeError, LookupError, RecursionError):
        # bolt parses and routes the body before any middleware: a signed body it can't read
        # (truncated JSON, nested a thousand deep, fields of the wrong type) is refused, not
        # a 500. Nothing has run for it. Logged with its traceback: the same exception from a
        # bug of ours must be seen.
        logger.warning("refused an unreadable request to %s", request.url.path, exc_info=True)
        return JSONResponse({"error": "unreadable request"}, status_code=400)


@asynccontextmanager
async def slack_running(bolt: AsyncApp, settings: Settings) -> AsyncIterator[None]:
    """While the server runs: shared connections for Slack calls, and Socket Mode if asked."""
    async with shared_connections(bolt), socket_mode_connection(bolt, settings):
        yield


@asynccontextmanager
async def shared_connections(bolt: AsyncApp) -> AsyncIterator[None]:
    """One HTTP session (a pool of keep-alive connections) for every request's Slack calls:
    bolt copies its client's session into the client it makes for each request. Without one,
    slack_sdk opens a session and a connection for every call and closes them after."""
    async with slack_http_session() as session:
        bolt.client.session = session
        try:
            yield
        finally:
            bolt.client.session = None
