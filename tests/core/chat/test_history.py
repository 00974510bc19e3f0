import threading

import pytest

from desktop_llm.core.chat.history import build_messages, fit_to_context, stream_reply, title_from
from desktop_llm.core.chat.store import ConversationStore
from desktop_llm.core.common.settings import SamplingSettings
from desktop_llm.core.engines.base import ContextOverflow, LoadOptions, run_stream
from desktop_llm.core.engines.llama import LlamaEngine


@pytest.fixture(scope="module")
def engine(tiny_model):
    engine = LlamaEngine()
    engine.load(tiny_model, LoadOptions(n_ctx=512, n_threads=2))
    yield engine
    engine.unload()


@pytest.fixture
def store(app_home):
    store = ConversationStore(app_home.database)
    yield store
    store.close()


def drain(stream):
    pieces = []
    return pieces, run_stream(stream, pieces.append)


def test_reply_is_saved_complete(engine, store):
    chat = store.create_conversation("t", "You are a model.")
    store.add_message(chat.id, "user", "hello")
    pieces, result = drain(stream_reply(engine, store, chat.id, SamplingSettings(max_tokens=20), threading.Event()))
    reply = store.message(result.message_id)
    assert reply.status == "complete" and reply.content == "".join(pieces).strip()
    assert reply.stats["tokens"] == 20 and result.dropped_messages == 0


def test_stopped_reply_is_kept_and_marked(engine, store):
    chat = store.create_conversation()
    store.add_message(chat.id, "user", "hello")
    cancel = threading.Event()
    stream = stream_reply(engine, store, chat.id, SamplingSettings(max_tokens=300), cancel)
    first = next(stream)
    cancel.set()
    pieces, result = drain(stream)
    reply = store.message(result.message_id)
    assert reply.status == "stopped" and reply.content == first + "".join(pieces)


def test_oldest_turns_are_dropped_to_fit_the_context(engine, store):
    chat = store.create_conversation("t", "system rules")
    for _ in range(6):
        store.add_message(chat.id, "user", "hello the world " * 10)
        store.add_message(chat.id, "assistant", "you are the model " * 10)
    store.add_message(chat.id, "user", "last question")
    messages = build_messages("system rules", store.messages(chat.id))
    kept, dropped = fit_to_context(engine, messages, reply_room=128)
    assert dropped > 0 and kept[0]["role"] == "system" and kept[-1]["content"] == "last question"
    assert engine.count_chat_tokens(kept) + 128 <= 512
    with pytest.raises(ContextOverflow, match="shorten it or raise the context length"):
        fit_to_context(engine, [{"role": "user", "content": "hello " * 1000}], reply_room=64)


def test_titles():
    assert title_from("  What is the capital\nof France?") == "What is the capital"
    assert title_from("word " * 30).endswith("…") and len(title_from("word " * 30)) <= 49
    assert title_from("") == "New chat"
