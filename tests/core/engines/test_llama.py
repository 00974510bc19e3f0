import threading

import pytest

from desktop_llm.core.common.errors import Cancelled
from desktop_llm.core.common.settings import SamplingSettings
from desktop_llm.core.engines.base import ContextOverflow, LoadOptions, ModelLoadError, StopMatcher, run_stream
from desktop_llm.core.engines.llama import LlamaEngine

GREEDY = SamplingSettings(temperature=0.0, max_tokens=24)


def run(stream):
    pieces = []
    return pieces, run_stream(stream, pieces.append)


@pytest.fixture(scope="module")
def engine(tiny_model):
    engine = LlamaEngine()
    progress = []
    engine.load(tiny_model, LoadOptions(n_ctx=512, n_threads=2), on_progress=lambda f, t: progress.append(f))
    assert progress[-1] == 1.0 and progress == sorted(progress)
    yield engine
    engine.unload()


def test_load_reports_model_info(engine, tiny_model):
    info = engine.model
    assert (info.architecture, info.n_ctx, info.template_origin) == ("llama", 512, "model")
    assert info.path == str(tiny_model)


def test_streams_tokens_and_reports_timings(engine):
    pieces, stats = run(engine.stream_chat([{"role": "user", "content": "hello world"}], GREEDY, threading.Event()))
    assert stats.tokens == 24 and stats.finish_reason == "length"
    assert "".join(pieces) == stats.text and stats.text
    assert stats.ttft_s > 0 and stats.tokens_per_second > 0
    assert stats.llama_timings["eval_tokens"] >= 23


def test_follow_up_turn_reuses_the_kv_cache(engine):
    history = [{"role": "user", "content": "hello the world and the model"}]
    _, first = run(engine.stream_chat(history, GREEDY, threading.Event()))
    history += [{"role": "assistant", "content": first.text}, {"role": "user", "content": "and you"}]
    _, second = run(engine.stream_chat(history, GREEDY, threading.Event()))
    # The whole first prompt comes from the cache; only the reply (random bytes re-tokenize differently from how
    # they were sampled) and the new turn are evaluated.
    assert second.prompt_tokens_evaluated <= second.prompt_tokens - first.prompt_tokens


def test_real_model_follow_up_evaluates_only_the_new_turn(gemma_model, gemma_hints):
    engine = LlamaEngine()
    engine.load(gemma_model, LoadOptions(n_ctx=1024, n_threads=2), gemma_hints)
    history = [{"role": "user", "content": "Name three colours."}]
    _, first = run(engine.stream_chat(history, GREEDY, threading.Event()))
    history += [{"role": "assistant", "content": first.text}, {"role": "user", "content": "And three animals?"}]
    _, second = run(engine.stream_chat(history, GREEDY, threading.Event()))
    engine.unload()
    new_turn = second.prompt_tokens - first.prompt_tokens - first.tokens
    assert second.prompt_tokens_evaluated <= new_turn + 3


def test_same_prompt_twice_is_deterministic_with_greedy_sampling(engine):
    messages = [{"role": "user", "content": "is a model"}]
    assert run(engine.stream_chat(messages, GREEDY, threading.Event()))[1].text == \
        run(engine.stream_chat(messages, GREEDY, threading.Event()))[1].text


def test_cancel_stops_on_the_next_token_and_engine_stays_usable(engine):
    cancel = threading.Event()
    stream = engine.stream_chat([{"role": "user", "content": "hello"}], SamplingSettings(max_tokens=400), cancel)
    next(stream)
    cancel.set()
    pieces, stats = run(stream)
    assert stats.finish_reason == "cancelled" and stats.tokens <= 2
    assert run(engine.stream_chat([{"role": "user", "content": "hi"}], GREEDY, threading.Event()))[1].tokens == 24


def test_context_overflow_is_a_clear_error(engine):
    with pytest.raises(ContextOverflow, match="context holds 512"):
        run(engine.stream_chat([{"role": "user", "content": "hello " * 600}], GREEDY, threading.Event()))


def test_count_tokens(engine):
    assert 0 < engine.count_tokens("hello world") < engine.count_tokens("hello world " * 3)
    assert engine.count_chat_tokens([{"role": "user", "content": "hello"}]) > engine.count_tokens("hello")


def test_loading_garbage_raises_a_clear_error(tmp_path):
    path = tmp_path / "junk.gguf"
    path.write_bytes(b"GGUF" + b"\x03\0\0\0" + b"\0" * 64)
    with pytest.raises((ModelLoadError, ValueError)):
        LlamaEngine().load(path, LoadOptions(n_ctx=64, n_threads=1))


def test_calls_without_a_model_fail_cleanly():
    with pytest.raises(ModelLoadError, match="no model is loaded"):
        LlamaEngine().count_tokens("x")


@pytest.mark.parametrize("chunks, expected, stopped", [
    (["Hello ##", "# User: more"], "Hello ", True),
    (["a#", "#b"], "a##b", False),
    (["plain text"], "plain text", False),
])
def test_stop_strings_are_held_back_and_cut(chunks, expected, stopped):
    matcher = StopMatcher(["### User:"])
    out, hit = "", False
    for chunk in chunks:
        text, hit = matcher.feed(chunk)
        out += text
        if hit:
            break
    if not hit:
        out += matcher.flush("")
    assert (out, hit) == (expected, stopped)


def test_the_base_starter_chats_through_a_transcript_and_answers(gemma_model, gemma_hints):
    engine = LlamaEngine()
    info = engine.load(gemma_model, LoadOptions(n_ctx=1024, n_threads=2), gemma_hints)
    assert info.template_origin == "transcript"
    messages = [{"role": "system", "content": "You are a helpful assistant."},
                {"role": "user", "content": "What is the capital of Italy?"}]
    _, stats = run(engine.stream_chat(messages, SamplingSettings(temperature=0.0, max_tokens=64), threading.Event()))
    engine.unload()
    assert "Rome" in stats.text and stats.finish_reason == "stop"
    assert "User:" not in stats.text and "\n\n" not in stats.text  # it stopped where its turn ends


def test_an_instruct_model_chats_through_its_own_template_and_stops_at_its_turn_end(smollm2_model):
    engine = LlamaEngine()
    info = engine.load(smollm2_model, LoadOptions(n_ctx=2048, n_threads=2))
    assert info.template_origin == "model"
    assert "<|im_start|>" in engine.render_prompt([{"role": "user", "content": "x"}])
    history = [{"role": "system", "content": "You are a helpful assistant."},
               {"role": "user", "content": "What is the capital of France?"}]
    _, first = run(engine.stream_chat(history, SamplingSettings(temperature=0.0, max_tokens=200), threading.Event()))
    assert first.finish_reason == "stop" and first.tokens < 200  # the end-of-turn token ended it
    assert "Paris" in first.text and "<|im" not in first.text and "assistant" not in first.text.lower()[:12]
    history += [{"role": "assistant", "content": first.text}, {"role": "user", "content": "And of Germany?"}]
    _, second = run(engine.stream_chat(history, SamplingSettings(temperature=0.0, max_tokens=200), threading.Event()))
    engine.unload()
    assert "Berlin" in second.text and "<|im" not in second.text
    new_turn = second.prompt_tokens - first.prompt_tokens - first.tokens
    assert second.prompt_tokens_evaluated <= new_turn + 3  # the first turn came from the KV cache


def test_tokens_longer_than_32_bytes_are_streamed_whole(tmp_path):
    from model_factory import write_tiny_llama

    word = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"  # 40 bytes, one token the model always picks
    engine = LlamaEngine()
    engine.load(write_tiny_llama(tmp_path / "long-token.gguf", favourite=word), LoadOptions(n_ctx=256, n_threads=1))
    pieces, stats = run(engine.stream_chat([{"role": "user", "content": "hello"}], GREEDY, threading.Event()))
    engine.unload()
    assert stats.tokens == 24 and stats.text == word * 24 and pieces[0] == word


def test_a_model_with_per_layer_kv_head_counts_loads_through_the_apps_checks(tmp_path):
    """llama.cpp reads head_count_kv as an array (one value per layer); the memory estimate must read it too."""
    from model_factory import write_tiny_llama

    from desktop_llm.core.jobs.context import JobContext
    from desktop_llm.core.jobs.loading import load_model_job

    path = write_tiny_llama(tmp_path / "per-layer.gguf", head_count_kv=[4, 4])
    context = JobContext(LlamaEngine(), threading.Event())
    info = load_model_job(path, LoadOptions(n_ctx=256, n_threads=1), None, {})(context)
    assert info.path == str(path)
    assert run(context.engine.stream_chat([{"role": "user", "content": "hello"}], GREEDY, threading.Event()))[1].tokens
    context.engine.unload()


def test_a_failed_load_keeps_the_model_that_was_loaded(tiny_model, tmp_path):
    engine = LlamaEngine()
    engine.load(tiny_model, LoadOptions(n_ctx=256, n_threads=1))
    damaged = tmp_path / "damaged.gguf"
    data = bytearray(tiny_model.read_bytes())
    data[data.index(b"llama.block_count") + len(b"llama.block_count") + 4] = 99  # layers the file does not have
    damaged.write_bytes(bytes(data))
    with pytest.raises(ModelLoadError):
        engine.load(damaged, LoadOptions(n_ctx=256, n_threads=1))
    assert engine.model is not None and engine.model.path == str(tiny_model)
    assert run(engine.stream_chat([{"role": "user", "content": "hello"}], GREEDY, threading.Event()))[1].tokens == 24
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):  # cancelled while the file is read: nothing was unloaded
        engine.load(damaged, LoadOptions(n_ctx=256, n_threads=1), cancel=cancel)
    assert engine.model.path == str(tiny_model)
    engine.unload()


def _fresh_reply(model, messages, hints=None):
    engine = LlamaEngine()
    engine.load(model, LoadOptions(n_ctx=512, n_threads=2), hints)
    try:
        return run(engine.stream_chat(messages, GREEDY, threading.Event()))[1]
    finally:
        engine.unload()


def test_after_editing_an_earlier_message_only_the_changed_end_is_recomputed_and_the_reply_is_right(engine,
                                                                                                   tiny_model):
    history = [{"role": "user", "content": "hello the world"}, {"role": "assistant", "content": "you are a model"},
               {"role": "user", "content": "and the model is"}]
    run(engine.stream_chat(history, GREEDY, threading.Event()))
    edited = [history[0], {"role": "assistant", "content": "you are the world"}, history[2]]  # an earlier edit
    _, stats = run(engine.stream_chat(edited, GREEDY, threading.Event()))
    unchanged = len(engine.prompt_tokens(history[:1]))  # at least the first turn is still in the cache
    assert stats.prompt_tokens_evaluated <= stats.prompt_tokens - unchanged + 1
    assert stats.text == _fresh_reply(tiny_model, edited).text  # the cache held nothing stale


def test_label_scoring_leaves_the_cache_right_for_the_next_reply(engine, tiny_model):
    messages = [{"role": "user", "content": "hello world"}]
    for _ in range(2):  # label tokens were evaluated after the prompt: the next call must not reuse them
        engine.score_labels(messages, ["positive", "negative", "neutral"], threading.Event())
        _, stats = run(engine.stream_chat(messages, GREEDY, threading.Event()))
        assert stats.text == _fresh_reply(tiny_model, messages).text
