"""Every callback, action and block id the Slack adapter uses, in one place."""

from enum import StrEnum


class CallbackId(StrEnum):
    LOG_CASE_MODAL = "log_case"
    LOG_FROM_MESSAGE = "log_from_message"


class ActionId(StrEnum):
    ADD_COMMITMENT = "add_commitment"
    REMOVE_COMMITMENT = "remove_commitment"
    OPEN_LOG_FORM = "open_log_form"


class BlockId(StrEnum):
    """Block ids of non-input blocks; input blocks use the `commands.cases` field names."""

    COMMITMENT_ACTIONS = "commitment_actions"
    SOURCE_MESSAGE = "source_message"
