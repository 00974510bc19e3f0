"""Start the GUI: folders, logging, a crash dialog that keeps the app up, and the main window."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import traceback

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import __version__
from ..core.common.logs import setup_logging
from ..core.common.paths import AppPaths, app_paths
from ..core.common.settings import Settings, load_shared
from ..core.models.catalog import Catalog, CatalogError, load_catalog
from .i18n import install_translations, localized
from .main_window import MainWindow
from .single_instance import SingleInstance, bring_to_front
from .theme import apply_theme

log = logging.getLogger(__name__)


def install_crash_dialog(paths: AppPaths) -> None:
    """Unexpected exceptions (UI thread or any other) are logged and shown; the app keeps running."""

    def show(kind, value, tb) -> None:
        log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, value, tb)))
        app = QApplication.instance()
        if app is None:
            return
        message = QCoreApplication.translate("App", "Something went wrong: {error}\n\nThe app keeps running. "
                                             "Details were written to {log}").format(
            error=f"{kind.__name__}: {value}", log=paths.log_file)
        # Shown from the event loop (so a failure in another thread reaches the UI thread) and without a nested
        # event loop (so the app goes on running behind the dialog).
        QTimer.singleShot(0, app, lambda: _show_error_dialog(app.activeWindow(), message))

    sys.excepthook = show
    threading.excepthook = lambda args: show(args.exc_type, args.exc_value, args.exc_traceback)


def _show_error_dialog(parent, message: str) -> None:
    dialog = QMessageBox(QMessageBox.Icon.Critical, "Desktop LLM", message, QMessageBox.StandardButton.Ok, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.show()


def create_window(paths: AppPaths, settings: Settings | None = None) -> MainWindow:
    """The main window; an unreadable catalog is said in the window (never a dialog that blocks start-up).
    ``settings`` come from ``load_shared`` (read here when not given)."""
    if settings is None:
        settings = load_shared(paths.settings_file)  # saved merged with what the CLI writes meanwhile
    problem = ""
    try:
        catalog = load_catalog()
    except CatalogError as exc:
        log.error("%s", exc)
        problem = QCoreApplication.translate("App", "The model catalog could not be read: {error}").format(
            error=localized(exc))
        catalog = Catalog(path=None, models=())
    window = MainWindow(paths, settings, catalog)
    if problem:
        window.chat.show_error(problem)
    return window


def run_gui(argv: list[str]) -> int:
    paths = app_paths().ensure()
    setup_logging(paths.log_file)
    log.info("Desktop LLM %s starting; data in %s", __version__, paths.data)
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName("Desktop LLM")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("desktop-llm")
    instance = SingleInstance(paths.data)
    if instance.try_activate_running():  # before the database is opened: one window per data folder
        log.info("Desktop LLM is already running on %s: its window was brought to the front", paths.data)
        return 0
    install_crash_dialog(paths)
    settings = load_shared(paths.settings_file)
    apply_theme(app, settings.theme)  # before any window: it opens in its colours
    install_translations(app, settings.language)  # and speaks its language
    window = create_window(paths, settings)
    instance.activated.connect(lambda: bring_to_front(window))
    window.show()
    QTimer.singleShot(0, lambda: log.info("main window shown"))
    try:
        return app.exec()
    finally:
        instance.close()
        if window.restart_requested:  # Settings ▸ Language: the new window speaks the new language
            restart()


def restart() -> None:
    """Start the app again, as it was started (the frozen app, or ``python -m desktop_llm``)."""
    command = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "desktop_llm"]
    log.info("restarting: %s", command)
    subprocess.Popen(command, start_new_session=True)
