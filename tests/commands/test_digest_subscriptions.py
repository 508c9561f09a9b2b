"""`digest here | off | preview`, decided once for both platforms (a fake publisher stands in
for the platform's channel membership)."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

from commands.digest_composition import Digest
from commands.digest_subscriptions import (
    DigestAsk,
    NotAChannel,
    NotAllowed,
    Preview,
    Subscribed,
    Unsubscribed,
    Usage,
    answer_digest,
)
from commands.log_case import log_case
from commands.people import Team, workspace_for
from commands.ports import Delivered
from storage.engine import Database
from tests.commands.test_nudges import LOGGED_AT, OWNER, REPORTER, TEAM
from tests.commands.test_validation import draft
from tests.contract.drivers import make_lead

CHANNEL = "C1"
NEW_YORK = ZoneInfo("America/New_York")


class ChannelOf:
    """The platform's answer to who is in a channel."""

    def __init__(self, *members: str) -> None:
        self.people = frozenset(members)

    async def publish(self, team: Team, channel_id: str, digest: Digest) -> Delivered:
        raise AssertionError("a preview posts nothing")

    async def members(self, team: Team, channel_id: str) -> frozenset[str]:
        return self.people


async def ask(db: Database, text: str, *, actor: str = REPORTER, channel: str | None = CHANNEL,
              members: tuple[str, ...] = (REPORTER, OWNER)) -> object:
    workspace = await workspace_for(db, team=TEAM, default_categories=["Billing", "Other"],
                                    now=LOGGED_AT)
    request = DigestAsk(team=TEAM, workspace_id=workspace.workspace_id, actor=actor,
                        actor_is_admin=False, actor_zone=NEW_YORK, channel_id=channel,
                        text=text, now=LOGGED_AT)
    return await answer_digest(db, request, ChannelOf(*members))


async def logged(db: Database, reporter: str, category: str, key: str) -> None:
    workspace = await workspace_for(db, team=TEAM, default_categories=["Billing", "Other"],
                                    now=LOGGED_AT)
    await log_case(db, workspace_id=workspace.workspace_id, reporter_user_id=reporter,
                   submission_key=key, draft=replace(draft(category=category), commitments=()),
                   zones={}, now=LOGGED_AT)


async def test_subscribe_in_the_askers_zone_then_off(db: Database) -> None:
    subscribed = await ask(db, "here friday 16:00")
    assert isinstance(subscribed, Subscribed)
    assert (subscribed.schedule.weekday, subscribed.schedule.zone) == (4, NEW_YORK)
    assert await ask(db, "unsubscribe") == Unsubscribed(was_subscribed=True)
    assert await ask(db, "off") == Unsubscribed(was_subscribed=False)


async def test_refusals(db: Database) -> None:
    assert isinstance(await ask(db, "here someday"), Usage)
    assert await ask(db, "here", channel=None) == NotAChannel()
    make_lead(db, REPORTER)
    assert await ask(db, "off", actor=OWNER) == NotAllowed()
    assert await ask(db, "here", actor=OWNER, channel=None) == NotAllowed()


async def test_a_preview_counts_what_the_subscription_would(db: Database) -> None:
    await logged(db, REPORTER, "Billing", "k1")
    await logged(db, OWNER, "Billing", "k2")
    await logged(db, REPORTER, "Other", "k3")
    assert isinstance(await ask(db, "here members for Billing", members=(REPORTER,)), Subscribed)
    preview = await ask(db, "preview", actor=OWNER, members=(REPORTER,))
    assert isinstance(preview, Preview) and preview.digest.numbers.cases == 1
    elsewhere = await ask(db, "preview", channel=None)
    assert isinstance(elsewhere, Preview) and elsewhere.digest.numbers.cases == 3
