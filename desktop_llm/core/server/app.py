"""The HTTP side of the local server: a Starlette app whose generations run as jobs on the shared engine.

Each generation request becomes an :class:`Exchange`: a job queued on the :class:`JobRunner` (fairly: in arrival
order, with the app's own jobs) that streams its text back through an asyncio queue of the request. The request
watches its connection the whole time; a client that goes away sets the job's cancel flag, so its generation stops
at the next token (or inside a long prompt evaluation). At most ``max_waiting`` requests wait for the engine; more
are refused with 429.

Only counts and errors are logged, never what a request says.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import json
import logging
import threading
from typing import AsyncIterator, Callable

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from ..common.errors import Cancelled, UserError
from ..engines.base import GenerationStats, ModelInfo, run_stream
from ..engines.host import EngineCrashed
from ..jobs.context import Job, JobContext
from . import api
from .api import ApiError, Generation
from .runner import JobHandle, JobRunner
from .state import LOADING, ModelState, ServerCounts

log = logging.getLogger(__name__)

MAX_WAITING = 8
MAX_BODY_BYTES = 4 * 1024 * 1024  # a 128k-token conversation is ~0.5 MB of text (~3 MB as JSON-escaped CJK)
RETRY_AFTER_S = 2
EMBED_CHUNK = 4  # texts per call to the embedding model (between them: the app's search, a stop, a hang-up)
LOOPBACK_NAMES = ("localhost",)


class _AnyCancel(threading.Event):
    """Set when either flag is: the request's (its client left) or the job's (the app cancelled it). Engines only
    ask ``is_set()``."""

    def __init__(self, *flags: threading.Event):
        super().__init__()
        self._flags = flags

    def is_set(self) -> bool:
        return any(flag.is_set() for flag in self._flags)


class Exchange:
    """One generation request: its job's output comes back through ``items`` on the server's event loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.items: asyncio.Queue = asyncio.Queue()  # ("piece", text), ("done", stats), ("error", exc), ("gone", _)
        self.cancel = threading.Event()
        self.started = False  # set by the job when the engine takes it
        self.model_id = ""  # the model the job runs on (set by the job: it may differ from the one when it was sent)
        self.handle: JobHandle | None = None
        self.watcher: asyncio.Task | None = None

    def post(self, kind: str, value: object) -> None:
        """From any thread."""
        try:
            self.loop.call_soon_threadsafe(self.items.put_nowait, (kind, value))
        except RuntimeError:  # the server's loop has closed: nobody is listening
            self.cancel.set()

    def leave(self) -> None:
        """Stop the generation if it still runs (from any thread)."""
        self.cancel.set()
        if self.handle is not None:
            self.handle.cancel()


def generation_job(exchange: Exchange, generation: Generation) -> Job:
    """Stream one generation on the engine the app keeps its local model in (the server never proxies a remote
    one), checking first that the model asked for is still the one loaded."""

    def run(ctx: JobContext) -> GenerationStats:
        exchange.started = True
        engine = ctx.local_engine
        cancel = _AnyCancel(exchange.cancel, ctx.cancel)
        try:
            if cancel.is_set():  # its client left while it waited
                raise Cancelled()
            if engine.model is None:
                raise ApiError(503, "No model is loaded in Desktop LLM: load one, then try again.",
                               code="model_not_ready", retry_after_s=RETRY_AFTER_S)
            if not api.names_model(engine.model, generation.model):
                raise ApiError(404, f"The model '{generation.model}' is no longer loaded: "
                                    f"'{api.model_id(engine.model)}' is.", "model", "model_not_found")
            exchange.model_id = api.model_id(engine.model)
            stream = engine.stream_chat(generation.prompt, generation.sampling, cancel, generation.stop)
            stats = run_stream(stream, (lambda piece: exchange.post("piece", piece)) if generation.stream
                               else (lambda piece: None))
        except BaseException as exc:
            exchange.post("error", exc)
            raise
        exchange.post("done", stats)
        return stats

    return run


class ServerApp:
    """The ASGI app (``asgi``) and the state behind it: the runner, the model hook, the key, the live requests."""

    def __init__(self, runner: JobRunner, current_model: Callable[[], ModelState], api_key: str | None,
                 loopback_only: bool, allow_cors: bool, max_waiting: int = MAX_WAITING,
                 max_body_bytes: int = MAX_BODY_BYTES, embedder: Callable[[], object | None] = lambda: None):
        self.runner, self.current_model = runner, current_model
        self.embedder = embedder  # the installed embedding model (engines.embedding.EmbeddingModel), or None
        self._embedding_requests = 0  # being answered now (each takes turns on the embedding model)
        self._stopping = False
        self.api_key = api_key
        self.loopback_only = loopback_only  # requests must name a loopback host (against DNS rebinding)
        self.max_waiting, self.max_body_bytes = max_waiting, max_body_bytes
        self._lock = threading.Lock()
        self._live: set[Exchange] = set()
        self._served = self._errors = self._dropped = 0
        self.asgi = Starlette(
            routes=[Route("/v1/models", self.models), Route("/v1/models/{model_id:path}", self.model),
                    Route("/v1/chat/completions", self.chat_completions, methods=["POST"]),
                    Route("/v1/completions", self.completions, methods=["POST"]),
                    Route("/v1/embeddings", self.embeddings, methods=["POST"])],
            middleware=[Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                                   allow_headers=["*"])] if allow_cors else [],
            exception_handlers={ApiError: self._api_error, HTTPException: self._http_error,
                                Exception: self._unexpected})

    # -- counts and shutdown ---------------------------------------------------------------------------------------

    def counts(self) -> ServerCounts:
        with self._lock:
            running = sum(exchange.started for exchange in self._live)
            return ServerCounts(self._served, self._errors, self._dropped, running, len(self._live) - running)

    def stop_all(self, error: ApiError | None = None) -> None:
        """Stop every generation and answer its client with ``error`` (any thread): the server is stopping, or the
        app loads another model (which would otherwise wait behind requests that may run for minutes)."""
        if error is None:
            self._stopping = True  # embeddings requests stop between their calls
        error = error or ApiError(503, "The server is stopping.", code="server_stopping")
        with self._lock:
            live = list(self._live)
        for exchange in live:
            exchange.leave()
            exchange.post("error", error)

    def make_way_for_a_model_load(self) -> None:
        self.stop_all(ApiError(503, "Desktop LLM is loading another model: try again in a moment.",
                               code="model_not_ready", retry_after_s=RETRY_AFTER_S))

    def _count(self, outcome: str) -> None:
        with self._lock:
            if outcome == "served":
                self._served += 1
            elif outcome == "error":
                self._errors += 1
            else:
                self._dropped += 1

    # -- endpoints -------------------------------------------------------------------------------------------------

    async def models(self, request: Request) -> Response:
        self._check_access(request)
        info = self._model_state()
        embedder = self.embedder()
        self._count("served")
        return JSONResponse({"object": "list", "data": ([api.model_entry(info)] if info else []) + (
            [api.embedding_model_entry(embedder.model_id)] if embedder is not None else [])})

    async def model(self, request: Request) -> Response:
        self._check_access(request)
        embedder = self.embedder()
        if embedder is not None and request.path_params["model_id"] == embedder.model_id:
            entry = api.embedding_model_entry(embedder.model_id)
        else:
            entry = api.model_entry(self._model_named(request.path_params["model_id"]))
        self._count("served")
        return JSONResponse(entry)

    async def chat_completions(self, request: Request) -> Response:
        return await self._generate(request, api.read_chat)

    async def completions(self, request: Request) -> Response:
        return await self._generate(request, api.read_completion)

    async def embeddings(self, request: Request) -> Response:
        """Vectors from the embedding model installed in the app (it runs in its own process, beside the chat
        model: no queue behind generations)."""
        self._check_access(request)
        body = await self._json(request)
        requested = api.requested_model(body)
        embedder = self.embedder()
        if embedder is None:
            raise ApiError(400, "No embedding model is installed in Desktop LLM: download one in its Models pane "
                                "(BGE-M3); the chat model serves chat and completions only.", "model",
                           "model_not_supported")
        if requested not in ("", embedder.model_id):
            raise ApiError(404, f"The model '{requested}' does not make embeddings: '{embedder.model_id}' does.",
                           "model", "model_not_found")
        texts, encoding = api.read_embedding_input(body)
        with self._lock:
            if self._embedding_requests >= self.max_waiting:
                raise ApiError(429, f"The server is busy: {self.max_waiting} embedding requests are already being "
                                    "answered. Try again shortly.", code="queue_full", retry_after_s=RETRY_AFTER_S)
            self._embedding_requests += 1
        try:
            vectors, tokens = await self._embed(request, embedder, texts)
        finally:
            with self._lock:
                self._embedding_requests -= 1
        content = await asyncio.to_thread(api.embedding_body, embedder.model_id, vectors, tokens, encoding)
        self._count("served")
        return Response(content, media_type="application/json")

    async def _embed(self, request: Request, embedder, texts: list[str]) -> tuple[list[list[float]], int]:
        """A few texts per call (the app's own document search takes turns with it), off the event loop; stops
        between calls when the client leaves or the server stops. A text longer than the model reads is refused,
        as OpenAI does, rather than cut."""
        try:
            counts, limit = await asyncio.to_thread(embedder.count_tokens, texts)
            longest = max(range(len(texts)), key=counts.__getitem__)
            if counts[longest] > limit:
                raise ApiError(400, f"input[{longest}] is {counts[longest]:,} tokens; this model reads at most "
                                    f"{limit:,}.", "input", "context_length_exceeded")
            vectors, tokens = [], 0
            for start in range(0, len(texts), EMBED_CHUNK):
                if self._stopping:
                    raise ApiError(503, "The server is stopping.", code="server_stopping")
                if await request.is_disconnected():
                    raise ApiError(499, "The client left.")
                chunk, used = await asyncio.to_thread(embedder.embed_counted, texts[start:start + EMBED_CHUNK],
                                                      "passage")
                vectors += chunk
                tokens += used
            return vectors, tokens
        except ApiError:
            raise
        except Cancelled:  # replaced or deleted meanwhile
            raise ApiError(503, "The embedding model was removed from Desktop LLM.", code="model_not_ready") from None
        except EngineCrashed as exc:  # started again at the next request
            raise ApiError(503, str(exc), code="model_not_ready", retry_after_s=RETRY_AFTER_S) from None
        except UserError as exc:  # a file it cannot load
            raise ApiError(500, str(exc)) from None

    # -- generation ------------------------------------------------------------------------------------------------

    async def _generate(self, request: Request, read: Callable[[dict, ModelInfo], Generation]) -> Response:
        """Errors before the first piece (a context overflow, a model that changed) get their own status; a streamed
        reply starts with its first piece."""
        self._check_access(request)
        body = await self._json(request)
        info = self._model_named(api.requested_model(body))
        generation = read(body, info)
        exchange = self._submit(generation)
        exchange.watcher = asyncio.create_task(self._watch(request, exchange))
        reply = api.Reply(generation, api.model_id(info))
        try:
            kind, value = await exchange.items.get()
        except BaseException:  # the server is stopping
            self._finish(exchange, "dropped")
            raise
        reply.model = exchange.model_id or reply.model  # a request naming no model, queued across a model change
        if kind == "gone":
            return Response(status_code=499)  # "client closed request": nobody will read it
        if kind == "error":
            self._close(exchange)  # the error handler counts it
            raise api.api_error(value)
        if generation.stream:
            return StreamingResponse(self._events(exchange, reply, kind, value), media_type="text/event-stream",
                                     headers={"Cache-Control": "no-cache"})
        self._finish(exchange, "served")
        return JSONResponse(reply.whole(value))

    def _submit(self, generation: Generation) -> Exchange:
        exchange = Exchange(asyncio.get_running_loop())
        with self._lock:
            if sum(not e.started for e in self._live) >= self.max_waiting:
                raise ApiError(429, f"The server is busy: {self.max_waiting} requests are already waiting for the "
                                    "model. Try again shortly.", code="queue_full", retry_after_s=RETRY_AFTER_S)
            self._live.add(exchange)
        exchange.handle = self.runner.submit(generation_job(exchange, generation))
        return exchange

    async def _events(self, exchange: Exchange, reply: api.Reply, kind: str, value) -> AsyncIterator[str]:
        """Server-sent events: the opening chunk, a chunk per piece as it comes, the ending, then ``[DONE]``."""
        try:
            opening = reply.opening()
            if opening:
                yield _event(opening)
            while kind == "piece":
                yield _event(reply.text(value))
                kind, value = await exchange.items.get()
            if kind == "done":
                for chunk in reply.ending(value):
                    yield _event(chunk)
                yield "data: [DONE]\n\n"
                self._finish(exchange, "served")
            elif kind == "error":  # the status is sent already: the error goes in the stream, as OpenAI does
                error = api.api_error(value)
                self._log_error(error)
                yield _event(error.body())
                self._finish(exchange, "error")
        finally:
            self._finish(exchange, "dropped")  # nothing if it ended above

    async def _watch(self, request: Request, exchange: Exchange) -> None:
        """Wait for the client to go away (the body has been read: the next message is the disconnect), then stop
        the generation at once, whatever the response is doing."""
        while (await request.receive())["type"] != "http.disconnect":
            pass
        exchange.post("gone", None)
        self._finish(exchange, "dropped")

    def _close(self, exchange: Exchange) -> bool:
        """Forget an exchange, stopping its job if it still runs; False if it was closed already."""
        with self._lock:
            if exchange not in self._live:
                return False
            self._live.discard(exchange)
        exchange.leave()
        if exchange.watcher is not None and exchange.watcher is not asyncio.current_task():
            exchange.watcher.cancel()
        return True

    def _finish(self, exchange: Exchange, outcome: str) -> None:
        if self._close(exchange):
            self._count(outcome)

    # -- checks ----------------------------------------------------------------------------------------------------

    def _check_access(self, request: Request) -> None:
        if self.loopback_only and not _loopback_host(request.headers.get("host", "")):
            raise ApiError(400, "This server answers only requests addressed to 127.0.0.1 or localhost.")
        if self.api_key is None:
            return
        given = request.headers.get("authorization", "")
        scheme, _, key = given.partition(" ")
        if not given:
            raise ApiError(401, "An API key is needed: send it as 'Authorization: Bearer KEY'.", code="invalid_api_key")
        if scheme.lower() != "bearer" or not hmac.compare_digest(key.strip().encode(), self.api_key.encode()):
            raise ApiError(401, "The API key is wrong.", code="invalid_api_key")

    async def _json(self, request: Request) -> dict:
        """The request's JSON object, read no further than ``max_body_bytes``."""
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            raise ApiError(400, "Send the request as JSON, with 'Content-Type: application/json'.")
        too_large = ApiError(413, f"The request is larger than {self.max_body_bytes:,} bytes.")
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            raise too_large
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > self.max_body_bytes:
                raise too_large
        try:
            data = json.loads(body)
        except ValueError as exc:  # the parser's position, never the text
            raise ApiError(400, f"The request is not valid JSON ({type(exc).__name__} at character "
                                f"{getattr(exc, 'pos', 0)}).") from None
        if not isinstance(data, dict):
            raise ApiError(400, "The request must be a JSON object.")
        return data

    def _model_state(self) -> ModelInfo | None:
        info = self.current_model()
        if info == LOADING:
            raise ApiError(503, "A model is loading: try again in a moment.", code="model_loading",
                           retry_after_s=RETRY_AFTER_S)
        return info

    def _model_named(self, requested: str) -> ModelInfo:
        info = self._model_state()
        if info is None:
            raise ApiError(503, "No model is loaded in Desktop LLM: load one, then try again.",
                           code="model_not_ready", retry_after_s=RETRY_AFTER_S)
        if not api.names_model(info, requested):
            raise ApiError(404, f"The model '{requested}' does not exist here: this server has "
                                f"'{api.model_id(info)}'.", "model", "model_not_found")
        return info

    # -- errors ----------------------------------------------------------------------------------------------------

    def _log_error(self, error: ApiError) -> None:
        if error.status >= 500:
            log.warning("request failed (%d): %s", error.status, error)
        else:
            log.info("request refused (%d): %s", error.status, error)

    async def _api_error(self, request: Request, error: ApiError) -> Response:
        self._count("error")
        return self._error_response(error)

    async def _http_error(self, request: Request, error: HTTPException) -> Response:
        """Starlette's own refusals (no such path, wrong method), in OpenAI's shape; not counted as errors: clients
        probe for extras (the app's RemoteEngine asks for /tokenize and /props)."""
        message = {404: f"There is no {request.url.path} here: the API is under /v1.",
                   405: f"{request.method} is not allowed on {request.url.path}."}.get(error.status_code, error.detail)
        return self._error_response(ApiError(error.status_code, message))

    def _error_response(self, error: ApiError) -> Response:
        self._log_error(error)
        headers = {"Retry-After": str(error.retry_after_s)} if error.retry_after_s else None
        return JSONResponse(error.body(), status_code=error.status, headers=headers)

    async def _unexpected(self, request: Request, exc: Exception) -> Response:
        log.exception("the server failed on %s", request.url.path)
        return await self._api_error(request, api.api_error(exc))


def _event(payload: dict) -> str:
    return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"


def _loopback_host(host: str) -> bool:
    """Whether a Host header names this machine: "localhost", "127.0.0.1:8765", "[::1]:8765"."""
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 or host.startswith("[") else host
    name = name.strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
