"""Every card angrycall draws parses, validates and renders without a warning in Microsoft's own
Adaptive Cards renderer (the npm package `adaptivecards`), in headless Chromium (Debian's).

The cards are test_card_schema's `CARDS`, the same builders the schema test checks. Needs the
renderer (`npm install --prefix .ci/node adaptivecards@3.0.6`, which `.ci/run` does), or
ANGRYCALL_ADAPTIVECARDS_JS naming its `dist/adaptivecards.min.js`. Skipped without it or without
chromium, except in CI (`CI=true`), where it must run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.databases import postgres_required
from tests.sandbox.test_browser import CHROMIUM, LAUNCH_ARGS
from tests.serving import environment
from tests.teams.test_card_schema import CARDS

RENDERER_JS = Path(os.environ.get("ANGRYCALL_ADAPTIVECARDS_JS") or
                   Path(__file__).parents[2] / ".ci" / "node" / "node_modules" / "adaptivecards"
                   / "dist" / "adaptivecards.min.js")

# `.ci/run` installs the renderer and chromium: in CI a missing one is a failure, never a skip.
pytestmark = pytest.mark.skipif(
    not (RENDERER_JS.exists() and CHROMIUM.exists()) and not postgres_required(),
    reason="Microsoft's adaptivecards renderer (npm) or Debian's chromium is not installed")

if (RENDERER_JS.exists() and CHROMIUM.exists()) or postgres_required():
    from playwright.sync_api import Page, sync_playwright

# Parse the card as Teams' own renderer does, then list every serialization event (parse phase),
# every validation event, and whether render() gave an element.
PARSE_AND_RENDER = """
(json) => {
  const card = new AdaptiveCards.AdaptiveCard();
  const ctx = new AdaptiveCards.SerializationContext();
  card.parse(json, ctx);
  const describe = (e) => ({
    phase: AdaptiveCards.ValidationPhase[e.phase], event: AdaptiveCards.ValidationEvent[e.event],
    message: e.message,
  });
  const events = [];
  for (let i = 0; i < ctx.eventCount; i++) events.push(describe(ctx.getEventAt(i)));
  for (const e of card.validateProperties().validationEvents) events.push(describe(e));
  const element = card.render();
  return {events, rendered: element instanceof HTMLElement};
}
"""


# Teams' typeahead (`choices.data`, a `Data.Query`, on the people pickers' Input.ChoiceSet) needs
# no allowance here: adaptivecards 3.x knows it (ChoiceSetInputDataQuery) and reports nothing.


@pytest.fixture(scope="module")
def renderer() -> Iterator[Page]:
    assert RENDERER_JS.exists(), f"no adaptivecards renderer at {RENDERER_JS} (see .ci/run)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS,
                                             env=environment())
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.abort())  # no network, ever
            page.set_content("<!doctype html><html><body></body></html>")
            page.add_script_tag(path=str(RENDERER_JS))
            assert page.evaluate("typeof AdaptiveCards.AdaptiveCard") == "function"
            yield page
        finally:
            browser.close()


@pytest.mark.parametrize("name", sorted(CARDS))
def test_each_card_parses_and_renders_without_warnings(name: str, renderer: Page) -> None:
    card = CARDS[name]()
    result = renderer.evaluate(PARSE_AND_RENDER, json.loads(json.dumps(card)))
    assert result["events"] == []
    assert result["rendered"]


def test_the_renderer_reports_what_it_does_not_know(renderer: Page) -> None:
    result = renderer.evaluate(PARSE_AND_RENDER, {
        "type": "AdaptiveCard", "version": "1.5",
        "body": [{"type": "TextBlock", "text": "x"}, {"type": "Fancy.Widget"}]})
    assert result["events"]
