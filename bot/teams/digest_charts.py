"""The digest chart for a Teams card: drawn, kept under a random token, and named by the URL
`angrycall serve` answers at on its public address (ANGRYCALL_PUBLIC_URL).

Slack takes the chart as an uploaded file; an Adaptive Card can only point at an image. Best
effort, like Slack's upload: a chart that can't be drawn or kept leaves the card without one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError

from bot.charts import digest_chart
from commands.digest_composition import Digest
from storage.chart_images import keep_chart
from storage.engine import Database

logger = logging.getLogger(__name__)
# Long enough to read a digest weeks later; old ones lose their picture, not their numbers.
CHART_LIFETIME = timedelta(days=60)


class ChartShelf:
    def __init__(self, db: Database, public_url: str, clock: Callable[[], datetime]) -> None:
        self.db = db
        self.public_url = public_url
        self.clock = clock

    async def url_for(self, digest: Digest) -> str | None:
        """Where the card finds this digest's chart; None for a quiet week (as on Slack)."""
        if digest.quiet:
            return None
        try:
            # matplotlib takes a while, and holds no lock of ours: off the event loop.
            png = await asyncio.to_thread(digest_chart, digest)
            now = self.clock()
            token = await keep_chart(self.db, png=png, expires_at=now + CHART_LIFETIME, now=now)
        except (SQLAlchemyError, ValueError, RuntimeError, OSError):
            logger.warning("digest chart not drawn; the card goes without it", exc_info=True)
            return None
        return f"{self.public_url}/charts/{token}.png"


def chart_shelf(db: Database, public_url: str | None,
                clock: Callable[[], datetime]) -> ChartShelf | None:
    """No public address, no chart: Teams could not fetch it."""
    return ChartShelf(db, public_url, clock) if public_url else None
