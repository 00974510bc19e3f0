"""``kill -9`` of a process that is streaming a reply loses no committed message and corrupts nothing."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

from desktop_llm.core.chat.store import ConversationStore

CHILD = r"""
import sys, threading, time
from desktop_llm.core.chat.history import stream_reply
from desktop_llm.core.engines.llama import LlamaEngine
from desktop_llm.core.engines.base import LoadOptions
from desktop_llm.core.common.settings import SamplingSettings
from desktop_llm.core.chat.store import ConversationStore

store = ConversationStore(sys.argv[1])
engine = LlamaEngine()
engine.load(sys.argv[2], LoadOptions(n_ctx=512, n_threads=1))
chat = store.create_conversation("doomed")
for turn in range(3):
    store.add_message(chat.id, "user", f"question {turn}")
    store.add_message(chat.id, "assistant", f"answer {turn}")
store.add_message(chat.id, "user", "the last question")
print(chat.id, flush=True)
for piece in stream_reply(engine, store, chat.id, SamplingSettings(max_tokens=480), threading.Event()):
    time.sleep(0.02)  # a slow model: the reply takes ~10 s, so the kill lands mid-stream
"""


def test_kill_9_mid_reply_keeps_history_and_partial_reply(app_home, tiny_model):
    database = app_home.database
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(database), str(tiny_model)],
                             stdout=subprocess.PIPE, text=True)
    conversation_id = int(child.stdout.readline())
    reader = sqlite3.connect(database)
    deadline = time.monotonic() + 30
    saved = ""
    while len(saved) < 20 and time.monotonic() < deadline:  # wait until the partial reply has been saved
        row = reader.execute("SELECT content FROM messages WHERE status = 'streaming'").fetchone()
        saved = row[0] if row else ""
        time.sleep(0.05)
    assert saved, "the streaming reply was never saved"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(10)
    reader.close()

    store = ConversationStore(database)
    assert store.integrity_ok()
    assert store.mark_interrupted() == 1
    messages = store.messages(conversation_id)
    assert [m.content for m in messages[:7]] == ["question 0", "answer 0", "question 1", "answer 1",
                                                 "question 2", "answer 2", "the last question"]
    reply = messages[-1]
    assert reply.role == "assistant" and reply.status == "interrupted" and reply.content.startswith(saved)
    store.close()
