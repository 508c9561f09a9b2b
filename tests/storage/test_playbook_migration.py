"""Migration 0005 keeps each case's checklist: old step ids become the new in-call steps."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import text

from storage.engine import make_engine
from storage.migrate import alembic_config


def _migrate(url: str, revision: str, *, down: bool = False) -> None:
    engine = make_engine(url)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)
    engine.dispose()


def _steps(url: str) -> list[str]:
    engine = make_engine(url)
    with engine.connect() as connection:
        raw = connection.execute(text("SELECT deescalation_steps FROM cases")).scalar_one()
    engine.dispose()
    return raw if isinstance(raw, list) else __import__("json").loads(raw)


def _seed_old_case(url: str, steps: str) -> None:
    engine = make_engine(url)
    with engine.begin() as c:
        c.execute(text("INSERT INTO workspaces (platform, external_id, name, categories, "
                       "created_at, lead_user_ids, work_days, work_start, work_end, "
                       "escalate_after_days, pre_due_days, due_lead_hours, digest_show_names, "
                       "retention_days) VALUES ('slack', 'T1', '', '[]', '2026-01-01', '[]', "
                       "'[0]', '09:00', '18:00', 2, 1, 2, false, 365)"))
        c.execute(text("INSERT INTO people (workspace_id, user_id, display_name, address) "
                       "VALUES (1, 'U1', '', '{}')"))
        c.execute(text("INSERT INTO cases (workspace_id, reporter_id, submission_key, customer, "
                       "contact_channel, occurred_at, anger_level, what_happened, problem, "
                       "customer_wants, agreed, deescalation_steps, lessons, share_consent, "
                       "status, created_at) VALUES (1, 1, 'k', 'Acme', 'phone', '2026-01-01', "
                       "3, 'x', '', '', '', :steps, '', false, 'open', '2026-01-01')"),
                  {"steps": steps})
    engine.dispose()


@pytest.fixture
def old_url(database_url: str) -> Iterator[str]:
    """A database as it was at revision 0004 (SQLite and PostgreSQL), brought back to head."""
    _migrate(database_url, "0004", down=True)
    yield database_url
    _migrate(database_url, "head")


def test_old_steps_become_new_ones_and_after_call_facts_leave(old_url: str) -> None:
    _seed_old_case(old_url, '["listen", "apologize", "meet_schedule", "share_feedback", '
                            '"restate_feelings"]')
    _migrate(old_url, "0005")
    assert _steps(old_url) == ["let_vent", "apologize", "take_ownership", "empathize"]
    engine = make_engine(old_url)
    with engine.connect() as connection:  # the new steps are offered from the upgrade on
        since = connection.execute(text("SELECT playbook_since FROM workspaces")).scalar_one()
    engine.dispose()
    assert since is not None


def _digest_weeks(url: str) -> list[str]:
    engine = make_engine(url)
    with engine.connect() as connection:
        weeks = connection.execute(text("SELECT iso_week FROM digest_posts ORDER BY id")).all()
    engine.dispose()
    return [w for (w,) in weeks]


def test_digest_rows_are_named_after_the_week_they_count(old_url: str) -> None:
    _seed_old_case(old_url, "[]")
    engine = make_engine(old_url)
    with engine.begin() as c:
        c.execute(text("INSERT INTO digest_subscriptions (workspace_id, channel_id, weekday, at, "
                       "tz, categories, members_only, active, created_by, created_at) VALUES "
                       "(1, 'C1', 0, '09:00', 'Europe/Berlin', '[]', false, true, '', "
                       "'2026-11-01')"))
        utc = "" if old_url.startswith("sqlite") else "+00"  # PostgreSQL: no server zone
        for week, fire_at in (("2026-W48", f"2026-11-23 08:00:00{utc}"),
                              ("2026-W49", f"2026-11-30 08:00:00{utc}")):
            c.execute(text("INSERT INTO digest_posts (subscription_id, iso_week, fire_at, status, "
                           "attempts, next_attempt_at, outcome_unknown, created_at) VALUES "
                           "(1, :week, :fire_at, 'sent', 1, :fire_at, false, :fire_at)"),
                      {"week": week, "fire_at": fire_at})
    engine.dispose()
    _migrate(old_url, "0005")
    assert _digest_weeks(old_url) == ["2026-W47", "2026-W48"]
    _migrate(old_url, "0004", down=True)
    assert _digest_weeks(old_url) == ["2026-W48", "2026-W49"]


def test_downgrading_gives_the_old_ids_back(old_url: str) -> None:
    _seed_old_case(old_url, '["ask_questions", "apologize", "solve_together"]')
    _migrate(old_url, "0005")
    _migrate(old_url, "0004", down=True)
    assert _steps(old_url) == ["ask_questions", "apologize", "solve_together"]
