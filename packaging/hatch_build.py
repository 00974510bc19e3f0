"""Hatch build hook: compile the UI's translations (resources/i18n/*.ts → .qm) whenever the package is built or
installed, editable installs included, so the repository holds only the Qt Linguist sources."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def lrelease() -> str:
    """Qt's lrelease, from PySide6-Essentials (a build requirement)."""
    found = shutil.which("pyside6-lrelease")
    if found:
        return found
    import PySide6

    return str(Path(PySide6.__file__).parent / "lrelease")


class TranslationsHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        for source in sorted((Path(self.root) / "resources" / "i18n").glob("*.ts")):
            compiled = source.with_suffix(".qm")
            # Written beside the source: the wheel takes resources/ whole (pyproject's force-include), an
            # editable install reads it there.
            subprocess.run([lrelease(), "-silent", "-removeidentical", str(source), "-qm", str(compiled)],
                           check=True)
