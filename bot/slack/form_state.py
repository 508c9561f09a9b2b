"""Reading the submitted log modal back into a CaseDraft, and the modal's private metadata.

Slack sends `view.state.values[block_id][action_id]`; anything missing, of the wrong type or
malformed reads as absent, so validation (not an exception) tells the reporter what to fix.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, TypeVar

from commands.cases import (
    MAX_COMMITMENTS,
    CaseDraft,
    CaseField,
    CaseOutcome,
    CommitmentDraft,
    CommitmentField,
    commitment_field,
)
from commands.playbook import AngerLevel, ContactChannel, Phase, is_step_id

E = TypeVar("E", bound=ContactChannel)
METADATA_LIMIT = 3000
SHARE_CONSENT_VALUE = "share"


class InvalidMetadata(ValueError):
    """The modal's private_metadata is not ours (tampered with, or from an old version)."""


@dataclass(frozen=True)
class ModalMetadata:
    submission_key: str
    channel_id: str | None
    commitment_count: int = 1
    source_permalink: str | None = None

    def encode(self) -> str:
        data = {"k": self.submission_key, "c": self.channel_id, "n": self.commitment_count,
                "p": self.source_permalink}
        encoded = json.dumps({k: v for k, v in data.items() if v is not None},
                             separators=(",", ":"))
        if len(encoded) > METADATA_LIMIT:  # only a monstrous permalink could do this
            return ModalMetadata(self.submission_key, self.channel_id,
                                 self.commitment_count).encode()
        return encoded

    @classmethod
    def decode(cls, raw: str) -> ModalMetadata:
        try:
            data = json.loads(raw)
            key, count = data["k"], int(data.get("n", 1))
        # json.loads accepts `Infinity` (int() overflows) and recurses on deep nesting.
        except (ValueError, TypeError, KeyError, OverflowError, RecursionError) as error:
            raise InvalidMetadata("not angrycall's modal metadata") from error
        if not isinstance(key, str) or not key or not 1 <= count <= MAX_COMMITMENTS:
            raise InvalidMetadata("not angrycall's modal metadata")
        channel, link = data.get("c"), data.get("p")
        return cls(key, channel if isinstance(channel, str) else None, count,
                   link if isinstance(link, str) else None)


def typed_text(value: Any) -> str | None:
    """A string a person typed, without NUL characters; None for anything but a string.

    Slack's own clients never send NUL, but a request may: PostgreSQL refuses to store it
    (DataError), so the form would fail on every retry with "could not save just now".
    """
    return value.replace("\x00", "") if isinstance(value, str) else None


def draft_from_view_state(
    values: Mapping[str, Any], *, commitment_count: int, source_permalink: str | None
) -> CaseDraft:
    state = _State(values if isinstance(values, Mapping) else {})
    return CaseDraft(
        customer=state.text(CaseField.CUSTOMER),
        contact_channel=_enum(ContactChannel, state.selected(CaseField.CONTACT_CHANNEL)),
        occurred_at=state.instant(CaseField.OCCURRED_AT),
        anger_level=_anger(state.selected(CaseField.ANGER_LEVEL)),
        what_happened=state.text(CaseField.WHAT_HAPPENED),
        problem=state.text(CaseField.PROBLEM),
        category=state.selected(CaseField.CATEGORY),
        customer_wants=state.text(CaseField.CUSTOMER_WANTS),
        agreed=state.text(CaseField.AGREED),
        deescalation_steps=_steps(state),
        lessons=state.text(CaseField.LESSONS),
        share_consent=SHARE_CONSENT_VALUE in state.checked(CaseField.SHARE_CONSENT),
        commitments=tuple(_commitment(state, i) for i in range(_count(commitment_count))),
        source_permalink=source_permalink,
        settled_outcome=_outcome(state.selected(CaseField.SETTLED_OUTCOME)),
    )


def _outcome(value: str | None) -> CaseOutcome | None:
    return CaseOutcome(value) if value in set(CaseOutcome) else None
def _steps(state: _State) -> tuple[str, ...]:
    # One checkbox group a phase of the call; the single group of older modals still reads.
    fields = [CaseField.DEESCALATION_STEPS.value,
              *(f"{CaseField.DEESCALATION_STEPS.value}_{phase.value}" for phase in Phase)]
    ticked = (value for name in fields for value in state.checked(name))
    return tuple(dict.fromkeys(value for value in ticked if is_step_id(value)))


def _count(count: int) -> int:
    return min(max(count, 1), MAX_COMMITMENTS)


def _commitment(state: _State, index: int) -> CommitmentDraft:
    def field(part: CommitmentField) -> str:
        return commitment_field(index, part)

    return CommitmentDraft(
        owner_user_id=state.user(field(CommitmentField.OWNER)),
        due_date=state.date(field(CommitmentField.DUE_DATE)),
        due_time=state.time(field(CommitmentField.DUE_TIME)),
        promise=state.text(field(CommitmentField.PROMISE)),
    )


class _State:
    """Typed, forgiving access to `view.state.values` (block id = action id = field name)."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values = values

    def _element(self, name: str) -> Mapping[str, Any]:
        block = self.values.get(name)
        element = block.get(name) if isinstance(block, Mapping) else None
        return element if isinstance(element, Mapping) else {}

    def _string(self, name: str, key: str) -> str | None:
        return typed_text(self._element(name).get(key))

    def text(self, name: str) -> str:
        return self._string(name, "value") or ""

    def selected(self, name: str) -> str | None:
        option = self._element(name).get("selected_option")
        value = option.get("value") if isinstance(option, Mapping) else None
        return value if isinstance(value, str) else None

    def checked(self, name: str) -> list[str]:
        options = self._element(name).get("selected_options")
        if not isinstance(options, list):
            return []
        return [o["value"] for o in options
                if isinstance(o, Mapping) and isinstance(o.get("value"), str)]

    def user(self, name: str) -> str:
        return self._string(name, "selected_user") or ""

    def date(self, name: str) -> date | None:
        try:
            return date.fromisoformat(self._string(name, "selected_date") or "")
        except ValueError:
            return None

    def time(self, name: str) -> time | None:
        try:
            return time.fromisoformat(self._string(name, "selected_time") or "")
        except ValueError:
            return None

    def instant(self, name: str) -> datetime | None:
        stamp = self._element(name).get("selected_date_time")
        if not isinstance(stamp, int | float) or isinstance(stamp, bool):
            return None
        try:
            return datetime.fromtimestamp(stamp, UTC)
        except (OverflowError, OSError, ValueError):
            return None


def _enum(kind: type[E], value: str | None) -> E | None:
    try:
        return kind(value) if value is not None else None
    except ValueError:
        return None


def _anger(value: str | None) -> AngerLevel | None:
    try:
        return AngerLevel(int(value)) if value is not None else None
    except ValueError:
        return None
