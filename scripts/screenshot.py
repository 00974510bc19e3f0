"""Screenshot the app for the README: run under Xvfb (``xvfb-run -s '-screen 0 1400x900x24' python ...``).

It drives the real window with the real starter model in a throw-away DESKTOP_LLM_HOME, so what the picture
shows is what a user sees.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")  # a folder: chat.png and models.png go there
PROMPTS = [
    "Write a haiku about the sea.",
    "Show a Python function that adds two numbers, in a code block:\n\n```python\ndef add(a, b):\n    return a + b\n```",
]


def main() -> int:
    os.environ.setdefault("DESKTOP_LLM_HOME", tempfile.mkdtemp(prefix="desktop-llm-shot-"))
    from desktop_llm.core.paths import app_paths
    from desktop_llm.ui.app import create_window

    app = QApplication(sys.argv[:1])
    window = create_window(app_paths().ensure())
    window.resize(1360, 860)
    window.show()
    chat = window.chat
    pending = list(PROMPTS)

    def step():
        if chat.model is None or chat.busy:
            QTimer.singleShot(200, step)
            return
        if pending:
            chat.input.setPlainText(pending.pop(0))
            chat.send()
            QTimer.singleShot(200, step)
            return
        QTimer.singleShot(300, finish)

    def finish():
        chat.input.setPlainText("Tell me more about the sea")
        OUT.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(OUT / "chat.png"))
        window.tabs.setCurrentWidget(window.models)
        QTimer.singleShot(1500, models_shot)

    def models_shot():
        if window.models.hardware is None:
            QTimer.singleShot(200, models_shot)
            return
        window.models.select("qwen2.5-1.5b-instruct-q4km")
        window.grab().save(str(OUT / "models.png"))
        print(f"saved {OUT / 'chat.png'} and {OUT / 'models.png'}")
        window.close()
        app.quit()

    chat.settings_panel.max_tokens.setValue(60)
    QTimer.singleShot(200, step)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
