"""Logging a case from a submitted form, one path for every platform: validate, store once,
and say who is told what (the reporter's confirmation and care line, every other owner)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from commands.cases import CaseDraft, CommitmentSummary, FormContext
from commands.log_case import LoggedCase, log_case
from commands.people import WorkspaceInfo
from commands.validation import validate_case
from storage.engine import Database

Errors = dict[str, str]


@dataclass(frozen=True)
class CaseSubmission:
    workspace: WorkspaceInfo
    reporter: str
    submission_key: str  # one case per key, however often the form is sent
    draft: CaseDraft
    zones: Mapping[str, ZoneInfo]  # the reporter's and the owners', as the platform knows them
    now: datetime
    # What the platform refuses of the form itself (an owner it can't reach, a date it can't
    # read), by field: shown beside the form's own rules.
    platform_errors: Mapping[str, str] = field(default_factory=dict)
    # The people's row ids this process already knows (`KnownZones.person_ids`): the case's
    # write then has no one to look up.
    person_ids: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class FormErrors:
    errors: Errors  # by field; the form stays open with everything typed


@dataclass(frozen=True)
class CaseLogged:
    logged: LoggedCase

    @property
    def owners_to_tell(self) -> tuple[CommitmentSummary, ...]:
        """The promises to announce to their owners: none on a repeat (they heard the first
        time), and never the reporter's own (their confirmation says it)."""
        if not self.logged.created:
            return ()
        summary = self.logged.summary
        return tuple(c for c in summary.commitments
                     if c.owner_user_id != summary.reporter_user_id)

    @property
    def care_line(self) -> str:
        """The reporter's private line after a furious call; said once."""
        return self.logged.care_line if self.logged.created else ""


async def submit_case(db: Database, submission: CaseSubmission) -> FormErrors | CaseLogged:
    context = FormContext(reporter_user_id=submission.reporter,
                          categories=submission.workspace.categories, zones=submission.zones)
    errors = {**validate_case(submission.draft, context=context, now=submission.now),
              **submission.platform_errors}
    if errors:
        return FormErrors(errors)
    return CaseLogged(await log_case(
        db, workspace_id=submission.workspace.workspace_id, reporter_user_id=submission.reporter,
        submission_key=submission.submission_key, draft=submission.draft,
        zones=submission.zones, now=submission.now, person_ids=submission.person_ids))
