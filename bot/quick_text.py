"""`/angrycall <text>` (Slack) and `angrycall <text>` (Teams) read off the event loop.

dateparser is pure Python and slow on some text (a line of numbers: half a second); on the
loop, that time held up every other request. It runs in its own two threads here, so floods
of such text queue there, and a guess that takes too long is given up: the form opens with
the text and no date rather than after Slack's 3-second trigger window. dateparser itself is
imported there too, at the first note: that import has a second of its own, so it never eats
the parse's second.
"""

from __future__ import annotations

import asyncio
import functools
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from zoneinfo import ZoneInfo

from commands.cases import MAX_TEXT_LENGTH, Prefill
from commands.quicklog import load_date_parser, parse_quick_text

LOAD_TIMEOUT_SECONDS = 1.0
PARSE_TIMEOUT_SECONDS = 1.0
_parsers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="quick-text")


async def read_quick_text(text: str, *, now: datetime, zone: ZoneInfo) -> Prefill:
    """The form's guesses from `text`, worked out in a thread; just the text if too slow."""
    loop = asyncio.get_running_loop()
    work = functools.partial(parse_quick_text, text[:MAX_TEXT_LENGTH], now=now, zone=zone)
    loading = _date_parser_loading()
    try:
        if not loading.done():
            await asyncio.wait_for(asyncio.wrap_future(loading), LOAD_TIMEOUT_SECONDS)
        return await asyncio.wait_for(loop.run_in_executor(_parsers, work),
                                      PARSE_TIMEOUT_SECONDS)
    except TimeoutError:
        return Prefill(what_happened=text.strip()[:MAX_TEXT_LENGTH])


def start_loading_date_parser() -> None:
    """Load dateparser now, in its threads, rather than at the first quick note."""
    _date_parser_loading()


@functools.cache
def _date_parser_loading() -> Future[None]:
    """dateparser's import, started once per process in the parser threads."""
    return _parsers.submit(load_date_parser)
