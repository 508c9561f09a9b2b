"""A newcomer's first five minutes in the sandbox, in a real browser (Debian's chromium).

Open the page, seed a demo week, log a case through the modal, see the confirmation, skip to
the due morning, press Done on the nudge, skip to Monday, read the digest. A screenshot of each
step is kept under tests/artifacts/sandbox/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serving import environment

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parents[1] / "artifacts" / "sandbox"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# In CI the browser test must run: a missing chromium fails it there instead of skipping.
pytestmark = pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"),
                                reason="Debian's chromium is not installed (/usr/bin/chromium)")

if CHROMIUM.exists() or os.environ.get("CI"):
    from playwright.sync_api import Page, expect, sync_playwright


@pytest.fixture
def page() -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS,
                                             env=environment())
        try:
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            tab.set_default_timeout(15_000)
            expect.set_options(timeout=15_000)
            yield tab
        finally:
            browser.close()


class Steps:
    def __init__(self, page: Page) -> None:
        self.page, self.count = page, 0
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def shot(self, name: str) -> None:
        self.count += 1
        path = ARTIFACTS / f"{self.count:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        print(f"screenshot: {path}")


def test_a_newcomers_first_five_minutes(sandbox_url: str, page: Page) -> None:
    steps = Steps(page)
    page.goto(sandbox_url)
    expect(page.get_by_text("# support-team")).to_be_visible()
    steps.shot("open")
    page.get_by_role("button", name="Seed a demo week").click()
    expect(page.get_by_role("status")).to_contain_text("Seeded 5 cases")
    steps.shot("demo-week")
    log_a_case(steps)
    keep_the_promise(steps)
    read_the_digest(steps)


def log_a_case(steps: Steps) -> None:
    """/angrycall in the message box, the bot's modal, Log it, the confirmation."""
    page = steps.page
    page.get_by_placeholder("Message, or /angrycall …").fill("/angrycall")
    page.keyboard.press("Enter")
    modal = page.get_by_role("dialog", name="Log a hard call")
    expect(modal).to_be_visible()
    modal.get_by_label("Customer", exact=True).fill("Acme Corp")
    modal.get_by_label("4 - Angry").check()
    modal.get_by_label("What happened?").fill("Charged twice; wants the money back today.")
    modal.get_by_label("Promised follow-up date").fill("2026-11-25")
    modal.get_by_label("What exactly was promised").fill("Call back with the refund reference")
    steps.shot("form")
    modal.get_by_role("button", name="Log it").click()
    expect(page.locator(".ephemeral").last).to_contain_text("Logged your conversation with")
    expect(page.locator(".ephemeral").last).to_contain_text("Acme Corp")
    steps.shot("confirmation")


def keep_the_promise(steps: Steps) -> None:
    """The due morning's nudge in the DM with the bot; Done, its form, the message redrawn."""
    page = steps.page
    page.get_by_role("button", name="Skip to next working morning").click()
    expect(page.get_by_role("status")).to_contain_text("Wed 25 Nov 09:00")
    page.get_by_role("link", name="angrycall · Messages").click()
    nudge = page.locator("article").filter(has_text="Acme Corp").last
    expect(nudge).to_contain_text("Due today")
    steps.shot("nudge")
    nudge.get_by_role("button", name="Done").click()
    done = page.get_by_role("dialog")
    expect(done).to_be_visible()
    steps.shot("done-form")
    done.locator("button[value=submit]").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator("article").filter(has_text="Acme Corp").last).to_contain_text("Done")
    steps.shot("done")


def read_the_digest(steps: Steps) -> None:
    """Monday 09:00: the weekly digest in the team channel, its chart in its thread."""
    page = steps.page
    page.get_by_role("button", name="Skip to Monday 09:00").click()
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"Mon 30 Nov 09:00.*1 digest"))
    page.get_by_role("link", name="# support-team").click()
    expect(page.get_by_text("The week in difficult conversations")).to_be_visible()
    expect(page.locator("img.upload")).to_be_visible()
    expect(page.get_by_text("Case study 1")).to_be_visible()
    steps.shot("digest")
