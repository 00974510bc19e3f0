"""llama.cpp's C API as the engine drives it: a model, a context with its KV cache, a batch, a sampler chain.

``llama_cpp.Llama`` wraps all of this too, but it does a good deal of Python work per token (a sampling context
rebuilt for each reply, the whole logits row copied into numpy, bookkeeping arrays). Driving the C API directly
keeps per-token work to a few ctypes calls, gives cancellable loads (llama.cpp's progress callback) and cancellable
prompt evaluation (its abort callback), and allows several sequences in one context (batched scoring).

Objects here are used by one thread (the engine's) and must be ``close()``d.
"""

from __future__ import annotations

import ctypes
import threading
from typing import Callable

import llama_cpp as lc

from ..common.errors import Cancelled
from ..common.messages import translate
from .base import ModelLoadError

MAX_SEQUENCES = 8  # sequences one context can hold at once: the width of batched scoring
BATCH = 512  # tokens per llama_decode call while reading a prompt

_backend_ready = False


def _init_backend() -> None:
    global _backend_ready
    if not _backend_ready:
        lc.llama_backend_init()
        _backend_ready = True


class NativeModel:
    """The weights and the vocabulary of one GGUF file."""

    def __init__(self, path: str, n_gpu_layers: int, cancel: threading.Event | None = None,
                 on_progress: Callable[[float], None] | None = None):
        _init_backend()
        params = lc.llama_model_default_params()
        params.n_gpu_layers = n_gpu_layers

        def progress(fraction: float, _data) -> bool:  # returning False aborts the load
            if on_progress is not None:
                on_progress(fraction)
            return not (cancel is not None and cancel.is_set())

        self._progress = lc.llama_progress_callback(progress)  # kept alive for the duration of the load
        params.progress_callback = self._progress
        self.ptr = lc.llama_model_load_from_file(path.encode("utf-8"), params)
        self._progress = None
        if not self.ptr:
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            raise ModelLoadError(translate("CoreEngine", "llama.cpp could not load {path} (see the log for its "
                                           "reason)").format(path=path))
        self.vocab = lc.llama_model_get_vocab(self.ptr)
        self.n_vocab = lc.llama_vocab_n_tokens(self.vocab)
        self._tokens = (lc.llama_token * 4096)()

    def tokenize(self, text: str, add_special: bool = False, parse_special: bool = False) -> list[int]:
        data = text.encode("utf-8")
        count = lc.llama_tokenize(self.vocab, data, len(data), self._tokens, len(self._tokens), add_special,
                                  parse_special)
        if count < 0:
            self._tokens = (lc.llama_token * (-count + 16))()
            count = lc.llama_tokenize(self.vocab, data, len(data), self._tokens, len(self._tokens), add_special,
                                      parse_special)
        return self._tokens[:count]

    @property
    def bos(self) -> int:
        return lc.llama_vocab_bos(self.vocab)

    @property
    def eos(self) -> int:
        return lc.llama_vocab_eos(self.vocab)

    @property
    def adds_bos(self) -> bool:
        return bool(lc.llama_vocab_get_add_bos(self.vocab))

    def is_end(self, token: int) -> bool:
        return bool(lc.llama_vocab_is_eog(self.vocab, token))

    def n_params(self) -> int:
        return lc.llama_model_n_params(self.ptr)

    def n_ctx_train(self) -> int:
        return lc.llama_model_n_ctx_train(self.ptr)

    def close(self) -> None:
        if self.ptr:
            lc.llama_model_free(self.ptr)
            self.ptr = None


class TokenPieces:
    """The bytes of each token, as llama.cpp spells them, cached: a token may be longer than any fixed buffer (long
    runs of spaces in code vocabularies), so the buffer grows when llama.cpp says it needs more."""

    def __init__(self, vocab) -> None:
        self._vocab = vocab
        self._buffer = ctypes.create_string_buffer(64)
        self._cache: dict[tuple[int, bool], bytes] = {}

    def piece(self, token: int, special: bool = False) -> bytes:
        known = self._cache.get((token, special))
        if known is not None:
            return known
        while True:
            count = lc.llama_token_to_piece(self._vocab, token, self._buffer, len(self._buffer), 0, special)
            if count >= 0:
                break
            self._buffer = ctypes.create_string_buffer(-count)
        data = self._buffer.raw[:count]
        self._cache[(token, special)] = data
        return data

    def text(self, token: int) -> str:
        """A special token's spelling ("<bos>", "<|im_end|>"); "" for no token."""
        return self.piece(token, special=True).decode("utf-8", errors="replace") if token >= 0 else ""


class NativeContext:
    """A context over a model: its KV cache, holding the tokens of sequence 0 (``cached``, in position order) that a
    later prompt may share, plus room for ``MAX_SEQUENCES`` sequences evaluated side by side."""

    def __init__(self, model: NativeModel, n_ctx: int, n_threads: int):
        params = lc.llama_context_default_params()
        params.n_ctx = n_ctx
        params.n_batch = params.n_ubatch = min(BATCH, n_ctx)
        params.n_seq_max = MAX_SEQUENCES
        # At most one logits row per sequence is ever read at once: without this cap llama.cpp reserves room for a
        # row per batch token (512 × the vocabulary, half a gigabyte for Gemma's 262k tokens).
        params.n_outputs_max = MAX_SEQUENCES
        params.n_threads = params.n_threads_batch = n_threads
        params.no_perf = False  # llama.cpp's own timings, reported with each reply
        params.swa_full = True  # a sliding-window cache cannot drop a suffix, which would defeat prefix reuse
        params.kv_unified = True  # every sequence may use the whole context; copying a prefix costs nothing
        self.ptr = lc.llama_init_from_model(model.ptr, params)
        if not self.ptr:
            raise ModelLoadError(translate("CoreEngine", "llama.cpp could not create a {n_ctx:,}-token context (not "
                                           "enough memory?)").format(n_ctx=n_ctx))
        self.model = model
        self.memory = lc.llama_get_memory(self.ptr)
        self.n_ctx = lc.llama_n_ctx(self.ptr)
        self.batch = lc.llama_batch_init(params.n_batch, 0, MAX_SEQUENCES)
        self.n_batch = params.n_batch
        self.cached: list[int] = []
        self._cancel: threading.Event | None = None
        self._abort = ggml_abort(lambda _data: bool(self._cancel is not None and self._cancel.is_set()))

    # -- the KV cache of sequence 0 ------------------------------------------------------------------------------

    def keep_prefix(self, tokens: list[int], whole: bool = False) -> int:
        """Keep the longest cached prefix of ``tokens``, drop the rest; returns how many tokens are kept. Unless
        ``whole``, the last token is never kept: it must be evaluated again to give fresh logits."""
        shared, limit = 0, min(len(self.cached), len(tokens) - (0 if whole else 1))
        while shared < limit and self.cached[shared] == tokens[shared]:
            shared += 1
        if shared < len(self.cached):
            if not lc.llama_memory_seq_rm(self.memory, 0, shared, -1):
                lc.llama_memory_clear(self.memory, True)  # this cache type cannot drop a suffix: start over
                shared = 0
            del self.cached[shared:]
        return shared

    def evaluate(self, tokens: list[int], cancel: threading.Event) -> bool:
        """Append ``tokens`` to sequence 0, ``n_batch`` at a time, with logits for the last one. A cancel lands
        between batches and inside one (llama.cpp's abort callback). Returns False when cancelled."""
        self._cancel = cancel
        lc.llama_set_abort_callback(self.ptr, self._abort, None)
        try:
            for start in range(0, len(tokens), self.n_batch):
                if cancel.is_set():
                    return False
                chunk = tokens[start:start + self.n_batch]
                last = start + len(chunk) == len(tokens)
                self._fill([(token, len(self.cached) + n, 0, last and n == len(chunk) - 1)
                            for n, token in enumerate(chunk)])
                code = lc.llama_decode(self.ptr, self.batch)
                if code == 2 and cancel.is_set():  # aborted: what this batch wrote is unusable
                    lc.llama_memory_seq_rm(self.memory, 0, len(self.cached), -1)
                    return False
                self._check(code)
                self.cached.extend(chunk)
            return True
        finally:
            lc.llama_set_abort_callback(self.ptr, ggml_abort(0), None)
            self._cancel = None

    def step(self, token: int) -> None:
        """Append one generated token to sequence 0 and compute the logits after it (the hot path: no Python lists)."""
        batch = self.batch
        batch.token[0] = token
        batch.pos[0] = len(self.cached)
        batch.n_seq_id[0] = 1
        batch.seq_id[0][0] = 0
        batch.logits[0] = 1
        batch.n_tokens = 1
        self._check(lc.llama_decode(self.ptr, batch))
        self.cached.append(token)

    # -- other sequences (batched scoring) -----------------------------------------------------------------------

    def fork(self, sequence: int, length: int) -> None:
        """Let ``sequence`` share the first ``length`` cached tokens of sequence 0 (no copy of the data)."""
        lc.llama_memory_seq_rm(self.memory, sequence, -1, -1)
        lc.llama_memory_seq_cp(self.memory, 0, sequence, 0, length)

    def drop(self, sequence: int) -> None:
        lc.llama_memory_seq_rm(self.memory, sequence, -1, -1)

    def evaluate_many(self, entries: list[tuple[int, int, int, bool]]) -> None:
        """One decode of (token, position, sequence, wants logits) entries: at most ``n_batch`` of them."""
        self._fill(entries)
        self._check(lc.llama_decode(self.ptr, self.batch))

    def logits(self, index: int = -1):
        """The logits row of output ``index`` of the last decode (-1: the last output), as a ctypes pointer."""
        return lc.llama_get_logits_ith(self.ptr, index)

    # -- helpers -------------------------------------------------------------------------------------------------

    def _fill(self, entries: list[tuple[int, int, int, bool]]) -> None:
        batch = self.batch
        for n, (token, position, sequence, wants_logits) in enumerate(entries):
            batch.token[n] = token
            batch.pos[n] = position
            batch.n_seq_id[n] = 1
            batch.seq_id[n][0] = sequence
            batch.logits[n] = wants_logits
        batch.n_tokens = len(entries)

    def _check(self, code: int) -> None:
        if code == 1:
            raise ModelLoadError(translate("CoreEngine", "the context is full: there is no room left in the KV cache"))
        if code != 0:
            raise ModelLoadError(translate("CoreEngine", "llama.cpp could not evaluate the prompt (llama_decode "
                                           "returned {code})").format(code=code))

    def perf(self) -> dict:
        perf = lc.llama_perf_context(self.ptr)
        return {
            "prompt_eval_tokens": perf.n_p_eval,
            "prompt_eval_ms": perf.t_p_eval_ms,
            "prompt_tokens_per_second": perf.n_p_eval / perf.t_p_eval_ms * 1000 if perf.t_p_eval_ms else 0.0,
            "eval_tokens": perf.n_eval,
            "eval_ms": perf.t_eval_ms,
            "eval_tokens_per_second": perf.n_eval / perf.t_eval_ms * 1000 if perf.t_eval_ms else 0.0,
        }

    def reset_perf(self) -> None:
        lc.llama_perf_context_reset(self.ptr)

    def close(self) -> None:
        if self.ptr:
            lc.llama_batch_free(self.batch)
            lc.llama_free(self.ptr)
            self.ptr = None


def ggml_abort(function):
    return lc.ggml_abort_callback(function)


class Sampler:
    """One native sampler chain for a reply: the repetition penalty (over the reply's own last tokens: the prompt's
    would also punish the end-of-turn token a template just used), then greedy when the temperature is 0, else
    top-k, top-p, min-p, temperature and a random draw."""

    PENALTY_WINDOW = 64

    DRY_BREAKERS = (b"\n", b":", b'"', b"*")  # DRY's sequence breakers, as llama.cpp's own tools set them

    def __init__(self, model: NativeModel, temperature: float, top_k: int, top_p: float, min_p: float,
                 repeat_penalty: float, seed: int, dry_multiplier: float = 0.0):
        self.ptr = lc.llama_sampler_chain_init(lc.llama_sampler_chain_default_params())
        add = lambda sampler: lc.llama_sampler_chain_add(self.ptr, sampler)  # noqa: E731 - the chain owns it
        if dry_multiplier > 0.0:
            breakers = (ctypes.c_char_p * len(self.DRY_BREAKERS))(*self.DRY_BREAKERS)
            add(lc.llama_sampler_init_dry(model.vocab, dry_multiplier, 1.75, 2, -1, breakers,
                                          len(self.DRY_BREAKERS)))
        if repeat_penalty != 1.0:
            add(lc.llama_sampler_init_penalties(model.n_vocab, self.PENALTY_WINDOW, repeat_penalty, 0.0, 0.0))
        if temperature <= 0.0 or top_k == 1:
            add(lc.llama_sampler_init_greedy())
        else:
            if top_k > 0:
                add(lc.llama_sampler_init_top_k(top_k))
            add(lc.llama_sampler_init_top_p(top_p, 1))
            if min_p > 0.0:
                add(lc.llama_sampler_init_min_p(min_p, 1))
            add(lc.llama_sampler_init_temp(temperature))
            add(lc.llama_sampler_init_dist(seed & 0xFFFFFFFF))

    def sample(self, context: NativeContext) -> int:
        """The next token from the last logits (llama.cpp also records it for the penalties)."""
        return lc.llama_sampler_sample(self.ptr, context.ptr, -1)

    def close(self) -> None:
        if self.ptr:
            lc.llama_sampler_free(self.ptr)
            self.ptr = None
