"""A lead's own steps: ids kept while the label is, lines removed retire, any step retires."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from commands.custom_steps import playbook_errors, revise, stored
from commands.playbook import DEFAULT_PLAYBOOK, Phase, playbook_of

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


def test_own_steps_keep_their_ids_and_removed_lines_retire() -> None:
    first = revise(DEFAULT_PLAYBOOK, {Phase.NEXT: ["Offered a callback slot", " "],
                                      Phase.UPSET: ["Used their name"]}, retired=[])
    custom, retired = stored(first, NOW)
    assert custom == [{"id": "custom-1", "label": "Offered a callback slot", "phase": "next",
                       "since": NOW.isoformat()},
                      {"id": "custom-2", "label": "Used their name", "phase": "upset",
                       "since": NOW.isoformat()}]
    assert retired == []
    second = revise(playbook_of(custom, retired), {Phase.NEXT: ["offered a callback slot"],
                                                   Phase.FINDING: ["Checked the account"]},
                    retired=["apologize"])
    custom, retired = stored(second, NOW + timedelta(days=1))
    assert [c["id"] for c in custom] == ["custom-1", "custom-2", "custom-3"]
    assert custom[0]["since"] == NOW.isoformat()  # unchanged: still there since the first save
    assert retired == ["apologize", "custom-2"]
    assert second.label("custom-2") == "Used their name"  # history still reads it


def test_a_retired_own_step_comes_back_when_its_line_does() -> None:
    gone = playbook_of([{"id": "custom-1", "label": "Used their name", "phase": "upset"}],
                       ["custom-1"])
    back = revise(gone, {Phase.UPSET: ["Used their name"]}, retired=["custom-1"])
    assert "custom-1" in {s.id for s in back.active()}


def test_ten_steps_a_phase_at_most() -> None:
    crowded = revise(DEFAULT_PLAYBOOK, {Phase.UPSET: ["A", "B", "C", "D"]}, retired=[])
    assert set(playbook_errors(crowded)) == {"own_steps_upset"}
    room = revise(DEFAULT_PLAYBOOK, {Phase.UPSET: ["A", "B", "C", "D"]},
                  retired=["stay_calm"])
    assert playbook_errors(room) == {}
