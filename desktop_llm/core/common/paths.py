"""Where every file the app writes lives.

By default the per-OS folders from platformdirs; with ``DESKTOP_LLM_HOME=DIR`` everything goes under DIR, so
tests, portable installs and a second profile never touch the user's real data.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "desktop-llm"
HOME_ENV = "DESKTOP_LLM_HOME"


@dataclass(frozen=True)
class AppPaths:
    data: Path
    config: Path
    cache: Path
    logs: Path

    @property
    def models(self) -> Path:
        return self.data / "models"

    @property
    def database(self) -> Path:
        return self.data / "conversations.sqlite3"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def log_file(self) -> Path:
        return self.logs / "desktop-llm.log"

    def ensure(self) -> "AppPaths":
        for folder in (self.data, self.config, self.cache, self.logs, self.models):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def app_paths() -> AppPaths:
    """The folders for this run, created on demand by :meth:`AppPaths.ensure`."""
    home = os.environ.get(HOME_ENV)
    if home:
        root = Path(home).expanduser().resolve()
        return AppPaths(data=root / "data", config=root / "config", cache=root / "cache", logs=root / "data" / "logs")
    data = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return AppPaths(
        data=data,
        config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        logs=data / "logs",  # beside the models and history: one folder to send or back up
    )


def package_root() -> Path:
    """The installed ``desktop_llm`` package folder (inside the bundle when frozen by PyInstaller)."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS")) / "desktop_llm"
    return Path(__file__).resolve().parents[2]


def bundled_file(name: str) -> Path:
    """A file shipped with the app (``models.json``, ``resources/...``).

    A wheel carries them inside the package; an editable checkout has them at the project root.
    """
    inside = package_root() / name
    if inside.exists():
        return inside
    return package_root().parent / name
