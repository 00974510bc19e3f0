import json
import sqlite3

import pytest

from desktop_llm.core.chat.store import SCHEMA_VERSION, ConversationStore, StoreError


@pytest.fixture
def store(app_home):
    store = ConversationStore(app_home.database)
    yield store
    store.close()


def test_wal_mode_and_schema_version(store, app_home):
    db = sqlite3.connect(app_home.database)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_conversation_lifecycle(store):
    chat = store.create_conversation("Trip", "Be brief.")
    store.add_message(chat.id, "user", "Where to go in Lyon?")
    reply = store.add_message(chat.id, "assistant", "", status="streaming")
    store.update_message(reply.id, "The old town.", status="complete", stats={"tokens": 4})
    store.rename_conversation(chat.id, "Lyon trip")
    other = store.create_conversation("Recipes")
    assert [c.title for c in store.conversations()][0] == "Recipes"
    assert [c.id for c in store.conversations("old TOWN")] == [chat.id]
    assert [c.id for c in store.conversations("lyon")] == [chat.id]
    assert store.conversations("100%") == []
    messages = store.messages(chat.id)
    assert [(m.role, m.content, m.status) for m in messages] == [
        ("user", "Where to go in Lyon?", "complete"), ("assistant", "The old town.", "complete")]
    assert messages[1].stats == {"tokens": 4}
    store.delete_messages_from(chat.id, reply.id)
    assert len(store.messages(chat.id)) == 1
    store.delete_conversation(other.id)
    assert store.conversation(other.id) is None


def test_streaming_replies_are_marked_interrupted_on_next_start(store):
    chat = store.create_conversation()
    reply = store.add_message(chat.id, "assistant", "partial", status="streaming")
    assert store.mark_interrupted() == 1
    assert store.message(reply.id).status == "interrupted" and store.message(reply.id).incomplete


def test_exports(store):
    chat = store.create_conversation("Export me", "Sys")
    store.add_message(chat.id, "user", "Hi")
    store.add_message(chat.id, "assistant", "Hel", status="stopped")
    markdown = store.export_markdown(chat.id)
    assert markdown.startswith("# Export me") and "## Assistant (stopped)" in markdown
    assert "> System prompt: Sys" in markdown
    data = json.loads(store.export_json(chat.id))
    assert data["title"] == "Export me" and [m["content"] for m in data["messages"]] == ["Hi", "Hel"]


def test_newer_schema_and_corrupt_files_are_refused_clearly(app_home, tmp_path):
    path = tmp_path / "newer.sqlite3"
    sqlite3.connect(path).execute("PRAGMA user_version=99")
    with pytest.raises(StoreError, match="newer Desktop LLM"):
        ConversationStore(path)
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot be used"):
        ConversationStore(garbage)
