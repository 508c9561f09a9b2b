from __future__ import annotations

from commands.grammar import RequestKind, parse_request
from commands.help import HELP_LINES, help_for


def test_every_help_line_reads_as_the_request_it_offers() -> None:
    for line in HELP_LINES:
        assert parse_request(line.words).kind is line.kind


def test_a_platform_is_offered_only_what_it_serves() -> None:
    offered = help_for({RequestKind.OPEN_FORM, RequestKind.HELP})
    assert {line.kind for line in offered.lines} == {RequestKind.OPEN_FORM, RequestKind.HELP}
