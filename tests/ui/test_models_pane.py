"""The Models pane end to end: download from a local server, progress, installed, loaded in Chat."""

import json

import pytest
from faulty_server import FaultyServer

from desktop_llm.ui.app import create_window


@pytest.fixture
def served_catalog(tiny_model, tmp_path, monkeypatch, gemma_model):
    server = FaultyServer(tiny_model.read_bytes() + bytes(3 * 1024 * 1024))
    server.slow_delay = 0.04  # ~2 s: progress is visible
    catalog = json.loads((__import__("desktop_llm.core.models.catalog", fromlist=["x"]).load_catalog().path).read_text())
    catalog["models"].append({
        "id": "tiny-served", "name": "Tiny Served", "family": "Test", "filename": "tiny-served.gguf",
        "url": server.url("slow"), "size": len(server.payload), "sha256": server.sha256, "quantization": "F32",
        "parameters": "1M", "context_length": 512, "ram_required": 10**8, "license": "MIT",
        "recommended_use": ["chat"], "description": "A tiny model served from 127.0.0.1.", "kind": "instruct"})
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(catalog))
    monkeypatch.setenv("DESKTOP_LLM_CATALOG", str(path))
    yield server
    server.close()


def test_download_shows_progress_installs_and_loads_in_chat(qtbot, app_home, served_catalog):
    window = create_window(app_home)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.chat.model is not None, timeout=120_000)  # the starter, first
    pane = window.models
    window.tabs.setCurrentWidget(pane)
    qtbot.waitUntil(lambda: pane.hardware is not None, timeout=30_000)
    pane.filter.setText("tiny served")
    assert pane.table.rowCount() == 1
    pane.select("tiny-served")
    assert pane.download_button.isEnabled() and "127.0.0.1" in pane.details.toPlainText()
    statuses = []
    pane.downloads.progress.connect(lambda dest, progress: statuses.append(progress.done))
    with qtbot.waitSignal(pane.downloads.finished, timeout=60_000):
        pane.download_button.click()
        qtbot.waitUntil(lambda: pane.pause_button.isEnabled(), timeout=10_000)
    assert len(statuses) >= 2 and statuses == sorted(statuses)
    assert pane.table.item(0, 6).text() == "installed"
    assert (app_home.models / "tiny-served.gguf").read_bytes() == served_catalog.payload
    pane.select("tiny-served")
    assert pane.use_button.isEnabled()
    pane.use_button.click()
    assert window.tabs.currentWidget() is window.chat
    qtbot.waitUntil(lambda: window.chat.model is not None and window.chat.model.path.endswith("tiny-served.gguf"),
                    timeout=60_000)
    assert window.chat.model_picker.currentText() == "Tiny Served"


def test_pause_and_resume_from_the_pane(qtbot, app_home, served_catalog):
    served_catalog.slow_delay = 0.05
    window = create_window(app_home)
    qtbot.addWidget(window)
    window.show()
    pane = window.models
    window.tabs.setCurrentWidget(pane)
    pane.filter.setText("tiny served")
    pane.select("tiny-served")
    with qtbot.waitSignal(pane.downloads.stopped, timeout=30_000) as stopped:
        pane.download_button.click()
        qtbot.waitUntil(lambda: pane.pause_button.isEnabled(), timeout=10_000)
        qtbot.waitSignal(pane.downloads.progress, timeout=10_000).wait()
        pane.pause_button.click()
    assert stopped.args[1] is True
    assert "paused" in pane.table.item(0, 6).text()
    served_catalog.slow_delay = 0.0
    pane.select("tiny-served")
    with qtbot.waitSignal(pane.downloads.finished, timeout=30_000):
        pane.download_button.click()
    assert any(r for _, r in served_catalog.requests[1:])  # the second request asked for a range
    assert pane.table.item(0, 6).text() == "installed"


def test_default_models_per_use_are_remembered(qtbot, app_home, starter_in_place):
    window = create_window(app_home)
    qtbot.addWidget(window)
    window.show()
    pane = window.models
    window.tabs.setCurrentWidget(pane)
    pane.select("gemma-3-270m-q4km")
    assert pane.default_button.isEnabled()
    pane._set_default("summarize")
    assert window.settings.default_models["summarize"] == str(starter_in_place)
    assert "Default for summarize" in pane.details.toPlainText()
