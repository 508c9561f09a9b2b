"""Teams: the owner pickers (Reassign, the form's owners) search people as a name is typed:
`Input.ChoiceSet` with a `Data.Query`, answered by the bot's `application/search` invoke with
the people angrycall can message; static choices stay for clients without typeahead."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from storage.models import Commitment
from storage.teams_addresses import save_personal_address
from storage.workspaces import find_workspace
from tests.teams.activities import (
    OTHER,
    OTHER_TENANT,
    OWNER,
    REPORTER,
    TENANT,
    installed,
    personal,
    personal_chat,
    submit,
)
from tests.teams.conftest import TeamsDriver
from tests.teams.test_form_flow import inputs, open_form
from tests.teams.test_list_and_home import ask, items
from tests.teams.test_nudges import log_case


def search(teams: TeamsDriver, text: Any, *, user: str = REPORTER, tenant: str = TENANT,
           dataset: str = "angrycall.people") -> dict[str, Any]:
    return {**personal(teams.connector.url, user=user, tenant=tenant), "type": "invoke",
            "name": "application/search",
            "value": {"queryText": text, "queryOptions": {"skip": 0, "top": 15},
                      "dataset": dataset}}


async def found(teams: TeamsDriver, text: Any, **options: Any) -> list[dict[str, str]]:
    response = await teams.send(search(teams, text, **options))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["type"] == "application/vnd.microsoft.search.searchResponse"
    results: list[dict[str, str]] = body["value"]["results"]
    return results


async def test_typing_a_name_finds_the_people_angrycall_can_message(teams: TeamsDriver) -> None:
    for user in (OWNER, OTHER):
        await teams.send(installed(teams.connector.url, user=user))
    assert await found(teams, "olg") == [{"title": "Olga Owner", "value": OWNER}]
    assert [r["title"] for r in await found(teams, "o")] == ["Kenji Other", "Olga Owner",
                                                         "Steve Reporter"]
    assert await found(teams, "%") == []  # a wildcard is a character like any other


async def test_only_this_tenant_and_only_our_dataset(teams: TeamsDriver) -> None:
    await teams.send(installed(teams.connector.url, user=OWNER, tenant=OTHER_TENANT))
    assert await found(teams, "Olga") == []
    # Steve installs first, so he, not Olga, is the first lead (issue 13).
    await teams.send(installed(teams.connector.url, user=REPORTER))
    await teams.send(installed(teams.connector.url, user=OWNER))
    assert await found(teams, "Olga", dataset="npm") == []
    assert await found(teams, ["Olga"]) == []


async def test_the_search_reaches_beyond_the_static_choices(teams: TeamsDriver) -> None:
    await teams.send(installed(teams.connector.url))
    workspace = await find_workspace(teams.db, platform="teams", external_id=TENANT)
    assert workspace is not None and workspace.id is not None
    for number in range(120):
        await save_personal_address(teams.db, workspace_id=workspace.id,
                                    user_id=f"colleague-{number:03}",
                                    display_name=f"Colleague {number:03}",
                                    reference={"conversation": {"id": f"a:{number}"}})
    await save_personal_address(teams.db, workspace_id=workspace.id, user_id="zed",
                                display_name="Zed Last", reference={"conversation": {"id": "z"}})
    form = await open_form(teams)
    owner = inputs(form.card)["commitment_0_owner"]
    assert owner["choices.data"] == {"type": "Data.Query", "dataset": "angrycall.people"}
    assert "zed" not in {c["value"] for c in owner["choices"]}
    assert await found(teams, "zed") == [{"title": "Zed Last", "value": "zed"}]


async def test_reassign_from_the_list_to_someone_found_by_search(teams: TeamsDriver) -> None:
    for user in (OWNER, OTHER):
        await teams.send(installed(teams.connector.url, user=user))
    await log_case(teams)
    post = await ask(teams, "list")
    (item,) = items(post.card)
    (actions,) = [e for e in item["items"] if e["type"] == "ActionSet"]
    (reassign,) = [a for a in actions["actions"] if a["title"] == "Reassign"]
    (picker,) = reassign["card"]["body"]
    assert picker["choices.data"]["type"] == "Data.Query"
    (value,) = [r["value"] for r in await found(teams, "kenji")]
    data = {**reassign["card"]["actions"][0]["data"], picker["id"]: value}
    await teams.send(submit(teams.connector.url, data, reply_to=post.activity_id))
    row = teams.db.run_sync(lambda s: s.exec(select(Commitment)).one())
    assert (row.owner_id is not None, row.acceptance) == (True, "pending")
    asked = teams.connector.cards_to(personal_chat(OTHER))[-1]
    assert [a["title"] for a in asked.card["actions"]] == ["Accept", "Decline"]


async def test_a_malformed_search_finds_nobody_and_fails_nothing(teams: TeamsDriver) -> None:
    # Steve installs first, so he, not Olga, is the first lead (issue 13).
    await teams.send(installed(teams.connector.url, user=REPORTER))
    await teams.send(installed(teams.connector.url, user=OWNER))
    for value in ("Olga", None, [1], {"queryText": {"x": 1}, "dataset": "angrycall.people"},
                  {"queryText": "Olga", "dataset": ["angrycall.people"]}):
        response = await teams.send({**search(teams, ""), "value": value})
        assert response.status_code == 200
        assert response.json()["value"]["results"] == []
    assert [r["value"] for r in await found(teams, "\x00olga" + " " * 500)] == [OWNER]
