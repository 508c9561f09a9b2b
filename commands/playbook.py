"""The vocabulary of a difficult conversation: playbook steps, contact channels, anger levels.

Only in-call steps live here: what the person can tick right after the call. After-call facts
(promise kept on time, notes written, shared as a case study) are measured from the data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum

# Slack's checkboxes hold at most 10 options: one group a phase, each at most this long.
MAX_STEPS_PER_PHASE = 10
CUSTOM_PREFIX = "custom-"


class Phase(StrEnum):
    """The parts of a call the in-call steps belong to, in the order they happen."""

    UPSET = "upset"
    FINDING = "finding"
    NEXT = "next"

    @property
    def label(self) -> str:
        return PHASE_LABELS[self]


PHASE_LABELS: dict[Phase, str] = {
    Phase.UPSET: "While they were upset",
    Phase.FINDING: "Finding the problem",
    Phase.NEXT: "Agreeing what happens next",
}


class PlaybookStep(StrEnum):
    """The built-in in-call steps, from the five articles, in the order a call uses them."""

    ACKNOWLEDGE = "acknowledge"
    LET_VENT = "let_vent"
    SHOW_CONCERN = "show_concern"
    EMPATHIZE = "empathize"
    STAY_CALM = "stay_calm"
    DONT_ARGUE = "dont_argue"
    APOLOGIZE = "apologize"
    DIRECT_QUESTIONS = "direct_questions"
    RESTATE_CHECK = "restate_check"
    PAUSE_CALL_BACK = "pause_call_back"
    PROPOSE_SOLUTION = "propose_solution"
    TAKE_OWNERSHIP = "take_ownership"
    AGREE_SCHEDULE = "agree_schedule"
    THANK_LAST_WORD = "thank_last_word"

    @property
    def label(self) -> str:
        return PLAYBOOK_LABELS[self][1]

    @property
    def phase(self) -> Phase:
        return PLAYBOOK_LABELS[self][0]


PLAYBOOK_LABELS: dict[PlaybookStep, tuple[Phase, str]] = {
    PlaybookStep.ACKNOWLEDGE: (Phase.UPSET, "Acknowledged the anger quickly"),
    PlaybookStep.LET_VENT: (Phase.UPSET, "Let them vent without interrupting"),
    PlaybookStep.SHOW_CONCERN: (Phase.UPSET, "Showed concern and took it seriously"),
    PlaybookStep.EMPATHIZE: (Phase.UPSET, "Empathized (\"I understand why...\")"),
    PlaybookStep.STAY_CALM: (Phase.UPSET, "Stayed calm"),
    PlaybookStep.DONT_ARGUE: (Phase.UPSET, "Didn't argue or take it personally"),
    PlaybookStep.APOLOGIZE: (Phase.UPSET, "Apologized sincerely without blaming anyone"),
    PlaybookStep.DIRECT_QUESTIONS: (Phase.FINDING, "Asked direct or closed questions"),
    PlaybookStep.RESTATE_CHECK: (Phase.FINDING, "Restated it and checked I had it right"),
    PlaybookStep.PAUSE_CALL_BACK: (Phase.FINDING, "Knew when to pause and call back later"),
    PlaybookStep.PROPOSE_SOLUTION: (Phase.NEXT, "Proposed a specific solution"),
    PlaybookStep.TAKE_OWNERSHIP: (Phase.NEXT, "Took ownership of the next step"),
    PlaybookStep.AGREE_SCHEDULE: (Phase.NEXT, "Agreed a realistic schedule"),
    PlaybookStep.THANK_LAST_WORD: (Phase.NEXT, "Thanked them and let them have the last word"),
}


@dataclass(frozen=True)
class Step:
    """One step as a workspace sees it: built in or added by a lead, maybe retired."""

    id: str
    label: str
    phase: Phase
    retired: bool = False
    since: datetime | None = None  # cases logged before could not tick it; None: always there

    @property
    def custom(self) -> bool:
        return self.id.startswith(CUSTOM_PREFIX)


@dataclass(frozen=True)
class Playbook:
    """A workspace's steps: the built-in ones, then its own; retired ones stay for history."""

    steps: tuple[Step, ...]

    def active(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if not s.retired)

    def in_phase(self, phase: Phase) -> tuple[Step, ...]:
        return tuple(s for s in self.active() if s.phase is phase)

    def label(self, step_id: str) -> str:
        found = {s.id: s.label for s in self.steps}
        return found.get(step_id, step_id.replace("_", " "))

    def labels(self, step_ids: Iterable[str]) -> tuple[str, ...]:
        """Labels of the known steps among `step_ids`, in playbook order."""
        chosen = set(step_ids)
        return tuple(s.label for s in self.steps if s.id in chosen)

    def known(self, step_ids: Iterable[str]) -> tuple[str, ...]:
        chosen = set(step_ids)
        return tuple(s.id for s in self.steps if s.id in chosen)


# Steps no checklist offered before this playbook (the others map from the old ten).
NEW_STEPS = frozenset({PlaybookStep.SHOW_CONCERN, PlaybookStep.DONT_ARGUE,
                       PlaybookStep.RESTATE_CHECK, PlaybookStep.PAUSE_CALL_BACK,
                       PlaybookStep.THANK_LAST_WORD})


def playbook_of(custom: Sequence[Mapping[str, str]] = (), retired: Iterable[str] = (),
                new_steps_since: datetime | None = None) -> Playbook:
    """The playbook from a workspace's stored custom steps ({id, label, phase, since}) and
    retirements; `new_steps_since`: when the workspace's checklists first offered NEW_STEPS."""
    gone = set(retired)
    built_in = [Step(s.value, s.label, s.phase, s.value in gone,
                     new_steps_since if s in NEW_STEPS else None) for s in PlaybookStep]
    own = [Step(c["id"], c["label"], Phase(c.get("phase", Phase.NEXT)), c["id"] in gone,
                _instant(c.get("since")))
           for c in custom if c.get("phase", Phase.NEXT) in Phase._value2member_map_]
    return Playbook(tuple(built_in + own))


def _instant(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


DEFAULT_PLAYBOOK = playbook_of()


def in_sentence(label: str) -> str:
    """A step's label inside a sentence: "Asked direct..." -> "asked direct...", "I" kept."""
    return label[:1].lower() + label[1:] if label[1:2] not in {" ", "'"} else label


def is_step_id(value: str) -> bool:
    """A value a form may carry as a step: a built-in id or a lead's own (`custom-3`)."""
    if value in PlaybookStep._value2member_map_:
        return True
    number = value.removeprefix(CUSTOM_PREFIX)
    return value.startswith(CUSTOM_PREFIX) and number.isdigit() and len(number) <= 6


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
