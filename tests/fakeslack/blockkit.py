"""The Block Kit checks live in the product (the sandbox's stand-in applies them too)."""

from bot.sandbox.blockkit import broadcasts_in, message_problems, view_problems

__all__ = ["broadcasts_in", "message_problems", "view_problems"]
