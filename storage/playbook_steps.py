"""A workspace's own playbook steps and retired ones (the rest of its settings: workspaces)."""

from __future__ import annotations

from sqlmodel import Session

from storage.engine import transactional
from storage.models import Workspace


@transactional
def save_playbook_steps(session: Session, *, workspace_id: int, custom: list[dict[str, str]],
                        retired: list[str]) -> None:
    workspace = session.get_one(Workspace, workspace_id)
    workspace.custom_steps, workspace.retired_steps = custom, retired
    session.add(workspace)
