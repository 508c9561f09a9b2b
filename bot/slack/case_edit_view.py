"""The edit form of a case (pure): the log form's own inputs, filled with what is stored."""

from __future__ import annotations

from typing import Any

from bot.slack.form_state import SHARE_CONSENT_VALUE
from bot.slack.ids import CallbackId
from bot.slack.views import case_input_blocks
from commands.case_lifecycle import CaseDetail
from commands.cases import CaseDraft, CaseField, Prefill

Block = dict[str, Any]


def edit_case_modal(detail: CaseDetail) -> dict[str, Any]:
    draft = detail.draft
    blocks = case_input_blocks(detail.categories, Prefill(customer=draft.customer,
                                                          what_happened=draft.what_happened),
                               detail.playbook, kept=draft.deescalation_steps)
    for block in blocks:
        if block.get("type") == "input":
            _fill(block["element"], _stored(draft, block["block_id"]))
    return {
        "type": "modal", "callback_id": CallbackId.CASE_EDIT_MODAL.value,
        "title": {"type": "plain_text", "text": "Edit the case"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Back"},
        "private_metadata": str(detail.summary.case_id),
        "blocks": blocks,
    }


def _stored(draft: CaseDraft, field: str) -> str | list[str] | None:
    values: dict[str, str | list[str] | None] = {
        CaseField.CONTACT_CHANNEL: draft.contact_channel.value if draft.contact_channel else None,
        CaseField.ANGER_LEVEL: str(int(draft.anger_level)) if draft.anger_level else None,
        CaseField.PROBLEM: draft.problem, CaseField.CATEGORY: draft.category,
        CaseField.CUSTOMER_WANTS: draft.customer_wants, CaseField.AGREED: draft.agreed,
        CaseField.LESSONS: draft.lessons,
        CaseField.SHARE_CONSENT: [SHARE_CONSENT_VALUE] if draft.share_consent else [],
    }
    if field.startswith(CaseField.DEESCALATION_STEPS.value):  # one group a phase of the call
        return list(draft.deescalation_steps)
    return values.get(field)


def _fill(element: Block, value: str | list[str] | None) -> None:
    kind = element.get("type")
    if kind == "plain_text_input" and isinstance(value, str) and value:
        element["initial_value"] = value[: element.get("max_length", 3000)]
    elif kind in ("static_select", "radio_buttons") and isinstance(value, str):
        chosen = [o for o in element.get("options", []) if o["value"] == value]
        if chosen:
            element["initial_option"] = chosen[0]
        else:
            element.pop("initial_option", None)
    elif kind == "checkboxes" and isinstance(value, list):
        chosen = [o for o in element.get("options", []) if o["value"] in value]
        if chosen:
            element["initial_options"] = chosen
