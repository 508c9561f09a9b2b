"""`angrycall teams-package`: the app package Teams sideloads (manifest.json and two icons).

teams/manifest.json is a template: `{{TEAMS_APP_ID}}` (the Azure Bot's Entra app id, which is
also the app's id) and `{{WEBSITE_URL}}` (where the developer, privacy and terms pages live)
are filled in here.
"""

from __future__ import annotations

import json
import uuid
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

ICONS = ("color.png", "outline.png")
# The template's home in a checkout; `--source` points elsewhere.
DEFAULT_SOURCE = Path(__file__).resolve().parents[2] / "teams"


class PackageError(ValueError):
    """The package can't be built; the message says why."""


def manifest(template: str, *, app_id: str, website_url: str) -> str:
    try:
        uuid.UUID(app_id)
    except ValueError as error:
        raise PackageError(f"the Teams app id must be a GUID, got {app_id!r}") from error
    parts = urlsplit(website_url)
    if parts.scheme != "https" or not parts.hostname:
        raise PackageError(f"the website must be an https:// URL, got {website_url!r}")
    filled = (template.replace("{{TEAMS_APP_ID}}", app_id)
              .replace("{{WEBSITE_URL}}", website_url.rstrip("/")))
    json.loads(filled)  # a template edited into invalid JSON fails here, not in Teams
    return filled


def build_package(*, output: Path, app_id: str, website_url: str,
                  source: Path = DEFAULT_SOURCE) -> Path:
    template = source / "manifest.json"
    missing = [p.name for p in (template, *(source / icon for icon in ICONS)) if not p.is_file()]
    if missing:
        raise PackageError(f"{', '.join(missing)} not found in {source} (use --source)")
    content = manifest(template.read_text(encoding="utf-8"), app_id=app_id,
                       website_url=website_url)
    # Teams wants the three files at the root of the zip, no folder.
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", content)
        for icon in ICONS:
            archive.write(source / icon, arcname=icon)
    return output
