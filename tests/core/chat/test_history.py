import threading

import pytest

from desktop_llm.core.chat.history import (
    NothingToReplyTo,
    conversation_messages,
    fit_to_context,
    stream_reply,
    title_from,
)
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
    assert reply.stats["model"] == "Tiny Test Llama" and reply.stats["model_file"] == "tiny.gguf"


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
    messages = conversation_messages("system rules", store.messages(chat.id))
    kept, dropped = fit_to_context(engine, messages, reply_room=128)
    assert dropped > 0 and dropped % 2 == 0  # whole turns: a question and its answer go together
    assert kept[0]["role"] == "system" and kept[1]["role"] == "user" and kept[-1]["content"] == "last question"
    assert engine.count_chat_tokens(kept) + 128 <= 512
    with pytest.raises(ContextOverflow, match="shorten it or raise the context length"):
        fit_to_context(engine, [{"role": "user", "content": "hello " * 1000}], reply_room=64)


def test_titles():
    assert title_from("  What is the capital\nof France?") == "What is the capital"
    assert title_from("word " * 30).endswith("…") and len(title_from("word " * 30)) <= 49
    assert title_from("") == "New chat"


@pytest.mark.parametrize("family", ["gemma3", "mistral-v0.3", "llama3", "qwen2.5", "phi3.5", "smollm2"])
def test_strict_templates_survive_empty_replies_failed_sends_and_overflow(family, family_models, store):
    """Each catalog family's published template, in a tiny model: a stopped empty reply, a failed send (two user
    messages in a row) and a conversation longer than the context still give a reply."""
    engine = LlamaEngine()
    engine.load(family_models(family), LoadOptions(n_ctx=512, n_threads=1))
    chat = store.create_conversation("t", "You answer briefly.")
    store.add_message(chat.id, "user", "hello the world")
    store.add_message(chat.id, "assistant", "", status="stopped")  # stopped before its first token
    store.add_message(chat.id, "user", "hello again")  # sent after the stop
    store.add_message(chat.id, "user", "are you there")  # a failed send left this one without a reply
    for _ in range(8):  # longer than the context: the oldest turns are dropped, whole
        store.add_message(chat.id, "assistant", "you are the model " * 8)
        store.add_message(chat.id, "user", "and the world " * 8)
    _, result = drain(stream_reply(engine, store, chat.id, SamplingSettings(max_tokens=16), threading.Event()))
    engine.unload()
    assert result.dropped_messages > 0 and store.message(result.message_id).status == "complete"


def test_nothing_to_reply_to_is_a_clear_error(engine, store):
    chat = store.create_conversation()
    store.add_message(chat.id, "user", "hi")
    store.add_message(chat.id, "assistant", "hello")
    with pytest.raises(NothingToReplyTo, match="no message of yours"):
        drain(stream_reply(engine, store, chat.id, SamplingSettings(max_tokens=4), threading.Event()))
