"""A fake Slack Web API: a real local HTTP server the real slack_sdk client talks to."""

from tests.fakeslack.server import Call, FakeSlack

__all__ = ["Call", "FakeSlack"]
