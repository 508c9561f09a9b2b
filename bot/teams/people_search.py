"""The `application/search` invoke behind the people pickers' typeahead: the people angrycall
can message in this tenant whose name matches what was typed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes, InvokeResponse
from microsoft_agents.hosting.core import TurnContext

from bot.services import Services
from bot.teams.ids import PEOPLE_DATASET
from commands.people import WorkspaceInfo
from storage import teams_addresses

SEARCH_INVOKE = "application/search"
SEARCH_RESPONSE = "application/vnd.microsoft.search.searchResponse"
MAX_RESULTS = 15  # what Teams shows in the dropdown
QUERY_LIMIT = 100  # a name, not an essay


def is_people_search(context: TurnContext) -> bool:
    activity = context.activity
    return activity.type == ActivityTypes.invoke and activity.name == SEARCH_INVOKE


async def on_people_search(services: Services, context: TurnContext,
                           workspace: WorkspaceInfo) -> None:
    value = context.activity.value
    query = _query(value) if isinstance(value, Mapping) else None
    people: list[tuple[str, str]] = []
    if query is not None:
        people = await teams_addresses.search_reachable(
            services.db, workspace_id=workspace.workspace_id, text=query, limit=MAX_RESULTS)
    await context.send_activity(search_answer(people))


def _query(value: Mapping[str, Any]) -> str | None:
    """What was typed, for our dataset only (another card's search finds nobody here)."""
    text = value.get("queryText")
    if value.get("dataset") != PEOPLE_DATASET or not isinstance(text, str):
        return None
    return text.replace("\x00", "").strip()[:QUERY_LIMIT]


def search_answer(people: list[tuple[str, str]]) -> Activity:
    results = [{"title": name, "value": user_id} for user_id, name in people]
    body = {"type": SEARCH_RESPONSE, "value": {"results": results}}
    return Activity(type=ActivityTypes.invoke_response,
                    value=InvokeResponse(status=200, body=body))
