"""Once `serve` or `tick` has started, what start-up built is frozen out of the garbage
collector's walks (the slowest acknowledgements were its full collections); a test's process,
which starts apps of its own, is left alone."""

from __future__ import annotations

import gc
import subprocess
import sys

from bot.long_lived import YOUNG_COLLECTION_EVERY

FROZEN_AFTER_START = """
import gc
from bot import cli  # what `angrycall serve` imports before it builds its app
from bot import long_lived
long_lived.started()
print(gc.get_freeze_count(), gc.get_threshold()[0])
"""


def test_a_started_process_freezes_what_it_imported() -> None:
    result = subprocess.run([sys.executable, "-c", FROZEN_AFTER_START], capture_output=True,
                            text=True, check=True, timeout=60)
    frozen, young = map(int, result.stdout.split())
    assert frozen > 10_000
    assert young == YOUNG_COLLECTION_EVERY


def test_the_test_process_is_not_frozen() -> None:
    # Many tests above built and started the app in this process.
    assert gc.get_freeze_count() == 0
