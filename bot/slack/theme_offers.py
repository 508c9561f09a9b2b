"""Right after a case is logged on Slack: whether it is alike to earlier cases. The reporter's
confirmation carries the offer (one message, not two)."""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from bot.services import Services
from commands.log_case import LoggedCase
from commands.theme_suggestions import Suggestion
from commands.themes import suggestions_for_new_case

logger = logging.getLogger(__name__)


async def alike_to_earlier(services: Services, logged: LoggedCase) -> list[Suggestion]:
    """The theme suggestions for a case just logged; none when the database cannot tell just
    now (the case is stored: its confirmation and the owners' DMs go out all the same)."""
    try:
        return await suggestions_for_new_case(services.db, logged=logged,
                                              windows=services.theme_windows)
    except SQLAlchemyError as error:
        logger.warning("no theme offer for case %s: %s", logged.summary.case_id, error)
        return []
