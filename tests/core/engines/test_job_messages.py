"""The jobs' messages: the same English as before, and translatable by the window (``ui.i18n.localized``)."""

from __future__ import annotations

import threading

import pytest

from desktop_llm.core.engines.base import LoadOptions, ModelLoadError
from desktop_llm.core.engines.llama import LlamaEngine
from desktop_llm.core.jobs import loading as jobs
from desktop_llm.core.models.hardware import Hardware


def test_a_tool_refused_a_model_too_big_says_to_load_it_from_the_chat_pane(tiny_model, monkeypatch):
    monkeypatch.setattr(jobs, "detect", lambda: Hardware(2048, 1024, 8, ("AVX2",), False, None))
    context = jobs.JobContext(LlamaEngine(), threading.Event())
    options = LoadOptions(n_ctx=256, n_threads=1)
    refused = jobs.load_model_job(tiny_model, options, None, {})(context)
    assert refused.reason.endswith("lower the context length, or load it anyway.")
    with pytest.raises(ModelLoadError) as caught:
        jobs.ensure_model(context, jobs.ModelRequest(tiny_model, options))
    message = caught.value.args[0]
    assert str(message) == str(refused.reason).replace("or load it anyway", "or load it from the Chat pane anyway")
    assert message.args == refused.reason.args and message.args["name"] == tiny_model.name
    assert context.engine.model is None
