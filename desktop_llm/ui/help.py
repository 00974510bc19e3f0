"""Help: the user guide (shipped with the app, shown as Markdown) and a sheet of every keyboard shortcut.

The sheet is read from the window itself (its menu actions and the panes' shortcuts), so it lists what works.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..core.common.paths import bundled_file
from .transcript import MARKDOWN
from .widgets import MessageInput

GUIDE = "resources/help/user-guide.md"
CJK_ACCELERATOR = re.compile(r"\(&[^&)]\)")  # "新建对话(&N)": a translation's accelerator, in parentheses


class UserGuide(QDialog):
    """The guide in a window of its own, next to the app (not modal: follow it while trying)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Desktop LLM user guide"))
        self.browser = QTextBrowser(openExternalLinks=True)
        try:
            self.browser.document().setMarkdown(bundled_file(GUIDE).read_text(encoding="utf-8"), MARKDOWN)
        except OSError as exc:
            self.browser.setPlainText(self.tr("The user guide could not be read ({error}).").format(error=exc))
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, rejected=self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(760, 640)


def shortcuts(window: QWidget) -> list[tuple[str, str]]:
    """(keys, what they do) for every shortcut of the window: menu actions, the panes' own, the message box's."""
    native = QKeySequence.SequenceFormat.NativeText
    found = [(action.shortcut().toString(native), CJK_ACCELERATOR.sub("", action.text()).replace("&", ""))
             for action in window.findChildren(QAction) if not action.shortcut().isEmpty() and action.text()]
    found += [(shortcut.key().toString(native), shortcut.whatsThis())
              for shortcut in window.findChildren(QShortcut) if shortcut.whatsThis()]
    found += [(QKeySequence(keys).toString(native), QCoreApplication.translate("MessageInput", what))
              for keys, what in MessageInput.KEYS]
    # Qt calls the Enter key "Return"; each pane has its own Ctrl+Return, listed once.
    return list(dict.fromkeys((keys.replace("Return", "Enter"), what) for keys, what in found))


class ShortcutsSheet(QDialog):
    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = shortcuts(window)
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("What it does")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, (keys, what) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(what))
        self.table.sortItems(1, Qt.SortOrder.AscendingOrder)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(QDialogButtonBox(QDialogButtonBox.StandardButton.Close, rejected=self.reject))
        self.resize(560, 420)
