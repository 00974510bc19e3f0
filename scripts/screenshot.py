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

OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")  # a folder: one PNG per pane goes there
DOCUMENT = Path("/usr/share/common-licenses/Apache-2.0")  # a real multi-page text on any Debian/Ubuntu machine
TRANSLATE = ("The meeting is moved to Thursday at ten.\n\nPlease bring the quarterly report and your laptop.\n\n"
             "Lunch will be served after the meeting.")
REVIEWS = """review,stars
"Setup took two minutes and it has worked perfectly ever since.",5
"The battery died after two hours. Returned it the next day.",1
"It comes in black and silver.",3
"Honestly the best headphones I have owned.",5
"Support never answered my three emails.",1
"The box contains the charger and a USB cable.",3
"Not bad at all for the price.",4
"""
ASK_DATA = Path(__file__).resolve().parent.parent / "bench" / "data" / "ask"
ASK_DOCUMENTS = ("spec.pdf", "apache-2.0.txt", "zh-article.md")
ASK_QUESTION = "How many test vectors does the LTF-2 conformance suite contain?"
PROMPTS = [
    "Write a haiku about the sea.",
    "Show a Python function that adds two numbers, in a code block:\n\n"
    "```python\ndef add(a, b):\n    return a + b\n```",
]


def main() -> int:
    os.environ.setdefault("DESKTOP_LLM_HOME", tempfile.mkdtemp(prefix="desktop-llm-shot-"))
    from desktop_llm.core.common.paths import app_paths
    from desktop_llm.ui.app import create_window

    app = QApplication(sys.argv[:1])
    window = create_window(app_paths().ensure())
    window.resize(1200, 780)  # the default window size
    window.show()
    chat = window.chat
    pending = list(PROMPTS)
    regenerated = []

    def step():
        if chat.model is None or chat.busy:
            QTimer.singleShot(200, step)
            return
        if pending:
            chat.input.setPlainText(pending.pop(0))
            chat.send()
            QTimer.singleShot(200, step)
            return
        if not regenerated:  # the last reply written again: its versions get ‹ 2/2 ›
            regenerated.append(True)
            chat.regenerate()
            QTimer.singleShot(200, step)
            return
        QTimer.singleShot(300, finish)

    def finish():
        chat.starter_card.hide()  # first-run.png shows the card; here the conversation gets the room
        chat.input.setPlainText("Tell me more about the sea")
        OUT.mkdir(parents=True, exist_ok=True)
        QTimer.singleShot(300, light_shot)  # once the layout has given the card's room to the conversation

    def light_shot():
        window.grab().save(str(OUT / "chat.png"))
        window.set_theme("dark")
        QTimer.singleShot(500, dark_shot)

    def dark_shot():
        window.grab().save(str(OUT / "chat-dark.png"))
        window.set_theme("light")
        window.tabs.setCurrentWidget(window.models)
        QTimer.singleShot(1500, models_shot)

    def models_shot():
        if window.models.hardware is None:
            QTimer.singleShot(200, models_shot)
            return
        window.models.select("qwen2.5-1.5b-instruct-q4km")
        window.grab().save(str(OUT / "models.png"))
        run_tool(window.summarize, DOCUMENT.read_text(encoding="utf-8"), "summarize.png", translate_shot)

    def translate_shot():
        window.translate.target_language.setCurrentIndex(window.translate.target_language.findData("French"))
        run_tool(window.translate, TRANSLATE, "translate.png", sentiment_shot)

    def sentiment_shot():
        run_tool(window.sentiment, REVIEWS, "sentiment.png", ask_shot, "reviews.csv")

    def run_tool(pane, text, name, then, source="sample"):
        window.tabs.setCurrentWidget(pane)
        pane.set_text(text, source)
        QTimer.singleShot(600, lambda: (pane.text_settled(), pane.run(), wait_for(pane, name, then)))

    def wait_for(pane, name, then):
        if pane.busy():
            QTimer.singleShot(200, lambda: wait_for(pane, name, then))
            return
        window.grab().save(str(OUT / name))
        QTimer.singleShot(100, then)

    def ask_shot():
        """A chat about the benchmark's documents, with the first source open beside it."""
        window.tabs.setCurrentWidget(chat)
        chat.attach([str(ASK_DATA / name) for name in ASK_DOCUMENTS])
        chat.input.setPlainText(ASK_QUESTION)
        chat.send()  # waits for the documents to be read
        QTimer.singleShot(500, ask_done)

    def ask_done():
        if chat.busy:
            QTimer.singleShot(200, ask_done)
            return
        reply = chat.store.messages(chat.conversation_id)[-1]
        chat.transcript.citation_clicked.emit(reply.id, 0)
        QTimer.singleShot(500, lambda: (window.grab().save(str(OUT / "ask.png")), done()))

    def done():
        print(f"saved the screenshots in {OUT}")
        window.close()
        app.quit()

    chat.settings_panel.max_tokens.setValue(60)
    chat.settings_panel.n_ctx.setValue(1024)  # a small context, so the sample document is summarized in parts
    QTimer.singleShot(200, step)
    return app.exec()


ZH_PROMPT = "中国的首都是哪里？"
ZH_DOCUMENT = ASK_DATA / "zh-article.md"


def main_zh() -> int:
    """The Chat, Summarize and Models panes in Simplified Chinese (``screenshot.py OUT zh_CN``): zh-chat.png,
    zh-summarize.png and zh-models.png (the recommended model's details: the core's messages, translated)."""
    os.environ.setdefault("DESKTOP_LLM_HOME", tempfile.mkdtemp(prefix="desktop-llm-shot-"))
    from desktop_llm.core.common.paths import app_paths
    from desktop_llm.ui.app import create_window
    from desktop_llm.ui.i18n import install_translations

    app = QApplication(sys.argv[:1])
    install_translations(app, "zh_CN")
    window = create_window(app_paths().ensure())
    window.resize(1200, 780)
    window.show()
    chat = window.chat
    OUT.mkdir(parents=True, exist_ok=True)

    def ask():
        if chat.model is None:
            QTimer.singleShot(200, ask)
            return
        chat.input.setPlainText(ZH_PROMPT)
        chat.send()
        QTimer.singleShot(300, chat_done)

    def chat_done():
        if chat.busy:
            QTimer.singleShot(200, chat_done)
            return
        chat.starter_card.hide()
        QTimer.singleShot(300, summarize)

    def summarize():
        window.grab().save(str(OUT / "zh-chat.png"))
        pane = window.summarize
        window.tabs.setCurrentWidget(pane)
        pane.set_text(ZH_DOCUMENT.read_text(encoding="utf-8")[950:2830], ZH_DOCUMENT.name)
        QTimer.singleShot(600, lambda: (pane.text_settled(), pane.run(), summarize_done(pane)))

    def summarize_done(pane):
        if pane.busy():
            QTimer.singleShot(200, lambda: summarize_done(pane))
            return
        window.grab().save(str(OUT / "zh-summarize.png"))
        window.tabs.setCurrentWidget(window.models)
        QTimer.singleShot(500, models)

    def models():
        if window.models.hardware is None or window.models.recommendation is None:
            QTimer.singleShot(200, models)
            return
        window.models.select(window.models.recommendation.spec.id)
        QTimer.singleShot(500, models_done)

    def models_done():
        window.models.details.verticalScrollBar().setValue(window.models.details.verticalScrollBar().maximum())
        window.grab().save(str(OUT / "zh-models.png"))
        print(f"saved the Chinese screenshots in {OUT}")
        window.close()
        app.quit()

    chat.settings_panel.max_tokens.setValue(60)
    chat.settings_panel.temperature.setValue(0.0)
    QTimer.singleShot(200, ask)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main_zh() if sys.argv[2:3] == ["zh_CN"] else main())
