"""The Microsoft Teams adapter (Microsoft 365 Agents SDK): the same product as bot/slack."""
