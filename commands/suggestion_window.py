"""The cases a new case is compared with, indexed so a suggestion never reads them all (pure).

Each case is filed under (category, word) for every meaningful word, and under its customer.
For a new case, only the cases of its category sharing at least MIN_SHARED_WORDS words with it
are scored (RapidFuzz token-set ratio); only the cases of the same customer are "again". Cases
older than the WINDOW are skipped when read, so a window can keep taking new cases."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from commands.theme_suggestions import (
    MIN_SHARED_WORDS,
    WINDOW,
    CaseText,
    Suggestion,
    alike_by_text,
    customer_key,
    suggestions,
)


class SuggestionWindow:
    def __init__(self, cases: Iterable[CaseText] = ()) -> None:
        self._cases: list[CaseText] = []
        self._by_word: defaultdict[tuple[str | None, str], list[int]] = defaultdict(list)
        self._by_customer: defaultdict[str, list[int]] = defaultdict(list)
        for case in cases:
            self.add(case)

    def add(self, case: CaseText) -> None:
        position = len(self._cases)
        self._cases.append(case)
        for word in set(case.words.split()):
            self._by_word[case.category, word].append(position)
        self._by_customer[customer_key(case.customer)].append(position)

    def suggest(self, new: CaseText) -> list[Suggestion]:
        """Suggestions for `new` from the cases logged in the WINDOW before it."""
        return suggestions(new, self.alike(new), self.again(new))

    def alike(self, new: CaseText) -> list[CaseText]:
        shared: Counter[int] = Counter()
        for word in set(new.words.split()):
            shared.update(self._by_word.get((new.category, word), ()))
        peers = self._in_window(new, (p for p, n in shared.items() if n >= MIN_SHARED_WORDS))
        return alike_by_text(new, peers)

    def again(self, new: CaseText) -> list[CaseText]:
        return self._in_window(new, self._by_customer.get(customer_key(new.customer), ()))

    def _in_window(self, new: CaseText, positions: Iterable[int]) -> list[CaseText]:
        since = new.logged_at - WINDOW
        found = (self._cases[p] for p in positions)
        return [c for c in found
                if since <= c.logged_at <= new.logged_at and c.case_id != new.case_id]


def suggest(new: CaseText, earlier: Sequence[CaseText]) -> list[Suggestion]:
    """Suggestions for `new` from `earlier` cases (those in the WINDOW before it count)."""
    return SuggestionWindow(earlier).suggest(new)
