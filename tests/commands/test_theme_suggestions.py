"""Theme suggestions (pure): alike cases in a window, the same customer again, and why."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from commands.suggestion_window import suggest
from commands.theme_suggestions import (
    MIN_SHARED_WORDS,
    WINDOW,
    CaseText,
    Suggestion,
    SuggestionKind,
    alike_texts,
    case_text,
    customer_key,
    normalized,
    shared_phrase,
    suggestions,
)

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def text(case_id: int, problem: str, *, days_ago: float = 0, category: str | None = "Billing",
         customer: str | None = None, theme_id: int | None = None) -> CaseText:
    return case_text(case_id=case_id, customer=customer or f"Customer {case_id}",
                     category=category, problem=problem, what_happened="",
                     logged_at=NOW - timedelta(days=days_ago), theme_id=theme_id)


def test_alike_billing_cases_are_suggested_with_the_phrase_they_share() -> None:
    earlier = [text(1, "Charged twice for the November invoice", days_ago=9),
               text(2, "The customer was charged twice after the migration", days_ago=5),
               text(3, "She got charged twice on her card", days_ago=2),
               text(4, "Login page is slow", days_ago=1)]
    new = text(5, "Charged twice this month, very angry")

    [suggestion] = suggest(new, earlier)

    assert suggestion.kind == SuggestionKind.ALIKE
    assert suggestion.case_ids == (1, 2, 3, 5)
    assert suggestion.reason == "4 Billing cases in 9 days mention 'charged twice'"


def test_other_categories_and_cases_outside_the_window_do_not_count() -> None:
    earlier = [text(1, "Charged twice for the invoice", days_ago=30),
               text(2, "Charged twice for the invoice", category="Shipping"),
               text(3, "Charged twice for the invoice", days_ago=3)]

    assert suggest(text(4, "Charged twice for the invoice"), earlier) == []


def test_one_shared_word_is_not_enough() -> None:
    earlier = [text(1, "Refund", days_ago=2), text(2, "Refund", days_ago=1)]

    assert suggest(text(3, "Refund of the delivery fee never arrived"), earlier) == []


def test_the_same_customer_again_is_a_suggestion_of_its_own() -> None:
    earlier = [text(1, "Invoice wrong", customer="Acme", days_ago=6, category="Other")]

    [suggestion] = suggest(text(2, "Login broken", customer=" acme "), earlier)

    assert suggestion.kind == SuggestionKind.SAME_CUSTOMER
    assert suggestion.case_ids == (1, 2)
    assert suggestion.reason == "acme again: 2 cases in 6 days"


def test_a_suggestion_points_at_the_theme_the_alike_cases_are_in() -> None:
    earlier = [text(1, "Charged twice on the card", days_ago=3, theme_id=7),
               text(2, "Charged twice on the card again", days_ago=2, theme_id=7)]

    [suggestion] = suggest(text(3, "charged twice card"), earlier)

    assert suggestion.theme_id == 7


def test_normalized_keeps_the_meaningful_words_in_order() -> None:
    assert normalized("The customer was CHARGED twice, on 3 cards!") == "charged twice 3 cards"


def test_the_shared_phrase_prefers_the_longer_run_on_a_tie() -> None:
    assert shared_phrase(["charged twice card", "charged twice bank", "refund charged twice"]
                         ) == "charged twice"
    assert shared_phrase([]) == ""



PROBLEMS = ("Charged twice for the annual plan", "Charged twice for the monthly plan",
            "Refund never arrived after two weeks", "Refund arrived twice")
# Whole hours within and around the window, both edges included: 21 days is 504 hours.
HOURS_AGO = st.integers(min_value=-2, max_value=510)
EARLIER = st.lists(st.tuples(st.sampled_from(PROBLEMS), HOURS_AGO, st.integers(0, 2),
                             st.sampled_from((None, 7, 8))), max_size=20)


@settings(max_examples=300, deadline=None)
@given(earlier=EARLIER, problem=st.sampled_from(PROBLEMS))
def test_a_window_finds_the_cases_a_plain_walk_over_its_window_finds(
        earlier: list[tuple[str, int, int, int | None]], problem: str) -> None:
    # Cases arrive in id order, not in the order logged; the window holds every one of them.
    cases = [text(index + 1, told, days_ago=hours / 24, customer=f"Customer {customer}",
                  theme_id=theme) for index, (told, hours, customer, theme) in enumerate(earlier)]
    new = text(len(cases) + 1, problem, customer="Customer 0")
    assert _ids_in_any_order(suggest(new, [*cases, new])) == _ids_in_any_order(
        suggestions(new, *_walked(new, cases)))


def _walked(new: CaseText, cases: list[CaseText]) -> tuple[list[CaseText], list[CaseText]]:
    """The alike cases and the same customer's, found by looking at every case."""
    window = [c for c in cases if new.logged_at - WINDOW <= c.logged_at <= new.logged_at]
    texts = {c.words for c in window if c.category == new.category
             and len(set(c.words.split()) & set(new.words.split())) >= MIN_SHARED_WORDS}
    alike = set(alike_texts(new.words, sorted(texts)))
    return ([c for c in window if c.category == new.category and c.words in alike],
            [c for c in window if customer_key(c.customer) == customer_key(new.customer)])


def _ids_in_any_order(found: list[Suggestion]) -> list[Suggestion]:
    """Cases logged at the same instant may be listed in either order."""
    return [replace(s, case_ids=tuple(sorted(s.case_ids))) for s in found]
