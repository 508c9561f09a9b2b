"""A kept suggestion window says what a window read afresh would, on both databases: for a run
of cases, after a case named in it is deleted or linked to a theme, with cases another replica
logged, a case that shows up late, and when its time is up or the clock goes back."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col

from commands.people import Team
from commands.theme_suggestions import WINDOW, Suggestion
from commands.theme_views import ThemeView
from commands.theme_windows import REREAD, SuggestionWindows
from commands.themes import Actor, start_theme, suggestions_for
from storage import theme_facts
from storage.case_lifecycle import delete_case
from storage.engine import Database
from storage.models import Case
from tests.statements import counted
from tests.theme_seeding import LEAD, REPORTER, START, a_case, a_workspace

PROBLEMS = ["Charged twice for the November invoice", "Charged twice after the plan change",
            "Charged twice again on the card", "Parcel lost in the depot",
            "Charged twice on the December invoice"]


async def kept(windows: SuggestionWindows, db: Database, workspace_id: int, case_id: int,
               at: datetime) -> list[Suggestion]:
    return await windows.suggest(db, workspace_id=workspace_id, case_id=case_id, logged_at=at)


async def afresh(db: Database, case_id: int) -> list[Suggestion]:
    return await suggestions_for(db, case_id=case_id,
                                 actor=Actor(user_id=REPORTER, team=Team("slack", "T1")))


async def log(db: Database, workspace_id: int, number: int, at: datetime,
              customer: str = "") -> int:
    return await a_case(db, workspace_id, key=f"k{number}", at=at,
                        problem=PROBLEMS[number % len(PROBLEMS)],
                        customer=customer or f"Customer {number % 3}")


async def test_a_run_of_cases_is_suggested_as_a_fresh_read_would(db: Database) -> None:
    workspace_id = await a_workspace(db)
    windows = SuggestionWindows()
    said = []
    for number in range(12):
        at = START + timedelta(seconds=20 * number)  # within REREAD: kept, not read again
        case_id = await log(db, workspace_id, number, at)
        found = await kept(windows, db, workspace_id, case_id, at)
        assert found == await afresh(db, case_id)
        said += [s.reason for s in found]
    assert "8 Billing cases in 1 day mention 'charged twice'" in said


async def test_a_deleted_case_is_not_named(db: Database) -> None:
    workspace_id = await a_workspace(db)
    windows = SuggestionWindows()
    ids = []
    for number in range(3):
        at = START + timedelta(minutes=number)
        ids.append(await log(db, workspace_id, number, at, customer="Acme"))
        await kept(windows, db, workspace_id, ids[-1], at)
    await delete_case(db, case_id=ids[0], actor_user_id=LEAD, now=START + timedelta(minutes=3))
    at = START + timedelta(minutes=4)
    newest = await log(db, workspace_id, 4, at, customer="Acme")
    found = await kept(windows, db, workspace_id, newest, at)
    assert found == await afresh(db, newest)
    assert all(ids[0] not in s.case_ids for s in found)
    assert [s.case_ids for s in found if s.kind == "same_customer"] == [(ids[1], ids[2], newest)]


async def test_a_theme_started_meanwhile_is_the_one_suggested(db: Database) -> None:
    workspace_id = await a_workspace(db)
    windows = SuggestionWindows()
    ids = []
    for number in (0, 1, 2):
        at = START + timedelta(minutes=number)
        ids.append(await log(db, workspace_id, number, at))
        await kept(windows, db, workspace_id, ids[-1], at)
    theme = await start_theme(db, actor=Actor(user_id=LEAD, team=Team("slack", "T1")),
                              title="Double charges", case_ids=ids,
                              now=START + timedelta(minutes=3))
    assert isinstance(theme, ThemeView)
    at = START + timedelta(minutes=4)
    newest = await log(db, workspace_id, 4, at)
    found = await kept(windows, db, workspace_id, newest, at)
    assert found == await afresh(db, newest)
    assert [s.theme_id for s in found if s.kind == "alike"] == [theme.theme_id]


async def test_cases_another_replica_logged_are_compared(db: Database) -> None:
    workspace_id = await a_workspace(db)
    here, elsewhere = SuggestionWindows(), SuggestionWindows()
    for number in range(6):
        at = START + timedelta(minutes=number)
        case_id = await log(db, workspace_id, number, at)
        windows = here if number % 2 else elsewhere
        assert await kept(windows, db, workspace_id, case_id, at) == await afresh(db, case_id)


async def test_a_window_is_read_afresh_when_its_time_is_up_or_the_clock_goes_back(
        db: Database) -> None:
    workspace_id = await a_workspace(db)
    windows = SuggestionWindows()
    moments = [START + timedelta(days=1), START + timedelta(days=1) + REREAD * 2,
               START + timedelta(hours=1), START + timedelta(days=30)]
    for number, at in enumerate(moments):
        case_id = await log(db, workspace_id, number, at, customer="Acme")
        assert await kept(windows, db, workspace_id, case_id, at) == await afresh(db, case_id)


async def test_a_case_that_shows_up_below_the_ids_already_read_is_compared(
        db: Database) -> None:
    workspace_id = await a_workspace(db)
    other = await a_workspace(db, team="T2")
    windows = SuggestionWindows()
    first = await log(db, workspace_id, 0, START, customer="Acme")
    hidden = await a_case(db, other, key="hidden", problem=PROBLEMS[1], customer="Acme",
                          at=START + timedelta(minutes=1))
    second = await log(db, workspace_id, 2, START + timedelta(minutes=2), customer="Acme")
    for case_id, minute in ((first, 0), (second, 2)):
        await kept(windows, db, workspace_id, case_id, START + timedelta(minutes=minute))

    # To the window, this is a PostgreSQL insert that committed after a higher id was read.
    def arrives_late(session: Session) -> None:
        session.execute(update(Case).where(col(Case.id) == hidden)
                        .values(workspace_id=workspace_id))

    await db.run(arrives_late)
    at = START + timedelta(minutes=3)
    newest = await log(db, workspace_id, 3, at, customer="Acme")
    found = await kept(windows, db, workspace_id, newest, at)
    assert found == await afresh(db, newest)
    assert [s.case_ids for s in found if s.kind == "same_customer"] == [
        (first, hidden, second, newest)]


async def test_a_case_the_window_moved_past_counts_once_for_a_case_logged_just_before(
        db: Database) -> None:
    """Concurrent cases can finish out of the order they were logged in: the window moves past
    the oldest case for one, and the next, logged a little earlier, still reaches it."""
    workspace_id = await a_workspace(db)
    windows = SuggestionWindows()
    edge = START + WINDOW
    oldest = await log(db, workspace_id, 0, START)
    for number, at in ((1, edge - timedelta(minutes=2)), (2, edge + timedelta(seconds=10))):
        case_id = await log(db, workspace_id, number, at)
        assert await kept(windows, db, workspace_id, case_id, at) == await afresh(db, case_id)
    at = edge - timedelta(seconds=10)
    earlier = await log(db, workspace_id, 4, at)
    found = await kept(windows, db, workspace_id, earlier, at)
    assert found == await afresh(db, earlier)
    alike = [s.case_ids for s in found if s.kind == "alike"]
    assert alike == [(oldest, alike[0][1], earlier)]


async def test_only_the_windows_of_workspaces_logging_lately_are_held(db: Database) -> None:
    windows = SuggestionWindows()
    for number, team in enumerate(("T1", "T2", "T3")):
        workspace_id = await a_workspace(db, team=team)
        case_id = await log(db, workspace_id, number, START)
        await kept(windows, db, workspace_id, case_id, START)
    assert len(windows) == 3
    later = START + REREAD * 2
    case_id = await log(db, workspace_id, 3, later)
    assert await kept(windows, db, workspace_id, case_id, later) == await afresh(db, case_id)
    assert len(windows) == 1


async def test_cases_stored_while_a_read_is_under_way_share_the_next_one(db: Database) -> None:
    """A burst of submissions: each case waits for a read begun after it was stored, and those
    that waited for the same read share it, each told what a fresh read would tell it."""
    workspace_id = await a_workspace(db)
    windows = SuggestionWindows()
    logged = [(await log(db, workspace_id, number, START + timedelta(seconds=number)),
               START + timedelta(seconds=number)) for number in range(6)]
    with counted() as traffic:
        found = await asyncio.gather(*(kept(windows, db, workspace_id, case_id, at)
                                       for case_id, at in logged))
    # The first case's read (the window's first: read whole), then one for the five others.
    assert traffic.transactions == 2, traffic.statements
    assert found == [await afresh(db, case_id) for case_id, _ in logged]


async def test_cases_waiting_for_a_read_that_fails_fail_with_it(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The database goes away during a burst: each case waits for one failed read at most,
    not for every failed read of the cases queued before it."""
    workspace_id = await a_workspace(db)
    windows = SuggestionWindows()
    logged = [(await log(db, workspace_id, number, START + timedelta(seconds=number)),
               START + timedelta(seconds=number)) for number in range(6)]
    reads = []

    async def gone(*_: object, **__: object) -> None:
        reads.append(len(reads))
        await asyncio.sleep(0.01)
        raise OperationalError("SELECT", {}, Exception("connection refused"))

    monkeypatch.setattr(theme_facts, "cases_since", gone)
    found = await asyncio.gather(*(kept(windows, db, workspace_id, case_id, at)
                                   for case_id, at in logged), return_exceptions=True)
    assert all(isinstance(outcome, OperationalError) for outcome in found), found
    assert len(reads) == 2  # the first case's, then the one the five others waited for
    monkeypatch.undo()
    case_id, at = logged[-1]
    assert await kept(windows, db, workspace_id, case_id, at) == await afresh(db, case_id)
