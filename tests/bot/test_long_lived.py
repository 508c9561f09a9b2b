"""The `angrycall` command's own process collects no garbage during start-up; once `serve` or
`tick` has started, what start-up built is frozen out of the garbage collector's walks (the
slowest acknowledgements were its full collections); a test's process, which starts apps of its
own, is left alone."""

from __future__ import annotations

import gc
import subprocess
import sys

from bot.long_lived import YOUNG_COLLECTION_EVERY
from tests.bot.conftest import running_app
from tests.bot.conftest import test_settings as app_settings  # not collected as a test
from tests.fakeslack import FakeSlack

FROZEN_AFTER_START = """
import gc
from bot import long_lived
collections = []
gc.callbacks.append(lambda phase, info: collections.append(info) if phase == "start" else None)
long_lived.starting()  # as `bot.start` does
from bot import cli  # what `angrycall serve` imports before it builds its app
collected_while_starting = len(collections)
long_lived.started()
print(gc.get_freeze_count(), gc.get_threshold()[0], collected_while_starting, gc.isenabled())
"""

SHORT_LIVED = """
import gc, sys
from bot.start import main
sys.argv = ["angrycall", "new-key"]
main()
print(gc.isenabled())
"""


def test_a_started_process_freezes_what_it_imported() -> None:
    result = subprocess.run([sys.executable, "-c", FROZEN_AFTER_START], capture_output=True,
                            text=True, check=True, timeout=60)
    frozen, young, collections, collecting = result.stdout.split()
    assert int(frozen) > 10_000
    assert int(young) == YOUNG_COLLECTION_EVERY
    assert int(collections) == 0
    assert collecting == "True"


def test_a_command_that_ends_once_done_collects_as_usual() -> None:
    result = subprocess.run([sys.executable, "-c", SHORT_LIVED], capture_output=True,
                            text=True, check=True, timeout=60)
    assert result.stdout.splitlines()[-1] == "True"


async def test_an_app_built_and_served_in_a_process_of_its_caller_leaves_its_collector_alone(
        slack: FakeSlack, database_url: str) -> None:
    # Only the `angrycall` command's own process freezes (`long_lived.started`): a process
    # that builds the app itself (this one) keeps its objects collectable.
    frozen, thresholds = gc.get_freeze_count(), gc.get_threshold()
    async with running_app(app_settings(slack, database_url), slack) as app:
        assert (await app.command("help")).status_code == 200
    # Frozen objects freed by reference counting leave the count: it may only go down.
    assert gc.get_freeze_count() <= frozen and gc.get_threshold() == thresholds
    assert gc.isenabled()
