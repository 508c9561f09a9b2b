"""The playbook faithful to the articles: old step ids mapped to the new in-call steps, a
workspace's own steps (custom and retired), and when its checklist first offered the new steps
(the coaching focus does not count them against cases logged before).

A digest row's ISO week now names the week it counts (the week before a Monday digest), not
the week it is posted in: existing rows are relabelled, or the next post would collide with
the last one's key and be skipped.

"apologize" used to mean "apologized and took responsibility": it becomes two steps. "Met the
schedule" and "shared the feedback" are after-call facts now measured from the data, so they
leave the stored checklists.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FORWARD: dict[str, tuple[str, ...]] = {
    "acknowledge": ("acknowledge",),
    "listen": ("let_vent",),
    "stay_calm": ("stay_calm",),
    "ask_questions": ("direct_questions",),
    "restate_feelings": ("empathize",),
    "apologize": ("apologize", "take_ownership"),
    "solve_together": ("propose_solution",),
    "agree_schedule": ("agree_schedule",),
    "meet_schedule": (),
    "share_feedback": (),
}
BACKWARD: dict[str, str] = {new: old for old, news in FORWARD.items() for new in news}

cases = sa.table("cases", sa.column("id", sa.Integer()), sa.column("deescalation_steps", sa.JSON()))


def mapped(steps: list[str], table: dict[str, tuple[str, ...]]) -> list[str]:
    """Each step replaced by its counterparts, order kept, each once; unknown ids stay."""
    out: list[str] = []
    for step in steps:
        out += [s for s in table.get(step, (step,)) if s not in out]
    return out


def _remap(table: dict[str, tuple[str, ...]]) -> None:
    bind = op.get_bind()
    for case_id, steps in bind.execute(sa.select(cases.c.id, cases.c.deescalation_steps)).all():
        new = mapped(list(steps or []), table)
        if new != steps:
            bind.execute(cases.update().where(cases.c.id == case_id)
                         .values(deescalation_steps=new))


posts = sa.table("digest_posts", sa.column("id", sa.Integer()),
                 sa.column("subscription_id", sa.Integer()), sa.column("iso_week", sa.String()),
                 sa.column("fire_at", UTCDateTime()))
workspaces = sa.table("workspaces", sa.column("playbook_since", UTCDateTime()))
subscriptions = sa.table("digest_subscriptions", sa.column("id", sa.Integer()),
                         sa.column("tz", sa.String()))


def counted_week(fire_at: datetime, zone: ZoneInfo) -> str:
    year, week, _ = (fire_at - timedelta(days=1)).astimezone(zone).isocalendar()
    return f"{year}-W{week:02d}"


def posted_week(fire_at: datetime, zone: ZoneInfo) -> str:
    year, week, _ = fire_at.astimezone(zone).isocalendar()
    return f"{year}-W{week:02d}"


def _relabel(label: Callable[[datetime, ZoneInfo], str]) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(posts.c.id, posts.c.fire_at, subscriptions.c.tz).join(
        subscriptions, subscriptions.c.id == posts.c.subscription_id)).all()
    # Two passes through a temporary label: (subscription, week) is unique at every step.
    for index, (post_id, _fire_at, _tz) in enumerate(rows):
        bind.execute(posts.update().where(posts.c.id == post_id)
                     .values(iso_week=f"t{index:07d}"))
    for post_id, fire_at, tz in rows:
        bind.execute(posts.update().where(posts.c.id == post_id)
                     .values(iso_week=label(_aware(fire_at), _zone(tz))))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("UTC"))


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def upgrade() -> None:
    # Plain ALTER TABLE (SQLite 3.35+ too): a batch copy of `workspaces` would trip the
    # foreign keys that point at it.
    op.add_column("workspaces", sa.Column("custom_steps", sa.JSON(), nullable=False,
                                          server_default="[]"))
    op.add_column("workspaces", sa.Column("retired_steps", sa.JSON(), nullable=False,
                                          server_default="[]"))
    op.add_column("workspaces", sa.Column("playbook_since", UTCDateTime(), nullable=True))
    op.get_bind().execute(workspaces.update().values(playbook_since=datetime.now(UTC)))
    _remap(FORWARD)
    _relabel(counted_week)


def downgrade() -> None:
    _relabel(posted_week)
    _remap({new: (old,) for new, old in BACKWARD.items()})
    op.drop_column("workspaces", "playbook_since")
    op.drop_column("workspaces", "retired_steps")
    op.drop_column("workspaces", "custom_steps")
