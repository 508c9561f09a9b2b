"""The cases a new case is compared with, indexed so a suggestion never reads them all (pure).

Cases are grouped by their text (category and meaningful words): a recurring problem is often
told in the same words, and each distinct text is scored once however many cases tell it. Each
text is filed under (category, word) for every meaningful word, and each case under its
customer. For a new case, only the texts of its category sharing at least MIN_SHARED_WORDS words
with it are scored (RapidFuzz token-set ratio); only the cases of the same customer are
"again". Each text's and each customer's cases are kept in the order they were logged, so the
ones in the WINDOW before a new case are found by bisection and taken as one slice: a problem
told hundreds of times in a burst costs each new case a few lookups, not a walk over all of
them. Older cases stay held, so a window can keep taking new cases."""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from commands.theme_suggestions import (
    MIN_SHARED_WORDS,
    WINDOW,
    CaseText,
    Earlier,
    Suggestion,
    alike_texts,
    customer_key,
    suggestions_from,
)

TextKey = tuple[str | None, str]  # (category, words)


class _Timeline:
    """Cases in the order logged, their instants, ids and themes alongside: the ones in a
    window are found by bisecting plain datetimes and taken as slices, at C speed however many
    there are."""

    __slots__ = ("_at", "_cases", "_ids", "_themes")

    def __init__(self) -> None:
        self._at: list[datetime] = []
        self._cases: list[CaseText] = []
        self._ids: list[int] = []
        self._themes: list[int | None] = []

    def __bool__(self) -> bool:
        return bool(self._cases)

    def add(self, case: CaseText) -> None:
        # Cases arrive in id order, which is nearly the order logged: the insertion point is
        # almost always the end.
        position = bisect.bisect_right(self._at, case.logged_at)
        self._at.insert(position, case.logged_at)
        self._cases.insert(position, case)
        self._ids.insert(position, case.case_id)
        self._themes.insert(position, case.theme_id)

    def first_logged_at(self) -> datetime:
        return self._at[0]

    def before(self, new: CaseText) -> Earlier:
        """The cases logged in the WINDOW before `new` (or at its instant), `new` left out."""
        first = bisect.bisect_left(self._at, new.logged_at - WINDOW)
        last = bisect.bisect_right(self._at, new.logged_at, first)
        cases, ids = self._cases[first:last], self._ids[first:last]
        themes = self._themes[first:last]
        # `new` itself, when held, is among the last ones: those logged at its very instant.
        for index in range(len(ids) - 1, -1, -1):
            if self._at[first + index] != new.logged_at:
                break
            if ids[index] == new.case_id:
                del cases[index], ids[index], themes[index]
                break
        return Earlier(cases=cases, ids=ids, themes=themes,
                       first_logged_at=cases[0].logged_at if cases else None)


class SuggestionWindow:
    def __init__(self, cases: Iterable[CaseText] = ()) -> None:
        self._told_in: dict[TextKey, _Timeline] = {}
        self._by_word: defaultdict[TextKey, list[str]] = defaultdict(list)  # its texts' words
        self._by_customer: defaultdict[str, _Timeline] = defaultdict(_Timeline)
        for case in cases:
            self.add(case)

    def add(self, case: CaseText) -> None:
        told = self._told_in.setdefault((case.category, case.words), _Timeline())
        if not told:
            for word in set(case.words.split()):
                self._by_word[case.category, word].append(case.words)
        told.add(case)
        self._by_customer[customer_key(case.customer)].add(case)

    def suggest(self, new: CaseText) -> list[Suggestion]:
        """Suggestions for `new` from the cases logged in the WINDOW before it."""
        return suggestions_from(new, self._alike(new), self._again(new))

    def alike(self, new: CaseText) -> list[CaseText]:
        """The cases of the WINDOW before `new` whose text is alike to it, most alike first
        (on a tie, the text told first; each text's cases in the order logged)."""
        return list(self._alike(new).cases)

    def again(self, new: CaseText) -> list[CaseText]:
        return list(self._again(new).cases)

    def _alike(self, new: CaseText) -> Earlier:
        shared: Counter[str] = Counter()
        for word in set(new.words.split()):
            shared.update(self._by_word.get((new.category, word), ()))
        candidates = [text for text, words in shared.items() if words >= MIN_SHARED_WORDS]
        candidates.sort(key=lambda text: self._told_in[new.category, text].first_logged_at())
        found = [self._told_in[new.category, text].before(new)
                 for text in alike_texts(new.words, candidates)]
        if len(found) == 1:
            return found[0]  # a burst told in the same words: its slices as they are
        return Earlier.of([case for earlier in found for case in earlier.cases])

    def _again(self, new: CaseText) -> Earlier:
        timeline = self._by_customer.get(customer_key(new.customer))
        return Earlier.of([]) if timeline is None else timeline.before(new)


def suggest(new: CaseText, earlier: Sequence[CaseText]) -> list[Suggestion]:
    """Suggestions for `new` from `earlier` cases (those in the WINDOW before it count)."""
    return SuggestionWindow(earlier).suggest(new)
