"""The Teams digest card carries the chart: drawn when the digest goes out, kept under a random
token, served at `GET /charts/{token}.png` on ANGRYCALL_PUBLIC_URL until it expires."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError

from bot.config import Settings
from storage.chart_images import chart_png, keep_chart
from tests.bot.conftest import FIXED_NOW
from tests.teams.activities import CHANNEL, in_channel
from tests.teams.conftest import TeamsDriver, driving, teams_settings
from tests.teams.fake_connector import FakeBotConnector
from tests.teams.signing import SigningKey
from tests.teams.test_card_schema import problems
from tests.teams.test_digest import MONDAY_NINE, subscribe
from tests.teams.test_nudges import log_case

PUBLIC = "https://angrycall.example.com"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
async def public(connector: FakeBotConnector, signing_key: SigningKey,
                 database_url: str) -> AsyncIterator[TeamsDriver]:
    settings = teams_settings(connector, database_url, public_url=PUBLIC + "/")
    async with driving(settings, connector, signing_key) as driver:
        yield driver


def images(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in card["body"] if e["type"] == "Image"]


async def test_the_digest_card_shows_the_chart_served_at_the_public_address(
        public: TeamsDriver) -> None:
    await subscribe(public)
    await log_case(public)
    assert (await public.tick(MONDAY_NINE)).digests_posted == 1
    (post,) = public.connector.cards_to(CHANNEL)
    (image,) = images(post.card)
    assert image["url"].startswith(f"{PUBLIC}/charts/") and image["url"].endswith(".png")
    assert image["altText"] and problems(post.card) == []
    token = image["url"].removeprefix(f"{PUBLIC}/charts/").removesuffix(".png")
    assert len(token) >= 40  # unguessable
    response = await public.http.get(f"/charts/{token}.png")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.content.startswith(PNG_SIGNATURE)


async def test_a_preview_shows_the_chart_too(public: TeamsDriver) -> None:
    await log_case(public)
    await public.send(in_channel(public.connector.url, "digest preview"))
    preview = public.connector.cards_to(f"{CHANNEL};messageid=1732460000000")[0]
    (image,) = images(preview.card)
    response = await public.http.get(image["url"].removeprefix(PUBLIC))
    assert response.status_code == 200 and response.content.startswith(PNG_SIGNATURE)


async def test_a_quiet_week_has_no_chart(public: TeamsDriver) -> None:
    await subscribe(public)
    assert (await public.tick(MONDAY_NINE)).digests_posted == 1
    (post,) = public.connector.cards_to(CHANNEL)
    assert images(post.card) == []


async def test_without_a_public_address_no_chart(teams: TeamsDriver) -> None:
    await subscribe(teams)
    await log_case(teams)
    assert (await teams.tick(MONDAY_NINE)).digests_posted == 1
    (post,) = teams.connector.cards_to(CHANNEL)
    assert images(post.card) == []


async def test_an_unknown_or_expired_chart_is_not_found(public: TeamsDriver) -> None:
    # The app's clock is FIXED_NOW: this chart expired a second before.
    expired = await keep_chart(public.db, png=PNG_SIGNATURE, now=FIXED_NOW - timedelta(days=1),
                               expires_at=FIXED_NOW - timedelta(seconds=1))
    for path in (f"/charts/{expired}.png", "/charts/" + "a" * 43 + ".png", "/charts/x.png",
                 "/charts/..%2F..%2Fetc.png"):
        response = await public.http.get(path)
        assert response.status_code == 404, path
        assert not response.content.startswith(PNG_SIGNATURE)


async def test_expired_charts_are_cleared_when_the_next_is_kept(public: TeamsDriver) -> None:
    old = await keep_chart(public.db, png=b"old", now=FIXED_NOW,
                           expires_at=FIXED_NOW + timedelta(hours=1))
    assert await chart_png(public.db, token=old, now=FIXED_NOW) == b"old"
    later = FIXED_NOW + timedelta(hours=2)
    await keep_chart(public.db, png=b"new", now=later, expires_at=later + timedelta(days=1))
    assert await chart_png(public.db, token=old, now=FIXED_NOW) is None  # the row is gone


@pytest.mark.parametrize("url", ["angrycall.example.com", "ftp://angrycall.example.com",
                                 "https://angrycall.example.com/?x=1"])
def test_the_public_address_must_be_a_web_address(url: str) -> None:
    with pytest.raises(ValidationError, match="public address"):
        Settings(_env_file=None, ANGRYCALL_PUBLIC_URL=url)  # type: ignore[call-arg]


def test_the_public_address_is_read_from_the_environment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANGRYCALL_PUBLIC_URL", "https://bot.example.com/angrycall/")
    assert Settings(_env_file=None).public_url == "https://bot.example.com/angrycall"  # type: ignore[call-arg]


async def test_a_database_that_does_not_answer_is_a_503_not_a_500(
        public: TeamsDriver, monkeypatch: pytest.MonkeyPatch) -> None:
    async def unreachable(*_args: object, **_kwargs: object) -> bytes:
        raise OperationalError("SELECT", {}, Exception("connection refused"))

    monkeypatch.setattr("bot.chart_routes.chart_png", unreachable)
    response = await public.http.get("/charts/" + "a" * 43 + ".png")
    assert response.status_code == 503 and response.headers["retry-after"] == "30"
