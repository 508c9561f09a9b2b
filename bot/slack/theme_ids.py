"""The action, callback and input ids of the Slack theme views, in one place."""

from enum import StrEnum


class ThemeAction(StrEnum):
    OPEN = "case_theme"  # the case modal's "Theme" button
    TAKE = "theme_take"
    PLAN = "theme_plan"
    DECLINE = "theme_decline"
    FIXED = "theme_fixed"
    TOLD = "theme_told"
    UNREACHABLE = "theme_unreachable"


class ThemeCallback(StrEnum):
    PICK = "theme_pick"
    PLAN = "theme_plan_date"
    DECLINE = "theme_decline_reason"
    TOLD = "theme_told_reaction"


class ThemeInput(StrEnum):
    LINK_TO = "theme_link_to"
    TITLE = "theme_title"
    FIX_DATE = "theme_fix_date"
    REASON = "theme_reason"
    REACTION = "theme_reaction"
