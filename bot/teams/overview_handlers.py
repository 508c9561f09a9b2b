"""`list` and `home` in the personal chat: a person's promises with their buttons, and their
whole record (the team's too, for leads), each as one card."""

from __future__ import annotations

from microsoft_agents.hosting.core import TurnContext

from bot.services import Services
from bot.teams.context import Origin
from bot.teams.home_cards import home_card
from bot.teams.list_cards import list_card
from bot.teams.messages import card_message
from bot.teams.messenger import display_names
from commands.home import home_of
from commands.my_commitments import my_open_list
from commands.people import WorkspaceInfo
from storage import teams_addresses


async def send_list(services: Services, context: TurnContext, origin: Origin,
                    workspace: WorkspaceInfo) -> None:
    owed = await my_open_list(services.db, workspace_id=workspace.workspace_id,
                              user_id=origin.user_id, now=services.now())
    people = await teams_addresses.reachable_people(services.db,
                                                    workspace_id=workspace.workspace_id)
    card = list_card(owed, people, user_id=origin.user_id)
    await context.send_activity(card_message(card, summary="Your open promises"))


async def send_home(services: Services, context: TurnContext, origin: Origin,
                    workspace: WorkspaceInfo) -> None:
    home = await home_of(services.db, workspace_id=workspace.workspace_id,
                         user_id=origin.user_id, page=0, now=services.now())
    team = home.team.open_promises if home.team is not None else ()
    owners = sorted({item.owner_user_id for item in (*home.awaiting, *team)})
    names = await display_names(services.db, origin.team, owners)
    await context.send_activity(card_message(home_card(home, names=names),
                                             summary="Your angrycall home"))
