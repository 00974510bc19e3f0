"""The window and the CLI share settings.json: neither overwrites what the other wrote meanwhile."""

import json
import subprocess
import sys
import threading

from desktop_llm.core.common import settings as settings_module
from desktop_llm.core.common.settings import Settings, load_shared, save_merged, update_settings


def test_two_updates_from_two_processes_both_survive(app_home):
    path = app_home.settings_file
    window, cli = load_shared(path), load_shared(path)  # both loaded before either writes
    cli.checked_models["/models/b.gguf"] = [2, 20]
    cli.referenced_models.append("/elsewhere/b.gguf")
    save_merged(cli, path)
    window.checked_models["/models/a.gguf"] = [1, 10]
    window.measured_speeds["a.gguf"] = {"prompt_tps": 100.0}
    window.system_prompt = "Be brief."
    save_merged(window, path)
    saved = Settings.load(path)
    assert saved.checked_models == {"/models/a.gguf": [1, 10], "/models/b.gguf": [2, 20]}
    assert saved.referenced_models == ["/elsewhere/b.gguf"]
    assert saved.measured_speeds == {"a.gguf": {"prompt_tps": 100.0}}
    assert saved.system_prompt == "Be brief."


def test_update_settings_changes_only_what_it_is_given(app_home):
    path = app_home.settings_file
    window = load_shared(path)
    update_settings(path, lambda s: s.checked_models.update({"/m/cli.gguf": [1, 1]}))
    window.engine.n_ctx = 2048
    save_merged(window, path)
    update_settings(path, lambda s: s.checked_models.update({"/m/cli2.gguf": [2, 2]}))  # after the window's save
    saved = Settings.load(path)
    assert set(saved.checked_models) == {"/m/cli.gguf", "/m/cli2.gguf"} and saved.engine.n_ctx == 2048


def test_removals_are_kept_on_both_sides(app_home):
    path = app_home.settings_file
    seed = Settings(referenced_models=["/a.gguf", "/b.gguf"], checked_models={"/a.gguf": [1, 1], "/b.gguf": [2, 2]})
    seed.save(path)
    window, cli = load_shared(path), load_shared(path)
    window.referenced_models.remove("/a.gguf")  # forgotten in the window's Models pane
    window.checked_models.pop("/a.gguf")
    cli.referenced_models.remove("/b.gguf")  # `desktop-llm models remove` meanwhile
    cli.checked_models.pop("/b.gguf")
    cli.checked_models["/c.gguf"] = [3, 3]
    save_merged(cli, path)
    save_merged(window, path)
    saved = Settings.load(path)
    assert saved.referenced_models == [] and saved.checked_models == {"/c.gguf": [3, 3]}


def test_the_window_wins_a_conflict_and_keeps_what_it_did_not_change(app_home):
    path = app_home.settings_file
    Settings(default_models={"chat": "/old.gguf", "summarize": "/s.gguf"}).save(path)
    window, cli = load_shared(path), load_shared(path)
    cli.default_models.update({"chat": "/cli.gguf", "summarize": "/cli-s.gguf"})
    save_merged(cli, path)
    window.default_models["chat"] = "/window.gguf"
    save_merged(window, path)
    assert Settings.load(path).default_models == {"chat": "/window.gguf", "summarize": "/cli-s.gguf"}
    window.default_models["translate"] = "/t.gguf"  # a second save starts from what the first one wrote
    save_merged(window, path)
    assert Settings.load(path).default_models == {"chat": "/window.gguf", "summarize": "/cli-s.gguf",
                                                  "translate": "/t.gguf"}


def test_settings_not_loaded_shared_are_merged_as_a_union(app_home):
    path = app_home.settings_file
    Settings(checked_models={"/other.gguf": [1, 1], "/both.gguf": [1, 1]}, system_prompt="theirs").save(path)
    mine = Settings(checked_models={"/both.gguf": [2, 2]}, system_prompt="mine")
    save_merged(mine, path)
    saved = Settings.load(path)
    assert saved.checked_models == {"/other.gguf": [1, 1], "/both.gguf": [2, 2]} and saved.system_prompt == "mine"


def test_unknown_keys_survive_and_a_missing_or_corrupt_file_is_written_whole(app_home):
    path = app_home.settings_file
    path.write_text(json.dumps({"from_a_newer_version": 42}))
    window = load_shared(path)
    window.system_prompt = "x"
    save_merged(window, path)
    assert json.loads(path.read_text())["from_a_newer_version"] == 42
    path.write_text("{not json")
    window.system_prompt = "y"
    save_merged(window, path)
    assert Settings.load(path).system_prompt == "y"
    path.unlink()
    save_merged(window, path)
    assert Settings.load(path).system_prompt == "y"


def test_nothing_changed_writes_nothing(app_home):
    path = app_home.settings_file
    Settings(system_prompt="on disk").save(path)
    cli = load_shared(path)
    Settings(system_prompt="the window's").save(path)
    save_merged(cli, path)
    assert Settings.load(path).system_prompt == "the window's"


def test_updates_from_threads_under_the_lock_all_survive(app_home, monkeypatch):
    path = app_home.settings_file
    original_load = Settings.load

    def slow_load(cls_path):
        loaded = original_load(cls_path)
        threading.Event().wait(0.01)  # widen the read-change-write window
        return loaded

    monkeypatch.setattr(Settings, "load", staticmethod(slow_load))

    def add(worker: int) -> None:
        for i in range(5):
            update_settings(path, lambda s: s.checked_models.update({f"/{worker}/{i}.gguf": [worker, i]}))

    threads = [threading.Thread(target=add, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(original_load(path).checked_models) == 20


WRITER = """
import sys, time
from pathlib import Path
from desktop_llm.core.common.settings import Settings, update_settings

def change(settings):
    time.sleep(0.01)
    settings.checked_models[f"/{sys.argv[2]}/{i}.gguf"] = [i, i]

for i in range(10):
    update_settings(Path(sys.argv[1]), change)
"""


def test_updates_from_processes_under_the_lock_all_survive(app_home):
    path = app_home.settings_file
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name]) for name in ("p1", "p2", "p3")]
    assert [writer.wait(60) for writer in writers] == [0, 0, 0]
    assert len(Settings.load(path).checked_models) == 30


def test_a_lock_held_too_long_is_logged_and_the_save_goes_on(app_home, monkeypatch, caplog):
    path = app_home.settings_file
    monkeypatch.setattr(settings_module, "LOCK_TIMEOUT_S", 0.1)
    with settings_module._settings_lock(path):
        update_settings(path, lambda s: setattr(s, "system_prompt", "saved anyway"))
    assert Settings.load(path).system_prompt == "saved anyway" and "still held" in caplog.text
