"""The chat reply as an engine job."""

from __future__ import annotations

import time

from ..chat.attachments import DocumentIndex
from ..chat.history import ReplyResult, stream_reply
from ..common.errors import Cancelled
from ..common.messages import translate
from ..common.settings import SamplingSettings
from .context import Job, JobContext
from .loading import AnyModelRequest, ensure_model

WAIT_POLL_S = 0.2


def chat_reply_job(conversation_id: int, sampling: SamplingSettings, request: AnyModelRequest | None = None) -> Job:
    """The reply to the conversation's last message, on the model ``request`` names (loaded first if a tool job
    loaded another one meanwhile); None: whichever model is loaded. Documents attached to the conversation and
    still being read are waited for (the reply says so), so a question asked right after attaching uses them."""

    def run(ctx: JobContext) -> ReplyResult:
        wait_for_documents(ctx, conversation_id)
        ensure_model(ctx, request)
        return ctx.drain(stream_reply(ctx.engine, ctx.store, conversation_id, sampling, ctx.cancel, ctx.embedder))

    return run


def wait_for_documents(ctx: JobContext, conversation_id: int) -> None:
    index = DocumentIndex(ctx.store)
    while pending := index.pending(conversation_id):
        if ctx.cancel.is_set():
            raise Cancelled()
        count = len(pending)  # a plain name: pyside6-lupdate extracts a plural only when its count is one
        names = ", ".join(d.name for d in pending[:3]) + ("…" if count > 3 else "")
        ctx.on_progress(0.0, translate("CoreEngine", "Waiting for %n document(s) to be read: {names}", "",
                                       count).format(names=names))
        time.sleep(WAIT_POLL_S)
