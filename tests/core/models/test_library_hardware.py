import pytest

from desktop_llm.core.common.settings import Settings
from desktop_llm.core.jobs.loading import gpu_layer_attempts
from desktop_llm.core.models.catalog import load_catalog
from desktop_llm.core.models.gguf_header import ModelFileError, read_gguf_header
from desktop_llm.core.models.hardware import FITS, TIGHT, TOO_BIG, Hardware, detect, fit, kv_cache_bytes, memory_needed
from desktop_llm.core.models.library import ImportRefused, ModelLibrary

GiB = 2**30


def machine(available, total=16 * GiB):
    return Hardware(total, available, 8, ("AVX2",), False, None)


def test_fit_badges():
    assert fit(2 * GiB, machine(8 * GiB)) == FITS
    assert fit(7 * GiB, machine(8 * GiB)) == TIGHT
    assert fit(20 * GiB, machine(8 * GiB)) == TOO_BIG


def test_detect_reports_this_machine():
    hardware = detect()
    assert hardware.total_ram > hardware.available_ram > 0 and hardware.cpu_threads >= 1
    assert "RAM free" in hardware.describe()


def test_memory_estimate_is_weights_plus_kv_cache(gemma_model):
    info = read_gguf_header(gemma_model)
    # Gemma 3 270M: 18 layers × 1 KV head × (256 + 256) × 2 bytes per token.
    assert kv_cache_bytes(info, 4096) == 18 * 4096 * 512 * 2
    assert memory_needed(info, 4096) > info.file_size + kv_cache_bytes(info, 4096)


def test_gpu_auto_steps_down_and_cpu_builds_use_no_layers():
    assert gpu_layer_attempts(-1, 32, True) == [33, 16, 8, 0]
    assert gpu_layer_attempts(-1, 32, False) == [0]
    assert gpu_layer_attempts(12, 32, True) == [12]


@pytest.fixture
def library(app_home):
    return ModelLibrary(app_home.models, load_catalog(), Settings())


def test_import_copy_reference_verify_remove(library, tiny_model, tmp_path):
    copied = library.import_file(tiny_model, copy=True)
    library.remember(copied)
    assert copied.path.parent == library.models_dir and copied.path.read_bytes() == tiny_model.read_bytes()
    assert library.verify(copied).startswith("GGUF header is valid")
    outside = tmp_path / "elsewhere.gguf"
    outside.write_bytes(tiny_model.read_bytes())
    referenced = library.import_file(outside, copy=False)
    assert referenced.referenced and str(outside) not in library.settings.referenced_models
    library.remember(referenced)
    assert str(outside) in library.settings.referenced_models
    assert {m.path for m in library.installed()} == {copied.path, outside}
    library.remove(referenced)
    assert outside.exists() and library.find(str(outside)) is None  # forgotten, not deleted
    library.remove(copied)
    assert not copied.path.exists()
    with pytest.raises(ImportRefused, match="already installed"):
        library.import_file(tiny_model), library.import_file(tiny_model)


def test_import_refuses_bad_files(library, tmp_path, broken_vocab_model):
    junk = tmp_path / "junk.gguf"
    junk.write_text("not a model")
    with pytest.raises(ModelFileError, match="not a GGUF"):
        library.import_file(junk)
    with pytest.raises(ModelFileError, match="crashed llama.cpp"):
        library.import_file(broken_vocab_model)
    assert library.installed() == []


def test_verify_detects_a_damaged_catalog_file(library, gemma_model):
    target = library.models_dir / load_catalog().starter().filename
    data = bytearray(gemma_model.read_bytes())
    data[-10] ^= 0xFF
    target.write_bytes(bytes(data))
    model = library.find("gemma-3-270m-q4km")
    with pytest.raises(ModelFileError, match="does not match its published sha256"):
        library.verify(model)


def test_bundled_catalog_has_ten_real_models_with_published_hashes():
    models = [m for m in load_catalog().models if m.url]
    assert len(models) >= 10
    assert all(m.url.startswith("https://huggingface.co/") and m.sha256 and m.size for m in models)
    families = {m.family for m in models}
    assert {"Qwen2.5", "Llama 3.2", "Gemma 3", "Phi", "Mistral", "SmolLM2"} <= families


def test_a_load_that_would_not_fit_is_refused_unless_forced(tiny_model, monkeypatch):
    import threading

    from desktop_llm.core.engines.base import LoadOptions
    from desktop_llm.core.engines.llama import LlamaEngine
    from desktop_llm.core.jobs import loading as jobs

    monkeypatch.setattr(jobs, "detect", lambda: machine(available=1024, total=2048))
    context = jobs.JobContext(LlamaEngine(), threading.Event())
    refused = jobs.load_model_job(tiny_model, LoadOptions(n_ctx=256, n_threads=1), None, {})(context)
    assert isinstance(refused, jobs.LoadRefused) and "load it anyway" in refused.reason
    loaded = jobs.load_model_job(tiny_model, LoadOptions(n_ctx=256, n_threads=1), None, {}, force=True)(context)
    assert loaded.architecture == "llama" and loaded.n_gpu_layers == 0
    context.engine.unload()


def test_per_layer_kv_head_counts_are_read_and_summed(tmp_path):
    """Some architectures write head_count_kv as an array, one value per layer (0: a layer without attention)."""
    from model_factory import write_tiny_llama

    from desktop_llm.core.models.gguf_header import read_gguf_header

    path = write_tiny_llama(tmp_path / "per-layer.gguf", head_count_kv=[4, 2])
    info = read_gguf_header(path)
    assert info.metadata["llama.attention.head_count_kv"] == [4, 2]
    head_width = 64 // 4
    assert kv_cache_bytes(info, 1024) == 1024 * (4 + 2) * (2 * head_width) * 2
    assert memory_needed(info, 1024) > info.file_size
