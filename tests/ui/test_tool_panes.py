"""End to end: the Summarize, Translate and Sentiment panes in the real window, on the real Gemma 3 270M model."""

from __future__ import annotations

import time

import pytest
from docx import Document as WordDocument
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QGuiApplication

from desktop_llm.core.common.settings import EngineSettings, Settings
from desktop_llm.core.tools.summarize import SummaryResult
from desktop_llm.ui import tool_pane
from desktop_llm.ui.app import create_window

pytestmark = pytest.mark.e2e
REPORT = "\n\n".join(
    f"Chapter {n}. The river authority of district {n} measured the spring flood at {n + 2} metres. Farmers "
    f"moved {n * 40} cattle to higher ground, and the council of district {n} voted to repair the dyke at mill {n}."
    for n in range(1, 41))
REVIEWS = ('id,review\n1,"I love it, the best kettle I have ever owned."\n2,"Broke after a week. Terrible."\n'
           '3,"Fantastic service and a lovely, friendly team!"\n')


@pytest.fixture
def window(qtbot, app_home, starter_in_place):
    """The window with the starter model loaded, with a 1,024-token context so the report needs parts."""
    Settings(engine=EngineSettings(n_ctx=1024)).save(app_home.settings_file)
    window = create_window(app_home)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.chat.model is not None, timeout=120_000)
    return window


def paste(pane, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    pane.source.setFocus()
    pane.source.paste()


def wait_done(qtbot, pane, timeout=180_000) -> None:
    qtbot.waitUntil(lambda: not pane.busy(), timeout=timeout)


def test_summarize_a_long_text_in_parts_with_progress_and_traced_points(qtbot, window):
    pane = window.summarize
    window.tabs.setCurrentWidget(pane)
    paste(pane, REPORT)
    qtbot.waitUntil(lambda: "parts" in pane.preflight.text(), timeout=30_000)
    assert "context 1,024" in pane.preflight.text() and "tokens" in pane.preflight.text()
    progress = []
    window.worker.progress.connect(lambda job, fraction, text: progress.append((fraction, text)))
    qtbot.mouseClick(pane.run_button, Qt.MouseButton.LeftButton)
    assert pane.cancel_button.isEnabled() and pane.progress.isVisible()
    wait_done(qtbot, pane)
    result = pane.result
    assert isinstance(result, SummaryResult) and result.summary and len(result.parts) > 1
    assert pane.parts.count() == len(result.parts)
    assert any("summarized · about" in text for _, text in progress)
    assert "Summarized" in pane.status.text() and pane.export_button.isEnabled()
    assert result.summary.split()[0] in pane.output.toPlainText()
    traced = next((n for n, p in enumerate(result.points) if p.part is not None), None)
    if traced is not None:  # clicking a traced point selects its passage in the document
        pane._on_point_clicked(QUrl(f"point:{traced}"))
        assert pane.source.textCursor().selectedText()
    assert "# Summary" in pane.summary_markdown() and "## Parts" in pane.summary_markdown()


def test_summarize_cancel_lands_within_a_second_and_keeps_the_text(qtbot, window):
    pane = window.summarize
    window.tabs.setCurrentWidget(pane)
    pane.set_text(REPORT)
    pane.run()
    qtbot.waitUntil(lambda: pane.progress.value() > 0, timeout=60_000)
    cancelled_at = time.monotonic()
    qtbot.keyClick(pane.source, Qt.Key.Key_Escape)
    wait_done(qtbot, pane, timeout=5_000)
    assert time.monotonic() - cancelled_at < 5  # a hang guard: the latency itself is a bench figure (cancel)
    assert "Cancelled" in pane.status.text() and pane.text() == REPORT and pane.run_button.isEnabled()


def test_oversized_paste_is_refused_with_a_message_and_nothing_is_lost(qtbot, window, monkeypatch):
    monkeypatch.setattr(tool_pane, "MAX_TEXT_CHARS", 1000)
    pane = window.summarize
    pane.set_text("keep me")
    paste(pane, "x" * 2000)
    assert pane.text() == "keep me" and "limit is 1,000" in pane.advice.text()


def test_open_and_drop_files_and_a_broken_one(qtbot, window, tmp_path):
    pane = window.summarize
    doc = WordDocument()
    doc.add_paragraph("A paragraph from a Word file.")
    doc.save(tmp_path / "note.docx")
    pane.open_path(str(tmp_path / "note.docx"))
    qtbot.waitUntil(lambda: "Word file" in pane.text(), timeout=10_000)
    (tmp_path / "broken.pdf").write_bytes(b"not a pdf at all" * 10)
    drop = QMimeData()
    drop.setUrls([QUrl.fromLocalFile(str(tmp_path / "broken.pdf"))])
    pane.source.insertFromMimeData(drop)
    qtbot.waitUntil(lambda: "broken.pdf" in pane.advice.text() and "PDF" in pane.advice.text(), timeout=10_000)
    assert "Word file" in pane.text()  # the text already there is kept


def test_translate_side_by_side_then_again_and_export(qtbot, window):
    pane = window.translate
    window.tabs.setCurrentWidget(pane)
    pane.target_language.setCurrentIndex(pane.target_language.findData("French"))
    paste(pane, "Good morning.\n\nThe train leaves at nine.")
    streamed = []
    window.worker.token.connect(lambda job, text, pieces: streamed.append(text))
    pane.run()
    wait_done(qtbot, pane)
    assert pane.table.rowCount() == 2 and streamed
    assert [pane.table.item(r, 0).text() for r in range(2)] == ["Good morning.", "The train leaves at nine."]
    assert all(pane.table.item(r, 1).text() for r in range(2))
    pane.table.selectRow(1)
    assert pane.again_button.isEnabled()
    pane.translate_again()
    wait_done(qtbot, pane)
    assert pane.table.item(1, 1).text() == pane.segments[1].translation and "again" in pane.status.text()
    csv_text = pane.bilingual_csv()
    assert csv_text.splitlines()[0] == "paragraph,auto,French" and "The train leaves at nine." in csv_text
    assert window.settings.tool_options["translate"]["target"] == "French"  # remembered for next time


def test_clear_while_translating_a_row_again_leaves_the_pane_usable(qtbot, window):
    pane = window.translate
    window.tabs.setCurrentWidget(pane)
    pane.set_text("Good morning.\n\nThe train leaves at nine.")
    pane.run()
    wait_done(qtbot, pane)
    pane.table.selectRow(0)
    pane.translate_again()
    pane.clear()
    wait_done(qtbot, pane, timeout=10_000)
    assert pane.run_button.isEnabled() and pane.table.rowCount() == 0 and not pane.segments


def test_translate_cancel(qtbot, window):
    pane = window.translate
    pane.set_text("\n\n".join(f"Sentence number {n} about the weather." for n in range(40)))
    pane.run()
    qtbot.waitUntil(lambda: pane.table.rowCount() >= 1, timeout=60_000)
    pane.cancel()
    wait_done(qtbot, pane, timeout=5_000)
    assert "Cancelled" in pane.status.text() and pane.table.rowCount() < 40


def test_sentiment_of_a_csv_column_with_table_chart_and_export(qtbot, window):
    pane = window.sentiment
    window.tabs.setCurrentWidget(pane)
    paste(pane, REVIEWS)
    qtbot.waitUntil(lambda: pane.column.count() == 3, timeout=5_000)  # lines, id, review
    pane.column.setCurrentIndex(pane.column.findData("review"))
    pane.run()
    wait_done(qtbot, pane)
    assert pane.table.rowCount() == 3 and sum(pane.chart.counts.values()) == 3
    labels = {pane.table.item(r, 1).text(): pane.table.item(r, 2).text() for r in range(3)}
    assert labels["Broke after a week. Terrible."] == "negative"
    assert labels["I love it, the best kettle I have ever owned."] == "positive"
    pane.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    scores = [float(pane.table.item(r, 3).text()) for r in range(3)]
    assert scores == sorted(scores, reverse=True)
    assert pane.export_button.isEnabled() and "3 items" in pane.status.text()


def test_a_review_with_commas_stays_one_text_and_a_csv_file_gets_its_column(qtbot, window, tmp_path):
    pane = window.sentiment
    window.tabs.setCurrentWidget(pane)
    paste(pane, "Great product, fast shipping, would buy again")
    qtbot.wait(600)  # the text settles
    assert pane.column.currentData() == "" and pane.texts() == (["Great product, fast shipping, would buy again"], 0)
    (tmp_path / "reviews.csv").write_text(REVIEWS, encoding="utf-8")
    pane.open_path(str(tmp_path / "reviews.csv"))
    qtbot.waitUntil(lambda: pane.column.currentData() == "id", timeout=10_000)  # a file: its first column


def test_sentiment_batch_cancel_keeps_what_was_scored(qtbot, window):
    pane = window.sentiment
    pane.set_text("\n".join(f"Review {n}: it was fine, I guess." for n in range(300)))
    pane.run()
    qtbot.waitUntil(lambda: pane.table.rowCount() >= 5, timeout=60_000)
    pane.cancel()
    wait_done(qtbot, pane, timeout=5_000)
    assert 5 <= pane.table.rowCount() < 300 and pane.export_button.isEnabled()


def test_a_tool_loads_the_model_it_is_set_to_and_chat_follows(qtbot, window, tiny_long_model):
    window.settings.referenced_models.append(str(tiny_long_model))
    pane = window.sentiment
    pane.refresh_models()
    pane.model_picker.setCurrentIndex(pane.model_picker.findData(str(tiny_long_model)))
    pane._on_model_picked(pane.model_picker.currentIndex())
    pane.set_text("good\nbad")
    pane.run()
    wait_done(qtbot, pane, timeout=60_000)
    assert pane.table.rowCount() == 2
    assert window.chat.model is not None and window.chat.model.path == str(tiny_long_model)
    assert window.settings.default_models["sentiment"] == str(tiny_long_model)
