"""User settings: one typed object, saved as JSON in the config folder.

Unknown keys from newer versions are kept untouched; a corrupt file is moved aside (not silently lost) and the
defaults are used.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import time
import weakref
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Callable

from .fileio import write_atomic

log = logging.getLogger(__name__)


@dataclass
class SamplingSettings:
    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    max_tokens: int = 512
    dry_multiplier: float = 0.0  # llama.cpp's DRY penalty on repeated sequences (0 = off; local models only)
    stop_loops: bool = False  # end the reply when it repeats a line (engines.base.LoopGuard): prose, not code
    seed: int | None = None  # a fixed seed repeats a sampled reply (a local server's client may ask); None: random


@dataclass
class EngineSettings:
    n_ctx: int = 4096
    n_threads: int = 0  # 0 = pick from the CPU count
    n_gpu_layers: int = -1  # -1 = auto: all layers on the GPU when there is one, stepping down on failure

    def threads(self) -> int:
        return self.n_threads or max(1, min(8, os.cpu_count() or 1))


@dataclass
class ServerSettings:
    """Settings ▸ Local server: the OpenAI-compatible server over the window's model (off until switched on)."""

    enabled: bool = False
    port: int = 8765
    allow_network: bool = False  # listen on every address, not only 127.0.0.1 (an API key is then required)
    cors: bool = False  # let web pages in a browser call it


DEFAULT_SYSTEM_PROMPT = "You are a helpful assistant."  # the Chat pane shows it in the UI's language


@dataclass
class Settings:
    system_prompt: str = DEFAULT_SYSTEM_PROMPT
    sampling: SamplingSettings = field(default_factory=SamplingSettings)
    engine: EngineSettings = field(default_factory=EngineSettings)
    window_geometry: str = ""  # base64 of QWidget.saveGeometry()
    starter_card_dismissed: bool = False  # "Keep the starter": the first-run card stays hidden
    language: str = "system"  # Settings ▸ Language: "system", "en" or "zh_CN" (applies at the next start)
    theme: str = "system"  # View ▸ Theme: "system" (follow the OS), "light" or "dark"
    chat_panel_open: bool = False  # the Chat pane's sampling and engine panel (closed: room for the conversation)
    last_conversation_id: int | None = None
    # Models that passed the out-of-process trial load: path -> [size, mtime_ns].
    checked_models: dict[str, list[int]] = field(default_factory=dict)
    # .gguf files imported by reference (left where the user keeps them).
    referenced_models: list[str] = field(default_factory=list)
    # Default model per use ("chat", "summarize", "translate", "sentiment"): the path of a .gguf, or "remote:NAME"
    # for a saved endpoint's model. Chat's is the model it loads at start; each text tool reads its own.
    default_models: dict[str, str] = field(default_factory=dict)
    # Options each text tool pane remembers ("summarize", "translate", "sentiment"): plain JSON values.
    tool_options: dict[str, dict] = field(default_factory=dict)
    # Speeds measured on this machine, per model file name: {"prompt_tps", "generate_tps", "answer_share", "size"}.
    # They make the time estimates of the text tools and the speed shown for catalog models fit this machine.
    measured_speeds: dict[str, dict] = field(default_factory=dict)
    # Remote OpenAI-compatible endpoints: {"name", "base_url", "default_model"}; API keys live in the OS keyring.
    endpoints: list[dict] = field(default_factory=list)
    server: ServerSettings = field(default_factory=ServerSettings)
    extra: dict = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> "Settings":
        if not path.exists():
            return cls()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict):
                raise ValueError("settings file does not hold a JSON object")
            return cls._from_dict(raw)
        except (ValueError, TypeError) as exc:
            backup = path.with_suffix(".corrupt.json")
            os.replace(path, backup)
            log.warning("Settings file %s was unreadable (%s); moved to %s, using defaults", path, exc, backup)
            return cls()

    @classmethod
    def _from_dict(cls, raw: dict) -> "Settings":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in raw.items() if k in known}
        values["sampling"] = _dataclass_from(SamplingSettings, raw.get("sampling"))
        values["engine"] = _dataclass_from(EngineSettings, raw.get("engine"))
        values["server"] = _dataclass_from(ServerSettings, raw.get("server"))
        values["extra"] = {**raw.get("extra", {}), **{k: v for k, v in raw.items() if k not in known}}
        return cls(**values)

    def save(self, path: Path) -> None:
        data = asdict(self)
        extra = data.pop("extra")
        write_atomic(path, json.dumps({**extra, **data}, indent=2).encode("utf-8"))


def _dataclass_from(kind, raw):
    if not isinstance(raw, dict):
        return kind()
    defaults = kind()
    values = {}
    for f in fields(kind):
        value = raw.get(f.name, getattr(defaults, f.name))
        expected = type(getattr(defaults, f.name))
        if expected is float and isinstance(value, int):
            value = float(value)
        values[f.name] = value if isinstance(value, expected) else getattr(defaults, f.name)
    return kind(**values)


# --- Sharing the file between processes ------------------------------------------------------------------------
# The window keeps its Settings in memory and saves them whole; the CLI may change the same file meanwhile (a model
# it checked or imported). Both re-read the file under a lock and write back only what they changed themselves.

LOCK_TIMEOUT_S = 5.0
_MISSING = object()
_loaded_state: dict[int, dict] = {}  # id(settings) -> its JSON form when last loaded or saved: the merge's base


def update_settings(path: Path, change: Callable[[Settings], None]) -> Settings:
    """Apply ``change`` to the file's current settings and save them, under the lock: a one-off change (the CLI's)
    never overwrites what another process wrote before it. Returns the saved settings."""
    with _settings_lock(path):
        settings = Settings.load(path)
        change(settings)
        settings.save(path)
    return settings


def load_shared(path: Path) -> Settings:
    """:meth:`Settings.load` for a process that keeps its settings a while (the window, ``models``): remembers what
    was read, so that :func:`save_merged` writes back only what this process changed."""
    return _remember(Settings.load(path))


def save_merged(settings: Settings, path: Path) -> None:
    """Save ``settings`` without losing what other processes wrote since it was loaded (or last saved).

    What this process changed wins, key by key in the dict fields (``checked_models``, ``measured_speeds``…) and
    path by path in ``referenced_models``, removals included; everything else is taken from the file as it is now.
    Settings not from :func:`load_shared` are written whole, plus the keys the file has and they lack (a union).
    """
    mine = _as_json(settings)
    base = _loaded_state.get(id(settings), _MISSING)
    with _settings_lock(path):
        theirs = _read_json(path)
        if theirs is None:  # no file, or an unreadable one: nothing to keep
            settings.save(path)
        elif mine != base:
            Settings._from_dict(_merge(base, mine, theirs)).save(path)
    _remember(settings)


def _remember(settings: Settings) -> Settings:
    key = id(settings)
    if key not in _loaded_state:
        weakref.finalize(settings, _loaded_state.pop, key, None)  # an id is reused once its object is gone
    _loaded_state[key] = _as_json(settings)
    return settings


def _as_json(settings: Settings) -> dict:
    data = asdict(settings)
    return {**data.pop("extra"), **data}


def _read_json(path: Path) -> dict | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return _as_json(Settings._from_dict(raw)) if isinstance(raw, dict) else None
    except (OSError, ValueError, TypeError):
        return None


def _merge(base, mine, theirs, depth: int = 2):
    """Three-way merge of JSON values: what ``mine`` changed since ``base`` wins, the rest comes from ``theirs``.

    Objects (the settings, then each dict field) and lists of strings (sets of paths) are merged key by key,
    ``depth`` levels down; anything else is taken whole."""
    if mine == base:
        return theirs
    if depth and _is_path_set(mine) and _is_path_set(theirs):
        old = dict.fromkeys(base) if _is_path_set(base) else {}
        return list(_merge(old, dict.fromkeys(mine), dict.fromkeys(theirs), 1))
    if depth and isinstance(mine, dict) and isinstance(theirs, dict):
        base = base if isinstance(base, dict) else {}
        merged = {}
        for key in [*mine, *(k for k in theirs if k not in mine)]:
            value = _merge(base.get(key, _MISSING), mine.get(key, _MISSING), theirs.get(key, _MISSING), depth - 1)
            if value is not _MISSING:
                merged[key] = value
        return merged
    return mine


def _is_path_set(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


@contextlib.contextmanager
def _settings_lock(path: Path):
    """An exclusive lock on ``settings.json.lock`` shared by every process of the app (released by the OS if one
    dies). A lock not had within LOCK_TIMEOUT_S is logged and done without: a save is never refused over it."""
    lock_path = path.with_name(path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    locked = False
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT_S
        while not locked:
            try:
                _lock_file(fd, True)
                locked = True
            except (BlockingIOError, PermissionError):  # held by another process (or thread)
                if time.monotonic() > deadline:
                    log.warning("settings lock %s still held after %.0f s; saving without it", lock_path,
                                LOCK_TIMEOUT_S)
                    break
                time.sleep(0.02)
            except OSError as exc:  # a file system without locks
                log.warning("cannot lock %s (%s); saving without the lock", lock_path, exc)
                break
        yield
    finally:
        if locked:
            _lock_file(fd, False)
        os.close(fd)


def _lock_file(fd: int, lock: bool) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK if lock else msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB if lock else fcntl.LOCK_UN)
