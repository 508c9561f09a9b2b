"""Themes as plain text (pure): what `theme 12` says about a case in no theme yet."""

from __future__ import annotations

from commands.theme_suggestions import Suggestion, SuggestionKind
from commands.theme_texts import case_themes


def alike(case_ids: tuple[int, ...]) -> Suggestion:
    return Suggestion(SuggestionKind.ALIKE, case_ids=case_ids, category="Billing",
                      phrase="charged twice", days=3, theme_id=None,
                      reason=f"{len(case_ids)} Billing cases in 3 days mention 'charged twice'")


def test_a_suggestion_names_its_cases() -> None:
    assert case_themes(12, None, [alike((3, 7, 12))]).splitlines() == [
        "Case #12 is in no theme yet.",
        "Alike: 3 Billing cases in 3 days mention 'charged twice' (cases #3, #7, #12)",
        "Start one: theme 12 new <title>; or link it: theme 12 link <theme number>"]


def test_a_burst_of_alike_cases_names_the_latest_ten() -> None:
    [_, line, _] = case_themes(500, None, [alike(tuple(range(1, 501)))]).splitlines()
    assert line == ("Alike: 500 Billing cases in 3 days mention 'charged twice' (cases #491, "
                    "#492, #493, #494, #495, #496, #497, #498, #499, #500 and 490 earlier)")
