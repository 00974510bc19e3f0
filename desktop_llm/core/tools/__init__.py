"""The text tools (summarize, translate, sentiment): engine jobs over long text, with prompts from ``prompts``.

What they share lives here: running one prompt to completion, the token room a prompt leaves for the user's
text, and the speed estimate behind "about 2 min".
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, replace
from typing import Callable

from ..common import messages  # messages.translate: importing the submodule ``.translate`` rebinds that name here
from ..common.errors import Cancelled, UserError
from ..common.settings import SamplingSettings
from ..engines.base import ContextOverflow, Engine, GenerationStats, run_stream
from ..text.prompts import ToolPrompt

TextCallback = Callable[[str], None]
# Tools want the model's best reading, not variety: greedy, with guards against loops (a mild repetition penalty,
# DRY, which penalizes repeating a sequence the reply already holds, and an end to a reply that loops anyway).
TOOL_SAMPLING = SamplingSettings(temperature=0.0, top_p=1.0, top_k=1, min_p=0.0, repeat_penalty=1.1,
                                 dry_multiplier=0.8, stop_loops=True)
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
        raise ContextOverflow(messages.translate(
            "CoreTools", "the model's context ({n_ctx:,} tokens) leaves no room for text after the instructions: "
            "reload it with a longer context length").format(n_ctx=engine.model.n_ctx))
    return budget


@dataclass(frozen=True)
class Throughput:
    """What the time estimates are made of: prompt and generation speed in tokens per second, and the share of its
    token allowance a summary actually writes. Measured on this machine after each run and remembered per model
    (``record``), else guessed from the file size."""

    prompt_tps: float
    generate_tps: float
    answer_share: float = 0.6
    measured: bool = False

    @classmethod
    def guess(cls, file_size: int) -> "Throughput":
        """Before anything was measured: CPU inference is bound by reading the weights (about 15 GB/s for a token,
        about 130 GB/s worth for a batch of prompt tokens on a laptop). Only ever shown as "about"."""
        if file_size <= 0:
            return cls(300.0, 30.0)
        return cls(130e9 / file_size, 15e9 / file_size)

    @classmethod
    def remembered(cls, record: dict | None) -> "Throughput | None":
        """The speed remembered for a model (``models.recommend.remember_speed``); None when it was not measured."""
        if not record or not record.get("prompt_tps") or not record.get("generate_tps"):
            return None
        return cls(record["prompt_tps"], record["generate_tps"], record.get("answer_share", cls.answer_share), True)

    def seconds(self, prompt_tokens: float, generated_tokens: float) -> float:
        return prompt_tokens / self.prompt_tps + generated_tokens / self.generate_tps


class SpeedMeter:
    """Adds up a run's engine calls by the clock (time to first token, then generation), so the next estimate is
    made of what this machine did, overheads included."""

    MIN_TOKENS = 64  # fewer tokens than this say little about the speed

    def __init__(self) -> None:
        self.prompt_tokens = self.generated = self.allowed = self.calls = 0
        self.prompt_s = self.generate_s = 0.0

    def add(self, stats: GenerationStats, allowance: int = 0) -> None:
        self.calls += 1
        self.prompt_tokens += stats.prompt_tokens_evaluated
        self.prompt_s += stats.ttft_s
        self.generated += stats.tokens
        self.allowed += allowance
        if stats.tokens > 1 and stats.tokens_per_second > 0:
            self.generate_s += (stats.tokens - 1) / stats.tokens_per_second

    def throughput(self, before: Throughput) -> Throughput:
        """This run's speeds where it measured enough of them, ``before``'s otherwise."""
        prompt = self.prompt_tokens / self.prompt_s if self.prompt_tokens >= self.MIN_TOKENS and self.prompt_s \
            else before.prompt_tps
        steps = self.generated - self.calls  # the first token of each call is counted in the prompt's time
        generate = steps / self.generate_s if steps >= self.MIN_TOKENS and self.generate_s else before.generate_tps
        share = min(1.0, self.generated / self.allowed) if self.allowed else before.answer_share
        return Throughput(prompt, generate, share, True)


def describe_duration(seconds: float) -> str:
    """"25 s", "4 min", "1.5 h": the time part of an estimate ("about {duration}")."""
    if seconds < 60:
        return messages.translate("CoreTools", "{seconds} s").format(seconds=max(5, math.ceil(seconds / 5) * 5))
    if seconds < 3600:
        return messages.translate("CoreTools", "{minutes} min").format(minutes=round(seconds / 60))
    return messages.translate("CoreTools", "{hours:.1f} h").format(hours=seconds / 3600)
