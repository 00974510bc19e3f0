"""``LlamaEngine``: llama.cpp through llama-cpp-python, on CPU or with layers offloaded to a GPU.

One thread owns a ``LlamaEngine`` (the llama.cpp context is not thread-safe). The KV cache is kept between calls:
the next turn only evaluates the tokens after the longest prefix it shares with what is already cached.
"""

from __future__ import annotations

import codecs
import logging
import os
import threading
import time
from pathlib import Path
from typing import Generator, Sequence

from ..common.errors import Cancelled
from ..models.catalog import ModelHints
from ..models.gguf_header import read_gguf_header
from .base import (
    ContextOverflow,
    GenerationStats,
    ModelInfo,
    ModelLoadError,
    ProgressCallback,
    PromptInput,
    StopMatcher,
    logsumexp,
)
from .templates import ChatFormat, choose_format

log = logging.getLogger(__name__)

PREFETCH_BLOCK = 8 * 1024 * 1024
# Prompt tokens evaluated between two looks at the cancel flag: ~0.3 s on a slow CPU, so a stop lands within a
# second even in the middle of a long prompt. Measured on 2 cores: 128-token steps process prompts as fast as 512.
PREFILL_STEP = 128


class LlamaEngine:
    """llama.cpp through llama-cpp-python, on CPU or with layers offloaded to a GPU."""

    token_counts_exact = True  # the model's own tokenizer

    def __init__(self) -> None:
        self.model: ModelInfo | None = None
        self._llama = None
        self._format: ChatFormat | None = None
        self._pieces: TokenPieces | None = None
        self._prefetched: tuple | None = None  # (path, size, mtime) of the file last read into the page cache
        self._load_arguments: tuple | None = None  # (path, options, hints) of the model loaded now

    # -- loading -------------------------------------------------------------------------------------------------

    def load(self, path, options, hints=None, on_progress=None, cancel=None) -> ModelInfo:
        """Load ``path``. A load that fails or is cancelled leaves the model loaded before (reloaded if need be)."""
        import llama_cpp  # heavy import, kept off the start-up path

        report = on_progress or (lambda fraction, text: None)
        hints = hints or ModelHints()
        _route_llama_logs()
        path = Path(path)
        header = read_gguf_header(path)
        self._prefetch_once(path, report, cancel or threading.Event())  # cancellable: nothing is unloaded yet
        previous = (self.model, self._load_arguments) if self.model is not None else None
        self.unload()
        report(0.95, "Creating the context…")
        n_ctx = min(options.n_ctx, header.context_length or options.n_ctx)
        try:
            llama = llama_cpp.Llama(
                model_path=str(path),
                n_ctx=n_ctx,
                n_threads=options.n_threads,
                n_threads_batch=options.n_threads,
                n_gpu_layers=options.n_gpu_layers,
                swa_full=True,  # a sliding-window cache cannot drop a suffix, which would defeat prefix reuse
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            self._restore(previous)
            raise ModelLoadError(f"llama.cpp could not load {path.name}: {exc}") from None
        pieces = TokenPieces(llama._model.vocab)
        try:
            chat_format = choose_format(header.chat_template, hints.chat_template, hints.base,
                                        _special_text(pieces, llama._model.token_bos()),
                                        _special_text(pieces, llama._model.token_eos()))
        except Exception:
            llama.close()
            self._restore(previous)
            raise
        self._llama, self._format, self._pieces = llama, chat_format, pieces
        self._load_arguments = (path, options, hints)
        self.model = ModelInfo(
            path=str(path),
            name=header.name,
            architecture=header.architecture,
            quantization=header.quantization,
            n_ctx=llama.n_ctx(),
            n_ctx_train=llama._model.n_ctx_train(),
            n_params=llama._model.n_params(),
            file_size=header.file_size,
            n_threads=options.n_threads,
            n_gpu_layers=options.n_gpu_layers,
            template_origin=chat_format.origin,
        )
        report(1.0, "Ready")
        return self.model

    def _restore(self, previous) -> None:
        """After a failed load: bring back the model that was loaded before (its pages are still cached)."""
        if previous is None:
            return
        _, (path, options, hints) = previous
        try:
            self.load(path, options, hints)
        except Exception:  # the failure being reported matters more; the window then says no model is loaded
            log.exception("could not reload %s after a failed load", path)

    def _prefetch_once(self, path: Path, report: ProgressCallback, cancel: threading.Event) -> None:
        """Read the file into the page cache, once per file version (GPU step-down loads it several times)."""
        stat = path.stat()
        fingerprint = (str(path), stat.st_size, stat.st_mtime_ns)
        if fingerprint != self._prefetched:
            _prefetch(path, report, cancel)
            self._prefetched = fingerprint

    def unload(self) -> None:
        if self._llama is not None:
            self._llama.close()
        self._llama = self._format = self._pieces = self.model = None

    # -- tokens --------------------------------------------------------------------------------------------------

    def _require(self):
        if self._llama is None:
            raise ModelLoadError("no model is loaded")
        return self._llama

    def count_tokens(self, text: str) -> int:
        return len(self._require().tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def render_prompt(self, messages: Sequence[dict]) -> str:
        self._require()
        return self._format.render(messages, add_generation_prompt=True)

    def prompt_tokens(self, messages: PromptInput) -> list[int]:
        """Chat messages go through the chat format (a template spells special tokens, a transcript does not);
        plain text is taken literally."""
        llama = self._require()
        if isinstance(messages, str):
            tokens = llama.tokenize(messages.encode("utf-8"), add_bos=False, special=False)
        else:
            tokens = llama.tokenize(self.render_prompt(messages).encode("utf-8"), add_bos=False,
                                    special=self._format.special_tokens)
        bos = llama._model.token_bos()
        if llama._model.add_bos_token() and bos >= 0 and (not tokens or tokens[0] != bos):
            tokens.insert(0, bos)
        return tokens

    def count_chat_tokens(self, messages: PromptInput) -> int:
        return len(self.prompt_tokens(messages))

    # -- generation ----------------------------------------------------------------------------------------------

    def stream_chat(self, messages, sampling, cancel, stop=()) -> Generator[str, None, GenerationStats]:
        import llama_cpp

        llama = self._require()
        started = time.perf_counter()
        tokens = self.prompt_tokens(messages)
        n_ctx = llama.n_ctx()
        if len(tokens) >= n_ctx:
            raise ContextOverflow(f"the conversation needs {len(tokens)} tokens but the context holds {n_ctx}")
        stats = GenerationStats(prompt_tokens=len(tokens))
        llama_cpp.llama_perf_context_reset(llama._ctx.ctx)
        stats.prompt_tokens_evaluated = self._prefill(llama, tokens, cancel)
        if cancel.is_set():
            stats.finish_reason = "cancelled"
            return stats
        budget = min(sampling.max_tokens, n_ctx - len(tokens))
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        chat = not isinstance(messages, str)  # a transcript's own turn ends apply to chat messages only
        stops = StopMatcher((*(self._format.stop_strings if chat else ()), *stop))
        leading = chat and not self._format.special_tokens  # a transcript's reply starts after "Assistant:": a space
        piece = self._pieces.piece
        vocab = llama._model.vocab
        pieces: list[str] = []
        first_at = last_at = 0.0
        stats.finish_reason = "length"
        for token in llama.generate(
            tokens,
            top_k=sampling.top_k,
            top_p=sampling.top_p,
            min_p=sampling.min_p,
            temp=sampling.temperature,
            repeat_penalty=sampling.repeat_penalty,
        ):
            if cancel.is_set():
                stats.finish_reason = "cancelled"
                break
            if llama_cpp.llama_vocab_is_eog(vocab, token):
                stats.finish_reason = "stop"
                break
            stats.tokens += 1
            last_at = time.perf_counter()
            if stats.tokens == 1:
                first_at = last_at
                stats.ttft_s = first_at - started
            text, stopped = stops.feed(decoder.decode(piece(token)))
            if leading and text:
                text = text.lstrip()
                leading = not text
            if text:
                pieces.append(text)
                yield text
            if stopped:
                stats.finish_reason = "stop"
                break
            if stats.tokens >= budget:
                break
        tail = stops.flush(decoder.decode(b"", final=True))
        if tail:
            pieces.append(tail)
            yield tail
        stats.text = "".join(pieces)
        if stats.tokens > 1 and last_at > first_at:
            stats.tokens_per_second = (stats.tokens - 1) / (last_at - first_at)
        stats.llama_timings = _llama_timings(llama)
        return stats

    def score_labels(self, messages, labels, cancel) -> dict[str, float]:
        """Log-probability of each label as the start of the reply, from the logits of one forward pass.

        The prompt's shared beginning (instruction, examples) stays in the KV cache from the previous call, so
        an item costs only its own tokens. Labels are scored in the spellings a model is likely to use
        ("positive", "Positive", " positive"). Only when two labels begin with the same token (tiny vocabularies)
        are the label tokens after the first evaluated too.
        """
        llama = self._require()
        tokens = self.prompt_tokens(messages)
        if len(tokens) >= llama.n_ctx():
            raise ContextOverflow(f"the text needs {len(tokens)} tokens but the context holds {llama.n_ctx()}")
        self._prefill(llama, tokens, cancel)
        if cancel.is_set():
            raise Cancelled()
        llama.eval(tokens[-1:])
        first = _log_softmax(self._last_logits(llama))
        spellings = {label: {tuple(llama.tokenize(form.encode("utf-8"), add_bos=False, special=False))
                             for form in (label, label.capitalize(), " " + label, " " + label.capitalize())}
                     for label in labels}
        firsts = [{seq[0] for seq in forms} for forms in spellings.values()]
        if all(a.isdisjoint(b) for i, a in enumerate(firsts) for b in firsts[i + 1:]):
            return {label: logsumexp(first[sorted(heads)]) for label, heads in zip(labels, firsts)}
        base = llama.n_tokens
        scores = {}
        for label, forms in spellings.items():
            totals = []
            for seq in forms:
                total = float(first[seq[0]])
                llama.n_tokens = base
                for previous, token in zip(seq, seq[1:]):
                    llama.eval([previous])
                    total += float(_log_softmax(self._last_logits(llama))[token])
                totals.append(total)
            scores[label] = logsumexp(totals)
        return scores

    @staticmethod
    def _last_logits(llama):
        import numpy as np

        pointer = llama._ctx.get_logits_ith(-1)
        return np.ctypeslib.as_array(pointer, shape=(llama.n_vocab(),)).astype(np.float64)

    def _prefill(self, llama, tokens: list[int], cancel: threading.Event) -> int:
        """Evaluate the prompt up to its last token, batch by batch, reusing the cached prefix.

        ``Llama.generate`` would evaluate the whole prompt in one uninterruptible call; doing it here lets a
        Stop land between batches. The last token is left for ``generate`` so it produces fresh logits.
        """
        cached = llama.n_tokens
        shared = 0
        limit = min(cached, len(tokens) - 1)
        input_ids = llama.input_ids
        while shared < limit and input_ids[shared] == tokens[shared]:
            shared += 1
        if shared < cached and not llama._ctx.kv_cache_seq_rm(-1, shared, -1):
            llama.reset()  # this cache type cannot drop a suffix: start over
            shared = 0
        llama.n_tokens = shared
        pending = tokens[shared:-1]
        step = min(llama.n_batch, PREFILL_STEP)
        for start in range(0, len(pending), step):
            if cancel.is_set():
                break
            llama.eval(pending[start:start + step])
        return len(tokens) - shared


_LOG_LEVELS = {3: logging.WARNING, 4: logging.ERROR}  # ggml_log_level: 1 debug, 2 info, 3 warn, 4 error
_log_callback = None  # the ctypes callback must outlive every llama.cpp call that may log


def _route_llama_logs() -> None:
    """Send llama.cpp's warnings and errors to our log file instead of the terminal; drop its chatter."""
    global _log_callback
    if _log_callback is not None:
        return
    import ctypes

    import llama_cpp

    llama_log = logging.getLogger("llama.cpp")

    @llama_cpp.llama_log_callback
    def callback(level, text, user_data):
        if level in _LOG_LEVELS:
            llama_log.log(_LOG_LEVELS[level], text.decode("utf-8", errors="replace").rstrip())

    _log_callback = callback
    llama_cpp.llama_log_set(callback, ctypes.c_void_p(0))


def _log_softmax(logits):
    import numpy as np

    shifted = logits - logits.max()
    return shifted - np.log(np.exp(shifted).sum())




class TokenPieces:
    """The bytes of each token, as llama.cpp spells them, cached: a token may be longer than any fixed buffer (long
    runs of spaces in code vocabularies), so the buffer grows when llama.cpp says it needs more."""

    def __init__(self, vocab) -> None:
        import ctypes

        self._vocab = vocab
        self._buffer = ctypes.create_string_buffer(64)
        self._cache: dict[tuple[int, bool], bytes] = {}

    def piece(self, token: int, special: bool = False) -> bytes:
        known = self._cache.get((token, special))
        if known is not None:
            return known
        import ctypes

        import llama_cpp

        while True:
            size = len(self._buffer)
            count = llama_cpp.llama_token_to_piece(self._vocab, token, self._buffer, size, 0, special)
            if count >= 0:
                break
            self._buffer = ctypes.create_string_buffer(-count)
        data = self._buffer.raw[:count]
        self._cache[(token, special)] = data
        return data


def _special_text(pieces: TokenPieces, token: int) -> str:
    return pieces.piece(token, special=True).decode("utf-8", errors="replace") if token >= 0 else ""


def _llama_timings(llama) -> dict:
    """llama.cpp's own prompt-processing and generation speeds for the last call."""
    import llama_cpp

    perf = llama_cpp.llama_perf_context(llama._ctx.ctx)
    return {
        "prompt_eval_tokens": perf.n_p_eval,
        "prompt_eval_ms": perf.t_p_eval_ms,
        "prompt_tokens_per_second": perf.n_p_eval / perf.t_p_eval_ms * 1000 if perf.t_p_eval_ms else 0.0,
        "eval_tokens": perf.n_eval,
        "eval_ms": perf.t_eval_ms,
        "eval_tokens_per_second": perf.n_eval / perf.t_eval_ms * 1000 if perf.t_eval_ms else 0.0,
    }


def _prefetch(path: Path, report: ProgressCallback, cancel: threading.Event) -> None:
    """Read the file once so the page cache holds it: a real progress bar for the slow part of a cold load.

    Skipped when the file would not fit in available memory (reading it would only evict other pages).
    """
    import psutil

    size = path.stat().st_size
    if size > psutil.virtual_memory().available * 0.8:
        report(0.5, "Loading weights…")
        return
    done = 0
    with path.open("rb", buffering=0) as handle:
        if hasattr(os, "posix_fadvise"):
            os.posix_fadvise(handle.fileno(), 0, 0, os.POSIX_FADV_SEQUENTIAL)
        block = bytearray(PREFETCH_BLOCK)
        while True:
            count = handle.readinto(block)
            if not count:
                break
            if cancel.is_set():
                raise Cancelled()
            done += count
            report(0.9 * done / size, f"Reading {path.name}: {done / 1e6:,.0f} of {size / 1e6:,.0f} MB")
