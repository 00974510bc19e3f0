"""Passages ranked by meaning as well as by words: vectors from a real model through llama.cpp (SmolLM2 stands in
for an embedding model: no embedding GGUF can be fetched here), kept per model, fused with BM25 by reciprocal rank."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from desktop_llm.core.chat import attachments
from desktop_llm.core.chat.attachments import RRF_K, DocumentIndex
from desktop_llm.core.chat.store import ConversationStore
from desktop_llm.core.common.errors import Cancelled
from desktop_llm.core.engines.base import ModelLoadError
from desktop_llm.core.engines.embedding import EmbeddingModel
from desktop_llm.core.models.catalog import EmbeddingSpec

FACTS = [f"Fact {n}: the {animal} in pen {n} eats {food} every morning." for n, (animal, food) in enumerate(
    [("goat", "hay"), ("horse", "oats"), ("rabbit", "carrots"), ("duck", "bread")] * 15)]


@pytest.fixture(scope="module")
def embedder(smollm2_model):
    model = EmbeddingModel(smollm2_model, EmbeddingSpec(pooling="mean", query_prefix="Q: "), n_threads=2)
    yield model
    model.close()


@pytest.fixture
def farm(tmp_path):
    notes = tmp_path / "farm.md"
    notes.write_text("\n\n".join(FACTS), encoding="utf-8")
    store = ConversationStore(tmp_path / "history.db")
    index = DocumentIndex(store)
    conversation = store.create_conversation("farm")
    index.attach(conversation.id, notes)
    while index.index_next(threading.Event()) is not None:
        pass
    yield index, conversation.id
    store.close()


def test_every_passage_gets_a_unit_vector_and_the_rankings_are_fused_by_reciprocal_rank(farm, embedder):
    index, conversation = farm
    passages = index.passages(conversation)
    assert index.unembedded(embedder) == len(passages) > 3
    assert index.embed_pending(embedder, threading.Event()) == len(passages)
    assert index.unembedded(embedder) == 0 and index.embed_pending(embedder, threading.Event()) == 0
    vectors = [np.frombuffer(row[0], dtype=np.float32) for row in
               index.db.execute("SELECT vector FROM passage_vectors WHERE model = ?", (embedder.key,))]
    assert len(vectors) == len(passages) and all(abs(np.linalg.norm(v) - 1) < 1e-4 for v in vectors)

    question = "Which pen holds the rabbit?"
    words = index._search_words(conversation, question, 50)
    meaning = index._search_meaning(conversation, question, embedder)
    assert words and len(meaning) == len(passages)
    expected: dict[int, float] = {}
    for ranking in (words, meaning):
        for rank, passage in enumerate(ranking, 1):
            expected[passage.id] = expected.get(passage.id, 0) + 1 / (RRF_K + rank)
    fused = index.search(conversation, question, 3, embedder)
    assert [p.id for p in fused] == sorted(expected, key=lambda i: -expected[i])[:3]
    # A question with no word in the documents is still answered from the ranking by meaning.
    assert index.search(conversation, "zzqx", 3) == []
    assert len(index.search(conversation, "zzqx", 3, embedder)) == 3


def test_ranking_by_meaning_waits_for_every_vector_and_vectors_leave_with_their_document(farm, embedder,
                                                                                         monkeypatch):
    index, conversation = farm
    monkeypatch.setattr(attachments, "EMBED_BATCH", 2)
    cancel = threading.Event()
    done = index.embed_pending(embedder, cancel, lambda fraction, text: cancel.set())  # stops after one batch
    assert done == 2 and index.unembedded(embedder, conversation) == len(index.passages(conversation)) - 2
    question = "Which pen holds the rabbit?"
    assert index.search(conversation, question, 3, embedder) == index.search(conversation, question, 3)
    index.forget_conversation(conversation)
    assert index.db.execute("SELECT COUNT(*) FROM passage_vectors").fetchone()[0] == 0


def test_a_document_detached_while_its_passages_are_embedded_is_skipped(farm, embedder, monkeypatch):
    index, conversation = farm
    monkeypatch.setattr(attachments, "EMBED_BATCH", 2)
    document = index.attached(conversation)[0].id
    index.embed_pending(embedder, threading.Event(), lambda fraction, text: index.detach(conversation, document))
    assert index.db.execute("SELECT COUNT(*) FROM passage_vectors").fetchone()[0] == 0


def embedding_hosts() -> int:
    """Engine host processes of embedding models now running."""
    count = 0
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            arguments = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        count += b"_engine-host" in arguments and b"embedding" in arguments
    return count


def test_a_closed_model_refuses_calls_and_its_process_ends_and_a_bad_file_leaves_none(smollm2_model, tmp_path,
                                                                                     farm):
    before = embedding_hosts()
    model = EmbeddingModel(smollm2_model, EmbeddingSpec(pooling="mean"), n_threads=1)
    assert len(model.embed(["a few words"], "passage")[0]) == 576
    assert embedding_hosts() == before + 1
    model.close()
    with pytest.raises(Cancelled):
        model.embed(["more words"], "passage")
    index, conversation = farm
    assert index.search(conversation, "Which pen holds the rabbit?", 3, model)  # words only, no error
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"GGUF" + bytes(200))
    broken = EmbeddingModel(bad, EmbeddingSpec(), n_threads=1)
    with pytest.raises(ModelLoadError):
        broken.embed(["text"], "passage")
    assert embedding_hosts() == before


def test_closing_ends_a_long_first_call_at_once(smollm2_model):
    """Replaced or deleted while it loads and embeds a large batch: the window must not wait for the batch."""
    import time

    model = EmbeddingModel(smollm2_model, EmbeddingSpec(pooling="mean"), n_threads=1)
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(
        pytest.raises(Cancelled, model.embed, ["a long passage of many words " * 30] * 64, "passage")))
    worker.start()
    time.sleep(1.0)  # loading or embedding by now
    started = time.monotonic()
    model.close()
    assert time.monotonic() - started < 3
    worker.join(10)
    assert outcome and not worker.is_alive()
