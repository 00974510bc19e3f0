"""``desktop-llm serve``: the local OpenAI-compatible server, headless, until Ctrl+C."""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

from .common import EXIT_OK, BadInput, open_embedder, open_engine, user_errors

LOOPBACK = "127.0.0.1"  # the server's default address (parsing the command line must not import the server)


def add_parser(commands, common):
    """The ``serve`` subcommand; ``common`` is the parent parser of the options every command takes (--catalog).

    Its engine options are the local ones of the other commands (a server serves a local model: no --endpoint), and
    --api-key-env names the key clients must send, not one sent to a server."""
    from ..core.common.settings import ServerSettings

    serve = commands.add_parser("serve", parents=[common], help="let other programs use a model through OpenAI's "
                                "API (/v1: models, chat/completions, completions, embeddings) until Ctrl+C")
    serve.add_argument("--model", required=True, metavar="ID|PATH", help="catalog id or path of a .gguf file")
    serve.add_argument("--host", default=LOOPBACK, help="the address to listen on (default: %(default)s, this "
                       "computer only; any other needs --api-key-env)")
    serve.add_argument("--port", type=int, default=ServerSettings.port, help="default: %(default)s; 0 picks a free one")
    serve.add_argument("--api-key-env", metavar="NAME", help="clients must send the API key held in this "
                       "environment variable (as 'Authorization: Bearer KEY')")
    serve.add_argument("--cors", action="store_true", help="let web pages in a browser call the server")
    serve.add_argument("--threads", type=int, default=0, metavar="N", help="CPU threads (default: automatic)")
    serve.add_argument("--ctx", type=int, default=4096, metavar="N", help="context length in tokens")
    serve.add_argument("--gpu-layers", type=int, default=0, metavar="N", help="layers to offload to the GPU")
    serve.add_argument("--embedding-model", type=Path, metavar="FILE", help="an embedding .gguf (e.g. the catalog's "
                       "BGE-M3) that answers /v1/embeddings")
    serve.set_defaults(endpoint=None)  # what open_engine reads: a local model
    return serve


def run_serve(args) -> int:
    from ..core.server.api import model_id
    from ..core.server.runner import SerialRunner
    from ..core.server.server import LocalServer, is_loopback

    key = None
    if args.api_key_env:
        key = os.environ.get(args.api_key_env)
        if not key:
            raise BadInput(f"the environment variable {args.api_key_env} is not set (or empty)")
    elif not is_loopback(args.host):
        raise BadInput(f"listening on {args.host} lets other computers use the model: give an API key with "
                       "--api-key-env NAME, or leave --host at 127.0.0.1")
    if not 0 <= args.port <= 65535:
        raise BadInput("--port must be from 0 to 65535")
    with user_errors():
        embedder = open_embedder(args.embedding_model, args.threads) if args.embedding_model else None
        if embedder is not None:
            try:
                embedder.count_tokens(["ready?"])  # loads it now: a file that cannot serve fails before the server runs
            except BaseException:
                embedder.close()
                raise
        engine = open_engine(args)
        runner = SerialRunner(engine)
        try:
            server = LocalServer(runner, lambda: engine.model, args.host, args.port, key, args.cors,
                                 embedder=lambda: embedder)
            server.start()
            print(f"Serving {engine.model.name} as '{model_id(engine.model)}' at {server.base_url} (Ctrl+C stops)",
                  file=sys.stderr, flush=True)
            _wait_for_stop()
            server.stop()
        finally:
            runner.close()
            engine.close()
            if embedder is not None:
                embedder.close()
    counts = server.counts()
    print(f"Stopped: {counts.served} requests served, {counts.errors} errors, {counts.dropped} clients left early.",
          file=sys.stderr)
    return EXIT_OK


def _wait_for_stop() -> None:
    """Until Ctrl+C or SIGTERM (a service manager's stop)."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda number, frame: stop.set())
    try:
        while not stop.wait(0.5):  # a timed wait: Ctrl+C interrupts it on every platform
            pass
    except KeyboardInterrupt:
        pass
