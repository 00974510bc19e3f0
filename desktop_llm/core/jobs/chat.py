"""The chat reply as an engine job."""

from __future__ import annotations

from ..chat.history import ReplyResult, stream_reply
from ..common.settings import SamplingSettings
from .context import Job, JobContext
from .loading import AnyModelRequest, ensure_model


def chat_reply_job(conversation_id: int, sampling: SamplingSettings, request: AnyModelRequest | None = None) -> Job:
    """The reply to the conversation's last message, on the model ``request`` names (loaded first if a tool job
    loaded another one meanwhile); None: whichever model is loaded."""

    def run(ctx: JobContext) -> ReplyResult:
        ensure_model(ctx, request)
        return ctx.drain(stream_reply(ctx.engine, ctx.store, conversation_id, sampling, ctx.cancel))

    return run
