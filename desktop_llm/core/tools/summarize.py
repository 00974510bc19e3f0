"""Summaries of text of any length: one pass when it fits the context, else map-reduce over token-sized parts.

Map: each part is summarized as key points (same instruction each time, so it stays cached). Reduce: the part
summaries are combined into the final summary; when they are themselves too long for one prompt they are combined
in groups first, round after round. No part of the input is left out: every part of the text is read by the model.
"""

from __future__ import annotations

import math
import re
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Callable

from ..common.errors import Cancelled
from ..common.messages import translate
from ..engines.base import ContextOverflow, Engine
from ..text.chunking import Chunk, sentence_spans, split_text
from ..text.prompts import SUMMARY_LENGTHS, SUMMARY_STYLES, combine_summaries, summarize_part, summarize_whole
from . import SpeedMeter, TextCallback, Throughput, ToolInputError, describe_duration, generate, text_budget
from .quality import repeated_lines

MIN_MAP_REDUCE_CTX = 1024  # below this, two part summaries plus the instructions may not fit one prompt
PART_LABEL_TOKENS = 8  # "Part 12:" and the blank line around each part summary in a combine prompt


@dataclass(frozen=True)
class SummaryOptions:
    style: str = "key_points"
    length: str = "medium"

    def __post_init__(self):
        if self.style not in SUMMARY_STYLES or self.length not in SUMMARY_LENGTHS:
            raise ToolInputError(translate("CoreTools", "unknown summary style or length: {style}, {length} "
                                           "(styles: {styles}; lengths: {lengths})").format(
                style=repr(self.style), length=repr(self.length), styles=", ".join(SUMMARY_STYLES),
                lengths=", ".join(SUMMARY_LENGTHS)))


@dataclass
class SummaryPlan:
    """What a summary will take, shown before it starts ("12,480 tokens · context 4,096 · 5 parts · about 2 min")."""

    input_tokens: int
    n_ctx: int
    parts: list[Chunk]
    answer_tokens: int
    estimate_s: float
    exact: bool = True  # False: a server without a tokenizer, so the counts are estimates

    def describe(self) -> str:
        if len(self.parts) == 1:
            passes = translate("CoreTools", "fits in one pass")
        else:
            passes = translate("CoreTools", "{count} parts").format(count=len(self.parts))
        if self.exact:
            tokens = translate("CoreTools", "{count:,} tokens").format(count=self.input_tokens)
        else:
            tokens = translate("CoreTools", "≈{count:,} tokens (estimated: the server cannot count them)").format(
                count=self.input_tokens)
        return translate("CoreTools", "{tokens} · context {n_ctx:,} · {passes} · about {duration}").format(
            tokens=tokens, n_ctx=self.n_ctx, passes=passes, duration=describe_duration(self.estimate_s))


@dataclass(frozen=True)
class PartDone:
    """Event: one part of a long text is summarized."""

    index: int
    count: int
    summary: str
    eta_s: float
    warning: str = ""  # see part_problem


@dataclass(frozen=True)
class FinalStarted:
    """Event: the text streamed from now on is the final summary."""

    rounds: int  # 0 for a single pass, else the number of map and combine rounds before it


@dataclass(frozen=True)
class TracedPoint:
    """A point of the summary and the passage of the source it most likely comes from (part None: not found)."""

    text: str
    part: int | None
    start: int = -1
    end: int = -1


@dataclass
class SummaryResult:
    summary: str
    points: list[TracedPoint]
    parts: list[Chunk]
    part_summaries: list[str]
    input_tokens: int
    rounds: int
    elapsed_s: float
    prompt_tokens: int = 0
    generated_tokens: int = 0
    speed: Throughput | None = field(default=None, repr=False)
    part_warnings: list[str] = field(default_factory=list)  # per part: what is certainly wrong with its summary

    @property
    def warnings(self) -> list[str]:
        """What the summary's own checks found: loops, points with no support in the text, parts left out."""
        found = [translate("CoreTools", "part {number}: {warning}").format(number=index + 1, warning=warning)
                 for index, warning in enumerate(self.part_warnings) if warning]
        repeated = repeated_lines(self.summary)
        if repeated:
            found.append(translate("CoreTools", "the summary repeats itself: “{line}”").format(
                line=_clip(repeated[0])))
        unsupported = [point.text for point in self.points if point.part is None]
        if unsupported:
            count = len(unsupported)  # a plain name: lupdate misses a call whose count is a call
            found.append(translate("CoreTools", "%n point(s) have no support in the text and may be made up, such as "
                                   "“{point}”", "", count).format(point=_clip(unsupported[0])))
        if len(self.parts) > 1 and self.points:
            used = {point.part for point in self.points}
            missing = [str(part.index + 1) for part in self.parts if part.index not in used]
            if missing:
                found.append(translate("CoreTools", "no point of the summary comes from part(s) {parts} (their "
                                       "summaries are under Parts)").format(parts=", ".join(missing)))
        return found

    def to_json(self) -> dict:
        return {
            "summary": self.summary,
            "input_tokens": self.input_tokens,
            "chunks": [{"index": p.index, "start": p.start, "end": p.end, "tokens": p.tokens,
                        "summary": s} for p, s in zip(self.parts, self.part_summaries)],
            "points": [asdict(point) for point in self.points],
            "rounds": self.rounds,
            "elapsed_s": round(self.elapsed_s, 3),
            "warnings": self.warnings,
        }


def _clip(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def part_problem(summary: str) -> str:
    """What is certainly wrong with one part's summary (empty: nothing)."""
    if not summary.strip():
        return translate("CoreTools", "the model wrote nothing for this part")
    repeated = repeated_lines(summary)
    return translate("CoreTools", "its summary repeats “{line}”").format(line=_clip(repeated[0])) if repeated else ""


def _answer_tokens(n_ctx: int, length: str) -> int:
    return min(SUMMARY_LENGTHS[length][2], n_ctx // 4)


def plan_summary(engine: Engine, text: str, options: SummaryOptions, speed: Throughput | None = None,
                 cancel: threading.Event | None = None) -> SummaryPlan:
    if not text.strip():
        raise ToolInputError(translate("CoreTools", "There is no text to summarize."))
    model = engine.model

    def count(piece: str) -> int:  # a server counts over HTTP: a long document must still stop on Cancel
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        return engine.count_tokens(piece)

    answer = _answer_tokens(model.n_ctx, options.length)
    input_tokens = count(text)
    whole = text_budget(engine, lambda t: summarize_whole(t, options.style, options.length), answer)
    if input_tokens <= whole:
        start = len(text) - len(text.lstrip())
        parts = [Chunk(0, start, start + len(text.strip()), text.strip(), input_tokens)]
    elif model.n_ctx < MIN_MAP_REDUCE_CTX:
        raise ContextOverflow(translate("CoreTools", "This text has {tokens:,} tokens; summarizing it in parts needs "
                                        "a context of at least {needed:,} tokens (the model has {n_ctx:,}).").format(
            tokens=input_tokens, needed=MIN_MAP_REDUCE_CTX, n_ctx=model.n_ctx))
    else:
        parts = split_text(text, text_budget(engine, lambda t: summarize_part(t, options.length), answer), count)
    speed = speed or Throughput.guess(model.file_size)
    overhead = 150  # instructions and template around each part
    expected_answer = answer * speed.answer_share
    prompt_tokens = input_tokens + len(parts) * overhead
    generated = expected_answer if len(parts) == 1 else (len(parts) + 1) * expected_answer
    if len(parts) > 1:
        prompt_tokens += len(parts) * (expected_answer + PART_LABEL_TOKENS) + overhead
    return SummaryPlan(input_tokens, model.n_ctx, parts, answer, speed.seconds(prompt_tokens, int(generated)),
                       engine.token_counts_exact)


def summarize(engine: Engine, text: str, options: SummaryOptions, cancel: threading.Event,
              on_text: TextCallback, on_event: Callable[[object], None] = lambda event: None,
              on_progress: Callable[[float, str], None] = lambda fraction, text: None,
              speed: Throughput | None = None) -> SummaryResult:
    """Summarize ``text``; the final summary streams through ``on_text``, parts are reported as events."""
    started = time.monotonic()
    plan = plan_summary(engine, text, options, speed, cancel)
    reached = 0.0

    def report(fraction: float, message: str) -> None:
        nonlocal reached  # the bar never goes back, whatever the number of parts and rounds
        reached = max(reached, fraction)
        on_progress(reached, message)

    report(0.0, plan.describe())
    result = SummaryResult("", [], plan.parts, [], plan.input_tokens, 0, 0.0)
    meter = SpeedMeter()

    def run(prompt, stream_to=None):
        stats = generate(engine, prompt, plan.answer_tokens, cancel, stream_to)
        result.prompt_tokens += stats.prompt_tokens_evaluated
        result.generated_tokens += stats.tokens
        meter.add(stats, plan.answer_tokens)
        if stream_to is None and engine.count_tokens(stats.text) > plan.answer_tokens:
            # Generated text can tokenize longer than it was generated (odd bytes, merges). An intermediate
            # summary is held to its allowance as the prompt counts it, so two of them always fit one prompt.
            return split_text(stats.text, plan.answer_tokens, engine.count_tokens)[0].text
        return stats.text

    if len(plan.parts) == 1:
        on_event(FinalStarted(0))
        result.summary = run(summarize_whole(plan.parts[0].text, options.style, options.length), on_text)
    else:
        count = len(plan.parts)
        for part in plan.parts:
            if cancel.is_set():
                raise Cancelled()
            report(part.index / (count + 1), translate("CoreTools", "Summarizing part {number} of {count}…").format(
                number=part.index + 1, count=count))
            result.part_summaries.append(run(summarize_part(part.text, options.length)))
            result.part_warnings.append(part_problem(result.part_summaries[-1]))
            per_part = (time.monotonic() - started) / (part.index + 1)
            eta = per_part * (count - part.index)  # the parts left, and about one more for combining
            on_event(PartDone(part.index, count, result.part_summaries[-1], eta, result.part_warnings[-1]))
            report((part.index + 1) / (count + 1),
                   translate("CoreTools", "Part {number} of {count} summarized · about {duration} left").format(
                       number=part.index + 1, count=count, duration=describe_duration(eta)))
        result.summary, result.rounds = _combine(engine, result.part_summaries, options, run, on_text, on_event,
                                                 report)
    result.points = trace_points(result.summary, options.style, text, plan.parts)
    result.speed = meter.throughput(speed or Throughput.guess(engine.model.file_size))
    result.elapsed_s = time.monotonic() - started
    report(1.0, translate("CoreTools", "Done in {duration}").format(duration=describe_duration(result.elapsed_s)))
    return result


def _combine(engine, summaries, options, run, on_text, on_event, on_progress) -> tuple[str, int]:
    """Combine part summaries, in groups that fit one prompt, until one prompt holds them all."""
    budget = text_budget(engine, lambda t: combine_summaries([t], options.style, options.length),
                         _answer_tokens(engine.model.n_ctx, options.length))
    rounds = 1
    while True:
        groups = _groups(engine, summaries, budget)
        if len(groups) == 1:
            on_event(FinalStarted(rounds))
            on_progress(0.99, translate("CoreTools", "Writing the summary…"))
            return run(combine_summaries(summaries, options.style, options.length), on_text), rounds
        if len(groups) == len(summaries):
            raise ContextOverflow(translate("CoreTools", "The part summaries are too long to combine in this context: "
                                            "reload the model with a longer context length, or choose a shorter "
                                            "summary."))
        on_progress(0.95, translate("CoreTools", "Combining {count} part summaries in {groups} groups…").format(
            count=len(summaries), groups=len(groups)))
        summaries = [run(combine_summaries(group, "key_points", options.length)) for group in groups]
        rounds += 1


def _groups(engine, summaries: list[str], budget: int) -> list[list[str]]:
    groups: list[list[str]] = [[]]
    used = 0
    for summary in summaries:
        tokens = engine.count_tokens(summary) + PART_LABEL_TOKENS
        if groups[-1] and used + tokens > budget:
            groups.append([])
            used = 0
        groups[-1].append(summary)
        used += tokens
    return groups


_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"\w{3,}")
_COMMON = frozenset("the and for that this with from are was were have has had not but its their they them "
                    "which who will would can could been also into about than then there these those such "
                    "more most other some part text summary document".split())


def split_points(summary: str, style: str) -> list[str]:
    """Key points are lines (bullet marks dropped); other styles are split into sentences."""
    if style == "key_points":
        return [_BULLET.sub("", line).strip() for line in summary.splitlines() if _BULLET.sub("", line).strip()]
    return [s.strip() for s in _SENTENCE_END.split(summary.strip()) if s.strip()]


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _COMMON}


def trace_points(summary: str, style: str, text: str, parts: list[Chunk]) -> list[TracedPoint]:
    """Find, for each point, the source sentence sharing the most informative words with it (rare words count
    more). A point that shares too few of its words with every sentence (fewer than two, or under 30 %) is reported
    as not found: a hint it may be made up."""
    spans = sentence_spans(text)
    words = [_words(text[start:end]) for start, end in spans]
    frequency: dict[str, int] = {}
    for found in words:
        for word in found:
            frequency[word] = frequency.get(word, 0) + 1
    traced = []
    for point in split_points(summary, style):
        wanted = _words(point)
        best, best_score = None, 0.0
        for index, found in enumerate(words):
            shared = wanted & found
            if len(shared) < min(2, len(wanted)) or len(shared) < 0.3 * len(wanted):
                continue  # a word or two in common is chance, not support
            score = sum(math.log(1 + len(spans) / frequency[w]) for w in shared)
            if score > best_score:
                best, best_score = index, score
        if best is None:
            traced.append(TracedPoint(point, None))
            continue
        start, end = spans[best]
        part = next((p.index for p in parts if p.start <= start < p.end), None)
        traced.append(TracedPoint(point, part, start, end))
    return traced
