"""Themes as plain text (pure): the answers to theme commands, and on Teams the owning
channel's post and the notes back to people. Platforms send it as plain text (Slack escapes
it), so typed titles and reasons never become links or mentions."""

from __future__ import annotations

from collections.abc import Sequence

from commands.theme_suggestions import Suggestion
from commands.theme_views import ThemeCaseLine, ThemeState, ThemeView

SHOWN_CASE_NUMBERS = 10
STATES = {
    ThemeState.OPEN: "open", ThemeState.PLANNED: "fix planned", ThemeState.FIXED: "fixed",
    ThemeState.TOLD: "fixed, every customer told", ThemeState.DECLINED: "declined",
    ThemeState.MERGED: "merged",
}


def theme_line(view: ThemeView) -> str:
    when = f" for {view.fix_date:%a %d %b %Y}" if view.fix_date and (
        view.state == ThemeState.PLANNED) else ""
    return (f"Theme #{view.theme_id} \"{view.title}\" ({view.category or 'uncategorised'}): "
            f"{len(view.cases)} case{'s' if len(view.cases) != 1 else ''}, "
            f"{STATES[view.state]}{when}")


def theme_list(views: Sequence[ThemeView]) -> str:
    if not views:
        return "No open themes. Start one with: theme <case number> new <title>"
    return "\n".join(theme_line(view) for view in views)


def case_themes(case_id: int, current: ThemeView | None,
                suggestions: Sequence[Suggestion]) -> str:
    lines = [theme_line(current) if current else f"Case #{case_id} is in no theme yet."]
    lines += [f"Alike: {s.reason} (cases {_case_numbers(s.case_ids)})"
              + (f", in theme #{s.theme_id}" if s.theme_id else "") for s in suggestions]
    if current is None:
        lines.append(f"Start one: theme {case_id} new <title>; or link it: "
                     f"theme {case_id} link <theme number>")
    return "\n".join(lines)


def _case_numbers(case_ids: Sequence[int]) -> str:
    """The latest few of a suggestion's cases (the case asked about last): a burst of alike
    calls names hundreds."""
    shown = case_ids[-SHOWN_CASE_NUMBERS:]
    numbers = ", ".join(f"#{c}" for c in shown)
    earlier = len(case_ids) - len(shown)
    return f"{numbers} and {earlier} earlier" if earlier else numbers


def declined_note(view: ThemeView) -> str:
    return f"{theme_line(view)}. Why: {view.decline_reason}"


def fixed_note(view: ThemeView, line: ThemeCaseLine) -> str:
    return (f"The problem behind your case #{line.case_id} with {line.name} is fixed "
            f"(\"{view.title}\").")


def tell_the_customer(view: ThemeView, line: ThemeCaseLine) -> str:
    return (f"{fixed_note(view, line)} Tell them, then type: told {line.case_id} "
            f"[pleased|neutral|still upset], or: unreachable {line.case_id}")


def reminder_text(kind: str, view: ThemeView, owner_name: str) -> str:
    """A fix-date reminder in words (`kind`: due | overdue | escalation)."""
    when = f"{view.fix_date:%a %d %b}" if view.fix_date else "the planned date"
    if kind == "due":
        return (f"Today ({when}) is the fix date planned for the theme \"{view.title}\": mark "
                f"it fixed once it is out, or plan a new date.")
    if kind == "overdue":
        return (f"The fix of the theme \"{view.title}\" was planned for {when}: is it out? "
                f"Mark it fixed, or plan a new date.")
    return (f"The theme \"{view.title}\" ({len(view.cases)} customers waiting), owned by "
            f"{owner_name}, is past its fix date ({when}).")


def offer_text(case_id: int, suggestions: Sequence[Suggestion], *, typed: bool) -> str:
    """Right after logging: what the new case has in common with earlier ones. `typed`: the
    platform answers text commands (Teams) rather than a button."""
    reasons = "; ".join(s.reason for s in suggestions)
    how = (f"theme {case_id} shows them; theme {case_id} new <title> starts a theme." if typed
           else "Theme links it to one, or starts one.")
    return f"Case #{case_id} looks like others: {reasons}. One problem behind them? {how}"
