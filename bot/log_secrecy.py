"""What no log line may hold: a request body, a token or a secret (and no forged line).

Installed as the process's log record factory, so it holds for every handler, whatever the
level: records are cleaned as they are made, before any handler or filter sees them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

# Slack tokens: bot (xoxb), user (xoxp), refresh (xoxe), config, app-level (xapp)...
TOKEN = re.compile(r"\bx(?:ox[a-z]|app)[.-][\w.-]+")
REDACTED = "[redacted]"
# OAuth's redirect carries a one-time code and the state in its query (uvicorn's access line).
OAUTH_QUERY = re.compile(r"([?&](?:code|state)=)[^&\s\"']+")
# A value interpolated into a message (a Slack id, a type, an error text) is cut to this.
MAX_ARG_LENGTH = 200
CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
# slack_bolt and slack_sdk put whole requests and answers in their messages ("Unhandled
# request ({...})", "Received the following response - ... body: {...}"), the Agents SDK an
# activity that failed validation, with its values: their lines are cut to the words before
# the details.
LIBRARIES = ("slack_bolt", "slack_sdk", "microsoft_agents", "msal")
DETAILS = re.compile(r"[({\n]| - |: ")

RecordFactory = Callable[..., logging.LogRecord]


def keep_secrets(secrets: Iterable[str]) -> None:
    """From now on, every log record is cleaned of `secrets`, tokens and request bodies."""
    known = sorted({s for s in secrets if len(s) >= 8}, key=len, reverse=True)
    make = logging.getLogRecordFactory()
    if isinstance(make, SecretKeepingFactory):
        make = make.inner
    logging.setLogRecordFactory(SecretKeepingFactory(make, known))


class SecretKeepingFactory:
    def __init__(self, inner: RecordFactory, secrets: list[str]) -> None:
        self.inner = inner
        self.secrets = secrets

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record = self.inner(*args, **kwargs)
        if record.name.startswith(LIBRARIES):
            record.msg, record.args = self.redact(_headline(_message(record))), ()
        else:
            # The arguments stay arguments: some formatters read them (uvicorn's access log).
            record.msg = self.redact(str(record.msg))
            if isinstance(record.args, tuple):
                record.args = tuple(self._clean(arg) for arg in record.args)
            elif isinstance(record.args, Mapping):
                record.args = {key: self._clean(arg) for key, arg in record.args.items()}
        if record.exc_info:
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
        return record

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return OAUTH_QUERY.sub(rf"\g<1>{REDACTED}", TOKEN.sub(REDACTED, text))

    def _clean(self, arg: Any) -> Any:
        plain = _plain(arg)
        return plain if isinstance(plain, int | float) else self.redact(plain)


def _message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except (TypeError, ValueError, KeyError):
        return str(record.msg)


def _plain(arg: Any) -> Any:
    """A value from a request, made harmless in one line: short, and no line breaks to forge
    a second log line with."""
    if isinstance(arg, int | float):
        return arg
    text = CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", str(arg))
    return text if len(text) <= MAX_ARG_LENGTH else text[:MAX_ARG_LENGTH] + "…"


def _headline(message: str) -> str:
    head = DETAILS.split(message, maxsplit=1)[0].strip()
    return head if head == message.strip() else f"{head} (details not logged)"
