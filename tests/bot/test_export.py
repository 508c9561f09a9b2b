"""`angrycall export`: what a lead analyses, and cells a spreadsheet cannot run."""

from __future__ import annotations

import asyncio
import csv
import json
import subprocess
from pathlib import Path

from bot.export_command import spreadsheet_safe
from bot.slack.home_refreshes import COALESCE_SECONDS
from tests.bot.conftest import AppDriver
from tests.bot.slack_flows import submission
from tests.bot.test_case_lifecycle import ANGRYCALL
from tests.bot.test_commitment_buttons import OWNER, nudged, press

FORMULA = '=HYPERLINK("http://evil.example","Acme")'


async def _done(app: AppDriver, note: str) -> None:
    modal = await press(app, await nudged(app), "commitment_done")
    assert modal is not None
    values = {"note": {"note": {"type": "plain_text_input", "value": note}},
              "reaction": {"reaction": {"type": "radio_buttons",
                                        "selected_option": {"value": "pleased"}}}}
    assert (await app.interact(submission(modal, values, user=OWNER))).status_code == 200
    await app.slack.await_calls("chat.update")  # the nudge redrawn: the promise is done
    # The homes are refreshed in the background a moment later: let that finish before the
    # test ends (the next test empties the tables under a refresh still reading them).
    await asyncio.sleep(2 * COALESCE_SECONDS + 0.5)


async def _export(database_url: str, path: Path, *arguments: str) -> None:
    result = await asyncio.to_thread(
        subprocess.run, [ANGRYCALL, "export", "--output", str(path), *arguments],
        env={"DATABASE_URL": database_url, "PATH": "/usr/bin:/bin"}, capture_output=True,
        text=True, timeout=120)
    assert result.returncode == 0, result.stderr


async def test_the_export_carries_people_promises_steps_and_outcome(
        app: AppDriver, database_url: str, tmp_path: Path) -> None:
    await _done(app, FORMULA)
    await _export(database_url, tmp_path / "cases.json", "--format", "json")
    (row,) = json.loads((tmp_path / "cases.json").read_text())
    assert row["reporter"] and row["owners"] and row["promise_1_owner"] == row["owners"]
    assert row["promise_1_text"] and row["promise_1_due"].startswith("2026-11-")
    assert (row["promise_1_status"], row["promise_1_customer_reaction"]) == ("kept on time",
                                                                             "pleased")
    assert row["promise_1_done_note"].startswith("=HYPERLINK") and "Acme" not in str(row)
    assert row["deescalation_steps"] == ("Acknowledged the anger quickly; Let them vent "
                                         "without interrupting; Apologized sincerely "
                                         "without blaming anyone")
    assert (row["status"], row["outcome"]) == ("closed", "promises kept")


async def test_csv_cells_never_start_a_formula(app: AppDriver, database_url: str,
                                               tmp_path: Path) -> None:
    await _done(app, FORMULA)
    await _export(database_url, tmp_path / "cases.csv", "--format", "csv")
    (row,) = list(csv.DictReader((tmp_path / "cases.csv").open()))
    assert row["promise_1_done_note"].startswith("'=HYPERLINK")
    for dangerous in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert spreadsheet_safe(dangerous) == "'" + dangerous
    assert (spreadsheet_safe("Refund sent"), spreadsheet_safe(-1)) == ("Refund sent", -1)


def test_an_empty_checklist_exports_as_not_recorded() -> None:
    from datetime import UTC, datetime

    from commands.anonymize import Anonymizer
    from commands.export import case_row
    from storage.exports import ExportRow
    from storage.models import Case, Workspace

    now = datetime(2026, 11, 24, tzinfo=UTC)
    case = Case(id=1, workspace_id=1, reporter_id=1, submission_key="k", customer="Acme",
                contact_channel="phone", occurred_at=now, anger_level=3, what_happened="x",
                created_at=now, deescalation_steps=[])
    workspace = Workspace(id=1, platform="slack", external_id="T1", created_at=now)
    row = case_row(ExportRow(case, workspace, [], {1: "steve"}), Anonymizer(), ["Acme"])
    assert (row["deescalation_steps"], row["reporter"], row["owners"]) == ("not recorded",
                                                                           "steve", "")
