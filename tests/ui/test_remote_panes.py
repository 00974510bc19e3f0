"""End to end: a saved remote endpoint (llama-cpp-python's server with Gemma 3 270M) used from every pane."""

from __future__ import annotations

import pytest

from desktop_llm.core.common.settings import Settings
from desktop_llm.core.engines.endpoints import Endpoint, save_endpoints
from desktop_llm.ui.app import create_window

pytestmark = pytest.mark.e2e


@pytest.fixture
def window(qtbot, app_home, starter_in_place, gemma_server):
    settings = Settings()
    save_endpoints(settings, [Endpoint("Team server", gemma_server.base_url, "gemma")])
    settings.engine.n_ctx = 2048
    settings.save(app_home.settings_file)
    window = create_window(app_home)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.chat.model is not None, timeout=120_000)
    return window


def test_every_pane_works_against_a_server_and_local_stays_the_default(qtbot, window):
    assert window.chat.model.template_origin == "transcript"  # the local starter loaded first
    remote = "remote:Team server"
    labels = [window.chat.model_picker.itemText(i) for i in range(window.chat.model_picker.count())]
    assert any(label.startswith("☁ Team server") for label in labels)

    window.chat.model_picker.setCurrentIndex(window.chat.model_picker.findData(remote))
    window.chat._on_model_picked(window.chat.model_picker.currentIndex())
    qtbot.waitUntil(lambda: window.chat.model is not None and window.chat.model.template_origin == "server",
                    timeout=30_000)
    assert "☁ gemma" in window.chat.model_status.text()
    window.chat.settings_panel.max_tokens.setValue(16)
    window.chat.input.setPlainText("Hello there")
    window.chat.send()
    qtbot.waitUntil(lambda: not window.chat.busy, timeout=60_000)
    assert window.chat.store.messages(window.chat.conversation_id)[-1].content

    # llama_cpp.server (logits kept for every position, for log-probabilities) slows to seconds per token past a
    # few hundred tokens with Gemma's 262k vocabulary: short answers keep this test quick.
    window.summarize.length_box.setCurrentIndex(window.summarize.length_box.findData("short"))
    for pane, text in ((window.summarize, "The bridge opens on Monday. Cars pay two euros."),
                       (window.translate, "Good evening."), (window.sentiment, "I love it\nIt broke at once")):
        window.tabs.setCurrentWidget(pane)
        pane.model_picker.setCurrentIndex(pane.model_picker.findData(remote))
        pane._on_model_picked(pane.model_picker.currentIndex())
        pane.set_text(text)
        pane.run()
        qtbot.waitUntil(lambda: not pane.busy(), timeout=120_000)
        assert not (not pane.advice.isHidden() and pane.advice.kind == "error"), pane.advice.text()  # no error
    assert window.summarize.result.summary
    assert window.translate.table.item(0, 1).text()
    assert window.sentiment.table.rowCount() == 2
    assert window.settings.default_models["sentiment"] == remote


def test_a_dead_endpoint_gives_a_message_and_the_app_stays_up(qtbot, window, monkeypatch):
    from remote_server import free_port

    save_endpoints(window.settings, [Endpoint("Gone", f"http://127.0.0.1:{free_port()}/v1", "x")])
    window._refresh_model_lists()
    pane = window.sentiment
    pane.model_picker.setCurrentIndex(pane.model_picker.findData("remote:Gone"))
    pane._on_model_picked(pane.model_picker.currentIndex())
    pane.set_text("fine")
    pane.run()
    qtbot.waitUntil(lambda: not pane.busy(), timeout=30_000)
    assert not pane.advice.isHidden() and "connection refused" in pane.advice.text().lower()
    assert window.chat.model is not None and window.chat.model.template_origin == "transcript"  # local still loaded
