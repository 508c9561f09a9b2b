"""Fake twins of the core's ports: they record what happened, and can be told to fail."""

from __future__ import annotations

from dataclasses import dataclass, field

from commands.ports import Delivered, DeliveryFailed, NudgeMessage, UndeliverableNotice


@dataclass
class FakeMessenger:
    sent: list[NudgeMessage] = field(default_factory=list)
    notices: list[UndeliverableNotice] = field(default_factory=list)
    # Failures to raise, in order, before sends succeed again.
    failures: list[DeliveryFailed] = field(default_factory=list)

    async def send_nudge(self, message: NudgeMessage) -> Delivered:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(message)
        return Delivered(channel_id=f"D{message.recipient_user_id}",
                         message_ts=f"{1700000000 + len(self.sent)}.000100")

    async def report_undeliverable(self, notice: UndeliverableNotice) -> None:
        self.notices.append(notice)

    def kinds_to(self, user_id: str) -> list[str]:
        return [m.kind.value for m in self.sent if m.recipient_user_id == user_id]
