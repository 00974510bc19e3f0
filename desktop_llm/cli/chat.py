"""``desktop-llm chat``: one message (or a whole conversation) in, the reply streamed out."""

from __future__ import annotations

import json
import sys
import threading

from .common import EXIT_OK, BadInput, open_engine, read_text, user_errors, write_now


def run_chat(args) -> int:
    from ..core.common.settings import SamplingSettings
    from ..core.engines.base import run_stream

    if args.max_tokens < 1:
        raise BadInput("--max-tokens must be ≥ 1")
    prompt = read_text(args.prompt)
    with user_errors():
        engine = open_engine(args)
        try:
            messages = ([{"role": "system", "content": args.system}] if args.system else []) + [
                {"role": "user", "content": prompt}]
            sampling = SamplingSettings(temperature=args.temperature, max_tokens=args.max_tokens)
            stats = run_stream(engine.stream_chat(messages, sampling, threading.Event()),
                               (lambda piece: None) if args.json else write_now)
        finally:
            engine.unload()
    if args.json:
        print(json.dumps({"text": stats.text, "tokens": stats.tokens,
                          "tokens_per_second": round(stats.tokens_per_second, 3), "ttft_s": round(stats.ttft_s, 4)}))
    else:
        sys.stdout.write("\n")
    return EXIT_OK
