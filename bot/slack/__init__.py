"""The Slack adapter: bolt handlers, Block Kit views (pure), and the Slack messenger."""
