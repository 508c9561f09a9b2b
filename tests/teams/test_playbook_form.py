"""The Teams form shows the workspace's steps: one choice set a phase, its own steps in,
retired ones out; a ticked own step is stored like a built-in one."""

from __future__ import annotations

from sqlmodel import select

from storage.models import Case, Workspace
from storage.playbook_steps import save_playbook_steps
from tests.teams.activities import submit
from tests.teams.conftest import TeamsDriver
from tests.teams.test_form_flow import inputs, open_form, valid_form


def choices(field: dict[str, object]) -> list[str]:
    return [c["value"] for c in field["choices"]]  # type: ignore[attr-defined, index]


async def test_the_form_follows_the_workspaces_playbook(teams: TeamsDriver) -> None:
    await open_form(teams)  # the workspace is recorded on first contact
    workspace = teams.db.run_sync(lambda s: s.exec(select(Workspace)).one())
    await save_playbook_steps(teams.db, workspace_id=workspace.id or 0, custom=[
        {"id": "custom-1", "label": "Offered a callback slot", "phase": "next"}],
        retired=["pause_call_back"])
    form = await open_form(teams)
    fields = inputs(form.card)
    assert choices(fields["deescalation_steps_next"])[-1] == "custom-1"
    assert "pause_call_back" not in choices(fields["deescalation_steps_finding"])
    assert len(choices(fields["deescalation_steps_upset"])) == 7
    key = form.card["actions"][0]["data"]["submission_key"]
    value = {**valid_form(key), "deescalation_steps_next": "custom-1,take_ownership"}
    await teams.send(submit(teams.connector.url, value, reply_to=form.activity_id))
    case = teams.db.run_sync(lambda s: s.exec(select(Case)).one())
    assert case.deescalation_steps == ["let_vent", "apologize", "custom-1", "take_ownership"]
