"""PDF files: text extracted page by page by pypdf in a child process of its own.

A PDF is a program of sorts, and a crafted one can make a parser unpack gigabytes or spin for minutes. So pypdf runs
in a throw-away child process (``desktop-llm _read-pdf``) with a memory cap, under tighter pypdf limits and budgets
of our own (:class:`_PageGuard`); it reports each page as a line of JSON. The parent shows progress, applies the
text-length limit as pages arrive, and kills the child on Cancel or when a page takes too long. Whatever the file
does, the app only ever sees a page's text or a reason.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import fields
from io import BytesIO
from pathlib import Path

from ...common.child import Child, ChildTimeout, answer
from ...common.errors import Cancelled
from ...common.messages import Text, from_data, to_data, translate
from . import limits
from .common import Document, DocumentError, build, clean, reason_text, size_text, too_long

READ_PDF_COMMAND = "_read-pdf"
# What the parent's limits module says, handed to the child (so a lowered limit applies there too).
_LIMITS_PASSED = ("MAX_TEXT_CHARS", "PDF_LIMITS", "PDF_PAGE_DECODE_BYTES", "PDF_CACHE_BYTES", "PDF_MEMORY_BYTES")


def read_pdf(path: Path, data: bytes, name: str, cancel: threading.Event | None,
             on_progress: Callable[[float, str], None] | None) -> Document:
    if b"%PDF-" not in data[:1024]:
        raise DocumentError(translate("CoreDocuments", "{name} is not a readable PDF (it does not start like a PDF "
                                      "file). It may be damaged or have the wrong extension.").format(name=name))
    import json

    child = Child(READ_PDF_COMMAND, str(path), json.dumps({key: getattr(limits, key) for key in _LIMITS_PASSED}))
    texts: list[str] = []
    blank: list[int] = []
    failed: list[tuple[int, str]] = []
    count = chars = 0
    messages = child.messages(cancel or threading.Event(), limits.PDF_PAGE_SECONDS)
    try:
        for message in messages:
            if "refused" in message:
                raise DocumentError(from_data(message["refused"]))
            if "pages" in message:
                count = message["pages"]
            elif "page" in message:
                number = message["page"]
                if message.get("error"):
                    failed.append((number, from_data(message["error"])))
                elif clean(message.get("text", "")):
                    texts.append((number, clean(message["text"])))
                    chars += len(texts[-1][1])
                    if chars > limits.MAX_TEXT_CHARS:
                        raise DocumentError(too_long(name, translate(
                            "CoreDocuments", "{count:,} characters by page {page} of {pages}").format(
                            count=chars, page=number, pages=count)))
                else:
                    blank.append(number)
                if on_progress is not None:
                    on_progress(number / max(count, 1), translate("CoreDocuments", "Read page {number} of {count}")
                                .format(number=number, count=count))
    except ChildTimeout:
        if count:
            slow = translate("CoreDocuments", "page {number} took more than {seconds} s to read").format(
                number=len(texts) + len(blank) + len(failed) + 1, seconds=limits.PDF_PAGE_SECONDS)
        else:
            slow = translate("CoreDocuments", "the file took more than {seconds} s to read").format(
                seconds=limits.PDF_PAGE_SECONDS)
        raise DocumentError(unreadable(name, slow)) from None
    finally:
        messages.close()  # the child is killed if it is still at work
    if child.returncode != 0:
        crash = child.crash_name()
        last = (child.stderr_tail().splitlines()
                or [translate("CoreDocuments", "exit code {code}").format(code=child.returncode)])[-1]
        raise DocumentError(unreadable(name, translate("CoreDocuments", "the reader crashed ({signal})").format(
            signal=crash) if crash else last))
    return _document(name, texts, blank, failed, count)


def _document(name: str, texts: list[tuple[int, str]], blank: list[int], failed: list[tuple[int, str]],
              count: int) -> Document:
    """The pages with text, joined by a blank line, with where each one starts (for citations by page)."""
    if not count:
        raise DocumentError(translate("CoreDocuments", "{name} has no pages: there is no text to work on.").format(
            name=name))
    if not texts:
        if failed:
            raise DocumentError(unreadable(name, failed[0][1]))
        raise DocumentError(translate("CoreDocuments", "{name} has no text layer: it looks like a scanned image. Run "
                                      "it through OCR (text recognition) first, then open the result.").format(
            name=name))
    warnings = []
    if len(blank) == 1:
        warnings.append(translate("CoreDocuments", "{pages} has no text layer (scanned?) and was skipped").format(
            pages=page_list(blank)))
    elif blank:
        warnings.append(translate("CoreDocuments", "{pages} have no text layer (scanned?) and were skipped").format(
            pages=page_list(blank)))
    if failed:
        pages, reason = page_list([n for n, _ in failed]), failed[0][1]
        if len(failed) == 1:
            warnings.append(translate("CoreDocuments", "{pages} could not be read ({reason}) and was skipped").format(
                pages=pages, reason=reason))
        else:
            warnings.append(translate("CoreDocuments", "{pages} could not be read ({reason}) and were skipped")
                            .format(pages=pages, reason=reason))
    starts, offset = [], 0
    for number, text in texts:
        starts.append((offset, number))
        offset += len(text) + 2
    return build("\n\n".join(text for _, text in texts), name, "pdf", pages=count, warnings=tuple(warnings),
                 page_starts=tuple(starts))


def unreadable(name: str, why: Exception | str) -> str:
    return translate("CoreDocuments", "{name} is not a readable PDF ({reason}). The file may be damaged; if a PDF "
                     "viewer opens it, save or print it as a new PDF and try that.").format(
        name=name, reason=reason_text(why))


def page_list(numbers: list[int]) -> str:
    """'page 3', 'pages 1-4, 7'."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    listed = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
    if len(numbers) == 1:
        return translate("CoreDocuments", "page {numbers}").format(numbers=listed)
    return translate("CoreDocuments", "pages {numbers}").format(numbers=listed)


# -------------------------------------------------------------------------------------------------- the child


class _PageGuard:
    """In the child. Hooked into pypdf as ``visitor_operand_before`` (called for every operator, forms included) and
    into its stream decoding: one page may not unpack more than ``PDF_PAGE_DECODE_BYTES`` in all (pypdf limits each
    stream, not their sum), and the document may not show more text than ``MAX_TEXT_CHARS`` allows (at 2 bytes a
    character, as CID fonts use). pypdf swallows errors inside a form XObject, so the state is checked again at the
    next operator and after each page."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.decoded = 0  # bytes unpacked for the current page
        self.shown = 0  # bytes of text operands in the whole document

    def check(self) -> None:
        if self.decoded > limits.PDF_PAGE_DECODE_BYTES:
            raise DocumentError(unreadable(self.name, translate(
                "CoreDocuments", "a page unpacks to more than {size}").format(size=size_text(
                    limits.PDF_PAGE_DECODE_BYTES))))
        if self.shown > 2 * limits.MAX_TEXT_CHARS:
            raise DocumentError(too_long(self.name, translate("CoreDocuments", "over {count:,} bytes of text").format(
                count=2 * limits.MAX_TEXT_CHARS)))

    def __call__(self, operator: bytes, operands: list, cm: object, tm: object) -> None:
        if operator in (b"Tj", b"TJ", b"'", b'"'):
            for operand in operands:
                for item in operand if isinstance(operand, list) else (operand,):
                    if isinstance(item, (str, bytes)):
                        self.shown += len(item)
        self.check()


@contextlib.contextmanager
def _counting(guard: _PageGuard):
    """pypdf, with its stream decoder wrapped while the file is read, so that every stream it unpacks is charged to
    ``guard``. This runs in a process that exists only to read one PDF: the wrapper touches nothing else."""
    import pypdf
    import pypdf.filters

    decode = pypdf.filters.decode_stream_data

    def counted(stream: object) -> bytes:
        data = decode(stream)
        guard.decoded += len(data)
        guard.check()
        return data

    pypdf.filters.decode_stream_data = counted
    try:
        yield pypdf
    finally:
        pypdf.filters.decode_stream_data = decode


def read_pdf_child(path: str, passed: str) -> int:
    """The child's side: the parent's limits, a memory cap, then :func:`extract_pages` answering the parent."""
    import json

    for key, value in json.loads(passed).items():
        if key in _LIMITS_PASSED:
            setattr(limits, key, value)
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limits.PDF_MEMORY_BYTES, limits.PDF_MEMORY_BYTES))
    except (ImportError, ValueError, OSError):  # Windows has no rlimit: the parent's time limit still applies
        pass
    extract_pages(path, answer)
    return 0


def extract_pages(path: str, answer: Callable[[dict], None]) -> None:
    """Says {"pages": n}, then {"page": i, "text"|"error"} for each page, or {"refused": message}."""
    name = Path(path).name
    guard = _PageGuard(name)
    try:
        with _counting(guard) as pypdf, pypdf.apply_configuration(**{
                k: v for k, v in limits.PDF_LIMITS.items() if k in {f.name for f in fields(pypdf.Configuration)}}):
            reader = _open(pypdf, Path(path).read_bytes(), name)
            answer({"pages": len(reader.pages)})
            cached = 0
            for number, page in enumerate(reader.pages, start=1):
                guard.decoded = 0
                try:
                    text = page.extract_text(visitor_operand_before=guard).strip()
                    guard.check()  # an overrun inside the page's last form was swallowed by pypdf
                    answer({"page": number, "text": text})
                except DocumentError:
                    raise
                except MemoryError:
                    answer({"page": number, "error": to_data(_needs_memory())})
                except Exception as exc:  # a damaged page (pypdf's limits included): skip it, say so, go on
                    answer({"page": number, "error": reason_text(exc)})
                cached += guard.decoded
                if cached > limits.PDF_CACHE_BYTES:  # else a file of many small bombs grows to gigabytes in memory
                    reader.resolved_objects.clear()
                    cached = 0
    except DocumentError as exc:
        answer({"refused": to_data(exc.args[0])})  # a Text goes as its parts, and is one again in the parent
    except MemoryError:
        answer({"refused": to_data(unreadable(name, _needs_memory()))})


def _needs_memory() -> Text:
    return translate("CoreDocuments", "it needs more than {size} of memory").format(
        size=size_text(limits.PDF_MEMORY_BYTES))


def _open(pypdf, data: bytes, name: str):
    """A reader ready to extract text; encrypted files are tried with the empty password many of them use."""
    from pypdf.errors import DependencyError

    try:
        reader = pypdf.PdfReader(BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED:
            raise DocumentError(translate("CoreDocuments", "{name} is password-protected: this app cannot open PDFs "
                                          "that need a password. Open it in a PDF viewer, enter the password and "
                                          "save a copy without one, then open that copy.").format(name=name))
        len(reader.pages)  # walks the page tree: a broken one fails here, not halfway
    except DependencyError as exc:
        raise DocumentError(translate("CoreDocuments", "{name} is encrypted in a way this app cannot open ({reason}). "
                                      "Open it in a PDF viewer and save or print it as a PDF without protection, "
                                      "then open that copy.").format(name=name, reason=str(exc))) from None
    except (Cancelled, DocumentError):
        raise
    except Exception as exc:
        raise DocumentError(unreadable(name, exc)) from None
    return reader
