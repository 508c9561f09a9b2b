"""A Teams-only install can have leads: whoever installs the app leads until others are named."""

from __future__ import annotations

from sqlmodel import select

from storage.models import Workspace
from tests.teams.activities import OWNER, REPORTER, installed, personal_chat
from tests.teams.conftest import TeamsDriver


def leads(teams: TeamsDriver) -> list[str]:
    workspace = teams.db.run_sync(lambda s: s.exec(select(Workspace)).one())
    return list(workspace.lead_user_ids)


async def test_the_installer_is_the_first_lead_and_is_told(teams: TeamsDriver) -> None:
    response = await teams.send(installed(teams.connector.url, user=REPORTER))
    assert response.status_code in {200, 202}
    assert leads(teams) == [REPORTER]
    (welcome,) = teams.connector.sent_to(personal_chat(REPORTER))
    assert "you lead the team" in welcome.activity["text"]


async def test_the_installation_update_names_the_lead_too(teams: TeamsDriver) -> None:
    # Teams announces an install twice (installationUpdate, conversationUpdate), in any order.
    add = {**installed(teams.connector.url, user=OWNER), "type": "installationUpdate",
           "action": "add"}
    del add["membersAdded"]
    response = await teams.send(add)
    assert response.status_code in {200, 202}
    assert leads(teams) == [OWNER]
    assert teams.connector.sent_to(personal_chat(OWNER)) == []  # the welcome comes once
    await teams.send(installed(teams.connector.url, user=OWNER))
    (welcome,) = teams.connector.sent_to(personal_chat(OWNER))
    assert "you lead the team" in welcome.activity["text"]
    await teams.send({**add, "action": "remove"})
    await teams.send(installed(teams.connector.url, user=REPORTER))
    assert leads(teams) == [OWNER]


async def test_a_later_install_names_no_one(teams: TeamsDriver) -> None:
    await teams.send(installed(teams.connector.url, user=REPORTER))
    await teams.send(installed(teams.connector.url, user=OWNER))
    assert leads(teams) == [REPORTER]
    (welcome,) = teams.connector.sent_to(personal_chat(OWNER))
    assert "lead" not in welcome.activity["text"]
