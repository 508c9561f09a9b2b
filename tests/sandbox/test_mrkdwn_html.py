"""Messages render mrkdwn safely: everything escaped, then only Slack's own marks as tags."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.sandbox.mrkdwn_html import EMOJI, SHORTCODE, mrkdwn_to_html

BERLIN = ZoneInfo("Europe/Berlin")
ROOT = Path(__file__).parents[2]


def render(text: str) -> str:
    return str(mrkdwn_to_html(text, zone=BERLIN, names={"U1": "Maya"}.get))


@pytest.mark.parametrize(("text", "html"), [
    ("*Done* and _late_ ~no~ `x`", "<b>Done</b> and <i>late</i> <s>no</s> <code>x</code>"),
    ("a*b*c", "a*b*c"),
    ("<https://example.com/a?b=1&c=2|the case>",
     '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener">the case</a>'),
    ("<@U1> promised", '<span class="mention">@Maya</span> promised'),
    ("<!date^1795593600^{date_short} at {time}|Nov 25>", "Nov 25, 2026 at 09:00"),
    (":white_check_mark: Logged", "✅ Logged"),
    ("&gt; quoted\nnext", "<q>quoted</q><br>next"),
])
def test_slack_marks_become_tags(text: str, html: str) -> None:
    assert render(text) == html


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<javascript:alert(1)|click me>",
    '<https://x.example/" onmouseover="alert(1)|x>',
    "*<img src=x onerror=alert(1)>*",
    "_<iframe src=https://x.example>_",
])
def test_nothing_typed_becomes_markup(hostile: str) -> None:
    html = render(hostile)
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert 'href="javascript' not in html and '" onmouseover' not in html


def test_only_http_links_are_links() -> None:
    assert "<a" not in render("<mailto:a@b.example|mail> <ftp://x.example|ftp>")


def test_every_shortcode_the_bot_writes_shows_as_its_emoji() -> None:
    """Slack shows a known shortcode as its emoji; the sandbox must too, not as typed."""
    sources = [*(ROOT / "bot" / "slack").glob("*.py"), *(ROOT / "commands").glob("*.py")]
    written = {code for path in sources for code in SHORTCODE.findall(path.read_text())}
    assert written and written <= set(EMOJI), written - set(EMOJI)
