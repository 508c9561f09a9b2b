"""What every adapter needs, built once in `bot.app`: settings, the database, the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.slack.tokens import BotTokens, SingleWorkspaceToken
from bot.workspace_cache import WorkspaceCache
from bot.zone_cache import ZoneCache
from storage.engine import Database

if TYPE_CHECKING:
    from bot.slack.home_refreshes import WorkspaceHomes
    from bot.teams.runtime import TeamsRuntime
    from commands.theme_windows import SuggestionWindows


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    settings: Settings
    db: Database
    # The only place the adapters read the time; tests pass a fixed clock.
    clock: Callable[[], datetime] = field(default=system_clock)

    def now(self) -> datetime:
        return self.clock()

    @cached_property
    def workspaces(self) -> WorkspaceCache:
        """Workspace ids and categories for hot paths (the form), briefly remembered."""
        return WorkspaceCache(self.db, self.settings.categories, self.clock)

    @cached_property
    def zones(self) -> ZoneCache:
        """People's zones on record for hot paths (every logged case), briefly remembered;
        their profiles are recorded through it, so this process never reads an old one."""
        return ZoneCache(self.db)

    @cached_property
    def theme_windows(self) -> SuggestionWindows:
        """Each workspace's recent cases, kept for the theme offer after every logged case."""
        from commands.theme_windows import SuggestionWindows

        return SuggestionWindows()

    @cached_property
    def home_refreshes(self) -> dict[tuple[str, str], WorkspaceHomes]:
        """Each workspace's App Homes waiting to be republished (`bot.slack.home_refreshes`),
        by (platform, team id); held here, so they go when the app does."""
        return {}

    @cached_property
    def slack_tokens(self) -> BotTokens:
        """One per process: it serialises token refreshes among this process's tasks."""
        if not self.settings.oauth:
            # One workspace's token: bolt's OAuth stack (a sixth of a tick's imports) stays out.
            return SingleWorkspaceToken(self.settings.bot_token)
        from bot.slack.oauth import bot_tokens

        return bot_tokens(self.settings, self.db, self.clock)

    @cached_property
    def teams(self) -> TeamsRuntime | None:
        """The Teams agent (adapter, application, token validation), when Teams is configured;
        imported late, so Slack-only installs never load the Agents SDK."""
        if not self.settings.teams:
            return None
        from bot.teams.runtime import build_runtime

        return build_runtime(self.settings)
