"""The cases a new case is compared with, indexed so a suggestion never reads them all (pure).

Cases are grouped by their text (category and meaningful words): a recurring problem is often
told in the same words, and each distinct text is scored once however many cases tell it. Each
text is filed under (category, word) for every meaningful word, and each case under its
customer. For a new case, only the texts of its category sharing at least MIN_SHARED_WORDS words
with it are scored (RapidFuzz token-set ratio); only the cases of the same customer are
"again". Cases older than the WINDOW are skipped when read, so a window can keep taking new
cases."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

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
        self._told_in: dict[TextKey, list[int]] = {}  # a text: the positions of its cases
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
        told.append(position)
        self._by_customer[customer_key(case.customer)].append(position)

    def suggest(self, new: CaseText) -> list[Suggestion]:
        """Suggestions for `new` from the cases logged in the WINDOW before it."""
        return suggestions(new, self.alike(new), self.again(new))

    def alike(self, new: CaseText) -> list[CaseText]:
        """The cases of the WINDOW before `new` whose text is alike to it, most alike first
        (on a tie, the text told first; then in the order they were added)."""
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

    def _in_window(self, new: CaseText, positions: Iterable[int]) -> list[CaseText]:
        # One comprehension, no generator inside: a text told hundreds of times is walked here.
        since, until, cases = new.logged_at - WINDOW, new.logged_at, self._cases
        return [case for p in positions
                if since <= (case := cases[p]).logged_at <= until and case.case_id != new.case_id]


def suggest(new: CaseText, earlier: Sequence[CaseText]) -> list[Suggestion]:
    """Suggestions for `new` from `earlier` cases (those in the WINDOW before it count)."""
    return SuggestionWindow(earlier).suggest(new)
