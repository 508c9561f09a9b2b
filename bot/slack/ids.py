"""Every callback, action and block id the Slack adapter uses, in one place."""

import re
from enum import StrEnum


class CallbackId(StrEnum):
    LOG_CASE_MODAL = "log_case"
    LOG_FROM_MESSAGE = "log_from_message"
    DONE_MODAL = "commitment_done"
    RENEGOTIATE_MODAL = "commitment_renegotiate"
    REASSIGN_MODAL = "commitment_reassign"
    SETTINGS_MODAL = "team_settings"
    CASE_NOTE_MODAL = "case_note"
    CASE_CLOSE_MODAL = "case_close"
    CASE_EDIT_MODAL = "case_edit"
    DECLINE_MODAL = "commitment_decline"
    DROP_MODAL = "commitment_drop"


class ActionId(StrEnum):
    ADD_COMMITMENT = "add_commitment"
    REMOVE_COMMITMENT = "remove_commitment"
    OPEN_LOG_FORM = "open_log_form"
    DONE = "commitment_done"
    SNOOZE = "commitment_snooze"
    RENEGOTIATE = "commitment_renegotiate"
    REASSIGN = "commitment_reassign"
    VIEW_CASE = "view_case"
    HOME_PAGE = "home_page"
    OPEN_SETTINGS = "open_settings"
    CASE_ADD_NOTE = "case_add_note"
    CASE_CLOSE = "case_close"
    CASE_DELETE = "case_delete"
    CASE_EDIT = "case_edit"
    ACCEPT = "commitment_accept"
    DECLINE = "commitment_decline"
    DROP = "commitment_drop"


class BlockId(StrEnum):
    """Block ids of non-input blocks; input blocks use the `commands.cases` field names."""

    COMMITMENT_ACTIONS = "commitment_actions"
    SOURCE_MESSAGE = "source_message"
    DIGEST_INVITES = "digest_lesson_invites"


class InputId(StrEnum):
    """Inputs of the commitment and settings modals (block id = action id)."""

    NOTE = "note"
    REACTION = "reaction"
    NEW_DATE = "new_date"
    NEW_TIME = "new_time"
    CUSTOMER_INFORMED = "customer_informed"
    NEW_OWNER = "new_owner"
    LEADS = "leads"
    WORK_DAYS = "work_days"
    WORK_START = "work_start"
    WORK_END = "work_end"
    ESCALATE_AFTER = "escalate_after"
    DIGEST_NAMES = "digest_names"
    OUTCOME = "outcome"
    CATEGORIES = "categories"
    RETENTION = "retention"
    PRE_DUE = "pre_due"
    DUE_LEAD = "due_lead"
    MOOD = "mood"
    HOLIDAYS = "holidays"
    REASON = "reason"
    FURIOUS_LINE = "furious_line"


# A Slack user id: `U…`, or `W…` for Enterprise Grid. Anything else is not a person we can ask
# Slack about (a 300-character "id" is a forged payload, not a colleague).
SLACK_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")
