"""``desktop-llm models …`` against a local faulty server and a catalog that points at it."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from faulty_server import FaultyServer

from desktop_llm.core.models.download import partial_path


def cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "desktop_llm", "models", *args], capture_output=True, text=True,
                          timeout=300, env=env)


@pytest.fixture
def served(tiny_model, tmp_path, monkeypatch):
    server = FaultyServer(tiny_model.read_bytes() + bytes(3 * 1024 * 1024))
    entry = {"id": "tiny-test", "name": "Tiny Test", "family": "Test", "filename": "tiny-test.gguf",
             "url": server.url("ok"), "size": len(server.payload), "sha256": server.sha256, "quantization": "F32",
             "parameters": "1M", "context_length": 512, "ram_required": 10**8, "license": "MIT",
             "recommended_use": ["chat"], "description": "test"}
    catalog = tmp_path / "catalog.json"
    entries = {mode: dict(entry, id=f"tiny-{mode}", filename=f"tiny-{mode}.gguf", url=server.url(mode))
               for mode in ("ok", "flip", "404", "slow")}
    catalog.write_text(json.dumps({"schema_version": 1, "models": list(entries.values())}))
    monkeypatch.setenv("DESKTOP_LLM_CATALOG", str(catalog))
    yield server
    server.close()


def test_download_list_verify_remove(served, app_home):
    result = cli("download", "tiny-ok")
    assert result.returncode == 0, result.stderr
    assert "sha256 verified against the catalog" in result.stderr
    listing = json.loads(cli("list", "--json").stdout)
    row = next(r for r in listing["models"] if r["id"] == "tiny-ok")
    assert row["installed"] and row["fit"] == "fits"
    assert "ok" in cli("verify", "tiny-ok").stdout
    assert cli("remove", "tiny-ok").returncode == 0
    assert not (app_home.models / "tiny-ok.gguf").exists()


@pytest.mark.parametrize("model, code, message", [
    ("tiny-flip", 1, "does not match"), ("tiny-404", 1, "no such file (404)"), ("nope", 2, "unknown model 'nope'")])
def test_download_failures_exit_non_zero_with_one_line(served, app_home, model, code, message):
    result = cli("download", model)
    assert result.returncode == code and message in result.stderr
    assert not (app_home.models / f"{model}.gguf").exists()


def test_a_killed_download_resumes_on_the_next_run(served, app_home):
    served.slow_delay = 0.05
    child = subprocess.Popen([sys.executable, "-m", "desktop_llm", "models", "download", "tiny-slow"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    partial = partial_path(app_home.models / "tiny-slow.gguf")
    deadline = time.monotonic() + 30
    while (not partial.exists() or partial.stat().st_size < 256 * 1024) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(10)
    kept = partial.stat().st_size
    assert 0 < kept < len(served.payload)
    served.slow_delay = 0.0
    result = cli("download", "tiny-slow")
    assert result.returncode == 0, result.stderr
    assert any(r and int(r.split("=")[1].rstrip("-")) >= kept for _, r in served.requests[1:])
    assert (app_home.models / "tiny-slow.gguf").read_bytes() == served.payload


def test_import_and_bad_import(app_home, tiny_model, tmp_path):
    assert cli("import", str(tiny_model)).returncode == 0
    junk = tmp_path / "junk.gguf"
    junk.write_text("junk")
    result = cli("import", str(junk))
    assert result.returncode == 2 and "not a GGUF" in result.stderr


def test_models_recommend_cli_names_a_real_catalog_model():
    result = subprocess.run([sys.executable, "-m", "desktop_llm", "models", "recommend", "--use", "translate",
                             "--json"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"id", "name", "size", "reason", "tokens_per_second"}
    from desktop_llm.core.models.catalog import load_catalog

    spec = load_catalog().get(data["id"])
    assert spec is not None and "translate" in spec.recommended_use and data["size"] == spec.size
