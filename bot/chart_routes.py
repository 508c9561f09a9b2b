"""`GET /charts/{token}.png`: the digest charts Teams cards show, while they have not expired.

Teams fetches a card's image by URL (no token of ours can go with it): the random token in the
URL is the only key, so anything unknown or expired is a plain 404.
"""

from __future__ import annotations

import logging
import re

from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.services import Services
from storage.chart_images import chart_png

logger = logging.getLogger(__name__)
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def chart_routes(services: Services) -> list[Route]:
    async def chart(request: Request) -> Response:
        token = request.path_params["token"]
        try:
            png = (await chart_png(services.db, token=token, now=services.now())
                   if TOKEN.fullmatch(token) else None)
        except SQLAlchemyError:
            logger.warning("chart not read: the database did not answer", exc_info=True)
            return Response("Try again shortly", status_code=503, media_type="text/plain",
                            headers={"Retry-After": "30"})
        if png is None:
            return Response("Not found", status_code=404, media_type="text/plain")
        # Never changes under its token; private: the chart shows a team's numbers.
        return Response(png, media_type="image/png",
                        headers={"Cache-Control": "private, max-age=3600"})

    return [Route("/charts/{token}.png", chart, methods=["GET"])]
