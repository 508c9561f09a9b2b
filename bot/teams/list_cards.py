"""`list` in the personal chat: my open promises, soonest first, each with its actions (pure).

The Teams twin of Slack's `/angrycall list`. A card holds fewer promises than a Slack message:
each carries its forms (Done, Snooze, Renegotiate, Reassign) folded inside it."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from bot.teams import adaptive as ac
from bot.teams.ids import VERB, DataKey, InputId, Verb
from bot.teams.nudge_cards import (
    clip,
    commitment_actions,
    reassign_action,
    view_case_action,
    when,
)
from commands.my_commitments import NOTHING_OWED, OwedItem, OwedList

Element = ac.Element
# Teams refuses cards above about 28 KB: six promises with their folded forms (about 3.5 KB
# each at the longest texts) stay within, as the test of the longest card checks.
SHOWN = 6
PROMISE_PREVIEW = 150
CUSTOMER_SHOWN = 80
PICKER_FALLBACK = 3  # static choices a promise's Reassign offers (the typed search finds all)
SEPARATOR = "."


def list_card(owed: OwedList, people: Sequence[tuple[str, str]], *, user_id: str) -> Element:
    """`people` (user id, name): whom a promise may be handed to."""
    items = owed.items[:SHOWN]
    if not items:
        return ac.card([ac.text(NOTHING_OWED, weight="bolder")])
    body = [ac.text(heading(len(items), max(owed.total, len(items))), weight="bolder",
                    size="medium")]
    for item in items:
        body.append(item_container(item, people, user_id=user_id))
    return ac.card(body)


def heading(shown: int, total: int) -> str:
    if total <= shown:
        return f"Your open promises ({shown}), soonest first"
    return (f"Your open promises: the soonest {shown} of {total}. Type `home` for the rest "
            "of your record.")


def item_lines(item: OwedItem, *, preview: int = PROMISE_PREVIEW) -> list[Element]:
    flag = "⚠️ **Overdue** " if item.overdue else ""
    waiting = {"pending": "⏳ Waiting for your yes. ",
               "declined": "You declined it. "}.get(item.acceptance, "")
    return [ac.text(f"{flag}{waiting}**{ac.plain(clip(item.customer, CUSTOMER_SHOWN))}**: "
                    f"{ac.plain(clip(item.promise, preview))}"),
            ac.text(f"Due {when(item.due_at)} · case #{item.case_id}", subtle=True)]


def item_container(item: OwedItem, people: Sequence[tuple[str, str]], *,
                   user_id: str) -> Element:
    actions = own_input_ids(item_actions(item, people, user_id), item.commitment_id)
    return {"type": "Container", "separator": True,
            "items": [*item_lines(item), ac.action_set(actions)]}


def own_input_ids(actions: Sequence[Element], commitment_id: int) -> list[Element]:
    """Each promise's inputs get ids of their own ("note.9"): a card's ids must be unique, and
    the list holds one Done form a promise. `item_inputs` reads them back."""
    owned = copy.deepcopy(list(actions))
    for action in owned:
        for element in action.get("card", {}).get("body", []):
            if element.get("type", "").startswith("Input.") and "id" in element:
                element["id"] = f"{element['id']}{SEPARATOR}{commitment_id}"
    return owned


def item_inputs(data: Mapping[str, Any]) -> dict[str, Any]:
    """A submit's values with the list's per-promise input ids back to the plain ones (those
    of the pressed promise only; other cards' ids are left as they are)."""
    if not isinstance(data, Mapping):
        return {}
    suffix = f"{SEPARATOR}{data.get(DataKey.COMMITMENT_ID)}"
    return {str(key).removesuffix(suffix): value for key, value in data.items()}


def item_actions(item: OwedItem, people: Sequence[tuple[str, str]],
                 user_id: str) -> list[Element]:
    cid = item.commitment_id
    view = view_case_action(item.case_id)
    if item.acceptance == "pending":
        return [*answer_actions(cid), view]
    if item.acceptance == "declined":
        return [view]
    return [*commitment_actions(cid),
            *reassign_action(cid, people, user_id, static_limit=PICKER_FALLBACK), view]


def answer_actions(commitment_id: int) -> list[Element]:
    """Accept / Decline, for a promise someone else made for this person."""
    data = {DataKey.COMMITMENT_ID.value: commitment_id}
    return [
        ac.submit("Accept", {VERB: Verb.ACCEPT.value, **data}, style="positive"),
        ac.show_card("Decline", [
            ac.input_text(InputId.REASON, "Why can't you keep it?", multiline=True,
                          max_length=3000),
        ], [ac.submit("Decline", {VERB: Verb.DECLINE.value, **data})]),
    ]
