"""Benchmark: how good and how fast are the theme suggestions?

Generates cases over 90 days in five categories: most are noise (words drawn from a shared
vocabulary), some carry a planted theme (key words among the noise; see `theme_words`). Each
case is then "logged" in order and `commands.theme_suggestions.suggest` runs against the cases
of the 21 days before it. A suggested earlier case is right when it carries
the same planted theme as the new case:

- precision: right suggested cases / all suggested cases;
- recall: right suggested cases / earlier cases of the same theme inside the window.

Then the time per new case with 100,000 cases in the window (--big 0 skips it).

    python bench/themes.py [--cases 10000] [--themes 60] [--big 100000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from commands.suggestion_window import SuggestionWindow  # noqa: E402
from commands.theme_suggestions import (  # noqa: E402
    WINDOW,
    CaseText,
    SuggestionKind,
    case_text,
)

START = datetime(2026, 8, 1, tzinfo=UTC)
SPAN = timedelta(days=90)
CATEGORIES = ["Billing", "Product defect", "Delivery delay", "Service outage", "Other"]
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "shi", "pe", "gu", "da", "zo", "fi"]


@dataclass(frozen=True)
class Planted:
    text: CaseText
    theme: int | None


def vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def generate(count: int, themes: int, rng: random.Random, *, themed_share: float = 0.3,
             span: timedelta = SPAN) -> list[Planted]:
    words = vocabulary(rng, 3000)
    keys = [rng.sample(words, 4) for _ in range(themes)]
    home = [rng.choice(CATEGORIES) for _ in range(themes)]
    # A theme lives for two to four weeks, somewhere in the span.
    starts = [START + span * rng.random() for _ in range(themes)]
    cases: list[Planted] = []
    for case_id in range(count):
        theme = rng.randrange(themes) if rng.random() < themed_share else None
        noise = rng.sample(words, rng.randint(4, 10))
        if theme is None:
            at, category, text = START + span * rng.random(), rng.choice(CATEGORIES), noise
        else:
            at = starts[theme] + timedelta(days=rng.uniform(0, rng.choice([14, 21, 28])))
            category = home[theme]
            text = noise[:3] + theme_words(keys[theme], rng) + noise[3:]
        cases.append(Planted(case_text(case_id=case_id, customer=f"C{rng.randrange(count)}",
                                       category=category, problem=" ".join(text),
                                       what_happened="", logged_at=at), theme))
    return sorted(cases, key=lambda p: p.text.logged_at)


def theme_words(keys: list[str], rng: random.Random) -> list[str]:
    """Mostly the theme's phrase (its first two key words) and maybe a detail; one case in
    five says it in other words (one key word of the phrase, both details)."""
    if rng.random() < 0.8:
        return keys[:2] + rng.sample(keys[2:], rng.randint(0, 2))
    return [rng.choice(keys[:2]), *keys[2:]]


def measure_quality(cases: list[Planted]) -> tuple[float, float, float]:
    """Precision, recall, and the mean seconds to suggest for and then file one new case."""
    theme_of = {p.text.case_id: p.theme for p in cases}
    suggested = right = expected = 0
    timings: list[float] = []
    window, first = SuggestionWindow(), 0
    for index, new in enumerate(cases):
        started = time.perf_counter()
        found = window.suggest(new.text)
        window.add(new.text)
        timings.append(time.perf_counter() - started)
        alike = next((s for s in found if s.kind == SuggestionKind.ALIKE), None)
        earlier = alike.case_ids[:-1] if alike else ()
        suggested += len(earlier)
        while cases[first].text.logged_at < new.text.logged_at - WINDOW:
            first += 1
        if new.theme is not None:
            right += sum(theme_of[c] == new.theme for c in earlier)
            expected += sum(p.theme == new.theme for p in cases[first:index])
    precision = right / suggested if suggested else 1.0
    return precision, right / expected if expected else 1.0, statistics.mean(timings)


def measure_speed(size: int, rng: random.Random, samples: int = 20) -> float:
    """Seconds to suggest for and file one new case with `size` cases in the window."""
    cases = generate(size + samples, max(1, size // 150), rng, span=timedelta(days=20))
    window = SuggestionWindow(p.text for p in cases[:size])
    timings = []
    for new in cases[size:]:
        started = time.perf_counter()
        window.suggest(new.text)
        window.add(new.text)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--themes", type=int, default=60)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    precision, recall, mean = measure_quality(generate(args.cases, args.themes, rng))
    print(f"{args.cases} cases, {args.themes} planted themes: precision {precision:.3f}, "
          f"recall {recall:.3f}, {1000 * mean:.2f} ms per new case")
    if args.big:
        per_case = measure_speed(args.big, rng)
        verdict = "OK" if per_case < 0.05 else "OVER the 50 ms budget"
        print(f"{args.big} cases in the window: {1000 * per_case:.1f} ms per new case "
              f"(median of 20): {verdict}")


if __name__ == "__main__":
    main()
