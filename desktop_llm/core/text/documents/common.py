"""What every document reader shares: the result type, the error, the messages, and the final cleaning."""

from __future__ import annotations

import bisect
import re
import stat
import threading
from dataclasses import dataclass
from pathlib import Path

from ...common.errors import Cancelled, UserError
from ...common.messages import Text, translate
from . import limits

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
    # PDF: (offset in ``text`` where a page starts, its page number), for the pages that have text, in order.
    page_starts: tuple[tuple[int, int], ...] = ()

    def page_at(self, offset: int) -> int | None:
        """The page (1-based) holding ``text[offset]``, for a PDF; None for other documents."""
        index = bisect.bisect_right([start for start, _ in self.page_starts], offset) - 1
        return self.page_starts[index][1] if index >= 0 else None


def subject(source: str) -> str:
    """What a message calls the text: its file name, or "The pasted text"."""
    return translate("CoreDocuments", "The pasted text") if source == PASTED else source


def size_text(n: int) -> str:
    if n >= limits.MB:
        return translate("CoreDocuments", "{size:,.1f} MB").format(size=n / limits.MB)
    return translate("CoreDocuments", "{count:,} bytes").format(count=n)


def too_long(source: str, amount: str) -> str:
    """``amount`` says how long it is (a Text: "{count:,} characters")."""
    return translate("CoreDocuments", "{subject} is too long: {amount}, more than the limit of {limit:,} characters "
                     "(about {tokens:,} tokens). Split it into smaller parts and work on one at a time.").format(
        subject=subject(source), amount=amount, limit=limits.MAX_TEXT_CHARS, tokens=limits.MAX_TEXT_CHARS // 4)


def characters(count: int) -> str:
    """An amount for :func:`too_long`."""
    return translate("CoreDocuments", "{count:,} characters").format(count=count)


def empty_text(source: str) -> str:
    if source == PASTED:
        hint = translate("CoreDocuments", "Type or paste some text first.")
    else:
        hint = translate("CoreDocuments", "Choose a file that contains text.")
    return translate("CoreDocuments", "{subject} is empty: there is no text to work on. {hint}").format(
        subject=subject(source), hint=hint)


def check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()


def read_bytes(path: Path) -> bytes:
    """The whole file, refused before reading when it is not a regular file or is too big."""
    name = path.name
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise DocumentError(translate("CoreDocuments", "{name} is not a regular file (a folder or a device?). "
                                          "Choose a document file.").format(name=name))
        if info.st_size > limits.MAX_FILE_BYTES:
            raise DocumentError(too_big(name, info.st_size))
        with path.open("rb") as fh:
            data = fh.read(info.st_size + 1)
    except OSError as exc:
        raise DocumentError(translate("CoreDocuments", "Cannot open {name}: {reason}. Check that the file exists "
                                      "and that you are allowed to read it.").format(
            name=name, reason=exc.strerror or str(exc))) from None
    if len(data) > info.st_size:
        raise DocumentError(translate("CoreDocuments", "{name} changed while it was being read. Wait until it is "
                                      "saved, then try again.").format(name=name))
    if not data:
        raise DocumentError(empty_text(name))
    return data


def too_big(name: str, size: int) -> str:
    return translate("CoreDocuments", "{name} is {size}, larger than the {limit} limit for documents. Split it into "
                     "smaller files or copy out the part you need.").format(
        name=name, size=size_text(size), limit=size_text(limits.MAX_FILE_BYTES))


_NEWLINES = re.compile(r"\r\n?|[\v\f\x85\u2028\u2029]")
# Other C0/C1 controls, lone surrogates (they cannot be encoded for the model) and stray byte-order marks.
_JUNK = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff]")
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")


def clean(text: str) -> str:
    """Line ends made ``\n``, control characters dropped, no blank lines at the start, no space at the end."""
    return _LEADING_BLANK_LINES.sub("", _JUNK.sub("", _NEWLINES.sub("\n", text))).rstrip()


def build(text: str, source: str, kind: str, pages: int | None = None, warnings: tuple[str, ...] = (),
          page_starts: tuple[tuple[int, int], ...] = ()) -> Document:
    """Clean the text, then apply the empty and length checks (``page_starts`` are offsets into clean text)."""
    text = clean(text)
    if not text:
        raise DocumentError(empty_text(source))
    if len(text) > limits.MAX_TEXT_CHARS:
        raise DocumentError(too_long(source, characters(len(text))))
    return Document(text=text, source=source, kind=kind, pages=pages, warnings=warnings, page_starts=page_starts)




def reason_text(why: Exception | str) -> str:
    """An error's own words, without the final full stop, for "… (reason)."; a reason of our own (a Text, written
    without one) stays as it is, so that it is translated too."""
    if isinstance(why, Text):
        return why
    return str(why).strip().rstrip(".") or type(why).__name__
