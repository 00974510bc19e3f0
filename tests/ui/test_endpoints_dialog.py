"""The endpoints dialog against a real llama-cpp-python server: test, save, keys in the keyring, rename, remove."""

import keyring
import keyring.backends.fail
import pytest
from conftest import keyring_account
from remote_server import free_port

from desktop_llm.core.common.settings import Settings
from desktop_llm.core.engines.endpoints import KEYRING_SERVICE, Endpoint, load_endpoints, save_endpoints, set_api_key
from desktop_llm.ui import theme
from desktop_llm.ui.endpoints_dialog import SAVED_KEY, EndpointsDialog


@pytest.fixture
def open_dialog(qtbot):
    def open_(settings: Settings) -> EndpointsDialog:
        dialog = EndpointsDialog(settings)
        qtbot.addWidget(dialog)
        dialog.show()
        settle(qtbot, dialog)  # the keyring is asked on a thread which keys are saved
        return dialog

    return open_


def settle(qtbot, dialog: EndpointsDialog) -> None:
    """Wait for the dialog's keyring work (it runs on a thread): Save is off meanwhile."""
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10_000)


def save(qtbot, dialog: EndpointsDialog) -> None:
    dialog.save_button.click()
    settle(qtbot, dialog)


def add(dialog: EndpointsDialog, name: str, url: str, key: str = "") -> None:
    dialog.add_button.click()
    dialog.name_edit.setText(name)
    dialog.url_edit.setText(url)
    dialog.key_edit.setText(key)


def saved(settings: Settings, name: str, url: str = "http://127.0.0.1:9/v1", key: str = "k") -> Settings:
    endpoint = Endpoint(name, url)
    save_endpoints(settings, [endpoint])
    set_api_key(endpoint, key)
    return settings


def test_add_test_and_save_keeps_the_key_in_the_keyring(qtbot, open_dialog, llama_server, memory_keyring,
                                                        app_home):
    settings = Settings()
    dialog = open_dialog(settings)
    assert not dialog.form_box.isEnabled()  # nothing to edit yet
    add(dialog, "Lab", llama_server.base_url.removesuffix("/v1") + "/", llama_server.api_key)
    assert dialog.key_edit.echoMode() == dialog.key_edit.EchoMode.Password
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.message.text().startswith("Connected"), timeout=30_000)
    assert dialog.message.text() == "Connected: 1 model."
    assert dialog.model_box.currentText() == llama_server.alias == "tiny"
    with qtbot.waitSignal(dialog.endpoints_changed):
        save(qtbot, dialog)
    assert load_endpoints(settings) == [Endpoint("Lab", llama_server.base_url, "tiny")]
    assert memory_keyring.passwords == {(KEYRING_SERVICE, keyring_account("Lab")): "test-key"}
    settings.save(app_home.settings_file)
    assert "test-key" not in app_home.settings_file.read_text()
    assert dialog.key_edit.text() == "" and dialog.key_edit.placeholderText() == SAVED_KEY

    again = open_dialog(settings)  # the saved key is used, never shown
    assert again.url_edit.text() == llama_server.base_url and again.key_edit.text() == ""
    again.test_button.click()
    qtbot.waitUntil(lambda: again.message.text().startswith("Connected"), timeout=30_000)


def test_invalid_input_is_shown_inline_and_nothing_is_saved(qtbot, open_dialog, memory_keyring):
    settings = saved(Settings(), "Lab")
    dialog = open_dialog(settings)
    add(dialog, "New", "ftp://example.com", "secret")
    with qtbot.assertNotEmitted(dialog.endpoints_changed):
        save(qtbot, dialog)
        assert "is not an http:// or https:// URL" in dialog.message.text()
        assert dialog.focusWidget() is dialog.url_edit
        dialog.url_edit.setText("http://127.0.0.1:8080")
        dialog.name_edit.setText(" lab ")
        save(qtbot, dialog)
        assert "already named 'lab'" in dialog.message.text() and dialog.focusWidget() is dialog.name_edit
        dialog.name_edit.setText("")
        save(qtbot, dialog)
        assert dialog.message.text() == "Give the endpoint a name."
    assert load_endpoints(settings) == [Endpoint("Lab", "http://127.0.0.1:9/v1")]
    assert set(memory_keyring.passwords) == {(KEYRING_SERVICE, keyring_account("Lab"))}
    dialog.name_edit.setText("New")
    save(qtbot, dialog)
    assert [e.base_url for e in load_endpoints(settings)] == ["http://127.0.0.1:9/v1", "http://127.0.0.1:8080/v1"]


def test_a_dead_endpoint_says_so_and_the_dialog_stays_usable(qtbot, open_dialog):
    settings = Settings()
    dialog = open_dialog(settings)
    add(dialog, "Gone", f"http://127.0.0.1:{free_port()}/v1")
    dialog.test_button.click()
    assert not dialog.test_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=30_000)
    assert "connection refused" in dialog.message.text() and theme.color("error") in dialog.message.styleSheet()
    dialog.name_edit.setText("Later")
    with qtbot.waitSignal(dialog.endpoints_changed):
        save(qtbot, dialog)
    assert [e.name for e in load_endpoints(settings)] == ["Later"]


def test_renaming_moves_the_key_and_removing_deletes_it(qtbot, open_dialog, memory_keyring):
    settings = saved(Settings(), "Old", key="secret")
    dialog = open_dialog(settings)
    assert dialog.key_edit.placeholderText() == SAVED_KEY and dialog.forget_button.isEnabled()
    dialog.name_edit.setText("New")
    assert dialog.list.item(0).text() == "New"
    save(qtbot, dialog)
    assert [e.name for e in load_endpoints(settings)] == ["New"]
    assert memory_keyring.passwords == {(KEYRING_SERVICE, keyring_account("New")): "secret"}
    dialog.remove_button.click()
    assert memory_keyring.passwords  # only at Save
    with qtbot.waitSignal(dialog.endpoints_changed):
        save(qtbot, dialog)
    assert settings.endpoints == [] and memory_keyring.passwords == {}
    assert not dialog.form_box.isEnabled()


def test_forget_key_deletes_it_at_save(qtbot, open_dialog, memory_keyring):
    settings = saved(Settings(), "Lab")
    dialog = open_dialog(settings)
    dialog.forget_button.click()
    assert not dialog.forget_button.isEnabled() and dialog.key_edit.placeholderText() != SAVED_KEY
    save(qtbot, dialog)
    assert memory_keyring.passwords == {} and len(load_endpoints(settings)) == 1


def test_without_a_keyring_the_endpoint_is_saved_and_the_message_says_what_to_do(qtbot, open_dialog):
    keyring.set_keyring(keyring.backends.fail.Keyring())  # memory_keyring puts the in-memory one back
    settings = Settings()
    dialog = open_dialog(settings)
    add(dialog, "Lab", "http://127.0.0.1:8080", "secret")
    save(qtbot, dialog)
    assert load_endpoints(settings) == [Endpoint("Lab", "http://127.0.0.1:8080/v1")]
    assert "--api-key-env" in dialog.message.text() and "not every API key" in dialog.message.text()


def test_close_with_unsaved_changes_warns_once(open_dialog):
    dialog = open_dialog(Settings())
    add(dialog, "Lab", "http://127.0.0.1:8080")
    dialog.reject()
    assert dialog.isVisible() and "unsaved changes" in dialog.message.text()
    dialog.reject()
    assert not dialog.isVisible()


def test_a_key_for_plain_http_to_another_computer_is_warned_about_at_save(qtbot, open_dialog, memory_keyring):
    dialog = open_dialog(Settings())
    add(dialog, "Box", "http://gpu-box.example:8000", "secret")
    save(qtbot, dialog)
    assert dialog.message.text().startswith("Saved. Careful: the API key would travel unencrypted to gpu-box")
