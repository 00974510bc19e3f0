"""Which model a job runs on: loading a local file (vetted, checked to fit, GPU layers stepped down), switching to
a server's model, and the starter model's first install.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Union

from ..common.errors import Cancelled
from ..common.messages import Text, translate
from ..engines.base import LoadOptions, ModelInfo, ModelLoadError
from ..models.catalog import ModelHints, ModelSpec
from ..models.hardware import TOO_BIG, detect, fit, memory_needed
from ..models.modelcheck import check_model_file
from ..models.starter import install_starter
from .context import Job, JobContext


@dataclass(frozen=True)
class LoadRefused:
    """The result of a load that would need more memory than is free: the user may load anyway (``force``)."""

    path: Path
    reason: Text


def gpu_layer_attempts(requested: int, block_count: int, gpu_offload: bool) -> list[int]:
    """-1 means auto: all layers, then half, a quarter, then none, until one loads. Else just ``requested``."""
    if requested >= 0 or not gpu_offload:
        return [max(requested, 0)]
    layers = max(block_count, 1) + 1  # + the output layer
    return [layers, layers // 2, layers // 4, 0]


def load_model_job(path: Path, options: LoadOptions, hints: ModelHints | None,
                   known_good: dict[str, list[int]], force: bool = False) -> Job:
    """Vet the file (trial load in a child process the first time), check it fits, then load it here.

    Returns the :class:`ModelInfo` (or :class:`LoadRefused` when it would not fit and ``force`` is off).
    ``known_good`` is only read here (the caller records the fingerprint of a file that loaded, on its own thread).
    """

    def run(ctx: JobContext) -> ModelInfo | LoadRefused:
        ctx.on_progress(0.0, translate("CoreEngine", "Checking {name}…").format(name=path.name))
        info = check_model_file(path, known_good, ctx.cancel)
        hardware = detect()
        needed = memory_needed(info, options.n_ctx)
        if not force and fit(needed, hardware) == TOO_BIG:
            return LoadRefused(Path(path), translate(
                "CoreEngine", "{name} needs about {needed:.1f} GiB of memory with a {n_ctx:,}-token context; "
                "{free:.1f} GiB are free. Close other programs, lower the context length, or load it anyway.").format(
                name=path.name, needed=needed / 2**30, n_ctx=options.n_ctx, free=hardware.available_ram / 2**30))
        if ctx.cancel.is_set():
            raise Cancelled()
        ctx.use_local()  # only now: a refused or bad file leaves a server's model in use
        attempts = gpu_layer_attempts(options.n_gpu_layers, int(info.metadata.get(
            f"{info.architecture}.block_count", 0) or 0), hardware.gpu_offload)
        for layers in attempts[:-1]:
            try:
                return ctx.engine.load(path, replace(options, n_gpu_layers=layers), hints,
                                       ctx.on_progress, ctx.cancel)
            except ModelLoadError:
                ctx.on_progress(0.0, translate("CoreEngine", "Not enough GPU memory for {layers} layers: trying "
                                               "fewer…").format(layers=layers))
        return ctx.engine.load(path, replace(options, n_gpu_layers=attempts[-1]), hints, ctx.on_progress,
                               ctx.cancel)

    return run


@dataclass(frozen=True)
class ModelRequest:
    """The model a text tool wants: loaded before the tool runs unless it already is."""

    path: Path
    options: LoadOptions
    hints: ModelHints | None = None  # what the catalog says about the file
    known_good: dict[str, list[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class RemoteModel:
    """A model on an OpenAI-compatible server. The API key is looked up on the engine's thread (a keyring can
    block): from the keyring entry ``key_name``, or given as ``api_key`` (the CLI's environment variable)."""

    base_url: str
    model_id: str = ""  # "" picks the server's only model
    key_name: str = ""
    api_key: str | None = None
    n_ctx: int = 4096  # used when the server does not say

    def matches(self, info: ModelInfo | None) -> bool:
        from ..engines.remote import normalize_base_url

        if info is None or not info.remote:
            return False
        return info.path == normalize_base_url(self.base_url) and (not self.model_id or info.model_id == self.model_id)


AnyModelRequest = Union[ModelRequest, RemoteModel]


def use_remote(ctx: JobContext, remote: RemoteModel) -> ModelInfo:
    """Make a server's model the one in use; the local engine keeps its model for when the user comes back."""
    from ..engines.endpoints import Endpoint, api_key
    from ..engines.remote import RemoteEngine

    if ctx.engine is not None and remote.matches(ctx.engine.model):
        return ctx.engine.model
    key = remote.api_key
    if key is None and remote.key_name:
        key = api_key(Endpoint(remote.key_name, remote.base_url))
    engine = RemoteEngine(remote.base_url, key)
    info = engine.load(remote.model_id, LoadOptions(n_ctx=remote.n_ctx), None, ctx.on_progress, ctx.cancel)
    ctx.engine = engine
    return info


def ensure_model(ctx: JobContext, request: AnyModelRequest | None) -> ModelInfo:
    """The engine's model after loading ``request`` if another one (or none) is loaded; None keeps the current one."""
    if isinstance(request, RemoteModel):
        return use_remote(ctx, request)
    if request is not None:
        ctx.use_local()
    current = ctx.engine.model
    if request is None or (current is not None and not current.remote and Path(current.path) == Path(request.path)):
        if current is None:
            raise ModelLoadError(translate("CoreEngine", "No model is loaded: pick one in the model list first."))
        return current
    loaded = load_model_job(request.path, request.options, request.hints, request.known_good)(ctx)
    if isinstance(loaded, LoadRefused):  # the same numbers; loading anyway is for the Chat pane
        raise ModelLoadError(translate(
            "CoreEngine", "{name} needs about {needed:.1f} GiB of memory with a {n_ctx:,}-token context; {free:.1f} "
            "GiB are free. Close other programs, lower the context length, or load it from the Chat pane "
            "anyway.").format(**loaded.reason.args))
    return loaded


def install_starter_job(spec: ModelSpec, models_dir: Path) -> Job:
    return lambda ctx: install_starter(spec, models_dir, ctx.on_progress, ctx.cancel)


def close_all_job(ctx: JobContext) -> None:
    """Free the local model (its engine host ends) and let go of a server's model: the app is closing."""
    ctx.engine.close()
    ctx.local_engine.close()
    ctx.close_store()
