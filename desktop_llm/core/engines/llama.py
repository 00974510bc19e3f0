"""``LlamaEngine``: llama.cpp on this computer (CPU, or layers offloaded to a GPU), through its C API (``native``).

One thread owns a ``LlamaEngine`` (a llama.cpp context is not thread-safe); in the app that thread lives in the
engine host process (``host``). The KV cache is kept between calls: the next turn only evaluates the tokens after
the longest prefix it shares with what is already cached. Per generated token the Python side does a few ctypes
calls, a cached piece lookup, UTF-8 decoding and the stop-string check; everything else is llama.cpp's.
"""

from __future__ import annotations

import codecs
import logging
import math
import os
import random
import threading
import time
from pathlib import Path
from typing import Generator, Sequence

from ..common.errors import Cancelled
from ..common.messages import translate
from ..models.catalog import ModelHints
from ..models.gguf_header import read_gguf_header
from .base import (
    ContextOverflow,
    GenerationStats,
    LoopGuard,
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


class LlamaEngine:
    """llama.cpp through its C API, on CPU or with layers offloaded to a GPU."""

    token_counts_exact = True  # the model's own tokenizer
    score_width = 7  # prompts scored side by side in one llama_decode (each its own sequence; ≤ MAX_SEQUENCES - 1)

    def __init__(self) -> None:
        self.model: ModelInfo | None = None
        self._native = None  # native.NativeModel
        self._context = None  # native.NativeContext
        self._format: ChatFormat | None = None
        self._pieces = None  # native.TokenPieces
        self._prefetched: tuple | None = None  # (path, size, mtime) of the file last read into the page cache
        self._load_arguments: tuple | None = None  # (path, options, hints) of the model loaded now

    # -- loading -------------------------------------------------------------------------------------------------

    def load(self, path, options, hints=None, on_progress=None, cancel=None) -> ModelInfo:
        """Load ``path``. A load that fails or is cancelled leaves the model loaded before (reloaded if need be)."""
        from . import native

        report = on_progress or (lambda fraction, text: None)
        cancel = cancel or threading.Event()
        hints = hints or ModelHints()
        route_llama_logs()
        path = Path(path)
        header = read_gguf_header(path)
        self._prefetch_once(path, report, cancel)  # cancellable: nothing is unloaded yet
        previous = self._load_arguments if self.model is not None else None
        self.unload()
        weights = translate("CoreEngine", "Loading the weights…")
        report(0.9, weights)
        try:
            model = native.NativeModel(str(path), options.n_gpu_layers, cancel,
                                       lambda fraction: report(0.9 + 0.049 * fraction, weights))
            report(0.95, translate("CoreEngine", "Creating the context…"))
            try:
                context = native.NativeContext(model, min(options.n_ctx, header.context_length or options.n_ctx),
                                               options.n_threads)
                pieces = native.TokenPieces(model.vocab)
                chat_format = choose_format(header.chat_template, hints.chat_template, hints.base,
                                            pieces.text(model.bos), pieces.text(model.eos))
            except BaseException:
                model.close()
                raise
        except BaseException:
            self._restore(previous)
            raise
        self._native, self._context, self._pieces, self._format = model, context, pieces, chat_format
        self._load_arguments = (path, options, hints)
        self.model = ModelInfo(
            path=str(path),
            name=header.name,
            architecture=header.architecture,
            quantization=header.quantization,
            n_ctx=context.n_ctx,
            n_ctx_train=model.n_ctx_train(),
            n_params=model.n_params(),
            file_size=header.file_size,
            n_threads=options.n_threads,
            n_gpu_layers=options.n_gpu_layers,
            template_origin=chat_format.origin,
        )
        report(1.0, translate("CoreEngine", "Ready"))
        return self.model

    def _restore(self, previous) -> None:
        """After a failed load: bring back the model that was loaded before (its pages are still cached)."""
        if previous is None:
            return
        path, options, hints = previous
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
        if self._context is not None:
            self._context.close()
        if self._native is not None:
            self._native.close()
        self._native = self._context = self._pieces = self._format = self.model = None

    def close(self) -> None:
        self.unload()

    def clear_cache(self) -> None:
        """Forget what the KV cache holds: the next prompt is evaluated whole (benchmarks compare with this)."""
        if self._context is not None:
            self._context.keep_prefix([], whole=True)

    # -- tokens --------------------------------------------------------------------------------------------------

    def _require(self):
        if self._native is None:
            raise ModelLoadError(translate("CoreEngine", "no model is loaded"))
        return self._native

    def count_tokens(self, text: str) -> int:
        return len(self._require().tokenize(text))

    def render_prompt(self, messages: Sequence[dict]) -> str:
        self._require()
        return self._format.render(messages, add_generation_prompt=True)

    def prompt_tokens(self, messages: PromptInput) -> list[int]:
        """Chat messages go through the chat format (a template spells special tokens, a transcript does not);
        plain text is taken literally."""
        model = self._require()
        if isinstance(messages, str):
            tokens = model.tokenize(messages)
        else:
            tokens = model.tokenize(self.render_prompt(messages), parse_special=self._format.special_tokens)
        if model.adds_bos and model.bos >= 0 and (not tokens or tokens[0] != model.bos):
            tokens.insert(0, model.bos)
        return tokens

    def count_chat_tokens(self, messages: PromptInput) -> int:
        return len(self.prompt_tokens(messages))

    # -- generation ----------------------------------------------------------------------------------------------

    def stream_chat(self, messages, sampling, cancel, stop=()) -> Generator[str, None, GenerationStats]:
        from .native import Sampler

        model, context = self._require(), self._context
        started = time.perf_counter()
        tokens = self.prompt_tokens(messages)
        if len(tokens) >= context.n_ctx:
            raise ContextOverflow(translate("CoreEngine", "the conversation needs {tokens} tokens but the context "
                                            "holds {n_ctx}").format(tokens=len(tokens), n_ctx=context.n_ctx))
        stats = GenerationStats(prompt_tokens=len(tokens))
        context.reset_perf()
        stats.prompt_tokens_evaluated = len(tokens) - context.keep_prefix(tokens)
        if not context.evaluate(tokens[len(context.cached):], cancel):
            stats.finish_reason = "cancelled"
            return stats
        budget = min(sampling.max_tokens, context.n_ctx - len(tokens))
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        chat = not isinstance(messages, str)  # a transcript's own turn ends apply to chat messages only
        stops = StopMatcher((*(self._format.stop_strings if chat else ()), *stop))
        leading = chat and not self._format.special_tokens  # a transcript's reply starts after "Assistant:": a space
        sampler = Sampler(model, sampling.temperature, sampling.top_k, sampling.top_p, sampling.min_p,
                          sampling.repeat_penalty, random.getrandbits(32) if sampling.seed is None else sampling.seed,
                          sampling.dry_multiplier)
        loop = LoopGuard() if sampling.stop_loops else None
        piece, is_end, step, sample = self._pieces.piece, model.is_end, context.step, sampler.sample
        pieces: list[str] = []
        first_at = last_at = 0.0
        stats.finish_reason = "length"
        try:
            while stats.tokens < budget:
                token = sample(context)
                if cancel.is_set():
                    stats.finish_reason = "cancelled"
                    break
                if is_end(token):
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
                if loop and text and loop.feed(text):  # the same line over and over: a small model stuck in a loop
                    stats.finish_reason = "loop"
                    break
                if stats.tokens < budget:
                    step(token)
        finally:
            sampler.close()
        tail = stops.flush(decoder.decode(b"", final=True))
        if tail:
            pieces.append(tail)
            yield tail
        stats.text = "".join(pieces)
        if stats.tokens > 1 and last_at > first_at:
            stats.tokens_per_second = (stats.tokens - 1) / (last_at - first_at)
        stats.llama_timings = context.perf()
        return stats

    # -- scoring -------------------------------------------------------------------------------------------------

    def score_labels(self, messages, labels, cancel) -> dict[str, float]:
        return self.score_labels_batch([messages], labels, cancel)[0]

    def score_labels_batch(self, prompts: Sequence[PromptInput], labels: Sequence[str],
                           cancel: threading.Event) -> list[dict[str, float]]:
        """Log-probability of each label as the start of the reply to each prompt, from the logits of one forward
        pass, nothing sampled.

        The prompts' shared beginning (instruction, examples) is evaluated once and stays in the KV cache; the
        items are then evaluated side by side as separate sequences that share it (up to ``MAX_SEQUENCES`` in one
        ``llama_decode``), reading only each item's last logits. Labels are scored in the spellings a model is likely
        to use ("positive", "Positive", " positive"). Where two labels begin with the same token (tiny vocabularies)
        the label tokens after the first are evaluated too, one item at a time.
        """
        model, context = self._require(), self._context
        token_lists = [self.prompt_tokens(prompt) for prompt in prompts]
        for tokens in token_lists:
            if len(tokens) >= context.n_ctx:
                raise ContextOverflow(translate("CoreEngine", "the text needs {tokens} tokens but the context holds "
                                                "{n_ctx}").format(tokens=len(tokens), n_ctx=context.n_ctx))
        spellings = {label: {tuple(model.tokenize(form)) for form in (label, label.capitalize(), " " + label,
                                                                     " " + label.capitalize())}
                     for label in labels}
        firsts = [{seq[0] for seq in forms} for forms in spellings.values()]
        if not all(a.isdisjoint(b) for i, a in enumerate(firsts) for b in firsts[i + 1:]):
            return [self._score_one_by_one(tokens, spellings, cancel) for tokens in token_lists]
        shared = _common_prefix(token_lists)
        prefix = token_lists[0][:max(shared, 1)]
        context.keep_prefix(prefix, whole=True)  # keep what is cached of the shared prefix, drop the rest
        if not context.evaluate(prefix[len(context.cached):], cancel):
            raise Cancelled()
        results: list[dict[str, float]] = []
        from .native import MAX_SEQUENCES

        width = min(self.score_width, MAX_SEQUENCES - 1, max(1, (context.n_ctx - len(prefix)) // max(
            len(tokens) - len(prefix) for tokens in token_lists)))
        for start in range(0, len(token_lists), width):
            if cancel.is_set():
                raise Cancelled()
            group = token_lists[start:start + width]
            for row in self._last_logits_side_by_side(group, len(prefix)):
                first = _log_softmax(row)
                results.append({label: logsumexp([first[token] for token in sorted(heads)])
                                for label, heads in zip(labels, firsts)})
        return results

    def _last_logits_side_by_side(self, group: list[list[int]], shared: int):
        """The logits after each token list, evaluated as sequences 1…n forked from the shared prefix."""
        import numpy as np

        context = self._context
        entries: list[tuple[int, int, int, bool]] = []
        for sequence, tokens in enumerate(group, start=1):
            context.fork(sequence, shared)
            rest = tokens[shared:] or tokens[-1:]
            start = len(tokens) - len(rest)
            for n, token in enumerate(rest):
                entries.append((token, start + n, sequence, n == len(rest) - 1))
        try:
            rows = []
            for begin in range(0, len(entries), context.n_batch):  # an output index counts within one decode
                chunk = entries[begin:begin + context.n_batch]
                context.evaluate_many(chunk)
                for index, entry in enumerate(chunk):
                    if entry[3]:
                        rows.append(np.ctypeslib.as_array(context.logits(index), shape=(self._native.n_vocab,))
                                    .astype(np.float64))
            return rows
        finally:
            for sequence in range(1, len(group) + 1):
                context.drop(sequence)

    def _score_one_by_one(self, tokens: list[int], spellings: dict, cancel: threading.Event) -> dict[str, float]:
        """Every label spelling's tokens evaluated after the prompt: for labels whose first tokens are shared."""
        import numpy as np

        context = self._context
        context.keep_prefix(tokens)
        if not context.evaluate(tokens[len(context.cached):], cancel):
            raise Cancelled()
        base = len(context.cached)
        first = _log_softmax(np.ctypeslib.as_array(context.logits(), shape=(self._native.n_vocab,))
                             .astype(np.float64))
        scores = {}
        for label, forms in spellings.items():
            totals = []
            for seq in forms:
                total = float(first[seq[0]])
                context.keep_prefix(context.cached[:base], whole=True)
                for previous, token in zip(seq, seq[1:]):
                    context.step(previous)
                    row = np.ctypeslib.as_array(context.logits(), shape=(self._native.n_vocab,)).astype(np.float64)
                    total += float(_log_softmax(row)[token])
                totals.append(total)
            scores[label] = logsumexp(totals)
        context.keep_prefix(context.cached[:base], whole=True)
        return scores


def _common_prefix(token_lists: list[list[int]]) -> int:
    """How many leading tokens every list shares (never a whole list: each item keeps at least one own token)."""
    shortest = min(len(tokens) for tokens in token_lists)
    shared = 0
    while shared < shortest - 1 and all(tokens[shared] == token_lists[0][shared] for tokens in token_lists):
        shared += 1
    return shared


_LOG_LEVELS = {3: logging.WARNING, 4: logging.ERROR}  # ggml_log_level: 1 debug, 2 info, 3 warn, 4 error
_log_callback = None  # the ctypes callback must outlive every llama.cpp call that may log


def route_llama_logs() -> None:
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
    return shifted - math.log(float(np.exp(shifted).sum()))


def _prefetch(path: Path, report: ProgressCallback, cancel: threading.Event) -> None:
    """Read the file once so the page cache holds it: a real progress bar for the slow part of a cold load.

    Skipped when the file would not fit in available memory (reading it would only evict other pages).
    """
    import psutil

    size = path.stat().st_size
    if size > psutil.virtual_memory().available * 0.8:
        report(0.5, translate("CoreEngine", "Loading weights…"))
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
            report(0.9 * done / size, translate("CoreEngine", "Reading {name}: {done:,.0f} of {size:,.0f} MB").format(
                name=path.name, done=done / 1e6, size=size / 1e6))
