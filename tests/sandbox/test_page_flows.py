"""The page's forms drive the real bot: the message shortcut, errors under fields, App Home,
buttons in a message only one person sees (without a browser: plain form posts). The tests
share one sandbox: each acts as its own person or checks only what it did."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from tests.sandbox.conftest import running_sandbox

PERSON = {"as": "U0SAM", "in": "C0SUPPORT"}


def post(url: str, path: str, **fields: str) -> str:
    """A form of the page, sent as Sam unless `as` says otherwise; the page it leads to."""
    fields = {("as" if name == "as_" else name): value for name, value in fields.items()}
    response = httpx.post(f"{url}{path}", data={**PERSON, **fields}, follow_redirects=True,
                          timeout=20)
    assert response.status_code == 200
    return response.text


def modal_id(page: str) -> str:
    found = re.search(r'name="view_id" value="([^"]+)"', page)
    assert found, "no modal open"
    return found.group(1)


def test_the_message_shortcut_opens_the_form_prefilled(shared_sandbox_url: str) -> None:
    page = post(shared_sandbox_url, "/sandbox/say",
                text="Acme Corp called, furious. Call back Friday")
    ts = re.findall(r'name="ts" value="([^"]+)"', page)[-1]
    page = post(shared_sandbox_url, "/sandbox/shortcut", channel="C0SUPPORT", ts=ts)
    modal = page[page.index('class="overlay"'):]
    assert 'aria-label="Log a hard call"' in modal
    assert "Acme Corp called, furious" in modal  # prefilled from the message


def test_a_refused_submission_shows_the_errors_under_the_fields(shared_sandbox_url: str) -> None:
    page = post(shared_sandbox_url, "/sandbox/say", text="/angrycall")
    page = post(shared_sandbox_url, "/sandbox/modal", view_id=modal_id(page), act="submit",
                b0="<b>Acme</b>")
    assert 'class="error">Pick how angry the customer was' in page
    assert 'value="&lt;b&gt;Acme&lt;/b&gt;"' in page  # what was typed stays, escaped


def test_app_home_and_a_button_in_an_ephemeral_list(shared_sandbox_url: str) -> None:
    post(shared_sandbox_url, "/sandbox/seed")
    priya = {"as": "U0PRIYA"}
    home = post(shared_sandbox_url, "/sandbox/open-home", **priya)
    assert "Log a difficult conversation" in home and "Café Lumen" in home
    page = post(shared_sandbox_url, "/sandbox/say", text="/angrycall list", **priya)
    listed = page[page.rindex('<article class="message ephemeral"'):]
    ts = re.search(r'name="ts" value="([^"]+)"', listed)
    assert ts and "Café Lumen" in listed
    done = re.search(r'name="act" value="([^"]+)" class="btn primary">Done', listed)
    assert done
    page = post(shared_sandbox_url, "/sandbox/press", channel="C0SUPPORT", ts=ts.group(1),
                act=done.group(1), **priya)
    assert 'role="dialog"' in page  # the Done form, opened from a message only Priya sees
    settings = post(shared_sandbox_url, "/sandbox/say", text="/angrycall settings", as_="U0MAYA")
    modal = settings[settings.index('class="overlay"'):]
    assert '<option value="U0MAYA" selected>' in modal  # the demo week made Maya the lead


def test_the_clock_goes_to_any_later_instant_and_never_back(shared_sandbox_url: str) -> None:
    page = post(shared_sandbox_url, "/sandbox/clock", to="at", at="2026-11-26T09:30")
    assert "Now Thu 26 Nov 09:30" in page
    page = post(shared_sandbox_url, "/sandbox/clock", to="at", at="2026-11-25T09:00")
    assert "the sandbox clock only moves forward" in page
    assert "Thu 26 Nov 2026, 09:3" in page  # still there


def test_a_page_asked_for_by_another_name_is_refused(shared_sandbox_url: str) -> None:
    """DNS rebinding: a site whose name resolves to 127.0.0.1 gets nothing of the sandbox."""
    response = httpx.get(shared_sandbox_url, headers={"host": "attacker.example"})
    assert response.status_code == 400


def test_another_site_cannot_post_the_page_forms(shared_sandbox_url: str) -> None:
    """A page of another site open in the same browser posts with its own Origin: refused."""
    response = httpx.post(f"{shared_sandbox_url}/sandbox/say", data={**PERSON, "text": "hi"},
                          headers={"origin": "https://attacker.example"})
    assert response.status_code == 403
    same = httpx.post(f"{shared_sandbox_url}/sandbox/say", data={**PERSON, "text": "hi"},
                      headers={"origin": shared_sandbox_url.replace("127.0.0.1", "localhost")})
    assert same.status_code == 303


def test_skipping_mornings_walks_the_overdue_ladder_to_the_lead(sandbox_url: str) -> None:
    maya = {"as_": "U0MAYA", "in": "dm"}
    post(sandbox_url, "/sandbox/seed", **maya)
    for _ in range(5):  # Wednesday to Tuesday: 3 working days after Thursday's promises
        page = post(sandbox_url, "/sandbox/clock", to="morning", **maya)
    assert "Now Tue 01 Dec 09:00" in page
    for step in ("Coming up:", "Due today:", "Overdue</b> (1 working day)", "Escalation:"):
        assert step in page, step  # Maya's own promise, then Tomas's, escalated to her


def test_seeded_on_a_monday_morning_the_digest_skip_goes_to_next_monday(
        tmp_path: Path) -> None:
    """Seeded at 02:00 on a Monday: this morning's digest would count last week, of which the
    bot saw nothing; "Skip to Monday" goes to the Monday whose digest holds the seeded cases."""
    for url in running_sandbox(tmp_path, start="2026-11-30T01:00:00Z"):
        post(url, "/sandbox/seed")
        page = post(url, "/sandbox/clock", to="monday")
        assert "Now Mon 07 Dec 09:00" in page and "1 digests sent" in page
        assert "30 Nov to 06 Dec 2026 (2026-W49)" in page
        assert "5 cases logged" in page
