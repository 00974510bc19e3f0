"""What every engine shares: the ``Engine`` protocol, its data types and errors, and stream helpers.

An engine is used by one thread at a time. ``stream_chat`` is a generator of text pieces that returns
:class:`GenerationStats`; it checks ``cancel`` between prompt batches and on every token, so a stop is prompt.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Generator, Protocol, Sequence, TypeVar, Union

from ..common.errors import UserError
from ..common.settings import SamplingSettings
from ..models.catalog import ModelHints

ProgressCallback = Callable[[float, str], None]
# Chat messages, or plain text for models that have no chat format of their own (base models complete text).
PromptInput = Union[Sequence[dict], str]
T = TypeVar("T")


class ModelLoadError(UserError, RuntimeError):
    """The engine could not load or use the model (the message is shown to the user)."""


class ContextOverflow(UserError, ValueError):
    """The prompt does not fit in the model's context window."""


class EngineCapabilityError(UserError, RuntimeError):
    """The engine cannot do what a tool needs (for example a server that returns no log-probabilities)."""


@dataclass(frozen=True)
class LoadOptions:
    n_ctx: int = 4096
    n_threads: int = 4
    n_gpu_layers: int = 0


@dataclass(frozen=True)
class ModelInfo:
    """A loaded model. ``path`` is the .gguf file, or for a server's model the server's base URL (``model_id`` then
    names the model there)."""

    path: str
    name: str
    architecture: str
    quantization: str
    n_ctx: int
    n_ctx_train: int
    n_params: int
    file_size: int
    n_threads: int
    n_gpu_layers: int
    template_origin: str  # "model" or "catalog" (a chat template), "transcript" (a base model) or "server"
    model_id: str = ""

    @property
    def remote(self) -> bool:
        """On an OpenAI-compatible server (which applies its own chat template)."""
        return self.template_origin == "server"

    @property
    def chat_format(self) -> bool:
        """Chats through a chat template (its own, the catalog's or the server's), not a plain transcript."""
        return self.template_origin != "transcript"


@dataclass
class GenerationStats:
    text: str = ""
    tokens: int = 0  # generated tokens
    prompt_tokens: int = 0  # tokens in the whole rendered prompt
    prompt_tokens_evaluated: int = 0  # of those, the ones not already in the KV cache
    ttft_s: float = 0.0
    tokens_per_second: float = 0.0  # generation speed after the first token
    finish_reason: str = "stop"  # "stop", "length", "cancelled", "loop" (stopped repeating itself)
    llama_timings: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


class Engine(Protocol):
    """What the worker, the CLI and the tools need from an inference backend."""

    model: ModelInfo | None
    token_counts_exact: bool  # False where counts are estimates (a server without a tokenizer)

    def load(self, path: str | Path, options: LoadOptions, hints: ModelHints | None = None,
             on_progress: ProgressCallback | None = None, cancel: threading.Event | None = None) -> ModelInfo: ...

    def unload(self) -> None: ...

    def close(self) -> None:
        """Free everything the engine holds (its model, its process, its connections)."""
        ...

    def count_tokens(self, text: str) -> int: ...

    def count_chat_tokens(self, messages: PromptInput) -> int: ...

    def stream_chat(self, messages: PromptInput, sampling: SamplingSettings, cancel: threading.Event,
                    stop: Sequence[str] = ()) -> Generator[str, None, GenerationStats]:
        """Stream the reply; ``stop`` adds stop strings to the chat template's own."""
        ...

    def score_labels(self, messages: PromptInput, labels: Sequence[str],
                     cancel: threading.Event) -> dict[str, float]:
        """Log-probability that the reply to ``messages`` starts with each label: one forward pass, no sampling."""
        ...

    def score_labels_batch(self, prompts: Sequence[PromptInput], labels: Sequence[str],
                           cancel: threading.Event) -> list[dict[str, float]]:
        """:meth:`score_labels` for many prompts (an engine may evaluate them side by side)."""
        ...


def run_stream(stream: Generator[str, None, T], on_piece: Callable[[str], None]) -> T:
    """Feed every text piece of ``stream`` to ``on_piece`` and return the stream's final value (its stats)."""
    while True:
        try:
            piece = next(stream)
        except StopIteration as done:
            return done.value
        on_piece(piece)


class StopMatcher:
    """Holds back text that may be the start of a stop string, and cuts the text at a complete one."""

    def __init__(self, stops: Sequence[str]):
        self.stops = tuple(s for s in stops if s)
        self.held = ""

    def feed(self, text: str) -> tuple[str, bool]:
        if not self.stops:
            return text, False
        self.held += text
        for stop in self.stops:
            index = self.held.find(stop)
            if index >= 0:
                out, self.held = self.held[:index], ""
                return out, True
        keep = max((n for stop in self.stops for n in range(1, len(stop)) if self.held.endswith(stop[:n])),
                   default=0)
        out = self.held[: len(self.held) - keep]
        self.held = self.held[len(self.held) - keep:]
        return out, False

    def flush(self, text: str) -> str:
        out, self.held = self.held + text, ""
        return out


_LIST_MARK = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s+")
_NUMBER = re.compile(r"\d+")


def line_key(line: str) -> str:
    """A line as a loop repeats it: case, spacing, list marks and numbers ignored ("Error 3: …", "Error 4: …")."""
    return " ".join(_NUMBER.sub("#", _LIST_MARK.sub("", line)).lower().split())


class LoopGuard:
    """Watches a reply as it streams and says when it repeats itself: the same line three times, or the same words
    four times over in one line (a small model's loops), so generation can stop there instead of running to the
    limit. For prose (the text tools): code repeats lines on purpose."""

    def __init__(self, lines: int = 3, window: int = 200, min_line: int = 16):
        self.lines = lines
        self.window = window
        self.min_line = min_line  # shorter lines ("}", "---") repeat in good text
        self.text = ""
        self.counts: dict[str, int] = {}

    def feed(self, piece: str) -> bool:
        """Add streamed text; True when the reply has started looping."""
        self.text += piece
        if "\n" in piece:
            *done, self.text = self.text.split("\n")
            for line in done:
                key = line_key(line)
                if len(key) >= self.min_line:
                    self.counts[key] = self.counts.get(key, 0) + 1
                    if self.counts[key] >= self.lines:
                        return True
        tail = self.text[-self.window:]
        if len(tail) >= 60:  # words repeated back to back within one long line (not "0, 0, 0" or "| --- |")
            for size in range(10, len(tail) // 4 + 1):
                unit = tail[-size:]
                if tail.endswith(unit * 4) and sum(c.isalpha() for c in unit) >= 3:
                    return True
        return False


def logsumexp(values: Sequence[float]) -> float:
    """log(sum(exp(v))) without overflow: how label log-probabilities over several spellings are added."""
    values = [float(v) for v in values]
    top = max(values)
    return top + math.log(sum(math.exp(v - top) for v in values))
