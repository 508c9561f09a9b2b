"""The log modal (pure): one function of the form's data to Block Kit JSON.

Input blocks use the field names of `commands.cases` as block id and action id, so the
errors `commands.validation` returns map straight onto `response_action: errors`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache, lru_cache
from typing import Any

from bot.slack.form_state import SHARE_CONSENT_VALUE, ModalMetadata
from bot.slack.form_steps import step_blocks
from bot.slack.ids import ActionId, BlockId, CallbackId
from bot.slack.mrkdwn import clip, link
from commands.cases import (
    MAX_COMMITMENTS,
    MAX_CUSTOMER_LENGTH,
    MAX_PROMISE_LENGTH,
    MAX_TEXT_LENGTH,
    CaseField,
    CaseOutcome,
    CommitmentField,
    Prefill,
    commitment_field,
)
from commands.playbook import DEFAULT_PLAYBOOK, AngerLevel, ContactChannel, Playbook

Block = dict[str, Any]
OPTION_TEXT_LIMIT = 75
OPTION_VALUE_LIMIT = 150
MAX_OPTIONS = 100
# Headers are not inputs, so they get their own id; unique per view like every block id.
COMMITMENT_HEADER_ID = "commitment_{index}_header"
NO_PROMISE_HINT = ("Nothing promised, settled on the call? Leave the date and this empty, "
                   "and pick how it ended below.")


def log_case_modal(
    *,
    metadata: ModalMetadata,
    categories: Sequence[str],
    prefill: Prefill,
    reporter_user_id: str,
    commitment_count: int,
    today: date,
    playbook: Playbook = DEFAULT_PLAYBOOK,
) -> dict[str, Any]:
    count = min(max(commitment_count, 1), MAX_COMMITMENTS)
    blocks = [*_case_inputs(categories, prefill, playbook)]
    for index in range(count):
        blocks += (_commitment_blocks(index, reporter_user_id, prefill)
                   if index == 0 and _promise_prefilled(prefill) else
                   _blank_commitment_blocks(index, reporter_user_id))
    blocks.append(_commitment_buttons(count))
    blocks.append(_settled_outcome())
    if prefill.source_permalink:
        blocks.append(_source(prefill.source_permalink))
    return {
        "type": "modal",
        "callback_id": CallbackId.LOG_CASE_MODAL.value,
        "title": _plain("Log a hard call"),
        "submit": _plain("Log it"),
        "close": _plain("Cancel"),
        "private_metadata": metadata.encode(),
        "blocks": blocks,
    }


def _case_inputs(categories: Sequence[str], prefill: Prefill,
                 playbook: Playbook) -> Sequence[Block]:
    """A form opened without text (most of them) shows the same case inputs for a workspace
    until its categories or steps change: built once and reused, as they were a sixth of
    opening the form. Nothing changes a view's blocks after they are built."""
    if prefill.customer or prefill.what_happened:
        return case_input_blocks(categories, prefill, playbook)
    return _blank_case_inputs(tuple(categories), playbook)


@lru_cache(maxsize=64)  # a few workspaces' current and recent settings
def _blank_case_inputs(categories: tuple[str, ...], playbook: Playbook) -> tuple[Block, ...]:
    return tuple(case_input_blocks(categories, Prefill(), playbook))


def case_input_blocks(categories: Sequence[str], prefill: Prefill,
                      playbook: Playbook = DEFAULT_PLAYBOOK,
                      kept: Sequence[str] = ()) -> list[Block]:
    """The case's own inputs (no commitments): also the edit form's."""
    return [
        _input(CaseField.CUSTOMER, "Customer", _text(CaseField.CUSTOMER, MAX_CUSTOMER_LENGTH,
               "Name or account", prefill.customer)),
        _input(CaseField.CONTACT_CHANNEL, "How did it happen?", _select(
            CaseField.CONTACT_CHANNEL, [(c.label, c.value) for c in ContactChannel],
            initial=ContactChannel.PHONE.value)),
        _input(CaseField.OCCURRED_AT, "When?", {
            "type": "datetimepicker", "action_id": CaseField.OCCURRED_AT.value,
        }, optional=True, hint="Leave empty for just now."),
        _input(CaseField.ANGER_LEVEL, "How angry was the customer?", {
            "type": "radio_buttons", "action_id": CaseField.ANGER_LEVEL.value,
            "options": [_option(a.label, str(int(a))) for a in AngerLevel],
        }),
        _input(CaseField.WHAT_HAPPENED, "What happened?", _text(
            CaseField.WHAT_HAPPENED, MAX_TEXT_LENGTH, "In a few sentences",
            prefill.what_happened, multiline=True)),
        _input(CaseField.PROBLEM, "The underlying problem", _text(
            CaseField.PROBLEM, MAX_TEXT_LENGTH, "What is really wrong?", multiline=True),
            optional=True),
        *_category_block(categories),
        _input(CaseField.CUSTOMER_WANTS, "What the customer wants", _text(
            CaseField.CUSTOMER_WANTS, MAX_TEXT_LENGTH, "In their words", multiline=True),
            optional=True),
        _input(CaseField.AGREED, "What was agreed", _text(
            CaseField.AGREED, MAX_TEXT_LENGTH, "The solution you formed together",
            multiline=True), optional=True),
        *step_blocks(playbook, kept),
        _input(CaseField.LESSONS, "Lessons learned", _text(
            CaseField.LESSONS, MAX_TEXT_LENGTH, "What would you do again, or differently?",
            multiline=True), optional=True),
        _input(CaseField.SHARE_CONSENT, "Team digest", {
            "type": "checkboxes", "action_id": CaseField.SHARE_CONSENT.value,
            "options": [_option("Share as an anonymized case study with the team",
                                SHARE_CONSENT_VALUE)],
        }, optional=True),
    ]


def _category_block(categories: Sequence[str]) -> list[Block]:
    # A select needs at least one option, and Slack refuses two options with one value.
    unique = list(dict.fromkeys(categories))[:MAX_OPTIONS]
    if not unique:
        return []
    return [_input(CaseField.CATEGORY, "Category", _select(
        CaseField.CATEGORY, [(c, c) for c in unique]), optional=True)]


def _promise_prefilled(prefill: Prefill) -> bool:
    return bool(prefill.promise or prefill.due_date or prefill.due_time)


# Like the case inputs, a blank commitment's blocks (most forms) and the blocks every form ends
# with are built once: building them anew for each `/angrycall` was a tenth of opening the form.
@lru_cache(maxsize=1024)  # the people who open forms lately, a few commitments each
def _blank_commitment_blocks(index: int, reporter: str) -> tuple[Block, ...]:
    return tuple(_commitment_blocks(index, reporter, None))


def _commitment_blocks(index: int, reporter: str, prefill: Prefill | None) -> list[Block]:
    def name(part: CommitmentField) -> str:
        return commitment_field(index, part)

    due: Block = {"type": "datepicker", "action_id": name(CommitmentField.DUE_DATE)}
    at: Block = {"type": "timepicker", "action_id": name(CommitmentField.DUE_TIME)}
    if prefill and prefill.due_date:
        due["initial_date"] = prefill.due_date.isoformat()
    if prefill and prefill.due_time:
        at["initial_time"] = prefill.due_time.strftime("%H:%M")
    return [
        {"type": "header", "block_id": COMMITMENT_HEADER_ID.format(index=index),
         "text": _plain(f"Commitment {index + 1}")},
        _input(name(CommitmentField.OWNER), "Owner", {
            "type": "users_select", "action_id": name(CommitmentField.OWNER),
            "initial_user": reporter}, optional=True),
        # Optional for Slack; a promise must have all three, which validation checks.
        _input(name(CommitmentField.DUE_DATE), "Promised follow-up date", due, optional=True),
        _input(name(CommitmentField.DUE_TIME), "Time", at, optional=True,
               hint="Without a time, the promise is due by the end of the owner's working day."),
        _input(name(CommitmentField.PROMISE), "What exactly was promised", _text(
            name(CommitmentField.PROMISE), MAX_PROMISE_LENGTH, "e.g. Call back with the refund",
            prefill.promise if prefill else "", multiline=True), optional=True,
            hint=NO_PROMISE_HINT if index == 0 else None),
    ]


@lru_cache(maxsize=1)
def _settled_outcome() -> Block:
    return _input(CaseField.SETTLED_OUTCOME, "Settled on the call? Close it now as", _select(
        CaseField.SETTLED_OUTCOME, [(o.label, o.value) for o in CaseOutcome]), optional=True,
        hint="Only for a call that ended with no promise to keep.")


@cache  # one per count, up to MAX_COMMITMENTS
def _commitment_buttons(count: int) -> Block:
    buttons = []
    if count < MAX_COMMITMENTS:
        buttons.append({"type": "button", "action_id": ActionId.ADD_COMMITMENT.value,
                        "text": _plain("Add another commitment"), "value": "add"})
    if count > 1:
        buttons.append({"type": "button", "action_id": ActionId.REMOVE_COMMITMENT.value,
                        "text": _plain("Remove the last one"), "value": "remove"})
    if not buttons:
        return {"type": "context", "block_id": BlockId.COMMITMENT_ACTIONS.value,
                "elements": [{"type": "mrkdwn", "text": "A case holds up to "
                              f"{MAX_COMMITMENTS} commitments."}]}
    return {"type": "actions", "block_id": BlockId.COMMITMENT_ACTIONS.value, "elements": buttons}


def _source(permalink: str) -> Block:
    return {"type": "context", "block_id": BlockId.SOURCE_MESSAGE.value,
            "elements": [{"type": "mrkdwn",
                          "text": f"Logged from {link(permalink, 'this message')}"}]}


def _input(name: str, label: str, element: Block, *, optional: bool = False,
           hint: str | None = None) -> Block:
    block: Block = {"type": "input", "block_id": name, "optional": optional,
                    "label": _plain(label), "element": element}
    if hint:
        block["hint"] = _plain(hint)
    return block


def _text(name: str, max_length: int, placeholder: str, initial: str = "",
          multiline: bool = False) -> Block:
    element: Block = {"type": "plain_text_input", "action_id": name,
                      "max_length": max_length, "multiline": multiline,
                      "placeholder": _plain(placeholder)}
    if initial:
        element["initial_value"] = initial[:max_length]
    return element


def _select(name: str, choices: Sequence[tuple[str, str]], initial: str | None = None) -> Block:
    options = [_option(text, value) for text, value in choices]
    element: Block = {"type": "static_select", "action_id": name,
                      "placeholder": _plain("Choose"), "options": options}
    chosen = [o for o in options if o["value"] == initial]
    if chosen:
        element["initial_option"] = chosen[0]
    return element


def _option(text: str, value: str) -> Block:
    return {"text": _plain(clip(text, OPTION_TEXT_LIMIT)), "value": value[:OPTION_VALUE_LIMIT]}


def _plain(text: str) -> Block:
    return {"type": "plain_text", "text": text}
