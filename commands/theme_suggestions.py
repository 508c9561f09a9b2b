"""Which earlier cases look like the one just logged, and why (pure).

Two cases are alike when they share a category and their "underlying problem" and "what
happened" texts have a RapidFuzz token-set ratio of at least MIN_SCORE, with at least two
meaningful words in common (a one-word text would otherwise match every text containing it).
The same customer calling again is a suggestion of its own. Every suggestion carries the words
it rests on, so a person can judge it: "4 Billing cases in 9 days mention 'charged twice'".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from operator import attrgetter

WINDOW = timedelta(days=21)
MIN_SCORE = 40
MIN_SHARED_WORDS = 2
MIN_ALIKE_CASES = 3  # the new case and two earlier ones: a pattern, not a coincidence
# The evidence phrase is found in the new case and its most alike earlier ones: enough to name
# what they share, and a burst of hundreds of alike calls costs no more than a few dozen.
PHRASE_FROM_MOST_ALIKE = 24
# C-level getters: an alike group of hundreds of cases is sorted and walked for every offer.
_LOGGED_AT = attrgetter("logged_at")
_CASE_ID = attrgetter("case_id")
_THEME_ID = attrgetter("theme_id")
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOPWORDS_TEXT = """
a about after again all also am an and any are as at be because been before being but by can
could did do does for from had has have he her him his how i if in into is it its just me more
my no not of on once only or our out over she so some than that the their them then there they
this to too up us very was we were what when which who why will with would you your customer
customers client said says told call called
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


class SuggestionKind(StrEnum):
    ALIKE = "alike"
    SAME_CUSTOMER = "same_customer"


@dataclass(frozen=True)
class CaseText:
    """What a suggestion needs to know about a case; `words` is `normalized(text)`."""

    case_id: int
    customer: str
    category: str | None
    words: str
    logged_at: datetime
    theme_id: int | None = None


@dataclass(frozen=True)
class Suggestion:
    kind: SuggestionKind
    case_ids: tuple[int, ...]  # the new case last
    category: str | None
    phrase: str  # the words the cases share, the evidence
    days: int
    theme_id: int | None  # the theme most of the earlier cases already belong to
    reason: str


# Every suggestion reads the window's texts afresh (the last weeks' cases): each is worked out
# once per process, not once per case logged after it.
@lru_cache(maxsize=8192)
def normalized(text: str) -> str:
    """The meaningful words of a text, lower-cased, in order."""
    return " ".join(w for w in WORD.findall(text.casefold()) if w not in STOPWORDS)


def case_text(*, case_id: int, customer: str, category: str | None, problem: str,
              what_happened: str, logged_at: datetime, theme_id: int | None = None) -> CaseText:
    return CaseText(case_id=case_id, customer=customer, category=category,
                    words=normalized(f"{problem} {what_happened}"), logged_at=logged_at,
                    theme_id=theme_id)


@dataclass(frozen=True)
class Earlier:
    """Earlier cases found for a new one: most alike first, and their ids and themes in the
    order logged (a window hands these over as slices of its own, however many there are)."""

    cases: Sequence[CaseText]
    ids: Sequence[int]  # in the order logged
    themes: Sequence[int | None]
    first_logged_at: datetime | None

    @classmethod
    def of(cls, cases: Sequence[CaseText]) -> Earlier:
        ordered = sorted(cases, key=_LOGGED_AT)
        return cls(cases=cases, ids=list(map(_CASE_ID, ordered)),
                   themes=list(map(_THEME_ID, ordered)),
                   first_logged_at=ordered[0].logged_at if ordered else None)


def suggestions(new: CaseText, alike: Sequence[CaseText],
                again: Sequence[CaseText]) -> list[Suggestion]:
    """What to suggest for `new`, given the earlier cases alike to it and those of the same
    customer (both from the WINDOW before it; see `commands.suggestion_window`)."""
    return suggestions_from(new, Earlier.of(alike), Earlier.of(again))


def suggestions_from(new: CaseText, alike: Earlier, again: Earlier) -> list[Suggestion]:
    found = [_alike(new, alike), _same_customer(new, again)]
    return [s for s in found if s is not None]


def alike_texts(words: str, texts: Sequence[str]) -> list[str]:
    """The `texts` (meaningful words, each told once) whose token-set ratio with `words`
    reaches MIN_SCORE, most alike first (on a tie, in the order given)."""
    if not words or not texts:
        return []
    # Imported at the first comparison: a server that logs no case never loads it.
    from rapidfuzz import fuzz, process

    scored = process.extract(words, texts, scorer=fuzz.token_set_ratio, processor=None,
                             score_cutoff=MIN_SCORE, limit=None)
    scored.sort(key=lambda found: (-found[1], found[2]))  # found: (text, score, index)
    return [text for text, _, _ in scored]


def _alike(new: CaseText, alike: Earlier) -> Suggestion | None:
    if len(alike.ids) + 1 < MIN_ALIKE_CASES:
        return None
    phrase = shared_phrase([new.words, *(c.words for c in alike.cases[:PHRASE_FROM_MOST_ALIKE])])
    days = _days(alike, new)
    label = new.category or "uncategorised"
    return Suggestion(kind=SuggestionKind.ALIKE, case_ids=(*alike.ids, new.case_id),
                      category=new.category, phrase=phrase, days=days,
                      theme_id=_usual_theme(alike.themes),
                      reason=f"{len(alike.ids) + 1} {label} cases in {_span(days)} "
                             f"mention '{phrase}'")


def _same_customer(new: CaseText, again: Earlier) -> Suggestion | None:
    if not again.ids:
        return None
    days = _days(again, new)
    name = new.customer.strip()
    return Suggestion(kind=SuggestionKind.SAME_CUSTOMER, case_ids=(*again.ids, new.case_id),
                      category=new.category, phrase=name, days=days,
                      theme_id=_usual_theme(again.themes),
                      reason=f"{name} again: {len(again.ids) + 1} cases in {_span(days)}")


def customer_key(customer: str) -> str:
    return customer.strip().casefold()


def shared_phrase(texts: Sequence[str]) -> str:
    """The run of words (three, two or one) found in the most texts; the longer on a tie."""
    counts: Counter[tuple[str, ...]] = Counter()
    # A burst of alike cases is mostly one text told again and again: its runs are counted
    # once, that many times over.
    for text, times in Counter(texts).items():
        runs = _runs_of_words(text)
        counts.update(runs if times == 1 else dict.fromkeys(runs, times))
    if not counts:
        return ""
    best, _ = min(counts.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))
    return " ".join(best)


@lru_cache(maxsize=8192)
def _runs_of_words(text: str) -> frozenset[tuple[str, ...]]:
    """Every run of one, two or three words in `text`, once each. Kept per text: the cases
    of a recurring problem, often told in the same words, name their phrase again and again."""
    words = text.split()
    return frozenset(tuple(words[i:i + n]) for n in (1, 2, 3) for i in range(len(words) - n + 1))


def _usual_theme(themes: Iterable[int | None]) -> int | None:
    # Only the cases in a theme are counted (ids start at 1): most are in none.
    counted = Counter(filter(None, themes))
    return min(counted, key=lambda t: (-counted[t], t)) if counted else None


def _days(earlier: Earlier, new: CaseText) -> int:
    """The days from the first of the `earlier` cases to `new`."""
    first = earlier.first_logged_at or new.logged_at
    span = new.logged_at - min(first, new.logged_at)
    return max(1, math.ceil(span / timedelta(days=1)))


def _span(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"
