"""``desktop-llm summarize | translate | sentiment``: the text tools headless, over the same core as the panes."""

from __future__ import annotations

import json
import sys
import threading

from .common import EXIT_OK, BadInput, open_engine, user_errors, write_now


def _read_input(argument: str) -> tuple[str, str]:
    """(text, suffix) of a document file, or of stdin for ``-``; an unreadable file is bad input (exit 2)."""
    from ..core.text.documents import DocumentError, document_from_text, read_document

    try:
        if argument == "-":
            return document_from_text(sys.stdin.read(), "standard input").text, ""
        document = read_document(argument)
    except DocumentError as exc:
        raise BadInput(str(exc)) from None
    for warning in document.warnings:
        print(f"desktop-llm: note: {warning}", file=sys.stderr)
    return document.text, argument.rsplit(".", 1)[-1].lower()


def _progress(fraction: float, text: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r\033[K{fraction:4.0%} {text}")
        sys.stderr.flush()


def run_tool(args) -> int:
    text, suffix = _read_input(args.file)
    with user_errors():
        items = _sentiment_items(text, suffix, args.column) if args.command == "sentiment" else None
        engine = open_engine(args)
        try:
            result = _run(args, engine, text, items)
        finally:
            engine.close()
            _progress(1.0, "")
    for warning in getattr(result, "warnings", ()):  # the tool's own check of its output
        print(f"desktop-llm: warning: {warning}", file=sys.stderr)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
    elif args.command == "sentiment":
        sys.stdout.write(result.to_csv())
    else:
        sys.stdout.write("\n")
    return EXIT_OK


def _run(args, engine, text: str, items: list[str] | None):
    cancel = threading.Event()
    stream = (lambda piece: None) if args.json else write_now
    if args.command == "summarize":
        from ..core.tools.summarize import SummaryOptions, summarize

        return summarize(engine, text, SummaryOptions(args.style, args.length), cancel, stream,
                         on_progress=_progress)
    if args.command == "translate":
        from ..core.tools.translate import SegmentStarted, TranslateOptions, translate

        def paragraph_breaks(event) -> None:
            if isinstance(event, SegmentStarted) and event.index:
                stream("\n\n")

        return translate(engine, text, TranslateOptions(args.to, args.source, args.tone), cancel, stream,
                         paragraph_breaks, _progress)
    from ..core.tools.sentiment import classify

    return classify(engine, items, cancel, on_progress=_progress)


def _sentiment_items(text: str, suffix: str, column: str | None) -> list[str]:
    from ..core.tools.sentiment import items_from_lines, items_from_table, table_columns

    table = table_columns(text) if (column or suffix in ("csv", "tsv")) else None
    if column is None:
        if table is not None:
            raise BadInput(f"this is a table: choose the column of texts with --column (one of: "
                           f"{', '.join(table[0])})")
        return items_from_lines(text)
    if table is None:
        raise BadInput("--column needs a CSV or TSV file with a header row")
    items, skipped = items_from_table(text, column, table[1])
    if skipped:
        print(f"desktop-llm: note: {skipped} row(s) with an empty {column!r} were skipped", file=sys.stderr)
    return items
