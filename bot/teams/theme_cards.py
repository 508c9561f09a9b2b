"""Themes as Adaptive Cards (pure): the owning channel's post with Take it / Plan a fix date /
Mark fixed / Decline, and the note that asks to tell a customer, with Told the customer /
Can't reach them. Each button's data names its verb and the theme or case it is about."""

from __future__ import annotations

from enum import StrEnum

from bot.teams import adaptive as ac
from commands import theme_texts as texts
from commands.theme_views import ACTIVE_STATES, ThemeCaseLine, ThemeView

Element = ac.Element
REACTIONS = (("Pleased", "pleased"), ("Neutral", "neutral"), ("Still upset", "still upset"))


class ThemeVerb(StrEnum):
    TAKE = "theme_take"
    PLAN = "theme_plan"
    FIXED = "theme_fixed"
    DECLINE = "theme_decline"
    TOLD = "theme_told"
    UNREACHABLE = "theme_unreachable"


class ThemeKey(StrEnum):
    THEME_ID = "theme_id"
    CASE_ID = "case_id"
    FIX_DATE = "fix_date"
    REASON = "reason"
    REACTION = "reaction"


def theme_card(view: ThemeView) -> Element:
    quotes = [ac.text(f"> {ac.plain(q)}", subtle=True) for q in view.strongest_quotes()]
    customers = ", ".join(sorted({c.customer for c in view.cases}))
    body = [ac.text(ac.plain(texts.theme_line(view)), weight="bolder"),
            ac.text(f"{view.customers} customer{'s' if view.customers != 1 else ''} "
                    f"({ac.plain(customers)}); anger levels "
                    f"{', '.join(str(a) for a in view.anger_levels)}"), *quotes]
    if view.decline_reason:
        body.append(ac.text(f"Why: {ac.plain(view.decline_reason)}"))
    return ac.card(body, _actions(view) if view.state in ACTIVE_STATES else ())


def _actions(view: ThemeView) -> list[Element]:
    theme = {ThemeKey.THEME_ID.value: view.theme_id}
    plan = ac.show_card("Plan a fix date", [ac.input_date(ThemeKey.FIX_DATE, "Fixed by")],
                        [ac.submit("Plan", {"verb": ThemeVerb.PLAN.value, **theme})])
    decline = ac.show_card(
        "Decline", [ac.input_text(ThemeKey.REASON, "Why? (it goes back to whoever raised it)",
                                  multiline=True, max_length=500)],
        [ac.submit("Decline", {"verb": ThemeVerb.DECLINE.value, **theme})])
    first = (ac.submit("Mark fixed", {"verb": ThemeVerb.FIXED.value, **theme})
             if view.owner_user_id else
             ac.submit("Take it", {"verb": ThemeVerb.TAKE.value, **theme}))
    return [first, plan, decline]


def tell_card(view: ThemeView, line: ThemeCaseLine) -> Element:
    case = {ThemeKey.CASE_ID.value: line.case_id}
    told = ac.show_card("Told the customer", [ac.choice_set(
        ThemeKey.REACTION, "How did they take it?", REACTIONS, value="pleased")],
        [ac.submit("Save", {"verb": ThemeVerb.TOLD.value, **case})])
    return ac.card([ac.text(ac.plain(f"{texts.fixed_note(view, line)} Tell them, then say how "
                                     "it went."))],
                   [told, ac.submit("Can't reach them",
                                    {"verb": ThemeVerb.UNREACHABLE.value, **case})])
