"""``desktop-llm ask``: a question about documents, answered with citations, over the same core as the Chat pane.

The documents are indexed in a throw-away history database (the app's own history is not touched), then the
question goes through the same reply as in the app: whole documents when they fit, retrieved passages otherwise.
"""

from __future__ import annotations

import json
import sys
import tempfile
import threading
from pathlib import Path

from .common import EXIT_OK, BadInput, open_embedder, open_engine, read_text, user_errors, write_now


def run_ask(args) -> int:
    from ..core.chat.attachments import DocumentIndex
    from ..core.chat.history import check_message, stream_reply
    from ..core.chat.store import ConversationStore
    from ..core.common.settings import SamplingSettings
    from ..core.engines.base import run_stream
    from ..core.text.documents import DocumentError

    question = read_text(args.question)
    check_message(question)
    if args.max_tokens < 1:
        raise BadInput("--max-tokens must be ≥ 1")
    with tempfile.TemporaryDirectory(prefix="desktop-llm-ask-") as folder:
        store = ConversationStore(Path(folder) / "ask.db")
        index = DocumentIndex(store)
        conversation = store.create_conversation("ask")
        for path in args.doc:
            try:
                index.attach(conversation.id, path)
            except DocumentError as exc:
                print(f"desktop-llm: skipped {path}: {exc}", file=sys.stderr)
        while (done := index.index_next(threading.Event(), _progress)) is not None:
            if done.status == "failed":
                print(f"desktop-llm: skipped {done.name}: {done.problem}", file=sys.stderr)
        _progress(1.0, "")
        if not any(d.status == "ready" for d in index.attached(conversation.id)):
            raise BadInput("none of the documents could be read")
        store.add_message(conversation.id, "user", question)
        with user_errors():
            embedder = open_embedder(args.embedding_model, args.threads) if args.embedding_model else None
            engine = open_engine(args)
            try:
                if embedder is not None:
                    index.embed_pending(embedder, threading.Event(), _progress)
                    _progress(1.0, "")
                sampling = SamplingSettings(temperature=args.temperature, max_tokens=args.max_tokens)
                reply = run_stream(stream_reply(engine, store, conversation.id, sampling, threading.Event(),
                                                embedder), (lambda piece: None) if args.json else write_now)
            finally:
                engine.close()
                if embedder is not None:
                    embedder.close()
        store.close()
    if args.json:
        print(json.dumps({"answer": reply.stats.text.strip(), "mode": reply.grounding.mode,
                          "read": reply.grounding.describe(),
                          "citations": [{key: c[key] for key in ("n", "file", "page", "heading", "text", "cited")}
                                        for c in reply.citations]}, ensure_ascii=False))
    else:
        sys.stdout.write("\n\n" + "\n".join(f"[{c['n']}] {_place(c)}" for c in reply.citations) + "\n")
        print(f"desktop-llm: {reply.grounding.describe()}", file=sys.stderr)
    return EXIT_OK


def _place(citation: dict) -> str:
    from ..core.chat.store import citation_place

    return citation_place(citation)


def _progress(fraction: float, text: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r\033[K{fraction:4.0%} {text}" if text else "\r\033[K")
        sys.stderr.flush()
