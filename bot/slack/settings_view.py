"""The team settings modal and reading it back (pure)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import time
from typing import Any

from bot.slack.commitment_modals import checked, selected_value, text_value, time_value
from bot.slack.ids import CallbackId, InputId
from bot.slack.settings_steps import playbook_blocks, playbook_from_state
from commands.team_settings import (
    DUE_LEAD_CHOICES,
    ESCALATION_CHOICES,
    PRE_DUE_CHOICES,
    RETENTION_CHOICES,
    WEEKDAY_NAMES,
    TeamSettings,
    read_holidays,
)


def settings_modal(current: TeamSettings) -> dict[str, Any]:
    days = [_option(name, str(index)) for index, name in enumerate(WEEKDAY_NAMES)]
    chosen_days = [days[index] for index in current.work_days if 0 <= index < len(days)]
    escalation = [_option(_days(n), str(n)) for n in ESCALATION_CHOICES]
    retention = [_option(f"{n} days" if n else "Never (keep everything)", str(n))
                 for n in RETENTION_CHOICES]
    leads: dict[str, Any] = {"type": "multi_users_select", "action_id": InputId.LEADS.value}
    if current.lead_user_ids:
        leads["initial_users"] = list(current.lead_user_ids)
    day_picker: dict[str, Any] = {"type": "checkboxes", "action_id": InputId.WORK_DAYS.value,
                                  "options": days}
    if chosen_days:
        day_picker["initial_options"] = chosen_days
    return {
        "type": "modal",
        "callback_id": CallbackId.SETTINGS_MODAL.value,
        "title": {"type": "plain_text", "text": "Team settings"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            _input(InputId.LEADS, "Team leads (overdue promises escalate to them)", leads,
                   optional=True),
            _input(InputId.WORK_DAYS, "Working days", day_picker),
            _input(InputId.WORK_START, "Working day starts", _timepicker(InputId.WORK_START,
                                                                         current.work_start)),
            _input(InputId.WORK_END, "Working day ends", _timepicker(InputId.WORK_END,
                                                                     current.work_end)),
            _input(InputId.ESCALATE_AFTER, "Escalate to the leads after", {
                "type": "static_select", "action_id": InputId.ESCALATE_AFTER.value,
                "options": escalation,
                "initial_option": escalation[
                    ESCALATION_CHOICES.index(current.escalate_after_days)
                    if current.escalate_after_days in ESCALATION_CHOICES else 1],
            }),
            _input(InputId.PRE_DUE, "First reminder, before the due date", _choice(
                InputId.PRE_DUE, PRE_DUE_CHOICES, current.pre_due_days,
                lambda n: "1 working day" if n == 1 else f"{n} working days")),
            _input(InputId.DUE_LEAD, "On the day, remind ahead of the promised time", _choice(
                InputId.DUE_LEAD, DUE_LEAD_CHOICES, current.due_lead_hours,
                lambda n: "1 hour" if n == 1 else f"{n} hours")),
            _input(InputId.DIGEST_NAMES, "Weekly digest", _names_choice(current),
                   optional=True),
            _input(InputId.HOLIDAYS, "Dates off (no nudges; not counted as working days)",
                   _holidays_input(current), optional=True),
            _input(InputId.FURIOUS_LINE, "After a furious call", _furious_choice(current),
                   optional=True),
            _input(InputId.CATEGORIES, "Problem categories offered in the form, one a line",
                   _categories_input(current)),
            _input(InputId.RETENTION, "Erase the free text of closed cases after", {
                "type": "static_select", "action_id": InputId.RETENTION.value,
                "options": retention, "initial_option": next(
                    (o for o in retention if o["value"] == str(current.retention_days)),
                    retention[3]),
            }),
            *playbook_blocks(current.playbook),
        ],
    }


def _choice(input_id: InputId, choices: tuple[int, ...], current: int,
            label: Callable[[int], str]) -> dict[str, Any]:
    options = [_option(label(n), str(n)) for n in choices]
    chosen = next((o for o in options if o["value"] == str(current)), options[0])
    return {"type": "static_select", "action_id": input_id.value, "options": options,
            "initial_option": chosen}


def _categories_input(current: TeamSettings) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": InputId.CATEGORIES.value,
                               "multiline": True, "max_length": 3000}
    if current.categories:
        element["initial_value"] = "\n".join(current.categories)[:3000]
    return element


def _holidays_input(current: TeamSettings) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input", "action_id": InputId.HOLIDAYS.value, "multiline": True,
        "max_length": 3000,
        "placeholder": {"type": "plain_text", "text": "One a line, e.g. 2026-12-25 Christmas"}}
    if current.holidays:
        element["initial_value"] = "\n".join(day.isoformat() for day in current.holidays)
    return element


def _furious_choice(current: TeamSettings) -> dict[str, Any]:
    option = _option("Add a private line of care to the reporter's confirmation", "on")
    element: dict[str, Any] = {"type": "checkboxes", "action_id": InputId.FURIOUS_LINE.value,
                               "options": [option]}
    if current.furious_line:
        element["initial_options"] = [option]
    return element


def _names_choice(current: TeamSettings) -> dict[str, Any]:
    option = _option("Show customer names in the digest (they are anonymized otherwise)",
                     "show")
    element: dict[str, Any] = {"type": "checkboxes", "action_id": InputId.DIGEST_NAMES.value,
                               "options": [option]}
    if current.digest_show_names:
        element["initial_options"] = [option]
    return element


def settings_from_state(values: Mapping[str, Any], current: TeamSettings) -> TeamSettings:
    """What was submitted; anything unreadable keeps its current value."""
    return TeamSettings(
        lead_user_ids=tuple(_users(values)),
        work_days=tuple(_days_chosen(values)),
        work_start=time_value(values, InputId.WORK_START) or current.work_start,
        work_end=time_value(values, InputId.WORK_END) or current.work_end,
        escalate_after_days=_int(selected_value(values, InputId.ESCALATE_AFTER),
                                 current.escalate_after_days),
        digest_show_names=checked(values, InputId.DIGEST_NAMES),
        categories=tuple(line.strip() for line in text_value(values, InputId.CATEGORIES)
                         .splitlines() if line.strip()),
        retention_days=_int(selected_value(values, InputId.RETENTION), current.retention_days),
        pre_due_days=_int(selected_value(values, InputId.PRE_DUE), current.pre_due_days),
        due_lead_hours=_int(selected_value(values, InputId.DUE_LEAD), current.due_lead_hours),
        **_promise_settings(values),
        playbook=playbook_from_state(values, current.playbook),
    )


def _promise_settings(values: Mapping[str, Any]) -> dict[str, Any]:
    holidays, unreadable = read_holidays(text_value(values, InputId.HOLIDAYS))
    return {"holidays": holidays, "unreadable_holidays": unreadable,
            "furious_line": checked(values, InputId.FURIOUS_LINE)}


def _users(values: Mapping[str, Any]) -> list[str]:
    element = (values.get(InputId.LEADS.value) or {}).get(InputId.LEADS.value) or {}
    users = element.get("selected_users") if isinstance(element, Mapping) else None
    return [u for u in users if isinstance(u, str)] if isinstance(users, list) else []


def _days_chosen(values: Mapping[str, Any]) -> list[int]:
    element = (values.get(InputId.WORK_DAYS.value) or {}).get(InputId.WORK_DAYS.value) or {}
    options = element.get("selected_options") if isinstance(element, Mapping) else None
    if not isinstance(options, list):
        return []
    return sorted({_int(o.get("value"), -1) for o in options if isinstance(o, Mapping)} - {-1})


def _int(raw: object, default: int) -> int:
    try:
        return int(str(raw))
    except ValueError:
        return default


def _days(count: int) -> str:
    return "1 working day overdue" if count == 1 else f"{count} working days overdue"


def _timepicker(input_id: InputId, initial: time) -> dict[str, Any]:
    return {"type": "timepicker", "action_id": input_id.value,
            "initial_time": initial.strftime("%H:%M")}


def _input(input_id: InputId, label: str, element: dict[str, Any],
           optional: bool = False) -> dict[str, Any]:
    return {"type": "input", "block_id": input_id.value, "optional": optional,
            "label": {"type": "plain_text", "text": label}, "element": element}


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": text}, "value": value}


