"""Who may own a promise: a Slack user of the workspace the case is logged in.

The owner comes from a users_select, but a payload can say anything: an id that is no Slack
user id, or a person of another workspace (a Slack Connect channel shows them in the list too).
"""

from __future__ import annotations

from collections.abc import Set

from slack_sdk.web.async_client import AsyncWebClient

from bot.services import Services
from bot.slack.directory import look_up
from bot.slack.ids import SLACK_USER_ID
from bot.slack.requester import Requester
from commands.cases import CaseDraft, CommitmentField, commitment_field

NOT_A_USER = "Pick the owner from the list: this is not a Slack user."
NOT_HERE = ("Pick someone of this workspace: Slack says this person is in another one, "
            "or no longer here.")


def is_user_id(value: str) -> bool:
    return SLACK_USER_ID.match(value) is not None


def owner_errors(draft: CaseDraft, strangers: Set[str]) -> dict[str, str]:
    """The owner fields to refuse, with why; `strangers` are those Slack placed elsewhere."""
    errors: dict[str, str] = {}
    for index, commitment in enumerate(draft.commitments):
        owner = commitment.owner_user_id
        if not owner:
            continue  # the form's own rules ask for one
        if not is_user_id(owner):
            errors[commitment_field(index, CommitmentField.OWNER)] = NOT_A_USER
        elif owner in strangers:
            errors[commitment_field(index, CommitmentField.OWNER)] = NOT_HERE
    return errors


async def owner_platform_error(services: Services, client: AsyncWebClient, *,
                               requester: Requester, user_id: str) -> str | None:
    """What Slack says against `user_id` owning a promise of the requester's workspace (no
    Slack user id, or a person of another workspace), or None. Picking nobody at all is the
    domain's refusal (commands.promise_conversations)."""
    if not is_user_id(user_id):
        return NOT_A_USER
    people = await look_up(services, client, workspace_id=requester.workspace.workspace_id,
                           user_ids=[user_id], team_id=requester.origin.team.external_id)
    return NOT_HERE if user_id in people.strangers else None
