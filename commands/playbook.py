"""The vocabulary of a difficult conversation: playbook steps, contact channels, anger levels."""

from enum import IntEnum, StrEnum


class PlaybookStep(StrEnum):
    """The de-escalation playbook the form and the digest coach against, in the order it is used."""

    ACKNOWLEDGE = "acknowledge"
    LISTEN = "listen"
    STAY_CALM = "stay_calm"
    ASK_QUESTIONS = "ask_questions"
    RESTATE_FEELINGS = "restate_feelings"
    APOLOGIZE = "apologize"
    SOLVE_TOGETHER = "solve_together"
    AGREE_SCHEDULE = "agree_schedule"
    MEET_SCHEDULE = "meet_schedule"
    SHARE_FEEDBACK = "share_feedback"

    @property
    def label(self) -> str:
        return PLAYBOOK_LABELS[self]


PLAYBOOK_LABELS: dict[PlaybookStep, str] = {
    PlaybookStep.ACKNOWLEDGE: "Acknowledged the anger quickly",
    PlaybookStep.LISTEN: "Listened without interrupting",
    PlaybookStep.STAY_CALM: "Stayed calm",
    PlaybookStep.ASK_QUESTIONS: "Asked questions to find the problem",
    PlaybookStep.RESTATE_FEELINGS: "Restated how the customer feels",
    PlaybookStep.APOLOGIZE: "Apologized and took responsibility",
    PlaybookStep.SOLVE_TOGETHER: "Formed a solution together",
    PlaybookStep.AGREE_SCHEDULE: "Agreed a realistic schedule",
    PlaybookStep.MEET_SCHEDULE: "Met the schedule",
    PlaybookStep.SHARE_FEEDBACK: "Shared the feedback with the team",
}


class ContactChannel(StrEnum):
    """How the conversation reached us."""

    PHONE = "phone"
    EMAIL = "email"
    CHAT = "chat"
    IN_PERSON = "in_person"

    @property
    def label(self) -> str:
        return CONTACT_CHANNEL_LABELS[self]


CONTACT_CHANNEL_LABELS: dict[ContactChannel, str] = {
    ContactChannel.PHONE: "Phone",
    ContactChannel.EMAIL: "Email",
    ContactChannel.CHAT: "Chat",
    ContactChannel.IN_PERSON: "In person",
}


class AngerLevel(IntEnum):
    """How angry the customer was, 1 (annoyed) to 5 (furious)."""

    ANNOYED = 1
    FRUSTRATED = 2
    UPSET = 3
    ANGRY = 4
    FURIOUS = 5

    @property
    def label(self) -> str:
        return f"{int(self)} - {self.name.capitalize()}"


DEFAULT_CATEGORIES: tuple[str, ...] = (
    "Billing",
    "Product defect",
    "Delivery delay",
    "Service outage",
    "Staff behaviour",
    "Contract or pricing",
    "Other",
)
