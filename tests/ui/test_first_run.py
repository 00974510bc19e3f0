"""First run: the starter answers through a transcript, the card says what it is and gets a real model in one click."""

import json

import pytest
from faulty_server import FaultyServer
from PySide6.QtCore import Qt

from desktop_llm.core.chat.store import ConversationStore
from desktop_llm.core.models.catalog import load_catalog
from desktop_llm.ui.app import create_window

pytestmark = pytest.mark.e2e


@pytest.fixture
def catalog_with_a_served_model(smollm2_model, tmp_path, monkeypatch):
    """The bundled catalog plus SmolLM2-135M-Instruct served from 127.0.0.1 as the best model for this machine."""
    server = FaultyServer(smollm2_model.read_bytes())
    server.slow_delay = 0.0
    catalog = json.loads(load_catalog().path.read_text())
    for entry in catalog["models"]:
        entry["recommended_use"] = [use for use in entry["recommended_use"] if use != "chat"]
    catalog["models"].append({
        "id": "smollm2-135m-served", "name": "SmolLM2 135M Instruct", "family": "SmolLM2", "kind": "instruct",
        "filename": "SmolLM2-135M-Instruct.Q4_1.gguf", "url": server.url("ok"), "package": None,
        "size": len(server.payload), "sha256": server.sha256, "quantization": "Q4_1", "parameters": "135M",
        "context_length": 8192, "ram_required": 600_000_000, "license": "Apache-2.0", "recommended_use": ["chat"],
        "languages": ["en"], "reasoning": False, "quality": 3, "description": "A tiny instruct model for tests."})
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(catalog))
    monkeypatch.setenv("DESKTOP_LLM_CATALOG", str(path))
    yield server
    server.close()


def test_the_starter_answers_the_card_explains_it_and_one_click_switches_to_a_real_model(
        qtbot, app_home, starter_in_place, catalog_with_a_served_model):
    window = create_window(app_home)
    qtbot.addWidget(window)
    window.show()
    chat = window.chat
    card = chat.starter_card
    qtbot.waitUntil(lambda: chat.model is not None and card.isVisible(), timeout=120_000)
    assert chat.model.template_origin == "transcript" and "base model" in chat.model_status.text()
    assert "tiny demo model" in card.text.text() and "SmolLM2 135M Instruct" in card.text.text()

    chat.settings_panel.temperature.setValue(0.0)
    chat.input.setPlainText("What is the capital of Italy?")
    qtbot.keyClick(chat.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not chat.busy, timeout=60_000)
    store = ConversationStore(app_home.database)
    reply = store.messages(chat.conversation_id)[-1]
    assert "Rome" in reply.content and reply.stats["model"] and reply.stats["model_file"] == starter_in_place.name
    assert reply.stats["model"] in chat.transcript.toPlainText()  # shown under the reply

    with qtbot.waitSignal(window.models.downloads.finished, timeout=60_000):
        qtbot.mouseClick(card.get_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: chat.model is not None and chat.model.path.endswith("SmolLM2-135M-Instruct.Q4_1.gguf"),
                    timeout=60_000)
    assert not card.isVisible() and chat.model.template_origin == "model"
    assert window.settings.default_models["chat"].endswith("SmolLM2-135M-Instruct.Q4_1.gguf")
    chat.input.setPlainText("And the capital of France?")
    qtbot.keyClick(chat.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not chat.busy, timeout=60_000)
    messages = store.messages(chat.conversation_id)
    assert "Paris" in messages[-1].content and "<|im" not in messages[-1].content
    assert messages[-1].stats["model_file"] == "SmolLM2-135M-Instruct.Q4_1.gguf"  # each reply knows its model
    assert messages[1].stats["model_file"] == starter_in_place.name
    store.close()


def test_keep_the_starter_hides_the_card_for_good(qtbot, app_home, starter_in_place):
    window = create_window(app_home)
    qtbot.addWidget(window)
    window.show()
    card = window.chat.starter_card
    qtbot.waitUntil(lambda: card.isVisible(), timeout=120_000)
    qtbot.mouseClick(card.later_button, Qt.MouseButton.LeftButton)
    assert not card.isVisible() and window.settings.starter_card_dismissed
    window.close()
    reopened = create_window(app_home)
    qtbot.addWidget(reopened)
    reopened.show()
    qtbot.waitUntil(lambda: reopened.chat.model is not None and reopened.hardware is not None, timeout=120_000)
    assert not reopened.chat.starter_card.isVisible()


def test_a_reply_runs_on_the_chat_model_even_after_a_tool_loaded_another(qtbot, app_home, starter_in_place,
                                                                         smollm2_model):
    window = create_window(app_home)
    qtbot.addWidget(window)
    window.show()
    chat = window.chat
    qtbot.waitUntil(lambda: chat.model is not None, timeout=120_000)
    from desktop_llm.core.jobs.loading import ensure_model

    request = window.access.request(str(smollm2_model))
    window.worker.submit(lambda ctx: ensure_model(ctx, request))  # a tool job loads another model first
    chat.settings_panel.max_tokens.setValue(16)
    chat.input.setPlainText("Hello there")
    chat.send()  # queued behind it: it must load the Chat pane's model back
    qtbot.waitUntil(lambda: not chat.busy, timeout=120_000)
    store = ConversationStore(app_home.database)
    assert store.messages(chat.conversation_id)[-1].stats["model_file"] == starter_in_place.name
    store.close()
