"""The conversation view: one QTextDocument, messages rendered as Markdown (raw HTML disabled).

A streaming reply only touches its own region at the end of the document: new text is appended as it arrives
and the region is re-rendered as Markdown at most every ``RERENDER_MS``, so the cost per token does not grow with
the length of the history.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QTextBrowser

from ..core.chat.store import Message, citation_place

MARKDOWN = QTextDocument.MarkdownFeature.MarkdownNoHTML | QTextDocument.MarkdownFeature.MarkdownDialectGitHub


def markdown_as_plain_text(text: str) -> str:
    """What Markdown reads as, without its marks (``**bold**`` → bold): for places that show plain text."""
    document = QTextDocument()
    document.setMarkdown(text, MARKDOWN)
    return document.toPlainText().strip()
RERENDER_MS = 400
SOURCES_SHOWN = 5  # passages listed under a reply that cites none
ROLE_LABELS = {"user": "You", "assistant": "Assistant"}
ROLE_COLORS = {"user": "#1f6feb", "assistant": "#8250df"}
STATUS_NOTES = {
    "streaming": "still being written",
    "stopped": "stopped: partial reply",
    "interrupted": "interrupted: the app closed before this reply finished",
    "failed": "failed: partial reply",
}


class TranscriptView(QTextBrowser):
    """``citation_clicked(message_id, index)``: a source under a reply was clicked (index into its citations)."""

    citation_clicked = Signal(int, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        self.document().setDocumentMargin(12)
        self.setPlaceholderText("Type a message below to start. Everything stays on this computer.")
        self._stream_start: int | None = None
        self._stream_text = ""
        self._rendered_at = 0.0

    # -- whole conversation --------------------------------------------------------------------------------------

    def set_messages(self, messages: list[Message]) -> None:
        self.clear()
        self._stream_start = None
        for message in messages:
            self.append_message(message.role, message.content, message.status, message.stats, message.id,
                                message.citations)
        self._scroll_to_end()

    def append_message(self, role: str, text: str, status: str = "complete", stats: dict | None = None,
                       message_id: int = 0, citations: list | None = None) -> None:
        self._append_header(role)
        cursor = self._end_cursor()
        start = cursor.position()
        cursor.insertMarkdown(text or " ", MARKDOWN)
        self._style_code_blocks(start)
        if status != "complete":
            self._append_note(STATUS_NOTES.get(status, status))
        self._append_sources(message_id, citations or [])
        self._append_footer(stats)
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

    def finish_reply(self, text: str, status: str, stats: dict | None = None, message_id: int = 0,
                     citations: list | None = None) -> None:
        if self._stream_start is None:
            return
        follow = self._at_bottom()
        self._stream_text = text
        self._render_stream()
        self._stream_start = None
        if status != "complete":
            self._append_note(STATUS_NOTES.get(status, status))
        self._append_sources(message_id, citations or [])
        self._append_footer(stats)
        if follow:
            self._scroll_to_end()

    @property
    def streaming(self) -> bool:
        return self._stream_start is not None

    def _render_stream(self) -> None:
        cursor = self._end_cursor()
        cursor.setPosition(self._stream_start, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        cursor.insertMarkdown(self._stream_text or " ", MARKDOWN)
        self._style_code_blocks(self._stream_start)
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
        label.setForeground(QColor(ROLE_COLORS.get(role, "#444")))
        cursor.insertText(ROLE_LABELS.get(role, role.title()), label)
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())

    def _append_note(self, note: str) -> None:
        cursor = self._end_cursor()
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        italic = QTextCharFormat()
        italic.setFontItalic(True)
        italic.setForeground(QColor("#9a6700"))
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
            link.setForeground(self.palette().link())
            link.setFontUnderline(True)
            link.setFontWeight(QFont.Weight.Bold if citation.get("cited") else QFont.Weight.Normal)
            if index:
                cursor.insertText(" · ", small)
            cursor.insertText(f"[{citation['n']}] {citation_place(citation)}", link)
        if len(citations) > shown:
            cursor.insertText(self.tr(" (and %n more read)", "", len(citations) - shown), small)

    def _on_anchor(self, url: QUrl) -> None:
        kind, _, rest = url.toString().partition(":")
        if kind == "cite":
            message_id, _, index = rest.partition(":")
            self.citation_clicked.emit(int(message_id), int(index))
        elif url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)

    def _append_footer(self, stats: dict | None) -> None:
        """Under a reply: the model that wrote it, how fast, and what it read of the documents."""
        if not stats or not stats.get("model"):
            return
        parts = [stats["model"]]
        if stats.get("tokens"):
            parts.append(self.tr("%n token(s)", "", stats["tokens"]))
        if stats.get("tokens_per_second"):
            parts.append(self.tr("{speed:.1f} tokens/s").format(speed=stats["tokens_per_second"]))
        if stats.get("documents"):
            parts.append(stats["documents"]["read"])
        cursor = self._end_cursor()
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        small = QTextCharFormat()
        small.setFontPointSize(max(7.0, self.font().pointSizeF() * 0.85))
        small.setForeground(self.palette().placeholderText())
        cursor.insertText(" · ".join(parts), small)

    def _style_code_blocks(self, start: int) -> None:
        """Qt's Markdown import marks fenced code but gives it no background: add one, like a chat app does."""
        block = self.document().findBlock(start)
        while block.isValid():
            fmt = block.blockFormat()
            if fmt.hasProperty(QTextFormat.Property.BlockCodeFence) or fmt.nonBreakableLines():
                fmt.setBackground(QColor("#f3f4f6"))
                fmt.setLeftMargin(8)
                cursor = QTextCursor(block)
                cursor.setBlockFormat(fmt)
            block = block.next()

    def _at_bottom(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() >= bar.maximum() - 4

    def _scroll_to_end(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())
