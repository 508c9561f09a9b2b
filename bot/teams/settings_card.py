"""The team settings as an Adaptive Card (pure): the Teams twin of Slack's settings modal.

Drawn from strings (what the card holds: the current settings, or what was typed before an
error), so a refused save redraws exactly what the lead typed, each error under its field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.teams import adaptive as ac
from bot.teams.ids import VERB, SettingId, Verb
from commands.custom_steps import OWN_STEPS_HINT, own_steps_field
from commands.playbook import Phase, Playbook
from commands.team_settings import (
    DUE_LEAD_CHOICES,
    ESCALATION_CHOICES,
    PRE_DUE_CHOICES,
    RETENTION_CHOICES,
    WEEKDAY_NAMES,
    TeamSettings,
)

Element = ac.Element
MAX_PEOPLE = 100


@dataclass(frozen=True)
class SettingsForm:
    values: Mapping[str, str]  # input id -> the card's value (multi-selects comma-separated)
    people: Sequence[tuple[str, str]]  # (user id, name): whom angrycall can reach
    playbook: Playbook  # the steps the retired picker offers
    errors: Mapping[str, str] = field(default_factory=dict)


def values_of(current: TeamSettings) -> dict[str, str]:
    """The settings as the card's inputs hold them."""
    values: dict[str, str] = {
        SettingId.LEADS: ",".join(current.lead_user_ids),
        SettingId.WORK_DAYS: ",".join(str(day) for day in current.work_days),
        SettingId.WORK_START: current.work_start.strftime("%H:%M"),
        SettingId.WORK_END: current.work_end.strftime("%H:%M"),
        SettingId.ESCALATE_AFTER: str(current.escalate_after_days),
        SettingId.PRE_DUE: str(current.pre_due_days),
        SettingId.DUE_LEAD: str(current.due_lead_hours),
        SettingId.DIGEST_NAMES: _flag(current.digest_show_names),
        SettingId.HOLIDAYS: "\n".join(day.isoformat() for day in current.holidays),
        SettingId.FURIOUS_LINE: _flag(current.furious_line),
        SettingId.CATEGORIES: "\n".join(current.categories),
        SettingId.RETENTION: str(current.retention_days),
        SettingId.RETIRED_STEPS: ",".join(s.id for s in current.playbook.steps if s.retired),
    }
    for phase in Phase:
        values[own_steps_field(phase)] = "\n".join(
            s.label for s in current.playbook.in_phase(phase) if s.custom)
    return values


def settings_card(form: SettingsForm) -> Element:
    body = [ac.text("Team settings", weight="bolder", size="large"),
            *_with_errors(_fields(form), form.errors)]
    if form.errors:
        body.insert(1, ac.text("Please fix the fields marked below; nothing was saved yet.",
                               color="attention"))
    return ac.card(body, [ac.submit("Save", {VERB: Verb.SAVE_SETTINGS.value},
                                    style="positive")])


def saved_card() -> Element:
    return ac.card([ac.text("✅ Team settings saved", weight="bolder", size="large"),
                    ac.text("Type `settings` to change them again.", subtle=True)])


def _fields(form: SettingsForm) -> list[Element]:
    value = form.values.get
    return [
        ac.choice_set(SettingId.LEADS, "Team leads (overdue promises escalate to them)",
                      _people(form), value=value(SettingId.LEADS, ""), multi=True),
        ac.choice_set(SettingId.WORK_DAYS, "Working days",
                      [(name, str(index)) for index, name in enumerate(WEEKDAY_NAMES)],
                      value=value(SettingId.WORK_DAYS, ""), multi=True, expanded=True),
        ac.input_time(SettingId.WORK_START, "Working day starts",
                      value=value(SettingId.WORK_START, "")),
        ac.input_time(SettingId.WORK_END, "Working day ends", value=value(SettingId.WORK_END, "")),
        _choice(form, SettingId.ESCALATE_AFTER, "Escalate to the leads after",
                ESCALATION_CHOICES, lambda n: _plural(n, "working day") + " overdue"),
        _choice(form, SettingId.PRE_DUE, "First reminder, before the due date",
                PRE_DUE_CHOICES, lambda n: _plural(n, "working day")),
        _choice(form, SettingId.DUE_LEAD, "On the day, remind ahead of the promised time",
                DUE_LEAD_CHOICES, lambda n: _plural(n, "hour")),
        ac.toggle(SettingId.DIGEST_NAMES, "Weekly digest",
                  "Show customer names in the digest (they are anonymized otherwise)",
                  on=value(SettingId.DIGEST_NAMES) == "true"),
        _lines(form, SettingId.HOLIDAYS, "Dates off (no nudges; not counted as working days)",
               placeholder="One a line, e.g. 2026-12-25 Christmas"),
        ac.toggle(SettingId.FURIOUS_LINE, "After a furious call",
                  "Add a private line of care to the reporter's confirmation",
                  on=value(SettingId.FURIOUS_LINE) == "true"),
        _lines(form, SettingId.CATEGORIES, "Problem categories offered in the form, one a line"),
        _choice(form, SettingId.RETENTION, "Erase the free text of closed cases after",
                RETENTION_CHOICES, lambda n: f"{n} days" if n else "Never (keep everything)"),
        *_playbook_fields(form),
    ]


def _playbook_fields(form: SettingsForm) -> list[Element]:
    own = [_lines(form, own_steps_field(phase), f"Our own steps: {phase.label.lower()}",
                  placeholder=OWN_STEPS_HINT) for phase in Phase]
    steps = [(f"{s.phase.label}: {s.label}", s.id) for s in form.playbook.steps]
    retired = ac.choice_set(SettingId.RETIRED_STEPS,
                            "Retired steps (hidden from the form, kept in history)", steps,
                            value=form.values.get(SettingId.RETIRED_STEPS, ""), multi=True)
    return [*own, retired]


def _people(form: SettingsForm) -> list[tuple[str, str]]:
    """Whom angrycall can reach, and the leads already named (even if it no longer can)."""
    names = dict(form.people[:MAX_PEOPLE])
    for lead in form.values.get(SettingId.LEADS, "").split(","):
        if lead and lead not in names:
            names[lead] = lead
    return [(name, user) for user, name in names.items()]


def _choice(form: SettingsForm, input_id: SettingId, label: str, choices: tuple[int, ...],
            title: Callable[[int], str]) -> Element:
    return ac.choice_set(input_id, label, [(title(n), str(n)) for n in choices],
                         value=form.values.get(input_id, ""))


def _lines(form: SettingsForm, input_id: str, label: str, placeholder: str = "") -> Element:
    return ac.input_text(input_id, label, value=form.values.get(input_id, ""), multiline=True,
                         max_length=3000, placeholder=placeholder)


def _with_errors(fields: list[Element], errors: Mapping[str, str]) -> list[Element]:
    out: list[Element] = []
    for element in fields:
        out.append(element)
        if message := errors.get(element["id"]):
            out.append(ac.error_text(message, element["id"]))
    return out


def _plural(count: int, unit: str) -> str:
    return f"1 {unit}" if count == 1 else f"{count} {unit}s"


def _flag(on: bool) -> str:
    return "true" if on else "false"
