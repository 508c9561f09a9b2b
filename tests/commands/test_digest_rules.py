"""Issue 11: a playbook faithful to the articles, and a digest a lead can trust (pure rules)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot import digest_text as say
from bot.digest_plain_text import digest_as_text
from bot.slack.digest_views import digest_message
from commands.anonymize import Anonymizer
from commands.case_studies import pick_case_studies, steps_offered
from commands.digest_composition import DigestFacts, Week, compose_digest
from commands.digest_facts import CaseFacts, PromiseFacts, WeekCount
from commands.digest_week import (
    DigestSchedule,
    counted_days,
    counted_week_label,
    post_instant_in_week,
    preview_days,
)
from commands.focus import MIN_CASES, coaching_focus
from commands.playbook import (
    DEFAULT_PLAYBOOK,
    MAX_STEPS_PER_PHASE,
    NEW_STEPS,
    Phase,
    PlaybookStep,
    playbook_of,
)
from tests.fakeslack.blockkit import message_problems

BERLIN = ZoneInfo("Europe/Berlin")
END = datetime(2026, 11, 29, 23, 0, tzinfo=UTC)  # Monday 30 Nov, 00:00 in Berlin
WEEK = Week(start=END - timedelta(days=7), end=END, first_day=date(2026, 11, 23),
            last_day=date(2026, 11, 29), label="2026-W48")
ALL: tuple[str, ...] = tuple(PlaybookStep)
MOST = tuple(s for s in ALL if s != PlaybookStep.RESTATE_CHECK)


def case(case_id: int, *, steps: tuple[str, ...] = MOST, customer: str = "Acme Corp",
         lessons: str = "Check the invoice run first", agreed: str = "Refund today",
         what_happened: str = "Charged twice", consent: bool = True,
         logged_at: datetime = END - timedelta(days=2), category: str = "Billing") -> CaseFacts:
    return CaseFacts(case_id=case_id, customer=customer, category=category, anger_level=4,
                     logged_at=logged_at, status="open", share_consent=consent,
                     what_happened=what_happened, problem="", agreed=agreed, lessons=lessons,
                     outcome="", steps=steps)


def promise(due: datetime, done: datetime | None = None, slips: int = 0,
            owner: str = "U1") -> PromiseFacts:
    return PromiseFacts(owner, due, "done" if done else "open", done, slips)


def digest(cases: list[CaseFacts], promises: tuple[PromiseFacts, ...] = (),
           **more: object) -> str:
    facts = DigestFacts(cases=cases, promises=promises, renegotiations=0, trend=[],
                        **more)  # type: ignore[arg-type]
    return digest_as_text(compose_digest(WEEK, facts, show_names=False, now=END))


# 1, 3 -- in-call steps only, split as the articles say, grouped by phase -----------------

def test_after_call_facts_are_not_steps_and_apologizing_is_not_owning() -> None:
    ids = set(DEFAULT_PLAYBOOK.known(ALL))
    assert not {"meet_schedule", "share_feedback"} & ids
    assert {"apologize", "take_ownership", "show_concern", "empathize", "direct_questions",
            "restate_check", "propose_solution", "dont_argue", "pause_call_back",
            "thank_last_word", "acknowledge", "let_vent", "stay_calm", "agree_schedule"} == ids
    for phase in Phase:
        assert 0 < len(DEFAULT_PLAYBOOK.in_phase(phase)) <= MAX_STEPS_PER_PHASE


# 2 -- an empty checklist is "not recorded" ----------------------------------------------

def test_after_call_facts_are_measured() -> None:
    text = digest([case(1), case(2, lessons="", consent=False)])
    assert "After the calls: a lesson written for 1 of 2, 1 open to sharing" in text


def test_an_empty_checklist_is_not_recorded_never_missed() -> None:
    text = digest([case(1, steps=())])
    assert "Steps used: not recorded" in text and "Missing" not in text
    assert "none this week: it needs at least 3 cases with their steps ticked (0" in text


# 5 -- the coaching focus, chosen honestly ------------------------------------------------

def test_the_focus_needs_enough_filled_checklists_and_says_how_many() -> None:
    few = [case(i) for i in range(MIN_CASES - 1)] + [case(9, steps=())] * 5
    assert coaching_focus(few, DEFAULT_PLAYBOOK) is None
    enough = [case(i) for i in range(MIN_CASES)] + [case(9, steps=())] * 5
    focus = coaching_focus(enough, DEFAULT_PLAYBOOK)
    assert focus is not None and (focus.step_id, focus.based_on) == ("restate_check", 3)
    assert "Used in 0 of the 3 cases whose steps were ticked" in digest(enough)


def test_the_focus_is_never_a_step_the_week_contradicts() -> None:
    # Restating was used in 2 of 3 cases: more than the others? no, but in half or more.
    cases = [case(1, steps=ALL), case(2, steps=ALL), case(3, steps=MOST)]
    assert coaching_focus(cases, DEFAULT_PLAYBOOK) is None
    # Every step used alike: nothing stands out.
    assert coaching_focus([case(i, steps=ALL) for i in range(5)], DEFAULT_PLAYBOOK) is None


def test_a_step_counts_only_against_cases_that_could_tick_it() -> None:
    old = [case(i, steps=("acknowledge",), logged_at=END - timedelta(days=6)) for i in range(3)]
    new = [case(9, steps=ALL, logged_at=END - timedelta(days=1))]
    upgraded = playbook_of(new_steps_since=END - timedelta(days=3))
    focus = coaching_focus(old + new, upgraded)
    # Restating came with the new checklist: one case could tick it, too few to judge.
    assert focus is not None and focus.step_id == PlaybookStep.LET_VENT
    assert (focus.used, focus.based_on) == (1, 4)


def test_not_the_same_focus_three_weeks_running_unless_clearly_the_weakest() -> None:
    barely = tuple(s for s in MOST if s != PlaybookStep.THANK_LAST_WORD)
    # Restating never used; thanking used once in 6: restating is the weakest but not by much.
    week = [*(case(i, steps=barely) for i in range(5)), case(6)]
    earlier = [week, week]
    focus = coaching_focus(week, DEFAULT_PLAYBOOK, earlier)
    assert focus is not None and focus.step_id == PlaybookStep.THANK_LAST_WORD
    # Clearly the weakest (thanking used in 3 of 4): restating stays the focus a third week.
    clear = [case(1, steps=barely), case(2), case(3), case(4)]
    kept = coaching_focus(clear, DEFAULT_PLAYBOOK, [clear, clear])
    assert kept is not None and kept.step_id == PlaybookStep.RESTATE_CHECK


# 12 -- the week in a title is the week counted --------------------------------------------

def test_the_week_named_is_the_week_counted() -> None:
    monday = DigestSchedule(0, time(9, 0), BERLIN)
    fire_at = post_instant_in_week(monday, "2026-W49")
    assert fire_at.astimezone(BERLIN) == datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN)
    week = counted_days(fire_at, BERLIN, started=datetime(2026, 1, 1, tzinfo=UTC))
    assert (week.first_day, week.last_day, week.label) == (date(2026, 11, 30),
                                                           date(2026, 12, 6), "2026-W49")
    assert counted_week_label(fire_at, BERLIN) == "2026-W49"
    friday = DigestSchedule(4, time(16, 0), BERLIN)
    assert post_instant_in_week(friday, "2026-W49").astimezone(BERLIN).date() == date(2026, 12, 4)


def test_a_preview_title_includes_today() -> None:
    now = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)
    week = preview_days(now, BERLIN, started=datetime(2026, 1, 1, tzinfo=UTC))
    assert (week.first_day, week.last_day) == (date(2026, 11, 22), date(2026, 11, 28))
    assert week.start.astimezone(BERLIN).time() == time(0, 0) and week.end > now


# 13 -- overdue promises never vanish -------------------------------------------------------

def test_a_quiet_week_still_shows_old_overdue_promises() -> None:
    old = [promise(END - timedelta(weeks=3)), promise(END - timedelta(days=9))]
    text = digest([], tuple(old))
    assert "No difficult calls logged this week" in text
    assert "Still open and overdue: 2, all from earlier weeks." in text


# 14 -- renegotiated promises are not on time -----------------------------------------------

def test_kept_after_a_new_date_is_not_on_time_and_earns_no_kudos() -> None:
    due = END - timedelta(days=1)
    facts = DigestFacts(cases=[case(1)], promises=[
        promise(due, due - timedelta(hours=1), slips=1, owner="U1"),
        promise(due, due - timedelta(hours=1), owner="U2")], renegotiations=3, trend=[])
    result = compose_digest(WEEK, facts, show_names=False, now=END)
    n = result.numbers
    assert (n.kept_on_time, n.kept_after_new_date, n.renegotiated) == (1, 1, 3)
    assert result.kudos == (("U2", 1),)


# 15 -- a case study must teach something --------------------------------------------------

def test_a_study_needs_a_situation_and_what_we_did_or_a_lesson() -> None:
    cases = [case(1, lessons="", agreed=""), case(2, what_happened="", lessons=""),
             case(3, lessons=""), case(4)]
    assert [c.case_id for c in pick_case_studies(cases)] == [4, 3]
    text = digest([case(3, lessons="")])
    assert "Lesson" not in text and "None written down" not in text
    assert "One step to try next time" not in text  # no focus with one case


def test_no_study_invites_a_lesson_with_a_button_that_opens_the_case() -> None:
    facts = DigestFacts(cases=[case(7, lessons="", agreed="")], promises=[], renegotiations=0,
                        trend=[])
    message = digest_message(compose_digest(WEEK, facts, show_names=False, now=END))
    assert message_problems(message) == []
    texts = str(message)
    assert "No case study this week" in texts
    (buttons,) = [b for b in message["blocks"] if b["type"] == "actions"]
    assert [(e["action_id"], e["value"]) for e in buttons["elements"]] == [("view_case", "7")]


def test_a_study_shows_steps_used_and_one_step_to_try_never_misses() -> None:
    text = digest([case(i) for i in range(3)])
    assert "One step to try next time: restated it and checked I had it right." in text
    assert "Missing" not in text


def test_a_study_that_used_most_steps_counts_them_rather_than_reading_them_out() -> None:
    text = digest([case(i) for i in range(3)])
    assert (f"Used {len(MOST)} of the {len(ALL)} steps of the playbook. One step to try next "
            "time: restated it and checked I had it right.") in text
    assert "let them vent without interrupting" not in text
    every_step = digest([case(1, steps=ALL)])
    assert f"Used all {len(ALL)} steps of the playbook." in every_step


def test_a_study_that_used_a_few_steps_names_them() -> None:
    few = (PlaybookStep.LET_VENT, PlaybookStep.APOLOGIZE, PlaybookStep.PROPOSE_SOLUTION)
    text = digest([case(1, steps=few)])
    assert ("Steps used: let them vent without interrupting; apologized sincerely without "
            "blaming anyone; proposed a specific solution.") in text
    half = ALL[: len(ALL) // 2]
    assert f"Steps used: {PlaybookStep(half[0]).label.lower()}" in digest([case(1, steps=half)])
    more = ALL[: len(ALL) // 2 + 1]
    assert f"Used {len(more)} of the {len(ALL)} steps" in digest([case(1, steps=more)])


def test_a_study_counts_only_the_steps_its_checklist_offered() -> None:
    # The newer steps came after the case was logged; a retired step it ticked still counts.
    playbook = playbook_of(retired=["agree_schedule"], new_steps_since=END)
    older = case(1, logged_at=END - timedelta(days=2),
                 steps=tuple(s for s in MOST if s not in NEW_STEPS))
    offered = steps_offered(older, playbook)
    assert offered == len(ALL) - len(NEW_STEPS)
    assert offered == len(older.steps)  # every step it was offered: "all" of them
    assert steps_offered(case(2, steps=()), playbook) == len(ALL) - len(NEW_STEPS) - 1


# 16 -- anonymity that holds ----------------------------------------------------------------

def test_labels_follow_the_order_of_appearance_without_gaps() -> None:
    cases = [case(1, customer="Initech", category="A", lessons="Unlike Globex, ask first"),
             case(2, customer="Globex", category="B"),
             case(3, customer="Umbrella", category="C", what_happened="", lessons="")]
    text = digest(cases)
    assert "Case study 1: Customer A" in text and "Unlike Customer B" in text
    assert "Case study 2: Customer B" in text and "Customer C" not in text


def test_colleagues_names_become_a_colleague() -> None:
    anonymizer = Anonymizer(colleagues=["Amy Chen", "Will Smith"])
    assert anonymizer.scrub("Amy had promised this already", []) == (
        "a colleague had promised this already")
    assert anonymizer.scrub("Will Smith said we will call", []) == (
        "a colleague said we will call")
    text = digest([case(1, lessons="Amy Chen knew the account")], colleagues=["Amy Chen"])
    assert "Amy" not in text and "a colleague knew the account" in text


# 17 -- the first weeks -------------------------------------------------------------------

def test_averages_ignore_weeks_before_the_first_case() -> None:
    trend = [WeekCount(END - timedelta(weeks=8 - i), 0, 0, 0) for i in range(8)]
    trend[-2] = WeekCount(END - timedelta(weeks=2), 2, 0, 0)
    facts = DigestFacts(cases=[case(1)], promises=[], renegotiations=0, trend=trend,
                        first_case_at=END - timedelta(days=10))
    n = compose_digest(WEEK, facts, show_names=False, now=END).numbers
    assert (n.previous_week, n.four_week_average) == (2, 2.0)
    first = DigestFacts(cases=[case(1)], promises=[], renegotiations=0, trend=trend,
                        first_case_at=END - timedelta(days=2))
    assert "the first week with cases" in digest_as_text(
        compose_digest(WEEK, first, show_names=False, now=END))


def _week_told(counts_before: list[int], cases: int) -> str:
    """The digest for a week of `cases`, after weeks of `counts_before` cases (oldest first;
    the first of them is the first week with cases). The trend ends with this week."""
    weeks = [*counts_before, cases]
    trend = [WeekCount(END - timedelta(weeks=len(weeks) - i), count, 0, 0)
             for i, count in enumerate(weeks)]
    facts = DigestFacts(cases=[case(i + 1) for i in range(cases)], promises=[],
                        renegotiations=0, trend=trend, first_case_at=trend[0].start)
    return digest_as_text(compose_digest(WEEK, facts, show_names=False, now=END))


def test_the_weeks_trend_is_said_in_words_a_lead_can_read_out() -> None:
    assert "1 case logged (3 fewer than the week before)" in _week_told([4], 1)
    assert ("3 cases logged (3 more than the week before; 1.7 a week over the 3 weeks "
            "before)") in _week_told([4, 1, 0], 3)
    assert ("2 cases logged (as many as the week before; 2.5 a week over the 2 weeks "
            "before)") in _week_told([3, 2], 2)
    # The average reaches back four weeks at most.
    assert "a week over the 4 weeks before" in _week_told([9, 1, 1, 1, 1], 1)
    assert "-" not in _week_told([4], 1).splitlines()[2]  # the cases line


def test_the_first_digest_counts_only_days_since_the_workspace_started() -> None:
    started = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    week = counted_days(END + timedelta(hours=9), BERLIN, started=started)
    assert (week.start, week.first_day, week.last_day) == (started, date(2026, 11, 26),
                                                          date(2026, 11, 29))


def test_own_steps_are_labelled_and_retired_ones_stay_readable() -> None:
    playbook = playbook_of([{"id": "custom-1", "label": "Offered a callback slot",
                             "phase": "next"}], retired=["custom-1", "pause_call_back"])
    assert "custom-1" not in {s.id for s in playbook.active()}
    assert playbook.labels(("custom-1", "pause_call_back")) == (
        "Knew when to pause and call back later", "Offered a callback slot")
    assert say.QUIET_WEEK
