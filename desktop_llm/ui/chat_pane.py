"""The Chat pane: conversations on the left, the transcript and message box in the middle, settings on the right.

It reads and writes history through its own store on the UI thread (small, fast transactions) and asks the
worker for everything that touches the model. Streamed text is buffered and painted at most every
``FLUSH_MS`` milliseconds, so a fast model cannot flood the event loop. Searching the chats runs on a thread of its
own (``BackgroundCall``), on the full-text index. Editing a message or regenerating a reply adds a version beside
it: nothing is ever overwritten, and ``‹ 2/3 ›`` under a message switches between versions.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QEvent, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.chat.attachments import DocumentIndex
from ..core.chat.history import MessageTooLong, check_message, conversation_messages, title_from
from ..core.chat.store import FIRST, MARK_END, MARK_START, ConversationStore, Message
from ..core.common.settings import DEFAULT_SYSTEM_PROMPT, Settings
from ..core.engines.base import ModelInfo
from ..core.engines.endpoints import EndpointError
from ..core.jobs.chat import chat_reply_job
from ..core.jobs.choices import ModelAccess
from ..core.text.documents import DocumentError, documents_in
from ..worker import EngineWorker
from . import transcript as actions
from .attachments import EMBEDDING, DocumentChips, DocumentReader, SourcePanel
from .background import BackgroundCall
from .first_run import StarterCard
from .i18n import localized
from .transcript import TranscriptView, markdown_as_plain_text
from .widgets import Banner, ElidedLabel, MessageInput, SettingsPanel

FLUSH_MS = 16
QUEUED_NOTE_MS = 300  # a reply not started by then waits behind another job: say so
SEARCH_DELAY_MS = 150  # typing in the search box: search once the typing pauses


class ChatPane(QWidget):
    model_requested = Signal(str)  # path of a .gguf to load
    engine_settings_changed = Signal()

    def __init__(self, worker: EngineWorker, store: ConversationStore, settings: Settings, models: ModelAccess,
                 parent=None):
        super().__init__(parent)
        self.worker = worker
        self.store = store
        self.settings = settings
        self.models = models
        self.model: ModelInfo | None = None
        self.documents = DocumentIndex(store)
        self.reader = DocumentReader(store.path, self)  # stopped by the window at quit
        self.reader.progress.connect(self._on_reading)
        self.reader.finished.connect(self._on_read)
        self.conversation_id: int | None = None
        self._embedding_status = ""  # the embedding progress shown in the stats line
        self._reply_job: int | None = None
        self._count_job: int | None = None
        self._editing_message_id: int | None = None
        self._sent_message_id: int | None = None  # the message the reply in progress answers, when just sent
        self._sent_edit_of: int | None = None  # … and the message it is a new version of, when it is an edit
        self._previous_leaf: int | None = None  # the branch on screen before a reply was written again
        self._pending = ""
        self._stream_tokens = 0
        self._first_token_at = 0.0
        self._flushed_at = 0.0
        self._flush_timer = QTimer(self, singleShot=True, interval=FLUSH_MS, timeout=self._flush)
        self._queued_timer = QTimer(self, singleShot=True, interval=QUEUED_NOTE_MS, timeout=self._say_queued)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS, timeout=self._search)
        self._searcher = BackgroundCall("chat-search")  # no parent: the thread keeps it alive
        self._searcher.done.connect(self._show_search)
        self._build()
        self._connect_worker()
        self.refresh_conversations()
        for widget in (self.input.viewport(), self.transcript.viewport()):  # files and folders dropped are attached
            widget.setAcceptDrops(True)
            widget.installEventFilter(self)
        if self.documents.pending():
            self.reader.read_pending()  # what a quit left half-read

    # -- layout --------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        self.search = QLineEdit(placeholderText=self.tr("Search chats…"), clearButtonEnabled=True)
        self.search.textChanged.connect(lambda: self._search_timer.start())
        self.conversation_list = QListWidget(textElideMode=Qt.TextElideMode.ElideRight, uniformItemSizes=True)
        self.conversation_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.no_conversations = QLabel(wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter, visible=False)
        self.conversation_list.currentItemChanged.connect(self._on_conversation_selected)
        self.conversation_list.itemDoubleClicked.connect(lambda item: self.rename_conversation())
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New"), clicked=self.new_conversation,
                                      toolTip=self.tr("New chat ({keys})").format(keys="Ctrl+N"))
        self.rename_button = QPushButton(self.tr("Rename"), clicked=self.rename_conversation)
        self.delete_button = QPushButton(self.tr("Delete"), clicked=self.delete_conversation)
        for button in (self.new_button, self.rename_button, self.delete_button):
            buttons.addWidget(button)
        side_layout.addWidget(self.search)
        side_layout.addWidget(self.no_conversations)
        side_layout.addWidget(self.conversation_list)
        side_layout.addLayout(buttons)

        center = QWidget()
        center_layout = QVBoxLayout(center)
        model_bar = QHBoxLayout()
        self.model_picker = QComboBox(minimumContentsLength=16, toolTip=self.tr("Model used for Chat"))
        self.model_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model_picker.activated.connect(self._on_model_picked)
        self.load_progress = QProgressBar(maximumWidth=220, textVisible=True, visible=False)
        # Long model descriptions must not force a wide window: the label elides, its tooltip has it all.
        self.model_status = ElidedLabel(self.tr("No model loaded"))
        self.settings_toggle = QToolButton(text=self.tr("Settings"), checkable=True,
                                           checked=self.settings.chat_panel_open,
                                           toolTip=self.tr("Sampling and engine settings"))
        model_bar.addWidget(QLabel(self.tr("Model:")))
        model_bar.addWidget(self.model_picker)
        model_bar.addWidget(self.load_progress)
        model_bar.addWidget(self.model_status, 1)
        self.reload_button = QToolButton(text=self.tr("Reload"), toolTip=self.tr(
            "Load the model again with the context length, threads and GPU layers set now"))
        self.reload_button.clicked.connect(lambda: self.model_requested.emit(self.chat_model_key()))
        model_bar.addWidget(self.reload_button)
        model_bar.addWidget(self.settings_toggle)
        self.system_prompt = QPlainTextEdit(placeholderText=self.tr("System prompt: how the assistant should behave"))
        self.system_prompt.setMaximumHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.banner = Banner()
        self.transcript = TranscriptView()
        self.transcript.citation_clicked.connect(self._show_citation)
        self.transcript.message_action.connect(self._on_message_action)
        self.find_bar = QLineEdit(placeholderText=self.tr("Find in this chat — Enter: next, Shift+Enter: previous, "
                                                          "Esc: close"), clearButtonEnabled=True, visible=False)
        self.find_bar.textChanged.connect(lambda: self.find_in_chat(from_start=True))
        self.find_bar.returnPressed.connect(self.find_in_chat)
        self.find_bar.installEventFilter(self)
        self.sources = SourcePanel()
        self.chips = DocumentChips()
        self.chips.detach_requested.connect(self.detach_document)
        self.attach_button = QToolButton(text=self.tr("Attach"), toolTip=self.tr(
            "Attach documents to this chat (or drop files or a folder here): the model answers from them and "
            "cites them"), popupMode=QToolButton.ToolButtonPopupMode.InstantPopup)
        attach_menu = QMenu(self.attach_button)
        attach_menu.addAction(self.tr("Files…"), self._choose_files)
        attach_menu.addAction(self.tr("A folder…"), self._choose_folder)
        self.attach_button.setMenu(attach_menu)
        self.input = MessageInput(placeholderText=self.tr("Message the model — Enter to send, Shift+Enter for a "
                                                          "new line"))
        self.input.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 16)
        self.input.send_requested.connect(self.send)
        self.input.regenerate_requested.connect(self.regenerate)
        actions = QHBoxLayout()
        self.stats_label = ElidedLabel()
        self.context_label = ElidedLabel()
        self.edit_button = QPushButton(self.tr("Edit last"), clicked=self.edit_last,
                                       toolTip=self.tr("Edit and resend your last message"))
        self.regenerate_button = QPushButton(self.tr("Regenerate"), clicked=self.regenerate, toolTip="Ctrl+Enter")
        self.stop_button = QPushButton(self.tr("Stop"), clicked=self.stop, toolTip="Esc", enabled=False)
        self.send_button = QPushButton(self.tr("Send"), clicked=self.send, default=True, toolTip="Enter")
        actions.addWidget(self.attach_button)
        actions.addWidget(self.stats_label, 2)
        actions.addWidget(self.context_label, 1)
        for button in (self.edit_button, self.regenerate_button, self.stop_button, self.send_button):
            actions.addWidget(button)
        self.starter_card = StarterCard()
        center_layout.addLayout(model_bar)
        center_layout.addWidget(self.system_prompt)
        center_layout.addWidget(self.starter_card)
        center_layout.addWidget(self.banner)
        center_layout.addWidget(self.find_bar)
        reading = QSplitter(Qt.Orientation.Horizontal)  # the conversation, and a cited passage beside it
        reading.addWidget(self.transcript)
        reading.addWidget(self.sources)
        reading.setStretchFactor(0, 3)
        reading.setStretchFactor(1, 2)
        center_layout.addWidget(reading, 1)
        center_layout.addWidget(self.chips)
        center_layout.addWidget(self.input)
        center_layout.addLayout(actions)

        self.settings_panel = SettingsPanel(self.settings.sampling, self.settings.engine)
        self.settings_panel.engine_changed.connect(self.engine_settings_changed)
        scroll = QScrollArea(widgetResizable=True, minimumWidth=230, visible=self.settings.chat_panel_open)
        scroll.setWidget(self.settings_panel)
        self.settings_toggle.toggled.connect(scroll.setVisible)
        self.settings_toggle.toggled.connect(lambda shown: setattr(self.settings, "chat_panel_open", shown))

        splitter.addWidget(side)
        splitter.addWidget(center)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 700, 250])

        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._on_escape,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
                  whatsThis=self.tr("Chat: stop the reply (or stop editing)"))
        QShortcut(QKeySequence.StandardKey.Find, self, self.show_find_bar,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
                  whatsThis=self.tr("Chat: find in this chat"))
        QShortcut(QKeySequence("Ctrl+Shift+C"), self, self.copy_last_reply,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
                  whatsThis=self.tr("Chat: copy the last reply (as Markdown)"))
        self._update_actions()

    def _connect_worker(self) -> None:
        self.worker.started.connect(self._on_job_started)
        self.worker.token.connect(self._on_token)
        self.worker.progress.connect(self._on_reply_progress)
        self.worker.finished.connect(self._on_job_finished)
        self.worker.failed.connect(self._on_job_failed)
        self.worker.cancelled.connect(self._on_job_failed)

    # -- model ---------------------------------------------------------------------------------------------------

    def set_model_choices(self, current: str) -> None:
        """Refill the model list (installed models and saved endpoints) and select ``current`` (a choice's key).
        The last entry opens a file dialog; its data is None."""
        self.model_picker.clear()
        choices = self.models.choices()
        for choice in choices:
            self.model_picker.addItem(localized(choice.label), choice.key)
        self.model_picker.addItem(self.tr("Open a .gguf file…"), None)
        index = self.model_picker.findData(current)
        self.model_picker.setCurrentIndex(max(index, 0) if choices else -1)

    def chat_model_key(self) -> str:
        """The model the Chat pane shows: replies run on it, even when a tool loaded another model meanwhile."""
        return self.model_picker.currentData() or (self.models.key_for(self.model) if self.model else "")

    def _on_model_picked(self, index: int) -> None:
        key = self.model_picker.itemData(index)
        if key is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a model"), str(Path.home()),
                                                  self.tr("GGUF models (*.gguf);;All files (*)"))
            if self.model is not None:  # back to the model in use until the chosen file has loaded
                self.model_picker.setCurrentIndex(max(0, self.model_picker.findData(self.models.key_for(self.model))))
            if not path:
                return
            key = path
        if self.model is None or not self.models.is_loaded(key):
            self.stop()
            self.model_requested.emit(key)

    def set_model_loading(self, fraction: float, text: str) -> None:
        self.model = None
        self.load_progress.setVisible(True)
        self.load_progress.setValue(int(fraction * 100))
        self.model_status.setText(text)
        self._update_actions()

    def set_model_ready(self, info: ModelInfo) -> None:
        self.model = info
        self.load_progress.setVisible(False)
        if info.remote:
            self.model_status.setText(self.tr("☁ {name} · ctx {ctx} · on {url}").format(
                name=info.name, ctx=QLocale().toString(info.n_ctx), url=info.path))
        else:
            where = self.tr("GPU ({n} layers)").format(n=info.n_gpu_layers) if info.n_gpu_layers else self.tr("CPU")
            template = {"model": "", "catalog": self.tr(" · template from the catalog"),
                        "transcript": self.tr(" · base model: plain transcript")}[info.template_origin]
            self.model_status.setText(self.tr("{name} · {quantization} · ctx {ctx} · {where}{template}").format(
                name=info.name, quantization=info.quantization, ctx=QLocale().toString(info.n_ctx), where=where,
                template=template))
        self.model_status.setToolTip(f"{self.model_status.text()}\n{info.path}")
        key = self.models.key_for(info)
        if key and self.model_picker.findData(key) >= 0:
            self.model_picker.setCurrentIndex(self.model_picker.findData(key))
        self._update_actions()
        self._request_context_count()

    def set_model_failed(self, message: str) -> None:
        self.model = None
        self.load_progress.setVisible(False)
        self.model_status.setText(self.tr("No model loaded"))
        self.show_error(message)
        self._update_actions()

    # -- conversations -------------------------------------------------------------------------------------------

    def refresh_conversations(self) -> None:
        """The list of chats: all of them, or what the search box finds (searched off the UI thread)."""
        if self.search.text().strip():
            self._search()
            return
        self._fill_list([(conversation, "") for conversation in self.store.conversations()])

    def _search(self) -> None:
        text, path = self.search.text().strip(), self.store.path
        if not text:
            self.refresh_conversations()
            return

        def search(cancel):
            store = ConversationStore(path)  # SQLite connections stay on the thread that opened them
            try:
                return text, store.search(text)
            finally:
                store.close()

        self._searcher.start(search, (), self.tr("Search failed"))

    def _show_search(self, result, error) -> None:
        text, hits = result if result else (self.search.text().strip(), [])
        if text != self.search.text().strip():
            return  # typed on meanwhile: a newer search is on its way
        if error:
            self.show_error(error)
        self._fill_list([(hit.conversation, hit.snippet) for hit in hits])
        self.no_conversations.setVisible(not hits)
        self.no_conversations.setText(self.tr("No chat matches “{text}”.").format(text=text))

    def _fill_list(self, rows) -> None:
        """``rows``: (conversation, snippet of what matched, or "")."""
        selected = self.conversation_id
        self.conversation_list.blockSignals(True)
        self.conversation_list.clear()
        self.conversation_list.setUniformItemSizes(not any(snippet for _, snippet in rows))
        for conversation, snippet in rows:
            plain = snippet.replace(MARK_START, "").replace(MARK_END, "")
            item = QListWidgetItem(conversation.title + (f"\n{plain}" if plain else ""))
            item.setData(Qt.ItemDataRole.UserRole, conversation.id)
            item.setToolTip(conversation.title + (f"\n\n{snippet.replace(MARK_START, '»').replace(MARK_END, '«')}"
                                                  if snippet else ""))
            self.conversation_list.addItem(item)
            if conversation.id == selected:
                self.conversation_list.setCurrentItem(item)
        self.conversation_list.blockSignals(False)
        self.no_conversations.setVisible(False)

    def open_conversation(self, conversation_id: int | None) -> None:
        self.save_system_prompt()
        conversation = self.store.conversation(conversation_id) if conversation_id is not None else None
        self.conversation_id = conversation.id if conversation else None
        self._editing_message_id = None
        self.banner.hide()
        self.system_prompt.setPlainText(conversation.system_prompt if conversation else self.default_system_prompt())
        messages = self._draw()
        self.sources.hide()
        self._show_documents()
        self.settings.last_conversation_id = self.conversation_id
        self.refresh_conversations()
        replies = [m for m in messages if m.role == "assistant" and m.stats]
        self._show_stats(replies[-1].stats if replies else {})  # this chat's last reply, not the previous chat's
        self.context_label.setText("")
        self._request_context_count()
        self._update_actions()

    def new_conversation(self) -> None:
        if self.busy:
            return
        conversation = self.store.create_conversation(self.tr("New chat"), self.system_prompt.toPlainText().strip()
                                                      or self.default_system_prompt())
        self.search.clear()
        self.open_conversation(conversation.id)
        self.input.setFocus()

    def rename_conversation(self) -> None:
        if self.conversation_id is None:
            return
        current = self.store.conversation(self.conversation_id).title
        title, ok = QInputDialog.getText(self, self.tr("Rename chat"), self.tr("Name:"), text=current)
        if ok and title.strip():
            self.store.rename_conversation(self.conversation_id, title)
            self.refresh_conversations()

    def delete_conversation(self) -> None:
        if self.conversation_id is None or self.busy:
            return
        title = self.store.conversation(self.conversation_id).title
        answer = QMessageBox.question(self, self.tr("Delete chat"),
                                      self.tr("Delete “{title}” and all its messages?").format(title=title))
        if answer == QMessageBox.StandardButton.Yes:
            self.store.delete_conversation(self.conversation_id)
            self.documents.forget_conversation(self.conversation_id)
            self.conversation_id = None
            remaining = self.store.conversations()
            self.open_conversation(remaining[0].id if remaining else None)

    def _on_conversation_selected(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is not None and not self.busy:
            self.open_conversation(item.data(Qt.ItemDataRole.UserRole))

    def default_system_prompt(self) -> str:
        """A new chat's system prompt: the settings' own, or, while that is the untouched default, the default in
        the UI's language (in Chinese it also helps a small model answer in Chinese)."""
        if self.settings.system_prompt == DEFAULT_SYSTEM_PROMPT:
            return self.tr("You are a helpful assistant.")
        return self.settings.system_prompt

    def save_system_prompt(self) -> None:
        conversation = self.store.conversation(self.conversation_id) if self.conversation_id is not None else None
        text = self.system_prompt.toPlainText().strip()
        if conversation is not None and text != conversation.system_prompt:
            self.store.set_system_prompt(conversation.id, text)

    # -- documents -----------------------------------------------------------------------------------------------

    def _choose_files(self) -> None:
        from .tool_pane import FILE_FILTER

        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach documents"), str(Path.home()), FILE_FILTER)
        self.attach(paths)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Attach a folder of documents"), str(Path.home()))
        if folder:
            self.attach([folder])

    def attach(self, paths: list[str], new_chat: bool = False) -> None:
        """Attach files (and the documents in folders) to this chat, starting one if there is none (or if
        ``new_chat``); they are read in the background, and a question asked meanwhile waits for them."""
        files: list[Path] = []
        try:
            for path in map(Path, paths):
                files += documents_in(path) if path.is_dir() else [path]
        except (DocumentError, OSError) as exc:
            self.show_error(localized(exc))
            return
        if not files:
            self.show_error(self.tr("There is no document to attach there (txt, md, html, pdf, docx)."))
            return
        if self.conversation_id is None or new_chat:
            self.open_conversation(self.store.create_conversation(
                self.tr("About {name}").format(name=files[0].name), self.system_prompt.toPlainText().strip()).id)
        problems = []
        for path in files:
            try:
                self.documents.attach(self.conversation_id, path)
            except DocumentError as exc:
                problems.append(localized(exc))
        if problems:
            self.show_error(" ".join(problems[:3]))
        self._show_documents()
        self.reader.read_pending()

    def attach_text(self, text: str, name: str) -> None:
        """Text without a file (the Summarize pane's), attached to a new chat."""
        self.open_conversation(self.store.create_conversation(self.tr("About {name}").format(name=name),
                                                              self.system_prompt.toPlainText().strip()).id)
        try:
            self.documents.attach_text(self.conversation_id, text, name)
        except DocumentError as exc:
            self.show_error(localized(exc))
        self._show_documents()

    def detach_document(self, document_id: int) -> None:
        if self.conversation_id is not None:
            self.documents.detach(self.conversation_id, document_id)
            self._show_documents()

    def _show_documents(self) -> None:
        self.chips.set_documents(self.documents.attached(self.conversation_id) if self.conversation_id else [])

    def _on_reply_progress(self, job_id: int, fraction: float, text: str) -> None:
        if job_id == self._reply_job and job_id is not None:  # waiting for documents to be read
            self.stats_label.setText(text)

    def _on_reading(self, document_id: int, fraction: float, text: str) -> None:
        if document_id == EMBEDDING:  # in the stats line, while no reply uses it
            if self._reply_job is None:
                self._embedding_status = text
                self.stats_label.setText(text)
            return
        self.chips.show_progress(document_id, fraction, text)

    def _on_read(self, document_id: int) -> None:
        if document_id != EMBEDDING:
            self._show_documents()
        elif self._embedding_status and self.stats_label.text() == self._embedding_status:
            self.stats_label.clear()  # the embedding's progress goes once it is done (a failure stays shown)
        self._embedding_status = ""

    def _show_citation(self, message_id: int, index: int) -> None:
        message = self.store.message(message_id)
        if message is not None and 0 <= index < len(message.citations):
            self.sources.show_citation(message.citations[index], self.documents)

    def shutdown(self) -> None:
        """At quit, before the store closes: no search or reading may touch it afterwards."""
        for timer in (self._search_timer, self._queued_timer, self._flush_timer):
            timer.stop()
        self._searcher.cancel()
        self.reader.stop()

    def changeEvent(self, event) -> None:
        """The conversation's colours (names, notes, code) are drawn into it: draw it again in a new theme."""
        if event.type() == QEvent.Type.PaletteChange and not self.busy and self.conversation_id is not None:
            self._draw()
        super().changeEvent(event)

    def eventFilter(self, watched, event) -> bool:
        """Files or folders dragged onto the conversation or the input are attached (text is dropped as text);
        Shift+Enter in the find bar finds backwards."""
        if watched is self.find_bar:
            if (event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                    and event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
                self.find_in_chat(backward=True)
                return True
            return super().eventFilter(watched, event)
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and event.mimeData().hasUrls():
            event.acceptProposedAction()
            return True
        if event.type() == QEvent.Type.Drop and event.mimeData().hasUrls():
            paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
            event.acceptProposedAction()
            if paths and not self.busy:
                self.attach(paths)
            return True
        return super().eventFilter(watched, event)

    # -- sending and streaming -----------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._reply_job is not None

    def send(self) -> None:
        text = self.input.toPlainText().strip()
        if not text or self.busy:
            return
        if self.model is None:
            self.show_error(self.tr("No model is loaded yet: wait for the load to finish or pick a model above."))
            return
        try:
            check_message(text)
        except MessageTooLong as exc:
            self.show_error(localized(exc))
            return
        if self.conversation_id is None:
            self.conversation_id = self.store.create_conversation(title_from(text), "").id
        self.save_system_prompt()
        edited = self.store.message(self._editing_message_id) if self._editing_message_id is not None else None
        self._editing_message_id = None
        self._sent_edit_of = edited.id if edited else None
        self._previous_leaf = None
        if not self.store.has_message(self.conversation_id, "user"):
            self.store.rename_conversation(self.conversation_id, title_from(text))
        # An edit is a new version beside the message it edits; the old one and its replies stay in the tree.
        message = self.store.add_message(self.conversation_id, "user", text,
                                         parent_id=(edited.parent_id or FIRST) if edited else None)
        self._sent_message_id = message.id
        self.input.clear()
        if edited:  # the branch on screen changed: draw the conversation again
            self._draw()
        else:  # only the new message is drawn: the cost does not grow with the history
            self.transcript.append_message(message)
        self._start_reply()

    def regenerate(self, message_id: int | None = None) -> None:
        """Write a reply again (the last one by default) as a new version beside it; the old one stays."""
        if self.busy or self.conversation_id is None or self.model is None:
            return
        messages = self.store.messages(self.conversation_id)
        reply = self.store.message(message_id) if message_id else (messages[-1] if messages else None)
        if reply is None:
            return
        self._stop_editing()
        self._previous_leaf = self.store.conversation(self.conversation_id).leaf_id  # back there if it fails
        if reply.role == "assistant":
            self.store.continue_from(self.conversation_id, reply.parent_id)
        self._sent_message_id = None
        self._draw()
        self._start_reply()

    def edit_last(self) -> None:
        last_user = next((m for m in reversed(self.store.messages(self.conversation_id)) if m.role == "user"),
                         None) if self.conversation_id is not None else None
        if last_user is not None:
            self.edit_message(last_user.id)

    def edit_message(self, message_id: int) -> None:
        """Put a message of yours back in the box: Send adds the edited text as a new version of it."""
        message = self.store.message(message_id)
        if self.busy or message is None or message.role != "user":
            return
        self._editing_message_id = message.id
        self.input.setPlainText(message.content)
        self.input.setFocus()
        self.banner.show_message(self.tr("Editing a message: Send makes the edited text a new version of it and "
                                         "continues from there; the old version stays (‹ › under it). Esc cancels."),
                                 "info")

    def delete_message(self, message_id: int) -> None:
        message = self.store.message(message_id)
        if self.busy or message is None:
            return
        answer = QMessageBox.question(self, self.tr("Delete message"), self.tr(
            "Delete this message and everything after it in this branch? Its other versions stay."))
        if answer == QMessageBox.StandardButton.Yes:
            self._stop_editing()
            self.store.delete_branch(message_id)
            self._draw()
            self._update_actions()

    def show_version(self, message_id: int, step: int) -> None:
        """Switch a message to its previous (-1) or next (+1) version; the rest of the chat follows that branch."""
        message = self.store.message(message_id)
        if self.busy or message is None:
            return
        versions = self.store.versions(message)
        index = versions.index(message_id) + step
        if 0 <= index < len(versions):
            self._stop_editing()
            self.store.show_version(versions[index])
            self._draw()
            self._request_context_count()

    def _stop_editing(self) -> None:
        """Leave edit mode (the text stays in the box): what it would edit may change or go."""
        if self._editing_message_id is not None:
            self._editing_message_id = None
            self.banner.hide()

    def copy_last_reply(self) -> None:
        messages = self.store.messages(self.conversation_id) if self.conversation_id is not None else []
        reply = next((m for m in reversed(messages) if m.role == "assistant"), None)
        if reply is not None:
            self._copy(reply.content, self.tr("The last reply was copied."))

    def _copy(self, text: str, said: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.stats_label.setText(said)

    def _on_message_action(self, action: str, message_id: int) -> None:
        message = self.store.message(message_id)
        if message is None:
            return
        if action == actions.COPY:
            self._copy(message.content, self.tr("Copied as Markdown."))
        elif action == actions.COPY_TEXT:
            self._copy(markdown_as_plain_text(message.content), self.tr("Copied as plain text."))
        elif action == actions.EDIT:
            self.edit_message(message_id)
        elif action == actions.REGENERATE:
            self.regenerate(message_id)
        elif action == actions.DELETE:
            self.delete_message(message_id)
        elif action in (actions.PREVIOUS, actions.NEXT):
            self.show_version(message_id, -1 if action == actions.PREVIOUS else 1)

    def _versions(self, message: Message) -> tuple[int, int] | None:
        versions = self.store.versions(message)
        return (versions.index(message.id) + 1, len(versions)) if len(versions) > 1 else None

    def _draw(self) -> list[Message]:
        """Draw the branch on screen of the open chat (with each message's versions); returns its messages."""
        messages = self.store.messages(self.conversation_id) if self.conversation_id is not None else []
        self.transcript.set_messages(messages, {m.id: v for m in messages if (v := self._versions(m))})
        return messages

    def show_find_bar(self) -> None:
        self.find_bar.show()
        self.find_bar.setFocus()
        self.find_bar.selectAll()

    def find_in_chat(self, from_start: bool = False, backward: bool = False) -> bool:
        """Select the next (or previous) place in the conversation that holds the find bar's text, wrapping."""
        text = self.find_bar.text()
        if not text:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        if from_start:
            self.transcript.moveCursor(self.transcript.textCursor().MoveOperation.Start)
        found = self.transcript.find(text, flags)
        if not found:  # wrap around
            self.transcript.moveCursor(self.transcript.textCursor().MoveOperation.End if backward
                                       else self.transcript.textCursor().MoveOperation.Start)
            found = self.transcript.find(text, flags)
        self.find_bar.setStyleSheet("" if found else "QLineEdit { color: palette(placeholder-text); }")
        self.find_bar.setToolTip("" if found else self.tr("Not in this chat"))
        return found

    def stop(self) -> None:
        if self._reply_job is not None:
            self.worker.cancel(self._reply_job)

    def _on_escape(self) -> None:
        if self.find_bar.isVisible():
            self.find_bar.hide()
            self.transcript.setFocus()
        elif self.busy:
            self.stop()
        elif self._editing_message_id is not None:
            self._editing_message_id = None
            self.input.clear()
            self.banner.hide()

    def _start_reply(self) -> None:
        self.banner.hide()
        self._pending = ""
        self._stream_tokens = 0
        self._first_token_at = 0.0
        try:
            request = self.models.request(self.chat_model_key())
        except EndpointError as exc:  # no reply starts: what was on screen comes back
            if self._previous_leaf is not None:
                self.store.continue_from(self.conversation_id, self._previous_leaf)
            self._draw()
            self.show_error(localized(exc))
            return
        self.transcript.begin_reply()
        self._reply_job = self.worker.submit(chat_reply_job(self.conversation_id, self.settings_panel.sampling(),
                                                            request))
        self.reader.set_busy(True)  # embedding passages waits until the reply is written
        self.stats_label.setText(self.tr("Thinking…"))
        self._queued_timer.start()
        self._update_actions()

    def _on_job_started(self, job_id: int) -> None:
        if job_id == self._reply_job:
            self._queued_timer.stop()
            self.stats_label.setText(self.tr("Thinking…"))

    def _say_queued(self) -> None:
        if self.busy:
            self.stats_label.setText(self.tr("Waiting for the model: it is finishing another job (a text tool, or "
                                             "a request to the local server)…"))

    def _on_token(self, job_id: int, text: str, pieces: int) -> None:
        if job_id != self._reply_job:
            return
        if not self._stream_tokens:
            self._first_token_at = time.perf_counter()
        self._stream_tokens += pieces
        self._pending += text
        if time.perf_counter() - self._flushed_at >= FLUSH_MS / 1000:
            self._flush()  # idle for a while: paint now
        elif not self._flush_timer.isActive():
            self._flush_timer.start()

    def _flush(self) -> None:
        self._flushed_at = time.perf_counter()
        if self._pending:
            self.transcript.append_reply_text(self._pending)
            self._pending = ""
        elapsed = time.perf_counter() - self._first_token_at
        if self._stream_tokens > 1 and elapsed > 0:
            self.stats_label.setText(self.tr("{speed:.1f} tokens/s").format(speed=(self._stream_tokens - 1) / elapsed))

    def _finish_stream(self) -> None:
        self._flush_timer.stop()
        self._queued_timer.stop()
        self._flush()
        self._reply_job = None
        self.reader.set_busy(False)
        messages = self.store.messages(self.conversation_id)
        reply = messages[-1] if messages and messages[-1].role == "assistant" else None
        if reply is not None:
            self.transcript.finish_reply(reply, self._versions(reply))
        self.refresh_conversations()
        self._update_actions()

    def _on_job_finished(self, job_id: int, result) -> None:
        if job_id == self._count_job:
            self._count_job = None
            self._show_context(result)
        if job_id != self._reply_job:
            return
        self._finish_stream()
        stats = result.stats
        self._show_stats(stats.as_dict())
        self._show_context(stats.prompt_tokens + stats.tokens)
        if result.dropped_messages:
            self.banner.show_message(self.tr("The conversation is longer than the context: the oldest %n message(s) "
                                             "were left out of what the model saw.", "", result.dropped_messages),
                                     "warning")

    def _on_job_failed(self, job_id: int, message: str = "") -> None:
        if job_id == self._count_job:
            self._count_job = None
        if job_id != self._reply_job:
            return
        self._finish_stream()
        self.stats_label.setText("")
        messages = self.store.messages(self.conversation_id)
        last = messages[-1] if messages else None
        if last is not None and last.role == "user":
            if last.id == self._sent_message_id and not self.input.toPlainText().strip():
                # Just sent, and it failed before a reply began (e.g. too long for the context): give the text back
                # to edit (an edited version goes, the version it edited comes back, still being edited).
                self.store.delete_branch(last.id)
                self.input.setPlainText(last.content)
                if self._sent_edit_of is not None and self.store.message(self._sent_edit_of) is not None:
                    self._editing_message_id = self._sent_edit_of
            elif self._previous_leaf is not None:  # a reply written again failed: the branch on screen comes back
                self.store.continue_from(self.conversation_id, self._previous_leaf)
            else:
                self.store.show_version(last.id)
        if message:
            self.show_error(message)
        self._draw()

    def _request_context_count(self) -> None:
        if self.model is None or self.conversation_id is None:
            return
        conversation_id, default_prompt = self.conversation_id, self.system_prompt.toPlainText()

        def count(ctx):
            messages = conversation_messages(default_prompt, ctx.store.messages(conversation_id))
            return ctx.engine.count_chat_tokens(messages) if messages else 0

        self._count_job = self.worker.submit(count)

    def _show_context(self, used: int) -> None:
        if self.model is not None:  # a server's chat template is not known here: its count is an estimate
            about = "≈" if self.model.remote else ""
            self.context_label.setText(self.tr("· context {used} / {total}").format(
                used=about + QLocale().toString(used), total=QLocale().toString(self.model.n_ctx)))

    # -- feedback ------------------------------------------------------------------------------------------------

    def show_error(self, message: str, action: tuple[str, Callable[[], None]] | None = None) -> None:
        self.banner.show_message(message, "error", action)

    def _show_stats(self, stats: dict) -> None:
        """How the last reply went (empty for a chat without one)."""
        if not stats.get("tokens"):
            self.stats_label.clear()
            return
        self.stats_label.setText(self.tr("{tokens} tokens · {speed:.1f} tokens/s · first token {ttft:.2f} s").format(
            tokens=stats["tokens"], speed=stats.get("tokens_per_second", 0.0), ttft=stats.get("ttft_s", 0.0)))

    def _update_actions(self) -> None:
        idle = not self.busy
        has_model = self.model is not None
        # Regenerate and Edit last need a message of the user's in this chat: a new chat has none.
        asked = self.conversation_id is not None and self.store.has_message(self.conversation_id, "user")
        self.send_button.setEnabled(idle and has_model)
        self.stop_button.setEnabled(not idle)
        self.regenerate_button.setEnabled(idle and has_model and asked)
        self.edit_button.setEnabled(idle and asked)
        self.conversation_list.setEnabled(idle)
        self.new_button.setEnabled(idle)
        self.delete_button.setEnabled(idle and self.conversation_id is not None)
        self.rename_button.setEnabled(self.conversation_id is not None)
        self.model_picker.setEnabled(idle)
        self.reload_button.setEnabled(idle and has_model and not self.model.remote)
