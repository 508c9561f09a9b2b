"""Every Action.Submit verb and non-form input id the Teams adapter uses, in one place."""

from enum import StrEnum

# Action.Submit data carries its verb under this key (the Agents SDK's default filter).
VERB = "verb"


class Verb(StrEnum):
    LOG_CASE = "log_case"
    ADD_COMMITMENT = "add_commitment"
    REMOVE_COMMITMENT = "remove_commitment"
    DONE = "commitment_done"
    SNOOZE = "commitment_snooze"
    RENEGOTIATE = "commitment_renegotiate"
    ACCEPT = "commitment_accept"
    DECLINE = "commitment_decline"
    REASSIGN = "commitment_reassign"
    DROP = "commitment_drop"
    LIST = "list"
    OPEN_FORM = "open_form"
    VIEW_CASE = "case_view"
    CASE_NOTE = "case_note"
    CASE_EDIT = "case_edit"  # opens the edit card
    CASE_SAVE = "case_save"  # the edit card's Save
    CASE_CLOSE = "case_close"
    CASE_DELETE = "case_delete"  # pressed in the confirmation the Delete button unfolds
    SAVE_SETTINGS = "save_settings"


class DataKey(StrEnum):
    """Non-input values an Action.Submit sends back (inputs use `commands.cases` names)."""

    SUBMISSION_KEY = "submission_key"
    COMMITMENT_COUNT = "commitment_count"
    COMMITMENT_ID = "commitment_id"
    REMOVE_INDEX = "remove_index"  # which added commitment the Remove button takes out
    HEADLINE = "headline"  # a nudge card's headline, kept when the card is redrawn
    CASE_ID = "case_id"
    IN_PLACE = "in_place"  # redraw the card pressed rather than send a new one


class InputId(StrEnum):
    """Inputs of the nudge card's Done / Snooze / Renegotiate panels."""

    NOTE = "note"
    DROP_NOTE = "drop_note"  # Drop it's note: its own id, as Done's "note" is on the same card
    REACTION = "reaction"
    SNOOZE_CHOICE = "snooze_choice"
    NEW_DATE = "new_date"
    NEW_TIME = "new_time"
    CUSTOMER_INFORMED = "customer_informed"
    OCCURRED_ON = "occurred_on"
    OCCURRED_TIME = "occurred_time"
    REASON = "reason"
    NEW_OWNER = "new_owner"
    OUTCOME = "outcome"
    MOOD = "mood"


# The dataset of the people pickers' dynamic typeahead (Data.Query), answered by the bot's
# `application/search` invoke.
PEOPLE_DATASET = "angrycall.people"


class SettingId(StrEnum):
    """Inputs of the settings card; the names `commands.team_settings.settings_errors` uses,
    so each error lands under its field (the own-steps ids come from `own_steps_field`)."""

    LEADS = "leads"
    WORK_DAYS = "work_days"
    WORK_START = "work_start"
    WORK_END = "work_end"
    ESCALATE_AFTER = "escalate_after"
    PRE_DUE = "pre_due"
    DUE_LEAD = "due_lead"
    DIGEST_NAMES = "digest_names"
    HOLIDAYS = "holidays"
    FURIOUS_LINE = "furious_line"
    CATEGORIES = "categories"
    RETENTION = "retention"
    RETIRED_STEPS = "retired_steps"
