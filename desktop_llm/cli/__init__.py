"""Command line: no subcommand opens the app; subcommands run the same core jobs headless.

Exit codes: 0 success, 2 bad usage or bad input (one line on stderr saying what to do), 1 any other failure.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .. import __version__
from .common import EXIT_BAD_INPUT, EXIT_FAILURE, BadInput, Failure


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

    chat = commands.add_parser("chat", parents=[engine], help="send a message (or a whole conversation) and stream "
                               "the reply to stdout")
    chat.add_argument("--system", default="", metavar="S", help="system prompt")
    chat.add_argument("--messages", metavar="FILE|-", help='a whole conversation instead of PROMPT: a JSON array of '
                      '{"role": "system"|"user"|"assistant", "content": "..."} ending with the user\'s message '
                      "(OpenAI's format); trimmed to the context like the app's Chat pane")
    chat.add_argument("--max-tokens", type=int, default=512, metavar="N")
    chat.add_argument("--temperature", type=float, default=0.7, metavar="T")
    chat.add_argument("--json", action="store_true", help='print one JSON object: {"text", "tokens", '
                      '"tokens_per_second", "ttft_s", "finish_reason", "model", "dropped_messages"}')
    chat.add_argument("prompt", nargs="?", metavar="PROMPT|-", help="the message, or - to read it from stdin")

    ask = commands.add_parser("ask", parents=[engine], help="answer a question from documents, with citations")
    ask.add_argument("--doc", action="append", required=True, metavar="FILE", help="a document to read (txt, md, "
                     "html, pdf, docx or plain text); repeat for several")
    ask.add_argument("--embedding-model", type=Path, metavar="FILE", help="an embedding .gguf (e.g. the catalog's "
                     "BGE-M3): passages are ranked by meaning as well as by words")
    ask.add_argument("--max-tokens", type=int, default=512, metavar="N")
    ask.add_argument("--temperature", type=float, default=0.2, metavar="T")
    ask.add_argument("--json", action="store_true", help='print one JSON object: {"answer", "citations": [{"file", '
                     '"page", "text", …}], "mode": "whole"|"retrieved"}, citations in ranked order')
    ask.add_argument("question", metavar="QUESTION|-", help="the question, or - to read it from stdin")

    from ..core.text.prompts import AUTO_LANGUAGE, LANGUAGES, SUMMARY_LENGTHS, SUMMARY_STYLES, TONES

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
    suggest = actions.add_parser("recommend", parents=[common], help="the best catalog model for this machine")
    suggest.add_argument("--use", choices=("chat", "summarize", "translate", "sentiment"), default="chat")
    suggest.add_argument("--language", metavar="CODE", help="the language you write in (default: the system's)")
    suggest.add_argument("--json", action="store_true", help='print {"id", "name", "size", "reason", '
                         '"tokens_per_second"}')
    from .serve import add_parser as add_serve

    add_serve(commands, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    from ..core.engines.host import HOST_COMMAND
    from ..core.engines.probe import probe_model
    from ..core.models.modelcheck import PROBE_COMMAND
    from ..core.text.documents.pdf import READ_PDF_COMMAND, read_pdf_child

    argv = sys.argv[1:] if argv is None else argv
    if len(argv) == 2 and argv[0] == PROBE_COMMAND:  # internal: the child process of a model check
        return probe_model(argv[1])
    if len(argv) == 3 and argv[0] == READ_PDF_COMMAND:  # internal: the child process that reads a PDF
        return read_pdf_child(argv[1], argv[2])
    if len(argv) in (2, 3) and argv[0] == HOST_COMMAND:  # internal: the process llama.cpp runs in
        from ..core.engines.host import serve

        return serve(*argv[1:])
    args = build_parser().parse_args(argv)
    if args.command is None:
        from ..ui.app import run_gui

        return run_gui(sys.argv[:1])
    try:
        if args.command == "models":
            from .models import run_models

            return run_models(args)
        if args.command == "serve":
            from .serve import run_serve

            return run_serve(args)
        if args.command == "ask":
            from .ask import run_ask

            return run_ask(args)
        if args.command in ("summarize", "translate", "sentiment"):
            from .tools import run_tool

            return run_tool(args)
        from .chat import run_chat

        return run_chat(args)
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
