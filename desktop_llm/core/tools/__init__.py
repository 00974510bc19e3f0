"""The text tools (summarize, translate, sentiment): engine jobs over long text, with prompts from ``prompts``.

What they share lives here: running one prompt to completion, the token room a prompt leaves for the user's
text, and the speed estimate behind "about 2 min".
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, replace
from typing import Callable

from ..common.errors import Cancelled, UserError
from ..common.settings import SamplingSettings
from ..engines.base import ContextOverflow, Engine, GenerationStats, run_stream
from ..text.prompts import ToolPrompt

TextCallback = Callable[[str], None]
# Tools want the model's best reading, not variety: near-greedy, with a mild guard against loops.
TOOL_SAMPLING = SamplingSettings(temperature=0.0, top_p=1.0, top_k=1, min_p=0.0, repeat_penalty=1.1)
SAFETY_TOKENS = 16  # room for the template's own tokens around the text and tokenizer merges at the seams


class ToolInputError(UserError, ValueError):
    """The input cannot be worked on (empty text, unknown option); the message says why."""


def generate(engine: Engine, prompt: ToolPrompt, max_tokens: int, cancel: threading.Event,
             on_text: TextCallback | None = None) -> GenerationStats:
    """Run one tool prompt to the end; raises :class:`Cancelled` if stopped (the partial text is not a result)."""
    chat = engine.model.chat_format
    stats = run_stream(engine.stream_chat(prompt.render(chat), replace(TOOL_SAMPLING, max_tokens=max_tokens), cancel,
                                          prompt.stops(chat)),
                       on_text or (lambda piece: None))
    if stats.finish_reason == "cancelled" or cancel.is_set():
        raise Cancelled()
    stats.text = stats.text.strip()
    return stats


def text_budget(engine: Engine, prompt_for: Callable[[str], ToolPrompt], answer_tokens: int) -> int:
    """Tokens left for the user's text in ``prompt_for(text)`` once the instruction and the answer have room."""
    chat = engine.model.chat_format
    overhead = engine.count_chat_tokens(prompt_for("").render(chat))
    budget = engine.model.n_ctx - overhead - answer_tokens - SAFETY_TOKENS
    if budget < 32:
        raise ContextOverflow(f"the model's context ({engine.model.n_ctx:,} tokens) leaves no room for text after "
                              "the instructions: reload it with a longer context length")
    return budget


@dataclass(frozen=True)
class Throughput:
    """Prompt and generation speed in tokens per second, for time estimates."""

    prompt_tps: float
    generate_tps: float

    @classmethod
    def guess(cls, file_size: int) -> "Throughput":
        """Before anything was measured: CPU inference is bound by reading the weights (about 15 GB/s for a token,
        about 130 GB/s worth for a batch of prompt tokens on a laptop). Only ever shown as "about"."""
        if file_size <= 0:
            return cls(300.0, 30.0)
        return cls(130e9 / file_size, 15e9 / file_size)

    @classmethod
    def measured(cls, stats: GenerationStats, fallback: "Throughput") -> "Throughput":
        timings = stats.llama_timings
        prompt = timings.get("prompt_tokens_per_second") or fallback.prompt_tps
        generated = timings.get("eval_tokens_per_second") or stats.tokens_per_second or fallback.generate_tps
        return cls(prompt, generated)

    def seconds(self, prompt_tokens: int, generated_tokens: int) -> float:
        return prompt_tokens / self.prompt_tps + generated_tokens / self.generate_tps


def describe_duration(seconds: float) -> str:
    if seconds < 60:
        return f"{max(5, math.ceil(seconds / 5) * 5)} s"
    if seconds < 3600:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"
