"""Help: the user guide ships with the app and opens; the shortcuts sheet lists the shortcuts that exist."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from desktop_llm.ui.app import create_window
from desktop_llm.ui.help import ShortcutsSheet, UserGuide, shortcuts


def test_the_user_guide_and_the_shortcuts_sheet_open_from_the_help_menu(qtbot, app_home):
    window = create_window(app_home)
    qtbot.addWidget(window)
    actions = {a.text().replace("&", ""): a for a in window.menuBar().actions()[-1].menu().actions()}
    actions["User guide"].trigger()
    guide = next(w for w in QApplication.topLevelWidgets() if isinstance(w, UserGuide))
    text = guide.browser.toPlainText()
    assert text.startswith("Desktop LLM user guide") and "When the model gets it wrong" in text
    assert "#" not in text.splitlines()[0]  # rendered, not shown as Markdown source
    actions["Keyboard shortcuts"].trigger()
    sheet = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ShortcutsSheet))
    listed = dict((sheet.table.item(r, 1).text(), sheet.table.item(r, 0).text()) for r in range(sheet.table.rowCount()))
    assert listed["New chat"] == "Ctrl+N" and listed["Chat: send the message"] == "Enter"
    assert listed["Summarize, Translate, Sentiment: start"] == "Ctrl+Enter"
    keys = [k for k, _ in shortcuts(window)]
    assert len(keys) == sheet.table.rowCount() and "F1" in keys
