"""The first lead of a workspace that has none: whoever installed the app (Teams-only installs
have no workspace admin to fall back on)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from storage.engine import transactional
from storage.models import AuditEvent, Workspace
from storage.workspaces import ensure_person_in


@transactional
def name_first_lead(session: Session, *, workspace_id: int, user_id: str,
                    now: datetime) -> bool:
    """Make `user_id` the lead while none is set. True when they lead alone now (named here,
    or already: Teams announces one install twice). Locked: two installs at once name one."""
    workspace = session.exec(select(Workspace).where(Workspace.id == workspace_id)
                             .with_for_update()).one()
    if workspace.lead_user_ids:
        return list(workspace.lead_user_ids) == [user_id]
    workspace.lead_user_ids = [user_id]
    session.add(workspace)
    person = ensure_person_in(session, workspace_id=workspace_id, user_id=user_id)
    session.add(AuditEvent(workspace_id=workspace_id, actor_id=person.id,
                           kind="first_lead_named", detail={"leads": [user_id]}, at=now))
    return True
