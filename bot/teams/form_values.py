"""Reading a submitted form card back into a CaseDraft (pure).

Teams sends `activity.value` = the Action.Submit data merged with every input's value, as
strings; an empty input may be missing or "". Anything malformed reads as absent, so
validation (not an exception) tells the reporter what to fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from bot.teams.ids import DataKey, InputId
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


def typed_values(value: Mapping[str, Any]) -> dict[str, str]:
    """The submitted inputs as strings (what the card is refilled with after an error),
    without NUL characters: PostgreSQL refuses them, so the case could never be saved."""
    return {key: item.replace("\x00", "") for key, item in value.items()
            if isinstance(item, str) and key not in {k.value for k in DataKey}}


def commitment_count(value: Mapping[str, Any]) -> int:
    raw = value.get(DataKey.COMMITMENT_COUNT)
    try:
        count = int(raw) if isinstance(raw, int | str) and not isinstance(raw, bool) else 1
    except ValueError:
        count = 1
    return min(max(count, 1), MAX_COMMITMENTS)


def remove_index(value: Mapping[str, Any]) -> int | None:
    """Which added commitment a Remove button takes out (never the first)."""
    raw = value.get(DataKey.REMOVE_INDEX)
    if isinstance(raw, bool) or not isinstance(raw, int | str) or not str(raw).isdigit():
        return None
    index = int(raw)
    return index if 0 < index < commitment_count(value) else None


def without_commitment(values: Mapping[str, str], index: int) -> dict[str, str]:
    """The typed values with commitment `index` taken out and the later ones moved up."""
    kept: dict[str, str] = {}
    for key, item in values.items():
        position, part = _commitment_key(key)
        if position is None:
            kept[key] = item
        elif position != index:
            shifted = position - 1 if position > index else position
            kept[commitment_field(shifted, part)] = item
    return kept


def _commitment_key(key: str) -> tuple[int | None, CommitmentField]:
    for part in CommitmentField:
        for position in range(MAX_COMMITMENTS):
            if key == commitment_field(position, part):
                return position, part
    return None, CommitmentField.OWNER


def occurred_errors(values: Mapping[str, str]) -> dict[str, str]:
    """A time for "When?" without its day would be dropped without a word: say so instead."""
    if values.get(InputId.OCCURRED_TIME, "").strip() and not values.get(
            InputId.OCCURRED_ON, "").strip():
        return {InputId.OCCURRED_TIME.value: "Pick the day too, or clear the time."}
    return {}


def draft_from_submission(value: Mapping[str, Any], *, zone: ZoneInfo) -> CaseDraft:
    """`zone` is the reporter's: the day and time they typed for "when" are theirs."""
    values = typed_values(value)
    text = values.get
    return CaseDraft(
        customer=text(CaseField.CUSTOMER, ""),
        contact_channel=_enum(ContactChannel, text(CaseField.CONTACT_CHANNEL)),
        occurred_at=_occurred_at(values, zone),
        anger_level=_anger(text(CaseField.ANGER_LEVEL)),
        what_happened=text(CaseField.WHAT_HAPPENED, ""),
        problem=text(CaseField.PROBLEM, ""),
        category=text(CaseField.CATEGORY) or None,
        customer_wants=text(CaseField.CUSTOMER_WANTS, ""),
        agreed=text(CaseField.AGREED, ""),
        deescalation_steps=steps_ticked(values),
        lessons=text(CaseField.LESSONS, ""),
        share_consent=text(CaseField.SHARE_CONSENT) == "true",
        commitments=tuple(_commitment(values, i) for i in range(commitment_count(value))),
        settled_outcome=_outcome(text(CaseField.SETTLED_OUTCOME)),
    )


def _outcome(raw: str | None) -> CaseOutcome | None:
    return CaseOutcome(raw) if raw in set(CaseOutcome) else None
def steps_ticked(values: Mapping[str, str]) -> tuple[str, ...]:
    """The steps ticked in the card's choice sets, one a phase (older cards had one set)."""
    fields = [CaseField.DEESCALATION_STEPS.value,
              *(f"{CaseField.DEESCALATION_STEPS.value}_{phase.value}" for phase in Phase)]
    ticked = (part.strip() for name in fields for part in values.get(name, "").split(","))
    return tuple(dict.fromkeys(step for step in ticked if is_step_id(step)))


def _commitment(values: Mapping[str, str], index: int) -> CommitmentDraft:
    def get(part: CommitmentField) -> str:
        return values.get(commitment_field(index, part), "")

    return CommitmentDraft(
        owner_user_id=get(CommitmentField.OWNER),
        due_date=parse_date(get(CommitmentField.DUE_DATE)),
        due_time=parse_time(get(CommitmentField.DUE_TIME)),
        promise=get(CommitmentField.PROMISE),
    )


def _occurred_at(values: Mapping[str, str], zone: ZoneInfo) -> datetime | None:
    day = parse_date(values.get(InputId.OCCURRED_ON, ""))
    if day is None:
        return None
    local = datetime.combine(day, parse_time(values.get(InputId.OCCURRED_TIME, "")) or time())
    return local.replace(tzinfo=zone).astimezone(ZoneInfo("UTC"))


def parse_date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip()) if raw else None
    except ValueError:
        return None


def parse_time(raw: str) -> time | None:
    try:
        return time.fromisoformat(raw.strip()) if raw else None
    except ValueError:
        return None


def _enum(kind: type[E], raw: str | None) -> E | None:
    try:
        return kind(raw) if raw else None
    except ValueError:
        return None


def _anger(raw: str | None) -> AngerLevel | None:
    try:
        return AngerLevel(int(raw)) if raw else None
    except ValueError:
        return None
