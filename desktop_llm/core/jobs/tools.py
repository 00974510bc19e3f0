"""The text tools as engine jobs: each makes sure the tool's model is loaded, then runs with progress and events."""

from __future__ import annotations

from pathlib import Path

from ..tools import Throughput
from ..tools.sentiment import SentimentResult, classify
from ..tools.summarize import SummaryOptions, SummaryPlan, SummaryResult, plan_summary, summarize
from ..tools.translate import TranslateOptions, TranslationResult, plan_segments, translate, translate_segment
from .context import Job, JobContext
from .loading import AnyModelRequest, ensure_model


def _speed(ctx: JobContext) -> Throughput | None:
    return ctx.speeds.get(ctx.engine.model.path) if ctx.engine.model else None


def summary_plan_job(text: str, options: SummaryOptions, model_path: str | None) -> Job:
    """The preflight line, with the real tokenizer; None when ``model_path`` is not the loaded model (the plan
    would need a load the user has not asked for yet)."""

    def run(ctx: JobContext) -> SummaryPlan | None:
        model = ctx.engine.model
        if model is None or (model_path and Path(model.path) != Path(model_path)):
            return None
        return plan_summary(ctx.engine, text, options, _speed(ctx), ctx.cancel)

    return run


def summarize_job(text: str, options: SummaryOptions, request: AnyModelRequest | None) -> Job:
    def run(ctx: JobContext) -> SummaryResult:
        ensure_model(ctx, request)
        result = summarize(ctx.engine, text, options, ctx.cancel, ctx.emit_text, ctx.emit_event, ctx.on_progress,
                           _speed(ctx))
        if result.speed:
            ctx.speeds[ctx.engine.model.path] = result.speed
        return result

    return run


def translate_job(text: str, options: TranslateOptions, request: AnyModelRequest | None) -> Job:
    def run(ctx: JobContext) -> TranslationResult:
        ensure_model(ctx, request)
        return translate(ctx.engine, text, options, ctx.cancel, ctx.emit_text, ctx.emit_event, ctx.on_progress)

    return run


def retranslate_job(paragraph: str, options: TranslateOptions, request: AnyModelRequest | None) -> Job:
    """Another wording for one paragraph (sampled, not greedy); returns the new translation."""

    def run(ctx: JobContext) -> str:
        ensure_model(ctx, request)
        segment = plan_segments(ctx.engine, paragraph, options)[0]
        return translate_segment(ctx.engine, segment, options, ctx.cancel, ctx.emit_text, again=True)

    return run


def sentiment_job(texts: list[str], request: AnyModelRequest | None) -> Job:
    def run(ctx: JobContext) -> SentimentResult:
        ensure_model(ctx, request)
        return classify(ctx.engine, texts, ctx.cancel, ctx.emit_event, ctx.on_progress)

    return run
