"""The people picker of Adaptive Cards (pure): Teams' dynamic typeahead asks the bot for the
people matching what is typed; clients without it show the static choices."""

from __future__ import annotations

from collections.abc import Sequence

from bot.teams import adaptive as ac
from bot.teams.ids import PEOPLE_DATASET

Element = ac.Element

# Fallback choices: enough to find a colleague in a small team, few enough that a card holding
# several pickers (the list has one a promise) stays within Teams' card size.
STATIC_PEOPLE = 100
NAME_SHOWN = 60


def people_picker(input_id: str, label: str, choices: Sequence[tuple[str, str]], *,
                  value: str = "", static_limit: int = STATIC_PEOPLE) -> Element:
    """`choices` are (title, value) pairs; the typed search reaches everyone angrycall can
    message, the static list only the first `static_limit`."""
    shown = [(ac.clip(title, NAME_SHOWN), choice) for title, choice in choices][:static_limit]
    picker = ac.choice_set(input_id, label, shown, value=value)
    picker["choices.data"] = {"type": "Data.Query", "dataset": PEOPLE_DATASET}
    picker["placeholder"] = "Type a name"
    return picker
