"""The baseline for bench/ack.py and bench/ingest.py: a bolt AsyncApp that only acks `/angrycall`
and the log form's submission, served the same way as angrycall (Starlette + bolt's handler +
uvicorn).

With `--open-form` it also opens the log form on `/angrycall` (no text), as angrycall does:
the same view through `views.open`, over one keep-alive session, with slack_sdk's per-call debug
formatting off. That is bare bolt doing the form's own work, the like-for-like baseline for the
form (the fake Slack answering `views.open` shares the machine's cores with both).

With `--import MODULE` (repeatable) it also imports those modules and does nothing with them:
bench/memory.py's floor, bare bolt with the libraries angrycall's storage and settings are built
on (SQLAlchemy, SQLModel, pydantic-settings)."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import uvicorn
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


def build(*, open_form: bool = False) -> Starlette:
    client = AsyncWebClient(token=os.environ["SLACK_BOT_TOKEN"],
                            base_url=os.environ["SLACK_API_URL"])
    app = AsyncApp(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"])
    form = _log_form() if open_form else None

    @app.command("/angrycall")
    async def only_ack(ack: Any, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        if form is not None and not body.get("text"):
            await client.views_open(trigger_id=body["trigger_id"], view=form)

    @app.view("log_case")
    async def only_ack_the_form(ack: Any) -> None:
        await ack()

    handler = AsyncSlackRequestHandler(app)

    async def events(request: Request) -> Response:
        return await handler.handle(request)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        async with aiohttp.ClientSession() as session:
            app.client.session = session
            yield

    return Starlette(routes=[Route("/slack/events", events, methods=["POST"])],
                     lifespan=lifespan)


def _log_form() -> dict[str, Any]:
    """The very view angrycall opens (built by its own code, once, at start-up)."""
    import sys
    import uuid
    from datetime import date
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bot.slack.form_state import ModalMetadata
    from bot.slack.views import log_case_modal
    from commands.cases import Prefill

    for name in ("slack_sdk.web.async_base_client", "slack_sdk.web.base_client"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return log_case_modal(metadata=ModalMetadata(uuid.uuid4().hex, "C2147483705"),
                          categories=["Billing", "Shipping", "Other"], prefill=Prefill(),
                          reporter_user_id="U2147483697", commitment_count=1,
                          today=date.today())


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--open-form", action="store_true")
    parser.add_argument("--import", dest="modules", action="append", default=[])
    arguments = parser.parse_args()
    for module in arguments.modules:
        importlib.import_module(module)
    uvicorn.run(build(open_form=arguments.open_form), host="127.0.0.1", port=arguments.port,
                log_level="warning")
