"""Reading cases for `angrycall export`: each case with its workspace, promises and people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from storage.engine import reading
from storage.models import Case, Commitment, Person, Workspace


@dataclass(frozen=True)
class ExportRow:
    case: Case
    workspace: Workspace
    promises: list[Commitment]
    names: dict[int, str]  # person id -> display name (or platform user id)


@reading
def cases_for_export(session: Session, *, workspace_id: int | None,
                     since: datetime | None) -> list[ExportRow]:
    """Every case (of one workspace, or all), with its promises and people, oldest first."""
    query = select(Case, Workspace).join(Workspace, col(Workspace.id) == col(Case.workspace_id))
    if workspace_id is not None:
        query = query.where(Case.workspace_id == workspace_id)
    if since is not None:
        query = query.where(col(Case.created_at) >= since)
    found = list(session.exec(query.order_by(col(Case.id))).all())
    promises: dict[int, list[Commitment]] = {}
    ids = [case.id for case, _ in found]
    for chunk in range(0, len(ids), 500):
        for c in session.exec(select(Commitment).where(
                col(Commitment.case_id).in_(ids[chunk:chunk + 500]))
                .order_by(col(Commitment.position), col(Commitment.id))).all():
            promises.setdefault(c.case_id, []).append(c)
    names = {p.id or 0: p.display_name or p.user_id for p in session.exec(select(Person).where(
        col(Person.workspace_id).in_({ws.id for _, ws in found}))).all()}
    return [ExportRow(case, ws, promises.get(case.id or 0, []), names) for case, ws in found]
