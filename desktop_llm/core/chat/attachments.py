"""Documents attached to conversations: read once, cut into passages, indexed for full-text search (SQLite FTS5,
BM25 ranking) in the history database, beside the conversations they belong to.

Attaching only queues a document; ``index_next`` reads and indexes one at a time, on whatever thread the caller
gives it (never the UI thread, never the engine's), each in one transaction: a quit or crash in the middle leaves it
queued, and it is read again at the next start. A file attached again unchanged (same path, size and time) reuses
its passages without being read; a changed file with the same text (by hash) too. A document that cannot be read
keeps its reason, and the other documents are used.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..common.errors import Cancelled
from ..text.documents import Document, DocumentError, document_from_text, read_document
from ..text.passages import index_terms, query_terms, split_passages
from .store import ConversationStore

ProgressCallback = Callable[[float, str], None]


@dataclass(frozen=True)
class AttachedDocument:
    id: int
    name: str
    path: str | None  # None: pasted text
    status: str  # "queued", "ready" or "failed"
    problem: str  # why it failed
    pages: int | None
    chars: int
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class StoredPassage:
    id: int
    document_id: int
    file: str
    ordinal: int
    page: int | None
    heading: str
    start: int
    end: int
    text: str

    def citation(self, number: int, cited: bool) -> dict:
        """How a reply keeps it: enough to show it (file, page, heading, text) without the index."""
        return {"n": number, "file": self.file, "page": self.page, "heading": self.heading, "text": self.text,
                "document_id": self.document_id, "passage_id": self.id, "start": self.start, "end": self.end,
                "cited": cited}


class DocumentIndex:
    """The attachments of every conversation, over a :class:`ConversationStore` (one per thread, like the store)."""

    def __init__(self, store: ConversationStore):
        self.store = store
        self.db = store.db

    # -- attaching -----------------------------------------------------------------------------------------------

    def attach(self, conversation_id: int, path: str | Path) -> AttachedDocument:
        """Queue ``path`` for reading (or reuse its passages when it has not changed since it was read)."""
        path = Path(path).resolve()
        try:
            info = path.stat()
        except OSError as exc:
            raise DocumentError(f"Cannot open {path.name}: {exc.strerror or exc}.") from None
        row = self.db.execute("SELECT id FROM documents WHERE path = ? AND size = ? AND mtime_ns = ? "
                              "AND status = 'ready' ORDER BY id DESC LIMIT 1",
                              (str(path), info.st_size, info.st_mtime_ns)).fetchone()
        with self.store.transaction():
            if row is None:
                row = (self.db.execute("INSERT INTO documents (name, path, size, mtime_ns, added_at) VALUES "
                                       "(?, ?, ?, ?, ?)", (path.name, str(path), info.st_size, info.st_mtime_ns,
                                                           time.time())).lastrowid,)
            self.db.execute("INSERT OR IGNORE INTO attachments (conversation_id, document_id) VALUES (?, ?)",
                            (conversation_id, row[0]))
        return self.document(row[0])

    def attach_text(self, conversation_id: int, text: str, name: str) -> AttachedDocument:
        """Attach text that has no file (the Summarize pane's pasted text): indexed at once."""
        document = document_from_text(text, name)
        with self.store.transaction():
            document_id = self.db.execute("INSERT INTO documents (name, added_at) VALUES (?, ?)",
                                          (name, time.time())).lastrowid
            self.db.execute("INSERT INTO attachments (conversation_id, document_id) VALUES (?, ?)",
                            (conversation_id, document_id))
            self._store_passages(document_id, document)
        return self.document(document_id)

    def detach(self, conversation_id: int, document_id: int) -> None:
        with self.store.transaction():
            self.db.execute("DELETE FROM attachments WHERE conversation_id = ? AND document_id = ?",
                            (conversation_id, document_id))
            self._forget_unattached()

    def forget_conversation(self, conversation_id: int) -> None:
        """After a conversation is deleted: drop the documents nothing else is attached to."""
        with self.store.transaction():
            self.db.execute("DELETE FROM attachments WHERE conversation_id = ?", (conversation_id,))
            self._forget_unattached()

    def _forget_unattached(self) -> None:
        unattached = "SELECT id FROM documents WHERE id NOT IN (SELECT document_id FROM attachments)"
        self.db.execute(f"DELETE FROM passage_terms WHERE rowid IN (SELECT id FROM passages WHERE document_id IN "
                        f"({unattached}))")
        self.db.execute(f"DELETE FROM documents WHERE id IN ({unattached})")

    # -- what is attached ----------------------------------------------------------------------------------------

    def document(self, document_id: int) -> AttachedDocument:
        return _document(self.db.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone())

    def attached(self, conversation_id: int) -> list[AttachedDocument]:
        rows = self.db.execute("SELECT d.* FROM documents d JOIN attachments a ON a.document_id = d.id "
                               "WHERE a.conversation_id = ? ORDER BY d.id", (conversation_id,))
        return [_document(row) for row in rows]

    def pending(self, conversation_id: int | None = None) -> list[AttachedDocument]:
        """Documents still to be read (of one conversation, or of all)."""
        if conversation_id is None:
            rows = self.db.execute("SELECT * FROM documents WHERE status = 'queued' ORDER BY id")
            return [_document(row) for row in rows]
        return [d for d in self.attached(conversation_id) if d.status == "queued"]

    # -- indexing ------------------------------------------------------------------------------------------------

    def index_next(self, cancel: threading.Event, on_progress: ProgressCallback = lambda f, t: None
                   ) -> AttachedDocument | None:
        """Read and index the oldest queued document; None when none is left. A file that cannot be read is marked
        failed with the reason (and the rest go on); Cancel leaves it queued."""
        queued = self.pending()
        if not queued:
            return None
        target = queued[0]
        on_progress(0.0, f"Reading {target.name}…")
        try:
            document = read_document(target.path, cancel, on_progress)
        except DocumentError as exc:
            with self.store.transaction():
                self.db.execute("UPDATE documents SET status = 'failed', problem = ? WHERE id = ?",
                                (str(exc), target.id))
            return self.document(target.id)
        if cancel.is_set():
            raise Cancelled()
        digest = _digest(document.text)
        twin = self.db.execute("SELECT id FROM documents WHERE text_sha256 = ? AND status = 'ready' AND id != ?",
                               (digest, target.id)).fetchone()
        with self.store.transaction():
            if twin is not None:  # the same text under another name or date: its passages serve
                self.db.execute("UPDATE OR IGNORE attachments SET document_id = ? WHERE document_id = ?",
                                (twin[0], target.id))
                self.db.execute("DELETE FROM attachments WHERE document_id = ?", (target.id,))  # already had it
                self._forget_unattached()
                return self.document(twin[0])
            self._store_passages(target.id, document)
        return self.document(target.id)

    def mark_failed(self, document_id: int, problem: str) -> None:
        with self.store.transaction():
            self.db.execute("UPDATE documents SET status = 'failed', problem = ? WHERE id = ?", (problem, document_id))

    def _store_passages(self, document_id: int, document: Document) -> None:
        passages = split_passages(document)
        # Every passage is also found by its document's name and title: "under the Apache licence" points at that
        # licence's passages rather than at the GPL's clause on the same subject.
        title = f"{Path(document.source).stem} {document.text.lstrip().split(chr(10), 1)[0][:100]}"
        for passage in passages:
            passage_id = self.db.execute(
                "INSERT INTO passages (document_id, ordinal, page, heading, start, end, text) VALUES "
                "(?, ?, ?, ?, ?, ?, ?)", (document_id, passage.ordinal, passage.page, passage.heading,
                                          passage.start, passage.end, passage.text)).lastrowid
            # The heading is searched with its passage: "4.2 Checksums" finds the text under it.
            self.db.execute("INSERT INTO passage_terms (rowid, terms) VALUES (?, ?)",
                            (passage_id, index_terms(f"{title}\n{passage.heading}\n{passage.text}")))
        self.db.execute("UPDATE documents SET status = 'ready', problem = '', kind = ?, pages = ?, chars = ?, "
                        "text_sha256 = ?, warnings = ? WHERE id = ?",
                        (document.kind, document.pages, len(document.text), _digest(document.text),
                         json.dumps(list(document.warnings), ensure_ascii=False), document_id))

    # -- reading -------------------------------------------------------------------------------------------------

    def passages(self, conversation_id: int) -> list[StoredPassage]:
        """Every passage of the conversation's ready documents, document by document, in order."""
        rows = self.db.execute(
            f"{_PASSAGES} JOIN attachments a ON a.document_id = p.document_id WHERE a.conversation_id = ? "
            "AND d.status = 'ready' ORDER BY p.document_id, p.ordinal", (conversation_id,))
        return [StoredPassage(**dict(row)) for row in rows]

    def neighbours(self, passage_id: int) -> tuple[str, str, str | None]:
        """The text before and after a passage in its document, and the document's file (for a cited passage
        shown in its place); empty when the document is no longer indexed."""
        row = self.db.execute("SELECT p.document_id, p.ordinal, d.path FROM passages p JOIN documents d ON "
                              "d.id = p.document_id WHERE p.id = ?", (passage_id,)).fetchone()
        if row is None:
            return "", "", None
        texts = dict(self.db.execute("SELECT ordinal, text FROM passages WHERE document_id = ? AND ordinal IN "
                                     "(?, ?)", (row[0], row[1] - 1, row[1] + 1)).fetchall())
        return texts.get(row[1] - 1, ""), texts.get(row[1] + 1, ""), row[2]

    def search(self, conversation_id: int, question: str, limit: int) -> list[StoredPassage]:
        """The passages of the conversation's documents that best match ``question``, best first (BM25)."""
        terms = query_terms(question)
        if not terms:
            return []
        match = " OR ".join(f'"{term}"' for term in terms)
        rows = self.db.execute(
            f"{_PASSAGES} JOIN passage_terms t ON t.rowid = p.id JOIN attachments a ON a.document_id = p.document_id "
            "WHERE passage_terms MATCH ? AND a.conversation_id = ? ORDER BY bm25(passage_terms) LIMIT ?",
            (match, conversation_id, limit))
        return [StoredPassage(**dict(row)) for row in rows]


_PASSAGES = ("SELECT p.id, p.document_id, d.name AS file, p.ordinal, p.page, p.heading, p.start, p.end, p.text "
             "FROM passages p JOIN documents d ON d.id = p.document_id")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _document(row) -> AttachedDocument:
    return AttachedDocument(row["id"], row["name"], row["path"], row["status"], row["problem"], row["pages"],
                            row["chars"], tuple(json.loads(row["warnings"] or "[]")))
