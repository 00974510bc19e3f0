"""One window per data folder: a second launch brings the first window to the front and opens nothing."""

import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalServer
from PySide6.QtWidgets import QMainWindow

from desktop_llm.ui import app as app_module
from desktop_llm.ui.single_instance import SingleInstance, bring_to_front


@pytest.fixture
def instances():
    """SingleInstance objects made by a test, closed (socket files removed) at its end."""
    made = []

    def make(folder):
        made.append(SingleInstance(folder))
        return made[-1]

    yield make
    for instance in made:
        instance.close()
        QLocalServer.removeServer(instance.name)


def test_a_second_instance_activates_the_first(qtbot, tmp_path, instances):
    first, second = instances(tmp_path / "data"), instances(tmp_path / "data")
    assert first.try_activate_running() is False and first.server.isListening()
    with qtbot.waitSignal(first.activated, timeout=5000):
        assert second.try_activate_running() is True
    assert second.server is None  # it exits: it never listens


def test_another_data_folder_is_another_instance(qtbot, tmp_path, instances):
    first, other = instances(tmp_path / "one"), instances(tmp_path / "two")
    assert first.name != other.name
    assert first.try_activate_running() is False
    assert other.try_activate_running() is False and other.server.isListening()


def test_closing_removes_the_name_for_the_next_start(qtbot, tmp_path, instances):
    first = instances(tmp_path / "data")
    assert first.try_activate_running() is False
    path = Path(first.server.fullServerName())
    first.close()
    assert sys.platform == "win32" or not path.exists()  # no socket file left behind
    again = instances(tmp_path / "data")
    assert again.try_activate_running() is False and again.server.isListening()


@pytest.mark.skipif(sys.platform == "win32", reason="a named pipe goes with its process; no file is left behind")
def test_a_socket_file_left_by_a_crash_does_not_block_the_next_start(qtbot, tmp_path, instances):
    first = instances(tmp_path / "data")
    probe = QLocalServer()
    assert probe.listen(first.name)
    path = probe.fullServerName()
    probe.close()
    crashed = socket.socket(socket.AF_UNIX)  # bound, then closed without unlinking: what a crash leaves
    crashed.bind(path)
    crashed.close()
    assert first.try_activate_running() is False and first.server.isListening()
    with qtbot.waitSignal(first.activated, timeout=5000):
        assert instances(tmp_path / "data").try_activate_running() is True


SECOND_LAUNCH = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication
    from desktop_llm.ui.single_instance import SingleInstance

    app = QCoreApplication(sys.argv[:1])
    instance = SingleInstance(Path(sys.argv[1]))
    found = instance.try_activate_running()
    instance.close()
    sys.exit(3 if found else 4)
""")


def test_a_launch_in_another_process_finds_the_running_one(qtbot, tmp_path, instances):
    first = instances(tmp_path / "data")
    assert first.try_activate_running() is False
    with qtbot.waitSignal(first.activated, timeout=10_000):
        result = subprocess.run([sys.executable, "-c", SECOND_LAUNCH, str(tmp_path / "data")], capture_output=True,
                                text=True, timeout=120)
    assert result.returncode == 3, result.stderr[-2000:]
    other = subprocess.run([sys.executable, "-c", SECOND_LAUNCH, str(tmp_path / "elsewhere")], capture_output=True,
                           text=True, timeout=120)
    assert other.returncode == 4, other.stderr[-2000:]


def test_run_gui_returns_at_once_when_the_app_already_runs(qtbot, app_home, instances, monkeypatch, caplog):
    running = instances(app_home.data)
    assert running.try_activate_running() is False
    monkeypatch.setattr(app_module, "setup_logging", lambda path: None)
    monkeypatch.setattr(app_module, "create_window", lambda paths: pytest.fail("a second window was opened"))
    qapp = app_module.QApplication.instance()
    names = qapp.applicationName(), qapp.applicationVersion(), qapp.desktopFileName()
    try:
        with qtbot.waitSignal(running.activated, timeout=5000), caplog.at_level("INFO"):
            assert app_module.run_gui([]) == 0
    finally:
        qapp.setApplicationName(names[0])
        qapp.setApplicationVersion(names[1])
        qapp.setDesktopFileName(names[2])
    assert "already running" in caplog.text


@pytest.mark.qt_log_ignore("does not support raise")  # the offscreen platform of the tests
def test_bring_to_front_restores_a_minimized_window(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.showMinimized()
    bring_to_front(window)
    assert not window.isMinimized() and window.isVisible()
