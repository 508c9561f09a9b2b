"""The page: a small Slack client, server-rendered. Who you are, where you are, what you see."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from bot.sandbox.blocks_html import blocks_html
from bot.sandbox.conversation import conversation
from bot.sandbox.reader import Reader
from bot.sandbox.team import CHANNEL_ID, TEAMMATES, display_name

if TYPE_CHECKING:
    from bot.sandbox.app import Sandbox

HERE = Path(__file__).parent
TEMPLATES = Jinja2Templates(directory=HERE / "templates")
HOME, DM = "home", "dm"


@dataclass(frozen=True)
class Place:
    """Who is looking (`as`) and at what (`in`: the team channel, the DM with the bot, Home)."""

    user_id: str
    where: str

    @classmethod
    def of(cls, params: Any) -> Place:
        user = str(params.get("as") or "")
        where = str(params.get("in") or "")
        known = {p.user_id for p in TEAMMATES}
        return cls(user if user in known else TEAMMATES[1].user_id,
                   where if where in (HOME, DM, CHANNEL_ID) else CHANNEL_ID)

    def channel_id(self, sandbox: Sandbox) -> str:
        if self.where == DM:
            return sandbox.slack.world.dms.setdefault(self.user_id, "D" + self.user_id)
        return self.where

    def query(self) -> str:
        return f"as={self.user_id}&in={self.where}"


def reader_for(sandbox: Sandbox, user_id: str, view_id: str | None = None) -> Reader:
    world = sandbox.slack.world
    modals = sandbox.slack.modals
    return Reader(zone=ZoneInfo(world.users[user_id].get("tz") or "UTC"),
                  names=lambda uid: display_name(world, uid),
                  people=tuple((p.user_id, display_name(world, p.user_id)) for p in TEAMMATES),
                  typed=modals.typed.get(view_id or "", {}),
                  errors=modals.errors.get(view_id or "", {}))


def parts(sandbox: Sandbox, place: Place) -> dict[str, Any]:
    """What the page shows, each part as HTML (its fingerprints tell the page to refresh)."""
    world = sandbox.slack.world
    reader = reader_for(sandbox, place.user_id)
    home = world.home_views.get(place.user_id)
    modal = sandbox.slack.modals.top(place.user_id)
    return {
        "messages": [] if place.where == HOME else conversation(
            world, place.channel_id(sandbox), place.user_id, reader),
        "home": blocks_html(home["blocks"], reader) if place.where == HOME and home else None,
        "modal": modal,
        "modal_html": blocks_html(modal["blocks"], reader_for(sandbox, place.user_id,
                                                               modal["id"])) if modal else None,
        "modal_depth": sandbox.slack.modals.depth(place.user_id),
    }


def fingerprints(shown: dict[str, Any]) -> dict[str, str]:
    def digest(value: Any) -> str:
        return hashlib.sha1(repr(value).encode()).hexdigest()[:12]

    return {"page": digest([shown["messages"], shown["home"]]),
            "modal": digest([shown["modal_html"], shown["modal_depth"]])}


def render_page(sandbox: Sandbox, request: Request) -> Response:
    place = Place.of(request.query_params)
    shown = parts(sandbox, place)
    zone = reader_for(sandbox, place.user_id).zone
    return TEMPLATES.TemplateResponse(request, "page.html", {
        "zone": zone, "now": sandbox.clock.now().astimezone(zone),
        "place": place, "teammates": TEAMMATES, "channel_id": CHANNEL_ID,
        "channel": "" if place.where == HOME else place.channel_id(sandbox),
        "names": lambda uid: display_name(sandbox.slack.world, uid),
        "notice": request.query_params.get("notice", ""), "shown": shown,
        "fingerprints": fingerprints(shown), "Markup": Markup})


def page_routes(sandbox: Sandbox) -> list[BaseRoute]:
    from bot.sandbox.actions import action_routes

    async def page(request: Request) -> Response:
        return render_page(sandbox, request)

    async def fingerprint(request: Request) -> Response:
        return JSONResponse(fingerprints(parts(sandbox, Place.of(request.query_params))))

    async def file(request: Request) -> Response:
        stored = sandbox.slack.world.files.get(request.path_params["file_id"]) or {}
        if not stored.get("bytes"):
            return Response("not found", status_code=404)
        return Response(stored["bytes"], media_type="image/png")

    return [Route("/", page), Route("/sandbox/fingerprint", fingerprint),
            Route("/sandbox/files/{file_id}", file),
            Mount("/sandbox/static", app=StaticFiles(directory=HERE / "static"), name="static"),
            *action_routes(sandbox)]
