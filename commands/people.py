"""Who is who: workspaces on first contact, people's timezones."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from commands.playbook import DEFAULT_PLAYBOOK, Playbook, playbook_of
from commands.zones import UTC as UTC  # the zone parser lives in commands.zones
from commands.zones import zone_named as zone_named
from storage import workspaces
from storage.engine import Database
from storage.models import Workspace
from storage.workspaces import PersonZone

# A timezone read from the platform is trusted for this long before it is read again.
PROFILE_FRESHNESS = timedelta(hours=12)


@dataclass(frozen=True)
class Team:
    """A workspace as the platform names it: ("slack", "T0123")."""

    platform: str
    external_id: str


def in_team(workspace: Workspace, team: Team) -> bool:
    """Whether a stored workspace is the one a request came from."""
    return (workspace.platform, workspace.external_id) == (team.platform, team.external_id)


@dataclass(frozen=True)
class KnownZones:
    """The zones we already know, and who needs a fresh look-up."""

    zones: dict[str, ZoneInfo]
    stale: tuple[str, ...]
    person_ids: dict[str, int] = field(default_factory=dict)  # their rows', where on record


@dataclass(frozen=True)
class WorkspaceInfo:
    workspace_id: int
    categories: list[str]
    playbook: Playbook = DEFAULT_PLAYBOOK


async def workspace_for(
    db: Database, *, team: Team, default_categories: Sequence[str], now: datetime
) -> WorkspaceInfo:
    """The workspace's id and categories, recording the workspace on first contact."""
    workspace = await workspaces.find_workspace(
        db, platform=team.platform, external_id=team.external_id
    ) or await workspaces.ensure_workspace(
        db,
        platform=team.platform,
        external_id=team.external_id,
        default_categories=default_categories,
        now=now,
    )
    assert workspace.id is not None
    categories = list(workspace.categories) or list(default_categories)
    return WorkspaceInfo(workspace_id=workspace.id, categories=categories,
                         playbook=playbook_of(workspace.custom_steps, workspace.retired_steps))


async def zone_on_record(
    db: Database, *, workspace_id: int, user_id: str, now: datetime
) -> ZoneInfo:
    known = await known_zones(db, workspace_id=workspace_id, user_ids=[user_id], now=now)
    return known.zones.get(user_id, UTC)


async def known_zones(
    db: Database, *, workspace_id: int, user_ids: Sequence[str], now: datetime
) -> KnownZones:
    """Zones on record for these people, and which of them should be re-read from the platform."""
    people = await people_on_record(db, workspace_id=workspace_id, user_ids=user_ids)
    return zones_known_from(people, user_ids=user_ids, now=now)


async def people_on_record(db: Database, *, workspace_id: int,
                           user_ids: Sequence[str]) -> list[PersonZone]:
    """The zone records of those of these people we have seen (one read)."""
    return await workspaces.people_zones(db, workspace_id=workspace_id, user_ids=user_ids)


def zones_known_from(people: Iterable[PersonZone], *, user_ids: Sequence[str],
                     now: datetime) -> KnownZones:
    """`known_zones` from the records of `people` (of these and maybe others), as of `now`."""
    by_user = {person.user_id: person for person in people}
    zones = {user_id: zone_named(p.tz) for user_id in user_ids
             if (p := by_user.get(user_id)) is not None and p.tz}
    stale = tuple(
        user_id
        for user_id in dict.fromkeys(user_ids)
        if (person := by_user.get(user_id)) is None
        or person.refreshed_at is None
        or now - person.refreshed_at > PROFILE_FRESHNESS
    )
    person_ids = {user_id: p.person_id for user_id in user_ids
                  if (p := by_user.get(user_id)) is not None and p.person_id is not None}
    return KnownZones(zones=zones, stale=stale, person_ids=person_ids)


async def remember_profiles(
    db: Database,
    *,
    workspace_id: int,
    profiles: Mapping[str, tuple[str | None, str]],
    now: datetime,
) -> dict[str, int]:
    """Store what the platform told us: user id -> (IANA timezone, display name). Returns
    their rows' ids."""
    ids = {}
    for user_id, (tz, name) in profiles.items():
        person = await workspaces.save_person_profile(
            db, workspace_id=workspace_id, user_id=user_id, tz=tz, display_name=name, now=now
        )
        if person.id is not None:
            ids[user_id] = person.id
    return ids
