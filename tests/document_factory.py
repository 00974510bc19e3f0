"""Builds real (and deliberately hostile) pdf/docx files for the document-reading tests.

pypdf cannot lay out text, so ``write_pdf`` writes a minimal PDF by hand: one page per entry, each with a
Helvetica text content stream, or raw content streams and form XObjects (pages without text, bombs).
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

import docx
from pypdf import PdfReader, PdfWriter


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("latin-1") + b")"


def text_content(text: str) -> bytes:
    """A content stream that shows each line of ``text`` in 12 pt Helvetica."""
    lines = [b"BT /F1 12 Tf 14 TL 72 720 Td"]
    lines += [_pdf_string(line) + b" Tj T*" for line in text.splitlines()]
    return b"\n".join(lines + [b"ET"])


NO_TEXT = b"0 0 1 rg 72 72 200 200 re f"  # a filled square: what a scanned page looks like to a text extractor


def _stream(dictionary: bytes, content: bytes, deflate: bool) -> bytes:
    if deflate:
        content, dictionary = zlib.compress(content, 1), dictionary + b" /Filter /FlateDecode"
    return b"<< %s /Length %d >>\nstream\n" % (dictionary, len(content)) + content + b"\nendstream"


def write_pdf(path: Path, pages: list[str | bytes | list[bytes]], deflate: bool = False,
              forms: list[bytes] = ()) -> Path:
    """Each page: its text (str), its raw content stream (bytes), or several raw streams (a /Contents array).
    ``forms`` are content streams of form XObjects /X0, /X1, ... that every page can draw with ``/X0 Do``."""
    # Objects 1-3: catalog, page tree (filled in at the end), font; then the forms, then each page and its streams.
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    resources = b"/Resources << /Font << /F1 3 0 R >> /XObject << %s >> >>" % b" ".join(
        b"/X%d %d 0 R" % (i, 4 + i) for i in range(len(forms)))
    objects += [_stream(b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] " + resources, form, deflate)
                for form in forms]
    kids = []
    for page in pages:
        streams = [text_content(page)] if isinstance(page, str) else [page] if isinstance(page, bytes) else page
        kids.append(b"%d 0 R" % (len(objects) + 1))
        contents = b" ".join(b"%d 0 R" % (len(objects) + 2 + i) for i in range(len(streams)))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [%s] %s >>"
                       % (contents, resources))
        objects += [_stream(b"", content, deflate) for content in streams]
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(pages))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def encrypt_pdf(source: Path, target: Path, user_password: str, algorithm: str = "RC4-128") -> Path:
    """RC4 by default: pypdf needs the optional ``cryptography`` package for AES."""
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    with open(target, "wb") as fh:
        writer.write(fh)
    return target


def write_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None,
               after: list[str] = ()) -> Path:
    """Paragraphs, then an optional table, then more paragraphs: checks document order."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table):
            for cell, value in zip(row.cells, values):
                cell.text = value
    for text in after:
        document.add_paragraph(text)
    document.save(path)
    return path


def write_zip_bomb(path: Path, megabytes: int = 256) -> Path:
    """A .docx-shaped zip whose document.xml inflates to ``megabytes`` MB of zeros (about 1 MB on disk;
    compression level 1 keeps building it to a fraction of a second)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = bytes(1 << 20)
            for _ in range(megabytes):
                member.write(chunk)
    return path
