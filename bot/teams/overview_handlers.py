"""`list` and `home` in Teams: parse, ask commands.overview, render each as one card. Teams'
part: the names of the people the cards show, and whom a Reassign can pick."""

from __future__ import annotations

from microsoft_agents.hosting.core import TurnContext

from bot.services import Services
from bot.teams.context import PERSONAL, Origin
from bot.teams.home_cards import home_card
from bot.teams.list_cards import list_card
from bot.teams.messages import card_message, text_message
from bot.teams.messenger import display_names
from commands.home import Home
from commands.my_commitments import OwedList
from commands.overview import OverviewAsk, my_home, my_list
from commands.people import WorkspaceInfo
from commands.privacy import NotPrivate
from storage import teams_addresses


async def send_list(services: Services, context: TurnContext, origin: Origin,
                    workspace: WorkspaceInfo) -> None:
    match await my_list(services.db, _ask(services, origin, workspace)):
        case OwedList() as owed:
            people = await teams_addresses.reachable_people(
                services.db, workspace_id=workspace.workspace_id)
            card = list_card(owed, people, user_id=origin.user_id)
            await context.send_activity(card_message(card, summary="Your open promises"))
        case NotPrivate(text):
            await context.send_activity(text_message(text))


async def send_home(services: Services, context: TurnContext, origin: Origin,
                    workspace: WorkspaceInfo) -> None:
    match await my_home(services.db, _ask(services, origin, workspace)):
        case Home() as home:
            team = home.team.open_promises if home.team is not None else ()
            owners = sorted({item.owner_user_id for item in (*home.awaiting, *team)})
            names = await display_names(services.db, origin.team, owners)
            await context.send_activity(card_message(home_card(home, names=names),
                                                     summary="Your angrycall home"))
        case NotPrivate(text):
            await context.send_activity(text_message(text))


def _ask(services: Services, origin: Origin, workspace: WorkspaceInfo) -> OverviewAsk:
    # A bot's answer in a Teams channel or group chat is seen by everyone there.
    return OverviewAsk(workspace_id=workspace.workspace_id, actor=origin.user_id,
                       privately=origin.conversation_type == PERSONAL, now=services.now())
