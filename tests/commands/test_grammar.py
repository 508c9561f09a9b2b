from __future__ import annotations

import pytest

from commands.grammar import Request, RequestKind, parse_request


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Request(RequestKind.OPEN_FORM, "")),
        ("  help ", Request(RequestKind.HELP)),
        ("HELP me", Request(RequestKind.HELP, "me")),
        ("list", Request(RequestKind.LIST)),
        ("digest here monday 09:00", Request(RequestKind.DIGEST, "here monday 09:00")),
        ("Acme call back Friday 3pm", Request(RequestKind.OPEN_FORM, "Acme call back Friday 3pm")),
        ("listening tour went badly", Request(RequestKind.OPEN_FORM, "listening tour went badly")),
    ],
)
def test_parse_request(text: str, expected: Request) -> None:
    assert parse_request(text) == expected
