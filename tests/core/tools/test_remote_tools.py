"""The text tools and the CLI over a remote engine: llama-cpp-python's own OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest

from desktop_llm.core.engines.base import EngineCapabilityError
from desktop_llm.core.engines.llama import LlamaEngine
from desktop_llm.core.jobs.context import JobContext
from desktop_llm.core.jobs.loading import RemoteModel, ensure_model, use_remote
from desktop_llm.core.tools.sentiment import classify
from desktop_llm.core.tools.summarize import SummaryOptions, summarize
from desktop_llm.core.tools.translate import TranslateOptions, translate

REPORT = "\n\n".join(f"Item {n}: the library of village {n} lent {n * 12} books in March and opened a reading "
                     f"room for {n + 5} children on Saturdays." for n in range(1, 75))


@pytest.fixture
def remote_context(gemma_server):
    context = JobContext(engine=LlamaEngine(), cancel=threading.Event())
    use_remote(context, RemoteModel(gemma_server.base_url, "gemma", n_ctx=2048))
    return context


def test_summarize_translate_and_sentiment_over_a_server(remote_context):
    engine = remote_context.engine
    assert engine.model.template_origin == "server" and engine.model.n_ctx == 2048
    summary = summarize(engine, REPORT, SummaryOptions("key_points", "short"), threading.Event(), lambda t: None)
    assert len(summary.parts) > 1 and summary.summary
    translation = translate(engine, "Good morning.\n\nSee you tomorrow.", TranslateOptions("French"),
                            threading.Event(), lambda t: None)
    assert [s.source for s in translation.segments] == ["Good morning.", "See you tomorrow."]
    assert all(s.translation for s in translation.segments)
    sentiment = classify(engine, ["I love it, wonderful!", "Awful, it broke at once."], threading.Event())
    assert {i.label for i in sentiment.items} <= {"positive", "negative", "neutral"}
    assert all(0 < i.score <= 1 for i in sentiment.items)


def test_switching_between_a_server_and_the_local_model_keeps_both(remote_context, tiny_model, gemma_server):
    from desktop_llm.core.engines.base import LoadOptions
    from desktop_llm.core.jobs.loading import ModelRequest

    local = ensure_model(remote_context, ModelRequest(tiny_model, LoadOptions(n_ctx=256, n_threads=2)))
    assert local.template_origin == "model" and remote_context.engine is remote_context.local_engine
    remote = ensure_model(remote_context, RemoteModel(gemma_server.base_url, "gemma", n_ctx=2048))
    assert remote.name == "gemma" and remote_context.local_engine.model.path == str(tiny_model)
    remote_context.local_engine.unload()


def test_sentiment_says_clearly_when_a_server_gives_no_log_probabilities(fault_server):
    context = JobContext(engine=None, cancel=threading.Event())
    use_remote(context, RemoteModel(fault_server.url("nologprobs"), "m", n_ctx=4096))
    with pytest.raises(EngineCapabilityError, match="log-probabilities"):
        classify(context.engine, ["fine"], threading.Event())


def cli(*args, stdin=None, env=None):
    import os

    return subprocess.run([sys.executable, "-m", "desktop_llm", *args], capture_output=True, text=True,
                          input=stdin, timeout=300, env={**os.environ, **(env or {})})


def test_cli_tools_with_endpoint(gemma_server, llama_server, tmp_path):
    document = tmp_path / "report.txt"
    document.write_text(REPORT[:1200], encoding="utf-8")  # one pass: the core test above covers the parts
    result = cli("summarize", "--endpoint", gemma_server.base_url, "--ctx", "2048", "--length", "short", "--json",
                 str(document))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]
    result = cli("sentiment", "--endpoint", gemma_server.base_url, "--model", "gemma", "--ctx", "2048", "--json",
                 "-", stdin="I love it\nI hate it\n")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["items"]) == 2
    result = cli("translate", "--endpoint", gemma_server.base_url, "--ctx", "2048", "--to", "German", "-",
                 stdin="Thank you.")
    assert result.returncode == 0 and result.stdout.strip(), result.stderr
    result = cli("chat", "--endpoint", llama_server.base_url, "--api-key-env", "TEST_KEY", "--max-tokens", "8",
                 "--json", "hello", env={"TEST_KEY": "test-key"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["tokens"] >= 1


def test_cli_endpoint_failures_are_one_line(llama_server):
    from remote_server import free_port

    dead = cli("chat", "--endpoint", f"http://127.0.0.1:{free_port()}/v1", "hello")
    assert dead.returncode == 1 and "connection refused" in dead.stderr.lower()
    assert len(dead.stderr.strip().splitlines()) == 1
    no_key = cli("chat", "--endpoint", llama_server.base_url, "hello")
    assert no_key.returncode == 1 and "API key" in no_key.stderr
    unset = cli("chat", "--endpoint", llama_server.base_url, "--api-key-env", "NO_SUCH_VARIABLE_SET", "hello")
    assert unset.returncode == 2 and "NO_SUCH_VARIABLE_SET" in unset.stderr
    unknown = cli("chat", "--endpoint", "team-server", "hello")
    assert unknown.returncode == 2 and "team-server" in unknown.stderr


def test_preflight_says_when_token_counts_are_estimates(fault_server, gemma_server):
    from desktop_llm.core.tools.summarize import plan_summary

    context = JobContext(engine=None, cancel=threading.Event())
    use_remote(context, RemoteModel(fault_server.url("ok"), "m", n_ctx=4096))  # no tokenize endpoint
    assert plan_summary(context.engine, "Some text. " * 50, SummaryOptions()).describe().startswith("≈")
    use_remote(context, RemoteModel(gemma_server.base_url, "gemma", n_ctx=2048))  # llama_cpp.server counts
    assert plan_summary(context.engine, "Some text. " * 50, SummaryOptions()).describe()[0].isdigit()
