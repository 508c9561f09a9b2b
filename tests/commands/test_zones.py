from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from commands.zones import UTC, parse_zone, zone_named


@pytest.mark.parametrize("name", ["Europe/Berlin", "America/Argentina/Buenos_Aires", "UTC",
                                  "Etc/GMT+5"])
def test_an_iana_name_is_its_zone(name: str) -> None:
    assert parse_zone(name) == ZoneInfo(name)
    assert zone_named(name) == ZoneInfo(name)


@pytest.mark.parametrize("name", [None, "", "Mars/Olympus", "../../etc/passwd", "Europe/ Berlin",
                                  "A" * 5000, "Europe/Berlin\x00"])
def test_anything_else_is_no_zone_and_utc_where_one_is_needed(name: str | None) -> None:
    assert parse_zone(name) is None
    assert zone_named(name) == UTC
