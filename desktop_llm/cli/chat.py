"""``desktop-llm chat``: one message (or a whole conversation) in, the reply streamed out."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

from .common import EXIT_OK, BadInput, open_engine, read_text, user_errors, write_now

ROLES = ("system", "user", "assistant")


def run_chat(args) -> int:
    from ..core.chat.history import fit_to_context, repair, reply_room
    from ..core.common.settings import SamplingSettings
    from ..core.engines.base import run_stream

    if args.max_tokens < 1:
        raise BadInput("--max-tokens must be ≥ 1")
    if args.messages and args.prompt:
        raise BadInput("give either PROMPT or --messages FILE, not both")
    messages = read_messages(args.messages) if args.messages else [{"role": "user", "content": read_text(args.prompt
                                                                                                         or "")}]
    messages = repair(([{"role": "system", "content": args.system}] if args.system else []) + messages)
    if not messages or messages[-1]["role"] != "user":
        raise BadInput("the conversation must end with a message from the user")
    with user_errors():
        engine = open_engine(args)
        try:
            kept, dropped = fit_to_context(engine, messages, reply_room(engine.model.n_ctx, args.max_tokens))
            sampling = SamplingSettings(temperature=args.temperature, max_tokens=args.max_tokens)
            stats = run_stream(engine.stream_chat(kept, sampling, threading.Event()),
                               (lambda piece: None) if args.json else write_now)
            model = engine.model.name
        finally:
            engine.close()
    if dropped and not args.json:
        print(f"desktop-llm: note: the conversation is longer than the context: its oldest {dropped} message(s) were "
              "left out", file=sys.stderr)
    if args.json:
        print(json.dumps({"text": stats.text, "tokens": stats.tokens,
                          "tokens_per_second": round(stats.tokens_per_second, 3), "ttft_s": round(stats.ttft_s, 4),
                          "finish_reason": stats.finish_reason, "model": model, "dropped_messages": dropped},
                         ensure_ascii=False))
    else:
        sys.stdout.write("\n")
    return EXIT_OK


def read_messages(argument: str) -> list[dict]:
    """An OpenAI-style messages array from a file or stdin; content may be a string or a list of text parts."""
    where = "standard input" if argument == "-" else argument
    try:
        text = sys.stdin.read() if argument == "-" else Path(argument).read_text(encoding="utf-8")
        data = json.loads(text)
    except OSError as exc:
        raise BadInput(f"cannot read {where}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadInput(f"{where} is not JSON ({exc}): give an array of {{\"role\", \"content\"}} objects") from None
    if not isinstance(data, list) or not data:
        raise BadInput(f"{where} must hold a non-empty JSON array of {{\"role\", \"content\"}} objects")
    messages = []
    for number, item in enumerate(data, 1):
        if not isinstance(item, dict) or item.get("role") not in ROLES:
            raise BadInput(f"message {number} of {where} needs a \"role\" of {', '.join(ROLES)}")
        content = item.get("content")
        if isinstance(content, list):  # OpenAI's content parts: the text ones are read
            content = "".join(part.get("text", "") for part in content
                              if isinstance(part, dict) and part.get("type") == "text" and isinstance(part.get("text"),
                                                                                                       str))
        if not isinstance(content, str):
            raise BadInput(f"message {number} of {where} needs a text \"content\"")
        messages.append({"role": item["role"], "content": content})
    return messages
