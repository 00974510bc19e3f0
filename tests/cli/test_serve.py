"""``desktop-llm serve`` as a user runs it, driven with the official ``openai`` client and ``desktop-llm chat
--endpoint``: one process serving SmolLM2-135M-Instruct on a free port, stopped with SIGTERM as a service manager
would."""

import os
import signal
import socket
import subprocess
import sys
import threading

import httpx
import openai
import pytest

MODEL_ID = "SmolLM2-135M-Instruct.Q4_1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cli(*args, env=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "desktop_llm", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


@pytest.fixture(scope="module")
def served(smollm2_model, tmp_path_factory):
    """The server, its URL and its key (clients must send it: it is set with --api-key-env)."""
    port = free_port()
    env = {**os.environ, "DESKTOP_LLM_HOME": str(tmp_path_factory.mktemp("home")), "SERVE_KEY": "s3cret-key"}
    embedding = tmp_path_factory.mktemp("models") / "stand-in-embedding.gguf"  # SmolLM2 again: none can be fetched
    os.link(smollm2_model, embedding)
    process = subprocess.Popen([sys.executable, "-m", "desktop_llm", "serve", "--model", str(smollm2_model),
                                "--port", str(port), "--ctx", "2048", "--api-key-env", "SERVE_KEY",
                                "--embedding-model", str(embedding)],
                               stderr=subprocess.PIPE, text=True, env=env)
    banner = process.stderr.readline()  # printed once requests are answered
    assert "Serving" in banner and f"http://127.0.0.1:{port}/v1" in banner, banner
    yield process, f"http://127.0.0.1:{port}/v1", env
    process.send_signal(signal.SIGTERM)
    assert process.wait(30) == 0
    summary = process.stderr.read()
    assert "requests served" in summary and "clients left early" in summary


def client(url: str, key: str = "s3cret-key") -> openai.OpenAI:
    return openai.OpenAI(base_url=url, api_key=key, max_retries=0, timeout=120)


def test_the_official_client_gets_models_chat_and_completions(served):
    _, url, _ = served
    api = client(url)
    assert [m.id for m in api.models.list().data] == [MODEL_ID, "stand-in-embedding"]
    vectors = api.embeddings.create(model="stand-in-embedding", input=["one", "two", "three"]).data
    assert len(vectors) == 3 and len(vectors[0].embedding) == 576
    reply = api.chat.completions.create(model=MODEL_ID, messages=[{"role": "user", "content": "Say hi."}],
                                        max_tokens=12, temperature=0)
    assert reply.choices[0].message.content.strip() and reply.usage.completion_tokens <= 12
    pieces = [chunk.choices[0].delta.content or "" for chunk in api.chat.completions.create(
        model=MODEL_ID, messages=[{"role": "user", "content": "Count to five."}], max_tokens=16, stream=True)
        if chunk.choices]
    assert len([p for p in pieces if p]) > 1
    text = api.completions.create(model=MODEL_ID, prompt="The capital of France is", max_tokens=4, temperature=0)
    assert text.choices[0].text and text.object == "text_completion"


def test_four_streams_at_once_and_a_client_that_drops_mid_stream(served):
    _, url, _ = served
    api = client(url)
    with httpx.stream("POST", url + "/chat/completions", headers={"Authorization": "Bearer s3cret-key"},
                      json={"model": MODEL_ID, "messages": [{"role": "user", "content": "Tell a long story."}],
                            "max_tokens": 400, "stream": True}, timeout=60) as response:
        assert response.status_code == 200
        next(response.iter_lines())  # the first event, then hang up
    answers: list[str] = []

    def stream(number):
        chunks = api.chat.completions.create(model=MODEL_ID, max_tokens=12, stream=True, messages=[
            {"role": "user", "content": f"Name a colour ({number})."}])
        answers.append("".join(c.choices[0].delta.content or "" for c in chunks if c.choices))

    threads = [threading.Thread(target=stream, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(answers) == 4 and all(answer.strip() for answer in answers)


def test_bad_requests_are_refused_with_openai_errors(served):
    _, url, _ = served
    with pytest.raises(openai.AuthenticationError):
        client(url, "wrong").models.list()
    headers = {"Authorization": "Bearer s3cret-key", "Content-Type": "application/json"}
    malformed = httpx.post(url + "/chat/completions", content=b'{"messages": [', headers=headers)
    assert malformed.status_code == 400 and malformed.json()["error"]["type"] == "invalid_request_error"
    huge = httpx.post(url + "/chat/completions", content=b" " * (5 * 1024 * 1024), headers=headers)
    assert huge.status_code == 413


def test_the_apps_own_chat_command_uses_it(served):
    _, url, env = served
    result = cli("chat", "--endpoint", url, "--model", MODEL_ID, "--api-key-env", "SERVE_KEY", "--max-tokens", "12",
                 "Say hello.", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_other_computers_need_a_key(smollm2_model):
    result = cli("serve", "--model", str(smollm2_model), "--host", "0.0.0.0", timeout=60)
    assert result.returncode == 2
    assert "--api-key-env" in result.stderr
