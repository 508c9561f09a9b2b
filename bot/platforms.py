"""One claim loop, several platforms: each nudge and digest goes out through the messenger of
its workspace's platform (`Team.platform`), so Slack and Teams rows share the same outbox."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from commands.digest_composition import Digest
from commands.digest_delivery import DigestPublisher
from commands.people import Team
from commands.ports import Delivered, DeliveryFailed, Messenger, NudgeMessage, UndeliverableNotice

logger = logging.getLogger(__name__)


def _unconfigured(team: Team) -> DeliveryFailed:
    # Not permanent: the operator may be about to add the platform's credentials back.
    return DeliveryFailed(f"{team.platform} is not configured in this angrycall",
                          permanent=False)


class PlatformMessenger:
    def __init__(self, messengers: Mapping[str, Messenger]) -> None:
        self.messengers = messengers

    async def send_nudge(self, message: NudgeMessage) -> Delivered:
        messenger = self.messengers.get(message.team.platform)
        if messenger is None:
            raise _unconfigured(message.team)
        return await messenger.send_nudge(message)

    async def report_undeliverable(self, notice: UndeliverableNotice) -> None:
        messenger = self.messengers.get(notice.team.platform)
        if messenger is None:
            logger.warning("cannot tell %s on %s", notice.reporter_user_id, notice.team.platform)
            return
        await messenger.report_undeliverable(notice)


class PlatformDigestPublisher:
    def __init__(self, publishers: Mapping[str, DigestPublisher]) -> None:
        self.publishers = publishers

    async def publish(self, team: Team, channel_id: str, digest: Digest) -> Delivered:
        return await self._for(team).publish(team, channel_id, digest)

    async def members(self, team: Team, channel_id: str) -> frozenset[str]:
        return await self._for(team).members(team, channel_id)

    def _for(self, team: Team) -> DigestPublisher:
        publisher = self.publishers.get(team.platform)
        if publisher is None:
            raise _unconfigured(team)
        return publisher
