"""A chat turn from stored history to stored reply: context budgeting and saving the reply as it streams."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generator, Sequence

from ..common.errors import UserError
from ..common.messages import to_data, translate
from ..common.settings import SamplingSettings
from ..engines.base import ContextOverflow, Engine, GenerationStats, ModelInfo
from .attachments import DocumentIndex, Embedder
from .grounding import Grounding, ground, grounded_messages
from .store import ConversationStore, Message

SAVE_EVERY_S = 0.5  # how often a streaming reply is written to disk (each write is one transaction)
MAX_MESSAGE_CHARS = 200_000  # ~50k tokens: more than any chat context; longer texts belong in the text tools


class MessageTooLong(UserError, ValueError):
    """A message far longer than any context window (a 20 MB paste): refused before it is stored or shown."""


def check_message(text: str) -> None:
    if len(text) > MAX_MESSAGE_CHARS:
        raise MessageTooLong(translate(
            "CoreChat", "This message is {chars:,} characters; a chat message can have up to {limit:,} (about 50,000 "
            "tokens, more than the model can read at once). Shorten it; your text is still in the box.").format(
            chars=len(text), limit=MAX_MESSAGE_CHARS))


@dataclass(frozen=True)
class ReplyResult:
    message_id: int
    stats: GenerationStats
    dropped_messages: int  # oldest messages left out so the conversation fits the context
    grounding: Grounding | None = None  # what it read of the attached documents
    citations: list = field(default_factory=list)  # the passages kept with the reply


class NothingToReplyTo(UserError):
    """The conversation has no message of the user's at its end."""


def repair(messages: Sequence[dict]) -> list[dict]:
    """Messages in a shape every chat template accepts: one system message first (if any), then user/assistant/…
    alternating, starting with a user message.

    Strict templates (Gemma 3, Mistral) refuse anything else, and a conversation can break that: a reply stopped
    before its first token or failed has no text, a failed send can leave two user messages in a row, a script may
    send several system messages. So empty messages are left out, system messages are joined into one at the start,
    consecutive messages of one role are joined into one, and replies before the first user message are dropped.
    """
    system = "\n\n".join(str(m.get("content") or "").strip() for m in messages
                          if m.get("role") == "system" and str(m.get("content") or "").strip())
    repaired: list[dict] = []
    for message in messages:
        role, content = message.get("role"), str(message.get("content") or "").strip()
        if role not in ("user", "assistant") or not content:
            continue
        if repaired and repaired[-1]["role"] == role:
            repaired[-1]["content"] += "\n\n" + content
        elif repaired or role == "user":
            repaired.append({"role": role, "content": content})
    return ([{"role": "system", "content": system}] if system else []) + repaired


def conversation_messages(system_prompt: str, history: Sequence[Message]) -> list[dict]:
    """What the model sees of a stored conversation (see :func:`repair`)."""
    return repair([{"role": "system", "content": system_prompt},
                   *({"role": m.role, "content": m.content} for m in history)])


def _turns(messages: list[dict]) -> list[list[dict]]:
    """User messages with the replies that follow them: the unit the context drops, so roles stay alternating."""
    turns: list[list[dict]] = []
    for message in messages:
        if message["role"] == "user" or not turns:
            turns.append([])
        turns[-1].append(message)
    return turns


def reply_room(n_ctx: int, max_tokens: int) -> int:
    """Tokens kept free for the reply when a conversation is trimmed: its limit, up to a quarter of the context."""
    return min(max_tokens, max(64, n_ctx // 4))


def fit_to_context(engine: Engine, messages: list[dict], reply_room: int) -> tuple[list[dict], int]:
    """Drop the oldest turns (a user message and its reply, never the system prompt or the last turn) until the
    prompt plus ``reply_room`` tokens fit the model's context. Returns the messages kept and how many were dropped."""
    n_ctx = engine.model.n_ctx
    system = messages[:1] if messages and messages[0]["role"] == "system" else []
    turns = _turns(messages[len(system):])
    dropped = 0
    while True:
        candidate = system + [m for turn in turns for m in turn]
        needed = engine.count_chat_tokens(candidate)
        if needed + reply_room <= n_ctx:
            return candidate, dropped
        if len(turns) <= 1:
            raise ContextOverflow(translate(
                "CoreChat", "your message needs {needed:,} tokens but the context holds {context:,} (with {room:,} "
                "kept for the reply): shorten it or raise the context length").format(
                needed=needed, context=n_ctx, room=reply_room))
        dropped += len(turns.pop(0))


def stream_reply(engine: Engine, store: ConversationStore, conversation_id: int, sampling: SamplingSettings,
                 cancel: threading.Event, embedder: Embedder | None = None) -> Generator[str, None, ReplyResult]:
    """Generate the assistant's reply to the conversation's last user message, saving it as it grows (passages of
    attached documents found by ``embedder``'s vectors too, when given).

    The reply row exists from the first moment (status ``streaming``); a crash leaves what was written so far.
    A stop keeps the partial reply as ``stopped``; an error keeps it as ``failed``.
    """
    conversation = store.conversation(conversation_id)
    messages = conversation_messages(conversation.system_prompt, store.messages(conversation_id))
    if not messages or messages[-1]["role"] != "user":
        raise NothingToReplyTo(translate("CoreChat", "There is no message of yours to reply to: type one first."))
    n_ctx = engine.model.n_ctx
    room = reply_room(n_ctx, sampling.max_tokens)
    index = DocumentIndex(store)
    attached = bool(index.attached(conversation_id))
    # With documents attached, old turns give way to them first: a third of the context is kept for passages.
    messages, dropped = fit_to_context(engine, messages, room + (n_ctx // 3 if attached else 0))
    grounding = None
    if attached:
        left = n_ctx - engine.count_chat_tokens(messages) - room
        grounding = ground(engine, index, conversation_id, messages[-1]["content"], left, embedder)
        messages = grounded_messages(messages, grounding)
    reply = store.add_message(conversation_id, "assistant", "", status="streaming")
    pieces: list[str] = []
    saved_at = time.monotonic()
    stream = engine.stream_chat(messages, sampling, cancel)
    try:
        while True:
            try:
                piece = next(stream)
            except StopIteration as done:
                stats = done.value
                break
            pieces.append(piece)
            yield piece
            if time.monotonic() - saved_at >= SAVE_EVERY_S:
                store.update_message(reply.id, "".join(pieces))
                saved_at = time.monotonic()
    except BaseException:
        store.update_message(reply.id, "".join(pieces), status="failed")
        raise
    status = "stopped" if stats.finish_reason == "cancelled" else "complete"
    text = stats.text.strip() if status == "complete" else "".join(pieces)
    summary = _stats_summary(stats, dropped, engine.model)
    citations = grounding.citations(text) if grounding else []
    if grounding:
        read = grounding.describe()  # English for exports; the message, for the window's language
        summary["documents"] = {"mode": grounding.mode, "read": str(read), "read_message": to_data(read)}
    store.update_message(reply.id, text, status=status, stats=summary, citations=citations)
    return ReplyResult(reply.id, stats, dropped, grounding, citations)


def _stats_summary(stats: GenerationStats, dropped: int, model: ModelInfo) -> dict:
    """Kept with the reply: how it was made, and by which model (a chat can switch models between replies)."""
    return {
        "model": model.name,
        "model_file": f"{model.path} ({model.model_id})" if model.remote else Path(model.path).name,
        "tokens": stats.tokens,
        "prompt_tokens": stats.prompt_tokens,
        "ttft_s": round(stats.ttft_s, 3),
        "tokens_per_second": round(stats.tokens_per_second, 2),
        "finish_reason": stats.finish_reason,
        "dropped_messages": dropped,
    }


_MARKS = (
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [text](url) and images: the text
    (re.compile(r"^(?:#{1,6}|>|[-*+]|\d+[.)])\s+"), ""),  # a heading, quote or list mark
    (re.compile(r"(\*{1,3}|_{2,3}|`+|~~)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # **bold**, `code`, ~~struck~~
)


def title_from(text: str, limit: int = 48) -> str:
    """A conversation title from its first message: the first line without its Markdown marks (a title is plain
    text), cut at a word boundary."""
    line = " ".join(text.strip().split("\n", 1)[0].split())
    for pattern, replacement in _MARKS:
        line = pattern.sub(replacement, line).strip()
    if len(line) <= limit:
        return line or "New chat"
    return line[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"
