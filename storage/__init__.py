"""Persistence: SQLModel tables, the repository functions the use cases call, engines, migrations.

Every database session lives in this package.
"""
