"""OpenAI's ``/v1`` API on paper: requests read into what the engine needs, replies and errors in OpenAI's shapes.

Pure functions and data, no HTTP: ``app`` does the HTTP. Request fields map onto :class:`SamplingSettings`
(``temperature``, ``top_p``, ``max_tokens`` or ``max_completion_tokens``, ``seed``) and the engine's stop strings;
fields that change nothing here (``user``, penalties, ``logit_bias``…) are ignored, as llama.cpp's server does.
"""

from __future__ import annotations

import base64
import time
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from ..chat.history import repair
from ..common.errors import Cancelled, UserError
from ..common.settings import SamplingSettings
from ..engines.base import ContextOverflow, GenerationStats, ModelInfo, ModelLoadError, PromptInput

MAX_STOPS = 4  # as OpenAI
MAX_EMBEDDING_INPUTS = 256  # texts in one embeddings request
MAX_EMBEDDING_CHARS = 32_000  # per text, before its tokens are counted against what the model reads
ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}


class ApiError(UserError):
    """An answer in OpenAI's error shape: ``{"error": {"message", "type", "param", "code"}}`` with an HTTP status."""

    def __init__(self, status: int, message: str, param: str | None = None, code: str | None = None,
                 retry_after_s: int | None = None):
        super().__init__(message)
        self.status, self.param, self.code, self.retry_after_s = status, param, code, retry_after_s

    @property
    def kind(self) -> str:
        if self.status == 401:
            return "authentication_error"
        if self.status == 429:
            return "rate_limit_error"
        return "invalid_request_error" if self.status < 500 else "server_error"

    def body(self) -> dict:
        return {"error": {"message": str(self), "type": self.kind, "param": self.param, "code": self.code}}


def api_error(exc: BaseException) -> ApiError:
    """What a failed generation tells the client: the engine's own message, with a status that fits."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, ContextOverflow):
        return ApiError(400, str(exc), "messages", "context_length_exceeded")
    if isinstance(exc, Cancelled):
        return ApiError(503, "The request was cancelled in the app.", code="cancelled")
    if isinstance(exc, ModelLoadError):  # no model, or it crashed (EngineCrashed): the app must load one again
        return ApiError(503, str(exc), code="model_not_ready")
    if isinstance(exc, UserError):
        return ApiError(500, str(exc))
    return ApiError(500, f"The server failed: {type(exc).__name__} (details in the app's log file).")


# -- models -------------------------------------------------------------------------------------------------------


def model_id(info: ModelInfo) -> str:
    """How clients name the loaded model: its file name without ``.gguf``."""
    return Path(info.path).stem


def names_model(info: ModelInfo, requested: str) -> bool:
    """A request may name the model by its id or by the name in its file; no name means the loaded one."""
    return requested in ("", model_id(info), info.name)


def model_entry(info: ModelInfo) -> dict:
    # context_length: the app's RemoteEngine (and vLLM's clients) read the context from here.
    return {"id": model_id(info), "object": "model", "created": 0, "owned_by": "desktop-llm",
            "context_length": info.n_ctx}


def embedding_model_entry(model_id: str) -> dict:
    return {"id": model_id, "object": "model", "created": 0, "owned_by": "desktop-llm"}


def read_embedding_input(body: dict) -> tuple[list[str], str]:
    """The texts of an embeddings request, and how the vectors are wanted ("float" or "base64")."""
    value = body.get("input")
    texts = [value] if isinstance(value, str) else value
    if not isinstance(texts, list) or not texts or not all(isinstance(text, str) for text in texts):
        raise ApiError(400, "'input' must be a string or a non-empty array of strings (token arrays are not "
                            "supported).", "input")
    if len(texts) > MAX_EMBEDDING_INPUTS:
        raise ApiError(400, f"'input' holds {len(texts)} texts; at most {MAX_EMBEDDING_INPUTS} at once.", "input")
    if any(len(text) > MAX_EMBEDDING_CHARS for text in texts):
        raise ApiError(400, f"A text of 'input' is longer than {MAX_EMBEDDING_CHARS:,} characters.", "input")
    encoding = body.get("encoding_format") or "float"
    if encoding not in ("float", "base64"):
        raise ApiError(400, "'encoding_format' must be 'float' or 'base64'.", "encoding_format")
    if body.get("dimensions") is not None:
        raise ApiError(400, "'dimensions' is not supported: the model's vectors have one length.", "dimensions")
    return texts, encoding


def embedding_body(model_id: str, vectors: list[list[float]], tokens: int, encoding: str) -> bytes:
    """OpenAI's embeddings object as JSON bytes (made off the event loop: 256 vectors are megabytes); base64 is the
    vector's float32 bytes, little-endian, which is what its clients decode."""
    import json

    import numpy as np

    def shown(vector):
        return base64.b64encode(np.asarray(vector, dtype="<f4").tobytes()).decode() if encoding == "base64" \
            else vector

    return json.dumps({"object": "list", "model": model_id,
                       "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
                       "data": [{"object": "embedding", "index": i, "embedding": shown(v)}
                                for i, v in enumerate(vectors)]}).encode()


def requested_model(body: dict) -> str:
    value = body.get("model", "")
    if not isinstance(value, str):
        raise ApiError(400, "'model' must be a string: the id that /v1/models lists.", "model")
    return value


# -- requests -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Generation:
    """What one request asks the engine for."""

    prompt: PromptInput  # chat messages, or raw text (/v1/completions)
    sampling: SamplingSettings
    stop: tuple[str, ...]
    model: str  # as the client named it ("": the loaded one)
    stream: bool
    include_usage: bool

    @property
    def chat(self) -> bool:
        return not isinstance(self.prompt, str)


def read_chat(body: dict, info: ModelInfo) -> Generation:
    """A ``/v1/chat/completions`` request; conversations are repaired for strict chat templates, like the app's."""
    return _generation(body, _messages(body.get("messages")), info)


def read_completion(body: dict, info: ModelInfo) -> Generation:
    """A ``/v1/completions`` request: the prompt is raw text, continued as it is (no chat template)."""
    prompt = body.get("prompt")
    if isinstance(prompt, list) and len(prompt) == 1:
        prompt = prompt[0]
    if not isinstance(prompt, str):
        raise ApiError(400, "'prompt' must be a string (one prompt per request).", "prompt")
    return _generation(body, prompt, info)


def _generation(body: dict, prompt: PromptInput, info: ModelInfo) -> Generation:
    if body.get("n", 1) != 1:
        raise ApiError(400, "'n' must be 1: one reply per request.", "n")
    defaults = SamplingSettings()
    limit = body.get("max_completion_tokens", body.get("max_tokens"))
    sampling = replace(defaults,
                       temperature=_number(body, "temperature", 0.0, 2.0, defaults.temperature),
                       top_p=_number(body, "top_p", 0.0, 1.0, defaults.top_p),
                       max_tokens=info.n_ctx if limit is None else _whole(limit, "max_tokens", 1),
                       seed=None if body.get("seed") is None else _whole(body["seed"], "seed", None))
    options = body.get("stream_options") or {}
    if not isinstance(options, dict):
        raise ApiError(400, "'stream_options' must be an object.", "stream_options")
    return Generation(prompt, sampling, _stops(body.get("stop")), requested_model(body), _flag(body, "stream"),
                      bool(options.get("include_usage")))


def _messages(value) -> list[dict]:
    if not isinstance(value, list) or not value:
        raise ApiError(400, "'messages' must be a non-empty array of {\"role\", \"content\"} objects.", "messages")
    messages = []
    for number, item in enumerate(value):
        where = f"messages[{number}]"
        role = item.get("role") if isinstance(item, dict) else None
        if role not in ROLES:
            raise ApiError(400, f"{where}.role must be one of {', '.join(ROLES)} (tools are not supported).",
                           f"{where}.role")
        messages.append({"role": ROLES[role], "content": _text(item.get("content"), where)})
    messages = repair(messages)
    if not any(message["role"] == "user" for message in messages):
        raise ApiError(400, "'messages' needs a message from the user with some text.", "messages")
    return messages


def _text(content, where: str) -> str:
    """A message's text: a string, or OpenAI's list of content parts (text parts only)."""
    if content is None or isinstance(content, str):
        return content or ""
    if isinstance(content, list) and all(isinstance(part, dict) and part.get("type") == "text"
                                         and isinstance(part.get("text"), str) for part in content):
        return "".join(part["text"] for part in content)
    raise ApiError(400, f"{where}.content must be text (images and audio are not supported).", f"{where}.content")


def _number(body: dict, name: str, low: float, high: float, default: float) -> float:
    value = body.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ApiError(400, f"'{name}' must be a number from {low:g} to {high:g}.", name)
    return float(value)


def _whole(value, name: str, low: int | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or (low is not None and value < low):
        raise ApiError(400, f"'{name}' must be a whole number" + (f" of at least {low}." if low is not None else "."),
                       name)
    return value


def _stops(value) -> tuple[str, ...]:
    stops = [value] if isinstance(value, str) else value or []
    if not isinstance(stops, list) or len(stops) > MAX_STOPS or not all(isinstance(s, str) for s in stops):
        raise ApiError(400, f"'stop' must be a string or a list of up to {MAX_STOPS} strings.", "stop")
    return tuple(stops)


def _flag(body: dict, name: str) -> bool:
    value = body.get(name, False)
    if not isinstance(value, bool):
        raise ApiError(400, f"'{name}' must be true or false.", name)
    return value


# -- replies ------------------------------------------------------------------------------------------------------


def usage(stats: GenerationStats) -> dict:
    """Token counts; ``cached_tokens`` is the part of the prompt the KV cache already held (prefix reuse)."""
    return {"prompt_tokens": stats.prompt_tokens, "completion_tokens": stats.tokens,
            "total_tokens": stats.prompt_tokens + stats.tokens,
            "prompt_tokens_details": {"cached_tokens": stats.prompt_tokens - stats.prompt_tokens_evaluated}}


class Reply:
    """The OpenAI objects of one answer: the chunks of a stream, or the whole reply at once."""

    def __init__(self, generation: Generation, model: str):
        self.chat, self.model = generation.chat, model
        self.usage_in_chunks = generation.include_usage  # OpenAI then gives every chunk a "usage" (null but the last)
        self.id = ("chatcmpl-" if self.chat else "cmpl-") + uuid.uuid4().hex
        self.created = int(time.time())

    def whole(self, stats: GenerationStats) -> dict:
        answer = {"message": {"role": "assistant", "content": stats.text}} if self.chat else {"text": stats.text}
        return {**self._object([{"index": 0, **answer, "logprobs": None, "finish_reason": _finish(stats)}],
                               streamed=False), "usage": usage(stats)}

    def opening(self) -> dict | None:
        """The chunk that starts a streamed chat reply (its role), none for text completions."""
        return self._chunk({"role": "assistant", "content": ""}, None) if self.chat else None

    def text(self, text: str) -> dict:
        return self._chunk({"content": text} if self.chat else text, None)

    def ending(self, stats: GenerationStats) -> list[dict]:
        """The chunk with the finish reason, then the usage (if asked for)."""
        chunks = [self._chunk({} if self.chat else "", _finish(stats))]
        if self.usage_in_chunks:
            chunks.append({**self._object([], streamed=True), "usage": usage(stats)})
        return chunks

    def _chunk(self, delta: dict | str, finish: str | None) -> dict:
        answer = {"delta": delta} if self.chat else {"text": delta}
        return self._object([{"index": 0, **answer, "logprobs": None, "finish_reason": finish}], streamed=True)

    def _object(self, choices: list[dict], streamed: bool) -> dict:
        kind = ("chat.completion.chunk" if streamed else "chat.completion") if self.chat else "text_completion"
        payload = {"id": self.id, "object": kind, "created": self.created, "model": self.model, "choices": choices}
        if streamed and self.usage_in_chunks:
            payload["usage"] = None
        return payload


def _finish(stats: GenerationStats) -> str:
    return "length" if stats.finish_reason == "length" else "stop"
