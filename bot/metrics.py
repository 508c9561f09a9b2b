"""What an operator watches, in Prometheus' format: `/metrics` (ANGRYCALL_METRICS=true) or a
port of its own (ANGRYCALL_METRICS_PORT); off unless asked for.

Lateness is real time: a nudge from its planned instant to Slack's or Teams' answer, a digest
from the end of the week it counts. The outbox's depth and the age of its oldest due row are
read from the database when scraped, so every replica (and `tick` run by cron) shows the same.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime

import prometheus_client
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from commands.digest_composition import Digest
from commands.digest_delivery import DigestPublisher
from commands.people import Team
from commands.ports import (
    Delivered,
    DeliveryFailed,
    Messenger,
    NudgeMessage,
    UndeliverableNotice,
)
from storage import outbox
from storage.engine import Database
from storage.models import DigestPost, Nudge

# The process' own series (sent, retried, ...): one set, whatever the number of apps built.
SHARED = CollectorRegistry(auto_describe=True)
LATENESS_BUCKETS = (1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 4 * 3600, 24 * 3600)
NUDGE_LATENESS = Histogram("angrycall_nudge_lateness_seconds",
                           "From a nudge's planned instant to its delivery",
                           buckets=LATENESS_BUCKETS, registry=SHARED)
DIGEST_LATENESS = Histogram("angrycall_digest_lateness_seconds",
                            "From the end of a digest's week to its delivery",
                            buckets=LATENESS_BUCKETS, registry=SHARED)
SENT = Counter("angrycall_outbox_sent", "Messages delivered", ["platform", "kind"],
               registry=SHARED)
RETRIED = Counter("angrycall_outbox_retried", "Attempts that failed (retried unless dead)",
                  ["platform", "kind"], registry=SHARED)
DEAD = Counter("angrycall_outbox_dead", "Nudges given up on (their reporter is told)",
               ["platform", "kind"], registry=SHARED)
ACK = Histogram("angrycall_ack_seconds", "From a request's arrival to the answer's headers",
                ["kind"], buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3),
                registry=SHARED)
TRANSACTION = Histogram("angrycall_db_transaction_seconds", "A unit of work in the database",
                        ["access"], buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                             0.25, 1, 5), registry=SHARED)
OUTBOXES = {"nudges": Nudge, "digests": DigestPost}
SLACK_PATH, TEAMS_PATH = "/slack/events", "/api/messages"


def observe_transaction(writes: bool, seconds: float) -> None:
    TRANSACTION.labels("write" if writes else "read").observe(seconds)


def _since(instant: datetime | None) -> float | None:
    return None if instant is None else max((datetime.now(UTC) - instant).total_seconds(), 0.0)


class MeasuredMessenger:
    """A Messenger that counts what it delivers, and how late."""

    def __init__(self, inner: Messenger) -> None:
        self._inner = inner

    async def send_nudge(self, message: NudgeMessage) -> Delivered:
        labels = (message.team.platform, message.kind.value)
        try:
            delivered = await self._inner.send_nudge(message)
        except DeliveryFailed:
            RETRIED.labels(*labels).inc()
            raise
        SENT.labels(*labels).inc()
        if (late := _since(message.fire_at)) is not None:
            NUDGE_LATENESS.observe(late)
        return delivered

    async def report_undeliverable(self, notice: UndeliverableNotice) -> None:
        DEAD.labels(notice.team.platform, "nudge").inc()
        await self._inner.report_undeliverable(notice)


class MeasuredPublisher:
    """A DigestPublisher that counts the digests it posts, and how late."""

    def __init__(self, inner: DigestPublisher) -> None:
        self._inner = inner

    async def publish(self, team: Team, channel_id: str, digest: Digest) -> Delivered:
        try:
            delivered = await self._inner.publish(team, channel_id, digest)
        except DeliveryFailed:
            RETRIED.labels(team.platform, "digest").inc()
            raise
        SENT.labels(team.platform, "digest").inc()
        DIGEST_LATENESS.observe(_since(digest.end) or 0.0)
        return delivered

    async def members(self, team: Team, channel_id: str) -> frozenset[str]:
        return await self._inner.members(team, channel_id)


class OutboxCollector(Collector):
    """Depth and oldest due row of each outbox, read when scraped (a read-only transaction)."""

    def __init__(self, db: Database, clock: Callable[[], datetime]) -> None:
        self._db, self._clock = db, clock

    def collect(self) -> Iterator[Metric]:
        depth = GaugeMetricFamily("angrycall_outbox_depth", "Rows due and not yet sent",
                                  labels=["table"])
        age = GaugeMetricFamily("angrycall_outbox_oldest_due_age_seconds",
                                "How long the oldest due row has waited", labels=["table"])
        now = self._clock()  # the app's clock: what is due is business time
        for name, model in OUTBOXES.items():
            found = self._db.run_sync(
                lambda session, model=model: outbox.backlog(session, model, now=now),  # type: ignore[misc]
                writes=False)
            depth.add_metric([name], found.due)
            oldest = found.oldest_due_at
            age.add_metric([name], 0.0 if oldest is None else
                           max((now - oldest).total_seconds(), 0.0))
        yield depth
        yield age


class _Shared(Collector):
    def collect(self) -> Iterable[Metric]:
        return SHARED.collect()


def registry_for(db: Database, clock: Callable[[], datetime]) -> CollectorRegistry:
    """The process' series and this database's outboxes, as one scrape."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Shared())
    registry.register(OutboxCollector(db, clock))
    return registry


def metrics_route(registry: CollectorRegistry) -> Route:
    async def metrics(_request: Request) -> Response:
        # The outbox query and the formatting stay off the event loop.
        body = await asyncio.to_thread(prometheus_client.generate_latest, registry)
        return Response(body, media_type=prometheus_client.CONTENT_TYPE_LATEST)

    return Route("/metrics", metrics, methods=["GET"])


def serve_on_port(registry: CollectorRegistry, port: int) -> Callable[[], None]:
    """Metrics on a port of their own (a thread); returns how to stop serving them."""
    server, thread = prometheus_client.start_http_server(port, registry=registry)

    def stop() -> None:
        server.shutdown()
        thread.join(timeout=5)

    return stop


def request_kind(path: str, body: bytes) -> str:
    """What Slack sent, from the first bytes of its body: no parsing on the hot path."""
    if path == TEAMS_PATH:
        return "teams"
    if body.startswith(b"payload="):
        return "interaction"
    return "event" if body.lstrip().startswith(b"{") else "command"


class AckTimer:
    """Pure ASGI (no per-request objects): times Slack's and Teams' requests to their answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path not in (SLACK_PATH, TEAMS_PATH):
            await self.app(scope, receive, send)
            return
        began = asyncio.get_running_loop().time()
        kind = ["other"]

        async def receiving() -> Message:
            message = await receive()
            if kind[0] == "other" and message["type"] == "http.request":
                kind[0] = request_kind(path, message.get("body", b""))
            return message

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                ACK.labels(kind[0]).observe(asyncio.get_running_loop().time() - began)
            await send(message)

        await self.app(scope, receiving, sending)
