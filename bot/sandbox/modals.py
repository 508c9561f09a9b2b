"""Who has which modals open, what they typed and what the bot refused, as Slack keeps it.

`views.open` and `views.push` land on the stack of whoever was handed the trigger id; a
submission's answer (`response_action`) closes, updates, pushes or marks errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.workspace import World


@dataclass
class Modals:
    world: World
    stacks: dict[str, list[str]] = field(default_factory=dict)  # user id -> view ids
    triggers: dict[str, str] = field(default_factory=dict)  # trigger id -> user id
    used: set[str] = field(default_factory=set)  # trigger ids a view was opened or pushed with
    typed: dict[str, dict[str, Any]] = field(default_factory=dict)  # view id -> state values
    errors: dict[str, dict[str, str]] = field(default_factory=dict)  # view id -> block errors

    def new_trigger(self, user_id: str) -> str:
        trigger = self.world.new_trigger_id()
        self.triggers[trigger] = user_id
        return trigger

    def top(self, user_id: str) -> dict[str, Any] | None:
        stack = self.stacks.get(user_id) or []
        return self.world.views.get(stack[-1]) if stack else None

    def depth(self, user_id: str) -> int:
        return len(self.stacks.get(user_id) or [])

    def after_call(self, method: str, args: dict[str, Any], answer: dict[str, Any]) -> None:
        """Follow the bot's view calls: which person's screen a new view lands on."""
        if not answer.get("ok") or method not in ("views.open", "views.push", "views.update"):
            return
        view_id = answer["view"]["id"]
        self.errors.pop(view_id, None)  # Slack clears a view's errors when it changes
        user_id = self.triggers.get(str(args.get("trigger_id")))
        if user_id and method != "views.update":
            self.used.add(str(args["trigger_id"]))
        if method == "views.open" and user_id:
            self.stacks[user_id] = [view_id]
        elif method == "views.push" and user_id:
            self.stacks.setdefault(user_id, []).append(view_id)

    def remember(self, view_id: str, values: dict[str, Any]) -> None:
        self.typed[view_id] = values

    def answered(self, user_id: str, view_id: str, answer: dict[str, Any] | None) -> None:
        """Apply the bot's answer to a submission, as Slack's client does."""
        action = (answer or {}).get("response_action")
        stack = self.stacks.setdefault(user_id, [])
        if action == "errors":
            self.errors[view_id] = dict(answer.get("errors") or {}) if answer else {}
        elif action == "update" and answer:
            self._show(answer.get("view"), view_id)
        elif action == "push" and answer:
            stack.append(self._show(answer.get("view"), None))
        elif action == "clear":
            stack.clear()
        elif view_id in stack:
            stack.remove(view_id)

    def close(self, user_id: str) -> None:
        stack = self.stacks.get(user_id) or []
        if stack:
            stack.pop()

    def _show(self, view: Any, view_id: str | None) -> str:
        self.world.check_view(view)
        return str(self.world.store_view(view, view_id)["id"])
