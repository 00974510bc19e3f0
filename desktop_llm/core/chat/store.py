"""Conversations in SQLite: WAL mode, one transaction per message, a versioned schema.

A reply is inserted as ``streaming`` when it starts and saved as it grows, so a crash or ``kill -9`` mid-reply
keeps what was generated; the next start marks such rows ``interrupted``. Each thread opens its own store.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..common.errors import UserError
from ..common.messages import translate

# Finished states; "streaming" is the only unfinished one.
STATUSES = ("complete", "streaming", "stopped", "interrupted", "failed")
FIRST = 0  # add_message(parent_id=FIRST): a new first message (a version of the conversation's opening)
MARK_START, MARK_END = "\x02", "\x03"  # around the match in a search snippet
TRIGRAM = 3  # the full-text index finds substrings of 3 characters or more; shorter ones are scanned

# Each entry brings the schema from the version before it to its own number (PRAGMA user_version); a database is
# taken forward step by step, in one transaction, so one written by any earlier version opens with nothing lost.
_MIGRATIONS = (
    """
    CREATE TABLE IF NOT EXISTS conversations (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        system_prompt TEXT NOT NULL DEFAULT '',
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    );
    CREATE TABLE IF NOT EXISTS messages (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
        content TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'complete'
            CHECK (status IN ('complete', 'streaming', 'stopped', 'interrupted', 'failed')),
        created_at REAL NOT NULL,
        stats TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages (conversation_id, id);
    """,
    # 2: documents attached to conversations, their passages and a full-text index of them (chat.attachments);
    # the passages a reply cites are kept with it.
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        path TEXT,
        size INTEGER NOT NULL DEFAULT 0,
        mtime_ns INTEGER NOT NULL DEFAULT 0,
        text_sha256 TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL DEFAULT '',
        pages INTEGER,
        chars INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'ready', 'failed')),
        problem TEXT NOT NULL DEFAULT '',
        warnings TEXT NOT NULL DEFAULT '[]',
        added_at REAL NOT NULL
    );
    CREATE TABLE attachments (
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        PRIMARY KEY (conversation_id, document_id)
    );
    CREATE TABLE passages (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        page INTEGER,
        heading TEXT NOT NULL DEFAULT '',
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX passages_by_document ON passages (document_id, ordinal);
    CREATE VIRTUAL TABLE passage_terms USING fts5(terms, tokenize = 'porter unicode61 remove_diacritics 2');
    ALTER TABLE messages ADD COLUMN citations TEXT NOT NULL DEFAULT '[]';
    """,
    # 3: conversations are trees: each message has a parent (its versions are the messages with the same one) and
    # the conversation remembers the branch on screen by its last message. Linear histories become one branch.
    # Titles and messages get a trigram full-text index (substrings of any script, Chinese included).
    """
    ALTER TABLE messages ADD COLUMN parent_id INTEGER REFERENCES messages(id) ON DELETE CASCADE;
    ALTER TABLE conversations ADD COLUMN leaf_id INTEGER;
    UPDATE messages SET parent_id = (SELECT MAX(p.id) FROM messages p
                                     WHERE p.conversation_id = messages.conversation_id AND p.id < messages.id);
    UPDATE conversations SET leaf_id = (SELECT MAX(m.id) FROM messages m WHERE m.conversation_id = conversations.id);
    CREATE INDEX messages_by_parent ON messages (parent_id);
    CREATE VIRTUAL TABLE message_text USING fts5(content, content = 'messages', content_rowid = 'id',
                                                 tokenize = 'trigram');
    CREATE TRIGGER message_text_insert AFTER INSERT ON messages BEGIN
        INSERT INTO message_text (rowid, content) VALUES (new.id, new.content);
    END;
    CREATE TRIGGER message_text_delete AFTER DELETE ON messages BEGIN
        INSERT INTO message_text (message_text, rowid, content) VALUES ('delete', old.id, old.content);
    END;
    CREATE TRIGGER message_text_update AFTER UPDATE OF content ON messages BEGIN
        INSERT INTO message_text (message_text, rowid, content) VALUES ('delete', old.id, old.content);
        INSERT INTO message_text (rowid, content) VALUES (new.id, new.content);
    END;
    INSERT INTO message_text (message_text) VALUES ('rebuild');
    """,
    # 4: passages embedded by an embedding model (float32, unit length), per model: ranked by meaning beside BM25.
    """
    CREATE TABLE passage_vectors (
        passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (model, passage_id)
    );
    """,
)
SCHEMA_VERSION = len(_MIGRATIONS)


class StoreError(UserError, RuntimeError):
    """The history database cannot be opened or written (the message says which file and why)."""


@dataclass(frozen=True)
class Conversation:
    id: int
    title: str
    system_prompt: str
    created_at: float
    updated_at: float
    leaf_id: int | None = None  # the last message of the branch on screen


@dataclass(frozen=True)
class SearchHit:
    """A conversation that matches a search, and where: a message's id and a snippet around the match (the match
    between ``MARK_START`` and ``MARK_END``), or no message when only the title matches."""

    conversation: Conversation
    message_id: int | None
    snippet: str


@dataclass(frozen=True)
class Message:
    id: int
    conversation_id: int
    role: str
    content: str
    status: str
    created_at: float
    stats: dict
    citations: list = field(default_factory=list)  # passages of attached documents the reply drew on
    parent_id: int | None = None  # the message it answers or follows (None: the first of its conversation)

    @property
    def incomplete(self) -> bool:
        return self.status in ("streaming", "stopped", "interrupted", "failed")


class ConversationStore:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=10)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across app crashes
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(translate("CoreChat", "the history database {path} cannot be used: {error}").format(
                path=str(self.path), error=str(exc))) from None

    def close(self) -> None:
        self.db.close()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(translate("CoreChat", "{path} was written by a newer Desktop LLM (schema {version})"
                                       ).format(path=str(self.path), version=version))
        if version < SCHEMA_VERSION:
            with self.transaction():
                for script in _MIGRATIONS[version:]:
                    for statement in _statements(script):
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def transaction(self):
        """BEGIN IMMEDIATE … COMMIT (for the modules that keep their own tables here: ``attachments``)."""
        return _Transaction(self.db)

    # -- conversations -------------------------------------------------------------------------------------------

    def create_conversation(self, title: str = "New chat", system_prompt: str = "") -> Conversation:
        now = time.time()
        with self.transaction():
            cursor = self.db.execute(
                "INSERT INTO conversations (title, system_prompt, created_at, updated_at) VALUES (?, ?, ?, ?)",
                (title, system_prompt, now, now),
            )
        return self.conversation(cursor.lastrowid)

    def conversation(self, conversation_id: int) -> Conversation | None:
        row = self.db.execute("SELECT * FROM conversations WHERE id = ?", (conversation_id,)).fetchone()
        return Conversation(**dict(row)) if row else None

    def conversations(self) -> list[Conversation]:
        """Newest first."""
        rows = self.db.execute("SELECT * FROM conversations ORDER BY updated_at DESC, id DESC")
        return [Conversation(**dict(row)) for row in rows]

    def search(self, text: str, limit: int = 200) -> list[SearchHit]:
        """Conversations whose title or messages (any version) hold ``text``, case-insensitive, newest first, each
        with the newest matching message and a snippet of it. Runs on the full-text index for 3 characters or more;
        shorter text is scanned."""
        text = text.strip()
        if not text:
            return []
        if len(text) >= TRIGRAM:
            phrase = '"' + text.replace('"', '""') + '"'
            found = self.db.execute(
                "SELECT m.conversation_id, MAX(m.id) AS message_id FROM message_text"
                " JOIN messages m ON m.id = message_text.rowid WHERE message_text MATCH ? GROUP BY m.conversation_id",
                (phrase,))
        else:
            found = self.db.execute(
                "SELECT conversation_id, MAX(id) AS message_id FROM messages WHERE content LIKE ? ESCAPE '\\'"
                " GROUP BY conversation_id", (f"%{_escape_like(text)}%",))
        matches = {row["conversation_id"]: row["message_id"] for row in found}
        hits = []
        for conversation in self.conversations():
            message_id = matches.get(conversation.id)
            message = self.message(message_id) if message_id is not None else None  # None: deleted meanwhile
            if message is not None:
                hits.append(SearchHit(conversation, message_id, _snippet(message.content, text)))
            elif text.casefold() in conversation.title.casefold():
                hits.append(SearchHit(conversation, None, ""))
            if len(hits) >= limit:
                break
        return hits

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        with self.transaction():
            self.db.execute("UPDATE conversations SET title = ? WHERE id = ?", (title.strip() or "Untitled",
                                                                                 conversation_id))

    def set_system_prompt(self, conversation_id: int, system_prompt: str) -> None:
        with self.transaction():
            self.db.execute("UPDATE conversations SET system_prompt = ? WHERE id = ?",
                             (system_prompt, conversation_id))

    def delete_conversation(self, conversation_id: int) -> None:
        with self.transaction():
            # Unlinked first: the parent_id cascade goes one level per message and SQLite stops at 1,000 levels.
            self.db.execute("UPDATE messages SET parent_id = NULL WHERE conversation_id = ?", (conversation_id,))
            self.db.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))

    # -- messages ------------------------------------------------------------------------------------------------

    def add_message(self, conversation_id: int, role: str, content: str, status: str = "complete",
                    parent_id: int | None = None) -> Message:
        """Add a message after the last one on screen, or under ``parent_id`` (``FIRST``: as a first message), next
        to that parent's other replies as a new version; either way it becomes the end of the branch on screen."""
        now = time.time()
        with self.transaction():
            if parent_id is None:
                parent_id = self.db.execute("SELECT leaf_id FROM conversations WHERE id = ?",
                                            (conversation_id,)).fetchone()[0]
            cursor = self.db.execute(
                "INSERT INTO messages (conversation_id, role, content, status, created_at, parent_id)"
                " VALUES (?, ?, ?, ?, ?, ?)", (conversation_id, role, content, status, now, parent_id or None))
            self.db.execute("UPDATE conversations SET updated_at = ?, leaf_id = ? WHERE id = ?",
                            (now, cursor.lastrowid, conversation_id))
        return self.message(cursor.lastrowid)

    def update_message(self, message_id: int, content: str, status: str | None = None,
                       stats: dict | None = None, citations: list | None = None) -> None:
        with self.transaction():
            self.db.execute(
                "UPDATE messages SET content = ?, status = COALESCE(?, status), stats = COALESCE(?, stats),"
                " citations = COALESCE(?, citations) WHERE id = ?",
                (content, status, json.dumps(stats) if stats is not None else None,
                 json.dumps(citations, ensure_ascii=False) if citations is not None else None, message_id),
            )

    def message(self, message_id: int) -> Message | None:
        row = self.db.execute("SELECT * FROM messages WHERE id = ?", (message_id,)).fetchone()
        return _message(row) if row else None

    def messages(self, conversation_id: int) -> list[Message]:
        """The branch on screen: from the first message to the conversation's ``leaf_id``, in order."""
        rows = self.db.execute(
            "WITH RECURSIVE branch(id) AS ("
            " SELECT leaf_id FROM conversations WHERE id = ?"
            " UNION ALL SELECT m.parent_id FROM messages m JOIN branch b ON m.id = b.id WHERE m.parent_id IS NOT NULL)"
            " SELECT m.* FROM messages m JOIN branch b ON m.id = b.id ORDER BY m.id", (conversation_id,))
        return [_message(row) for row in rows]

    def all_messages(self, conversation_id: int) -> list[Message]:
        """Every version of every message (the whole tree), oldest first."""
        rows = self.db.execute("SELECT * FROM messages WHERE conversation_id = ? ORDER BY id", (conversation_id,))
        return [_message(row) for row in rows]

    def versions(self, message: Message) -> list[int]:
        """The ids of ``message`` and its other versions (the messages with the same parent), oldest first."""
        rows = self.db.execute("SELECT id FROM messages WHERE conversation_id = ? AND parent_id IS ? ORDER BY id",
                               (message.conversation_id, message.parent_id))
        return [row[0] for row in rows]

    def continue_from(self, conversation_id: int, message_id: int | None) -> None:
        """End the branch on screen at ``message_id`` (None: before the first message): the next message added
        becomes a new version of what followed it, which stays in the tree."""
        with self.transaction():
            self.db.execute("UPDATE conversations SET leaf_id = ? WHERE id = ?", (message_id, conversation_id))

    def show_version(self, message_id: int) -> None:
        """Put ``message_id`` on screen, with the newest branch that follows it."""
        leaf = message_id
        while (child := self.db.execute("SELECT MAX(id) FROM messages WHERE parent_id = ?", (leaf,)).fetchone()[0]):
            leaf = child
        message = self.message(message_id)
        self.continue_from(message.conversation_id, leaf)

    def delete_branch(self, message_id: int) -> None:
        """Delete a message, and every message after it in any branch. When it was on screen, its newest other
        version is shown instead (or the conversation ends before it)."""
        message = self.message(message_id)
        if message is None:
            return
        on_screen = message_id in {m.id for m in self.messages(message.conversation_id)}
        subtree = ("WITH RECURSIVE below(id) AS (SELECT ? UNION ALL SELECT m.id FROM messages m JOIN below b"
                   " ON m.parent_id = b.id) SELECT id FROM below")
        with self.transaction():
            ids = [row[0] for row in self.db.execute(subtree, (message_id,))]
            for start in range(0, len(ids), 500):  # unlinked, then deleted: no cascade 1,000 levels deep
                chunk = ids[start:start + 500]
                marks = ",".join("?" * len(chunk))
                self.db.execute(f"UPDATE messages SET parent_id = NULL WHERE id IN ({marks})", chunk)
                self.db.execute(f"DELETE FROM messages WHERE id IN ({marks})", chunk)
        if on_screen:
            others = self.versions(message)
            if others:
                self.show_version(others[-1])
            else:
                self.continue_from(message.conversation_id, message.parent_id)

    def has_message(self, conversation_id: int, role: str) -> bool:
        """Whether the conversation holds a message of ``role`` (cheap: what the actions enabled depend on)."""
        return self.db.execute("SELECT 1 FROM messages WHERE conversation_id = ? AND role = ? LIMIT 1",
                                (conversation_id, role)).fetchone() is not None

    def mark_interrupted(self) -> int:
        """Replies left ``streaming`` by a crashed or killed run are kept and marked ``interrupted``."""
        with self.transaction():
            return self.db.execute("UPDATE messages SET status = 'interrupted' WHERE status = 'streaming'").rowcount

    def integrity_ok(self) -> bool:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # -- export --------------------------------------------------------------------------------------------------

    def export_json(self, conversation_id: int) -> str:
        """The whole tree: every version of every message (``parent_id`` links them), and ``branch``, the ids of
        the one on screen."""
        conversation = self.conversation(conversation_id)
        data = asdict(conversation)
        data["messages"] = [asdict(m) for m in self.all_messages(conversation_id)]
        data["branch"] = [m.id for m in self.messages(conversation_id)]
        return json.dumps(data, indent=2, ensure_ascii=False)

    def export_markdown(self, conversation_id: int) -> str:
        """The branch on screen."""
        conversation = self.conversation(conversation_id)
        lines = [f"# {conversation.title}", ""]
        if conversation.system_prompt:
            lines += [f"> System prompt: {conversation.system_prompt}", ""]
        for message in self.messages(conversation_id):
            heading = "You" if message.role == "user" else "Assistant"
            if message.role == "assistant" and message.stats.get("model"):
                heading += f" · {message.stats['model']}"
            if message.incomplete:
                heading += f" ({message.status})"
            lines += [f"## {heading}", "", message.content, ""]
            if message.citations:
                lines += ["Sources:", ""] + [f"- [{c['n']}] {citation_place(c)}: “{_excerpt(c['text'])}”"
                                             for c in message.citations] + [""]
        return "\n".join(lines)


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on error; nested use is not needed and not supported."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, value, traceback):
        if kind is None:
            try:
                self.db.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                self.db.execute("ROLLBACK")
                raise StoreError(translate("CoreChat", "could not save to the history database: {error}").format(
                    error=str(exc))) from None
        else:
            self.db.execute("ROLLBACK")
            if isinstance(value, sqlite3.DatabaseError):
                raise StoreError(translate("CoreChat", "could not save to the history database: {error}").format(
                    error=str(value))) from None
        return False


def _statements(script: str):
    """The SQL statements of a migration, one by one (a trigger's body holds semicolons of its own)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            yield statement.strip()
            statement = ""
    if statement.strip():
        yield statement.strip()


def _message(row: sqlite3.Row) -> Message:
    values = dict(row)
    values["stats"] = json.loads(values["stats"] or "{}")
    values["citations"] = json.loads(values["citations"] or "[]")
    return Message(**values)


def citation_place(citation: dict) -> str:
    """Where a cited passage is: "spec.pdf, page 6 (4.2 Checksums)"."""
    place = citation["file"]
    if citation.get("page"):
        place = translate("CoreChat", "{file}, page {page}").format(file=place, page=citation["page"])
    if citation.get("heading"):
        place = translate("CoreChat", "{place} ({heading})").format(place=place, heading=citation["heading"])
    return place


def _excerpt(text: str, length: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def _snippet(content: str, text: str, around: int = 60) -> str:
    """A line of ``content`` around the first place that holds ``text`` (case-insensitive), the match marked."""
    flat = " ".join(content.split())
    at = flat.casefold().find(text.casefold())
    if at < 0:  # the index matched across what the flattening changed: show the start
        return _excerpt(flat, 2 * around)
    start, end = max(0, at - around), min(len(flat), at + len(text) + around)
    return ("…" if start else "") + flat[start:at] + MARK_START + flat[at:at + len(text)] + MARK_END + \
        flat[at + len(text):end] + ("…" if end < len(flat) else "")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
