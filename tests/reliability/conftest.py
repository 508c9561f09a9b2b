"""The reliability suite reuses the end-to-end app drivers of tests/bot and tests/teams."""

from tests.bot.conftest import app  # noqa: F401  (the signed-request driver, as a fixture)
from tests.teams.conftest import (  # noqa: F401  (the Teams driver and its fakes)
    connector,
    fake_connector,
    signing_key,
    teams,
)
