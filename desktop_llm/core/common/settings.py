"""User settings: one typed object, saved as JSON in the config folder.

Unknown keys from newer versions are kept untouched; a corrupt file is moved aside (not silently lost) and the
defaults are used.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

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


@dataclass
class EngineSettings:
    n_ctx: int = 4096
    n_threads: int = 0  # 0 = pick from the CPU count
    n_gpu_layers: int = -1  # -1 = auto: all layers on the GPU when there is one, stepping down on failure

    def threads(self) -> int:
        return self.n_threads or max(1, min(8, os.cpu_count() or 1))


@dataclass
class Settings:
    system_prompt: str = "You are a helpful assistant."
    sampling: SamplingSettings = field(default_factory=SamplingSettings)
    engine: EngineSettings = field(default_factory=EngineSettings)
    window_geometry: str = ""  # base64 of QWidget.saveGeometry()
    starter_card_dismissed: bool = False  # "Keep the starter": the first-run card stays hidden
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
