"""The entries of the model lists, and how each becomes a load request: a local .gguf, or a saved endpoint's model.

The window's Chat pane and the tool panes show the same list. Settings remember a choice by its ``key`` (a file's
path, or ``remote:NAME``); everything else works with :class:`ModelChoice` objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..common.messages import translate
from ..common.settings import EngineSettings, Settings
from ..engines.base import LoadOptions, ModelInfo
from ..engines.endpoints import EndpointError, find_endpoint, load_endpoints
from ..models.catalog import ModelSpec
from ..models.hardware import Hardware
from ..models.library import ModelLibrary
from ..models.recommend import Recommendation, recommend
from .loading import AnyModelRequest, ModelRequest, RemoteModel

REMOTE_KEY = "remote:"


@dataclass(frozen=True)
class ModelChoice:
    """A model-list entry: a local file (``path``) or the default model of a saved endpoint (``endpoint``)."""

    label: str
    path: Path | None = None
    endpoint: str | None = None

    @property
    def key(self) -> str:
        """How settings remember this choice."""
        return REMOTE_KEY + self.endpoint if self.endpoint is not None else str(self.path)

    @classmethod
    def from_key(cls, key: str, label: str = "") -> ModelChoice | None:
        """The choice a remembered key stands for; None for "" (whichever model is loaded)."""
        if not key:
            return None
        if key.startswith(REMOTE_KEY):
            return cls(label or key, endpoint=key.removeprefix(REMOTE_KEY))
        return cls(label or Path(key).stem, path=Path(key))


class ModelChooser:
    """The models a user can pick, what loading one takes, and which one the engine holds."""

    def __init__(self, library: ModelLibrary, settings: Settings):
        self.library = library
        self.settings = settings

    def choices(self) -> list[ModelChoice]:
        """Installed files (names only: no header is read, this runs on the UI thread) but embedding models, the
        Chat pane's model if it lives elsewhere, then the saved endpoints."""
        choices = [ModelChoice(self.library.display_name(path, referenced), path=path)
                   for path, referenced in self.library.files() if not self.library.is_embedding(path, referenced)]
        current = self.settings.default_models.get("chat", "")
        if current and not current.startswith(REMOTE_KEY) and Path(current).exists() and \
                all(c.path != Path(current) for c in choices):
            choices.append(ModelChoice(Path(current).stem, path=Path(current)))
        return choices + [ModelChoice(translate("CoreEngine", "☁ {name} · {model}").format(
            name=e.name, model=e.default_model or translate("CoreEngine", "its model")), endpoint=e.name)
            for e in load_endpoints(self.settings)]

    def find(self, key: str) -> ModelChoice | None:
        """The listed choice for a remembered key (None when it is gone: a deleted file, a removed endpoint)."""
        return next((c for c in self.choices() if c.key == key), None)

    def request(self, choice: ModelChoice, engine: EngineSettings) -> AnyModelRequest:
        """How to load ``choice`` with these engine settings; raises EndpointError for an endpoint that is gone."""
        if choice.endpoint is not None:
            endpoint = find_endpoint(self.settings, choice.endpoint)
            return RemoteModel(endpoint.base_url, endpoint.default_model, endpoint.name, n_ctx=engine.n_ctx)
        spec = self.library.catalog.for_file(choice.path)
        return ModelRequest(choice.path, LoadOptions(n_ctx=engine.n_ctx, n_threads=engine.threads(),
                                                     n_gpu_layers=engine.n_gpu_layers),
                            spec.hints if spec else None, dict(self.settings.checked_models))

    def is_loaded(self, choice: ModelChoice | None, info: ModelInfo | None) -> bool:
        """Whether ``choice`` (None: whichever is loaded) is the model ``info`` describes."""
        if info is None or choice is None:
            return info is not None
        if choice.endpoint is not None:
            try:
                return self.request(choice, EngineSettings()).matches(info)
            except EndpointError:
                return False
        return not info.remote and Path(info.path) == choice.path

    def choice_for(self, info: ModelInfo) -> ModelChoice | None:
        """The model-list entry of a loaded model (a saved endpoint's entry for a server's model; None for a server
        no saved endpoint points at)."""
        for endpoint in load_endpoints(self.settings):
            if RemoteModel(endpoint.base_url, endpoint.default_model).matches(info):
                return ModelChoice(endpoint.name, endpoint=endpoint.name)
        return None if info.remote else ModelChoice(info.name, path=Path(info.path))


class ModelAccess:
    """What the panes need about models, by remembered key ("" = whichever model is loaded): the choices, a load
    request for one (with the Chat pane's engine settings), and whether the engine holds it (``loaded`` is kept
    current by the window)."""

    def __init__(self, chooser: ModelChooser, engine_settings: Callable[[], EngineSettings]):
        self.chooser = chooser
        self.engine_settings = engine_settings
        self.loaded: ModelInfo | None = None
        self.hardware: Hardware | None = None  # set once detected: what a better model must fit

    def better_model(self, use: str, language: str, must_write: bool = False) -> Recommendation | None:
        """The catalog model to suggest when the one in use fell short at ``use`` (``models.recommend``); None while
        the hardware is unknown, or when nothing in the catalog fits and writes ``language`` (``must_write``)."""
        if self.hardware is None:
            return None
        return recommend(self.chooser.library.catalog, self.hardware, use, language,
                         self.chooser.settings.measured_speeds, must_write)

    def installed(self, spec: ModelSpec) -> Path | None:
        """Where a catalog model is installed; None when it is not (yet)."""
        path = self.chooser.library.path_for(spec)
        return path if path.exists() else None

    def choices(self) -> list[ModelChoice]:
        return self.chooser.choices()

    def request(self, key: str) -> AnyModelRequest | None:
        """None for "" (whichever is loaded); raises EndpointError for an endpoint removed since it was chosen."""
        choice = ModelChoice.from_key(key)
        return None if choice is None else self.chooser.request(choice, self.engine_settings())

    def is_loaded(self, key: str) -> bool:
        return self.chooser.is_loaded(ModelChoice.from_key(key), self.loaded)

    def key_for(self, info: ModelInfo) -> str:
        choice = self.chooser.choice_for(info)
        return choice.key if choice else ""
