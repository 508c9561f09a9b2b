"""Everything that talks to the outside: config, CLI, the ASGI app, Slack, Teams, the clock."""
