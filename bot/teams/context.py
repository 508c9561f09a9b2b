"""Who and where a Teams activity comes from, read from the activity (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from microsoft_agents.activity import Activity, ConversationReference

from bot.teams.inbound import NOT_IN_AN_ID
from bot.teams.messages import fit
from commands.people import Team
from commands.zones import parse_zone

PLATFORM = "teams"
# The Bot Framework Emulator and the Agents Playground send no tenant: one local workspace.
LOCAL_TENANT = "local"
NAME_LIMIT = 200  # people.display_name
ID_LIMIT = 64  # people.user_id, workspaces.external_id, the channel id columns, people.tz
PERSONAL = "personal"
CHANNEL = "channel"
GROUP = "groupChat"

Reference = dict[str, Any]


@dataclass(frozen=True)
class Origin:
    team: Team
    user_id: str  # the Entra object id: stable, and short enough for people.user_id
    name: str
    zone_name: str | None  # IANA zone of the Teams client, when it says
    conversation_type: str  # personal | channel | groupChat
    channel_id: str | None  # the channel itself (not the thread) in a channel conversation
    reference: Reference  # how to reach this conversation again, proactively


def origin_of(activity: Activity, *, default_tenant: str | None = None) -> Origin:
    sender = activity.from_property
    conversation = activity.conversation
    # Without a type (emulators), a group conversation is still no personal chat: stored as
    # one, every nudge would go there for all to read.
    kind = (conversation.conversation_type if conversation else None) or (
        GROUP if conversation and conversation.is_group else PERSONAL)
    channel_id = _channel_id(activity) if kind == CHANNEL else None
    # Ids outgrowing their columns (Teams' user ids without an Entra id can) are kept as a
    # stable digest: the same person always gets the same key. A channel's id must stay real,
    # to post there: one that long (never seen: they are ~50 characters), or that would change
    # the Bot Connector URL it goes into, is not a channel.
    return Origin(
        team=Team(PLATFORM, fit(tenant_of(activity) or default_tenant or LOCAL_TENANT,
                                ID_LIMIT)),
        user_id=fit(str((sender.aad_object_id or sender.id) if sender else ""), ID_LIMIT),
        name=str(sender.name or "")[:NAME_LIMIT] if sender else "",
        zone_name=known_zone(activity.local_timezone) or known_zone(_client_zone(activity)),
        conversation_type=kind,
        channel_id=channel_id if channel_id and len(channel_id) <= ID_LIMIT and not (
            NOT_IN_AN_ID.search(channel_id)) else None,
        reference=reference_json(activity.get_conversation_reference()),
    )


def tenant_of(activity: Activity) -> str | None:
    """The Entra tenant the activity comes from, as Teams states it (None: an emulator)."""
    conversation = activity.conversation
    tenant = (conversation.tenant_id if conversation else None) or _mapping(
        _mapping(activity.channel_data).get("tenant")).get("id")
    return tenant if isinstance(tenant, str) and tenant else None


def known_zone(name: str | None) -> str | None:
    """The client's IANA zone when it is one: the name is stored, and opened as a file."""
    return name if parse_zone(name) else None


def channel_reference(origin: Origin) -> Reference:
    """The reference of the channel itself: a post there starts a new thread."""
    reference = dict(origin.reference)
    reference["conversation"] = {**reference.get("conversation", {}), "id": origin.channel_id}
    reference.pop("activityId", None)
    return reference


def reference_json(reference: ConversationReference) -> Reference:
    stored: Reference = reference.model_dump(by_alias=True, exclude_none=True, mode="json")
    stored.pop("activityId", None)  # a stored address points at the conversation, not a message
    stored.pop("requestId", None)
    return stored


def _channel_id(activity: Activity) -> str | None:
    from_data = _mapping(_mapping(activity.channel_data).get("channel")).get("id")
    if isinstance(from_data, str) and from_data:
        return from_data
    # A reply in a channel thread is "19:…@thread.tacv2;messageid=…": the channel is the head.
    conversation_id = activity.conversation.id if activity.conversation else ""
    return conversation_id.split(";", 1)[0] or None


def _client_zone(activity: Activity) -> str | None:
    for entity in activity.entities or []:
        data = entity.model_dump(by_alias=True)
        if data.get("type") == "clientInfo" and isinstance(data.get("timezone"), str):
            zone: str = data["timezone"]
            return zone
    return None


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}
