"""The local server with real clients (the official ``openai`` package, httpx, the app's RemoteEngine) over real models
in the engine host, its jobs run by a SerialRunner as the app's worker would run them."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import threading
import time

import httpx
import openai
import pytest

from desktop_llm.core.common.settings import SamplingSettings
from desktop_llm.core.engines.base import ContextOverflow, LoadOptions, run_stream
from desktop_llm.core.engines.host import HostedEngine
from desktop_llm.core.engines.remote import RemoteEngine
from desktop_llm.core.server.runner import SerialRunner
from desktop_llm.core.server.server import LocalServer, ServerError
from desktop_llm.core.server.state import LOADING

HELLO = [{"role": "user", "content": "Say hello."}]


class RecordingRunner(SerialRunner):
    """A SerialRunner that keeps what each job returned, to see how a generation ended."""

    def __init__(self, engine):
        super().__init__(engine)
        self.results: list = []

    def submit(self, job):
        return super().submit(lambda ctx: self.results.append(job(ctx)))

    @contextlib.contextmanager
    def holding(self):
        """Occupy the engine thread (as a long job of the app would) until the yielded event is set, or the end."""
        release = threading.Event()
        super().submit(lambda ctx: release.wait(30))
        try:
            yield release
        finally:
            release.set()


class Served:
    """One model in the engine host, its runner, and servers over them (closed with the module)."""

    def __init__(self, model, home, n_ctx: int):
        with pytest.MonkeyPatch.context() as patch:  # the host process writes its log in a test home
            patch.setenv("DESKTOP_LLM_HOME", str(home))
            self.engine = HostedEngine()
            self.engine.load(model, LoadOptions(n_ctx=n_ctx, n_threads=2))
        self.runner = RecordingRunner(self.engine)
        self.servers: list[LocalServer] = []
        self.server = self.start()
        self.client = openai.OpenAI(base_url=self.server.base_url, api_key="unused", max_retries=0, timeout=60)

    def start(self, current_model=None, **options) -> LocalServer:
        server = LocalServer(self.runner, current_model or (lambda: self.engine.model), port=0, **options)
        server.start()
        self.servers.append(server)
        return server

    def close(self):
        for server in self.servers:
            server.stop()
        self.runner.close()
        self.engine.close()


@pytest.fixture(scope="module")
def smol(smollm2_model, tmp_path_factory):
    served = Served(smollm2_model, tmp_path_factory.mktemp("home"), 2048)
    yield served
    served.close()


@pytest.fixture(scope="module")
def tiny(tiny_long_model, tmp_path_factory):
    """The tiny model never ends a reply by itself: generations run as long as asked (~3,000 tokens/s)."""
    served = Served(tiny_long_model, tmp_path_factory.mktemp("home"), 4096)
    yield served
    served.close()


def post(server: LocalServer, path: str, body, headers=None, timeout=60) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.post(server.base_url + path, content=content,
                      headers={"Content-Type": "application/json", **(headers or {})}, timeout=timeout)


def wait_until(condition, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


# -- the API with the openai client ----------------------------------------------------------------------------------


def test_lists_the_loaded_model_by_its_file_name(smol):
    models = smol.client.models.list().data
    assert [m.id for m in models] == ["SmolLM2-135M-Instruct.Q4_1"]
    assert models[0].owned_by == "desktop-llm" and models[0].model_extra["context_length"] == 2048
    assert smol.client.models.retrieve("SmolLM2-135M-Instruct.Q4_1").id == "SmolLM2-135M-Instruct.Q4_1"


def test_chat_completion_answers_with_usage(smol):
    reply = smol.client.chat.completions.create(model="SmolLM2-135M-Instruct.Q4_1", messages=HELLO, max_tokens=24,
                                                temperature=0)
    choice = reply.choices[0]
    assert reply.object == "chat.completion" and reply.id.startswith("chatcmpl-")
    assert choice.message.role == "assistant" and "hello" in choice.message.content.lower()
    assert choice.finish_reason in ("stop", "length")
    assert reply.usage.prompt_tokens > 5 and 0 < reply.usage.completion_tokens <= 24
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens


def test_streamed_chat_ends_with_the_finish_reason_then_usage(smol):
    stream = smol.client.chat.completions.create(model="SmolLM2-135M-Instruct.Q4_1", messages=HELLO, max_tokens=6,
                                                 temperature=0, stream=True, stream_options={"include_usage": True})
    chunks = list(stream)
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "length"
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens == 6
    whole = smol.client.chat.completions.create(model="SmolLM2-135M-Instruct.Q4_1", messages=HELLO, max_tokens=6,
                                                temperature=0)
    assert text == whole.choices[0].message.content  # greedy: the same reply, streamed or not


def test_sampling_fields_reach_the_engine(smol):
    def ask(**fields):
        return smol.client.chat.completions.create(model="SmolLM2-135M-Instruct.Q4_1", messages=HELLO,
                                                   max_tokens=16, **fields).choices[0]

    assert ask(seed=7, temperature=1.0, top_p=0.9).message.content == ask(seed=7, temperature=1.0,
                                                                          top_p=0.9).message.content
    greedy = ask(temperature=0).message.content
    cut = greedy.split()[1]
    stopped = ask(temperature=0, stop=[cut])
    assert stopped.finish_reason == "stop" and stopped.message.content == greedy[:greedy.index(cut)]


def test_completions_continue_raw_text(smol):
    prompt = "1, 2, 3, 4, 5,"
    reply = smol.client.completions.create(model="SmolLM2-135M-Instruct.Q4_1", prompt=prompt, max_tokens=8,
                                           temperature=0)
    assert reply.object == "text_completion" and reply.choices[0].text.startswith(" 6, 7")
    streamed = smol.client.completions.create(model="SmolLM2-135M-Instruct.Q4_1", prompt=prompt, max_tokens=8,
                                              temperature=0, stream=True)
    assert "".join(chunk.choices[0].text for chunk in streamed) == reply.choices[0].text


def test_a_growing_conversation_reuses_the_cached_prefix(smol):
    messages = [{"role": "system", "content": "You answer in one short sentence."},
                {"role": "user", "content": "Name a colour."}]
    first = smol.client.chat.completions.create(model="SmolLM2-135M-Instruct.Q4_1", messages=messages,
                                                max_tokens=12, temperature=0)
    messages += [{"role": "assistant", "content": first.choices[0].message.content},
                 {"role": "user", "content": "Name another one."}]
    second = smol.client.chat.completions.create(model="SmolLM2-135M-Instruct.Q4_1", messages=messages,
                                                 max_tokens=12, temperature=0)
    assert second.usage.prompt_tokens_details.cached_tokens >= first.usage.prompt_tokens - 1


def test_four_clients_streaming_at_once_are_served_in_turn(tiny):
    before = tiny.server.counts().served
    done_before = len(tiny.runner.results)
    texts: dict[int, str] = {}

    def client(number: int):
        stream = tiny.client.chat.completions.create(model="tiny-4k", messages=HELLO, max_tokens=32, stream=True,
                                                     seed=number)
        texts[number] = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)

    threads = [threading.Thread(target=client, args=(number,)) for number in range(4)]
    with tiny.runner.holding():
        for number, thread in enumerate(threads):  # queued one after the other, so the order is known
            thread.start()
            wait_until(lambda: tiny.server.counts().waiting == number + 1)
    for thread in threads:
        thread.join(30)
    # Served in turn, in the order they came: the engine ran them one after another (the clients' own threads may
    # read their streams in another order on a busy machine).
    wait_until(lambda: len(tiny.runner.results) == done_before + 4)  # each is recorded as its job returns
    ran = [result.text for result in tiny.runner.results[done_before:]]
    assert all(texts[n] for n in range(4)) and ran == [texts[n] for n in range(4)]
    # The server counts a stream once its last event is sent: a moment after the client has read it.
    wait_until(lambda: tiny.server.counts().served == before + 4 and tiny.server.counts().running == 0)


def test_a_client_that_leaves_mid_stream_stops_its_generation(tiny):
    dropped = tiny.server.counts().dropped
    with httpx.stream("POST", tiny.server.base_url + "/chat/completions", timeout=30,
                      json={"model": "tiny-4k", "messages": HELLO, "max_tokens": 4000, "stream": True}) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        next(response.iter_lines())
    wait_until(lambda: tiny.runner.results and tiny.runner.results[-1].finish_reason == "cancelled")
    assert tiny.runner.results[-1].tokens < 2000
    assert tiny.server.counts().dropped == dropped + 1
    reply = tiny.client.chat.completions.create(model="tiny-4k", messages=HELLO, max_tokens=4)
    assert reply.usage.completion_tokens == 4  # the server goes on


def test_a_client_that_leaves_while_queued_costs_nothing(tiny):
    done = len(tiny.runner.results)
    with tiny.runner.holding():
        with pytest.raises(httpx.ReadTimeout):
            post(tiny.server, "/chat/completions", {"model": "tiny-4k", "messages": HELLO, "max_tokens": 4000},
                 timeout=httpx.Timeout(30, read=0.3))
        wait_until(lambda: tiny.server.counts().waiting == 0)
    assert tiny.client.completions.create(model="tiny-4k", prompt="a", max_tokens=2).usage.completion_tokens == 2
    wait_until(lambda: len(tiny.runner.results) > done)  # recorded as its job returns, after the client has it
    assert len(tiny.runner.results) == done + 1  # only the second request reached the engine


def test_too_many_waiting_requests_get_429(tiny):
    server = tiny.start(max_waiting=1)
    waiting = threading.Thread(target=post, args=(server, "/completions", {"prompt": "a", "max_tokens": 2}))
    with tiny.runner.holding():
        waiting.start()
        wait_until(lambda: server.counts().waiting == 1)
        refused = post(server, "/completions", {"prompt": "a", "max_tokens": 2})
    waiting.join(30)
    assert refused.status_code == 429 and refused.headers["retry-after"] == "2"
    assert refused.json()["error"]["code"] == "queue_full"


# -- errors in OpenAI's shape ----------------------------------------------------------------------------------------


def error_of(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    return error


def test_bad_requests_get_400(smol):
    server = smol.server
    assert "not valid JSON" in error_of(post(server, "/chat/completions", b'{"messages": [}'), 400)["message"]
    assert "JSON object" in error_of(post(server, "/chat/completions", b"[1]"), 400)["message"]
    assert "Content-Type" in error_of(post(server, "/chat/completions", b"{}", {"Content-Type": "text/plain"}),
                                      400)["message"]
    assert error_of(post(server, "/chat/completions", {"messages": []}), 400)["param"] == "messages"
    assert error_of(post(server, "/chat/completions", {"messages": [{"role": "tool", "content": "x"}]}),
                    400)["param"] == "messages[0].role"
    assert error_of(post(server, "/chat/completions", {"messages": HELLO, "temperature": 9}), 400)["param"] == \
        "temperature"
    assert error_of(post(server, "/chat/completions", {"messages": HELLO, "stop": ["a"] * 5}), 400)["param"] == "stop"
    assert error_of(post(server, "/completions", {"prompt": ["a", "b"]}), 400)["param"] == "prompt"
    assert error_of(post(server, "/embeddings", {"input": "x"}), 400)["code"] == "model_not_supported"
    assert "under /v1" in error_of(httpx.get(server.base_url.removesuffix("/v1") + "/tokenize"), 404)["message"]


def test_an_oversized_body_gets_413(smol):
    server = smol.start(max_body_bytes=10_000)
    big = {"messages": [{"role": "user", "content": "x" * 20_000}]}
    assert error_of(post(server, "/chat/completions", big), 413)["message"] == ("The request is larger than 10,000 "
                                                                                "bytes.")
    chunked = iter([json.dumps(big).encode()[:8000]] * 3)  # no Content-Length: counted as it comes
    assert error_of(httpx.post(server.base_url + "/chat/completions", content=chunked,
                               headers={"Content-Type": "application/json"}), 413)
    with pytest.raises(openai.APIStatusError) as refused:
        openai.OpenAI(base_url=server.base_url, api_key="k").chat.completions.create(model="x", **big)
    assert refused.value.status_code == 413


def test_an_unknown_model_gets_404(smol):
    with pytest.raises(openai.NotFoundError) as refused:
        smol.client.chat.completions.create(model="gpt-4o", messages=HELLO)
    assert refused.value.body["code"] == "model_not_found" and "SmolLM2-135M-Instruct.Q4_1" in refused.value.message
    name = smol.engine.model.name  # the name in the file is accepted too, and so is no model at all
    assert post(smol.server, "/chat/completions", {"model": name, "messages": HELLO, "max_tokens": 1}).is_success
    assert post(smol.server, "/chat/completions", {"messages": HELLO, "max_tokens": 1}).is_success


def test_a_prompt_longer_than_the_context_gets_400(smol):
    long = [{"role": "user", "content": "word " * 3000}]
    error = error_of(post(smol.server, "/chat/completions", {"messages": long, "stream": True}), 400)
    assert error["code"] == "context_length_exceeded"
    remote = RemoteEngine(smol.server.base_url)
    remote.load("", LoadOptions())
    with pytest.raises(ContextOverflow):
        run_stream(remote.stream_chat(long, SamplingSettings(max_tokens=4), threading.Event()), lambda piece: None)


def test_while_a_model_loads_requests_get_503(smol):
    state = [LOADING]
    server = smol.start(current_model=lambda: state[0])
    refused = post(server, "/chat/completions", {"messages": HELLO})
    assert error_of(refused, 503)["code"] == "model_loading" and refused.headers["retry-after"] == "2"
    assert httpx.get(server.base_url + "/models").status_code == 503
    state[0] = None
    assert httpx.get(server.base_url + "/models").json()["data"] == []
    assert error_of(post(server, "/completions", {"prompt": "a"}), 503)["code"] == "model_not_ready"


# -- access ----------------------------------------------------------------------------------------------------------


def test_a_key_is_needed_when_one_is_set(smol):
    server = smol.start(api_key="s3cret")
    assert error_of(httpx.get(server.base_url + "/models"), 401)["type"] == "authentication_error"
    assert error_of(httpx.get(server.base_url + "/models", headers={"Authorization": "Bearer nope"}), 401)
    with pytest.raises(openai.AuthenticationError):
        openai.OpenAI(base_url=server.base_url, api_key="wrong", max_retries=0).models.list()
    keyed = openai.OpenAI(base_url=server.base_url, api_key="s3cret")
    assert keyed.chat.completions.create(model="SmolLM2-135M-Instruct.Q4_1", messages=HELLO,
                                         max_tokens=2).usage.completion_tokens == 2


def test_only_loopback_without_a_key_and_a_port_in_use_is_said_plainly(smol):
    with pytest.raises(ServerError, match="set an API key"):
        LocalServer(smol.runner, lambda: None, host="0.0.0.0")
    LocalServer(smol.runner, lambda: None, host="0.0.0.0", api_key="k")  # allowed with a key
    taken = LocalServer(smol.runner, lambda: None, port=smol.server.port)
    with pytest.raises(ServerError, match=f"Port {smol.server.port} on 127.0.0.1 is in use"):
        taken.start()


def test_without_a_key_only_requests_addressed_to_this_machine_are_answered(smol):
    """A web page whose name is made to resolve to 127.0.0.1 (DNS rebinding) sends its own name as Host."""
    url = smol.server.base_url + "/models"
    assert error_of(httpx.get(url, headers={"Host": "evil.example"}), 400)
    assert httpx.get(url, headers={"Host": f"localhost:{smol.server.port}"}).status_code == 200


def test_cors_is_off_unless_switched_on(smol):
    origin = {"Origin": "https://example.com"}
    assert "access-control-allow-origin" not in httpx.get(smol.server.base_url + "/models", headers=origin).headers
    server = smol.start(allow_cors=True)
    assert httpx.get(server.base_url + "/models", headers=origin).headers["access-control-allow-origin"] == "*"


def test_nothing_but_counts_and_errors_is_logged(smol, caplog):
    secret = "my very private question"
    with caplog.at_level("DEBUG"):
        smol.client.chat.completions.create(model="SmolLM2-135M-Instruct.Q4_1", max_tokens=2,
                                            messages=[{"role": "user", "content": secret}])
        post(smol.server, "/chat/completions", {"messages": [{"role": "user", "content": secret}], "top_p": 5})
        server = smol.start()
        server.stop()
    assert secret not in caplog.text
    assert "'top_p' must be a number" in caplog.text and "requests served" in caplog.text


# -- the app's own clients -------------------------------------------------------------------------------------------


def test_the_apps_remote_engine_uses_the_server(smol):
    remote = RemoteEngine(smol.server.base_url)
    info = remote.load("", LoadOptions())
    assert (info.model_id, info.n_ctx) == ("SmolLM2-135M-Instruct.Q4_1", 2048)
    pieces: list[str] = []
    stats = run_stream(remote.stream_chat(HELLO, SamplingSettings(max_tokens=8, temperature=0), threading.Event()),
                       pieces.append)
    assert stats.tokens == 8 and "".join(pieces) == stats.text and stats.prompt_tokens > 5
    cancel = threading.Event()
    stats = run_stream(remote.stream_chat("1, 2, 3,", SamplingSettings(max_tokens=32), cancel),
                       lambda piece: cancel.set())
    assert stats.finish_reason == "cancelled"
    remote.close()


def interrupted_stream(server: LocalServer, interrupt) -> tuple[float, list[str]]:
    """A long streamed completion, ``interrupt()`` once it runs: how long the stream took to end after it, and the
    events that came meanwhile."""
    with httpx.stream("POST", server.base_url + "/completions", timeout=30,
                      json={"prompt": "a", "max_tokens": 4000, "stream": True}) as response:
        lines = response.iter_lines()
        next(lines)
        started = time.monotonic()
        interrupt()
        rest = [line for line in lines if line.startswith("data:")]
    return time.monotonic() - started, rest


def test_stopping_the_server_ends_its_streams(tiny):
    server = tiny.start()
    seconds, rest = interrupted_stream(server, server.stop)
    assert seconds < 5
    assert "server_stopping" in rest[-1] or "finish_reason" in rest[-1]
    with pytest.raises(httpx.ConnectError):
        httpx.get(server.base_url + "/models")


def test_a_model_load_in_the_app_ends_the_requests_holding_the_engine(tiny):
    """A client asking for 4,000 tokens (or one with no max_tokens) must not hold up the model the user loads."""
    server = tiny.start()
    seconds, rest = interrupted_stream(server, server.app.make_way_for_a_model_load)
    assert seconds < 5 and "model_not_ready" in rest[-1]
    assert tiny.client.completions.create(model="tiny-4k", prompt="a", max_tokens=2).usage.completion_tokens == 2


def test_a_request_naming_no_model_reports_the_one_it_ran_on(tiny, monkeypatch):
    """Queued while the app switched models, it runs on the new one and says so."""
    with tiny.runner.holding():
        answer: list = []
        waiting = threading.Thread(target=lambda: answer.append(
            post(tiny.server, "/completions", {"prompt": "a", "max_tokens": 2})))
        waiting.start()
        wait_until(lambda: tiny.server.counts().waiting == 1)
        monkeypatch.setattr(tiny.engine, "model", dataclasses.replace(tiny.engine.model, path="/models/other.gguf"))
    waiting.join(30)
    assert answer[0].status_code == 200 and answer[0].json()["model"] == "other"


def test_embeddings_come_from_the_installed_embedding_model(smol, smollm2_model, tmp_path):
    """SmolLM2 stands in for an embedding model (no embedding GGUF can be fetched here): the real llama.cpp path."""
    import numpy as np

    from desktop_llm.core.engines.embedding import EmbeddingModel
    from desktop_llm.core.models.catalog import EmbeddingSpec

    stand_in = tmp_path / "stand-in-embedding.gguf"
    os.link(smollm2_model, stand_in)
    embedder = EmbeddingModel(stand_in, EmbeddingSpec(pooling="mean"), n_threads=2)
    server = smol.start(embedder=lambda: embedder)
    client = openai.OpenAI(base_url=server.base_url, api_key="unused", max_retries=0, timeout=60)
    try:
        listed = [model.id for model in client.models.list().data]
        assert listed == ["SmolLM2-135M-Instruct.Q4_1", "stand-in-embedding"]
        texts = ["The goat eats hay.", "A horse."]
        for encoding in ("float", openai.NOT_GIVEN):  # not given: the official client asks for base64, decodes it
            reply = client.embeddings.create(model=embedder.model_id, input=texts, encoding_format=encoding)
            vectors = np.array([item.embedding for item in reply.data])
            assert vectors.shape == (2, 576) and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
            assert reply.usage.prompt_tokens > 4 and [item.index for item in reply.data] == [0, 1]
        same = client.embeddings.create(model="", input="The goat eats hay.").data[0].embedding
        assert np.dot(same, vectors[0]) > 0.999
        assert error_of(post(server, "/embeddings", {"model": "SmolLM2-135M-Instruct.Q4_1", "input": "x"}),
                        404)["code"] == "model_not_found"
        assert error_of(post(server, "/embeddings", {"input": [[1, 2, 3]]}), 400)["param"] == "input"
        assert error_of(post(server, "/embeddings", {"input": ["x"] * 300}), 400)["param"] == "input"
        assert error_of(post(server, "/embeddings", {"input": "x", "dimensions": 64}), 400)["param"] == "dimensions"
        too_long = error_of(post(server, "/embeddings", {"input": ["short", "word " * 1500]}), 400)
        assert too_long["code"] == "context_length_exceeded" and "input[1]" in too_long["message"]
        embedder.close()  # deleted in the app meanwhile
        assert error_of(post(server, "/embeddings", {"input": "x"}), 503)["code"] == "model_not_ready"
    finally:
        embedder.close()
        server.stop()
