"""The Models pane end to end: download from a local server, progress, installed, loaded in Chat."""

from desktop_llm.ui.app import create_window


def test_download_shows_progress_installs_and_loads_in_chat(qtbot, app_home, served_catalog):
    window = create_window(app_home)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.chat.model is not None, timeout=120_000)  # the starter, first
    pane = window.models
    window.tabs.setCurrentWidget(pane)
    qtbot.waitUntil(lambda: pane.hardware is not None, timeout=30_000)
    pane.filter.setText("tiny served")
    assert pane.table.rowCount() == 1
    pane.select("tiny-served")
    assert pane.download_button.isEnabled() and "127.0.0.1" in pane.details.toPlainText()
    statuses = []
    pane.downloads.progress.connect(lambda dest, progress: statuses.append(progress.done))
    with qtbot.waitSignal(pane.downloads.finished, timeout=60_000):
        pane.download_button.click()
        qtbot.waitUntil(lambda: pane.pause_button.isEnabled(), timeout=10_000)
    assert len(statuses) >= 2 and statuses == sorted(statuses)
    qtbot.waitUntil(lambda: pane.table.item(0, 6).text() == "installed", timeout=10_000)  # after the rescan
    assert (app_home.models / "tiny-served.gguf").read_bytes() == served_catalog.payload
    pane.select("tiny-served")
    assert pane.use_button.isEnabled()
    pane.use_button.click()
    assert window.tabs.currentWidget() is window.chat
    qtbot.waitUntil(lambda: window.chat.model is not None and window.chat.model.path.endswith("tiny-served.gguf"),
                    timeout=60_000)
    assert window.chat.model_picker.currentText() == "Tiny Served"


def test_pause_and_resume_from_the_pane(qtbot, app_home, served_catalog):
    served_catalog.slow_delay = 0.05
    window = create_window(app_home)
    qtbot.addWidget(window)
    window.show()
    pane = window.models
    window.tabs.setCurrentWidget(pane)
    pane.filter.setText("tiny served")
    pane.select("tiny-served")
    with qtbot.waitSignal(pane.downloads.stopped, timeout=30_000) as stopped:
        pane.download_button.click()
        qtbot.waitUntil(lambda: pane.pause_button.isEnabled(), timeout=10_000)
        qtbot.waitSignal(pane.downloads.progress, timeout=10_000).wait()
        pane.pause_button.click()
    assert stopped.args[1] is True
    assert "paused" in pane.table.item(0, 6).text()
    served_catalog.slow_delay = 0.0
    pane.select("tiny-served")
    with qtbot.waitSignal(pane.downloads.finished, timeout=30_000):
        pane.download_button.click()
    assert any(r for _, r in served_catalog.requests[1:])  # the second request asked for a range
    qtbot.waitUntil(lambda: pane.table.item(0, 6).text() == "installed", timeout=10_000)


def test_default_models_per_use_are_remembered(qtbot, app_home, starter_in_place):
    window = create_window(app_home)
    qtbot.addWidget(window)
    window.show()
    pane = window.models
    window.tabs.setCurrentWidget(pane)
    qtbot.waitUntil(lambda: bool(pane._installed), timeout=10_000)  # headers are read on a thread
    pane.select("gemma-3-270m-q4km")
    assert pane.default_button.isEnabled()
    pane._set_default("summarize")
    assert window.settings.default_models["summarize"] == str(starter_in_place)
    assert "Default for summarize" in pane.details.toPlainText()


def test_import_checks_the_file_before_asking_and_copies_off_the_ui_thread(qtbot, app_home, tiny_model, tmp_path,
                                                                         monkeypatch):
    import threading

    from PySide6.QtWidgets import QMessageBox

    from desktop_llm.core.models import library as library_module

    window = create_window(app_home)
    qtbot.addWidget(window)
    pane = window.models
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    not_a_model = tmp_path / "holiday.gguf"
    not_a_model.write_bytes(b"\xff\xd8\xff\xe0 JFIF" * 100)
    pane.import_path(not_a_model)  # no copy-or-place question: the file is refused first
    qtbot.waitUntil(lambda: bool(warnings), timeout=30_000)
    assert "not a GGUF model file" in warnings[0] and pane.import_button.isEnabled()

    read_on = []
    real_read = library_module.read_gguf_header
    monkeypatch.setattr(library_module, "read_gguf_header",
                        lambda path: read_on.append(threading.current_thread().name) or real_read(path))
    with qtbot.waitSignal(pane.library_changed, timeout=60_000):
        pane.import_path(tiny_model, copy=True)
    assert (app_home.models / tiny_model.name).read_bytes() == tiny_model.read_bytes()
    assert read_on and "MainThread" not in read_on and "engine-worker" not in read_on
    assert any(window.chat.model_picker.itemData(i) == str(app_home.models / tiny_model.name)
               for i in range(window.chat.model_picker.count()))  # the Chat pane's list has it
