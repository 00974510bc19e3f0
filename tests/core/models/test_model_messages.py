"""What the model manager says is English as before, and keeps its parts so that the window can translate it."""

from __future__ import annotations

import pytest
from faulty_server import FaultyServer
from model_factory import write_tiny_llama

from desktop_llm.core.common.messages import Text
from desktop_llm.core.common.settings import Settings
from desktop_llm.core.models.catalog import load_catalog
from desktop_llm.core.models.download import DownloadError, DownloadRequest, download
from desktop_llm.core.models.gguf_header import ModelFileError
from desktop_llm.core.models.hardware import Hardware
from desktop_llm.core.models.library import ModelLibrary
from desktop_llm.core.models.recommend import recommend
from desktop_llm.core.models.vocabulary import check_vocabulary

GiB = 2**30


def test_a_damaged_vocabulary_names_the_file_and_the_damage_as_two_messages(tmp_path):
    path = write_tiny_llama(tmp_path / "damaged.gguf", bos_token_id=10**6)
    with pytest.raises(ModelFileError) as caught:
        check_vocabulary(path)
    message = caught.value.args[0]
    assert isinstance(message, Text) and message.source == "{name} has a damaged vocabulary: {problem}"
    assert message.args["problem"].source == "{key} is {value}, outside its {count:,} tokens"
    assert str(caught.value).startswith("damaged.gguf has a damaged vocabulary: tokenizer.ggml.bos_token_id is "
                                        "1000000, outside its")


def test_an_unreadable_file_in_the_library_keeps_its_problem_as_a_message(tmp_path):
    models = tmp_path / "models"
    models.mkdir()
    (models / "broken.gguf").write_bytes(b"not a model at all, not even close to one")
    [model] = ModelLibrary(models, load_catalog(), Settings()).installed()
    assert model.info is None and isinstance(model.problem, Text)
    assert model.problem == "broken.gguf is not a GGUF model file (llama.cpp needs .gguf files)"


def test_a_rejected_download_nests_the_reason(tiny_model, tmp_path):
    server = FaultyServer(tiny_model.read_bytes() + bytes(2 * 1024 * 1024))
    try:
        request = DownloadRequest(server.url("flip"), tmp_path / "model.gguf", server.sha256, len(server.payload))
        with pytest.raises(DownloadError) as caught:
            download(request, stall_timeout=5.0, retries=2, backoff_s=0.01)
    finally:
        server.close()
    message = caught.value.args[0]
    assert message.source == "{reason}; the downloaded data was discarded: try the download again"
    assert message.args["reason"].source.startswith("the file's sha256 ({digest}…) does not match")


def test_a_recommendation_gives_its_reason_with_translatable_parts():
    hardware = Hardware(32 * GiB, 20 * GiB, 8, ("AVX2",), False, None)
    choice = recommend(load_catalog(), hardware, language="zh")
    reason = choice.reason
    assert reason.startswith("The best chat model in the catalog that fits this machine's 20 GiB of free memory and "
                             "answers at roughly ")
    assert reason.endswith(" tokens/s on the CPU, and writes Chinese well.")
    assert isinstance(reason.args["use"], Text) and isinstance(reason.args["speed"], Text)
    gpu = recommend(load_catalog(), Hardware(32 * GiB, 20 * GiB, 8, (), True, 24 * GiB))
    assert "fits this machine's GPU and answers at roughly" in gpu.reason
