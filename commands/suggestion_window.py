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
    Suggestion,
    alike_texts,
    customer_key,
    suggestions,
)

TextKey = tuple[str | None, str]  # (category, words)


class SuggestionWindow:
    def __init__(self, cases: Iterable[CaseText] = ()) -> None:
        self._cases: list[CaseText] = []
        # The positions of a text's (or a customer's) cases in `_cases`, in the order logged.
        self._told_in: dict[TextKey, list[int]] = {}
        self._by_word: defaultdict[TextKey, list[str]] = defaultdict(list)  # its texts' words
        self._by_customer: defaultdict[str, list[int]] = defaultdict(list)
        for case in cases:
            self.add(case)

    def add(self, case: CaseText) -> None:
        position = len(self._cases)
        self._cases.append(case)
        told = self._told_in.setdefault((case.category, case.words), [])
        if not told:
            for word in set(case.words.split()):
                self._by_word[case.category, word].append(case.words)
        self._file(told, position)
        self._file(self._by_customer[customer_key(case.customer)], position)

    def _file(self, positions: list[int], position: int) -> None:
        # Cases arrive in id order, which is nearly the order logged: the insertion point is
        # almost always the end.
        bisect.insort_right(positions, position, key=self._logged_at)

    def _logged_at(self, position: int) -> datetime:
        return self._cases[position].logged_at

    def suggest(self, new: CaseText) -> list[Suggestion]:
        """Suggestions for `new` from the cases logged in the WINDOW before it."""
        return suggestions(new, self.alike(new), self.again(new))

    def alike(self, new: CaseText) -> list[CaseText]:
        """The cases of the WINDOW before `new` whose text is alike to it, most alike first
        (on a tie, the text told first; each text's cases in the order logged)."""
        shared: Counter[str] = Counter()
        for word in set(new.words.split()):
            shared.update(self._by_word.get((new.category, word), ()))
        candidates = [text for text, words in shared.items() if words >= MIN_SHARED_WORDS]
        candidates.sort(key=lambda text: self._told_in[new.category, text][0])
        found: list[CaseText] = []
        for text in alike_texts(new.words, candidates):
            found += self._in_window(new, self._told_in[new.category, text])
        return found

    def again(self, new: CaseText) -> list[CaseText]:
        return self._in_window(new, self._by_customer.get(customer_key(new.customer), ()))

    def _in_window(self, new: CaseText, positions: Sequence[int]) -> list[CaseText]:
        first = bisect.bisect_left(positions, new.logged_at - WINDOW, key=self._logged_at)
        last = bisect.bisect_right(positions, new.logged_at, first, key=self._logged_at)
        found = map(self._cases.__getitem__, positions[first:last])
        return [case for case in found if case.case_id != new.case_id]


def suggest(new: CaseText, earlier: Sequence[CaseText]) -> list[Suggestion]:
    """Suggestions for `new` from `earlier` cases (those in the WINDOW before it count)."""
    return SuggestionWindow(earlier).suggest(new)
