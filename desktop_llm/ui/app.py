"""Start the GUI: folders, logging, a crash dialog that keeps the app up, and the main window."""

from __future__ import annotations

import logging
import sys
import threading
import traceback

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import __version__
from ..core.common.logs import setup_logging
from ..core.common.paths import AppPaths, app_paths
from ..core.common.settings import Settings
from ..core.models.catalog import Catalog, CatalogError, load_catalog
from .main_window import MainWindow

log = logging.getLogger(__name__)


def install_crash_dialog(paths: AppPaths) -> None:
    """Unexpected exceptions (UI thread or any other) are logged and shown; the app keeps running."""

    def show(kind, value, tb) -> None:
        log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, value, tb)))
        app = QApplication.instance()
        if app is None:
            return
        message = (f"Something went wrong: {kind.__name__}: {value}\n\nThe app keeps running. "
                   f"Details were written to {paths.log_file}")
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


def create_window(paths: AppPaths) -> MainWindow:
    """The main window; an unreadable catalog is said in the window (never a dialog that blocks start-up)."""
    settings = Settings.load(paths.settings_file)
    problem = ""
    try:
        catalog = load_catalog()
    except CatalogError as exc:
        log.error("%s", exc)
        problem = QApplication.translate("App", "The model catalog could not be read: {error}").format(error=exc)
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
    install_crash_dialog(paths)
    window = create_window(paths)
    window.show()
    QTimer.singleShot(0, lambda: log.info("main window shown"))
    return app.exec()
