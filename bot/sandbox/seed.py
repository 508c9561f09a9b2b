""""Seed a demo week": the lead set in the team settings, a handful of hard calls logged across
the team, two promises kept, and the team channel subscribed to the weekly digest, all through
the real path (`/angrycall`, the bot's own modals, signed submissions), so the digest has
something to teach."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.sandbox.slack_side import SlackSide
from bot.sandbox.team import CHANNEL_ID, ZONE
from bot.sandbox.view_state import Form, initial_form
from bot.slack.ids import ActionId, InputId
from bot.slack.mrkdwn import escape
from commands.cases import CaseField, CommitmentField, commitment_field
from commands.commitment_actions import Reaction
from commands.playbook import PlaybookStep


@dataclass(frozen=True)
class DemoCase:
    reporter: str
    customer: str
    channel: str
    anger: str
    what_happened: str
    problem: str
    category: str
    wants: str
    agreed: str
    steps: tuple[str, ...]
    lessons: str
    owner: str
    due_in_days: int
    promise: str
    kept: str = ""  # the owner's outcome note when the promise is kept during the week


DEMO_WEEK = (
    DemoCase("U0SAM", "Northwind Traders", "phone", "5",
             "Third failed delivery this month; the buyer threatened to move the whole account.",
             "Their dock only receives before noon and our carrier books afternoon slots.",
             "Delivery delay", "One delivery they can count on, and one person who owns it.",
             "A morning slot is booked with the carrier; I call them when it has arrived.",
             ("acknowledge", "let_vent", "direct_questions", "propose_solution", "take_ownership",
              "agree_schedule"),
             "Ask about receiving hours on the first call, not the third.", "U0SAM", 1,
             "Call Northwind once the morning delivery is signed for",
             "Delivered at 08:40 and complete; the buyer thanked us for calling first."),
    DemoCase("U0PRIYA", "Halvorsen Dental", "email", "3",
             "The invoice doubled after a plan change and the practice manager felt tricked.",
             "The upgrade was prorated twice by the billing migration.", "Billing",
             "The overcharge back this month.",
             "Refund of the duplicate charge and a corrected invoice by Thursday.",
             ("acknowledge", "apologize", "empathize", "restate_check", "propose_solution",
              "take_ownership"),
             "Check the migration report before quoting an invoice.", "U0TOMAS", 2,
             "Send the corrected invoice and the refund reference"),
    DemoCase("U0TOMAS", "Brightline Logistics", "phone", "4",
             "The dashboard was down for four hours during their month-end close.",
             "A certificate expired on the reporting service.", "Service outage",
             "To know it will not happen again before next month-end.",
             "A written incident summary and the monitoring we added, by Friday.",
             ("acknowledge", "stay_calm", "direct_questions", "agree_schedule", "take_ownership"),
             "Say what we know and when we will know more, even when it is little.", "U0MAYA",
             3, "Send Brightline the incident summary"),
    DemoCase("U0MAYA", "Okafor & Sons", "in_person", "2",
             "A discount promised at renewal was never written down and did not appear.",
             "The renewal note lived in one person's inbox.", "Contract or pricing",
             "The discount honoured as promised.",
             "Discount applied from this month; I confirm it in writing.",
             ("let_vent", "apologize", "restate_check", "propose_solution"),
             "Every promise made at renewal goes into the account notes.", "U0MAYA", 1,
             "Confirm the renewal discount to Okafor & Sons in writing",
             "Confirmed by letter; the discount shows on this month's invoice."),
    DemoCase("U0SAM", "Café Lumen", "chat", "4",
             "The card reader refused payments all Saturday; they lost the weekend's takings.",
             "A firmware update left the reader offline until restarted.", "Product defect",
             "A working reader before next weekend and something for the lost sales.",
             "A replacement reader by courier and a credit on next month's fees.",
             ("acknowledge", "let_vent", "apologize", "propose_solution", "agree_schedule",
              "thank_last_word"),
             "Tell merchants to restart after updates; it would have saved their Saturday.",
             "U0PRIYA", 2, "Check the replacement reader works at Café Lumen"),
)


def answers(case: DemoCase, *, due: date) -> dict[str, list[str]]:
    """What the reporter would type and pick, by the form's field names."""
    return {
        CaseField.CUSTOMER: [case.customer], CaseField.CONTACT_CHANNEL: [case.channel],
        CaseField.ANGER_LEVEL: [case.anger], CaseField.WHAT_HAPPENED: [case.what_happened],
        CaseField.PROBLEM: [case.problem], CaseField.CATEGORY: [case.category],
        CaseField.CUSTOMER_WANTS: [case.wants], CaseField.AGREED: [case.agreed],
        **steps_by_phase(case.steps), CaseField.LESSONS: [case.lessons],
        CaseField.SHARE_CONSENT: ["share"],
        commitment_field(0, CommitmentField.OWNER): [case.owner],
        commitment_field(0, CommitmentField.DUE_DATE): [due.isoformat()],
        commitment_field(0, CommitmentField.PROMISE): [case.promise],
    }


def steps_by_phase(steps: tuple[str, ...]) -> dict[str, list[str]]:
    """The ticked steps, in the checkbox group of their phase of the call."""
    groups: dict[str, list[str]] = {}
    for step in steps:
        phase = PlaybookStep(step).phase
        groups.setdefault(f"{CaseField.DEESCALATION_STEPS.value}_{phase.value}", []).append(step)
    return groups


def form_for(view: dict[str, Any], by_field: dict[str, list[str]]) -> Form:
    """The page's form fields (`b<index>`) for a view's input blocks: what the view shows at
    first, then `by_field` (by block id) typed over it."""
    blocks = view.get("blocks") or []
    typed = {f"b{index}": by_field[block["block_id"]] for index, block in enumerate(blocks)
             if block.get("type") == "input" and block.get("block_id") in by_field}
    return {**initial_form(blocks, ZoneInfo(ZONE)), **typed}


async def make_lead(slack: SlackSide, lead: str) -> None:
    """The lead names themselves in the team settings: escalations and lead-only actions."""
    await slack.command(lead, CHANNEL_ID, "settings")
    view = slack.modals.top(lead)
    if view is not None:
        await slack.submit(lead, view["id"], form_for(view, {InputId.LEADS: [lead]}))


async def seed_demo_week(slack: SlackSide, *, now: datetime, lead: str) -> int:
    """Log the demo cases and subscribe the channel; how many cases were logged."""
    await make_lead(slack, lead)
    logged = 0
    for case in DEMO_WEEK:
        await slack.command(case.reporter, CHANNEL_ID, "")
        view = slack.modals.top(case.reporter)
        if view is None:
            continue
        due = (now + timedelta(days=case.due_in_days)).date()
        await slack.submit(case.reporter, view["id"], form_for(view, answers(case, due=due)))
        logged += slack.modals.top(case.reporter) is None
    for case in DEMO_WEEK:
        if case.kept:
            await keep_promise(slack, case)
    await slack.command(lead, CHANNEL_ID, "digest here")
    return logged


async def keep_promise(slack: SlackSide, case: DemoCase) -> None:
    """The owner lists their promises and presses Done on this one, with a note."""
    await slack.command(case.owner, CHANNEL_ID, "list")
    listed = next((e for e in reversed(slack.world.ephemerals) if e["user"] == case.owner), None)
    where = done_button(listed.get("blocks") or [], case.customer) if listed else None
    if listed is None or where is None:
        return
    await slack.press(case.owner, CHANNEL_ID, listed["ts"], where)
    view = slack.modals.top(case.owner)
    if view is not None:
        await slack.submit(case.owner, view["id"], form_for(view, {
            InputId.NOTE: [case.kept], InputId.REACTION: [Reaction.PLEASED]}))


def done_button(blocks: list[dict[str, Any]], customer: str) -> str | None:
    """Where the Done button of the promise to `customer` is ("block:element")."""
    found = False
    for index, block in enumerate(blocks):
        found = found or escape(customer) in str((block.get("text") or {}).get("text", ""))
        for number, element in enumerate(block.get("elements") or []):
            if found and element.get("action_id") == ActionId.DONE:
                return f"{index}:{number}"
    return None
