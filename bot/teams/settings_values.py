"""Reading a submitted settings card back into TeamSettings (pure).

Teams sends every input's value as a string (a multi-select's comma-separated); anything
unreadable keeps its current value, or reads as empty so the rules say what to fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time
from typing import Any

from bot.teams.ids import VERB, SettingId
from commands.custom_steps import own_steps_field, revise
from commands.playbook import Phase, Playbook
from commands.team_settings import TeamSettings, read_holidays


def typed_settings(data: Mapping[str, Any]) -> dict[str, str]:
    """The submitted inputs as strings (what the card is refilled with after an error)."""
    return {key: item.replace("\x00", "") for key, item in data.items()
            if isinstance(item, str) and key != VERB}


def settings_from_submission(data: Mapping[str, Any], current: TeamSettings) -> TeamSettings:
    values = typed_settings(data)
    holidays, unreadable = read_holidays(values.get(SettingId.HOLIDAYS, ""))
    return TeamSettings(
        lead_user_ids=tuple(_listed(values, SettingId.LEADS)),
        work_days=tuple(sorted({int(d) for d in _listed(values, SettingId.WORK_DAYS)
                                if d.isdigit() and int(d) < 7})),
        work_start=_time(values, SettingId.WORK_START) or current.work_start,
        work_end=_time(values, SettingId.WORK_END) or current.work_end,
        escalate_after_days=_int(values, SettingId.ESCALATE_AFTER, current.escalate_after_days),
        digest_show_names=values.get(SettingId.DIGEST_NAMES) == "true",
        categories=tuple(_lines(values, SettingId.CATEGORIES)),
        retention_days=_int(values, SettingId.RETENTION, current.retention_days),
        pre_due_days=_int(values, SettingId.PRE_DUE, current.pre_due_days),
        due_lead_hours=_int(values, SettingId.DUE_LEAD, current.due_lead_hours),
        holidays=holidays,
        unreadable_holidays=unreadable,
        furious_line=values.get(SettingId.FURIOUS_LINE) == "true",
        playbook=_playbook(values, current.playbook),
    )


def _playbook(values: Mapping[str, str], current: Playbook) -> Playbook:
    lines = {phase: _lines(values, own_steps_field(phase)) for phase in Phase}
    return revise(current, lines, _listed(values, SettingId.RETIRED_STEPS))


def _listed(values: Mapping[str, str], key: str) -> list[str]:
    return list(dict.fromkeys(item.strip() for item in values.get(key, "").split(",")
                              if item.strip()))


def _lines(values: Mapping[str, str], key: str) -> list[str]:
    return [line.strip() for line in values.get(key, "").splitlines() if line.strip()]


def _time(values: Mapping[str, str], key: str) -> time | None:
    try:
        typed = time.fromisoformat(values.get(key, ""))
    except ValueError:
        return None
    return typed if typed.tzinfo is None else None  # a zone here would not compare


def _int(values: Mapping[str, str], key: str, default: int) -> int:
    try:
        return int(values.get(key, ""))
    except ValueError:
        return default
