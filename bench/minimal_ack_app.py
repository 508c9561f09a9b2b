"""The baseline for bench/ack.py and bench/ingest.py: a bolt AsyncApp that only acks `/angrycall`
and the log form's submission, served the same way as angrycall (Starlette + bolt's handler +
uvicorn)."""

from __future__ import annotations

import argparse
import os
from typing import Any

import uvicorn
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


def build() -> Starlette:
    client = AsyncWebClient(token=os.environ["SLACK_BOT_TOKEN"],
                            base_url=os.environ["SLACK_API_URL"])
    app = AsyncApp(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"])

    @app.command("/angrycall")
    async def only_ack(ack: Any) -> None:
        await ack()

    @app.view("log_case")
    async def only_ack_the_form(ack: Any) -> None:
        await ack()

    handler = AsyncSlackRequestHandler(app)

    async def events(request: Request) -> Response:
        return await handler.handle(request)

    return Starlette(routes=[Route("/slack/events", events, methods=["POST"])])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    uvicorn.run(build(), host="127.0.0.1", port=parser.parse_args().port, log_level="warning")
