"""What each event on a case's timeline is called, in words a person reads (both platforms)."""

from __future__ import annotations

EVENT_WORDS = {
    "case_logged": "Case logged",
    "commitment_made": "Promise made",
    "note_added": "Note added",
    "case_edited": "Case edited",
    "case_closed": "Case closed",
    "case_deleted": "Case deleted",
    "commitment_done": "Promise kept",
    "commitment_snoozed": "Reminder snoozed",
    "commitment_renegotiated": "New date agreed with the customer",
    "commitment_reassigned": "Promise handed over",
    "nudge_pre_due": "Reminder sent the working day before",
    "nudge_due": "Reminder sent on the due day",
    "nudge_overdue": "Reminder sent: overdue",
    "nudge_escalation": "Escalated to the lead",
    "nudge_snoozed": "Snoozed reminder sent",
}


def event_words(kind: str) -> str:
    """The event's name for people; an event this list does not know yet, readably."""
    return EVENT_WORDS.get(kind) or kind.replace("_", " ").capitalize()
