"""`angrycall teams-package`: the zip Teams sideloads."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from bot.cli import main
from tests.teams.activities import APP_ID


def test_the_package_holds_the_filled_manifest_and_both_icons(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TEAMS_APP_ID", APP_ID)
    monkeypatch.chdir(tmp_path)  # no .env from the checkout
    output = tmp_path / "angrycall-teams.zip"
    assert main(["teams-package", "--output", str(output),
                 "--website", "https://angrycall.example.org/"]) == 0
    assert str(output) in capsys.readouterr().out
    with zipfile.ZipFile(output) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
        color = Image.open(io.BytesIO(archive.read("color.png")))
        outline = Image.open(io.BytesIO(archive.read("outline.png"))).convert("RGBA")
    assert manifest["manifestVersion"] == "1.22"
    assert manifest["id"] == APP_ID and manifest["bots"][0]["botId"] == APP_ID
    assert manifest["developer"]["privacyUrl"] == "https://angrycall.example.org/privacy"
    titles = {c["title"] for lst in manifest["bots"][0]["commandLists"] for c in lst["commands"]}
    assert {"angrycall", "digest here"} <= titles
    assert "{{" not in json.dumps(manifest)
    assert color.size == (192, 192) and outline.size == (32, 32)
    # The outline icon is white on transparent, nothing else (Teams refuses other colours).
    raw = outline.tobytes()
    pixels = {tuple(raw[i:i + 4]) for i in range(0, len(raw), 4)}
    assert {pixel for pixel in pixels if pixel[3]} == {(255, 255, 255, 255)}
    assert any(pixel[3] == 0 for pixel in pixels)


@pytest.mark.parametrize(("args", "message"), [
    (["--app-id", "not-a-guid"], "must be a GUID"),
    (["--app-id", APP_ID, "--website", "http://insecure.example"], "https://"),
    ([], "TEAMS_APP_ID is not set"),
])
def test_bad_input_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str], args: list[str],
                              message: str) -> None:
    monkeypatch.delenv("TEAMS_APP_ID", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env from the checkout
    assert main(["teams-package", "--output", str(tmp_path / "x.zip"), *args]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.zip").exists()
