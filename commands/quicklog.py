"""`/angrycall <free text>`: guess the customer, the promise and its date from the text.

A heuristic the reporter corrects in the form, never a decision: the customer is the text before
the first separator (`:`, `,`, ` - `, ` — `) or follow-up phrase ("call back", "promised", ...),
the due date is the first date phrase dateparser finds, read in the reporter's timezone (the
owner's, until someone else is picked), and the promise is the last clause before that date
("Acme Corp call back Friday 3pm": "call back"); clauses between the customer and the promise
are what happened. The note itself is not copied anywhere whole.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

from commands.cases import MAX_CUSTOMER_LENGTH, MAX_PROMISE_LENGTH, MAX_TEXT_LENGTH, Prefill

# dateparser is slow on long input; a quick note never needs more than this to name a date.
DATE_SEARCH_LIMIT = 300
SEPARATORS = re.compile(r"\s*(?::|,|;|\s-\s|\s\u2014\s|\s\u2013\s)\s*")
FOLLOW_UP = re.compile(
    r"\b(call(?:ing)?\s*back|callback|follow[\s-]?up|promised?|refund|wants?|angry|upset|"
    r"re:|about|by|on|before|needs?)\b",
    re.IGNORECASE,
)
# What a real date phrase contains; dateparser also "finds" dates in words like "may" or "2000".
DATE_WORDS = re.compile(
    r"\b(today|tonight|tomorrow|next|in\s+\d+\s+(?:day|week|hour)s?|mon|tue|wed|thu|fri|sat|"
    r"sun|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|"
    r"july|august|september|october|november|december|noon)",
    re.IGNORECASE,
)
NUMERIC_DATE = re.compile(r"\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?")
TIME_OF_DAY = re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\b\d{1,2}:\d{2}\b|\bnoon\b",
                         re.IGNORECASE)
MAX_LEADING_WORDS = 6
# "refund promised by [Friday]": the word that ties the promise to its date is not the promise.
LEADING_OR_TRAILING_LINK = re.compile(r"^(?:and|then)\s+|\s+(?:by|on|before|until|for|at)$",
                                      re.IGNORECASE)


def parse_quick_text(text: str, *, now: datetime, zone: ZoneInfo) -> Prefill:
    stripped = text.strip()
    if not stripped:
        return Prefill()
    local_now = now.astimezone(zone).replace(tzinfo=None)
    phrase, when = _find_date(stripped[:DATE_SEARCH_LIMIT], local_now)
    due_date = when.date() if when and when.date() >= local_now.date() else None
    due_time = _time_of(phrase, when) if due_date else None
    customer = _customer(stripped, phrase)
    happened, promise = _clauses(stripped, phrase, customer)
    return Prefill(
        customer=customer[:MAX_CUSTOMER_LENGTH],
        what_happened=happened[:MAX_TEXT_LENGTH],
        promise=promise[:MAX_PROMISE_LENGTH],
        due_date=due_date,
        due_time=due_time,
    )


def _clauses(text: str, phrase: str, customer: str) -> tuple[str, str]:
    """(what happened, what was promised): the clauses between the customer and the date."""
    head = text.split(phrase, 1)[0] if phrase else text
    if customer and head.startswith(customer):
        head = head[len(customer):]
    elif customer:
        head = head.replace(customer, "", 1)
    parts = [part.strip(" .!?-—") for part in SEPARATORS.split(head)]
    parts = [part for part in parts if part]
    if not parts:
        return "", ""
    promise = LEADING_OR_TRAILING_LINK.sub("", parts[-1]).strip()
    return ", ".join(parts[:-1]), promise


def load_date_parser() -> None:
    """Import dateparser, at the first quick note rather than at start-up: it and its language
    data are a sixth of a server's memory, and half a second of its start. One search loads
    the English data, which dateparser otherwise reads during the first note's parse."""
    from dateparser.search import search_dates

    search_dates("tomorrow", languages=["en"])


def _find_date(text: str, local_now: datetime) -> tuple[str, datetime | None]:
    from dateparser.search import search_dates  # loaded once: see load_date_parser

    try:
        found = search_dates(text, languages=["en"], settings={
            "PREFER_DATES_FROM": "future", "RELATIVE_BASE": local_now,
            "RETURN_AS_TIMEZONE_AWARE": False,
        })
    except (ValueError, OverflowError, RecursionError):
        return "", None
    for phrase, when in found or []:
        if _looks_like_a_date(phrase):
            return phrase, when
    return "", None


def _looks_like_a_date(phrase: str) -> bool:
    return bool(DATE_WORDS.search(phrase) or NUMERIC_DATE.search(phrase)
                or TIME_OF_DAY.search(phrase))


def _time_of(phrase: str, when: datetime | None) -> time | None:
    if when is None or not TIME_OF_DAY.search(phrase):
        return None
    return when.time().replace(second=0, microsecond=0)


def _customer(text: str, phrase: str) -> str:
    head = text.split(phrase, 1)[0] if phrase else text
    head = SEPARATORS.split(head, maxsplit=1)[0]
    head = FOLLOW_UP.split(head, maxsplit=1)[0]
    candidate = head.strip(" .!?-—")
    if candidate:
        return candidate
    # The text opened with the follow-up ("call back monday 10:30 Umbrella Ltd"): take the rest.
    rest = text.split(phrase, 1)[1] if phrase and phrase in text else ""
    rest = SEPARATORS.split(rest.strip(), maxsplit=1)[0].strip(" .!?-—")
    return rest if 0 < len(rest.split()) <= MAX_LEADING_WORDS else ""
