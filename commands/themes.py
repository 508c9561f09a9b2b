"""Themes, one problem behind many calls: suggesting them, starting one from a case, linking
cases, and (leads only) merging and splitting. Platform-neutral; `now` is an argument."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from commands.log_case import LoggedCase
from commands.people import Team, in_team
from commands.suggestion_window import suggest
from commands.theme_suggestions import WINDOW, Suggestion, case_text
from commands.theme_views import (
    ACTIVE_STATES,
    MAX_TITLE,
    ThemeRefusal,
    ThemeView,
    theme_view,
)
from commands.theme_windows import SuggestionWindows
from storage import cases, theme_facts, themes
from storage.engine import Database
from storage.models import Workspace
from storage.workspaces import find_workspace, get_workspace

Answer = ThemeView | ThemeRefusal


@dataclass(frozen=True)
class Actor:
    """Who is asking, from which workspace (as the platform names them)."""

    user_id: str
    team: Team


async def suggestions_for(db: Database, *, case_id: int, actor: Actor) -> list[Suggestion]:
    """What a case has in common with the cases logged in the WINDOW before it."""
    workspace = await _case_workspace(db, case_id, actor)
    stored = await cases.get_case(db, case_id=case_id)
    if workspace is None or workspace.id is None or stored is None:
        return []
    return await _suggestions_in_window(db, workspace_id=workspace.id, case_id=case_id,
                                        logged_at=stored.case.created_at)


async def suggestions_for_new_case(db: Database, *, logged: LoggedCase,
                                   windows: SuggestionWindows) -> list[Suggestion]:
    """`suggestions_for` a case its reporter just logged: its workspace and instant are known,
    and the process keeps its workspace's window (only the cases new since are read)."""
    return await windows.suggest(db, workspace_id=logged.workspace_id,
                                 case_id=logged.summary.case_id, logged_at=logged.logged_at)


async def _suggestions_in_window(db: Database, *, workspace_id: int, case_id: int,
                                 logged_at: datetime) -> list[Suggestion]:
    window = await theme_facts.cases_since(db, workspace_id=workspace_id,
                                           since=logged_at - WINDOW, until=logged_at)
    texts = [case_text(case_id=c.case_id, customer=c.customer, category=c.category,
                       problem=c.problem, what_happened=c.what_happened, logged_at=c.logged_at,
                       theme_id=c.theme_id) for c in window]
    new = next((t for t in texts if t.case_id == case_id), None)
    return [] if new is None else suggest(new, texts)


@dataclass(frozen=True)
class ThemeChoices:
    """What the theme picker of a case offers."""

    current: ThemeView | None
    suggestions: list[Suggestion]
    themes: list[ThemeView]  # the workspace's unfinished themes


async def theme_choices(db: Database, *, case_id: int, actor: Actor) -> ThemeChoices | None:
    workspace = await _case_workspace(db, case_id, actor)
    if workspace is None or workspace.id is None:
        return None
    names = workspace.digest_show_names
    current = await themes.theme_of_case(db, case_id=case_id)
    return ThemeChoices(
        current=theme_view(current, show_names=names) if current else None,
        suggestions=await suggestions_for(db, case_id=case_id, actor=actor),
        themes=[theme_view(r, show_names=names)
                for r in await themes.themes_of(db, workspace_id=workspace.id,
                                                states=ACTIVE_STATES)])


async def open_themes(db: Database, *, actor: Actor) -> list[ThemeView]:
    """The unfinished themes of the actor's workspace."""
    workspace = await find_workspace(db, platform=actor.team.platform,
                                     external_id=actor.team.external_id)
    if workspace is None or workspace.id is None:
        return []
    return [theme_view(r, show_names=workspace.digest_show_names)
            for r in await themes.themes_of(db, workspace_id=workspace.id)]


async def start_theme(db: Database, *, actor: Actor, title: str, case_ids: Sequence[int],
                      now: datetime) -> Answer:
    """A new theme from cases the actor is on (a lead may take any case of the workspace)."""
    title = " ".join(title.split())
    if not title or len(title) > MAX_TITLE:
        return ThemeRefusal.NO_TITLE
    workspace = await _workspace_of_cases(db, case_ids, actor)
    if workspace is None or workspace.id is None:
        return ThemeRefusal.NOT_FOUND
    first = await cases.get_case(db, case_id=case_ids[0])
    assert first is not None
    category = first.case.category
    channels = await theme_facts.theme_channels(db, workspace_id=workspace.id)
    record = await themes.start_theme(
        db, workspace_id=workspace.id, title=title, category=category,
        channel_id=channels.get(category) if category else None, started_by=actor.user_id,
        case_ids=case_ids, now=now)
    return theme_view(record, show_names=workspace.digest_show_names)


async def link_case(db: Database, *, actor: Actor, theme_id: int, case_id: int,
                    now: datetime) -> Answer:
    workspace = await _case_workspace(db, case_id, actor)
    theme = await themes.get_theme(db, theme_id=theme_id)
    if workspace is None or theme is None or theme.theme.workspace_id != workspace.id:
        return ThemeRefusal.NOT_FOUND
    if theme.theme.state not in ACTIVE_STATES:
        return ThemeRefusal.WRONG_STATE
    record = await themes.link_case(db, theme_id=theme_id, case_id=case_id, by=actor.user_id,
                                    now=now)
    return theme_view(record, show_names=workspace.digest_show_names)


async def unlink_case(db: Database, *, actor: Actor, case_id: int) -> str | ThemeRefusal:
    """Take a case out of its theme (while the theme is open or planned)."""
    current = await themes.theme_of_case(db, case_id=case_id)
    if await _case_workspace(db, case_id, actor) is None or current is None:
        return ThemeRefusal.NOT_FOUND
    if current.theme.state not in ACTIVE_STATES:
        return ThemeRefusal.WRONG_STATE
    await themes.unlink_case(db, case_id=case_id)
    return f"Case #{case_id} is in no theme now."


async def merge_themes(db: Database, *, actor: Actor, source_id: int, target_id: int,
                       now: datetime) -> Answer:
    """A lead folds one theme into another: its cases follow."""
    workspace = await _lead_workspace(db, [source_id, target_id], actor)
    if isinstance(workspace, ThemeRefusal):
        return workspace
    record = await themes.merge_themes(db, source_id=source_id, target_id=target_id,
                                       by=actor.user_id, now=now)
    return theme_view(record, show_names=workspace.digest_show_names)


async def split_theme(db: Database, *, actor: Actor, theme_id: int, case_ids: Sequence[int],
                      title: str, now: datetime) -> Answer:
    """A lead moves some cases of a theme into a new theme of their own."""
    workspace = await _lead_workspace(db, [theme_id], actor)
    if isinstance(workspace, ThemeRefusal):
        return workspace
    theme = await themes.get_theme(db, theme_id=theme_id)
    assert theme is not None
    if not case_ids or not set(case_ids) <= {c.link.case_id for c in theme.cases}:
        return ThemeRefusal.NOT_FOUND
    return await start_theme(db, actor=actor, title=title, case_ids=case_ids, now=now)


async def _lead_workspace(db: Database, theme_ids: Sequence[int],
                          actor: Actor) -> Workspace | ThemeRefusal:
    records = [await themes.get_theme(db, theme_id=t) for t in theme_ids]
    if any(r is None for r in records) or len(set(theme_ids)) != len(theme_ids):
        return ThemeRefusal.NOT_FOUND
    workspace_ids = {r.theme.workspace_id for r in records if r is not None}
    workspace = await get_workspace(db, workspace_id=workspace_ids.pop())
    if workspace_ids or not in_team(workspace, actor.team):
        return ThemeRefusal.NOT_FOUND
    if actor.user_id not in workspace.lead_user_ids:
        return ThemeRefusal.LEADS_ONLY
    if any(r.theme.state not in ACTIVE_STATES for r in records if r is not None):
        return ThemeRefusal.WRONG_STATE
    return workspace


async def _workspace_of_cases(db: Database, case_ids: Sequence[int],
                              actor: Actor) -> Workspace | None:
    workspaces = [await _case_workspace(db, case_id, actor) for case_id in case_ids]
    if not workspaces or any(w is None for w in workspaces):
        return None
    return workspaces[0] if len({w.id for w in workspaces if w}) == 1 else None


async def _case_workspace(db: Database, case_id: int, actor: Actor) -> Workspace | None:
    """The case's workspace when the actor is on the case or leads it; None otherwise."""
    stored = await cases.get_case(db, case_id=case_id)
    if stored is None:
        return None
    workspace = await get_workspace(db, workspace_id=stored.case.workspace_id)
    on_case = actor.user_id in {*stored.user_ids.values(), *workspace.lead_user_ids}
    return workspace if in_team(workspace, actor.team) and on_case else None
