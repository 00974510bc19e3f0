"""Translation paragraph by paragraph, so source and translation line up; long paragraphs go in token-sized pieces."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace
from typing import Callable

from ..common import messages  # messages.translate: this module's own ``translate`` is the tool
from ..common.errors import Cancelled
from ..engines.base import Engine, run_stream
from ..text.chunking import paragraph_spans, split_text
from ..text.prompts import AUTO_LANGUAGE, LANGUAGES, TONES
from ..text.prompts import translate as translate_prompt
from . import TOOL_SAMPLING, SpeedMeter, TextCallback, Throughput, ToolInputError, describe_duration, text_budget
from .quality import translation_problem

# A translation can take more tokens than its source (accents, scripts the tokenizer knows less well).
EXPANSION = 2
CUT_MARK = "[…]"  # ends a translation that reached its token limit before the model finished
RETRY_TEMPERATURE = 0.7  # "translate again" should offer another wording, not the same greedy one


@dataclass(frozen=True)
class TranslateOptions:
    target: str
    source: str = AUTO_LANGUAGE
    tone: str = "neutral"

    def __post_init__(self):
        if self.target not in LANGUAGES or (self.source != AUTO_LANGUAGE and self.source not in LANGUAGES):
            raise ToolInputError(messages.translate("CoreTools", "unknown language: {source} → {target} (known: "
                                                    "{known})").format(source=repr(self.source),
                                                                       target=repr(self.target),
                                                                       known=", ".join(LANGUAGES)))
        if self.tone not in TONES:
            raise ToolInputError(messages.translate("CoreTools", "unknown tone {tone} (known: {known})").format(
                tone=repr(self.tone), known=", ".join(TONES)))


@dataclass
class Segment:
    """One source paragraph and its translation; ``pieces`` are the token-sized parts of a long paragraph."""

    index: int
    start: int
    end: int
    source: str
    pieces: list[str] = field(default_factory=list)
    tokens: int = 0  # of the source, for time estimates
    translation: str = ""
    warning: str = ""  # what is certainly wrong with the translation (quality.translation_problem)


@dataclass(frozen=True)
class SegmentStarted:
    """Event: the text streamed from now on is the translation of this paragraph."""

    index: int
    count: int
    source: str


@dataclass(frozen=True)
class SegmentDone:
    index: int
    count: int
    translation: str
    eta_s: float
    warning: str = ""


@dataclass
class TranslationResult:
    segments: list[Segment]
    elapsed_s: float = 0.0
    speed: Throughput | None = field(default=None, repr=False)  # as measured, for the next estimate

    @property
    def translation(self) -> str:
        return "\n\n".join(s.translation for s in self.segments)

    @property
    def warnings(self) -> list[str]:
        return [messages.translate("CoreTools", "paragraph {number}: {warning}").format(number=s.index + 1,
                                                                                      warning=s.warning)
                for s in self.segments if s.warning]

    def to_json(self) -> dict:
        return {"translation": self.translation,
                "segments": [{"index": s.index, "source": s.source, "translation": s.translation,
                              **({"warning": s.warning} if s.warning else {})} for s in self.segments],
                "warnings": self.warnings}


def _budget(engine: Engine, options: TranslateOptions) -> int:
    """Source tokens per request, leaving room for a translation up to ``EXPANSION`` times as long."""
    room = text_budget(engine, lambda t: translate_prompt(t, options.target, options.source, options.tone), 0)
    return max(16, room // (1 + EXPANSION))


def plan_segments(engine: Engine, text: str, options: TranslateOptions) -> list[Segment]:
    if not text.strip():
        raise ToolInputError(messages.translate("CoreTools", "There is no text to translate."))
    budget = _budget(engine, options)
    segments = []
    for index, (start, end) in enumerate(paragraph_spans(text)):
        paragraph = text[start:end]
        chunks = split_text(paragraph, budget, engine.count_tokens)
        segments.append(Segment(index, start, end, paragraph, [c.text for c in chunks],
                                sum(c.tokens for c in chunks)))
    return segments


def translate_segment(engine: Engine, segment: Segment, options: TranslateOptions, cancel: threading.Event,
                      on_text: TextCallback, again: bool = False, meter: SpeedMeter | None = None) -> str:
    """Translate one paragraph, piece by piece; ``again`` samples another wording instead of the greedy one."""
    chat = engine.model.chat_format
    sampling = replace(TOOL_SAMPLING, temperature=RETRY_TEMPERATURE, top_k=40, top_p=0.95) if again else TOOL_SAMPLING
    parts = []
    for number, piece in enumerate(segment.pieces):
        if number:
            on_text(" ")
        prompt = translate_prompt(piece, options.target, options.source, options.tone)
        limit = EXPANSION * engine.count_tokens(piece) + 32
        stats = run_stream(engine.stream_chat(prompt.render(chat), replace(sampling, max_tokens=limit), cancel,
                                              prompt.stops(chat)), on_text)
        if stats.finish_reason == "cancelled" or cancel.is_set():
            raise Cancelled()
        if meter is not None:
            meter.add(stats)
        cut = stats.finish_reason == "length"  # said in the text itself, so no one takes it for the whole
        parts.append(stats.text.strip() + (f" {CUT_MARK}" if cut else ""))
        if cut:
            on_text(f" {CUT_MARK}")
    return " ".join(parts)


def check_segment(segment: Segment, options: TranslateOptions) -> str:
    """What is certainly wrong with a paragraph's translation (``quality.translation_problem``); empty if nothing."""
    return translation_problem(segment.source, segment.translation.removesuffix(CUT_MARK).strip(), options.target)


def translate(engine: Engine, text: str, options: TranslateOptions, cancel: threading.Event,
              on_text: TextCallback, on_event: Callable[[object], None] = lambda event: None,
              on_progress: Callable[[float, str], None] = lambda fraction, text: None,
              speed: Throughput | None = None) -> TranslationResult:
    started = time.monotonic()
    result = TranslationResult(plan_segments(engine, text, options))
    count = len(result.segments)
    total = max(1, sum(s.tokens for s in result.segments))
    speed = speed or Throughput.guess(engine.model.file_size)
    meter = SpeedMeter()
    done = 0
    for segment in result.segments:
        on_progress(done / total, messages.translate("CoreTools", "Translating paragraph {number} of {count}…")
                    .format(number=segment.index + 1, count=count))
        on_event(SegmentStarted(segment.index, count, segment.source))
        segment.translation = translate_segment(engine, segment, options, cancel, on_text, meter=meter)
        segment.warning = check_segment(segment, options)
        done += segment.tokens
        # What is left, at the speeds measured so far: its source tokens read, and as many written as so far per token.
        result.speed = meter.throughput(speed)
        eta = result.speed.seconds(total - done, (total - done) * meter.generated / max(1, done))
        on_event(SegmentDone(segment.index, count, segment.translation, eta, segment.warning))
        if done < total:
            on_progress(done / total, messages.translate(
                "CoreTools", "Paragraph {number} of {count} translated · about {duration} left").format(
                number=segment.index + 1, count=count, duration=describe_duration(eta)))
    result.elapsed_s = time.monotonic() - started
    on_progress(1.0, messages.translate("CoreTools", "Done in {duration}").format(
        duration=describe_duration(result.elapsed_s)))
    return result
