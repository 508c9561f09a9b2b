"""Themes on both databases: started from cases, linked, merged and split by a lead, taken,
planned, declined, fixed, and told; a case waits for its customer to hear about the fix."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from commands.export import export_cases
from commands.people import Team
from commands.theme_fixes import answer_customer, decline_theme, mark_fixed, plan_fix, take_theme
from commands.theme_views import CustomerTold, ThemeRefusal, ThemeState, ThemeView
from commands.themes import Actor, link_case, merge_themes, split_theme, start_theme
from storage.cases import get_case
from storage.commitment_changes import complete_commitment
from storage.engine import Database
from storage.theme_facts import map_theme_channel
from storage.theme_models import ThemeNotice
from tests.theme_seeding import LEAD, OWNER, REPORTER, START, a_case, a_workspace

TEAM = Team("slack", "T1")
LATER = START + timedelta(days=1)


def by(user: str, team: Team = TEAM) -> Actor:
    return Actor(user_id=user, team=team)


def view(answer: ThemeView | ThemeRefusal) -> ThemeView:
    assert isinstance(answer, ThemeView), answer
    return answer


async def billing_theme(db: Database) -> tuple[ThemeView, list[int]]:
    workspace_id = await a_workspace(db)
    await map_theme_channel(db, workspace_id=workspace_id, category="Billing",
                            channel_id="CBILLING")
    ids = [await a_case(db, workspace_id, key=f"k{n}", problem="charged twice",
                        customer=f"Customer {n}", anger=n) for n in (2, 3, 5)]
    theme = view(await start_theme(db, actor=by(REPORTER), title=" Charged  twice ",
                                   case_ids=ids[:2], now=LATER))
    return theme, ids


async def test_a_theme_starts_from_cases_in_the_categorys_channel(db: Database) -> None:
    theme, ids = await billing_theme(db)

    assert (theme.title, theme.category, theme.channel_id) == ("Charged twice", "Billing",
                                                                "CBILLING")
    assert theme.state == ThemeState.OPEN
    assert [line.case_id for line in theme.cases] == ids[:2]
    assert [line.customer for line in theme.cases] == ["Customer A", "Customer B"]


async def test_someone_not_on_a_case_cannot_theme_it(db: Database) -> None:
    workspace_id = await a_workspace(db)
    case_id = await a_case(db, workspace_id, key="k", problem="x")

    assert await start_theme(db, actor=by("USTRANGER"), title="T", case_ids=[case_id],
                             now=LATER) == ThemeRefusal.NOT_FOUND
    assert await start_theme(db, actor=by(REPORTER, Team("slack", "T2")), title="T",
                             case_ids=[case_id], now=LATER) == ThemeRefusal.NOT_FOUND
    assert await start_theme(db, actor=by(REPORTER), title=" ", case_ids=[case_id],
                             now=LATER) == ThemeRefusal.NO_TITLE


async def test_linking_merging_and_splitting(db: Database) -> None:
    theme, ids = await billing_theme(db)
    other = view(await start_theme(db, actor=by(LEAD), title="Double charge",
                                   case_ids=[ids[2]], now=LATER))

    assert await merge_themes(db, actor=by(REPORTER), source_id=other.theme_id,
                              target_id=theme.theme_id, now=LATER) == ThemeRefusal.LEADS_ONLY
    merged = view(await merge_themes(db, actor=by(LEAD), source_id=other.theme_id,
                                     target_id=theme.theme_id, now=LATER))
    assert [line.case_id for line in merged.cases] == ids
    split = view(await split_theme(db, actor=by(LEAD), theme_id=theme.theme_id,
                                   case_ids=[ids[0]], title="November invoice", now=LATER))
    assert [line.case_id for line in split.cases] == [ids[0]]
    back = view(await link_case(db, actor=by(OWNER), theme_id=theme.theme_id, case_id=ids[0],
                                now=LATER))
    assert [line.case_id for line in back.cases] == ids


async def test_take_plan_decline(db: Database) -> None:
    theme, _ = await billing_theme(db)

    taken = view(await take_theme(db, actor=by("UENG"), theme_id=theme.theme_id, now=LATER))
    assert taken.owner_user_id == "UENG"
    for past_or_none in (LATER.date() - timedelta(days=1), None):  # one rule, every platform
        assert await plan_fix(db, actor=by("UENG"), theme_id=theme.theme_id,
                              fix_date=past_or_none, now=LATER) == ThemeRefusal.PAST_FIX_DATE
    planned = view(await plan_fix(db, actor=by("UENG2"), theme_id=theme.theme_id,
                                  fix_date=date(2026, 11, 20), now=LATER))
    assert (planned.state, planned.fix_date, planned.owner_user_id) == (
        ThemeState.PLANNED, date(2026, 11, 20), "UENG")
    assert await decline_theme(db, actor=by("UENG"), theme_id=theme.theme_id, reason=" ",
                               now=LATER) == ThemeRefusal.NO_REASON
    declined = view(await decline_theme(db, actor=by("UENG"), theme_id=theme.theme_id,
                                        reason="Works as designed", now=LATER))
    assert (declined.state, declined.decline_reason) == (ThemeState.DECLINED,
                                                         "Works as designed")
    assert declined.started_by_user_id == REPORTER  # the one the reason goes back to
    assert await take_theme(db, actor=by("UENG"), theme_id=theme.theme_id,
                            now=LATER) == ThemeRefusal.WRONG_STATE


async def test_fixed_then_every_customer_told(db: Database) -> None:
    theme, ids = await billing_theme(db)
    await take_theme(db, actor=by("UENG"), theme_id=theme.theme_id, now=LATER)

    assert await mark_fixed(db, actor=by(REPORTER), theme_id=theme.theme_id,
                            now=LATER) == ThemeRefusal.NOT_THE_OWNER
    fixed = view(await mark_fixed(db, actor=by("UENG"), theme_id=theme.theme_id, now=LATER))
    assert fixed.state == ThemeState.FIXED
    assert {line.teller_user_id for line in fixed.cases} == {OWNER}
    assert await answer_customer(db, actor=by("USTRANGER"), case_id=ids[0],
                                 told=CustomerTold.TOLD, reaction=None,
                                 now=LATER) == ThemeRefusal.NOT_FOUND
    first = view(await answer_customer(db, actor=by(OWNER), case_id=ids[0],
                                       told=CustomerTold.TOLD, reaction="relieved", now=LATER))
    assert first.state == ThemeState.FIXED
    assert await answer_customer(db, actor=by(OWNER), case_id=ids[0], told=CustomerTold.TOLD,
                                 reaction=None, now=LATER) == ThemeRefusal.NOT_WAITING
    last = view(await answer_customer(db, actor=by(OWNER), case_id=ids[1],
                                      told=CustomerTold.UNREACHABLE, reaction=None, now=LATER))
    assert last.state == ThemeState.TOLD
    assert [line.customer_told for line in last.cases] == ["told", "unreachable"]


async def test_a_themed_case_stays_open_until_its_customer_hears_of_the_fix(
        db: Database) -> None:
    theme, ids = await billing_theme(db)
    stored = await get_case(db, case_id=ids[0])
    assert stored is not None
    [promise] = stored.commitments

    done = await complete_commitment(db, commitment_id=promise.id or 0, actor_user_id=OWNER,
                                     note="", reaction=None, now=LATER)
    assert not done.case_closed
    await take_theme(db, actor=by("UENG"), theme_id=theme.theme_id, now=LATER)
    await mark_fixed(db, actor=by("UENG"), theme_id=theme.theme_id, now=LATER)
    await answer_customer(db, actor=by(OWNER), case_id=ids[0], told=CustomerTold.TOLD,
                          reaction=None, now=LATER)

    after = await get_case(db, case_id=ids[0])
    assert after is not None and after.case.status == "closed"
    untouched = await get_case(db, case_id=ids[1])
    assert untouched is not None and untouched.case.status == "open"  # its promise is open


async def test_the_export_names_each_cases_theme(db: Database) -> None:
    theme, ids = await billing_theme(db)

    rows = {row["case_id"]: row for row in await export_cases(
        db, workspace_id=None, since=None, show_names=None)}

    assert (rows[ids[0]]["theme_id"], rows[ids[0]]["theme"], rows[ids[0]]["theme_state"]) == (
        theme.theme_id, "Charged twice", "open")
    assert rows[ids[2]]["theme"] == "" and list(rows[ids[2]])[-4:] == [
        "theme_id", "theme", "theme_state", "customer_told"]


async def test_a_theme_that_moved_on_takes_no_more_cases(db: Database) -> None:
    theme, ids = await billing_theme(db)
    other = view(await start_theme(db, actor=by(LEAD), title="Other", case_ids=[ids[2]],
                                   now=LATER))
    await take_theme(db, actor=by("UENG"), theme_id=theme.theme_id, now=LATER)
    await mark_fixed(db, actor=by("UENG"), theme_id=theme.theme_id, now=LATER)

    assert await link_case(db, actor=by(OWNER), theme_id=theme.theme_id, case_id=ids[2],
                           now=LATER) == ThemeRefusal.WRONG_STATE
    assert await merge_themes(db, actor=by(LEAD), source_id=other.theme_id,
                              target_id=theme.theme_id, now=LATER) == ThemeRefusal.WRONG_STATE


async def test_a_declined_theme_lets_its_cases_close(db: Database) -> None:
    theme, ids = await billing_theme(db)
    stored = await get_case(db, case_id=ids[0])
    assert stored is not None
    await complete_commitment(db, commitment_id=stored.commitments[0].id or 0,
                              actor_user_id=OWNER, note="", reaction=None, now=LATER)

    await decline_theme(db, actor=by("UENG"), theme_id=theme.theme_id, reason="Not a bug",
                        now=LATER)

    closed = await get_case(db, case_id=ids[0])
    assert closed is not None and closed.case.status == "closed"


async def test_the_notices_are_written_with_the_moves(db: Database) -> None:
    theme, ids = await billing_theme(db)  # raised in CBILLING
    other = view(await start_theme(db, actor=by(LEAD), title="Other", case_ids=[ids[2]],
                                   now=LATER))  # Billing too: raised in the same channel
    await take_theme(db, actor=by("UENG"), theme_id=theme.theme_id, now=LATER)
    await mark_fixed(db, actor=by("UENG"), theme_id=theme.theme_id, now=LATER)
    await mark_fixed(db, actor=by("UENG"), theme_id=theme.theme_id, now=LATER)  # refused
    await decline_theme(db, actor=by("UENG"), theme_id=other.theme_id, reason="No",
                        now=LATER)

    rows = db.run_sync(lambda s: [(n.theme_id, n.kind, n.recipient, n.case_id)
                                  for n in s.exec(select(ThemeNotice)).all()])
    assert sorted(rows, key=str) == sorted([
        (theme.theme_id, "raised", "CBILLING", None), (other.theme_id, "raised", "CBILLING", None),
        (theme.theme_id, "tell", OWNER, ids[0]), (theme.theme_id, "tell", OWNER, ids[1]),
        (other.theme_id, "declined", LEAD, None)], key=str)
