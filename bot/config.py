"""The one settings object, read from the environment (and a `.env` file)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from commands.playbook import DEFAULT_CATEGORIES
from storage.engine import DEFAULT_DATABASE_URL

# Values copied from a tutorial instead of the real app's settings page.
PLACEHOLDER_MARKERS = ("your-", "changeme", "xxxx", "<", "...")


class ConfigurationError(RuntimeError):
    """The environment does not describe a runnable bot; the message says what to set."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    database_url: str = DEFAULT_DATABASE_URL
    categories: Annotated[tuple[str, ...], NoDecode] = Field(
        default=DEFAULT_CATEGORIES, alias="ANGRYCALL_CATEGORIES"
    )
    log_level: str = Field(default="INFO", alias="ANGRYCALL_LOG_LEVEL")
    # How often `serve` looks for due nudges; 0 turns the in-process clock off.
    tick_seconds: float = Field(default=20.0, ge=0, alias="ANGRYCALL_TICK_SECONDS")

    @field_validator("categories", mode="before")
    @classmethod
    def _split_categories(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _end_with_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @property
    def socket_mode(self) -> bool:
        return self.slack_app_token is not None

    def bot_token(self) -> str:
        problems = _check_secret("SLACK_BOT_TOKEN", self.slack_bot_token, "xoxb-")
        if problems or self.slack_bot_token is None:
            raise ConfigurationError("; ".join(problems))
        return self.slack_bot_token.get_secret_value()

    def require_slack(self) -> None:
        """Refuse to start without the credentials Slack needs, naming what is missing."""
        problems = [
            *_check_secret("SLACK_BOT_TOKEN", self.slack_bot_token, "xoxb-"),
            *(
                _check_secret("SLACK_APP_TOKEN", self.slack_app_token, "xapp-")
                if self.socket_mode
                else _check_secret("SLACK_SIGNING_SECRET", self.slack_signing_secret, "")
            ),
        ]
        if problems:
            raise ConfigurationError("; ".join(problems))


def _check_secret(name: str, secret: SecretStr | None, prefix: str) -> list[str]:
    if secret is None or not secret.get_secret_value().strip():
        return [f"{name} is not set"]
    value = secret.get_secret_value()
    if any(marker in value.lower() for marker in PLACEHOLDER_MARKERS):
        return [f"{name} looks like a placeholder; copy the real value from your Slack app"]
    if prefix and not value.startswith(prefix):
        return [f"{name} should start with {prefix!r}"]
    return []
