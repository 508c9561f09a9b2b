"""Themes on Teams: the `theme`, `themes`, `told` and `unreachable` text commands, the owning
channel's post, and the notes to people (proactive, best effort: the command's own reply
says what was done)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from microsoft_agents.hosting.core import TurnContext

from bot.services import Services
from bot.teams import theme_texts as texts
from bot.teams.context import Origin, channel_reference
from bot.teams.messages import SEND_ERRORS, plain_text_message
from bot.teams.messenger import personal_chat, post
from bot.teams.runtime import TeamsRuntime
from commands import theme_fixes, themes
from commands.people import WorkspaceInfo
from commands.ports import DeliveryFailed
from commands.theme_requests import USAGE, ThemeRequest, parse_theme_request
from commands.theme_settings import set_outer_loop
from commands.theme_views import CustomerTold, ThemeRefusal, ThemeView
from commands.themes import Actor
from storage import teams_addresses

logger = logging.getLogger(__name__)
THEME_WORDS = frozenset({"theme", "themes", "told", "unreachable"})
Handler = Callable[["ThemeTurn", ThemeRequest], Awaitable[str]]


class ThemeTurn:
    """One theme command from one person: its answer, and any notes to others."""

    def __init__(self, services: Services, runtime: TeamsRuntime, origin: Origin,
                 workspace: WorkspaceInfo) -> None:
        self.services, self.runtime, self.origin = services, runtime, origin
        self.workspace_id = workspace.workspace_id
        self.actor = Actor(user_id=origin.user_id, team=origin.team)

    async def notify(self, user_id: str, text: str) -> None:
        try:
            reference = await personal_chat(self.services.db, self.origin.team, user_id)
            await post(self.runtime, reference, plain_text_message(text))
        except (DeliveryFailed, *SEND_ERRORS) as failure:
            logger.warning("could not tell %s about a theme: %s", user_id, failure)

    async def post_to_channel(self, view: ThemeView) -> None:
        if view.channel_id is None:
            return
        reference = await teams_addresses.channel_address(
            self.services.db, external_id=self.origin.team.external_id,
            channel_id=view.channel_id)
        if reference is None:
            logger.warning("theme %s: angrycall was never addressed in its channel",
                           view.theme_id)
            return
        try:
            await self.runtime.send(reference, plain_text_message(texts.channel_post(view)))
        except SEND_ERRORS:
            logger.warning("theme %s not posted to its channel", view.theme_id, exc_info=True)


async def on_theme_text(services: Services, runtime: TeamsRuntime, context: TurnContext,
                        origin: Origin, workspace: WorkspaceInfo, words: str) -> None:
    request = parse_theme_request(words)
    turn = ThemeTurn(services, runtime, origin, workspace)
    answer = USAGE if request is None else await HANDLERS[request.verb](turn, request)
    await context.send_activity(plain_text_message(answer))


def _said(answer: ThemeView | ThemeRefusal) -> str:
    return answer.value if isinstance(answer, ThemeRefusal) else texts.theme_line(answer)


async def _list(turn: ThemeTurn, request: ThemeRequest) -> str:
    choices = await themes.open_themes(turn.services.db, actor=turn.actor)
    return texts.theme_list(choices)


async def _show(turn: ThemeTurn, request: ThemeRequest) -> str:
    case_id = request.case_ids[0]
    choices = await themes.theme_choices(turn.services.db, case_id=case_id, actor=turn.actor)
    if choices is None:
        return ThemeRefusal.NOT_FOUND.value
    return texts.case_themes(case_id, choices.current, choices.suggestions)


async def _new(turn: ThemeTurn, request: ThemeRequest) -> str:
    answer = await themes.start_theme(turn.services.db, actor=turn.actor, title=request.text,
                                      case_ids=request.case_ids, now=turn.services.now())
    if isinstance(answer, ThemeView):
        await turn.post_to_channel(answer)
    return _said(answer)


async def _link(turn: ThemeTurn, request: ThemeRequest) -> str:
    return _said(await themes.link_case(
        turn.services.db, actor=turn.actor, theme_id=request.theme_ids[0],
        case_id=request.case_ids[0], now=turn.services.now()))


async def _take(turn: ThemeTurn, request: ThemeRequest) -> str:
    return _said(await theme_fixes.take_theme(turn.services.db, actor=turn.actor,
                                              theme_id=request.theme_ids[0],
                                              now=turn.services.now()))


async def _plan(turn: ThemeTurn, request: ThemeRequest) -> str:
    assert request.fix_date is not None
    if request.fix_date < turn.services.now().date():
        return "Pick a fix date from today on."
    return _said(await theme_fixes.plan_fix(turn.services.db, actor=turn.actor,
                                            theme_id=request.theme_ids[0],
                                            fix_date=request.fix_date, now=turn.services.now()))


async def _decline(turn: ThemeTurn, request: ThemeRequest) -> str:
    answer = await theme_fixes.decline_theme(turn.services.db, actor=turn.actor,
                                             theme_id=request.theme_ids[0], reason=request.text,
                                             now=turn.services.now())
    if isinstance(answer, ThemeView):
        await turn.notify(answer.started_by_user_id, texts.declined_note(answer))
    return _said(answer)


async def _fixed(turn: ThemeTurn, request: ThemeRequest) -> str:
    answer = await theme_fixes.mark_fixed(turn.services.db, actor=turn.actor,
                                          theme_id=request.theme_ids[0],
                                          now=turn.services.now())
    if isinstance(answer, ThemeView):
        for line in answer.cases:
            await turn.notify(line.teller_user_id, texts.tell_the_customer(answer, line))
    return _said(answer)


async def _merge(turn: ThemeTurn, request: ThemeRequest) -> str:
    source, target = request.theme_ids
    return _said(await themes.merge_themes(turn.services.db, actor=turn.actor,
                                           source_id=source, target_id=target,
                                           now=turn.services.now()))


async def _split(turn: ThemeTurn, request: ThemeRequest) -> str:
    return _said(await themes.split_theme(
        turn.services.db, actor=turn.actor, theme_id=request.theme_ids[0],
        case_ids=request.case_ids, title=request.text, now=turn.services.now()))


async def _channel(turn: ThemeTurn, request: ThemeRequest) -> str:
    channel = turn.origin.channel_id
    if channel is None:
        return "Type this in the channel that should own the category's themes."
    refused = await set_outer_loop(turn.services.db, team=turn.origin.team,
                                   actor=turn.actor.user_id, channels={request.text: channel})
    if refused:
        return refused.value
    # The channel's post comes later, proactively: keep its address.
    await teams_addresses.save_channel(turn.services.db, workspace_id=turn.workspace_id,
                                       channel_id=channel,
                                       reference=channel_reference(turn.origin),
                                       now=turn.services.now())
    return f"This channel now owns the {request.text} themes."


async def _target(turn: ThemeTurn, request: ThemeRequest) -> str:
    refused = await set_outer_loop(turn.services.db, team=turn.origin.team,
                                   actor=turn.actor.user_id, target_hours=request.number)
    return refused.value if refused else (
        f"The first follow-up target is now {request.number} hours.")


async def _told(turn: ThemeTurn, request: ThemeRequest) -> str:
    told = CustomerTold.UNREACHABLE if request.verb == "unreachable" else CustomerTold.TOLD
    answer = await theme_fixes.answer_customer(
        turn.services.db, actor=turn.actor, case_id=request.case_ids[0], told=told,
        reaction=request.text or None, now=turn.services.now())
    return _said(answer)


HANDLERS: dict[str, Handler] = {
    "list": _list, "show": _show, "new": _new, "link": _link, "take": _take, "plan": _plan,
    "decline": _decline, "fixed": _fixed, "merge": _merge, "split": _split,
    "channel": _channel, "target": _target, "told": _told, "unreachable": _told,
}
