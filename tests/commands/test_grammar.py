from __future__ import annotations

import pytest

from commands.grammar import Request, RequestKind, parse_chat_message, parse_request


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Request(RequestKind.OPEN_FORM, "")),
        ("  help ", Request(RequestKind.HELP)),
        ("HELP me", Request(RequestKind.HELP, "me")),
        ("list", Request(RequestKind.LIST)),
        ("home", Request(RequestKind.HOME)),
        ("settings", Request(RequestKind.SETTINGS)),
        ("digest here monday 09:00", Request(RequestKind.DIGEST, "here monday 09:00")),
        ("Acme\ncall back Friday", Request(RequestKind.OPEN_FORM, "Acme\ncall back Friday")),
        ("Acme call back Friday 3pm", Request(RequestKind.OPEN_FORM, "Acme call back Friday 3pm")),
        ("log Acme call back Friday", Request(RequestKind.OPEN_FORM, "Acme call back Friday")),
        ("listening tour went badly", Request(RequestKind.OPEN_FORM, "listening tour went badly")),
    ],
)
def test_parse_request(text: str, expected: Request) -> None:
    assert parse_request(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("angrycall", Request(RequestKind.OPEN_FORM, "")),
        ("AngryCall  help", Request(RequestKind.HELP)),
        ("angrycall Acme call back", Request(RequestKind.OPEN_FORM, "Acme call back")),
        ("angrycall digest here friday", Request(RequestKind.DIGEST, "here friday")),
        ("digest here friday", Request(RequestKind.DIGEST, "here friday")),
        ("log Acme", Request(RequestKind.OPEN_FORM, "Acme")),
        ("list", Request(RequestKind.LIST)),
        ("thanks!", Request(RequestKind.HELP)),
        ("angrycallers unite", Request(RequestKind.HELP)),
    ],
)
def test_a_chat_message_reads_as_the_slash_command_does(text: str, expected: Request) -> None:
    assert parse_chat_message(text) == expected
