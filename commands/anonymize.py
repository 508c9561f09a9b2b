"""Customers become "Customer A", "Customer B"...; emails and phone numbers vanish (pure)."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# International or local numbers with at least 7 digits, allowing spaces, dots, dashes, parens.
PHONE = re.compile(r"(?<![\w])\+?\d[\d\s().-]{5,}\d(?![\w])")
MIN_NAME_PART = 3


@dataclass
class Anonymizer:
    """Gives each distinct customer a stable letter within one digest."""

    show_names: bool = False
    _labels: dict[str, str] = field(default_factory=dict)

    def label(self, customer: str) -> str:
        if self.show_names:
            return customer
        key = customer.strip().casefold()
        if key not in self._labels:
            self._labels[key] = f"Customer {_letters(len(self._labels))}"
        return self._labels[key]

    def scrub(self, text: str, customers: list[str]) -> str:
        """Free text with contact details removed and known customer names replaced."""
        cleaned = PHONE.sub("[phone]", EMAIL.sub("[email]", text))
        if self.show_names:
            return cleaned
        for customer in sorted(customers, key=len, reverse=True):
            cleaned = _replace_name(cleaned, customer, self.label(customer))
        return cleaned


def _replace_name(text: str, name: str, label: str) -> str:
    # The full name first, then each longer part of it ("Acme Corp" also hides "Acme").
    parts = [name.strip(), *[p for p in name.split() if len(p) >= MIN_NAME_PART]]
    for part in dict.fromkeys(p for p in parts if p):
        text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", label, text, flags=re.IGNORECASE)
    return text


def _letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA ..."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = string.ascii_uppercase[remainder] + letters
    return letters
