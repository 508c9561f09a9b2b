"""Fixtures shared by every layer: databases (SQLite and PostgreSQL) and the fake Slack."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from commands.quicklog import load_date_parser
from storage.engine import Database, make_engine
from tests import heap
from tests.databases import empty_postgres_tables, migrated_sqlite_url, private_postgres_database
from tests.slack_requests import BOT_TOKEN, REPORTER, TEAM_ID

if TYPE_CHECKING:
    from tests.fakeslack import FakeSlack


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    # slack_sdk passes HTTP(S)_PROXY to aiohttp itself and ignores NO_PROXY: keep tests on loopback.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True, scope="session")
def _date_parser_loaded() -> None:
    # A server imports dateparser at its first quick note, within a second (bot.quick_text);
    # on a busy test machine that can run out, and the tests of what a note prefills would
    # see no guesses. Tests check the guesses, not the first note's start-up.
    load_date_parser()


@pytest.fixture(autouse=True, scope="session")
def _no_full_collections_within_a_test() -> Iterator[int]:
    thresholds = heap.frozen_start_up()
    yield thresholds[2]
    heap.thawed(thresholds)


@pytest.fixture(autouse=True)
def _full_collection_between_tests(_no_full_collections_within_a_test: int) -> Iterator[None]:
    yield
    heap.forget_finished_engines()
    heap.collect_if_due(_no_full_collections_within_a_test)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with private_postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated, empty database: each test runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield migrated_sqlite_url(str(tmp_path_factory.mktemp("db")))
        return
    url: str = request.getfixturevalue("postgres_url")
    empty_postgres_tables(url)
    yield url


@pytest.fixture
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return migrated_sqlite_url(str(tmp_path_factory.mktemp("db")))


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(make_engine(database_url))
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def fake_slack() -> Iterator[FakeSlack]:
    from tests.fakeslack import FakeSlack

    with FakeSlack(bot_tokens={BOT_TOKEN: {"team_id": TEAM_ID, "user_id": "UBOT",
                                          "bot_id": "BBOT"}}) as fake:
        yield fake


@pytest.fixture
def slack(fake_slack: FakeSlack) -> FakeSlack:
    """The fake Slack, emptied, with the people and channel the payload fixtures mention."""
    fake_slack.reset()
    fake_slack.add_user(REPORTER, tz="America/New_York", name="steve")
    fake_slack.add_user("U0OWNER01", tz="Europe/Berlin", name="olga")
    fake_slack.add_user("U0OTHER01", tz="Asia/Tokyo", name="kenji")
    fake_slack.add_channel("C2147483705", members=[REPORTER, "U0OWNER01"], name="support")
    return fake_slack
