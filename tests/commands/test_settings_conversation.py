"""The team settings, list and home use cases, decided once for both platforms: who may, where,
what a submission may change (a fake stands in for whom the platform can message)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from commands.home import Home
from commands.my_commitments import OwedList
from commands.overview import OverviewAsk, my_home, my_list
from commands.people import workspace_for
from commands.privacy import NotPrivate
from commands.refusals import LEADS_UNREACHABLE, MINE_NOT_HERE, SETTINGS_NOT_HERE
from commands.settings_conversation import (
    FormErrors,
    NotAllowed,
    OuterLoopChange,
    Saved,
    SettingsAsk,
    SettingsForm,
    SettingsSubmission,
    open_settings,
    save_settings,
)
from commands.team_settings import TeamSettings, team_settings
from commands.theme_settings import outer_loop_of
from storage.engine import Database
from tests.commands.test_nudges import LOGGED_AT, OWNER, REPORTER, TEAM
from tests.contract.drivers import make_lead


async def settings_ask(db: Database, *, actor: str = REPORTER, privately: bool = True,
                       admin: bool = False) -> SettingsAsk:
    workspace = await workspace_for(db, team=TEAM, default_categories=["Billing", "Other"],
                                    now=LOGGED_AT)
    return SettingsAsk(workspace_id=workspace.workspace_id, actor=actor, actor_is_admin=admin,
                       privately=privately, now=LOGGED_AT)


def escalate_after(days: int, leads: tuple[str, ...] = (REPORTER,)
                   ) -> Callable[[TeamSettings], TeamSettings]:
    """A form read with this escalation and these leads, the rest as it is."""
    def read(current: TeamSettings) -> TeamSettings:
        return replace(current, escalate_after_days=days, lead_user_ids=leads)
    return read


async def reachable_reporter(user_ids: Sequence[str]) -> set[str]:
    return {REPORTER} & set(user_ids)


async def test_settings_open_privately_only(db: Database) -> None:
    assert await open_settings(db, await settings_ask(db, privately=False)) == NotPrivate(
        SETTINGS_NOT_HERE)
    assert isinstance(await open_settings(db, await settings_ask(db)), SettingsForm)


async def test_a_stranger_may_not_open_or_save_once_a_lead_is_set(db: Database) -> None:
    ask = await settings_ask(db, actor=OWNER)
    make_lead(db, REPORTER)
    assert await open_settings(db, ask) == NotAllowed()
    assert await save_settings(db, SettingsSubmission(ask, escalate_after(2))) == NotAllowed()
    admin = await settings_ask(db, actor=OWNER, admin=True)
    assert isinstance(await open_settings(db, admin), SettingsForm)


async def test_a_lead_saves_the_settings_and_the_outer_loop(db: Database) -> None:
    ask = await settings_ask(db)
    change = OuterLoopChange({"Billing": "C9"}, 24)
    reply = await save_settings(db, SettingsSubmission(ask, escalate_after(4), change))
    assert isinstance(reply, Saved)
    assert (await team_settings(db, workspace_id=ask.workspace_id)).escalate_after_days == 4
    assert await outer_loop_of(db, workspace_id=ask.workspace_id) == ({"Billing": "C9"}, 24)


async def test_mistakes_and_platform_refusals_save_nothing(db: Database) -> None:
    ask = await settings_ask(db)
    bad = await save_settings(db, SettingsSubmission(
        ask, escalate_after(9, leads=(REPORTER, OWNER)), OuterLoopChange({}, 999),
        reachable=reachable_reporter))
    assert isinstance(bad, FormErrors)
    assert set(bad.errors) == {"escalate_after", "follow_up_target", "leads"}
    assert bad.errors["leads"] == LEADS_UNREACHABLE
    assert (await team_settings(db, workspace_id=ask.workspace_id)).lead_user_ids == ()


async def test_list_and_home_are_shown_privately_only(db: Database) -> None:
    settings = await settings_ask(db)
    ask = OverviewAsk(workspace_id=settings.workspace_id, actor=REPORTER, privately=False,
                      now=LOGGED_AT)
    assert await my_list(db, ask) == NotPrivate(MINE_NOT_HERE)
    assert await my_home(db, ask) == NotPrivate(MINE_NOT_HERE)
    assert isinstance(await my_list(db, replace(ask, privately=True)), OwedList)
    home = await my_home(db, replace(ask, privately=True, page=-3))
    assert isinstance(home, Home) and home.page == 0
