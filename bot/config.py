"""The one settings object, read from the environment (and a `.env` file)."""

from __future__ import annotations

from ipaddress import ip_address
from typing import Annotated
from urllib.parse import urlsplit
from uuid import UUID

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from commands.playbook import DEFAULT_CATEGORIES
from storage.engine import DEFAULT_DATABASE_URL

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# Values copied from a tutorial instead of the real app's settings page.
PLACEHOLDER_MARKERS = ("your-", "changeme", "xxxx", "<", "...")


class ConfigurationError(RuntimeError):
    """The environment does not describe a runnable bot; the message says what to set."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    # OAuth: many workspaces install the app through /slack/install (instead of SLACK_BOT_TOKEN).
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    # Where Slack sends the browser back; default: the redirect URL in the app's settings.
    slack_redirect_uri: str | None = None
    # Fernet key(s) sealing the installed workspaces' tokens; the first of several seals.
    encryption_key: SecretStr | None = Field(default=None, alias="ANGRYCALL_ENCRYPTION_KEY")
    slack_api_url: str = "https://slack.com/api/"
    database_url: str = DEFAULT_DATABASE_URL
    categories: Annotated[tuple[str, ...], NoDecode] = Field(
        default=DEFAULT_CATEGORIES, alias="ANGRYCALL_CATEGORIES"
    )
    log_level: str = Field(default="INFO", alias="ANGRYCALL_LOG_LEVEL")
    # How often `serve` looks for due nudges; 0 turns the in-process clock off.
    tick_seconds: float = Field(default=20.0, ge=0, alias="ANGRYCALL_TICK_SECONDS")
    # Prometheus metrics: at /metrics of the app's own port, or on a port of their own.
    metrics: bool = Field(default=False, alias="ANGRYCALL_METRICS")
    metrics_port: int | None = Field(default=None, ge=1, le=65535, alias="ANGRYCALL_METRICS_PORT")
    # Microsoft Teams: the Azure Bot's Entra app registration. Teams is on when these are set.
    teams_app_id: str | None = None
    teams_app_password: SecretStr | None = None
    teams_tenant_id: str | None = None
    # Local development only (Bot Framework Emulator, Agents Playground): accept requests
    # without a token and send replies without one. `serve` refuses it on a non-loopback host.
    teams_allow_anonymous: bool = False
    # Tests and local emulators only, loopback URLs: read the keys that sign inbound requests
    # and ask for outbound tokens here instead of at Microsoft's endpoints.
    teams_jwks_url: str | None = None
    teams_token_url: str | None = None
    # Where `serve` is reached from outside (https://angrycall.example.com): Teams digest cards
    # show their chart from there. Unset: digest cards carry no chart.
    public_url: str | None = Field(default=None, alias="ANGRYCALL_PUBLIC_URL")

    @field_validator("categories", mode="before")
    @classmethod
    def _split_categories(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        if value.upper() not in LOG_LEVELS:
            raise ValueError(f"should be one of {', '.join(LOG_LEVELS)}")
        return value.upper()

    @field_validator("slack_api_url")
    @classmethod
    def _end_with_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @field_validator("teams_jwks_url", "teams_token_url")
    @classmethod
    def _loopback_only(cls, value: str | None) -> str | None:
        # These replace Microsoft's key and token endpoints: only ever with a local fake.
        if value is not None and not is_loopback(urlsplit(value).hostname or ""):
            raise ValueError("must be a loopback URL (http://127.0.0.1:…); it is for tests only")
        return value

    @field_validator("public_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query:
            raise ValueError("should be the app's public address, like https://angrycall.example.com")
        return value.rstrip("/")

    @property
    def metrics_enabled(self) -> bool:
        return self.metrics or self.metrics_port is not None

    @property
    def slack(self) -> bool:
        """Whether any Slack credential is set (Teams-only operation has none)."""
        return any((self.slack_bot_token, self.slack_signing_secret, self.slack_app_token,
                    self.slack_client_id, self.slack_client_secret))

    @property
    def teams(self) -> bool:
        """Whether Microsoft Teams is configured (its credentials, or anonymous dev mode)."""
        return bool(self.teams_app_id or self.teams_app_password or self.teams_tenant_id
                    or self.teams_allow_anonymous)

    def require_teams(self, *, host: str | None = None) -> None:
        """Refuse to start Teams half-configured, or anonymous anywhere but on loopback."""
        problems = [] if self.teams_allow_anonymous else [
            *_check_guid("TEAMS_APP_ID", self.teams_app_id),
            *(problem.replace("your Slack app", "the Azure Bot's app registration")
              for problem in _check_secret("TEAMS_APP_PASSWORD", self.teams_app_password, "")),
            *(() if self.teams_tenant_id else ["TEAMS_TENANT_ID is not set"]),
        ]
        if self.teams_allow_anonymous and host is not None and not is_loopback(host):
            problems.append("TEAMS_ALLOW_ANONYMOUS accepts unsigned requests: it is for local "
                            "development only; serve on 127.0.0.1 (--host) or turn it off")
        if problems:
            raise ConfigurationError("; ".join(problems))

    def require_platforms(self, *, host: str | None = None, outbound: bool = False) -> None:
        """Slack, Teams or both, each complete; with neither, say what Slack needs (the default)."""
        if self.teams:
            self.require_teams(host=host)
        if outbound and (self.slack or not self.teams):
            self.require_outbound()
        elif self.slack or not self.teams:
            self.require_slack()

    def secrets(self) -> list[str]:
        """Every secret value set, for the logs to leave out."""
        values = (self.slack_bot_token, self.slack_signing_secret, self.slack_app_token,
                  self.slack_client_secret, self.teams_app_password)
        keys = self.encryption_key.get_secret_value().split(",") if self.encryption_key else []
        return [v.get_secret_value() for v in values if v is not None] + keys

    @property
    def socket_mode(self) -> bool:
        return self.slack_app_token is not None

    @property
    def oauth(self) -> bool:
        """Many workspaces (OAuth installs) rather than the one SLACK_BOT_TOKEN speaks for."""
        return bool(self.slack_client_id or self.slack_client_secret)

    def oauth_client(self) -> tuple[str, str]:
        if not self.slack_client_id or self.slack_client_secret is None:
            raise ConfigurationError("; ".join(self._oauth_problems()))
        return self.slack_client_id, self.slack_client_secret.get_secret_value()

    def encryption_keys(self) -> str:
        keys = self.encryption_key.get_secret_value() if self.encryption_key else ""
        if problems := _key_problems(keys):
            raise ConfigurationError("; ".join(problems))
        return keys

    def bot_token(self) -> str:
        problems = _check_secret("SLACK_BOT_TOKEN", self.slack_bot_token, "xoxb-")
        if problems or self.slack_bot_token is None:
            raise ConfigurationError("; ".join(problems))
        return self.slack_bot_token.get_secret_value()

    def require_outbound(self) -> None:
        """Refuse to send (nudges, digests) without credentials for it, naming what is missing."""
        problems = (self._oauth_problems() if self.oauth
                    else _check_secret("SLACK_BOT_TOKEN", self.slack_bot_token, "xoxb-"))
        if problems:
            raise ConfigurationError("; ".join(problems))

    def require_slack(self) -> None:
        """Refuse to start without the credentials Slack needs, naming what is missing."""
        problems = [
            *(self._oauth_problems() if self.oauth
              else _check_secret("SLACK_BOT_TOKEN", self.slack_bot_token, "xoxb-")),
            *(
                _check_secret("SLACK_APP_TOKEN", self.slack_app_token, "xapp-")
                if self.socket_mode
                else _check_secret("SLACK_SIGNING_SECRET", self.slack_signing_secret, "")
            ),
        ]
        if problems:
            raise ConfigurationError("; ".join(problems))

    def _oauth_problems(self) -> list[str]:
        problems = [] if self.slack_client_id else ["SLACK_CLIENT_ID is not set"]
        problems += _check_secret("SLACK_CLIENT_SECRET", self.slack_client_secret, "")
        if self.slack_bot_token is not None:
            problems.append("SLACK_BOT_TOKEN is set as well as SLACK_CLIENT_ID/SECRET: keep "
                            "SLACK_BOT_TOKEN for one workspace, or OAuth installs for many")
        keys = self.encryption_key.get_secret_value() if self.encryption_key else ""
        return problems + _key_problems(keys)


def _key_problems(keys: str) -> list[str]:
    # Imported here: only OAuth installs seal tokens, and cryptography with slack_sdk's OAuth
    # models would add about 7 MiB to a single-workspace `serve` or `tick`.
    from bot.slack.token_cipher import check_keys

    return check_keys(keys)


def _check_guid(name: str, value: str | None) -> list[str]:
    if not value:
        return [f"{name} is not set"]
    try:
        UUID(value)
    except ValueError:
        return [f"{name} should be the app's id, a GUID like 00000000-0000-0000-0000-000000000000"]
    return []


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _check_secret(name: str, secret: SecretStr | None, prefix: str) -> list[str]:
    if secret is None or not secret.get_secret_value().strip():
        return [f"{name} is not set"]
    value = secret.get_secret_value()
    if any(marker in value.lower() for marker in PLACEHOLDER_MARKERS):
        return [f"{name} looks like a placeholder; copy the real value from your Slack app"]
    if prefix and not value.startswith(prefix):
        return [f"{name} should start with {prefix!r}"]
    return []


def settings_problems(error: ValidationError) -> str:
    """One line naming each variable that could not be read, and why (never its value: it
    may be a secret)."""
    return "; ".join(
        f"{str(problem['loc'][0]).upper() if problem['loc'] else 'settings'}: "
        f"{problem['msg'].removeprefix('Value error, ')}"
        for problem in error.errors())
