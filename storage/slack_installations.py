"""Slack installations on our database: slack_sdk's SQLAlchemy stores, and refresh leases.

slack_sdk's stores are synchronous; `bot.slack.installations` runs them in worker threads, as
every other unit of work here runs. Reads go through the read-only engine (no SQLite write lock).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import delete, select
from sqlmodel import Session, col

from storage.engine import Database, dialect_insert, transactional
from storage.models import TokenRefreshLease


@dataclass(frozen=True)
class InstallationTables:
    """The same slack_sdk store twice: one that writes, one that only reads."""

    writer: SQLAlchemyInstallationStore
    reader: SQLAlchemyInstallationStore


def installation_tables(db: Database, *, client_id: str) -> InstallationTables:
    return InstallationTables(
        writer=SQLAlchemyInstallationStore(client_id=client_id, engine=db.engine),
        reader=SQLAlchemyInstallationStore(client_id=client_id, engine=db.reader),
    )


def oauth_state_table(db: Database, *, expiration_seconds: int) -> SQLAlchemyOAuthStateStore:
    return SQLAlchemyOAuthStateStore(expiration_seconds=expiration_seconds, engine=db.engine)


@transactional
def take_refresh_lease(
    session: Session, *, key: str, holder: str, now: datetime, ttl: timedelta
) -> bool:
    """Become the one refreshing `key` until now + ttl, unless someone else holds it now."""
    insert = dialect_insert(session.get_bind().dialect.name)
    values = insert(TokenRefreshLease).values(key=key, holder=holder, expires_at=now + ttl)
    statement = values.on_conflict_do_update(
        index_elements=["key"],
        set_={"holder": holder, "expires_at": now + ttl},
        # A lease is taken over only once it has run out (its holder crashed or hung).
        where=(col(TokenRefreshLease.expires_at) <= now)
        | (col(TokenRefreshLease.holder) == holder),
    ).returning(col(TokenRefreshLease.holder))
    return session.execute(statement).scalar_one_or_none() == holder


@transactional
def release_refresh_lease(session: Session, *, key: str, holder: str) -> None:
    session.execute(delete(TokenRefreshLease).where(
        col(TokenRefreshLease.key) == key, col(TokenRefreshLease.holder) == holder))


def latest_bot_of_team(tables: InstallationTables, team_id: str) -> Bot | None:
    """The newest bot installation of a workspace, whatever Enterprise Grid org it is part of
    (background jobs know the workspace, not the org)."""
    bots = tables.reader.bots
    query = (
        select(bots)
        .where(bots.c.client_id == tables.reader.client_id, bots.c.team_id == team_id,
               bots.c.bot_token.is_not(None))
        .order_by(bots.c.installed_at.desc())
        .limit(1)
    )
    with tables.reader.engine.connect() as connection:
        row = connection.execute(query).mappings().first()
    return SQLAlchemyInstallationStore.build_bot_entity(row) if row is not None else None
