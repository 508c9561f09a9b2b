"""The fake workspace is the sandbox's stand-in (bot/sandbox/workspace.py), reused as is."""

from bot.sandbox.workspace import Answer, SlackError, World, user_record

__all__ = ["Answer", "SlackError", "World", "user_record"]
