"""OAuth in the fake: install codes, bot tokens per workspace, single-use refresh tokens.

Mirrors Slack's token rotation: an access token expires `lifetime` seconds after it is issued;
`oauth.v2.access` with `grant_type=refresh_token` consumes the refresh token and issues a new pair.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from tests.fakeslack.state import SlackError

Answer = dict[str, Any]
APP_ID = "A0ANGRYCALL"


@dataclass
class Installs:
    client_id: str = "1234.5678"
    client_secret: str = "fake-client-secret"
    # Token rotation on: tokens expire after `lifetime` seconds; None: long-lived tokens.
    lifetime: int | None = 43200
    codes: dict[str, dict[str, str]] = field(default_factory=dict)  # code -> team, installer
    refresh_tokens: dict[str, str] = field(default_factory=dict)  # unused refresh -> team id
    expiry: dict[str, float] = field(default_factory=dict)  # access token -> when it expires
    counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def new_code(self, team_id: str, team_name: str, installer: str) -> str:
        code = f"code-{team_id}-{next(self.counter)}"
        self.codes[code] = {"team_id": team_id, "team_name": team_name, "installer": installer}
        return code

    def expired(self, token: str) -> bool:
        return token in self.expiry and self.expiry[token] <= time.time()

    def exchange(self, args: dict[str, Any], bot_tokens: dict[str, dict[str, str]]) -> Answer:
        """oauth.v2.access: a code for a first pair of tokens, or a refresh token for a new one."""
        if (args.get("client_id"), args.get("client_secret")) != (self.client_id,
                                                                  self.client_secret):
            raise SlackError("invalid_client_id")
        if args.get("grant_type") == "refresh_token":
            team_id = self.refresh_tokens.pop(str(args.get("refresh_token")), None)
            if team_id is None:
                raise SlackError("invalid_refresh_token")
            return self._issue(team_id, bot_tokens, team_name=team_id, installer=None)
        grant = self.codes.pop(str(args.get("code")), None)
        if grant is None:
            raise SlackError("invalid_code")
        return self._issue(grant["team_id"], bot_tokens, team_name=grant["team_name"],
                           installer=grant["installer"])

    def _issue(self, team_id: str, bot_tokens: dict[str, dict[str, str]], *, team_name: str,
               installer: str | None) -> Answer:
        number = next(self.counter)
        prefix = "xoxe.xoxb-1-" if self.lifetime else "xoxb-"
        token = f"{prefix}{team_id}-{number}"
        bot_tokens[token] = {"team_id": team_id, "user_id": f"UBOT{team_id}",
                             "bot_id": f"BBOT{team_id}"}
        answer: Answer = {
            "ok": True, "access_token": token, "token_type": "bot",
            "scope": "commands,chat:write,im:write,users:read,files:write,channels:read,"
                     "groups:read",
            "bot_user_id": f"UBOT{team_id}", "app_id": APP_ID,
            "team": {"id": team_id, "name": team_name}, "enterprise": None,
            "is_enterprise_install": False,
        }
        if installer is not None:
            answer["authed_user"] = {"id": installer}
        if self.lifetime:
            refresh = f"xoxe-1-refresh-{team_id}-{number}"
            self.refresh_tokens[refresh] = team_id
            self.expiry[token] = time.time() + self.lifetime
            answer.update(refresh_token=refresh, expires_in=self.lifetime)
        return answer
