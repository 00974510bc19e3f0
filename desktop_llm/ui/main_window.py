"""The main window: owns the worker, the settings and the history store; puts the starter model in place."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QLocale, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QActionGroup, QDesktopServices, QIcon, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMainWindow, QMessageBox, QTabWidget

from .. import __version__
from ..core.chat.history import ReplyResult
from ..core.chat.store import ConversationStore
from ..core.common.paths import AppPaths, bundled_file
from ..core.common.settings import Settings, save_merged
from ..core.engines.embedding import EmbeddingModel, installed_embedder
from ..core.engines.endpoints import EndpointError
from ..core.jobs.choices import ModelAccess, ModelChooser
from ..core.jobs.loading import (
    LoadRefused,
    RemoteModel,
    ensure_model,
    install_starter_job,
    load_model_job,
)
from ..core.models.catalog import Catalog
from ..core.models.download import DownloadQueue
from ..core.models.hardware import Hardware, detect
from ..core.models.library import ModelLibrary
from ..core.models.modelcheck import file_fingerprint
from ..core.models.recommend import recommend, remember_speed
from ..core.models.starter import starter_path
from ..core.server.state import LOADING
from ..core.tools import SpeedMeter
from ..worker import EngineWorker
from .chat_pane import ChatPane
from .first_run import StarterOffer
from .i18n import LANGUAGES, localized
from .local_server import LocalServerControl, LocalServerDialog
from .models_pane import DownloadBridge, ModelsPane
from .sentiment_pane import SentimentPane
from .summarize_pane import SummarizePane
from .theme import SCHEMES, apply_theme, set_style_sheet
from .tool_pane import ToolPane
from .translate_pane import TranslatePane

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, paths: AppPaths, settings: Settings, catalog: Catalog, worker: EngineWorker | None = None):
        super().__init__()
        self.paths = paths
        self.settings = settings
        self.catalog = catalog
        self.store = ConversationStore(paths.database)
        interrupted = self.store.mark_interrupted()
        self.worker = worker or EngineWorker(paths.database)
        self._model_job: int | None = None
        self._model_choice = ""  # the model-list entry the Chat pane's load job is for
        self.restart_requested = False  # Settings ▸ Language asked for a new window
        self._starter_job: int | None = None
        self.loaded_model = None  # the ModelInfo the engine holds now
        self.setWindowTitle("Desktop LLM")
        icon = bundled_file("resources/icons/desktop-llm.svg")
        if icon.exists():
            self.setWindowIcon(QIcon(str(icon)))
        self.library = ModelLibrary(paths.models, catalog, settings)
        self.chooser = ModelChooser(self.library, settings)
        self.access = ModelAccess(self.chooser, lambda: self.chat.settings_panel.engine())
        self.chat = ChatPane(self.worker, self.store, settings, self.access)
        self.chat.model_requested.connect(self.load_model)
        self.chat.engine_settings_changed.connect(self._on_engine_settings_changed)
        self.download_queue = DownloadQueue(max_parallel=2)
        self.models = ModelsPane(self.worker, self.library, settings, DownloadBridge(self.download_queue, self))
        self.models.use_for_chat.connect(self._use_for_chat)
        self.models.library_changed.connect(self._refresh_model_lists)
        self.models.removing.connect(self._release_model_file)
        self.starter_offer = StarterOffer(self.chat.starter_card, self.models, settings, self)
        self.starter_offer.use_for_chat.connect(self._use_for_chat)
        self.hardware: Hardware | None = None
        self._hardware_job: int | None = None
        self.embedder: EmbeddingModel | None = None  # the installed embedding model (``_refresh_embedder``)
        self.summarize = SummarizePane(self.worker, settings, self.access)
        self.summarize.ask_requested.connect(self._ask_about)
        self.translate = TranslatePane(self.worker, settings, self.access)
        self.sentiment = SentimentPane(self.worker, settings, self.access)
        self.tool_panes = (self.summarize, self.translate, self.sentiment)
        self._tool_downloads: dict[str, ToolPane] = {}  # destination → the pane that asked for that model
        for pane in self.tool_panes:
            pane.model_wanted.connect(lambda model_id, pane=pane: self._download_for(pane, model_id))
        self.models.downloads.progress.connect(self._on_tool_download_progress)
        self.models.downloads.finished.connect(self._on_tool_download_finished)
        self.models.downloads.failed.connect(self._on_tool_download_failed)
        self.tabs = QTabWidget(documentMode=True)
        self.tabs.addTab(self.chat, self.tr("Chat"))
        self.tabs.addTab(self.summarize, self.tr("Summarize"))
        translate_pane = self.translate  # lupdate would take "self.translate, self.tr(…)" for a translate() call
        self.tabs.addTab(translate_pane, self.tr("Translate"))
        self.tabs.addTab(self.sentiment, self.tr("Sentiment"))
        self.tabs.addTab(self.models, self.tr("Models"))
        self.tabs.currentChanged.connect(lambda index: self._recommend() if self.tabs.widget(index) is self.models
                                         else None)
        self.setCentralWidget(self.tabs)
        self.status_label = QLabel(textFormat=Qt.TextFormat.PlainText)
        self.statusBar().addWidget(self.status_label, 1)
        self.server_label = QLabel(textFormat=Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.server_label)
        self.server = LocalServerControl(self.worker, settings, self._served_model, lambda: self.embedder, self)
        self.server.status_changed.connect(self._show_server_status)
        self._build_menus()
        self.models.rescan()  # in the background: which models are installed (an embedding model is used at once)
        self.worker.progress.connect(self._on_progress)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self.worker.cancelled.connect(self._on_failed)
        self.worker.model_changed.connect(self._on_model_changed)
        self.worker.engine_crashed.connect(self._on_engine_crashed)
        self._restore_window()
        if interrupted:
            self.statusBar().showMessage(self.tr("%n reply(ies) interrupted last time were kept and marked.", "",
                                                 interrupted), 8000)
        QTimer.singleShot(0, self._start_model)
        QTimer.singleShot(0, self.server.start_saved)

    # -- menus ---------------------------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self._action(file_menu, self.tr("&New chat"), self.chat.new_conversation, QKeySequence.StandardKey.New)
        self._action(file_menu, self.tr("&Open model file…"), self._open_model_file, QKeySequence("Ctrl+O"))
        self._action(file_menu, self.tr("Export chat as &Markdown…"), lambda: self._export("md"))
        self._action(file_menu, self.tr("Export chat as &JSON…"), lambda: self._export("json"))
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        settings_menu = self.menuBar().addMenu(self.tr("&Settings"))
        panel = self._action(settings_menu, self.tr("&Sampling and engine (Chat)"), self._toggle_chat_panel)
        panel.setCheckable(True)
        panel.setChecked(self.chat.settings_toggle.isChecked())
        self.chat.settings_toggle.toggled.connect(panel.setChecked)
        self._action(settings_menu, self.tr("Remote &endpoints…"), self._edit_endpoints)
        self._action(settings_menu, self.tr("&Local server…"), self._edit_server)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        theme_menu = view_menu.addMenu(self.tr("&Theme"))
        themes = QActionGroup(self)
        for choice, text in (("system", self.tr("Follow the &system")), ("light", self.tr("&Light")),
                             ("dark", self.tr("&Dark"))):
            action = self._action(theme_menu, text, lambda checked=False, choice=choice: self.set_theme(choice))
            action.setCheckable(True)
            action.setChecked(choice == (self.settings.theme if self.settings.theme in SCHEMES else "system"))
            action.setData(choice)
            themes.addAction(action)
        self.theme_actions = themes
        language_menu = settings_menu.addMenu(self.tr("&Language"))
        languages = QActionGroup(self)
        for code, name in LANGUAGES.items():
            action = self._action(language_menu, name or self.tr("System"),
                                  lambda checked=False, code=code: self.set_language(code))
            action.setCheckable(True)
            action.setChecked(code == (self.settings.language if self.settings.language in LANGUAGES else "system"))
            languages.addAction(action)
        view_menu.addSeparator()
        self._action(view_menu, self.tr("&Next pane"), lambda: self._step_pane(1), QKeySequence("Ctrl+Tab"))
        self._action(view_menu, self.tr("&Previous pane"), lambda: self._step_pane(-1), QKeySequence("Ctrl+Shift+Tab"))
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&User guide"), self._show_guide, QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, self.tr("&Keyboard shortcuts"), self._show_shortcuts, QKeySequence("Ctrl+/"))
        help_menu.addSeparator()
        self._action(help_menu, self.tr("Open &log folder"), lambda: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(self.paths.logs))))
        self._action(help_menu, self.tr("&About Desktop LLM"), self._about)

    def set_theme(self, choice: str) -> None:
        """View ▸ Theme: light, dark, or what the system says (and whenever it changes)."""
        self.settings.theme = choice
        apply_theme(QApplication.instance(), choice)
        for action in self.theme_actions.actions():
            action.setChecked(action.data() == choice)

    def set_language(self, code: str) -> None:
        """Settings ▸ Language: saved, and the app offers to start again in it (Qt widgets keep the texts they were
        built with)."""
        if code == self.settings.language:
            return
        self.settings.language = code
        answer = QMessageBox.question(self, self.tr("Language"), self.tr(
            "The new language applies when Desktop LLM starts again. Restart now? (Chats and settings are kept.)"))
        if answer == QMessageBox.StandardButton.Yes:
            self.restart_requested = True
            self.close()

    def _step_pane(self, step: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def _action(self, menu, text, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(shortcut)
        menu.addAction(action)
        return action

    def _toggle_chat_panel(self, shown: bool) -> None:
        self.tabs.setCurrentWidget(self.chat)
        self.chat.settings_toggle.setChecked(shown)

    def _show_guide(self) -> None:
        from .help import UserGuide

        UserGuide(self).show()

    def _show_shortcuts(self) -> None:
        from .help import ShortcutsSheet

        ShortcutsSheet(self).show()

    def _edit_endpoints(self) -> None:
        from .endpoints_dialog import EndpointsDialog  # loads the HTTP client and keyring: only when asked

        dialog = EndpointsDialog(self.settings, self)
        dialog.endpoints_changed.connect(self._save_settings)
        dialog.endpoints_changed.connect(self._refresh_model_lists)
        dialog.open()

    def _about(self) -> None:
        QMessageBox.about(self, self.tr("About Desktop LLM"),
                          self.tr("<b>Desktop LLM {version}</b><p>Chat with a local model, fully offline.</p>"
                                  "<p>Data: {data}<br>Logs: {logs}</p>").format(
                              version=__version__, data=self.paths.data, logs=self.paths.log_file))

    def _export(self, kind: str) -> None:
        conversation_id = self.chat.conversation_id
        if conversation_id is None:
            return
        title = self.store.conversation(conversation_id).title
        safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in title).strip() or self.tr(
            "chat", "the name of an exported file when the chat's title gives none")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export chat"), str(Path.home() / f"{safe}.{kind}"),
                                              self.tr("Markdown (*.md)") if kind == "md" else self.tr("JSON (*.json)"))
        if not path:
            return
        text = self.store.export_markdown(conversation_id) if kind == "md" else self.store.export_json(conversation_id)
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Export failed"), self.tr("Could not write {path}: {error}").format(
                path=path, error=exc.strerror))
            return
        self.statusBar().showMessage(self.tr("Exported to {path}").format(path=path), 5000)

    # -- models --------------------------------------------------------------------------------------------------

    def _refresh_model_lists(self) -> None:
        self.chat.set_model_choices(self.settings.default_models.get("chat", ""))
        for pane in self.tool_panes:
            pane.refresh_models()
        self._refresh_embedder()

    def _release_model_file(self, path: str) -> None:
        """Before a model file is deleted: the embedding model lets go of it (Windows cannot delete an open file)."""
        if self.embedder is not None and str(self.embedder.path) == path:
            self._use_embedder(None)

    def _refresh_embedder(self) -> None:
        """Rank document passages with the installed embedding model (a new one, or none once it is deleted)."""
        embedder = installed_embedder(self.models.installed, self.settings.engine.threads())
        if (embedder and embedder.key) != (self.embedder and self.embedder.key):
            self._use_embedder(embedder)

    def _use_embedder(self, embedder: EmbeddingModel | None) -> None:
        previous, self.embedder = self.embedder, embedder
        self.worker.set_embedder(embedder)
        self.chat.reader.set_embedder(embedder)
        if previous is not None:
            previous.close()

    def _start_model(self) -> None:
        """First run: put the starter model in place in the background; then load the chat model. What this
        machine can run is found out first (it imports llama.cpp, which the load needs anyway)."""
        self._hardware_job = self.worker.submit(lambda ctx: detect())
        chosen = self.settings.default_models.get("chat", "")
        self._refresh_model_lists()
        if chosen and self.chooser.find(chosen) is not None:  # a deleted file or a removed endpoint is not
            self.load_model(chosen)
            return
        spec = self.catalog.starter()
        if spec is None:
            self.chat.set_model_failed(self.tr("No model yet: open a .gguf file (File ▸ Open model file…)."))
            return
        target = starter_path(spec, self.paths.models)
        if target.exists():
            self.load_model(str(target))
        else:
            self.chat.set_model_loading(0.0, self.tr("Installing the starter model…"))
            self._starter_job = self.worker.submit(install_starter_job(spec, self.paths.models))

    def _served_model(self):
        """What the local server serves (asked from its thread: plain reads only): the local engine's model, or
        LOADING while the Chat pane loads one."""
        return LOADING if self._model_job is not None else self.worker.local_model

    def _edit_server(self) -> None:
        LocalServerDialog(self.server, self.settings, self).exec()

    def _show_server_status(self, text: str, ok: bool) -> None:
        self.server_label.setText(text)
        set_style_sheet(self.server_label, "" if ok else "color: $error")

    def _open_model_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a model"), str(Path.home()),
                                              self.tr("GGUF models (*.gguf);;All files (*)"))
        if path:
            self.load_model(path)

    def load_model(self, choice: str, force: bool = False) -> None:
        """Load a model-list choice (by its key: a .gguf path, or a saved endpoint) for the Chat pane."""
        try:
            request = self.access.request(choice)
        except EndpointError as exc:
            self.chat.set_model_failed(localized(exc))
            return
        self.chat.stop()
        if self._model_job is not None:  # the newest request wins
            self.worker.cancel(self._model_job)
        self._model_choice = choice
        if isinstance(request, RemoteModel):
            self.chat.set_model_loading(0.0, self.tr("Connecting to {url}…").format(url=request.base_url))
            self._model_job = self.worker.submit(lambda ctx: ensure_model(ctx, request))
            return
        self.chat.set_model_loading(0.0, self.tr("Loading {name}…").format(name=request.path.name))
        self._model_job = self.worker.submit(load_model_job(request.path, request.options, request.hints,
                                                            request.known_good, force))
        self.server.make_way_for_a_model_load()  # after: a request arriving now is told the model is loading

    def _ask_about(self, path: str, text: str, name: str) -> None:
        """From the Summarize pane: a new chat with its document attached (the file it came from, or the text when
        it has none)."""
        self.tabs.setCurrentWidget(self.chat)
        if path and Path(path).is_file():
            self.chat.attach([path], new_chat=True)
        else:
            self.chat.attach_text(text, name)
        self.chat.input.setFocus()

    def _download_for(self, pane: ToolPane, model_id: str) -> None:
        """A tool pane offered a better model and the user took it: download it (the Models pane shows it too)."""
        spec = self.catalog.get(model_id)
        if spec is None:
            return
        self._tool_downloads[str(self.models.download(spec))] = pane
        pane.show_download(self.tr("Downloading {name}… (the Models pane shows it too)").format(name=spec.name))

    def _on_tool_download_progress(self, dest: str, progress) -> None:
        pane = self._tool_downloads.get(dest)
        if pane is not None and progress.total:
            pane.show_download(self.tr("Downloading {name}… {percent:.0%}").format(
                name=Path(dest).stem, percent=progress.done / progress.total))

    def _on_tool_download_finished(self, dest: str, result) -> None:
        pane = self._tool_downloads.pop(dest, None)
        if pane is not None:
            pane.use_model(dest)

    def _on_tool_download_failed(self, dest: str, message: str) -> None:
        pane = self._tool_downloads.pop(dest, None)
        if pane is not None:
            pane.show_download(self.tr("{name} could not be downloaded: {message}").format(
                name=Path(dest).stem, message=message))

    def _use_for_chat(self, path: str) -> None:
        self.tabs.setCurrentWidget(self.chat)
        self.chat.set_model_choices(path)
        for pane in self.tool_panes:
            pane.refresh_models()  # a model just downloaded or imported is a choice there too
        self.load_model(path)

    def _on_engine_settings_changed(self) -> None:
        if self.chat.model is not None:
            self.status_label.setText(self.tr("Context, threads and GPU layers apply when the model is loaded again: "
                                              "Reload, next to the model list."))

    def _on_progress(self, job_id: int, fraction: float, text: str) -> None:
        if job_id in (self._model_job, self._starter_job):
            self.chat.set_model_loading(fraction, text)

    def _recommend(self) -> None:
        """The catalog model that suits this machine best, for the Models pane and the starter's card."""
        if self.hardware is None:
            return
        choice = recommend(self.catalog, self.hardware, "chat", QLocale().name()[:2], self.settings.measured_speeds)
        self.models.set_hardware(self.hardware, choice)
        self.starter_offer.set_recommendation(choice)

    def _on_finished(self, job_id: int, result) -> None:
        if isinstance(result, ReplyResult) and self.loaded_model is not None and not self.loaded_model.remote:
            timings = result.stats.llama_timings  # a reply long enough to tell how fast this machine runs it
            if timings.get("eval_tokens", 0) >= 16:
                long_prompt = timings.get("prompt_eval_tokens", 0) >= SpeedMeter.MIN_TOKENS
                remember_speed(self.settings.measured_speeds, Path(self.loaded_model.path).name,
                               self.loaded_model.file_size, timings.get("eval_tokens_per_second", 0.0),
                               timings.get("prompt_tokens_per_second", 0.0) if long_prompt else 0.0)
        if job_id == self._hardware_job:
            self.hardware = self.access.hardware = result
            self._recommend()
        elif job_id == self._starter_job:
            self._starter_job = None
            self.chat.set_model_choices(str(result))
            if self._model_job is None:  # unless the user picked another model meanwhile
                self.load_model(str(result))
        elif job_id == self._model_job and isinstance(result, LoadRefused):
            self._model_job = None
            answer = QMessageBox.question(self, self.tr("Not enough memory"),
                                          self.tr("{reason}\n\nLoad it anyway?").format(
                                              reason=localized(result.reason)))
            if answer == QMessageBox.StandardButton.Yes:
                self.load_model(str(result.path), force=True)
            else:
                self.chat.set_model_failed(localized(result.reason))
        elif job_id == self._model_job:
            self._model_job = None
            self.settings.default_models["chat"] = self._model_choice
            self.chat.set_model_ready(result)  # also when it was in use already (no model_changed then)
            self._save_settings()

    def _on_model_changed(self, info) -> None:
        """A model was loaded (by the Chat pane or by a tool that needed another one) or unloaded."""
        self.loaded_model = self.access.loaded = info
        self.starter_offer.set_loaded(info)
        for pane in self.tool_panes:
            pane.set_loaded_model(info)
        if info is None:
            self.chat.set_model_failed(self.tr("No model is loaded: pick one in the model list."))
            return
        if not info.remote:
            self.settings.checked_models[str(Path(info.path).resolve())] = file_fingerprint(Path(info.path))
        self.chat.set_model_choices(self.access.key_for(info))
        self.chat.set_model_ready(info)
        self.status_label.setText(self.tr("Model loaded from {path}").format(path=info.path))
        log.info("model loaded: %s (%s, ctx %d, %d GPU layers)", Path(info.path).name, info.quantization,
                 info.n_ctx, info.n_gpu_layers)

    def _on_engine_crashed(self, message: str) -> None:
        """llama.cpp died with the model: the window and the conversation are fine; offer the model again."""
        key = self.settings.default_models.get("chat", "")
        action = (self.tr("Reload the model"), lambda: self.load_model(key)) if key else None
        self.chat.show_error(message, action)
        self.statusBar().showMessage(self.tr("The engine stopped; nothing else was lost."), 10_000)

    def _on_failed(self, job_id: int, message: str | None = None) -> None:
        if message is None:  # the worker's ``cancelled`` signal
            message = self.tr("Cancelled")
        if job_id == self._starter_job:
            self._starter_job = None
            self.chat.set_model_failed(self.tr("The starter model could not be installed: {message}").format(
                message=message))
        elif job_id == self._model_job:
            self._model_job = None
            self.chat.set_model_failed(message)
            self._refresh_model_lists()
            if self.loaded_model is not None:  # the engine still holds the previous model: keep chatting
                self.chat.set_model_choices(self.access.key_for(self.loaded_model))
                self.chat.set_model_ready(self.loaded_model)

    # -- window state --------------------------------------------------------------------------------------------

    def _restore_window(self) -> None:
        if self.settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(self.settings.window_geometry.encode("ascii")))
        else:
            self.resize(1200, 780)
        last = self.settings.last_conversation_id
        if last is not None and self.store.conversation(last) is not None:
            self.chat.open_conversation(last)
        else:
            conversations = self.store.conversations()
            self.chat.open_conversation(conversations[0].id if conversations else None)

    def _save_settings(self) -> None:
        self.settings.window_geometry = bytes(self.saveGeometry().toBase64()).decode("ascii")
        self.settings.sampling = self.chat.settings_panel.sampling()
        self.settings.engine = self.chat.settings_panel.engine()
        self.settings.last_conversation_id = self.chat.conversation_id
        try:
            save_merged(self.settings, self.paths.settings_file)
        except OSError as exc:
            log.error("could not save settings: %s", exc)
            self.statusBar().showMessage(self.tr("Settings could not be saved: {error}").format(error=exc), 8000)

    def closeEvent(self, event) -> None:
        for pane in self.tool_panes:
            pane.cancel()
        self.chat.save_system_prompt()
        self._save_settings()
        if self.embedder is not None:
            self.embedder.close()  # first: a long embeddings request ends now instead of holding the server's stop
        self.server.stop()  # its clients get an answer (503) before the engine goes
        self.download_queue.shutdown()  # pauses: partial data is kept and resumed next time
        self.worker.shutdown()  # delivers no more signals: nothing reaches the panes once the store is closed
        self.chat.shutdown()  # a document half-read stays queued for the next start
        self.store.close()
        super().closeEvent(event)
