"""`angrycall sandbox`: the real app with a local stand-in for Slack, driven from a web page.

Nothing here is imported on `angrycall serve`'s path: production never starts the stand-in.
"""
