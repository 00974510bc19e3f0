"""The chat reply as an engine job."""

from __future__ import annotations

from ..chat.history import ReplyResult, stream_reply
from ..common.settings import SamplingSettings
from .context import Job, JobContext


def chat_reply_job(conversation_id: int, sampling: SamplingSettings) -> Job:
    def run(ctx: JobContext) -> ReplyResult:
        return ctx.drain(stream_reply(ctx.engine, ctx.store, conversation_id, sampling, ctx.cancel))

    return run
