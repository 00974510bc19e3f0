"""Endpoints in the settings file, API keys in the keyring (an in-memory one in tests: see conftest)."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import keyring.errors
import pytest
from conftest import keyring_account

from desktop_llm.core.common.settings import Settings
from desktop_llm.core.engines.endpoints import (
    KEYRING_SERVICE,
    Endpoint,
    EndpointError,
    KeyringUnavailable,
    api_key,
    delete_api_key,
    find_endpoint,
    load_endpoints,
    plain_http_warning,
    save_endpoints,
    set_api_key,
)


def test_an_endpoint_is_validated_and_normalised():
    endpoint = Endpoint(" Local ", "http://127.0.0.1:8080/", " qwen ")
    assert endpoint == Endpoint("Local", "http://127.0.0.1:8080/v1", "qwen")
    with pytest.raises(EndpointError, match="name"):
        Endpoint(" ", "http://127.0.0.1:8080")
    with pytest.raises(EndpointError, match="not an http") as caught:
        Endpoint("x", "localhost:8080")
    assert caught.value.args[0].args == {"url": "localhost:8080"}  # the URL's own message, kept translatable
    with pytest.raises(EndpointError, match="not in the URL"):
        Endpoint("x", "https://me:sk-1@api.example.com/v1")


def test_endpoints_round_trip_through_the_settings_file_without_keys(tmp_path, memory_keyring):
    settings = Settings()
    local, hosted = Endpoint("Local", "http://127.0.0.1:8080"), Endpoint("Hosted", "https://api.example.com/v1", "m")
    save_endpoints(settings, [local, hosted])
    set_api_key(hosted, "sk-secret")
    settings.save(tmp_path / "settings.json")
    assert "sk-secret" not in (tmp_path / "settings.json").read_text()
    loaded = Settings.load(tmp_path / "settings.json")
    assert load_endpoints(loaded) == [local, hosted]
    assert find_endpoint(loaded, "hosted") == hosted
    with pytest.raises(EndpointError, match="no endpoint named 'x'. Endpoints: Local, Hosted"):
        find_endpoint(loaded, "x")
    with pytest.raises(EndpointError, match="Two endpoints are named 'Local'"):
        save_endpoints(settings, [local, Endpoint("local", "http://h")])


def test_a_broken_saved_endpoint_is_skipped():
    settings = Settings(endpoints=[{"name": "ok", "base_url": "http://h:1"}, {"name": "bad", "base_url": "h:1"},
                                   {"base_url": "http://h"}, "junk"])
    assert [e.name for e in load_endpoints(settings)] == ["ok"]


def test_api_keys_live_in_the_keyring(memory_keyring):
    endpoint = Endpoint("Hosted", "https://api.example.com/v1")
    assert api_key(endpoint) is None
    set_api_key(endpoint, " sk-1 ")
    assert memory_keyring.passwords == {(KEYRING_SERVICE, keyring_account("Hosted")): "sk-1"}
    assert api_key(endpoint) == "sk-1"
    set_api_key(endpoint, "")  # an empty key removes the saved one
    assert api_key(endpoint) is None
    delete_api_key(endpoint)  # nothing saved: nothing to do


def test_without_a_keyring_keys_cannot_be_saved():
    keyring.set_keyring(keyring.backends.fail.Keyring())  # the conftest fixture restores the backend afterwards
    endpoint = Endpoint("Hosted", "https://api.example.com/v1")
    assert api_key(endpoint) is None
    delete_api_key(endpoint)
    with pytest.raises(KeyringUnavailable, match=r"cannot be saved here: no working OS keyring \(none is installed\)"
                                                 r".*environment variable.*--api-key-env NAME") as caught:
        set_api_key(endpoint, "sk-1")
    message = caught.value.args[0]  # translated by the window, the parts in it too
    assert (message.args["problem"].source, message.args["detail"].source) == ("API keys cannot be saved here",
                                                                               "none is installed")


def test_a_locked_keyring_says_so(memory_keyring, monkeypatch):
    def locked(*args):
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")

    monkeypatch.setattr(memory_keyring, "get_password", locked)
    with pytest.raises(KeyringUnavailable, match="cannot be read here: .*Failed to unlock"):
        api_key(Endpoint("Hosted", "https://api.example.com/v1"))


def test_two_profiles_never_share_a_key(memory_keyring, monkeypatch, tmp_path):
    endpoint = Endpoint("Hosted", "https://api.example.com/v1")
    set_api_key(endpoint, "sk-first")
    monkeypatch.setenv("DESKTOP_LLM_HOME", str(tmp_path / "second-profile"))
    assert api_key(endpoint) is None
    set_api_key(endpoint, "sk-second")
    monkeypatch.delenv("DESKTOP_LLM_HOME")  # the default profile keeps the plain name, as keys were saved before
    set_api_key(endpoint, "sk-default")
    assert sorted(memory_keyring.passwords.values()) == ["sk-default", "sk-first", "sk-second"]
    assert (KEYRING_SERVICE, "Hosted") in memory_keyring.passwords


def test_a_key_sent_unencrypted_to_another_computer_is_warned_about():
    warning = plain_http_warning("http://gpu-box:8000/v1", has_key=True)
    assert "unencrypted to gpu-box" in warning and warning.args == {"host": "gpu-box"}
    assert plain_http_warning("http://gpu-box:8000/v1", has_key=False) is None
    assert plain_http_warning("https://gpu-box/v1", has_key=True) is None
    assert plain_http_warning("http://127.0.0.1:8080/v1", has_key=True) is None
