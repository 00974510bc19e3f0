import json
import sqlite3

import pytest

from desktop_llm.core.chat.store import FIRST, MARK_END, MARK_START, SCHEMA_VERSION, ConversationStore, StoreError


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
    messages = store.messages(chat.id)
    assert [(m.role, m.content, m.status) for m in messages] == [
        ("user", "Where to go in Lyon?", "complete"), ("assistant", "The old town.", "complete")]
    assert messages[1].stats == {"tokens": 4}
    store.delete_branch(reply.id)
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


def test_edit_and_regenerate_keep_every_version_and_switching_follows_the_branch(store):
    chat = store.create_conversation()
    first = store.add_message(chat.id, "user", "Name a fruit.")
    apple = store.add_message(chat.id, "assistant", "Apple.")
    more = store.add_message(chat.id, "user", "Another?")
    store.add_message(chat.id, "assistant", "Pear.")
    store.continue_from(chat.id, first.id)  # regenerate the first reply
    banana = store.add_message(chat.id, "assistant", "Banana.")
    assert [m.content for m in store.messages(chat.id)] == ["Name a fruit.", "Banana."]
    assert store.versions(banana) == [apple.id, banana.id]
    edited = store.add_message(chat.id, "user", "Name a vegetable.", parent_id=FIRST)  # edit the first message
    assert store.versions(edited) == [first.id, edited.id]
    assert [m.content for m in store.messages(chat.id)] == ["Name a vegetable."]
    store.show_version(apple.id)  # back to the first reply: the rest of its branch follows
    assert [m.content for m in store.messages(chat.id)] == ["Name a fruit.", "Apple.", "Another?", "Pear."]
    store.show_version(first.id)  # the first message's newest branch: the regenerated reply
    assert [m.content for m in store.messages(chat.id)][-1] == "Banana."
    store.delete_branch(banana.id)  # on screen: its other version takes its place
    assert [m.content for m in store.messages(chat.id)] == ["Name a fruit.", "Apple.", "Another?", "Pear."]
    store.delete_branch(apple.id)  # and everything after it
    assert store.message(more.id) is None and [m.content for m in store.messages(chat.id)] == ["Name a fruit."]
    data = json.loads(store.export_json(chat.id))
    assert {m["content"] for m in data["messages"]} == {"Name a fruit.", "Name a vegetable."}
    assert data["branch"] == [first.id]


def test_search_finds_any_version_and_any_script_with_a_snippet(store):
    trip = store.create_conversation("Lyon trip")
    store.add_message(trip.id, "user", "Where to go?")
    store.add_message(trip.id, "assistant", "The old TOWN has a cathedral and " + "many streets " * 20)
    store.continue_from(trip.id, None)
    store.add_message(trip.id, "user", "Something else")
    zh = store.create_conversation("Notes")
    store.add_message(zh.id, "user", "我们明天去北京参观故宫")
    assert [hit.conversation.id for hit in store.search("old town")] == [trip.id]  # a version not on screen
    hit = store.search("old town")[0]
    assert f"{MARK_START}old TOWN{MARK_END}" in hit.snippet and hit.snippet.endswith("…")
    assert [hit.conversation.id for hit in store.search("北京参观")] == [zh.id]  # trigram index
    assert [hit.conversation.id for hit in store.search("故宫")] == [zh.id]  # two characters: scanned
    assert [(h.conversation.id, h.message_id) for h in store.search("lyon")] == [(trip.id, None)]  # the title
    assert store.search("100%") == [] and store.search('"quoted') == []
    reply = store.messages(zh.id)[0]
    store.update_message(reply.id, "changed text")
    assert store.search("北京参观") == [] and store.search("changed")[0].conversation.id == zh.id
    store.delete_conversation(zh.id)
    assert store.search("changed") == []


def test_a_database_of_the_previous_schema_opens_with_every_conversation_as_one_branch(app_home, tmp_path):
    """A v2 database (as the previous release wrote it) is taken to the current schema with nothing lost."""
    from desktop_llm.core.chat import store as module

    path = tmp_path / "v2.sqlite3"
    db = sqlite3.connect(path)
    for script in module._MIGRATIONS[:2]:
        for statement in module._statements(script):
            db.execute(statement)
    db.execute("PRAGMA user_version=2")
    db.execute("INSERT INTO conversations (id, title, created_at, updated_at) VALUES (1, 'Old', 0, 0)")
    for number, (role, text) in enumerate([("user", "Hi"), ("assistant", "Hello!"), ("user", "Bye")], start=1):
        db.execute("INSERT INTO messages (id, conversation_id, role, content, created_at) VALUES (?, 1, ?, ?, 0)",
                   (number * 10, role, text))
    db.commit()
    db.close()
    store = ConversationStore(path)
    try:
        assert [m.content for m in store.messages(1)] == ["Hi", "Hello!", "Bye"]
        assert [m.parent_id for m in store.messages(1)] == [None, 10, 20]
        assert store.search("Hello")[0].message_id == 20
        store.continue_from(1, 20)
        store.add_message(1, "user", "See you")
        assert [m.content for m in store.messages(1)] == ["Hi", "Hello!", "See you"]
    finally:
        store.close()


def test_a_chat_of_thousands_of_messages_is_deleted_whole(store):
    """One branch deeper than SQLite's 1,000 levels of cascade."""
    chat = store.create_conversation()
    first = store.add_message(chat.id, "user", "0")
    for number in range(1, 1200):
        store.add_message(chat.id, "assistant" if number % 2 else "user", str(number))
    store.delete_branch(store.messages(chat.id)[5].id)
    assert len(store.messages(chat.id)) == 5 and store.search("1100") == []
    other = store.create_conversation()
    for number in range(1200):
        store.add_message(other.id, "user", f"line {number}")
    store.delete_conversation(other.id)
    assert store.conversation(other.id) is None and store.integrity_ok()
    assert store.message(first.id) is not None
