"""The team settings, `list` and `home`, written once and run on Slack and on Teams (and on
SQLite and PostgreSQL): a lead's settings are saved and read back, mistakes save nothing, and a
person's promises are shown only where no one else sees them (commands.privacy)."""

from __future__ import annotations

from sqlmodel import select

from commands.refusals import MINE_NOT_HERE
from storage.models import Workspace
from tests.contract.drivers import Driver, Person, Where, make_lead

PROMISE = "Call back with the refund confirmation"


def workspace(platform: Driver) -> Workspace:
    row = platform.db.run_sync(lambda s: s.exec(select(Workspace)).one())
    assert isinstance(row, Workspace)
    return row


async def test_a_lead_changes_the_settings_and_they_are_kept(platform: Driver) -> None:
    await platform.say("help", where=Where.PRIVATE)
    make_lead(platform.db, platform.user(Person.REPORTER))
    form = await platform.open_settings()
    errors = await platform.save_settings(form, work_days=(0, 1, 2, 3), escalate_after=4,
                                          categories=("Billing", "Outage"))
    assert errors == set()
    saved = workspace(platform)
    assert (saved.work_days, saved.escalate_after_days) == ([0, 1, 2, 3], 4)
    assert saved.categories == ["Billing", "Outage"]
    again = await platform.open_settings()
    assert platform.shown_setting(again, "escalate_after") == "4"
    assert platform.shown_setting(again, "categories") == "Billing\nOutage"


async def test_invalid_settings_show_the_errors_and_save_nothing(platform: Driver) -> None:
    await platform.say("help", where=Where.PRIVATE)
    make_lead(platform.db, platform.user(Person.REPORTER))
    before = workspace(platform)
    form = await platform.open_settings()
    errors = await platform.save_settings(form, work_days=(), escalate_after=4, categories=())
    assert {"work_days", "categories"} <= errors
    after = workspace(platform)
    assert (after.work_days, after.escalate_after_days, after.categories) == (
        before.work_days, before.escalate_after_days, before.categories)


async def test_home_shows_my_promises(platform: Driver) -> None:
    assert await platform.submit_form(await platform.open_form()) == set()
    home = await platform.home()
    assert "Acme Corp" in home and PROMISE in home


async def test_list_shows_my_promises_only_where_no_one_else_sees_them(
        platform: Driver) -> None:
    assert await platform.submit_form(await platform.open_form()) == set()
    assert PROMISE in await platform.say("list", where=Where.PRIVATE)
    in_channel = await platform.say("list", where=Where.CHANNEL)
    if platform.answers_privately_in_channels:
        assert PROMISE in in_channel  # to the asker alone
    else:
        assert MINE_NOT_HERE in in_channel and PROMISE not in in_channel
    assert PROMISE not in await platform.channel_sees()
