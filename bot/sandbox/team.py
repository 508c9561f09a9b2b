"""The sandbox's workspace: a small support team, its channel and the bot, all in one zone."""

from __future__ import annotations

from dataclasses import dataclass

from bot.sandbox.workspace import World, user_record

TEAM_ID = "T0SANDBOX"
BOT = {"team_id": TEAM_ID, "user_id": "U0ANGRYCALL", "bot_id": "B0ANGRYCALL"}
ZONE = "Europe/Berlin"
CHANNEL_ID = "C0SUPPORT"
CHANNEL_NAME = "support-team"


@dataclass(frozen=True)
class Teammate:
    user_id: str
    name: str
    role: str


TEAMMATES = (
    Teammate("U0MAYA", "maya", "team lead"),
    Teammate("U0SAM", "sam", "support"),
    Teammate("U0PRIYA", "priya", "support"),
    Teammate("U0TOMAS", "tomas", "account manager"),
)


def new_world() -> World:
    world = World(base_url="", bot=dict(BOT))
    for person in TEAMMATES:
        world.users[person.user_id] = user_record(
            person.user_id, team_id=TEAM_ID, tz=ZONE, name=person.name, deleted=False,
            is_admin=person.role == "team lead")
    world.channels[CHANNEL_ID] = {"name": CHANNEL_NAME, "team_id": TEAM_ID, "bot_member": True,
                                  "members": [p.user_id for p in TEAMMATES]}
    return world


def display_name(world: World, user_id: str) -> str:
    if user_id == BOT["user_id"]:
        return "angrycall"
    user = world.users.get(user_id)
    return str(user["real_name"]) if user else user_id
