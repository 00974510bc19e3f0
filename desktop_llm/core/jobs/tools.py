"""The text tools as engine jobs: each makes sure the tool's model is loaded, then runs with progress and events."""

from __future__ import annotations

from pathlib import Path

from ..tools import Throughput
from ..tools.sentiment import SentimentResult, classify
from ..tools.summarize import SummaryOptions, SummaryPlan, SummaryResult, plan_summary, summarize
from ..tools.translate import (
    Segment,
    TranslateOptions,
    TranslationResult,
    check_segment,
    plan_segments,
    translate,
    translate_segment,
)
from .context import Job, JobContext
from .loading import AnyModelRequest, ensure_model


def summary_plan_job(text: str, options: SummaryOptions, model_path: str | None, speed: Throughput | None) -> Job:
    """The preflight line, with the real tokenizer and ``speed`` as measured here (None: guessed); None when
    ``model_path`` is not the loaded model (the plan would need a load the user has not asked for yet)."""

    def run(ctx: JobContext) -> SummaryPlan | None:
        model = ctx.engine.model
        if model is None or (model_path and Path(model.path) != Path(model_path)):
            return None
        return plan_summary(ctx.engine, text, options, speed, ctx.cancel)

    return run


def summarize_job(text: str, options: SummaryOptions, request: AnyModelRequest | None,
                  speed: Throughput | None = None) -> Job:
    def run(ctx: JobContext) -> SummaryResult:
        ensure_model(ctx, request)
        return summarize(ctx.engine, text, options, ctx.cancel, ctx.emit_text, ctx.emit_event, ctx.on_progress,
                         speed)

    return run


def translate_job(text: str, options: TranslateOptions, request: AnyModelRequest | None,
                  speed: Throughput | None = None) -> Job:
    def run(ctx: JobContext) -> TranslationResult:
        ensure_model(ctx, request)
        return translate(ctx.engine, text, options, ctx.cancel, ctx.emit_text, ctx.emit_event, ctx.on_progress,
                         speed)

    return run


def retranslate_job(paragraph: str, options: TranslateOptions, request: AnyModelRequest | None) -> Job:
    """Another wording for one paragraph (sampled, not greedy); returns the segment with its translation checked."""

    def run(ctx: JobContext) -> Segment:
        ensure_model(ctx, request)
        segment = plan_segments(ctx.engine, paragraph, options)[0]
        segment.translation = translate_segment(ctx.engine, segment, options, ctx.cancel, ctx.emit_text, again=True)
        segment.warning = check_segment(segment, options)
        return segment

    return run


def sentiment_job(texts: list[str], request: AnyModelRequest | None) -> Job:
    def run(ctx: JobContext) -> SentimentResult:
        ensure_model(ctx, request)
        return classify(ctx.engine, texts, ctx.cancel, ctx.emit_event, ctx.on_progress)

    return run
