import json

from desktop_llm.core.common.paths import app_paths
from desktop_llm.core.common.settings import Settings


def test_home_override_puts_everything_under_one_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("DESKTOP_LLM_HOME", str(tmp_path / "profile"))
    paths = app_paths().ensure()
    for folder in (paths.data, paths.config, paths.cache, paths.logs, paths.models):
        assert folder.is_dir() and (tmp_path / "profile") in folder.parents
    assert paths.database.parent == paths.data


def test_settings_round_trip_and_keep_unknown_keys(app_home):
    path = app_home.settings_file
    path.write_text(json.dumps({"system_prompt": "Be brief.", "from_a_newer_version": 42,
                                "sampling": {"temperature": 1, "top_k": "bad"}}))
    settings = Settings.load(path)
    assert settings.system_prompt == "Be brief."
    assert settings.sampling.temperature == 1.0
    assert settings.sampling.top_k == 40  # wrong type falls back to the default
    settings.engine.n_ctx = 2048
    settings.save(path)
    saved = json.loads(path.read_text())
    assert saved["from_a_newer_version"] == 42
    assert Settings.load(path).engine.n_ctx == 2048


def test_corrupt_settings_are_moved_aside_not_lost(app_home):
    path = app_home.settings_file
    path.write_text("{not json")
    assert Settings.load(path) == Settings()
    assert path.with_suffix(".corrupt.json").read_text() == "{not json"
