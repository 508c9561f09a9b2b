"""The platform-neutral core of angrycall: use cases, rules and composition.

Nothing in this package imports Slack, Teams, HTTP or the scheduler, and nothing reads the clock:
time always arrives as an argument (`now`, aware, UTC).
"""
