"""People's zones are remembered briefly per process, and forgotten when their profile is
recorded here; whether one is due to be read again from the platform follows the record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import bot.zone_cache
from bot.zone_cache import ZoneCache
from commands.people import PROFILE_FRESHNESS
from storage.engine import Database
from storage.workspaces import ensure_workspace, save_person_profile

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


async def a_workspace(db: Database) -> int:
    workspace = await ensure_workspace(db, platform="slack", external_id="T0001",
                                       default_categories=["Billing"], now=NOW)
    assert workspace.id is not None
    return workspace.id


async def recorded_elsewhere(db: Database, workspace_id: int, user_id: str, tz: str) -> None:
    """A profile recorded by another replica: this process's cache is not told."""
    await save_person_profile(db, workspace_id=workspace_id, user_id=user_id, tz=tz,
                              display_name="", now=NOW)


async def test_remembered_until_recorded_here(db: Database) -> None:
    workspace_id = await a_workspace(db)
    await recorded_elsewhere(db, workspace_id, "U1", "Europe/Berlin")
    cache = ZoneCache(db)
    first = await cache.known(workspace_id=workspace_id, user_ids=["U1"], now=NOW)
    assert first.zones["U1"].key == "Europe/Berlin"
    await recorded_elsewhere(db, workspace_id, "U1", "Asia/Tokyo")
    remembered = await cache.known(workspace_id=workspace_id, user_ids=["U1"], now=NOW)
    assert remembered.zones["U1"].key == "Europe/Berlin"
    await cache.remember(workspace_id=workspace_id, profiles={"U1": ("America/Chicago", "Ann")},
                         now=NOW)
    again = await cache.known(workspace_id=workspace_id, user_ids=["U1"], now=NOW)
    assert again.zones["U1"].key == "America/Chicago"
    assert again.person_ids == first.person_ids and set(first.person_ids) == {"U1"}


async def test_read_again_after_its_time(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    workspace_id = await a_workspace(db)
    await recorded_elsewhere(db, workspace_id, "U1", "Europe/Berlin")
    cache = ZoneCache(db)
    await cache.known(workspace_id=workspace_id, user_ids=["U1"], now=NOW)
    await recorded_elsewhere(db, workspace_id, "U1", "Asia/Tokyo")
    monkeypatch.setattr(bot.zone_cache, "TTL_SECONDS", 0.0)
    again = await cache.known(workspace_id=workspace_id, user_ids=["U1"], now=NOW)
    assert again.zones["U1"].key == "Asia/Tokyo"


async def test_someone_not_on_record_is_looked_for_each_time(db: Database) -> None:
    workspace_id = await a_workspace(db)
    cache = ZoneCache(db)
    unknown = await cache.known(workspace_id=workspace_id, user_ids=["U2"], now=NOW)
    assert unknown.zones == {} and unknown.stale == ("U2",)
    await recorded_elsewhere(db, workspace_id, "U2", "Europe/Paris")
    found = await cache.known(workspace_id=workspace_id, user_ids=["U2"], now=NOW)
    assert found.zones["U2"].key == "Europe/Paris" and found.stale == ()


async def test_due_for_the_platform_by_the_record_not_the_cache(db: Database) -> None:
    workspace_id = await a_workspace(db)
    await recorded_elsewhere(db, workspace_id, "U1", "Europe/Berlin")
    cache = ZoneCache(db)
    fresh = await cache.known(workspace_id=workspace_id, user_ids=["U1", "U1"], now=NOW)
    assert fresh.stale == ()
    later = NOW + PROFILE_FRESHNESS + timedelta(minutes=1)
    stale = await cache.known(workspace_id=workspace_id, user_ids=["U1"], now=later)
    assert stale.stale == ("U1",) and stale.zones["U1"].key == "Europe/Berlin"


async def test_workspaces_are_kept_apart(db: Database) -> None:
    workspace_id = await a_workspace(db)
    other = await ensure_workspace(db, platform="slack", external_id="T0002",
                                   default_categories=["Billing"], now=NOW)
    assert other.id is not None
    await recorded_elsewhere(db, workspace_id, "U1", "Europe/Berlin")
    await recorded_elsewhere(db, other.id, "U1", "Asia/Tokyo")
    cache = ZoneCache(db)
    here = await cache.known(workspace_id=workspace_id, user_ids=["U1"], now=NOW)
    there = await cache.known(workspace_id=other.id, user_ids=["U1"], now=NOW)
    assert (here.zones["U1"].key, there.zones["U1"].key) == ("Europe/Berlin", "Asia/Tokyo")
