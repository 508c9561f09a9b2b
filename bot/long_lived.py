"""What a process does once it has started: everything built so far lives as long as it does.

Python's cyclic garbage collector walks every container object of the oldest generation on a
full collection: after start-up that is a few hundred thousand objects of SQLAlchemy, pydantic,
bolt and our own modules, none of which will ever be garbage. Those walks were the slowest
acknowledgements of `/angrycall` (their p99 was 3-4x a bare bolt app's; 1.4x once the start-up
objects were frozen out of the collector's sight: README, "Acknowledging `/angrycall`").
"""

from __future__ import annotations

import gc

# Collect the youngest objects every 20,000 allocations (Python's default is 700): a request's
# short-lived dicts and lists are freed by reference counting anyway, and each collection also
# costs the time to find that out.
YOUNG_COLLECTION_EVERY = 20_000


# The commands whose process runs on after start-up: `started()` ends their start-up.
COMMANDS = frozenset({"serve", "tick"})


def starting() -> None:
    """First thing in the `angrycall` command's own process (`bot.start`): no collections
    while start-up imports modules and builds the app. All of that lives as long as the
    process, yet the collector's walks over it, again and again as it grew, took 0.3 s of the
    CPU of `serve`'s imports (and of each `angrycall tick` process)."""
    gc.disable()


def short_lived() -> None:
    """A command that ends once done (`migrate`, `digest`, `export`, the sandbox...): the
    collector as usual from here on."""
    gc.enable()


def started() -> None:
    """Call once start-up is done (imports, the app built), in a process of angrycall's own:
    never in a test's, whose objects must stay collectable.

    No full collection first: at this point it finds nothing to free (measured: no object,
    after `serve` built its app and after a tick's imports) and walks every object there is,
    40-60 ms of each start, paid by every `angrycall tick` process."""
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, middle, old)
    gc.enable()  # paused since `starting()`, in the command's own process
