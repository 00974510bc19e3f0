"""Turn a file the user opens or drops (txt, md, csv, html, pdf, docx), or pasted text, into plain text.

Every bad input ends in one ``DocumentError`` whose text is the sentence to show the user. Hostile files are
bounded rather than trusted: sizes are checked before reading, a .docx's declared sizes before inflating it, and
PDF text extraction runs under tighter pypdf limits plus budgets of our own (see ``_PdfGuard``), so a crafted
file errors out instead of eating memory or stalling without a way to cancel.
"""

from __future__ import annotations

import codecs
import re
import stat
import threading
import zipfile
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, fields
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

from ..common.errors import Cancelled, UserError

_KINDS = {
    ".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf",
    ".docx": "docx", ".csv": "txt", ".tsv": "txt",
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_KINDS)

MB = 1024 * 1024
# Far above any text document; bigger PDFs are scans (no text layer) and bigger text is over MAX_TEXT_CHARS.
MAX_FILE_BYTES = 100 * MB
# About 500,000 tokens: more than any local model's context, and the chunked tools would take hours on it.
MAX_TEXT_CHARS = 2_000_000
# A .docx is a zip: refuse one whose declared unpacked size is absurd before python-docx inflates it.
MAX_DOCX_UNPACKED_BYTES = 200 * MB
# python-docx parses every XML part up front, at several bytes of memory per byte; 2M characters of text take
# a fraction of this.
MAX_DOCX_XML_BYTES = 64 * MB
_ZIP_BOMB_RATIO, _ZIP_BOMB_MIN_BYTES = 100, 10 * MB  # a member this big and this compressed is a bomb
# pypdf's defaults (75 MB per stream, 2M tokens per content stream) let one page take seconds that no cancel can
# interrupt; a real page's content stream is far below these.
_PDF_LIMITS = {
    "zlib_maximum_output_length": 16 * MB, "lzw_maximum_output_length": 16 * MB,
    "run_length_maximum_output_length": 16 * MB, "brotli_maximum_output_length": 16 * MB,
    "array_based_stream_maximum_output_length": 16 * MB, "stream_parsing_work_maximum_count": 1_000_000,
}
# pypdf limits each stream but not their sum: one page may name thousands of fonts or forms, each a 16 MB bomb.
_PDF_PAGE_DECODE_BYTES = 128 * MB
# pypdf keeps every unpacked stream on the reader; past this much, its cache is dropped between pages (a real
# document rarely gets there, and reading it again costs time: fonts are parsed anew).
_PDF_CACHE_BYTES = 32 * MB

PASTED = "pasted text"


class DocumentError(UserError, ValueError):
    """A file or text the tools cannot use; ``str(exc)`` is the message for the user."""


@dataclass(frozen=True)
class Document:
    """Text ready for the tools: newlines are ``\\n``, control characters other than tabs are gone, and it
    neither starts nor ends with blank lines."""

    text: str
    source: str  # the file name, or "pasted text"
    kind: str  # "txt", "md", "html", "pdf", "docx" or "text" (pasted)
    pages: int | None = None  # PDF page count
    warnings: tuple[str, ...] = ()


def read_document(path: str | Path, cancel: threading.Event | None = None,
                  on_progress: Callable[[float, str], None] | None = None) -> Document:
    """Read a supported file as text. ``cancel`` is checked between pages/blocks (raises ``Cancelled``);
    ``on_progress(fraction, text)`` is called after each PDF page.

    The kind comes from the extension when it is a known one, else from the content: LICENSE, README or a .log file
    is read as the plain text it is, and a binary file is refused with a message whatever its name.
    """
    path = Path(path)
    name = path.name
    data = _read_bytes(path)
    kind = _KINDS.get(path.suffix.lower()) or _sniff(data, name)
    if kind == "pdf":
        return _read_pdf(data, name, cancel, on_progress)
    if kind == "docx":
        return _read_docx(data, name, cancel)
    if kind == "html":
        return _build(_html_to_text(_decode_html(data, name), name, cancel), name, kind)
    if len(data) > 4 * MAX_TEXT_CHARS:  # at most 4 bytes per character: over the limit whatever the encoding
        raise DocumentError(_too_long(name, f"{_size(len(data))} of text"))
    return _build(_decode_text(data, name), name, kind)


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
        _decode_text(data[:64 * 1024], name)
    except DocumentError:
        suffix = Path(name).suffix or "no extension"
        raise DocumentError(
            f"{name} is not a document this app can read ({suffix}, binary content). Supported: plain text in any "
            f"file (with or without an extension), and {', '.join(SUPPORTED_SUFFIXES)}. Save it in one of these "
            "formats and try again.") from None
    return "txt"


def document_from_text(text: str, source: str = PASTED) -> Document:
    """Pasted or piped text, with the same cleaning and limits as a file."""
    return _build(text, source, "text")


# ---------------------------------------------------------------------------------------------------- shared


def _subject(source: str) -> str:
    return "The pasted text" if source == PASTED else source


def _size(n: int) -> str:
    return f"{n / MB:,.1f} MB" if n >= MB else f"{n:,} bytes"


def _too_long(source: str, amount: str) -> str:
    return (f"{_subject(source)} is too long: {amount}, more than the limit of {MAX_TEXT_CHARS:,} characters "
            f"(about {MAX_TEXT_CHARS // 4:,} tokens). Split it into smaller parts and work on one at a time.")


def _empty(source: str) -> str:
    hint = "Type or paste some text first." if source == PASTED else "Choose a file that contains text."
    return f"{_subject(source)} is empty: there is no text to work on. {hint}"


def _check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()


def _read_bytes(path: Path) -> bytes:
    """The whole file, refused before reading when it is not a regular file or is too big."""
    name = path.name
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise DocumentError(f"{name} is not a regular file (a folder or a device?). Choose a document file.")
        if info.st_size > MAX_FILE_BYTES:
            raise DocumentError(_too_big(name, info.st_size))
        with path.open("rb") as fh:
            data = fh.read(info.st_size + 1)
    except OSError as exc:
        raise DocumentError(f"Cannot open {name}: {exc.strerror or exc}. Check that the file exists and that "
                            "you are allowed to read it.") from None
    if len(data) > info.st_size:
        raise DocumentError(f"{name} changed while it was being read. Wait until it is saved, then try again.")
    if not data:
        raise DocumentError(_empty(name))
    return data


def _too_big(name: str, size: int) -> str:
    return (f"{name} is {_size(size)}, larger than the {_size(MAX_FILE_BYTES)} limit for documents. "
            "Split it into smaller files or copy out the part you need.")


_NEWLINES = re.compile(r"\r\n?|[\v\f\x85\u2028\u2029]")
# Other C0/C1 controls, lone surrogates (they cannot be encoded for the model) and stray byte-order marks.
_JUNK = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff]")
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")


def _build(text: str, source: str, kind: str, pages: int | None = None, warnings: tuple[str, ...] = ()) -> Document:
    """Normalize line ends and drop control characters, then apply the empty and length checks."""
    text = _JUNK.sub("", _NEWLINES.sub("\n", text))
    text = _LEADING_BLANK_LINES.sub("", text).rstrip()
    if not text:
        raise DocumentError(_empty(source))
    if len(text) > MAX_TEXT_CHARS:
        raise DocumentError(_too_long(source, f"{len(text):,} characters"))
    return Document(text=text, source=source, kind=kind, pages=pages, warnings=warnings)


# ------------------------------------------------------------------------------------------------ plain text

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BINARY_BYTES = bytes(set(range(32)) - set(b"\t\n\r\f\v\x1b"))


def _decode_text(data: bytes, name: str) -> str:
    """BOM, else UTF-8, else charset-normalizer's guess; binary data is refused rather than decoded as junk."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    not_text = DocumentError(f"{name} does not look like a text file (it contains binary data). Choose a text, "
                             "Markdown, HTML, PDF or Word file.")
    if len(data) - len(data.translate(None, _BINARY_BYTES)) > len(data) // 100:
        raise not_text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    import charset_normalizer  # the parsers load on first use: the window opens without them

    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise not_text
    # Windows-1252 is the usual legacy encoding of Western text, but on short texts charset-normalizer often
    # ranks a look-alike code page (cp1257, cp1250) first: prefer it whenever it is a candidate at all.
    if any(match.encoding == "cp1252" for match in matches):
        return data.decode("cp1252", errors="replace")
    return str(best)


# ------------------------------------------------------------------------------------------------------ html

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.IGNORECASE)
# As browsers read these labels (WHATWG Encoding): Latin-1 means Windows-1252, and a UTF-16 label found in
# ASCII-compatible bytes is wrong.
_WEB_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
                "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8"}


def _decode_html(data: bytes, name: str) -> str:
    """A BOM wins, then ``<meta charset>``, then the plain-text rules."""
    if not any(data.startswith(bom) for bom, _ in _BOMS) and (found := _META_CHARSET.search(data[:4096])):
        label = found.group(1).decode("ascii").lower()
        try:
            return data.decode(_WEB_ALIASES.get(label, label), errors="replace")
        except LookupError:
            pass
    return _decode_text(data, name)


class _HtmlText(HTMLParser):
    """Visible text: block elements become paragraphs, table rows lines with " | " between cells;
    script, style, title and the like are dropped."""

    SKIP = {"script", "style", "title", "template", "noscript", "svg"}
    BLOCKS = {
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "pre",
        "blockquote", "section", "article", "header", "footer", "nav", "aside", "main", "figure", "figcaption",
        "form", "fieldset", "address", "hr", "caption", "details", "summary",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.size = 0  # characters of text so far
        self.skipping = 0  # depth inside SKIP elements
        self.in_pre = 0
        self.pre_last = False  # the last part is <pre> text, whose spacing is kept
        self.first_cell = True

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in ("br", "tr"):
            self.line_break("\n")
            self.first_cell = True
        elif tag in ("td", "th"):
            if not self.first_cell:
                self.parts.append(" | ")
            self.first_cell = False
        elif tag in self.BLOCKS:
            self.line_break("\n\n")
        if tag == "pre":
            self.in_pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.line_break("\n\n")
        if tag == "pre":
            self.in_pre = max(0, self.in_pre - 1)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if not self.in_pre:
            data = re.sub(r"\s+", " ", data)
            if not self.parts or self.parts[-1].endswith("\n"):
                data = data.lstrip(" ")
        self.parts.append(data)
        self.size += len(data)
        self.pre_last = bool(self.in_pre)

    def line_break(self, newlines: str) -> None:
        if self.parts and not self.pre_last:
            self.parts[-1] = self.parts[-1].rstrip(" ")
        self.parts.append(newlines)
        self.pre_last = False


def _html_to_text(markup: str, name: str, cancel: threading.Event | None) -> str:
    parser = _HtmlText()
    for start in range(0, len(markup), MB):  # in slices, so a huge page can be cancelled or refused early
        _check_cancel(cancel)
        if parser.size > 2 * MAX_TEXT_CHARS:  # twice: the exact count comes after cleaning, in _build
            raise DocumentError(_too_long(name, f"over {2 * MAX_TEXT_CHARS:,} characters"))
        parser.feed(markup[start:start + MB])
    parser.close()
    return re.sub(r"\n{3,}", "\n\n", "".join(parser.parts))


# ------------------------------------------------------------------------------------------------------- pdf


class _PdfGuard:
    """Hooked into pypdf as ``visitor_operand_before`` (called for every operator, forms included) and into its
    stream decoding: a cancel takes effect mid-page, one page may not unpack more than
    ``_PDF_PAGE_DECODE_BYTES`` in all, and the document may not show more text than ``MAX_TEXT_CHARS`` allows
    (at 2 bytes a character, as CID fonts use). pypdf swallows errors inside a form XObject, so the state is
    checked again at the next operator and after each page."""

    def __init__(self, name: str, cancel: threading.Event | None) -> None:
        self.name = name
        self.cancel = cancel
        self.decoded = 0  # bytes unpacked for the current page
        self.shown = 0  # bytes of text operands in the whole document

    def check(self) -> None:
        _check_cancel(self.cancel)
        if self.decoded > _PDF_PAGE_DECODE_BYTES:
            raise DocumentError(_pdf_unreadable(
                self.name, f"a page unpacks to more than {_size(_PDF_PAGE_DECODE_BYTES)}"))
        if self.shown > 2 * MAX_TEXT_CHARS:
            raise DocumentError(_too_long(self.name, f"over {2 * MAX_TEXT_CHARS:,} bytes of text"))

    def __call__(self, operator: bytes, operands: list, cm: object, tm: object) -> None:
        if operator in (b"Tj", b"TJ", b"'", b'"'):
            for operand in operands:
                for item in operand if isinstance(operand, list) else (operand,):
                    if isinstance(item, (str, bytes)):
                        self.shown += len(item)
        self.check()


_ACTIVE_GUARD: ContextVar[_PdfGuard | None] = ContextVar("documents_pdf_guard", default=None)


def _pypdf():
    """pypdf, with its stream decoder wrapped (once) so that every stream it unpacks is charged to the active
    ``_PdfGuard``. pypdf has one call site, which looks the function up when it runs, so the module-level
    replacement sees every stream. Imported on first use: the window opens without it."""
    import pypdf
    import pypdf.filters

    decode = pypdf.filters.decode_stream_data
    if not getattr(decode, "counted", False):
        def counted(stream: object) -> bytes:
            data = decode(stream)
            if (guard := _ACTIVE_GUARD.get()) is not None:
                guard.decoded += len(data)
                guard.check()
            return data

        counted.counted = True
        pypdf.filters.decode_stream_data = counted
    return pypdf


def _read_pdf(data: bytes, name: str, cancel: threading.Event | None,
              on_progress: Callable[[float, str], None] | None) -> Document:
    if b"%PDF-" not in data[:1024]:
        raise DocumentError(f"{name} is not a readable PDF (it does not start like a PDF file). It may be "
                            "damaged or have the wrong extension.")
    pypdf = _pypdf()
    guard = _PdfGuard(name, cancel)
    texts: list[str] = []
    chars = cached = 0
    blank: list[int] = []
    failed: list[tuple[int, Exception]] = []
    known = {field.name for field in fields(pypdf.Configuration)}
    token = _ACTIVE_GUARD.set(guard)
    try:
        with pypdf.apply_configuration(**{k: v for k, v in _PDF_LIMITS.items() if k in known}):
            reader = _open_pdf(data, name)
            count = len(reader.pages)
            for number, page in enumerate(reader.pages, start=1):
                guard.check()
                guard.decoded = 0
                try:
                    text = page.extract_text(visitor_operand_before=guard).strip()
                except (Cancelled, DocumentError):
                    raise
                except Exception as exc:  # a damaged page (pypdf's limits included): skip it, say so, go on
                    failed.append((number, exc))
                    text = None  # counted as failed, not as blank
                guard.check()  # a cancel or overrun inside the page's last form was swallowed by pypdf
                cached += guard.decoded
                if cached > _PDF_CACHE_BYTES:  # else a file of many small bombs grows to gigabytes in memory
                    reader.resolved_objects.clear()
                    cached = 0
                if text:
                    texts.append(text)
                    chars += len(text)
                    if chars > MAX_TEXT_CHARS:
                        raise DocumentError(_too_long(name, f"{chars:,} characters by page {number} of {count}"))
                elif text == "":
                    blank.append(number)
                if on_progress is not None:
                    on_progress(number / count, f"Read page {number} of {count}")
    finally:
        _ACTIVE_GUARD.reset(token)
    if not count:
        raise DocumentError(f"{name} has no pages: there is no text to work on.")
    if not texts:
        if failed:
            raise DocumentError(_pdf_unreadable(name, failed[0][1]))
        raise DocumentError(f"{name} has no text layer: it looks like a scanned image. Run it through OCR (text "
                            "recognition) first, then open the result.")
    warnings = []
    if blank:
        has, was = ("has", "was") if len(blank) == 1 else ("have", "were")
        warnings.append(f"{_pages(blank)} {has} no text layer (scanned?) and {was} skipped")
    if failed:
        was = "was" if len(failed) == 1 else "were"
        warnings.append(f"{_pages([n for n, _ in failed])} could not be read ({_reason(failed[0][1])}) and {was} "
                        "skipped")
    return _build("\n\n".join(texts), name, "pdf", pages=count, warnings=tuple(warnings))


def _open_pdf(data: bytes, name: str):
    """A reader ready to extract text; encrypted files are tried with the empty password many of them use."""
    pypdf = _pypdf()
    from pypdf.errors import DependencyError

    try:
        reader = pypdf.PdfReader(BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED:
            raise DocumentError(f"{name} is password-protected: this app cannot open PDFs that need a password. "
                                "Open it in a PDF viewer, enter the password and save a copy without one, then "
                                "open that copy.")
        len(reader.pages)  # walks the page tree: a broken one fails here, not halfway
    except DependencyError as exc:
        raise DocumentError(f"{name} is encrypted in a way this app cannot open ({exc}). Open it in a PDF viewer "
                            "and save or print it as a PDF without protection, then open that copy.") from None
    except (Cancelled, DocumentError):
        raise
    except Exception as exc:
        raise DocumentError(_pdf_unreadable(name, exc)) from None
    return reader


def _reason(exc: Exception | str) -> str:
    return str(exc).strip().rstrip(".") or type(exc).__name__


def _pdf_unreadable(name: str, exc: Exception | str) -> str:
    return (f"{name} is not a readable PDF ({_reason(exc)}). The file may be damaged; if a PDF viewer opens it, "
            "save or print it as a new PDF and try that.")


def _pages(numbers: list[int]) -> str:
    """'page 3', 'pages 1-4, 7'."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    listed = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
    return f"page {listed}" if len(numbers) == 1 else f"pages {listed}"


# ------------------------------------------------------------------------------------------------------ docx


_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # the container of .doc files and of encrypted .docx files


def _read_docx(data: bytes, name: str, cancel: threading.Event | None) -> Document:
    if data.startswith(_OLE_MAGIC):
        raise DocumentError(f"{name} is password-protected or an old-format Word file. Open it in Word or "
                            "LibreOffice and save it as a .docx without a password, then open that copy.")
    _check_docx_zip(data, name)
    import docx  # loads lxml: only when a Word file is opened
    from docx.table import Table

    try:
        document = docx.Document(BytesIO(data))
        blocks = []
        for block in document.iter_inner_content():
            _check_cancel(cancel)
            text = _table_text(block) if isinstance(block, Table) else block.text
            if text.strip():
                blocks.append(text)
    except Cancelled:
        raise
    except Exception as exc:
        raise DocumentError(f"{name} is not a readable Word document ({_reason(exc)}). The file may be damaged; "
                            "if Word or LibreOffice opens it, save it again as .docx and try that.") from None
    return _build("\n\n".join(blocks), name, "docx")


def _table_text(table) -> str:
    """One line per row, cells separated by " | "; a merged cell (repeated by python-docx) appears once."""
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if not cells or cell._tc is not cells[-1]._tc:
                cells.append(cell)
        rows.append(" | ".join(cell.text for cell in cells))
    return "\n".join(rows)


def _check_docx_zip(data: bytes, name: str) -> None:
    """Reads only the zip's directory: a bomb named .docx is refused without inflating a byte."""
    not_docx = (f"{name} is not a Word document (.docx). If it is an old .doc file or another format, open it "
                "in Word or LibreOffice and save it as .docx first.")
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception:  # BadZipFile, or whatever a mangled directory trips in zipfile
        raise DocumentError(not_docx) from None
    if "word/document.xml" not in {member.filename for member in members}:
        raise DocumentError(not_docx)
    unpacked = sum(member.file_size for member in members)
    bomb = any(m.file_size > _ZIP_BOMB_MIN_BYTES and m.file_size > _ZIP_BOMB_RATIO * max(m.compress_size, 1)
               for m in members)
    if bomb or unpacked > MAX_DOCX_UNPACKED_BYTES:
        raise DocumentError(f"{name} looks like a zip bomb, not a Word document: its {_size(len(data))} would "
                            f"unpack to {_size(unpacked)}. It was not opened.")
    xml = sum(member.file_size for member in members if member.filename.endswith((".xml", ".rels")))
    if xml > MAX_DOCX_XML_BYTES:
        raise DocumentError(f"{name} is too large to read: its text and formatting unpack to {_size(xml)}, more "
                            f"than the limit of {_size(MAX_DOCX_XML_BYTES)}. Split it into smaller documents.")
