"""Word .docx files: checked as a zip first (bombs are refused before python-docx inflates anything)."""

from __future__ import annotations

import threading
import zipfile
from io import BytesIO

from ...common.errors import Cancelled
from ...common.messages import translate
from . import limits
from .common import Document, DocumentError, build, check_cancel, reason_text, size_text

_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # the container of .doc files and of encrypted .docx files


def read_docx(data: bytes, name: str, cancel: threading.Event | None) -> Document:
    if data.startswith(_OLE_MAGIC):
        raise DocumentError(translate("CoreDocuments", "{name} is password-protected or an old-format Word file. "
                                      "Open it in Word or LibreOffice and save it as a .docx without a password, "
                                      "then open that copy.").format(name=name))
    _check_docx_zip(data, name)
    import docx  # loads lxml: only when a Word file is opened
    from docx.table import Table

    try:
        document = docx.Document(BytesIO(data))
        blocks = []
        for block in document.iter_inner_content():
            check_cancel(cancel)
            text = _table_text(block) if isinstance(block, Table) else block.text
            if text.strip():
                blocks.append(text)
    except Cancelled:
        raise
    except Exception as exc:
        raise DocumentError(translate("CoreDocuments", "{name} is not a readable Word document ({reason}). The file "
                                      "may be damaged; if Word or LibreOffice opens it, save it again as .docx and "
                                      "try that.").format(name=name, reason=reason_text(exc))) from None
    return build("\n\n".join(blocks), name, "docx")


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
    not_docx = translate("CoreDocuments", "{name} is not a Word document (.docx). If it is an old .doc file or "
                         "another format, open it in Word or LibreOffice and save it as .docx first.").format(name=name)
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception:  # BadZipFile, or whatever a mangled directory trips in zipfile
        raise DocumentError(not_docx) from None
    if "word/document.xml" not in {member.filename for member in members}:
        raise DocumentError(not_docx)
    unpacked = sum(member.file_size for member in members)
    bomb = any(m.file_size > limits.ZIP_BOMB_MIN_BYTES and m.file_size > limits.ZIP_BOMB_RATIO * max(m.compress_size, 1)
               for m in members)
    if bomb or unpacked > limits.MAX_DOCX_UNPACKED_BYTES:
        raise DocumentError(translate("CoreDocuments", "{name} looks like a zip bomb, not a Word document: its "
                                      "{size} would unpack to {unpacked}. It was not opened.").format(
            name=name, size=size_text(len(data)), unpacked=size_text(unpacked)))
    xml = sum(member.file_size for member in members if member.filename.endswith((".xml", ".rels")))
    if xml > limits.MAX_DOCX_XML_BYTES:
        raise DocumentError(translate("CoreDocuments", "{name} is too large to read: its text and formatting unpack "
                                      "to {size}, more than the limit of {limit}. Split it into smaller "
                                      "documents.").format(name=name, size=size_text(xml),
                                                           limit=size_text(limits.MAX_DOCX_XML_BYTES)))
