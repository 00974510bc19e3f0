"""Fixtures of the window tests: the window on the starter, a catalog with one more model served from 127.0.0.1."""

import json

import pytest
from faulty_server import FaultyServer


@pytest.fixture
def served_catalog(tiny_model, tmp_path, monkeypatch, gemma_model):
    """The catalog plus "Tiny Served": a tiny random model, downloadable from a local server, that the catalog says
    writes Chinese and translates (the best it has: the one a tool pane offers)."""
    server = FaultyServer(tiny_model.read_bytes() + bytes(3 * 1024 * 1024))
    server.slow_delay = 0.04  # ~2 s: progress is visible
    from desktop_llm.core.models.catalog import load_catalog

    catalog = json.loads(load_catalog().path.read_text())
    catalog["models"].append({
        "id": "tiny-served", "name": "Tiny Served", "family": "Test", "filename": "tiny-served.gguf",
        "url": server.url("slow"), "size": len(server.payload), "sha256": server.sha256, "quantization": "F32",
        "parameters": "1M", "context_length": 512, "ram_required": 10**8, "license": "MIT",
        "recommended_use": ["chat", "translate"], "languages": ["en", "zh"], "quality": 99,
        "description": "A tiny model served from 127.0.0.1.", "kind": "instruct"})
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(catalog))
    monkeypatch.setenv("DESKTOP_LLM_CATALOG", str(path))
    yield server
    server.close()


@pytest.fixture
def window(qtbot, app_home, starter_in_place):
    """The real window on the starter model, loaded and ready (test files with other needs define their own)."""
    from desktop_llm.ui.app import create_window

    window = create_window(app_home)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.chat.model is not None, timeout=120_000)
    return window
