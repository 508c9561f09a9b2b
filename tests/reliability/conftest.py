"""The reliability suite reuses the end-to-end app driver of tests/bot."""

from tests.bot.conftest import app  # noqa: F401  (the signed-request driver, as a fixture)
