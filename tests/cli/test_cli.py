"""The headless CLI: same core, one-line errors, documented exit codes."""

import json
import subprocess
import sys

import pytest


def cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "desktop_llm", *args], capture_output=True, text=True,
                          input=stdin, timeout=300)


def test_chat_json_reports_text_tokens_and_speed(tiny_model):
    result = cli("chat", "--model", str(tiny_model), "--max-tokens", "16", "--temperature", "0", "--ctx", "256",
                 "--json", "hello world")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"text", "tokens", "tokens_per_second", "ttft_s", "finish_reason", "model", "dropped_messages"}
    assert data["tokens"] == 16 and data["tokens_per_second"] > 0 and data["ttft_s"] > 0


def test_chat_streams_plain_text_from_stdin(tiny_model):
    result = cli("chat", "--model", str(tiny_model), "--max-tokens", "8", "--system", "you are a model", "-",
                 stdin="hello")
    assert result.returncode == 0 and result.stdout.strip()


def test_chat_with_the_starter_model_by_catalog_id():
    result = cli("chat", "--model", "gemma-3-270m-q4km", "--max-tokens", "8", "--temperature", "0", "--json",
                 "Hello")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["tokens"] >= 1


@pytest.mark.parametrize("setup, message", [
    (lambda tmp: tmp / "missing.gguf", "does not exist"),
    (lambda tmp: (tmp / "text.gguf").write_text("hi") and tmp / "text.gguf", "not a GGUF model file"),
    (lambda tmp: "no-such-model-id", "unknown model 'no-such-model-id'"),
])
def test_bad_model_arguments_exit_2_with_one_line(tmp_path, setup, message):
    result = cli("chat", "--model", str(setup(tmp_path)), "hello")
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_model_that_crashes_llama_cpp_exits_2(broken_vocab_model):
    result = cli("chat", "--model", str(broken_vocab_model), "hello wörld")
    assert result.returncode == 2 and "crashed llama.cpp" in result.stderr


def test_empty_prompt_and_bad_numbers_exit_2(tiny_model):
    assert cli("chat", "--model", str(tiny_model), "-", stdin="  ").returncode == 2
    assert cli("chat", "--model", str(tiny_model), "--max-tokens", "0", "hi").returncode == 2


def test_version_and_help():
    assert cli("--version").stdout.startswith("desktop-llm ")
    help_text = cli("--help").stdout
    assert "chat" in help_text and "_probe-model" not in help_text


def test_chat_takes_a_whole_conversation_repairs_it_and_trims_it_to_the_context(tiny_model, tmp_path):
    turns = [{"role": "system", "content": "you are a model"}]
    for _ in range(30):  # far longer than a 256-token context
        turns += [{"role": "user", "content": "hello the world " * 4}, {"role": "assistant", "content": ""},
                  {"role": "user", "content": [{"type": "text", "text": "and you"}]},
                  {"role": "assistant", "content": "you are the model " * 4}]
    turns.append({"role": "user", "content": "last"})
    (tmp_path / "chat.json").write_text(json.dumps(turns))
    result = cli("chat", "--model", str(tiny_model), "--max-tokens", "8", "--ctx", "256", "--json",
                 "--messages", str(tmp_path / "chat.json"))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["tokens"] == 8 and data["dropped_messages"] > 0 and data["model"] == "Tiny Test Llama"
    piped = cli("chat", "--model", str(tiny_model), "--max-tokens", "4", "--messages", "-",
                stdin=json.dumps([{"role": "user", "content": "hello"}]))
    assert piped.returncode == 0 and piped.stdout.strip()


@pytest.mark.parametrize("payload, message", [
    ("[{", "is not JSON"),
    ("{}", "non-empty JSON array"),
    ('[{"role": "robot", "content": "x"}]', 'needs a "role"'),
    ('[{"role": "user", "content": 3}]', 'needs a text "content"'),
    ('[{"role": "user", "content": "x"}, {"role": "assistant", "content": "y"}]', "must end with a message from"),
])
def test_bad_conversations_exit_2_with_one_line(tiny_model, payload, message):
    result = cli("chat", "--model", str(tiny_model), "--messages", "-", stdin=payload)
    assert result.returncode == 2 and message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_model_whose_template_never_ends_is_refused_within_seconds(tmp_path):
    import time

    from model_factory import write_tiny_llama

    looping = write_tiny_llama(tmp_path / "looping.gguf", chat_template=(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}{{ messages[0].content }}"))
    started = time.monotonic()
    result = cli("chat", "--model", str(looping), "--max-tokens", "4", "hello")
    assert result.returncode == 2 and "chat template" in result.stderr and "Traceback" not in result.stderr
    assert time.monotonic() - started < 60
