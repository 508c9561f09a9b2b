"""Who and where a Teams activity comes from, read from the activity (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from microsoft_agents.activity import Activity, ConversationReference

from commands.people import Team

PLATFORM = "teams"
# The Bot Framework Emulator and the Agents Playground send no tenant: one local workspace.
LOCAL_TENANT = "local"
NAME_LIMIT = 200  # people.display_name
PERSONAL = "personal"
CHANNEL = "channel"

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
    channel_data = _mapping(activity.channel_data)
    tenant = (conversation.tenant_id if conversation else None) or _mapping(
        channel_data.get("tenant")).get("id") or default_tenant or LOCAL_TENANT
    kind = (conversation.conversation_type if conversation else None) or PERSONAL
    return Origin(
        team=Team(PLATFORM, str(tenant)),
        user_id=str((sender.aad_object_id or sender.id) if sender else ""),
        name=str(sender.name or "")[:NAME_LIMIT] if sender else "",
        zone_name=activity.local_timezone or _client_zone(activity),
        conversation_type=kind,
        channel_id=_channel_id(activity, channel_data) if kind == CHANNEL else None,
        reference=reference_json(activity.get_conversation_reference()),
    )


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


def _channel_id(activity: Activity, channel_data: Mapping[str, Any]) -> str | None:
    from_data = _mapping(channel_data.get("channel")).get("id")
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
