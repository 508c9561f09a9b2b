"""The App Home tab (pure): what angrycall is for, and a button to log a conversation."""

from __future__ import annotations

from typing import Any

from bot.slack.ids import ActionId

INTRO = (
    "Right after a difficult customer conversation, log it here or with `/angrycall`. "
    "Write down what was promised and to whom: angrycall makes sure the promise is kept, "
    "and shares the lesson with your team."
)


def home_view() -> dict[str, Any]:
    return {
        "type": "home",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "angrycall"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": INTRO}},
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": ActionId.OPEN_LOG_FORM.value,
                        "style": "primary",
                        "text": {"type": "plain_text", "text": "Log a difficult conversation"},
                    }
                ],
            },
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": "`/angrycall help` lists everything you can do.",
                    }
                ],
            },
        ],
    }
