"""What the page's forms post: each becomes Slack's request to the bot (or moves the clock),
then the browser is sent back to the page it came from, with a notice if something failed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, quote, urlsplit
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from bot.config import is_loopback
from bot.sandbox.clock import ClockError, next_monday_morning, next_working_morning
from bot.sandbox.page import HOME, Place
from bot.sandbox.seed import seed_demo_week
from bot.sandbox.slack_side import BotRefused
from bot.sandbox.team import TEAM_ID, TEAMMATES, ZONE
from bot.sandbox.view_state import Form
from bot.sandbox.workspace import SlackError
from storage.workspaces import find_workspace

if TYPE_CHECKING:
    from bot.sandbox.app import Sandbox

Act = Callable[["Sandbox", Place, Form], Awaitable[str | None]]


async def say(sandbox: Sandbox, place: Place, form: Form) -> None:
    """The message box: `/angrycall …` is the slash command; anything else a message."""
    text = _one(form, "text").strip()
    channel = place.channel_id(sandbox)
    if text.startswith("/angrycall"):
        await sandbox.slack.command(place.user_id, channel, text.removeprefix("/angrycall").strip())
    elif text:
        world = sandbox.slack.world
        world.history.setdefault(channel, []).append(
            {"type": "message", "user": place.user_id, "ts": world.next_ts(), "text": text,
             "blocks": None, "thread_ts": None})


async def press(sandbox: Sandbox, place: Place, form: Form) -> None:
    await sandbox.slack.press(place.user_id, _one(form, "channel"), _one(form, "ts"),
                              _one(form, "act"))


async def press_home(sandbox: Sandbox, place: Place, form: Form) -> None:
    home = sandbox.slack.world.home_views.get(place.user_id)
    if home is not None:
        await sandbox.slack.press_in_view(place.user_id, home["id"], _one(form, "act"), {})


async def modal(sandbox: Sandbox, place: Place, form: Form) -> None:
    """The open modal: a button inside it, its submit button, or closing it."""
    view_id, act = _one(form, "view_id"), _one(form, "act")
    if act == "close":
        sandbox.slack.modals.close(place.user_id)
    elif act == "submit":
        await sandbox.slack.submit(place.user_id, view_id, form)
    else:
        await sandbox.slack.press_in_view(place.user_id, view_id, act, form)


async def shortcut(sandbox: Sandbox, place: Place, form: Form) -> None:
    await sandbox.slack.shortcut(place.user_id, _one(form, "channel"), _one(form, "ts"))


async def open_home(sandbox: Sandbox, place: Place, _form: Form) -> None:
    await sandbox.slack.open_home(place.user_id)


async def move_clock(sandbox: Sandbox, _place: Place, form: Form) -> str:
    """Skip ahead, then tick at the new instant, as `angrycall tick --at` would."""
    now, zone = sandbox.clock.now(), ZoneInfo(ZONE)
    if _one(form, "to") == "at" and not _one(form, "at"):
        raise ClockError("pick the day and time to go to first")
    started = await _workspace_started(sandbox, zone)
    target = {"morning": lambda: next_working_morning(now, zone),
              "monday": lambda: next_monday_morning(now, zone, counting_from=started),
              "at": lambda: datetime.fromisoformat(_one(form, "at")).replace(tzinfo=zone)}
    sandbox.clock.move_to(target[_one(form, "to")]())
    report = await sandbox.tick()
    await sandbox.slack.settled()
    return (f"Now {sandbox.clock.now().astimezone(zone):%a %d %b %H:%M}: {report.sent} nudges "
            f"and {report.digests_posted} digests sent")


async def _workspace_started(sandbox: Sandbox, zone: ZoneInfo) -> date | None:
    """The local day the bot first saw the sandbox's workspace (None before it has)."""
    workspace = await find_workspace(sandbox.services.db, platform="slack", external_id=TEAM_ID)
    return None if workspace is None else workspace.created_at.astimezone(zone).date()


async def seed(sandbox: Sandbox, _place: Place, _form: Form) -> str:
    count = await seed_demo_week(sandbox.slack, now=sandbox.clock.now(),
                                 lead=TEAMMATES[0].user_id)
    return f"Seeded {count} cases; #{_channel_name(sandbox)} gets the weekly digest"


def _channel_name(sandbox: Sandbox) -> str:
    return str(next(iter(sandbox.slack.world.channels.values()))["name"])


def from_the_page(request: Request) -> bool:
    """Another site open in the same browser can post forms here too: browsers name the page
    a form came from (Origin), and only the sandbox's own is let through."""
    origin = request.headers.get("origin")
    if origin is None:
        return True  # not a browser's cross-site post (curl, tests)
    sent_from = urlsplit(origin)
    return is_loopback(sent_from.hostname or "") and sent_from.port == request.url.port


def _one(form: Form, name: str) -> str:
    return (form.get(name) or [""])[0]


def action_routes(sandbox: Sandbox) -> list[Route]:
    acts: dict[str, Act] = {"say": say, "press": press, "press-home": press_home,
                            "modal": modal, "shortcut": shortcut, "open-home": open_home,
                            "clock": move_clock, "seed": seed}

    def route(act: Act) -> Callable[[Request], Awaitable[Response]]:
        async def handle(request: Request) -> Response:
            if not from_the_page(request):
                return PlainTextResponse("only the sandbox's own page acts in it",
                                         status_code=403)
            form: Form = {}
            for name, value in parse_qsl((await request.body()).decode(), keep_blank_values=True):
                form.setdefault(name, []).append(value)
            place = Place.of({"as": _one(form, "as"), "in": _one(form, "in")})
            try:
                notice = await act(sandbox, place, form) or ""
            except (BotRefused, ClockError, SlackError, ValueError) as error:
                notice = str(error)
            target = Place(place.user_id, HOME) if act is open_home else place
            return RedirectResponse(f"/?{target.query()}&notice={quote(notice)}",
                                    status_code=303)

        return handle

    return [Route(f"/sandbox/{name}", route(act), methods=["POST"]) for name, act in acts.items()]
