"""A theme as every platform shows it, and the refusals the theme commands answer with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from commands.anonymize import Anonymizer
from storage.themes import ThemeRecord

MAX_TITLE = 200
MAX_REASON = 500
QUOTES = 3
QUOTE_LENGTH = 200


class ThemeState(StrEnum):
    OPEN = "open"
    PLANNED = "planned"
    FIXED = "fixed"
    TOLD = "told"
    DECLINED = "declined"
    MERGED = "merged"


# The states in which cases may still join, leave, merge or split a theme.
ACTIVE_STATES = (ThemeState.OPEN, ThemeState.PLANNED)


class CustomerTold(StrEnum):
    TOLD = "told"
    UNREACHABLE = "unreachable"


class ThemeRefusal(StrEnum):
    NOT_FOUND = "That theme or case is not one you can see."
    LEADS_ONLY = "Only a lead can merge or split themes."
    NO_TITLE = "A theme needs a title (at most 200 characters)."
    NO_REASON = "Say why the theme is declined (at most 500 characters)."
    WRONG_STATE = "That theme has moved on already; nothing was changed."
    NOT_THE_OWNER = "Only the theme's owner or a lead can mark it fixed."
    NOT_WAITING = "Nothing is waiting for that customer; nothing was changed."
    PAST_FIX_DATE = "Pick a fix date from today on."


@dataclass(frozen=True)
class ThemeCaseLine:
    case_id: int
    customer: str  # anonymized per the workspace's rule
    name: str  # the customer's own name: only for the person who tells them
    anger_level: int
    quote: str
    teller_user_id: str
    customer_told: str | None


@dataclass(frozen=True)
class ThemeView:
    theme_id: int
    title: str
    category: str | None
    state: ThemeState
    owner_user_id: str | None
    started_by_user_id: str
    channel_id: str | None
    fix_date: date | None
    decline_reason: str
    cases: tuple[ThemeCaseLine, ...]

    @property
    def customers(self) -> int:
        return len({line.customer for line in self.cases})

    @property
    def anger_levels(self) -> tuple[int, ...]:
        return tuple(sorted((line.anger_level for line in self.cases), reverse=True))

    def strongest_quotes(self) -> tuple[str, ...]:
        """The angriest customers' words first."""
        ranked = sorted(self.cases, key=lambda line: (-line.anger_level, line.case_id))
        return tuple(line.quote for line in ranked if line.quote)[:QUOTES]


def theme_view(record: ThemeRecord, *, show_names: bool) -> ThemeView:
    anonymizer = Anonymizer(show_names=show_names)
    names = [linked.case.customer for linked in record.cases]
    theme = record.theme
    assert theme.id is not None
    return ThemeView(
        theme_id=theme.id, title=theme.title, category=theme.category,
        state=ThemeState(theme.state), owner_user_id=record.owner_user_id,
        started_by_user_id=record.started_by_user_id, channel_id=theme.channel_id,
        fix_date=theme.fix_date, decline_reason=theme.decline_reason,
        cases=tuple(ThemeCaseLine(
            case_id=linked.link.case_id, customer=anonymizer.label(linked.case.customer),
            name=linked.case.customer,
            anger_level=linked.case.anger_level,
            quote=_quote(anonymizer.scrub(linked.case.problem or linked.case.what_happened,
                                          names)),
            teller_user_id=linked.teller_user_id, customer_told=linked.link.customer_told)
            for linked in record.cases))


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LENGTH else text[: QUOTE_LENGTH - 1] + "…"
