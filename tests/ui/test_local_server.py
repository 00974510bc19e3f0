"""Settings ▸ Local server in the real window: other programs use the model the window holds, on the same engine."""

from __future__ import annotations

import socket
import threading

import httpx
import openai
import pytest

from desktop_llm.ui.local_server import SERVER_KEY, LocalServerDialog

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_switched_on_it_serves_the_windows_model_and_says_what_it_does(qtbot, window, app_home):
    dialog = LocalServerDialog(window.server, window.settings, window)
    qtbot.addWidget(dialog)
    assert dialog.status.text() == "The local server is off." and not window.server_label.text()
    dialog.enabled.setChecked(True)
    dialog.port.setValue(free_port())
    dialog.apply()
    qtbot.waitUntil(lambda: window.server.server is not None, timeout=10_000)
    url = window.server.url()
    assert url in window.server_label.text() and url in dialog.status.text() and url in dialog.example.text()
    client = openai.OpenAI(base_url=url, api_key="unused", max_retries=0, timeout=120)
    model_id = client.models.list().data[0].id
    assert model_id == "gemma-3-270m-q4_k_m"
    answers = []

    def ask():  # raw text, continued for a few seconds: long enough to be seen running
        stream = client.completions.create(model=model_id, prompt="The history of the lighthouse, in twelve "
                                           "chapters.\n\nChapter 1.", max_tokens=200, stream=True)
        answers.append("".join(chunk.choices[0].text for chunk in stream if chunk.choices))

    thread = threading.Thread(target=ask)
    thread.start()
    qtbot.waitUntil(lambda: "answering a request" in window.server_label.text(), timeout=30_000)
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=120_000)
    assert answers and answers[0].strip()
    # Read from the server itself: the label is refreshed every half second, so it can still say "answering" when
    # the next step starts.
    qtbot.waitUntil(lambda: window.server.server.app.counts().served == 2
                    and not window.server.server.app.counts().running)
    qtbot.waitUntil(lambda: "2 served" in window.server_label.text() and "answering" not in window.server_label.text())
    window.chat.input.setPlainText("Hello")  # the window's own chat still works on the same model
    window.chat.send()
    qtbot.waitUntil(lambda: not window.chat.busy, timeout=120_000)
    assert window.chat.store.messages(window.chat.conversation_id)[-1].content.strip()

    # A model the user loads does not wait behind a long request: the request ends, its client is told to retry.
    failures = []

    def ask_long():
        try:
            for _ in client.completions.create(model=model_id, prompt="Once", max_tokens=4000, stream=True):
                pass
        except openai.APIError as exc:
            failures.append(exc)

    thread = threading.Thread(target=ask_long)
    thread.start()
    qtbot.waitUntil(lambda: window.server.server.app.counts().running == 1, timeout=30_000)
    qtbot.waitUntil(lambda: "answering a request" in window.server_label.text(), timeout=30_000)
    window.load_model(window.loaded_model.path)
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=30_000)
    assert failures and "loading another model" in str(failures[0])
    qtbot.waitUntil(lambda: window.chat.model is not None, timeout=60_000)

    dialog.enabled.setChecked(False)
    dialog.apply()
    assert window.server.server is None and not window.server_label.text()
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/models")
    assert window.settings.server.enabled is False


def test_other_computers_need_a_key_kept_in_the_keyring(qtbot, window, memory_keyring):
    dialog = LocalServerDialog(window.server, window.settings, window)
    qtbot.addWidget(dialog)
    port = free_port()
    dialog.enabled.setChecked(True)
    dialog.port.setValue(port)
    dialog.allow_network.setChecked(True)
    dialog.apply()  # no key yet
    qtbot.waitUntil(lambda: "API key" in dialog.status.text(), timeout=10_000)
    assert window.server.server is None and "off" in window.server_label.text()
    dialog.key.setText("a-long-secret-key")
    dialog.apply()
    qtbot.waitUntil(lambda: window.server.server is not None, timeout=10_000)
    assert dialog.key.text() == ""  # never shown again
    assert "a-long-secret-key" in memory_keyring.passwords.values()
    assert any(service == SERVER_KEY[0] for service, _ in memory_keyring.passwords)
    local = f"http://127.0.0.1:{port}/v1"
    assert httpx.get(local + "/models").status_code == 401
    answer = httpx.get(local + "/models", headers={"Authorization": "Bearer a-long-secret-key"})
    assert answer.status_code == 200 and answer.json()["data"][0]["id"] == "gemma-3-270m-q4_k_m"
