"""The outer loop end to end, for a Slack and a Teams workspace: eight cases over three weeks,
two themes suggested and confirmed, one fixed and every customer answered; then the third
week's digest, with its outer-loop lines as each platform renders them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.slack.digest_views import digest_message
from bot.teams.digest_cards import digest_card
from commands.case_lifecycle import CaseOutcome, close_case
from commands.digest_composition import Digest
from commands.digest_delivery import build_digest
from commands.digest_week import counted_days
from commands.outer_loop_lines import HEADING
from commands.people import Team
from commands.theme_fixes import answer_customer, mark_fixed, plan_fix, take_theme
from commands.theme_settings import set_outer_loop
from commands.theme_views import CustomerTold, ThemeView
from commands.themes import Actor, link_case, start_theme, suggestions_for
from storage.cases import get_case
from storage.commitment_changes import complete_commitment
from storage.digests import Scope
from storage.engine import Database
from storage.workspaces import get_workspace
from tests.theme_seeding import LEAD, OWNER, REPORTER, START, a_case, a_workspace

END = START + timedelta(weeks=3)  # the digest of the third week: Mon 16 to Sun 22 Nov
CASES = [  # day, hour, category, customer, anger, problem
    (0, 9, "Billing", "Acme", 5, "Charged twice for the November invoice"),
    (2, 9, "Billing", "Globex", 4, "Charged twice after the plan change"),
    (3, 9, "Shipping", "Initech", 3, "Parcel lost in the depot"),
    (7, 9, "Billing", "Umbrella", 4, "Charged twice again on the card"),
    (14, 11, "Shipping", "Hooli", 4, "Tracking stopped, parcel lost at the depot"),
    (15, 9, "Shipping", "Stark", 2, "The depot lost the parcel"),
    (14, 9, "Billing", "Acme", 5, "Charged twice on the December invoice"),
    (16, 9, "Other", "Wayne", 3, "Rude agent on the phone"),
]


def at(day: float, hour: int = 9) -> datetime:
    return START + timedelta(days=day, hours=hour - 9)


def confirmed(answer: object) -> ThemeView:
    assert isinstance(answer, ThemeView), answer
    return answer


class Scenario:
    def __init__(self, db: Database, team: Team) -> None:
        self.db, self.team, self.ids = db, team, dict[int, int]()

    def by(self, user: str) -> Actor:
        return Actor(user_id=user, team=self.team)

    async def log(self, number: int, workspace_id: int) -> list[str]:
        day, hour, category, customer, anger, problem = CASES[number - 1]
        self.ids[number] = await a_case(self.db, workspace_id, key=f"c{number}",
                                        problem=problem, category=category,
                                        customer=customer, anger=anger, at=at(day, hour),
                                        what_happened="")
        found = await suggestions_for(self.db, case_id=self.ids[number],
                                      actor=self.by(REPORTER))
        return [s.reason for s in found]

    async def keep_promise(self, number: int, when: datetime) -> None:
        stored = await get_case(self.db, case_id=self.ids[number])
        assert stored is not None
        await complete_commitment(self.db, commitment_id=stored.commitments[0].id or 0,
                                  actor_user_id=OWNER, note="", reaction=None, now=when)

    async def close(self, number: int, mood: int, when: datetime) -> None:
        assert await close_case(self.db, case_id=self.ids[number], actor=REPORTER,
                                team=self.team, outcome=CaseOutcome.RESOLVED, mood_after=mood,
                                now=when)

    async def tell(self, number: int, told: CustomerTold, when: datetime) -> ThemeView:
        return confirmed(await answer_customer(self.db, actor=self.by(OWNER),
                                               case_id=self.ids[number], told=told,
                                               reaction=None, now=when))


async def three_weeks(db: Database, team: Team) -> Digest:
    workspace_id = await a_workspace(db, platform=team.platform, team=team.external_id)
    s = Scenario(db, team)
    assert await set_outer_loop(db, team=team, actor=LEAD, target_hours=24,
                                channels={"Billing": "CBILLING"}) is None
    assert [await s.log(n, workspace_id) for n in (1, 2, 3)] == [[], [], []]
    await s.keep_promise(1, at(0, 20))
    assert await s.log(4, workspace_id) == ["3 Billing cases in 7 days mention 'charged twice'"]
    billing = confirmed(await start_theme(db, actor=s.by(REPORTER), title="Charged twice",
                                          case_ids=[s.ids[1], s.ids[2], s.ids[4]], now=at(7)))
    assert billing.channel_id == "CBILLING"
    await take_theme(db, actor=s.by("UENG"), theme_id=billing.theme_id, now=at(8))
    await plan_fix(db, actor=s.by("UENG"), theme_id=billing.theme_id,
                   fix_date=date(2026, 11, 17), now=at(8))
    # Week three.
    assert await s.log(7, workspace_id) == [
        "4 Billing cases in 14 days mention 'charged twice'", "Acme again: 2 cases in 14 days"]
    await link_case(db, actor=s.by(REPORTER), theme_id=billing.theme_id, case_id=s.ids[7],
                    now=at(14))
    assert await s.log(5, workspace_id) == []
    await s.keep_promise(5, at(14, 23))
    assert await s.log(6, workspace_id) == ["3 Shipping cases in 12 days mention 'depot'"]
    confirmed(await start_theme(db, actor=s.by(REPORTER), title="Lost parcels at the depot",
                                case_ids=[s.ids[3], s.ids[5], s.ids[6]], now=at(15)))
    await s.keep_promise(7, at(15))
    await mark_fixed(db, actor=s.by("UENG"), theme_id=billing.theme_id, now=at(15, 10))
    assert await s.log(8, workspace_id) == []
    await s.close(3, mood=1, when=at(16))
    await s.close(8, mood=4, when=at(17))
    await s.keep_promise(8, at(18))
    for number, told in ((1, CustomerTold.TOLD), (2, CustomerTold.TOLD),
                         (4, CustomerTold.UNREACHABLE)):
        await s.tell(number, told, at(16, 12))
    assert (await s.tell(7, CustomerTold.TOLD, at(17, 10))).state == "told"
    week = counted_days(END, ZoneInfo("UTC"), START - timedelta(weeks=4))
    return await build_digest(db, scope=Scope(workspace_id=workspace_id),
                              workspace=await get_workspace(db, workspace_id=workspace_id),
                              week=week, now=END)


LINES = [
    "Themes this week: 1 raised, 1 fixed, 1 with every customer told. Oldest open: "
    "\"Lost parcels at the depot\", 5 days (open).",
    "Close-the-loop rate: 75% (3 of 4 customers told after a fix). Rescue rate: 50% (1 of 2 "
    "closed cases left happier than they came).",
    "Time to first follow-up: median 24 h over 3 cases, within the target 24 h.",
]


@pytest.mark.parametrize("platform", ["slack", "teams"])
async def test_three_weeks_of_the_outer_loop(db: Database, platform: str) -> None:
    digest = await three_weeks(db, Team(platform, "T1"))

    week = digest.outer_loop
    assert week is not None
    assert (week.raised, week.fixed, week.told) == (1, 1, 1)
    assert (week.customers_told, week.customers_in_fixed, week.rescued,
            week.closed_with_mood) == (3, 4, 1, 2)
    assert (week.follow_up_median_hours, week.follow_ups) == (24.0, 3)
    if platform == "slack":
        texts = [b["text"]["text"] for b in digest_message(digest)["blocks"]
                 if b["type"] == "section"]
        assert "\n".join([f"*{HEADING}*", *LINES]) in texts
    else:
        texts = [e["text"] for e in digest_card(digest, names={})["body"]]
        assert HEADING in texts and "\n\n".join(LINES) in texts
