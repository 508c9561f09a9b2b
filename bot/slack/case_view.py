"""The case modal (pure): everything logged, its promises, notes and timeline; and the modals
to add a note and to close the case."""

from __future__ import annotations

from typing import Any

from bot.slack.ids import ActionId, CallbackId, InputId
from bot.slack.mrkdwn import clip, escape, slack_date
from bot.slack.theme_views import theme_button
from commands.case_conversation import DELETE_WARNING
from commands.case_lifecycle import CaseDetail, CaseOutcome
from commands.cases import CaseSummary
from commands.people import zone_named
from commands.playbook import Playbook
from commands.timeline import event_words

FIELD_PREVIEW = 1500
TIMELINE_SHOWN = 15
UTC_ZONE = zone_named("UTC")
Block = dict[str, Any]


def case_modal(detail: CaseDetail) -> dict[str, Any]:
    summary = detail.summary
    blocks = [*_facts(summary, detail.playbook), _section(_status(detail)), *_notes(detail),
              _section(_timeline(detail))]
    if buttons := _buttons(detail):
        blocks.append({"type": "actions", "block_id": "case_actions", "elements": buttons})
    return {
        "type": "modal",
        "title": _plain(f"Case #{summary.case_id}"[:24]),
        "close": _plain("Close"),
        "private_metadata": str(summary.case_id),
        "blocks": blocks,
    }


def steps_used_text(playbook: Playbook, step_ids: tuple[str, ...]) -> str:
    """The steps ticked, by label (retired ones too); an empty checklist was not recorded."""
    used = playbook.labels(step_ids)
    if not used:
        return "_Not recorded_"
    return "\n".join(f":white_check_mark: {label}" for label in used)


def _facts(summary: CaseSummary, playbook: Playbook) -> list[Block]:
    steps = steps_used_text(playbook, summary.deescalation_steps)
    return [
        _section(f"*{escape(clip(summary.customer, 150))}* ({summary.contact_channel.label}), "
                 f"anger {summary.anger_level.label}, logged by <@{summary.reporter_user_id}>"),
        _section(f"*What happened*\n{escape(clip(summary.what_happened, FIELD_PREVIEW))}"),
        _section(f"*What was agreed*\n{escape(clip(summary.agreed or '-', FIELD_PREVIEW))}"),
        _section(f"*De-escalation steps*\n{steps}"),
        *(_section(f"*Promise* by <@{c.owner_user_id}>, due "
                   f"{slack_date(c.due_at, zone_named(c.zone_name))}\n"
                   f"{escape(clip(c.promise, FIELD_PREVIEW))}") for c in summary.commitments),
    ]


def _status(detail: CaseDetail) -> str:
    if detail.status == "open":
        return "*Status:* open"
    outcome = detail.outcome.label if detail.outcome else "closed"
    mood = f", customer's mood after: {detail.mood_after}/5" if detail.mood_after else ""
    return f"*Status:* closed, {outcome.lower()}{mood}"


def _notes(detail: CaseDetail) -> list[Block]:
    return [_section(f"*Note* by <@{n.author_user_id}>, "
                     f"{slack_date(n.at, UTC_ZONE)}\n{escape(clip(n.text, FIELD_PREVIEW))}")
            for n in detail.notes[-10:]]


def _timeline(detail: CaseDetail) -> str:
    lines = [f"• {slack_date(e.at, UTC_ZONE)}: {event_words(e.kind)}"
             + (f" (<@{e.actor_user_id}>)" if e.actor_user_id else "")
             for e in detail.timeline[-TIMELINE_SHOWN:]]
    return "*Timeline*\n" + ("\n".join(lines) or "nothing yet")


def _buttons(detail: CaseDetail) -> list[Block]:
    case_id = str(detail.summary.case_id)
    buttons = [_button("Add a note", ActionId.CASE_ADD_NOTE, case_id)]
    buttons.append(theme_button(case_id))  # link it to a theme, or start one
    if detail.can_manage:
        buttons.append(_button("Edit", ActionId.CASE_EDIT, case_id))
    if detail.can_close:
        buttons.append(_button("Close the case", ActionId.CASE_CLOSE, case_id))
    if detail.can_manage:
        delete = _button("Delete", ActionId.CASE_DELETE, case_id)
        delete["style"] = "danger"
        delete["confirm"] = {
            "title": _plain("Delete this case?"),
            "text": _plain(DELETE_WARNING),
            "confirm": _plain("Delete"), "deny": _plain("Keep it"), "style": "danger"}
        buttons.append(delete)
    return buttons


def note_modal(case_id: int) -> dict[str, Any]:
    return {
        "type": "modal", "callback_id": CallbackId.CASE_NOTE_MODAL.value,
        "title": _plain("Add a note"), "submit": _plain("Add"), "close": _plain("Back"),
        "private_metadata": str(case_id),
        "blocks": [{"type": "input", "block_id": InputId.NOTE.value,
                    "label": _plain("Follow-up note"),
                    "element": {"type": "plain_text_input", "action_id": InputId.NOTE.value,
                                "multiline": True, "max_length": 3000}}],
    }


def close_modal(case_id: int) -> dict[str, Any]:
    outcomes = [_option(o.label, o.value) for o in CaseOutcome]
    moods = [_option(f"{n}/5", str(n)) for n in range(1, 6)]
    return {
        "type": "modal", "callback_id": CallbackId.CASE_CLOSE_MODAL.value,
        "title": _plain("Close the case"), "submit": _plain("Close it"), "close": _plain("Back"),
        "private_metadata": str(case_id),
        "blocks": [
            {"type": "input", "block_id": InputId.OUTCOME.value, "label": _plain("Outcome"),
             "element": {"type": "radio_buttons", "action_id": InputId.OUTCOME.value,
                         "options": outcomes}},
            {"type": "input", "block_id": InputId.MOOD.value, "optional": True,
             "label": _plain("The customer's mood after (1 angry, 5 happy)"),
             "element": {"type": "static_select", "action_id": InputId.MOOD.value,
                         "options": moods}},
        ],
    }


def deleted_modal(case_id: int) -> dict[str, Any]:
    return {"type": "modal", "title": _plain(f"Case #{case_id}"[:24]), "close": _plain("Close"),
            "blocks": [_section("This case is deleted.")]}


def _button(text: str, action: ActionId, value: str) -> Block:
    return {"type": "button", "action_id": action.value, "text": _plain(text), "value": value}


def _option(text: str, value: str) -> Block:
    return {"text": _plain(text), "value": value}


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": clip(text, 3000)}}


def _plain(text: str) -> Block:
    return {"type": "plain_text", "text": text}
