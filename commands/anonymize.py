"""Customers become "Customer A", "Customer B"... in order of appearance; colleagues the bot
knows become "a colleague"; emails and phone numbers vanish (pure)."""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# International or local numbers with at least 7 digits, allowing spaces, dots, dashes, parens.
PHONE = re.compile(r"(?<![\w])\+?\d[\d\s().-]{5,}\d(?![\w])")
MIN_NAME_PART = 3
COLLEAGUE = "a colleague"


@dataclass
class Anonymizer:
    """Gives each distinct customer a stable letter within one digest and its thread, lettered
    in the order the customers first appear, with no gaps."""

    show_names: bool = False
    colleagues: Sequence[str] = ()  # display names of the workspace's people
    _labels: dict[str, str] = field(default_factory=dict)

    def label(self, customer: str) -> str:
        if self.show_names:
            return customer
        key = customer.strip().casefold()
        if key not in self._labels:
            self._labels[key] = f"Customer {_letters(len(self._labels))}"
        return self._labels[key]

    def scrub(self, text: str, customers: list[str]) -> str:
        """Free text with contact details, colleagues and known customer names replaced."""
        cleaned = PHONE.sub("[phone]", EMAIL.sub("[email]", text))
        for name in sorted(self.colleagues, key=len, reverse=True):
            cleaned = _replace_colleague(cleaned, name)
        if self.show_names:
            return cleaned
        # Labels go out in the order names appear in the text, so none is given unseen.
        present = [c for c in customers if _position(cleaned, c) is not None]
        for customer in sorted(dict.fromkeys(present), key=lambda c: _position(cleaned, c) or 0):
            self.label(customer)
        for customer in sorted(dict.fromkeys(present), key=len, reverse=True):
            cleaned = _replace_name(cleaned, customer, self.label(customer))
        return cleaned


def _parts(name: str) -> list[str]:
    # The full name first, then each longer part of it ("Acme Corp" also hides "Acme").
    parts = [name.strip(), *[p for p in name.split() if len(p) >= MIN_NAME_PART]]
    return list(dict.fromkeys(p for p in parts if p))


def _position(text: str, name: str) -> int | None:
    found = [m.start() for part in _parts(name)
             if (m := re.search(rf"(?<!\w){re.escape(part)}(?!\w)", text, re.IGNORECASE))]
    return min(found) if found else None


def _replace_name(text: str, name: str, label: str) -> str:
    for part in _parts(name):
        text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", label, text, flags=re.IGNORECASE)
    return text


def _replace_colleague(text: str, name: str) -> str:
    # A full name in any case; a single word of it only capitalised, as names are written:
    # "Will Smith" hides "will smith", "Will" and "Smith", but "we will call" stays.
    full = name.strip()
    if " " in full:
        text = re.sub(rf"(?<!\w){re.escape(full)}(?!\w)", COLLEAGUE, text, flags=re.IGNORECASE)
    for word in dict.fromkeys(w for w in full.split() if len(w) >= MIN_NAME_PART):
        capitalised = word[:1].upper() + word[1:]
        text = re.sub(rf"(?<!\w){re.escape(capitalised)}(?!\w)", COLLEAGUE, text)
    return text


def _letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA ..."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = string.ascii_uppercase[remainder] + letters
    return letters
