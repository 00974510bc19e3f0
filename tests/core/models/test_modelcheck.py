import threading

import pytest

from desktop_llm.core.common.errors import Cancelled
from desktop_llm.core.models.gguf_header import ModelFileError
from desktop_llm.core.models.modelcheck import check_model_file, file_fingerprint


def test_a_good_model_passes_the_trial_load(tiny_model):
    assert check_model_file(tiny_model).architecture == "llama"


def test_a_model_that_aborts_llama_cpp_is_refused_and_we_survive(broken_vocab_model):
    with pytest.raises(ModelFileError, match="crashed llama.cpp during a trial load \\(SIGABRT\\)"):
        check_model_file(broken_vocab_model)


def test_known_good_files_skip_the_trial(broken_vocab_model):
    # The fingerprint marks the file as already loaded once; only the header is read (which is fine here).
    known = {str(broken_vocab_model.resolve()): file_fingerprint(broken_vocab_model)}
    assert check_model_file(broken_vocab_model, known).architecture == "llama"


def test_not_a_gguf_is_refused_without_a_child_process(tmp_path):
    path = tmp_path / "notes.gguf"
    path.write_text("hello")
    with pytest.raises(ModelFileError, match="not a GGUF model file"):
        check_model_file(path)


def test_trial_can_be_cancelled(tiny_model):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        check_model_file(tiny_model, cancel=cancel)


def test_a_damaged_byte_token_is_found_by_the_trial_load_too(tmp_path, monkeypatch):
    """The newline's byte-fallback token is misspelled: llama.cpp aborts as soon as a prompt holds a newline. The
    vocabulary check names it first; without that check the trial, which tokenizes every byte and a rendered
    conversation (with newlines), still keeps the file from the app."""
    from model_factory import write_tiny_llama

    from desktop_llm.core.models import modelcheck

    monkeypatch.setattr(modelcheck, "check_vocabulary", lambda path: None)
    damaged = write_tiny_llama(tmp_path / "damaged-newline.gguf", damaged_byte=0x0A)
    with pytest.raises(ModelFileError, match="crashed llama.cpp during a trial load"):
        check_model_file(damaged)


def test_the_trial_load_renders_the_chat_template_under_its_limits(tmp_path):
    from model_factory import write_tiny_llama

    looping = write_tiny_llama(tmp_path / "looping.gguf", chat_template=(
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"))
    with pytest.raises(ModelFileError, match="failed a trial load: the chat template ran more"):
        check_model_file(looping)


def test_an_unnamed_signal_is_reported_by_number():
    from desktop_llm.core.common.child import signal_name

    assert signal_name(6) == "SIGABRT" and signal_name(99) == "signal 99"
