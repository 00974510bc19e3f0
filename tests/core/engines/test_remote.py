"""RemoteEngine against llama-cpp-python's real OpenAI-compatible server, and against servers that misbehave."""

from __future__ import annotations

import json
import logging
import math
import threading
import time

import httpx
import llama_cpp
import pytest
from remote_server import free_port

from desktop_llm.core.common.errors import Cancelled
from desktop_llm.core.common.settings import SamplingSettings
from desktop_llm.core.engines import remote
from desktop_llm.core.engines.base import ContextOverflow, EngineCapabilityError, LoadOptions, run_stream
from desktop_llm.core.engines.remote import RemoteEngine, RemoteError, normalize_base_url

OPTIONS = LoadOptions(n_ctx=2048)
HELLO = [{"role": "user", "content": "hello"}]


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    monkeypatch.setattr(remote, "BACKOFF_S", 0.01)


@pytest.fixture
def engine(llama_server):
    engine = RemoteEngine(llama_server.base_url, api_key=llama_server.api_key, timeout_s=30)
    engine.load("tiny", OPTIONS)
    return engine


def stream(engine, max_tokens=8, cancel=None, on_piece=None, messages=HELLO):
    pieces = []

    def take(piece):
        pieces.append(piece)
        if on_piece:
            on_piece(piece)

    stats = run_stream(engine.stream_chat(messages, SamplingSettings(max_tokens=max_tokens),
                                          cancel or threading.Event()), take)
    return pieces, stats


# -- the real llama_cpp.server ----------------------------------------------------------------------------------


def test_lists_and_selects_the_servers_model(llama_server):
    engine = RemoteEngine(llama_server.base_url + "/", api_key=llama_server.api_key)
    assert engine.list_models() == ["tiny"]
    progress = []
    info = engine.load("", OPTIONS, on_progress=lambda fraction, text: progress.append(fraction))
    assert (info.name, info.architecture, info.template_origin) == ("tiny", "remote", "server")
    assert (info.path, info.model_id, info.remote) == (llama_server.base_url, "tiny", True)
    assert info.n_ctx == info.n_ctx_train == OPTIONS.n_ctx  # llama_cpp.server does not say its context
    assert progress[0] == 0.0 and progress[-1] == 1.0
    assert engine.token_counts_exact
    engine.unload()
    assert engine.model is None
    with pytest.raises(RemoteError, match="No model is selected"):
        engine.count_tokens("x")


def test_unknown_model_names_what_the_server_has(llama_server):
    engine = RemoteEngine(llama_server.base_url, api_key=llama_server.api_key)
    with pytest.raises(RemoteError, match=r"^The server has no model 'nope'\. It has: tiny\.$"):
        engine.load("nope", OPTIONS)


def test_token_counts_come_from_the_server(engine, tiny_model):
    vocab = llama_cpp.Llama(str(tiny_model), vocab_only=True, verbose=False)
    text = "hello world, the model is here"
    assert engine.count_tokens(text) == len(vocab.tokenize(text.encode(), add_bos=False)) > 0
    assert engine.count_tokens("") == 0
    # BOS + the text of each message + the estimated template tokens
    assert engine.count_chat_tokens(HELLO) == 1 + engine.count_tokens("hello") + remote.MESSAGE_OVERHEAD + \
        remote.REPLY_OVERHEAD


def test_streams_a_reply(engine):
    pieces, stats = stream(engine, max_tokens=8)
    assert pieces and stats.text == "".join(pieces)
    assert stats.finish_reason == "length"  # the tiny model never stops by itself
    assert 1 <= stats.tokens <= 8
    assert 0 < stats.ttft_s < 5
    assert stats.prompt_tokens == engine.count_chat_tokens(HELLO)


def test_stop_strings_end_the_reply(engine):
    greedy = SamplingSettings(max_tokens=8, temperature=0.0)
    full = run_stream(engine.stream_chat(HELLO, greedy, threading.Event()), lambda piece: None).text
    stop = full[len(full) // 2:][:2]
    stats = run_stream(engine.stream_chat(HELLO, greedy, threading.Event(), stop=[stop]), lambda piece: None)
    assert (stats.text, stats.finish_reason) == (full[:full.index(stop)], "stop")


def test_plain_text_goes_to_the_completions_api(engine):
    """For base models: no chat template, the text is continued as it is."""
    pieces, stats = stream(engine, max_tokens=4, messages="hello world")
    assert pieces and stats.finish_reason == "length"
    assert stats.prompt_tokens == engine.count_chat_tokens("hello world") == 1 + engine.count_tokens("hello world")
    scores = engine.score_labels("hello world", ["model", "positive"], threading.Event())
    assert scores["model"] > scores["positive"]


def test_stop_mid_stream_is_prompt_and_leaves_the_engine_usable(engine):
    cancel = threading.Event()
    stopped_at = []

    def stop(piece):
        if not stopped_at:
            cancel.set()
            stopped_at.append(time.perf_counter())

    # Not more: past ~100 tokens llama_cpp.server slows down a lot on this model's stray bytes, and it only
    # notices the closed stream when it next sends something.
    pieces, stats = stream(engine, max_tokens=60, cancel=cancel, on_piece=stop)
    assert time.perf_counter() - stopped_at[0] < 5  # a hang guard: a stop waits on nothing the server does
    assert stats.finish_reason == "cancelled" and len(pieces) == 1
    _, stats = stream(engine, max_tokens=4)
    assert stats.finish_reason == "length"


def test_scores_labels_with_the_servers_logprobs(engine):
    scores = engine.score_labels([{"role": "user", "content": "hi"}], ["model", "K", "positive"], threading.Event())
    assert set(scores) == {"model", "K", "positive"}
    assert all(math.isfinite(v) and v <= 0 for v in scores.values())
    assert scores["model"] > scores["K"] > scores["positive"]  # 'positive' is not among the top tokens: the floor
    stopped = threading.Event()
    stopped.set()
    with pytest.raises(Cancelled):
        engine.score_labels(HELLO, ["a"], stopped)


def test_a_conversation_longer_than_the_servers_context(engine):
    long = [{"role": "user", "content": "hello world " * 300}]  # the server's context is 512 tokens
    with pytest.raises(ContextOverflow, match="maximum context length is 512"):
        engine.score_labels(long, ["a"], threading.Event())
    with pytest.raises(RemoteError, match="sent an empty stream: the conversation may not fit its context"):
        stream(engine, messages=long)  # llama_cpp.server streams nothing at all


def test_a_wrong_or_missing_api_key(llama_server):
    with pytest.raises(RemoteError, match=r"refused the API key \(401\)\. Check the key in Settings ▸ Remote "):
        RemoteEngine(llama_server.base_url, api_key="wrong").list_models()
    with pytest.raises(RemoteError, match=r"needs an API key \(401\)"):
        RemoteEngine(llama_server.base_url).list_models()


# -- faults -----------------------------------------------------------------------------------------------------


def test_connection_refused():
    base = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(RemoteError, match=rf"^Cannot reach {base}/v1: connection refused\. Is the server running\?$") \
            as caught:
        RemoteEngine(base).load("m", OPTIONS)
    message = caught.value.args[0]  # what the window translates: the sentence, and "connection refused" in it
    assert message.source == "Cannot reach {url}: {reason}. Is the server running?"
    assert message.args["reason"].source == "connection refused"


def test_401_and_not_an_openai_server(fault_server):
    with pytest.raises(RemoteError, match=r"refused the API key \(401\)") as caught:
        RemoteEngine(fault_server.url("401"), api_key="k").list_models()
    assert caught.value.status == 401
    with pytest.raises(RemoteError, match=r"has no /notopenai/v1/models \(404\)\. Check the base URL"):
        RemoteEngine(fault_server.url("notopenai")).list_models()


def test_idempotent_requests_are_retried_on_5xx(fault_server):
    assert RemoteEngine(fault_server.url("flaky")).list_models() == ["m"]
    assert len(fault_server.requests) == 3
    fault_server.fail_times = 10
    with pytest.raises(RemoteError, match="answered 503 Service Unavailable: loading model"):
        RemoteEngine(fault_server.url("flaky")).list_models()


def test_without_a_tokenizer_counts_are_labelled_estimates(fault_server):
    engine = RemoteEngine(fault_server.url("ok"))
    info = engine.load("m", OPTIONS)
    assert info.n_ctx == OPTIONS.n_ctx
    assert not engine.token_counts_exact
    assert engine.count_tokens("abcdefghi") == 3  # ~4 characters a token, rounded up
    pieces, stats = stream(engine)
    assert pieces == ["Hel", "lo"] and stats.finish_reason == "stop" and stats.tokens == 2


@pytest.mark.parametrize("mode, pieces, message", [
    ("garbage", ["Hel"], "sent a malformed stream: '{\"choices\""),
    ("notsse", [], "sent an empty stream"),
    ("truncated", ["Hel", "lo"], "ended the stream before the reply was complete"),
    ("break", ["Hel"], "The connection to .* broke: "),
    ("error", ["Hel"], "stopped the reply: out of memory"),
    ("nomodel", [], r"The server has no model 'm': The model `m` does not exist"),
])
def test_a_broken_stream_gives_a_clear_message(fault_server, mode, pieces, message):
    engine = RemoteEngine(fault_server.url(mode))
    engine.load("m", OPTIONS)
    seen = []
    with pytest.raises(RemoteError, match=message):
        run_stream(engine.stream_chat(HELLO, SamplingSettings(), threading.Event()), seen.append)
    assert seen == pieces


def test_a_stalled_server_times_out(fault_server):
    engine = RemoteEngine(fault_server.url("stall"), timeout_s=0.3)
    engine.load("m", OPTIONS)
    started = time.perf_counter()
    with pytest.raises(RemoteError, match=r"did not answer within 0\.3 s"):
        stream(engine)
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("mode, pieces", [("stall", ["Hel"]), ("silent", [])])
def test_stop_is_prompt_while_the_server_says_nothing(fault_server, mode, pieces):
    """Mid-reply ("stall") or before the server has even sent its headers ("silent")."""
    engine = RemoteEngine(fault_server.url(mode), timeout_s=30)
    engine.load("m", OPTIONS)
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    started = time.perf_counter()
    seen, stats = stream(engine, cancel=cancel)
    assert time.perf_counter() - started < 5  # a hang guard
    assert stats.finish_reason == "cancelled" and seen == pieces


def test_a_server_without_logprobs_cannot_score(fault_server):
    engine = RemoteEngine(fault_server.url("nologprobs"))
    engine.load("m", OPTIONS)
    with pytest.raises(EngineCapabilityError, match="does not return log-probabilities, which sentiment scoring "
                                                    "needs"):
        engine.score_labels(HELLO, ["positive", "negative"], threading.Event())


def test_label_scores_pool_matching_tokens():
    """Prefixes in either direction count, case and spaces aside; a token fitting two labels is shared."""
    top = [(" Pos", -0.5), ("positive.", -1.0), ("N", -2.0), ("x", -3.0)]

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/models":
            return httpx.Response(200, json={"data": [{"id": "m", "max_model_len": 8192}]})
        if request.url.path == "/v1/chat/completions":
            assert json.loads(request.content)["logprobs"] is True
            return httpx.Response(200, json={"choices": [{"logprobs": {"content": [{"token": " Pos", "top_logprobs": [
                {"token": t, "logprob": lp} for t, lp in top]}]}}]})
        return httpx.Response(404)

    engine = RemoteEngine("https://llm.example", client=httpx.Client(transport=httpx.MockTransport(answer)))
    assert engine.load("m", OPTIONS).n_ctx == 8192  # vLLM's max_model_len
    scores = engine.score_labels(HELLO, ["positive", "negative", "neutral", "mixed"], threading.Event())
    assert scores["positive"] == pytest.approx(math.log(math.exp(-0.5) + math.exp(-1.0)))
    assert scores["negative"] == scores["neutral"] == pytest.approx(-2.0 - math.log(2))
    assert scores["mixed"] == -4.0


def test_the_api_key_is_sent_but_never_logged(fault_server, caplog):
    caplog.set_level(logging.DEBUG)
    engine = RemoteEngine(fault_server.url("ok"), api_key="sk-secret-123")
    engine.load("m", OPTIONS)
    stream(engine)
    assert {auth for _, _, auth in fault_server.requests} == {"Bearer sk-secret-123"}
    assert "sk-secret-123" not in caplog.text


def test_base_urls_have_one_canonical_form():
    assert normalize_base_url(" http://127.0.0.1:8080/ ") == "http://127.0.0.1:8080/v1"
    assert normalize_base_url("http://127.0.0.1:8080/v1/") == "http://127.0.0.1:8080/v1"
    assert normalize_base_url("https://api.example.com/openai/v1") == "https://api.example.com/openai/v1"
    for bad in ("127.0.0.1:8080", "ftp://host/v1", "https://user:key@host/v1", "http:///v1", "http://h/v1?x=1"):
        with pytest.raises(RemoteError):
            normalize_base_url(bad)


def test_a_host_that_never_accepts_fails_on_the_connect_timeout():
    """A listening socket whose backlog is full drops new connections, like a host behind a silent firewall."""
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    fillers = []
    for _ in range(4):
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex(("127.0.0.1", port))
        fillers.append(filler)
    try:
        started = time.monotonic()
        with pytest.raises(RemoteError, match="no answer to the connection within 0.5 s"):
            RemoteEngine(f"http://127.0.0.1:{port}/v1", timeout_s=0.5).list_models()
        assert time.monotonic() - started < 5
    finally:
        for sock in (*fillers, server):
            sock.close()
