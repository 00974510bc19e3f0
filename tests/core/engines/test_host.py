"""The engine host's messages reach the app as they were written, so the window can show them in its language."""

from __future__ import annotations

import pickle

from desktop_llm.core.common.messages import Text
from desktop_llm.core.engines.base import ModelLoadError
from desktop_llm.core.engines.host import EngineCrashed, HostedEngine, _portable
from desktop_llm.core.engines.native import NativeModel
from desktop_llm.core.engines.templates import ChatTemplate, TemplateError


def test_an_error_in_the_host_crosses_to_the_app_with_its_message_and_arguments(tmp_path):
    garbage = tmp_path / "garbage.gguf"
    garbage.write_bytes(b"not a model")
    try:
        NativeModel(str(garbage), 0)
    except ModelLoadError as exc:
        error = exc
    copy = pickle.loads(pickle.dumps(_portable(error)))  # what the parent raises
    assert type(copy) is ModelLoadError and str(copy) == str(error)
    message = copy.args[0]
    assert isinstance(message, Text) and message.context == "CoreEngine" and message.args == {"path": str(garbage)}


def test_a_nested_message_survives_the_crossing_too():
    try:
        ChatTemplate("{% for %}", "catalog")
    except TemplateError as exc:
        error = exc
    copy = pickle.loads(pickle.dumps(_portable(error)))
    assert str(copy).startswith("the catalog chat template does not compile: ")
    assert copy.args[0].args["template"].source == "the catalog chat template"


def test_an_unexpected_error_in_the_host_becomes_plain_text():
    copy = _portable(KeyError("x"))
    assert type(copy) is RuntimeError and str(copy) == "KeyError: 'x'"


class _Dead:
    def __init__(self, code: int):
        self.code = code

    def wait(self, timeout=None) -> int:
        return self.code


def test_a_crash_names_the_signal_and_the_model_in_any_language():
    engine = HostedEngine()
    engine._process = _Dead(-9)
    crash = engine._crashed()
    assert isinstance(crash, EngineCrashed)
    assert str(crash) == "the model crashed llama.cpp (SIGKILL): it was unloaded. Reload it, or pick another model."
    assert crash.args[0].args["name"].source == "the model" and engine._process is None
    engine._process = _Dead(1)
    assert str(engine._crashed()) == ("the model crashed llama.cpp: it was unloaded. Reload it, or pick another "
                                      "model.")
