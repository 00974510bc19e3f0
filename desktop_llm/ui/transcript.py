"""The conversation view: one QTextDocument, messages rendered as Markdown (raw HTML disabled).

A streaming reply only touches its own region at the end of the document: new text is appended as it arrives
and the region is re-rendered as Markdown at most every ``RERENDER_MS``, so the cost per token does not grow with
the length of the history. Code blocks are highlighted with Pygments. Under each message a line of links acts on
it (``message_action``): copy, edit or regenerate, delete, and ``‹ 2/3 ›`` between its versions.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from datetime import datetime

from pygments.lexers import get_lexer_by_name
from pygments.styles import get_style_by_name
from pygments.util import ClassNotFound
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QGuiApplication,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QTextBrowser

from ..core.chat.store import Message, citation_place
from ..core.common.messages import from_data
from . import theme
from .i18n import localized

MARKDOWN = QTextDocument.MarkdownFeature.MarkdownNoHTML | QTextDocument.MarkdownFeature.MarkdownDialectGitHub


def markdown_as_plain_text(text: str) -> str:
    """What Markdown reads as, without its marks (``**bold**`` → bold): for places that show plain text."""
    document = QTextDocument()
    document.setMarkdown(text, MARKDOWN)
    return document.toPlainText().strip()
RERENDER_MS = 400
SOURCES_SHOWN = 5  # passages listed under a reply that cites none
# Shown translated (context "TranscriptView") where they are drawn.
ROLE_LABELS = {"user": QT_TRANSLATE_NOOP("TranscriptView", "You"),
               "assistant": QT_TRANSLATE_NOOP("TranscriptView", "Assistant")}
CODE_STYLES = {False: "default", True: "monokai"}  # Pygments styles for light and dark backgrounds
HIGHLIGHT_MAX_CHARS = 100_000  # longer code stays plain: colouring it would hold the window
HIGHLIGHT_STREAMING_CHARS = 8_000  # while a reply streams it is drawn again every RERENDER_MS
# Message actions (``message_action(name, id)``): links under each message.
COPY, COPY_TEXT, EDIT, REGENERATE, DELETE, PREVIOUS, NEXT = (
    "copy", "copy-text", "edit", "regenerate", "delete", "previous", "next")
STATUS_NOTES = {  # translated (context "TranscriptView") where they are drawn
    "streaming": QT_TRANSLATE_NOOP("TranscriptView", "still being written"),
    "stopped": QT_TRANSLATE_NOOP("TranscriptView", "stopped: partial reply"),
    "interrupted": QT_TRANSLATE_NOOP("TranscriptView", "interrupted: the app closed before this reply finished"),
    "failed": QT_TRANSLATE_NOOP("TranscriptView", "failed: partial reply"),
}


def _translated(text: str) -> str:
    return QCoreApplication.translate("TranscriptView", text)


class TranscriptView(QTextBrowser):
    """``citation_clicked(message_id, index)``: a source under a reply was clicked (index into its citations).
    ``message_action(name, message_id)``: an action under a message was clicked (COPY, EDIT, PREVIOUS…).
    ``code_copied(text)``: a code block was copied to the clipboard."""

    citation_clicked = Signal(int, int)
    message_action = Signal(str, int)
    code_copied = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        self.document().setDocumentMargin(12)
        self.setPlaceholderText(self.tr("Type a message below to start. Everything stays on this computer."))
        self._stream_start: int | None = None
        self._stream_text = ""
        self._rendered_at = 0.0
        self._code: dict[str, str] = {}  # "message:k" → the text of a code block, for its Copy link

    # -- whole conversation --------------------------------------------------------------------------------------

    def set_messages(self, messages: list[Message], versions: dict[int, tuple[int, int]] | None = None) -> None:
        """Draw a conversation; ``versions`` maps a message id to (its number, how many versions) where it has
        several."""
        self.clear()
        self._code.clear()
        self._stream_start = None
        for message in messages:
            self.append_message(message, (versions or {}).get(message.id))
        self._scroll_to_end()

    def append_message(self, message: Message, versions: tuple[int, int] | None = None) -> None:
        self._append_header(message.role)
        cursor = self._end_cursor()
        start = cursor.position()
        _insert_markdown(cursor, message.content)
        self._style_code_blocks(start, message.id)
        if message.status != "complete":
            self._append_note(_translated(STATUS_NOTES[message.status]) if message.status in STATUS_NOTES
                              else message.status)
        self._append_sources(message.id, message.citations or [])
        self._append_footer(message, versions)
        self._scroll_to_end()

    # -- streaming -----------------------------------------------------------------------------------------------

    def begin_reply(self) -> None:
        self._append_header("assistant")
        self._stream_start = self._end_cursor().position()
        self._stream_text = ""
        self._rendered_at = time.monotonic()

    def append_reply_text(self, text: str) -> None:
        """Add streamed text: appended as is, re-rendered as Markdown now and then."""
        if self._stream_start is None:
            return
        follow = self._at_bottom()
        self._stream_text += text
        if time.monotonic() - self._rendered_at >= RERENDER_MS / 1000:
            self._render_stream()
        else:
            self._end_cursor().insertText(text, QTextCharFormat())
        if follow:
            self._scroll_to_end()

    def finish_reply(self, reply: Message, versions: tuple[int, int] | None = None) -> None:
        if self._stream_start is None:
            return
        follow = self._at_bottom()
        self._stream_text = reply.content
        self._render_stream(reply.id)
        self._stream_start = None
        if reply.status != "complete":
            self._append_note(_translated(STATUS_NOTES[reply.status]) if reply.status in STATUS_NOTES
                              else reply.status)
        self._append_sources(reply.id, reply.citations or [])
        self._append_footer(reply, versions)
        if follow:
            self._scroll_to_end()

    @property
    def streaming(self) -> bool:
        return self._stream_start is not None

    def _render_stream(self, message_id: int | None = None) -> None:
        cursor = self._end_cursor()
        cursor.setPosition(self._stream_start, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        _insert_markdown(cursor, self._stream_text)
        self._style_code_blocks(self._stream_start, message_id)
        self._rendered_at = time.monotonic()

    # -- helpers -------------------------------------------------------------------------------------------------

    def _end_cursor(self) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        return cursor

    def _append_header(self, role: str) -> None:
        cursor = self._end_cursor()
        if not self.document().isEmpty():
            spacer = QTextBlockFormat()
            spacer.setTopMargin(14)
            cursor.insertBlock(spacer, QTextCharFormat())
        label = QTextCharFormat()
        label.setFontWeight(QFont.Weight.Bold)
        label.setForeground(QColor(theme.color(role if role in ROLE_LABELS else "neutral")))
        cursor.insertText(_translated(ROLE_LABELS[role]) if role in ROLE_LABELS else role.title(), label)
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())

    def _append_note(self, note: str) -> None:
        cursor = self._end_cursor()
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        italic = QTextCharFormat()
        italic.setFontItalic(True)
        italic.setForeground(QColor(theme.color("warning")))
        cursor.insertText(f"⚠ {note}", italic)

    def _append_sources(self, message_id: int, citations: list[dict]) -> None:
        """Under a reply that read documents: its sources, cited ones first, each a link to the passage."""
        if not citations:
            return
        cursor = self._end_cursor()
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        small = QTextCharFormat()
        small.setFontPointSize(max(7.0, self.font().pointSizeF() * 0.9))
        cited = [c for c in citations if c.get("cited")]
        cursor.insertText(self.tr("Sources: ") if cited else self.tr("Passages that best match (the reply cites "
                                                                     "none): "), small)
        shown = len(cited) or min(len(citations), SOURCES_SHOWN)  # cited ones come first
        for index, citation in enumerate(citations[:shown]):
            link = QTextCharFormat(small)
            link.setAnchor(True)
            link.setAnchorHref(f"cite:{message_id}:{index}")
            link.setForeground(QGuiApplication.palette().link())
            link.setFontUnderline(True)
            link.setFontWeight(QFont.Weight.Bold if citation.get("cited") else QFont.Weight.Normal)
            if index:
                cursor.insertText(" · ", small)
            cursor.insertText(f"[{citation['n']}] {localized(citation_place(citation))}", link)
        if len(citations) > shown:
            cursor.insertText(self.tr(" (and %n more read)", "", len(citations) - shown), small)

    def _on_anchor(self, url: QUrl) -> None:
        kind, _, rest = url.toString().partition(":")
        if kind == "cite":
            message_id, _, index = rest.partition(":")
            self.citation_clicked.emit(int(message_id), int(index))
        elif kind == "msg":
            action, _, message_id = rest.partition(":")
            self.message_action.emit(action, int(message_id))
        elif kind == "code" and rest in self._code:
            QGuiApplication.clipboard().setText(self._code[rest])
            self.code_copied.emit(self._code[rest])
        elif url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)

    def _append_footer(self, message: Message, versions: tuple[int, int] | None) -> None:
        """Under a message: ``‹ 2/3 ›`` when it has versions; for a reply, the model that wrote it, how fast and what
        it read of the documents; when it was written; then its actions."""
        stats = message.stats or {}
        parts = []
        if stats.get("model"):
            parts.append(stats["model"])
        if stats.get("tokens"):
            parts.append(self.tr("%n token(s)", "", stats["tokens"]))
        if stats.get("tokens_per_second"):
            parts.append(self.tr("{speed:.1f} tokens/s").format(speed=stats["tokens_per_second"]))
        if stats.get("documents"):
            documents = stats["documents"]
            parts.append(localized(from_data(documents.get("read_message", documents["read"]))))
        if message.created_at:
            parts.append(_when(message.created_at))
        cursor = self._end_cursor()
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        small = QTextCharFormat()
        small.setFontPointSize(max(7.0, self.font().pointSizeF() * 0.85))
        small.setForeground(QGuiApplication.palette().placeholderText())
        if versions:
            number, count = versions
            self._insert_link(cursor, small, "‹", f"msg:{PREVIOUS}:{message.id}", number > 1)
            cursor.insertText(f" {number}/{count} ", small)
            self._insert_link(cursor, small, "›", f"msg:{NEXT}:{message.id}", number < count)
            cursor.insertText("   ", small)
        if parts:
            cursor.insertText(" · ".join(parts) + "   ", small)
        actions = [(self.tr("Copy"), COPY), (self.tr("Copy as text"), COPY_TEXT),
                   (self.tr("Edit"), EDIT) if message.role == "user" else (self.tr("Regenerate"), REGENERATE),
                   (self.tr("Delete"), DELETE)]
        for index, (text, action) in enumerate(actions):
            if index:
                cursor.insertText(" · ", small)
            self._insert_link(cursor, small, text, f"msg:{action}:{message.id}")

    def _insert_link(self, cursor: QTextCursor, base: QTextCharFormat, text: str, href: str,
                     enabled: bool = True) -> None:
        if not enabled:
            cursor.insertText(text, base)
            return
        link = QTextCharFormat(base)
        link.setAnchor(True)
        link.setAnchorHref(href)
        link.setForeground(QGuiApplication.palette().link())
        cursor.insertText(text, link)

    def _style_code_blocks(self, start: int, message_id: int | None = None) -> None:
        """Qt's Markdown import marks fenced code but gives it no background or colours: add a background, colour
        it with Pygments (by the fence's language), and, once the message is saved, a Copy link under each."""
        runs: list[list] = []  # consecutive code lines: [first block, last block, language]
        block = self.document().findBlock(start)
        while block.isValid():
            fmt = block.blockFormat()
            if fmt.hasProperty(QTextFormat.Property.BlockCodeFence) or fmt.nonBreakableLines():
                fmt.setBackground(QColor(theme.color("code_background")))
                fmt.setLeftMargin(8)
                QTextCursor(block).setBlockFormat(fmt)
                if runs and runs[-1][1].next() == block:
                    runs[-1][1] = block
                else:
                    runs.append([block, block, fmt.stringProperty(QTextFormat.Property.BlockCodeLanguage)])
            block = block.next()
        for first, last, language in runs:
            size = last.position() + last.length() - first.position()
            if size <= (HIGHLIGHT_MAX_CHARS if message_id is not None else HIGHLIGHT_STREAMING_CHARS):
                self._highlight(first, last, language)
        if message_id is None:
            return
        for number, (first, last, _) in reversed(list(enumerate(runs))):  # from the end: positions stay valid
            key = f"{message_id}:{number}"
            self._code[key] = self._run_text(first, last)
            cursor = QTextCursor(last)
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
            small = QTextCharFormat()
            small.setFontPointSize(max(7.0, self.font().pointSizeF() * 0.85))
            self._insert_link(cursor, small, self.tr("Copy code"), f"code:{key}")

    @staticmethod
    def _run_text(first, last) -> str:
        lines, block = [], first
        while True:
            lines.append(block.text())
            if block == last:
                return "\n".join(lines)
            block = block.next()

    def _highlight(self, first, last, language: str) -> None:
        """Colour one code block's tokens in place (no language, or one Pygments does not know: left plain)."""
        try:
            lexer = get_lexer_by_name(language or "text", stripnl=False, ensurenl=False)
        except ClassNotFound:
            return
        style = get_style_by_name(CODE_STYLES[theme.is_dark()])
        text = self._run_text(first, last)
        line_starts, positions, wide, block, offset = [], [], [], first, 0  # each line's offset in ``text``, in the
        for line in text.split("\n"):  # document, and whether it holds characters beyond 16 bits (an emoji)
            line_starts.append(offset)
            positions.append(block.position())
            wide.append(_utf16(line) != len(line))
            offset += len(line) + 1
            block = block.next()
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()  # one layout at the end, not one per token
        offset = 0
        for kind, value in lexer.get_tokens(text):
            looks = style.style_for_token(kind)
            if looks["color"] or looks["bold"] or looks["italic"]:
                fmt = QTextCharFormat()
                if looks["color"]:
                    fmt.setForeground(QColor("#" + looks["color"]))
                if looks["bold"]:
                    fmt.setFontWeight(QFont.Weight.Bold)
                if looks["italic"]:
                    fmt.setFontItalic(True)
                at = offset
                for part in value.split("\n"):  # a token may span lines: colour each line's piece
                    if part:  # the document counts UTF-16 units, Python characters: an emoji is 2 there
                        line = bisect_right(line_starts, at) - 1
                        start = at - line_starts[line]
                        if wide[line]:
                            start, length = _utf16(text[line_starts[line]:at]), _utf16(part)
                        else:
                            length = len(part)
                        cursor.setPosition(positions[line] + start)
                        cursor.setPosition(cursor.position() + length, QTextCursor.MoveMode.KeepAnchor)
                        cursor.mergeCharFormat(fmt)
                    at += len(part) + 1
            offset += len(value)
        cursor.endEditBlock()

    def _at_bottom(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() >= bar.maximum() - 4

    def _scroll_to_end(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())


def _when(timestamp: float) -> str:
    """When a message was written: the time today, else the date and time."""
    moment = datetime.fromtimestamp(timestamp)
    return moment.strftime("%H:%M") if moment.date() == datetime.now().date() else moment.strftime("%Y-%m-%d %H:%M")


def _utf16(text: str) -> int:
    """How many UTF-16 units ``text`` takes (Qt's document positions)."""
    return len(text.encode("utf-16-le")) // 2


def _insert_markdown(cursor: QTextCursor, text: str) -> None:
    """Insert Markdown at the cursor, in the empty block there. Qt merges the first block of what it inserts into the
    current one and drops that block's format: a reply that opens with a code fence or a heading would lose it."""
    block = cursor.block()
    cursor.insertMarkdown(text or " ", MARKDOWN)
    parsed = QTextDocument()  # the first paragraph is enough to know the first block's format (a streaming reply
    parsed.setMarkdown(text.split("\n\n", 1)[0] or " ", MARKDOWN)  # is drawn again every RERENDER_MS)
    QTextCursor(block).setBlockFormat(parsed.firstBlock().blockFormat())
