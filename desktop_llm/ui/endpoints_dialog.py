"""Settings ▸ Remote endpoints: the OpenAI-compatible servers (llama.cpp's llama-server, vLLM, Ollama, LM Studio,
hosted APIs) the app can use instead of a local model.

Edits are kept in the dialog until Save, which validates every endpoint first (nothing is saved while one is
invalid). Names, URLs and default models go to ``Settings.endpoints``; API keys go to the OS keyring and are never
shown again: the key field only says that one is saved. "Test connection" asks the server for its models on a
short-lived thread, so a slow or dead server never freezes the window.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.common.settings import Settings
from ..core.engines.endpoints import (
    Endpoint,
    EndpointError,
    api_key,
    delete_api_key,
    load_endpoints,
    plain_http_warning,
    save_endpoints,
    set_api_key,
)
from ..core.engines.remote import RemoteEngine, RemoteError
from . import theme
from .background import BackgroundCall
from .i18n import localized

TEST_TIMEOUT_S = 15.0
# The key field's placeholders, in English: shown translated (``QCoreApplication.translate("EndpointsDialog", …)``).
NO_KEY = QT_TRANSLATE_NOOP("EndpointsDialog", "stored in the system keyring; leave empty if the server needs none")
SAVED_KEY = QT_TRANSLATE_NOOP("EndpointsDialog", "•••• (saved); type a new key to replace it")
OK_COLOR, ERROR_COLOR = "ok", "error"  # theme colour names (theme.color)


@dataclass(eq=False)
class _Entry:
    """One endpoint as edited; ``saved`` is what the settings hold (None until it is first saved)."""

    name: str = ""
    base_url: str = ""
    default_model: str = ""
    saved: Endpoint | None = None
    has_key: bool = False  # the keyring holds a key for ``saved``
    new_key: str = ""  # typed: replaces the saved key at Save
    forget: bool = False  # delete the saved key at Save
    models: list[str] = field(default_factory=list)  # from the last successful test

    @classmethod
    def of(cls, endpoint: Endpoint) -> "_Entry":
        return cls(endpoint.name, endpoint.base_url, endpoint.default_model, endpoint)

    def changed(self) -> bool:
        saved = self.saved
        return (saved is None or bool(self.new_key) or self.forget
                or (self.name, self.base_url, self.default_model) != (saved.name, saved.base_url, saved.default_model))


class _Invalid(Exception):
    def __init__(self, widget: QWidget, message: str):
        super().__init__(message)
        self.widget = widget


class EndpointsDialog(QDialog):
    """Add, edit, test and remove remote endpoints; emits ``endpoints_changed`` after each successful Save (the
    caller writes the settings file)."""

    endpoints_changed = Signal()

    def __init__(self, settings: Settings, parent=None):
        super().__init__(parent)
        self.settings = settings
        self._entries: list[_Entry] = []
        self._removed: list[Endpoint] = []  # saved endpoints removed since the last Save: their keys go at Save
        self._loading = False  # the form is being filled from an entry, not edited
        self._close_warned = False
        self._tester = BackgroundCall("test-endpoint")  # no parent: outlives a dialog closed mid-test
        self._tester.done.connect(self._on_tested)
        # The keyring can be slow to answer (or ask to be unlocked): it is only ever used on this thread.
        self._keys = BackgroundCall("endpoint-keys")
        self._keys.done.connect(self._on_keys)
        self._saved_message = ""
        self._test_warning = ""
        self.setWindowTitle(self.tr("Remote endpoints"))
        self._build()
        self._reload()
        self.resize(860, 400)

    # -- layout --------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("OpenAI-compatible servers: llama.cpp's llama-server, vLLM, Ollama "
                               "(http://127.0.0.1:11434/v1), LM Studio, hosted APIs. API keys are kept in the system "
                               "keyring, never in the settings file."), wordWrap=True)
        layout.addWidget(intro)
        body = QHBoxLayout()
        side = QVBoxLayout()
        self.list = QListWidget()
        self.list.setFixedWidth(200)
        self.list.currentRowChanged.connect(self._show)
        side.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add"), clicked=self.add, autoDefault=False)
        self.remove_button = QPushButton(self.tr("Remove"), clicked=self.remove, autoDefault=False)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        side.addLayout(row)
        body.addLayout(side)
        self.form_box = QWidget()
        form = QFormLayout(self.form_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name_edit = QLineEdit(placeholderText=self.tr("for example: Workstation"))
        self.url_edit = QLineEdit(placeholderText="http://127.0.0.1:8080/v1",
                                  toolTip=self.tr("The URL the OpenAI API lives under; /v1 is added to a bare "
                                                  "host:port"))
        self.key_edit = QLineEdit(placeholderText=QCoreApplication.translate("EndpointsDialog", NO_KEY),
                                  echoMode=QLineEdit.EchoMode.Password)
        self.forget_button = QPushButton(self.tr("Forget key"), clicked=self.forget_key, autoDefault=False,
                                         toolTip=self.tr("Delete the saved key from the keyring at Save"))
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_edit, 1)
        key_row.addWidget(self.forget_button)
        self.model_box = QComboBox(editable=True, minimumContentsLength=20)
        self.model_box.lineEdit().setPlaceholderText(self.tr("optional when the server has one model"))
        self.test_button = QPushButton(self.tr("Test connection"), clicked=self.test_connection, autoDefault=False,
                                       toolTip=self.tr("Ask the server for its models"))
        model_row = QHBoxLayout()
        model_row.addWidget(self.model_box, 1)
        model_row.addWidget(self.test_button)
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Base URL"), self.url_edit)
        form.addRow(self.tr("API key"), key_row)
        form.addRow(self.tr("Default model"), model_row)
        self.message = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.message)
        body.addWidget(self.form_box, 1)
        layout.addLayout(body, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for edit in (self.name_edit, self.url_edit, self.key_edit):
            edit.textChanged.connect(self._edited)
        self.model_box.currentTextChanged.connect(self._edited)

    # -- the list ------------------------------------------------------------------------------------------------

    def _reload(self, select: str = "", key_work=None) -> None:
        """Rebuild the entries from the settings, then, on a thread, do ``key_work`` (saving keys) and look the keys up
        to show which endpoints have one."""
        models = {e.name.strip(): e.models for e in self._entries}
        self._entries, self._removed = [], []
        for endpoint in load_endpoints(self.settings):
            entry = _Entry.of(endpoint)
            entry.models = models.get(endpoint.name, [])
            self._entries.append(entry)
        self.list.clear()
        self.list.addItems([e.name for e in self._entries])
        names = [e.name for e in self._entries]
        self.list.setCurrentRow(names.index(select) if select in names else 0 if names else -1)
        self._show(self.list.currentRow())
        endpoints = [e.saved for e in self._entries]
        self.save_button.setEnabled(False)

        def keys(cancel):
            problems = key_work() if key_work else []
            found = {}
            for endpoint in endpoints:
                try:
                    found[endpoint.name] = api_key(endpoint) is not None
                except EndpointError as exc:
                    problems.append(localized(exc))
            return found, problems

        self._keys.start(keys, (), self.tr("The system keyring failed"))

    def _on_keys(self, result, error: str | None) -> None:
        self.save_button.setEnabled(True)
        found, problems = result if result else ({}, [error])
        for entry in self._entries:
            entry.has_key = found.get(entry.saved.name, False) if entry.saved else False
        self._show_key_state()
        if problems:
            self._say(self.tr("The endpoints are saved, but not every API key: {problem}").format(
                problem=problems[0]) if self._saved_message else problems[0], ERROR_COLOR)
        elif self._saved_message:
            self._say(self._saved_message, OK_COLOR)
        self._saved_message = ""

    def _current(self) -> _Entry | None:
        row = self.list.currentRow()
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def _show(self, row: int) -> None:
        """Fill the form from the entry at ``row`` (the form is off when there is none)."""
        self._tester.cancel()
        self.test_button.setEnabled(True)
        self._say("")
        entry = self._current()
        self._loading = True
        self.name_edit.setText(entry.name if entry else "")
        self.url_edit.setText(entry.base_url if entry else "")
        self.key_edit.setText(entry.new_key if entry else "")
        self.model_box.clear()
        if entry:
            self.model_box.addItems(entry.models)
        self.model_box.setCurrentText(entry.default_model if entry else "")
        self._loading = False
        self.form_box.setEnabled(entry is not None)
        self.remove_button.setEnabled(entry is not None)
        self._show_key_state()

    def _show_key_state(self) -> None:
        entry = self._current()
        saved = bool(entry and entry.has_key and not entry.forget)
        self.key_edit.setPlaceholderText(QCoreApplication.translate("EndpointsDialog", SAVED_KEY if saved else NO_KEY))
        self.forget_button.setEnabled(saved or bool(entry and entry.new_key))

    def _edited(self) -> None:
        entry = self._current()
        if self._loading or entry is None:
            return
        entry.name, entry.base_url = self.name_edit.text(), self.url_edit.text()
        entry.new_key, entry.default_model = self.key_edit.text(), self.model_box.currentText()
        self.list.currentItem().setText(entry.name.strip() or self.tr("(new endpoint)"))
        self._close_warned = False
        self._show_key_state()

    def add(self) -> None:
        self._entries.append(_Entry())
        self.list.addItem(self.tr("(new endpoint)"))
        self.list.setCurrentRow(len(self._entries) - 1)
        self.name_edit.setFocus()

    def remove(self) -> None:
        """Removed from the list now; from the settings and the keyring at Save."""
        row = self.list.currentRow()
        if not 0 <= row < len(self._entries):
            return
        entry = self._entries.pop(row)
        if entry.saved:
            self._removed.append(entry.saved)
        self._close_warned = False
        self.list.takeItem(row)  # selects a neighbour, which fills the form
        self._show(self.list.currentRow())
        name = entry.name.strip() or self.tr("new endpoint")
        self._say(self.tr("Removed '{name}': Save to apply.").format(name=name))

    def forget_key(self) -> None:
        entry = self._current()
        if entry:
            entry.forget = entry.has_key
            self.key_edit.clear()  # also clears new_key
            self._show_key_state()
            self._say(self.tr("The saved key will be deleted at Save.") if entry.forget else "")

    # -- test ----------------------------------------------------------------------------------------------------

    def test_connection(self) -> None:
        entry = self._current()
        try:
            endpoint = self._validate(entry)
        except _Invalid as exc:
            return self._invalid(exc)
        typed, saved = entry.new_key.strip(), None if entry.forget else entry.saved
        self._test_warning = localized(plain_http_warning(endpoint.base_url, bool(typed or saved and entry.has_key))
                                       or "")
        self.test_button.setEnabled(False)
        self._say(self.tr("Connecting to {url}…").format(url=endpoint.base_url))
        url = endpoint.base_url

        def list_models(cancel):  # on the thread: a keyring may be slow to answer (or ask to be unlocked)
            with httpx.Client() as client:
                return RemoteEngine(url, typed or (api_key(saved) if saved else None), TEST_TIMEOUT_S,
                                    client).list_models()

        self._tester.start(list_models, (RemoteError,), self.tr("The test failed"))

    def _on_tested(self, models: list[str] | None, error: str | None) -> None:
        self.test_button.setEnabled(True)
        if error is not None:
            return self._say(error, ERROR_COLOR)
        self._current().models = models  # a test is dropped when the selection changes
        text = self.model_box.currentText() or (models[0] if models else "")
        self.model_box.clear()
        self.model_box.addItems(models)
        self.model_box.setCurrentText(text)
        # Two messages rather than "%n model(s)": the English text says "1 model" / "2 models" without a translation.
        if not models:
            said = self.tr("Connected, but the server lists no models.")
        elif len(models) == 1:
            said = self.tr("Connected: 1 model.")
        else:
            said = self.tr("Connected: {count} models.").format(count=len(models))
        self._say(f"{said} {self._test_warning}".strip(), ERROR_COLOR if self._test_warning else OK_COLOR)

    # -- save and close ------------------------------------------------------------------------------------------

    def _validate(self, entry: _Entry) -> Endpoint:
        name = entry.name.strip()
        if not name:
            raise _Invalid(self.name_edit, self.tr("Give the endpoint a name."))
        if any(other is not entry and other.name.strip().casefold() == name.casefold() for other in self._entries):
            raise _Invalid(self.name_edit, self.tr("Another endpoint is already named '{name}'; give each its own "
                                                   "name.").format(name=name))
        try:
            return Endpoint(name, entry.base_url, entry.default_model)
        except EndpointError as exc:
            raise _Invalid(self.url_edit, localized(exc)) from None

    def _invalid(self, problem: _Invalid) -> None:
        self._say(str(problem), ERROR_COLOR)
        problem.widget.setFocus()

    def save(self) -> None:
        """Validate all, save the endpoints, then their keys; a keyring failure leaves the endpoint saved without a
        key and says how to pass the key instead (the keyring's message does)."""
        shown = self.list.currentRow()
        for row in sorted(range(len(self._entries)), key=lambda row: row != shown):  # the one in view first
            try:
                self._validate(self._entries[row])
            except _Invalid as exc:
                self.list.setCurrentRow(row)
                return self._invalid(exc)
        endpoints = [self._validate(entry) for entry in self._entries]
        save_endpoints(self.settings, endpoints)
        warning = next((w for e, entry in zip(endpoints, self._entries)
                        if (w := plain_http_warning(e.base_url, bool(entry.new_key.strip() or entry.has_key)))), "")
        self._saved_message = (self.tr("Saved. {warning}").format(warning=localized(warning)) if warning
                               else self.tr("Saved."))
        key_work = self._key_work(endpoints)
        self._close_warned = False
        self._say(self.tr("Saving…"))
        self._reload(endpoints[shown].name if shown >= 0 else "", key_work)
        self.endpoints_changed.emit()

    def _key_work(self, endpoints: list[Endpoint]):
        """What Save does to the keyring, as a function to run on the keys' thread: removals, renames (the key moves
        to the new name), new keys and forgotten ones; old keys are read before any is deleted, so swapped names keep
        their keys. It returns the keyring's complaints."""
        entries = [(entry.saved, entry.new_key, entry.forget) for entry in self._entries]
        removed = list(self._removed)
        return lambda: _save_keys(entries, endpoints, removed)


    def reject(self) -> None:
        """Close; with unsaved changes the first Close (or Esc) only says so, the second discards them."""
        if not self._close_warned and (self._removed or any(e.changed() for e in self._entries)):
            self._close_warned = True
            self._say(self.tr("There are unsaved changes: Save them, or Close again to discard them."), ERROR_COLOR)
            return
        self._tester.cancel()
        super().reject()

    def _say(self, text: str, color: str = "") -> None:
        theme.set_style_sheet(self.message, f"color: ${color};" if color else "")  # re-filled in a new theme
        self.message.setText(text)


def _save_keys(entries: list[tuple[Endpoint | None, str, bool]], endpoints: list[Endpoint],
               removed: list[Endpoint]) -> list[str]:
    """See :meth:`EndpointsDialog._key_work`; ``entries`` are (saved, new key, forget) per endpoint."""
    problems: list[str] = []

    def attempt(action, *args):
        try:
            return action(*args)
        except EndpointError as exc:
            problems.append(localized(exc))

    moves: dict[int, str] = {}  # entry index -> the key under its old name
    stale = list(removed)
    for index, ((saved, _, _), endpoint) in enumerate(zip(entries, endpoints)):
        if saved and saved.name != endpoint.name:
            try:
                moves[index] = api_key(saved) or ""
            except EndpointError as exc:
                problems.append(localized(exc))  # could not read it: leave it where it is
            else:
                stale.append(saved)
    for endpoint in stale:
        attempt(delete_api_key, endpoint)
    for index, ((_, new_key, forget), endpoint) in enumerate(zip(entries, endpoints)):
        if new_key.strip():
            attempt(set_api_key, endpoint, new_key)
        elif forget:
            attempt(delete_api_key, endpoint)
        elif index in moves:
            attempt(set_api_key, endpoint, moves[index])
    return problems
