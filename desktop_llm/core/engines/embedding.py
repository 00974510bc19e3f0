"""Embedding models: a vector for each passage and question, so that documents are searched by meaning too.

An embedding model is a GGUF file like any other (BERT-style encoders such as bge-m3, or decoders such as
Qwen3-Embedding), read by llama.cpp with ``embeddings`` on: the per-token states are pooled into one vector per
sequence (the first token's, their mean, or the last token's; the catalog says which, else the file does) and
scaled to unit length, so that a dot product is the cosine similarity. Several passages go through in one decode,
each its own sequence. Some models want a prefix before a question or a passage ("query: "); the catalog has it.

:class:`LlamaEmbedder` runs in an engine host process (``desktop-llm _engine-host ADDRESS embedding``), as chat
models do, so a damaged file costs the embedding model only; :class:`EmbeddingModel` is the app's side.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Sequence

from ..common.errors import Cancelled
from ..common.messages import translate
from ..models.catalog import EmbeddingSpec
from .base import ModelLoadError

CONTEXT = 1024  # tokens per passage at most (passages are ~120 words; a longer one is cut)
SEQUENCES = 16  # passages per decode


class LlamaEmbedder:
    """llama.cpp's embeddings of one model (in the engine host; one thread)."""

    def __init__(self) -> None:
        self._model = None  # native.NativeModel
        self._context = None
        self._batch = None
        self.dimensions = 0

    def load(self, path: str, spec: EmbeddingSpec, n_threads: int) -> int:
        """Load ``path`` for embedding; returns the vectors' length."""
        import llama_cpp as lc

        from .llama import route_llama_logs
        from .native import NativeModel

        route_llama_logs()  # llama.cpp's chatter goes to the log file, not the terminal
        self.unload()
        model = NativeModel(str(path), 0)
        params = lc.llama_context_default_params()
        params.embeddings = True
        params.n_ctx = min(CONTEXT * 2, model.n_ctx_train() or CONTEXT * 2)
        # An encoder sees a whole sequence at once: the batch is the context.
        params.n_batch = params.n_ubatch = params.n_ctx
        params.n_seq_max = SEQUENCES
        params.kv_unified = True  # any sequence may be as long as the batch (a decoder keeps a cache)
        params.n_threads = params.n_threads_batch = n_threads
        if spec.pooling:
            params.pooling_type = {"mean": lc.LLAMA_POOLING_TYPE_MEAN, "cls": lc.LLAMA_POOLING_TYPE_CLS,
                                   "last": lc.LLAMA_POOLING_TYPE_LAST}[spec.pooling]
        context = lc.llama_init_from_model(model.ptr, params)
        if not context:
            model.close()
            raise ModelLoadError(translate("CoreEngine", "llama.cpp could not make an embedding context for {name}."
                                           ).format(name=Path(path).name))
        if lc.llama_pooling_type(context) == lc.LLAMA_POOLING_TYPE_NONE:  # a file that says nothing: average
            lc.llama_free(context)
            params.pooling_type = lc.LLAMA_POOLING_TYPE_MEAN
            context = lc.llama_init_from_model(model.ptr, params)
        self._model, self._context = model, context
        self._batch = lc.llama_batch_init(params.n_batch, 0, SEQUENCES)
        self._n_batch = params.n_batch
        self.dimensions = lc.llama_model_n_embd(model.ptr)
        return self.dimensions

    @property
    def max_tokens(self) -> int:
        """The longest text it reads whole, in tokens: a longer one is cut there."""
        return self._n_batch // 2  # room for at least two sequences per decode

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """How many tokens each text is, and (last) the most it reads whole (:attr:`max_tokens`)."""
        return [len(self._model.tokenize(text, add_special=True)) for text in texts] + [self.max_tokens]

    def embed(self, texts: Sequence[str]) -> tuple[list[list[float]], int]:
        """Unit-length vectors of ``texts``, in order (an empty text gets a vector too), and the tokens read."""
        import llama_cpp as lc
        import numpy as np

        if self._context is None:
            raise ModelLoadError(translate("CoreEngine", "No embedding model is loaded."))
        limit = self.max_tokens
        token_lists = [self._model.tokenize(text, add_special=True)[:limit] or [self._model.bos] for text in texts]
        vectors: list[list[float]] = []
        start = 0
        while start < len(token_lists):
            group, used = [], 0
            while (start + len(group) < len(token_lists) and len(group) < SEQUENCES
                   and used + len(token_lists[start + len(group)]) <= self._n_batch):
                used += len(token_lists[start + len(group)])
                group.append(token_lists[start + len(group)])
            self._decode(group)
            for sequence in range(len(group)):
                pointer = lc.llama_get_embeddings_seq(self._context, sequence)
                vector = np.ctypeslib.as_array(pointer, shape=(self.dimensions,)).astype(np.float32)
                norm = float(np.linalg.norm(vector))
                vectors.append((vector / norm if norm > 0 else vector).tolist())
            start += len(group)
        return vectors, sum(map(len, token_lists))

    def _decode(self, group: list[list[int]]) -> None:
        import llama_cpp as lc

        lc.llama_memory_clear(lc.llama_get_memory(self._context), True)
        batch, n = self._batch, 0
        for sequence, tokens in enumerate(group):
            for position, token in enumerate(tokens):
                batch.token[n], batch.pos[n], batch.n_seq_id[n] = token, position, 1
                batch.seq_id[n][0] = sequence
                batch.logits[n] = 1
                n += 1
        batch.n_tokens = n
        encoder_only = lc.llama_model_has_encoder(self._model.ptr) and not lc.llama_model_has_decoder(self._model.ptr)
        code = (lc.llama_encode if encoder_only else lc.llama_decode)(self._context, batch)
        if code != 0:
            raise ModelLoadError(translate("CoreEngine", "llama.cpp could not embed the text (error {code}).").format(
                code=code))

    def unload(self) -> None:
        import llama_cpp as lc

        if self._batch is not None:
            lc.llama_batch_free(self._batch)
            self._batch = None
        if self._context is not None:
            lc.llama_free(self._context)
            self._context = None
        if self._model is not None:
            self._model.close()
            self._model = None


def installed_embedder(models, n_threads: int) -> EmbeddingModel | None:
    """The embedding model to rank passages with: the first sound catalog embedding model among ``models``
    (``library.InstalledModel``s); None when none is installed."""
    for model in models:
        if model.spec is not None and model.spec.embedding is not None and not model.problem:
            return EmbeddingModel(model.path, model.spec.embedding, n_threads)
    return None


class EmbeddingModel:
    """The app's side of an embedding model: loaded in its own engine host at first use; safe to call from the
    indexing thread and the engine's (calls take turns)."""

    def __init__(self, path: str | Path, spec: EmbeddingSpec, n_threads: int):
        path = Path(path)
        self.path, self.spec, self.n_threads = path, spec, n_threads
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        self.key = f"{path.name}:{size}:{spec.pooling}"  # vectors of another file or pooling are not comparable
        self._host = None
        self._lock = threading.Lock()  # one call at a time (the reading thread's and the engine thread's)
        self._closed = False

    @property
    def model_id(self) -> str:
        """How the local server's clients name it: the file name without ``.gguf``."""
        return self.path.stem

    def embed(self, texts: Sequence[str], role: str) -> list[list[float]]:
        """Unit vectors of ``texts`` (``role``: "query" or "passage", for the model's prefixes). Raises
        :class:`Cancelled` once the model is closed (a caller still holding it goes on without it)."""
        return self.embed_counted(texts, role)[0]

    def embed_counted(self, texts: Sequence[str], role: str) -> tuple[list[list[float]], int]:
        """:meth:`embed`, and how many tokens the model read."""
        prefix = self.spec.query_prefix if role == "query" else self.spec.passage_prefix
        return self._call("embed", [prefix + text for text in texts])

    def count_tokens(self, texts: Sequence[str]) -> tuple[list[int], int]:
        """How many tokens each text is (no prefix), and the most the model reads whole (more is cut)."""
        counts = self._call("count_tokens", list(texts))
        return counts[:-1], counts[-1]

    def _call(self, method: str, texts: list[str]):
        from .host import EngineCrashed, HostedEmbedder

        with self._lock:
            if self._closed:
                raise Cancelled()
            if self._host is None:
                self._host = host = HostedEmbedder()  # before it loads: close() can end a load that takes long
                try:
                    host.load(str(self.path), self.spec, self.n_threads)
                    if self._closed:
                        raise Cancelled()
                except BaseException:
                    self._host = None
                    host.close()  # no idle process left behind by a file that cannot load
                    if self._closed:
                        raise Cancelled() from None
                    raise
            try:
                return getattr(self._host, method)(texts)
            except EngineCrashed:
                self._host = None  # loaded again at the next call
                if self._closed:
                    raise Cancelled() from None
                raise

    def close(self) -> None:
        """Stop at once, from any thread: the host is ended (a call in progress ends with :class:`Cancelled`),
        later calls are refused, and the file is no longer held open."""
        self._closed = True
        host = self._host
        if host is not None:
            host.kill()
        with self._lock:  # the call that was running has ended with its host
            if self._host is not None:
                self._host.close()
                self._host = None
