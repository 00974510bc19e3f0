"""A remote engine: an OpenAI-compatible server (llama.cpp's llama-server, llama-cpp-python's server, vLLM,
Ollama, LM Studio, hosted APIs) behind the same ``Engine`` protocol as ``LlamaEngine``.

Base URLs have one canonical form: the URL the OpenAI API lives under, without a trailing slash
(``http://127.0.0.1:8080/v1``); a bare ``http://host:port`` gets ``/v1`` added. Non-OpenAI extras (tokenize,
props) are looked up at the server root: the base URL without its ``/v1``.

Token counts are exact where the server has a tokenize endpoint (``token_counts_exact``), else an estimate of
four characters a token. Every failure is a :class:`RemoteError` (a ``ModelLoadError``, so the app shows its
message as it is) or a ``ContextOverflow``. Idempotent requests are retried on connect errors and 5xx; a started
reply is not. TLS verification stays on (httpx's default); the API key travels only in the Authorization header
and is never logged.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import queue
import threading
import time
from typing import Callable, Generator, Iterator
from urllib.parse import urlsplit

import httpx
import httpx_sse

from ..common.errors import Cancelled
from ..common.messages import translate
from ..common.net import shut
from ..common.retry import Backoff
from .base import (
    ContextOverflow,
    EngineCapabilityError,
    GenerationStats,
    ModelInfo,
    ModelLoadError,
    PromptInput,
    logsumexp,
)

log = logging.getLogger(__name__)

RETRIES = 2
BACKOFF_S = 0.25
RETRY_STATUS = {500, 502, 503, 504}
POLL_S = 0.05  # how often a waiting stream looks at the cancel flag
CONNECT_TIMEOUT_S = 5.0  # a host that drops packets fails in seconds, not after the whole read timeout
CHARS_PER_TOKEN = 4  # the estimate where the server cannot tokenize
# Template tokens around each message and before the reply (role, start/end markers) when counting a chat: the
# server renders the template, and few servers can show it, so this part is estimated (ChatML, Llama 3 and Gemma
# spend 4-5 a message).
MESSAGE_OVERHEAD = 5
REPLY_OVERHEAD = 3


class RemoteError(ModelLoadError):
    """The server could not be used; the message says why and what to do.

    ``status`` is the HTTP status the server answered, None when it did not answer at all.
    """

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


def normalize_base_url(url: str) -> str:
    """The canonical form of an endpoint's base URL (see the module docstring); refuses what is not http(s)."""
    text = url.strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(translate("CoreEngine", "'{url}' is not an http:// or https:// URL (for example "
                                    "http://127.0.0.1:8080/v1).").format(url=url))
    if parts.username or parts.password:
        raise RemoteError(translate("CoreEngine", "Put the API key in the API key field, not in the URL (it would be "
                                    "saved in plain text)."))
    if parts.query or parts.fragment:
        raise RemoteError(translate("CoreEngine", "'{url}' has a query or fragment; give only the base URL, like "
                                    "http://127.0.0.1:8080/v1.").format(url=url))
    return text if parts.path else text + "/v1"


class RemoteEngine:
    """Chat, token counts and label scores from an OpenAI-compatible server; one thread uses it at a time.

    Like ``LlamaEngine``, ``messages`` may be chat messages or plain text (a prompt for a base model).
    """

    def __init__(self, base_url: str, api_key: str | None = None, timeout_s: float = 60.0,
                 client: httpx.Client | None = None) -> None:
        self.base_url = normalize_base_url(base_url)
        self.timeout_s = timeout_s
        self._timeout = httpx.Timeout(timeout_s, connect=min(timeout_s, CONNECT_TIMEOUT_S))
        self.model: ModelInfo | None = None
        self.token_counts_exact = False
        self._root = self.base_url.removesuffix("/v1")
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = client or httpx.Client()
        self._model_id = ""
        # path, the request body for a text, how many tokens the server adds (BOS)
        self._tokenizer: tuple[str, Callable[[str], dict], int] | None = None
        self._counts: dict[str, int] = {}

    # -- models --------------------------------------------------------------------------------------------------

    def list_models(self) -> list[str]:
        return list(self._model_entries())

    def load(self, path, options, hints=None, on_progress=None, cancel=None) -> ModelInfo:
        """Select ``path`` (a model id the server lists; "" picks the only one) and learn what the server offers."""
        report = on_progress or (lambda fraction, text: None)
        report(0.0, translate("CoreEngine", "Connecting to {url}…").format(url=self.base_url))
        self.unload()
        entries = self._model_entries()
        model_id = str(path)
        if not model_id and len(entries) == 1:
            model_id = next(iter(entries))
        if model_id not in entries:
            have = ", ".join(entries) or translate("CoreEngine", "none")
            if model_id:
                raise RemoteError(translate("CoreEngine", "The server has no model '{model}'. It has: "
                                            "{models}.").format(model=model_id, models=have))
            raise RemoteError(translate("CoreEngine", "Choose a model. It has: {models}.").format(models=have))
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        report(0.5, translate("CoreEngine", "Asking {url} about {model}…").format(url=self.base_url, model=model_id))
        self._model_id = model_id
        self._tokenizer = self._find_tokenizer()
        self.token_counts_exact = self._tokenizer is not None
        n_ctx = self._context_length(entries[model_id]) or options.n_ctx
        self.model = ModelInfo(path=self.base_url, name=model_id, architecture="remote", quantization="", n_ctx=n_ctx,
                               n_ctx_train=n_ctx, n_params=0, file_size=0, n_threads=0, n_gpu_layers=0,
                               template_origin="server", model_id=model_id)
        log.info("Using %s at %s (context %d, exact token counts: %s)", model_id, self.base_url, n_ctx,
                 self.token_counts_exact)
        report(1.0, translate("CoreEngine", "Ready"))
        return self.model

    def close(self) -> None:
        self.unload()
        self._client.close()

    def unload(self) -> None:
        self.model = self._tokenizer = None
        self._model_id = ""
        self.token_counts_exact = False
        self._counts.clear()

    def _require(self) -> str:
        if self.model is None:
            raise RemoteError(translate("CoreEngine", "No model is selected on the server."))
        return self._model_id

    def _model_entries(self) -> dict[str, dict]:
        answer = self._json(self._send("GET", self.base_url + "/models", retry=True))
        try:
            return {str(entry["id"]): entry for entry in answer["data"]}
        except (KeyError, TypeError):
            raise RemoteError(translate("CoreEngine", "The server at {url} sent a model list that is not "
                                        "OpenAI-compatible.").format(url=self.base_url), 200) from None

    def _context_length(self, entry: dict) -> int | None:
        """vLLM (and some hosted APIs) put it in the model list; llama-server in /props; else unknown."""
        for key in ("max_model_len", "context_length", "max_context_length"):
            if isinstance(entry.get(key), int) and entry[key] > 0:
                return entry[key]
        settings = (self._probe("GET", "/props") or {}).get("default_generation_settings")
        n_ctx = settings.get("n_ctx") if isinstance(settings, dict) else None
        return n_ctx if isinstance(n_ctx, int) and n_ctx > 0 else None

    def _find_tokenizer(self) -> tuple[str, Callable[[str], dict], int] | None:
        """The first tokenize dialect the server answers; the empty text tells how many tokens it adds (BOS)."""
        model = self._model_id
        dialects = (
            ("/tokenize", lambda text: {"content": text}),  # llama.cpp's llama-server
            ("/tokenize", lambda text: {"model": model, "prompt": text, "add_special_tokens": False}),  # vLLM
            ("/extras/tokenize", lambda text: {"model": model, "input": text}),  # llama-cpp-python's server
        )
        for path, body in dialects:
            answer = self._probe("POST", path, body(""))
            if answer is not None and isinstance(answer.get("tokens"), list):
                return path, body, len(answer["tokens"])
        return None

    # -- tokens --------------------------------------------------------------------------------------------------

    def count_tokens(self, text: str) -> int:
        self._require()
        if self._tokenizer is None:
            return math.ceil(len(text) / CHARS_PER_TOKEN)
        if text not in self._counts:
            path, body, added = self._tokenizer
            tokens = self._json(self._send("POST", self._root + path, body(text), retry=True)).get("tokens")
            if not isinstance(tokens, list):
                raise RemoteError(translate("CoreEngine", "The server at {url} sent a malformed answer to "
                                            "{path}.").format(url=self.base_url, path=path), 200)
            if len(self._counts) > 4096:
                self._counts.clear()
            self._counts[text] = max(len(tokens) - added, 0)
        return self._counts[text]

    def count_chat_tokens(self, messages: PromptInput) -> int:
        """Exact for the text of each message (cached, so trimming a long chat is cheap); the template is estimated.

        Plain text (a prompt for a base model) is counted as it is.
        """
        added = self._tokenizer[2] if self._tokenizer else 0
        if isinstance(messages, str):
            return added + self.count_tokens(messages)
        return added + REPLY_OVERHEAD + sum(self.count_tokens(str(m.get("content") or "")) + MESSAGE_OVERHEAD
                                            for m in messages)

    # -- generation ----------------------------------------------------------------------------------------------

    def stream_chat(self, messages, sampling, cancel, stop=()) -> Generator[str, None, GenerationStats]:
        path, body = self._request(messages, stream=True, stream_options={"include_usage": True},
                                   temperature=sampling.temperature, top_p=sampling.top_p,
                                   max_tokens=sampling.max_tokens)
        if stop:
            body["stop"] = list(stop)
        if self._tokenizer is not None:  # a llama.cpp or vLLM server: it takes these; OpenAI itself refuses them
            body.update(top_k=sampling.top_k, min_p=sampling.min_p, repeat_penalty=sampling.repeat_penalty)
        stats = GenerationStats()
        started = time.perf_counter()
        first_at = last_at = 0.0
        pieces: list[str] = []
        finish = ""
        done = False
        usage: dict = {}
        with contextlib.closing(self._stream_events(path, body, cancel)) as events:
            for data in events:
                if data == "[DONE]":
                    done = True
                    break
                chunk = self._chunk(data)
                usage = chunk.get("usage") or usage
                for choice in chunk.get("choices") or []:
                    text = (choice.get("delta") or {}).get("content") or choice.get("text")
                    finish = choice.get("finish_reason") or finish
                    if text:
                        last_at = time.perf_counter()
                        if not pieces:
                            first_at = last_at
                            stats.ttft_s = first_at - started
                        pieces.append(text)
                        yield text
        if cancel.is_set():
            stats.finish_reason = "cancelled"
        elif not (done or finish):
            raise RemoteError(translate("CoreEngine", "The server at {url} ended the stream before the reply was "
                                        "complete (see the server's log).").format(url=self.base_url), 200)
        else:
            stats.finish_reason = "length" if finish == "length" else "stop"
        stats.text = "".join(pieces)
        stats.tokens = int(usage.get("completion_tokens") or len(pieces))
        if usage.get("prompt_tokens") or stats.finish_reason != "cancelled":  # a stop never waits on the network
            stats.prompt_tokens = int(usage.get("prompt_tokens") or self.count_chat_tokens(messages))
            stats.prompt_tokens_evaluated = stats.prompt_tokens
        if stats.tokens > 1 and last_at > first_at:
            stats.tokens_per_second = (stats.tokens - 1) / (last_at - first_at)
        return stats

    def _request(self, messages: PromptInput, **params) -> tuple[str, dict]:
        """Chat messages go to /chat/completions; plain text (for a base model) to /completions."""
        model_id = self._require()
        if isinstance(messages, str):
            return "/completions", {"model": model_id, "prompt": messages, **params}
        return "/chat/completions", {"model": model_id, "messages": list(messages), **params}

    def _stream_events(self, path: str, body: dict, cancel) -> Iterator[str]:
        """The data of each server-sent event of a chat stream.

        A helper thread does the HTTP exchange, so a stop is noticed within ``POLL_S`` even while the server
        says nothing (prompt processing, a stall); the socket is then shut, which also tells the server to stop.
        """
        if cancel.is_set():
            return
        items: queue.Queue = queue.Queue()
        stop = threading.Event()
        reading: list[httpx.Response] = []
        threading.Thread(target=self._read_stream, args=(path, body, items, stop, reading), daemon=True,
                         name="remote-stream").start()
        try:
            while not cancel.is_set():
                try:
                    kind, value = items.get(timeout=POLL_S)
                except queue.Empty:
                    continue
                if kind == "error":
                    raise value
                if kind == "end" or cancel.is_set():
                    return
                yield value
        finally:
            stop.set()
            if cancel.is_set():  # else the helper finishes on its own and a fully read connection is reused
                for response in list(reading):
                    shut(response)

    def _read_stream(self, path: str, body: dict, items: queue.Queue, stop: threading.Event,
                     reading: list[httpx.Response]) -> None:
        try:
            with self._client.stream("POST", self.base_url + path, json=body, headers=self._headers,
                                     timeout=self._timeout) as response:
                if response.status_code >= 400:
                    response.read()
                    raise self._error(response, body["model"])
                kind = response.headers.get("content-type", "")
                if not kind.startswith("text/event-stream"):
                    raise RemoteError(translate("CoreEngine", "The server at {url} sent a malformed stream: {kind} "
                                                "instead of text/event-stream.").format(
                        url=self.base_url, kind=kind or translate("CoreEngine", "no type")), response.status_code)
                reading.append(response)
                events = 0
                for event in httpx_sse.EventSource(response).iter_sse():
                    if stop.is_set():
                        return
                    if event.data:
                        events += 1
                        items.put(("data", event.data))
                reading.clear()
                if not events:
                    raise RemoteError(translate("CoreEngine", "The server at {url} sent an empty stream: the "
                                                "conversation may not fit its context, or it is not an "
                                                "OpenAI-compatible server (see its log).").format(url=self.base_url),
                                      response.status_code)
            items.put(("end", None))
        except httpx.TransportError as exc:
            if not stop.is_set():
                items.put(("error", self._transport_error(exc)))
        except Exception as exc:  # noqa: BLE001 - handed to the consuming thread, which raises it
            items.put(("error", exc))

    def _chunk(self, data: str) -> dict:
        try:
            chunk = json.loads(data)
        except ValueError:
            chunk = None
        if not isinstance(chunk, dict) or not isinstance(chunk.get("choices", []), list) or not all(
                isinstance(c, dict) for c in chunk.get("choices") or []):
            raise RemoteError(translate("CoreEngine", "The server at {url} sent a malformed stream: {data}").format(
                url=self.base_url, data=repr(data[:80])), 200)
        if chunk.get("error"):
            raise RemoteError(translate("CoreEngine", "The server at {url} stopped the reply: {error}").format(
                url=self.base_url, error=_error_text(chunk)), 200)
        return chunk

    # -- scoring -------------------------------------------------------------------------------------------------

    def score_labels(self, messages, labels, cancel) -> dict[str, float]:
        """Log-probability that the reply starts with each label, from the top 20 first tokens the server reports.

        A token counts for a label when one is a prefix of the other (ignoring case and spaces); a token that fits
        several labels is shared between them. Labels not among the top tokens get a floor below all of them.
        """
        if cancel.is_set():
            raise Cancelled()
        chat = not isinstance(messages, str)
        # The chat API asks with a flag and a count; the text-completion API with the count alone.
        path, body = self._request(messages, max_tokens=1, temperature=0,
                                   **({"logprobs": True, "top_logprobs": 20} if chat else {"logprobs": 20}))
        answer = self._json(self._send("POST", self.base_url + path, body, model=body["model"]))
        try:
            logprobs = answer["choices"][0]["logprobs"]
            top = ({item["token"]: item["logprob"] for item in logprobs["content"][0]["top_logprobs"]} if chat
                   else logprobs["top_logprobs"][0])
            pairs = [(str(token).strip().lower(), float(logprob)) for token, logprob in top.items()]
        except (KeyError, IndexError, TypeError, ValueError, AttributeError):
            pairs = []
        if not pairs:
            raise EngineCapabilityError(translate(
                "CoreEngine", "The server at {url} does not return log-probabilities, which sentiment scoring needs. "
                "Use a local model, or a server that returns them (llama.cpp's llama-server, vLLM).").format(
                url=self.base_url))
        hits: dict[str, list[float]] = {label: [] for label in labels}
        for token, logprob in pairs:
            fits = [label for label in labels
                    if token and (label.lower().startswith(token) or token.startswith(label.lower()))]
            for label in fits:
                hits[label].append(logprob - math.log(len(fits)))
        floor = min(logprob for _, logprob in pairs) - 1.0
        return {label: logsumexp(values) if values else floor for label, values in hits.items()}

    def score_labels_batch(self, prompts, labels, cancel) -> list[dict[str, float]]:
        """One request per prompt: the OpenAI API has no batched scoring."""
        return [self.score_labels(prompt, labels, cancel) for prompt in prompts]

    # -- HTTP ----------------------------------------------------------------------------------------------------

    def _send(self, method: str, url: str, body: dict | None = None, *, retry: bool = False,
              model: str | None = None) -> httpx.Response:
        backoff = Backoff(RETRIES if retry else 0, BACKOFF_S)
        while True:
            try:
                response = self._client.request(method, url, json=body, headers=self._headers,
                                                timeout=self._timeout)
            except (httpx.ConnectError, httpx.RemoteProtocolError) as exc:  # the request never ran: safe to repeat
                wait = backoff.next_wait()
                if wait is None:
                    raise self._transport_error(exc) from None
            except httpx.TransportError as exc:
                raise self._transport_error(exc) from None
            else:
                if response.status_code < 400:
                    return response
                wait = backoff.next_wait() if response.status_code in RETRY_STATUS else None
                if wait is None:
                    raise self._error(response, model)
            log.info("Retrying %s %s (attempt %d of %d)", method, url, backoff.failures + 1, backoff.retries + 1)
            time.sleep(wait)

    def _probe(self, method: str, path: str, body: dict | None = None) -> dict | None:
        """An optional extra at the server root: None when this server does not offer it."""
        try:
            return self._json(self._send(method, self._root + path, body))
        except RemoteError as exc:
            if exc.status is None:
                raise
            return None

    def _json(self, response: httpx.Response) -> dict:
        try:
            data = response.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise RemoteError(translate("CoreEngine", "The server at {url} sent an answer to {path} that is not a JSON "
                                        "object.").format(url=self.base_url, path=response.request.url.path),
                              response.status_code)
        return data

    def _transport_error(self, exc: httpx.TransportError) -> RemoteError:
        where = self.base_url
        text = str(exc)
        if isinstance(exc, httpx.ConnectTimeout):
            return RemoteError(translate("CoreEngine", "Cannot reach {url}: no answer to the connection within "
                                         "{seconds:g} s. Check the address and that the server is running.").format(
                url=where, seconds=self._timeout.connect))
        if isinstance(exc, httpx.TimeoutException):
            return RemoteError(translate("CoreEngine", "The server at {url} did not answer within {seconds:g} "
                                         "s.").format(url=where, seconds=self.timeout_s))
        if isinstance(exc, httpx.ConnectError) and "CERTIFICATE_VERIFY_FAILED" in text:
            return RemoteError(translate("CoreEngine", "The TLS certificate of {url} could not be verified ({error}). "
                                         "Use the server's proper name and a certificate your system trusts.").format(
                url=where, error=text))
        if isinstance(exc, httpx.ConnectError):
            reason = translate("CoreEngine", "connection refused") if "refused" in text.lower() else text
            return RemoteError(translate("CoreEngine", "Cannot reach {url}: {reason}. Is the server running?").format(
                url=where, reason=reason))
        return RemoteError(translate("CoreEngine", "The connection to {url} broke: {error}.").format(
            url=where, error=text or type(exc).__name__))

    def _error(self, response: httpx.Response, model: str | None) -> Exception:
        status, where = response.status_code, self.base_url
        detail = _error_text(response)
        try:
            error = response.json().get("error")
        except (ValueError, AttributeError):
            error = None
        if isinstance(error, dict) and {error.get("code"), error.get("type")} & {"context_length_exceeded",
                                                                                 "exceed_context_size_error"}:
            return ContextOverflow(detail)
        if status in (401, 403) and self._headers:
            message = translate("CoreEngine", "The server at {url} refused the API key ({status}). Check the key in "
                                "Settings ▸ Remote endpoints.").format(url=where, status=status)
        elif status in (401, 403):
            message = translate("CoreEngine", "The server at {url} needs an API key ({status}). Add it in Settings ▸ "
                                "Remote endpoints.").format(url=where, status=status)
        elif status == 404 and model and "model" in detail.lower():
            message = translate("CoreEngine", "The server has no model '{model}': {detail}").format(model=model,
                                                                                                   detail=detail)
        elif status == 404:
            message = translate("CoreEngine", "The server at {url} has no {path} (404). Check the base URL: for most "
                                "servers it ends in /v1.").format(url=where, path=response.request.url.path)
        else:
            message = translate("CoreEngine", "The server at {url} answered {status} {reason}: {detail}").format(
                url=where, status=status, reason=response.reason_phrase,
                detail=detail or translate("CoreEngine", "no details"))
        return RemoteError(message, status)


def _error_text(source: httpx.Response | dict) -> str:
    """The server's own words about an error: OpenAI's error.message, FastAPI's detail, or the start of the body."""
    data = source
    if isinstance(source, httpx.Response):
        try:
            data = source.json()
        except ValueError:
            return source.text.strip()[:300]
    if isinstance(data, dict):
        error = data.get("error")
        for text in ((error or {}).get("message") if isinstance(error, dict) else error, data.get("detail"),
                     data.get("message")):
            if text:
                return str(text)[:300]
    return str(data)[:300]


__all__ = ["RemoteEngine", "RemoteError", "normalize_base_url"]
