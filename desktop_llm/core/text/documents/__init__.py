"""Turn a file the user opens or drops (txt, md, csv, html, pdf, docx), or pasted text, into plain text.

Every bad input ends in one ``DocumentError`` whose text is the sentence to show the user. Hostile files are
bounded rather than trusted: sizes are checked before reading (``limits``), a .docx's declared sizes before inflating
it (``docx``), and PDFs are read by pypdf in a child process with a memory cap and budgets of our own (``pdf``), so
a crafted file errors out instead of eating memory or stalling without a way to cancel.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path

from ...common.messages import translate
from . import limits
from .common import PASTED, Document, DocumentError, build, read_bytes, size_text, too_long
from .docx import read_docx
from .pdf import read_pdf
from .plain import decode_html, decode_text, html_to_text

_KINDS = {
    ".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf",
    ".docx": "docx", ".csv": "txt", ".tsv": "txt",
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_KINDS)
MAX_TEXT_CHARS = limits.MAX_TEXT_CHARS  # for callers that show the limit; the readers use limits.MAX_TEXT_CHARS


def read_document(path: str | Path, cancel: threading.Event | None = None,
                  on_progress: Callable[[float, str], None] | None = None) -> Document:
    """Read a supported file as text. ``cancel`` is checked between pages/blocks (raises ``Cancelled``);
    ``on_progress(fraction, text)`` is called after each PDF page.

    The kind comes from the extension when it is a known one, else from the content: LICENSE, README or a .log file
    is read as the plain text it is, and a binary file is refused with a message whatever its name.
    """
    path = Path(path)
    name = path.name
    data = read_bytes(path)
    kind = _KINDS.get(path.suffix.lower()) or _sniff(data, name)
    if kind == "pdf":
        return read_pdf(path, data, name, cancel, on_progress)
    if kind == "docx":
        return read_docx(data, name, cancel)
    if kind == "html":
        return build(html_to_text(decode_html(data, name), name, cancel), name, kind)
    if len(data) > 4 * limits.MAX_TEXT_CHARS:  # at most 4 bytes a character: over the limit whatever the encoding
        raise DocumentError(too_long(name, translate("CoreDocuments", "{size} of text").format(
            size=size_text(len(data)))))
    return build(decode_text(data, name), name, kind)


_HTML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<!doctype html|<html)", re.IGNORECASE)


def _sniff(data: bytes, name: str) -> str:
    """The kind of a file whose extension says nothing: by its first bytes; text if it decodes as text."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:64 * 1024]:
        return "docx"
    if _HTML_START.match(data[:1024]):
        return "html"
    try:
        decode_text(data[:64 * 1024], name)
    except DocumentError:
        suffix = Path(name).suffix or translate("CoreDocuments", "no extension")
        raise DocumentError(translate(
            "CoreDocuments", "{name} is not a document this app can read ({suffix}, binary content). Supported: "
            "plain text in any file (with or without an extension), and {suffixes}. Save it in one of these formats "
            "and try again.").format(name=name, suffix=suffix, suffixes=", ".join(SUPPORTED_SUFFIXES))) from None
    return "txt"


def documents_in(folder: str | Path, limit: int = limits.MAX_FOLDER_FILES) -> list[Path]:
    """The files of ``folder`` and its subfolders a reader may take: known suffixes, and files without one (a
    LICENSE, a README; their content decides); hidden files and folders are left out. Raises DocumentError when
    there are more than ``limit``."""
    found = []
    for path in sorted(Path(folder).rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if path.suffix.lower() in _KINDS or not path.suffix:
            found.append(path)
            if len(found) > limit:
                raise DocumentError(translate("CoreDocuments", "{name} holds more than {limit:,} documents: "
                                              "choose a smaller folder.").format(name=Path(folder).name,
                                                                                 limit=limit))
    return found


def document_from_text(text: str, source: str = PASTED) -> Document:
    """Pasted or piped text, with the same cleaning and limits as a file."""
    return build(text, source, "text")


__all__ = ["MAX_TEXT_CHARS", "PASTED", "SUPPORTED_SUFFIXES", "Document", "DocumentError", "document_from_text",
           "documents_in", "read_document"]


