"""One story of the outer loop, told through each platform's own adapter: eight cases over
three weeks, two themes suggested and confirmed, one fixed and every customer answered, then
the third week's digest. Each platform's test supplies a `Driver`."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday
END = START + timedelta(weeks=3)  # the digest of Mon 16 to Sun 22 Nov
CASES = {  # number: (day, hour, category, customer, anger, problem), in the order logged
    1: (0, 9, "Billing", "Acme", 5, "Charged twice for the November invoice"),
    2: (2, 9, "Billing", "Globex", 4, "Charged twice after the plan change"),
    3: (3, 9, "Delivery delay", "Initech", 3, "Parcel lost in the depot"),
    4: (7, 9, "Billing", "Umbrella", 4, "Charged twice again on the card"),
    7: (14, 9, "Billing", "Acme", 5, "Charged twice on the December invoice"),
    5: (14, 11, "Delivery delay", "Hooli", 4, "Tracking stopped, parcel lost at the depot"),
    6: (15, 9, "Delivery delay", "Stark", 2, "The depot lost the parcel"),
    8: (16, 9, "Other", "Wayne", 3, "Rude agent on the phone"),
}
OFFERS = {
    4: ["3 Billing cases in 7 days mention 'charged twice'"],
    7: ["4 Billing cases in 14 days mention 'charged twice'", "Acme again: 2 cases in 14 days"],
    6: ["3 Delivery delay cases in 12 days mention 'depot'"],
}
LINES = [
    "Themes this week: 1 raised, 1 fixed, 1 with every customer told. Oldest open: "
    "\"Lost parcels at the depot\", 5 days (open).",
    "Close-the-loop rate: 75% (3 of 4 customers told after a fix). Rescue rate: 50% (1 of 2 "
    "closed cases left happier than they came).",
    "Time to first follow-up: median 24 h over 3 cases, within the target 24 h.",
]


def at(day: float, hour: int = 9) -> datetime:
    return START + timedelta(days=day, hours=hour - 9)


class Driver(Protocol):
    """What the story needs from a platform's test: its users and its adapter."""

    lead: str  # also the reporter of every case
    owner: str  # every promise's owner, who tells the customers
    engineer: str  # of the owning team

    def set_time(self, moment: datetime) -> None: ...

    async def log(self, number: int) -> tuple[int, str]:
        """Log case `number` as the lead; its id, and what the lead was told about alike
        cases ("" for nothing)."""

    async def say(self, user: str, text: str, *, in_channel: bool = False) -> str: ...

    async def keep_promise(self, case_id: int, when: datetime) -> None: ...

    async def close(self, case_id: int, mood: int, when: datetime) -> None: ...

    async def outer_loop_lines_of_the_digest(self) -> list[str]:
        """Tick at END; the outer loop's lines of the digest posted in the channel."""


async def tell_the_story(d: Driver) -> None:
    ids: dict[int, int] = {}

    async def log(number: int) -> None:
        day, hour = CASES[number][:2]
        d.set_time(at(day, hour))
        ids[number], offer = await d.log(number)
        for reason in OFFERS.get(number, []):
            assert reason in offer, (number, offer)
        assert bool(offer) == (number in OFFERS), (number, offer)

    d.set_time(at(-1))
    await d.say(d.lead, "theme target 24")
    await d.say(d.lead, "theme channel Billing", in_channel=True)
    await d.say(d.lead, "digest here monday 09:00 UTC", in_channel=True)
    for number in (1, 2, 3):
        await log(number)
    await d.keep_promise(ids[1], at(0, 20))
    await log(4)
    assert (await d.say(d.lead, f"theme {ids[4]} new Charged twice")).startswith("Theme #1")
    for number in (1, 2):
        await d.say(d.lead, f"theme {ids[number]} link 1")
    d.set_time(at(8))
    await d.say(d.engineer, "theme take 1")
    assert (await d.say(d.engineer, f"theme plan 1 {date(2026, 11, 17)}")).endswith(
        "fix planned for Tue 17 Nov 2026")
    await week_three(d, ids, log)


async def week_three(d: Driver, ids: dict[int, int], log: object) -> None:
    assert callable(log)
    await log(7)
    await d.say(d.lead, f"theme {ids[7]} link 1")
    await log(5)
    await d.keep_promise(ids[5], at(14, 23))
    await log(6)
    await d.say(d.lead, f"theme {ids[6]} new Lost parcels at the depot")
    for number in (3, 5):
        await d.say(d.lead, f"theme {ids[number]} link 2")
    await d.keep_promise(ids[7], at(15))
    d.set_time(at(15, 10))
    assert (await d.say(d.engineer, "theme fixed 1")).endswith("fixed")
    await log(8)
    await d.close(ids[3], 1, at(16))
    d.set_time(at(16, 12))
    for number, word in ((1, "told"), (2, "told"), (4, "unreachable")):
        await d.say(d.owner, f"{word} {ids[number]}")
    d.set_time(at(17, 10))
    assert (await d.say(d.owner, f"told {ids[7]} pleased")).endswith("every customer told")
    await d.close(ids[8], 4, at(17))
    await d.keep_promise(ids[8], at(18))
    d.set_time(END)
    assert await d.outer_loop_lines_of_the_digest() == LINES
