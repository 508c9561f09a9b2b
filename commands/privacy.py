"""The scope rule of the personal conversations (list, home, settings): they are answered only
where no one but the asker sees the answer. The platform says whether a place is such a place
(Slack: always, its answers are ephemeral, a modal or the App Home; Teams: the personal chat);
the use case decides what is shown there."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NotPrivate:
    text: str  # where to ask instead (a `commands.refusals` text)
