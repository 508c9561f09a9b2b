"""Digest charts kept for Teams to fetch: stored under a random token, gone once expired."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col

from storage.engine import reading, transactional
from storage.models import ChartImage


@transactional
def keep_chart(session: Session, *, png: bytes, expires_at: datetime, now: datetime) -> str:
    """Store the chart and return its token (unguessable: 256 random bits); charts past their
    expiry are cleared on the way."""
    session.execute(delete(ChartImage).where(col(ChartImage.expires_at) <= now))
    token = secrets.token_urlsafe(32)
    session.add(ChartImage(token=token, png=png, expires_at=expires_at))
    return token


@reading
def chart_png(session: Session, *, token: str, now: datetime) -> bytes | None:
    """The chart under this token while it has not expired."""
    chart = session.get(ChartImage, token)
    if chart is None or chart.expires_at <= now:
        return None
    return chart.png
