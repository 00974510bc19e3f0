"""Documents attached to conversations: read once, cut into passages, indexed for full-text search (SQLite FTS5,
BM25 ranking) in the history database, beside the conversations they belong to.

Attaching only queues a document; ``index_next`` reads and indexes one at a time, on whatever thread the caller
gives it (never the UI thread, never the engine's), each in one transaction: a quit or crash in the middle leaves it
queued, and it is read again at the next start. A file attached again unchanged (same path, size and time) reuses
its passages without being read; a changed file with the same text (by hash) too. A document that cannot be read
keeps its reason, and the other documents are used.

Where an embedding model is installed, ``embed_pending`` also gives every passage a vector (after the text is
indexed, so questions never wait for it), and ``search`` ranks passages by meaning as well as by words, fusing the
two rankings by reciprocal rank (each passage scores ``1 / (RRF_K + rank)`` in each list): a paraphrase with no word
in common still finds its passage, and neither ranking's scale has to be trusted.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol, Sequence

import numpy as np

from ..common.errors import Cancelled, UserError
from ..common.messages import Text, from_data, from_json, to_data, translate
from ..text.documents import Document, DocumentError, document_from_text, read_document
from ..text.passages import index_terms, query_terms, split_passages
from .store import ConversationStore

log = logging.getLogger(__name__)
ProgressCallback = Callable[[float, str], None]
RRF_K = 60  # reciprocal rank fusion's usual constant: ranks beyond the first few weigh nearly the same
CANDIDATES = 50  # from each ranking, before fusion
EMBED_BATCH = 16  # passages embedded per call (and per transaction: a quit loses at most one batch)


class Embedder(Protocol):
    """An embedding model (``engines.embedding``): unit-length vectors for questions and passages."""

    key: str  # names the vectors it makes (another model's are not comparable)

    def embed(self, texts: Sequence[str], role: str) -> list[list[float]]:  # role: "query" or "passage"
        ...


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
            raise DocumentError(translate("CoreChat", "Cannot open {name}: {reason}.").format(
                name=path.name, reason=exc.strerror or str(exc))) from None
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
        on_progress(0.0, translate("CoreChat", "Reading {name}…").format(name=target.name))
        try:
            document = read_document(target.path, cancel, on_progress)
        except DocumentError as exc:
            with self.store.transaction():
                self.db.execute("UPDATE documents SET status = 'failed', problem = ? WHERE id = ?",
                                (_stored(exc.args[0] if exc.args else str(exc)), target.id))
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
            self.db.execute("UPDATE documents SET status = 'failed', problem = ? WHERE id = ?",
                            (_stored(problem), document_id))

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
                         json.dumps([to_data(w) for w in document.warnings], ensure_ascii=False), document_id))

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

    def search(self, conversation_id: int, question: str, limit: int, embedder: Embedder | None = None
               ) -> list[StoredPassage]:
        """The passages of the conversation's documents that best match ``question``, best first: by BM25, fused
        with the embedding model's ranking when one is given and the passages have its vectors (an embedding model
        that fails leaves the words: the question is still answered)."""
        by_words = self._search_words(conversation_id, question, max(limit, CANDIDATES))
        by_meaning = []
        if embedder is not None:
            try:
                by_meaning = self._search_meaning(conversation_id, question, embedder)
            except (UserError, Cancelled) as exc:  # failed, or closed meanwhile (deleted, replaced)
                log.warning("ranking by meaning failed, words only: %s", exc)
        if not by_meaning:
            return by_words[:limit]
        scores: dict[int, float] = {}
        passages = {p.id: p for p in by_words + by_meaning}
        for ranking in (by_words, by_meaning):
            for rank, passage in enumerate(ranking, 1):
                scores[passage.id] = scores.get(passage.id, 0.0) + 1.0 / (RRF_K + rank)
        best = sorted(scores, key=lambda passage_id: -scores[passage_id])
        return [passages[passage_id] for passage_id in best[:limit]]

    def _search_words(self, conversation_id: int, question: str, limit: int) -> list[StoredPassage]:
        terms = query_terms(question)
        if not terms:
            return []
        match = " OR ".join(f'"{term}"' for term in terms)
        rows = self.db.execute(
            f"{_PASSAGES} JOIN passage_terms t ON t.rowid = p.id JOIN attachments a ON a.document_id = p.document_id "
            "WHERE passage_terms MATCH ? AND a.conversation_id = ? ORDER BY bm25(passage_terms) LIMIT ?",
            (match, conversation_id, limit))
        return [StoredPassage(**dict(row)) for row in rows]

    def _search_meaning(self, conversation_id: int, question: str, embedder: Embedder) -> list[StoredPassage]:
        """The passages nearest the question by cosine similarity; empty until they all have vectors (a partial
        ranking would favour whichever documents were embedded first)."""
        if self.unembedded(embedder, conversation_id):
            return []
        rows = self.db.execute(
            "SELECT v.passage_id, v.vector FROM passage_vectors v JOIN passages p ON p.id = v.passage_id "
            "JOIN documents d ON d.id = p.document_id JOIN attachments a ON a.document_id = p.document_id "
            "WHERE v.model = ? AND a.conversation_id = ? AND d.status = 'ready'",
            (embedder.key, conversation_id)).fetchall()
        if not rows:
            return []
        query = np.asarray(embedder.embed([question], "query")[0], dtype=np.float32)
        similarity = np.frombuffer(b"".join(row[1] for row in rows), dtype=np.float32).reshape(len(rows), -1) @ query
        best = np.argpartition(-similarity, min(CANDIDATES, len(rows)) - 1)[:CANDIDATES]
        best = best[np.argsort(-similarity[best], kind="stable")]
        ids = [rows[i][0] for i in best]
        found = {row["id"]: StoredPassage(**dict(row)) for row in self.db.execute(
            f"{_PASSAGES} WHERE p.id IN ({', '.join('?' * len(ids))})", ids)}
        return [found[passage_id] for passage_id in ids if passage_id in found]

    # -- vectors -------------------------------------------------------------------------------------------------

    def unembedded(self, embedder: Embedder, conversation_id: int | None = None) -> int:
        """How many passages of ready documents (of one conversation, or all) have no vector of ``embedder``'s."""
        scope = ("JOIN attachments a ON a.document_id = p.document_id AND a.conversation_id = ?"
                 if conversation_id is not None else "")
        return self.db.execute(
            f"SELECT COUNT(*) FROM passages p JOIN documents d ON d.id = p.document_id {scope} "
            "WHERE d.status = 'ready' AND NOT EXISTS (SELECT 1 FROM passage_vectors v WHERE v.model = ? "
            "AND v.passage_id = p.id)", (*(() if conversation_id is None else (conversation_id,)), embedder.key)
        ).fetchone()[0]

    def embed_pending(self, embedder: Embedder, cancel: threading.Event,
                      on_progress: ProgressCallback = lambda f, t: None) -> int:
        """Give every passage of the ready documents a vector of ``embedder``'s, a batch per transaction (a quit
        keeps what was done); returns how many were embedded. Cancel stops between batches."""
        total = self.unembedded(embedder)
        done, after = 0, 0
        while not cancel.is_set():
            rows = self.db.execute(  # onwards from the last batch: each passage is looked at once
                "SELECT p.id, p.heading, p.text FROM passages p JOIN documents d ON d.id = p.document_id "
                "WHERE p.id > ? AND d.status = 'ready' AND NOT EXISTS (SELECT 1 FROM passage_vectors v "
                "WHERE v.model = ? AND v.passage_id = p.id) ORDER BY p.id LIMIT ?",
                (after, embedder.key, EMBED_BATCH)).fetchall()
            if not rows:
                break
            after = rows[-1]["id"]
            on_progress(done / max(total, 1), translate("CoreChat", "Embedding passages: {done:,} of {total:,}").format(
                done=done, total=total))
            vectors = embedder.embed([f"{row['heading']}\n{row['text']}".strip() for row in rows], "passage")
            with self.store.transaction():
                self.db.executemany(  # a passage removed meanwhile (its document detached) is skipped
                    "INSERT OR REPLACE INTO passage_vectors (passage_id, model, vector) SELECT ?, ?, ? "
                    "WHERE EXISTS (SELECT 1 FROM passages WHERE id = ?)",
                    [(row["id"], embedder.key, np.asarray(vector, dtype=np.float32).tobytes(), row["id"])
                     for row, vector in zip(rows, vectors)])
            done += len(rows)
        return done


_COLUMNS = "p.id, p.document_id, d.name AS file, p.ordinal, p.page, p.heading, p.start, p.end, p.text"
_PASSAGES = f"SELECT {_COLUMNS} FROM passages p JOIN documents d ON d.id = p.document_id"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stored(message: str) -> str:
    """A message for a text column: translatable ones keep their source and arguments."""
    return message.to_json() if isinstance(message, Text) else message


def _document(row) -> AttachedDocument:
    warnings = tuple(from_data(warning) for warning in json.loads(row["warnings"] or "[]"))
    return AttachedDocument(row["id"], row["name"], row["path"], row["status"], from_json(row["problem"]),
                            row["pages"], row["chars"], warnings)
