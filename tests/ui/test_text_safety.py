"""What the panes show is what the text says: passages selected by character, and no text taken for markup."""

from PySide6.QtCore import Qt, QUrl

from desktop_llm.core.text.chunking import Chunk
from desktop_llm.core.tools.summarize import SummaryResult, TracedPoint
from desktop_llm.ui.app import create_window


def window_without_model(qtbot, app_home):
    window = create_window(app_home)
    qtbot.addWidget(window)
    return window


def test_a_traced_point_selects_its_passage_after_emoji_and_cjk(qtbot, app_home):
    pane = window_without_model(qtbot, app_home).summarize
    text = "Intro 🙂🙂 with emoji. 中文句子。\n\nThe harbour opened in May 🚢 after repairs.\n\nEnd."
    pane.set_text(text)
    start = text.index("The harbour")
    end = text.index("repairs.") + len("repairs.")
    pane.result = SummaryResult("The harbour opened in May.", [TracedPoint("The harbour opened.", 0, start, end)],
                                [Chunk(0, 0, len(text), text, 30)], [], 30, 0, 0.1)
    pane._on_point_clicked(QUrl("point:0"))
    assert pane.source.textCursor().selectedText() == text[start:end]


def test_error_texts_and_model_names_are_shown_as_text_not_markup(qtbot, app_home):
    chat = window_without_model(qtbot, app_home).chat
    hostile = "<b>bold</b> <img src='/etc/passwd'> & <a href='x'>link</a>"
    chat.show_error(hostile)
    for label in (chat.banner.label, chat.model_status, chat.stats_label, chat.context_label):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert chat.banner.text() == hostile
