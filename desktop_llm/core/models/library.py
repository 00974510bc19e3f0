"""The models on this machine: catalog downloads and imported files, with their GGUF metadata and fit."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from ..common.errors import UserError
from ..common.fileio import copy_into_place, partial_path
from ..common.messages import translate
from ..common.settings import Settings
from .catalog import Catalog, ModelSpec
from .download import sha256_file, state_path
from .gguf_header import GGUFInfo, ModelFileError, read_gguf_header
from .modelcheck import check_model_file, file_fingerprint


@dataclass(frozen=True)
class InstalledModel:
    path: Path
    spec: ModelSpec | None  # the catalog entry, when the file is one
    info: GGUFInfo | None  # None when the header cannot be read (the error is in ``problem``)
    referenced: bool  # imported by reference: the file stays where the user keeps it
    problem: str = ""  # a Text: the UI shows it in its language

    @property
    def name(self) -> str:
        if self.spec:
            return self.spec.name
        return self.info.name if self.info else self.path.stem


@lru_cache(maxsize=256)
def _cached_header(path: str, size: int, mtime_ns: int) -> GGUFInfo:
    """Headers are read once per file version (a 262k-token vocabulary takes ~0.3 s to skip through)."""
    return read_gguf_header(path)


class ImportRefused(UserError):
    """A model file that cannot be added to the library (a name already taken, no room on the disk)."""


class ModelLibrary:
    """Reads the models folder and the settings' list of referenced files; imports and removes models."""

    def __init__(self, models_dir: Path, catalog: Catalog, settings: Settings):
        self.models_dir = models_dir
        self.catalog = catalog
        self.settings = settings

    def path_for(self, spec: ModelSpec) -> Path:
        return self.models_dir / spec.filename

    def files(self) -> list[tuple[Path, bool]]:
        """The installed model files as (path, referenced), without opening them: cheap enough for the UI thread."""
        paths = [(p, False) for p in sorted(self.models_dir.glob("*.gguf"))]
        return paths + [(Path(p), True) for p in self.settings.referenced_models if Path(p).exists()]

    def display_name(self, path: Path, referenced: bool) -> str:
        spec = None if referenced else self.catalog.for_file(path)
        return spec.name if spec else path.stem

    def is_embedding(self, path: Path, referenced: bool) -> bool:
        """A catalog embedding model (it ranks passages; it does not chat)."""
        spec = None if referenced else self.catalog.for_file(path)
        return spec is not None and spec.kind == "embedding"

    def installed(self) -> list[InstalledModel]:
        """The installed models with their GGUF metadata (headers are read once per file version)."""
        return [self._describe(path, referenced) for path, referenced in self.files()]

    def _describe(self, path: Path, referenced: bool) -> InstalledModel:
        spec = None if referenced else self.catalog.for_file(path)
        stat = path.stat()
        try:
            return InstalledModel(path, spec, _cached_header(str(path), stat.st_size, stat.st_mtime_ns), referenced)
        except ModelFileError as exc:
            return InstalledModel(path, spec, None, referenced, exc.args[0] if exc.args else str(exc))

    def find(self, reference: str) -> InstalledModel | None:
        """An installed model by catalog id, file name or path."""
        for model in self.installed():
            if reference in (model.spec.id if model.spec else None, model.path.name, str(model.path)):
                return model
        return None

    def has_partial(self, spec: ModelSpec) -> bool:
        return partial_path(self.path_for(spec)).exists()

    def drop_partial(self, spec: ModelSpec) -> None:
        """Forget a paused download: its partial data and the note of what it was fetching."""
        for leftover in (partial_path(self.path_for(spec)), state_path(self.path_for(spec))):
            leftover.unlink(missing_ok=True)

    def vet(self, source: Path, cancel=None) -> GGUFInfo:
        """Check a file before it is added (header, then a trial load in a child process): slow, never on the UI or
        the engine thread."""
        return check_model_file(Path(source).expanduser().resolve(), self.settings.checked_models, cancel)

    def import_file(self, source: Path, copy: bool = True, cancel=None,
                    on_progress: Callable[[int, int], None] | None = None) -> InstalledModel:
        """Vet ``source``, then copy it into the models folder (or leave it in place). Settings are not touched here
        (this runs off the UI thread): call :meth:`remember` with the result."""
        source = Path(source).expanduser().resolve()
        info = self.vet(source, cancel)
        if not copy:
            return InstalledModel(source, None, info, True)
        target = self.models_dir / source.name
        if target.exists():
            raise ImportRefused(translate("CoreModels", "a model named {name} is already installed").format(
                name=source.name))
        if shutil.disk_usage(self.models_dir).free < source.stat().st_size + 256 * 2**20:
            raise ImportRefused(translate("CoreModels", "not enough disk space in {folder} to copy {name}").format(
                folder=str(self.models_dir), name=source.name))
        copy_into_place([source], target, cancel, on_progress)
        return self._describe(target, False)

    def remember(self, model: InstalledModel) -> None:
        """Record an imported model in the settings: referenced paths, and the file as already vetted."""
        if model.referenced and str(model.path) not in self.settings.referenced_models:
            self.settings.referenced_models.append(str(model.path))
        self.settings.checked_models[str(model.path.resolve())] = file_fingerprint(model.path)

    def remove(self, model: InstalledModel) -> None:
        """Delete a downloaded or copied file; a referenced file is only forgotten, never deleted."""
        if model.referenced:
            self.settings.referenced_models.remove(str(model.path))
        else:
            model.path.unlink(missing_ok=True)
            partial_path(model.path).unlink(missing_ok=True)
        self.settings.checked_models.pop(str(model.path.resolve()), None)

    def verify(self, model: InstalledModel) -> str:
        """Re-check a file on disk: the catalog's sha256 when there is one, else the GGUF header."""
        if model.problem:
            raise ModelFileError(model.problem)
        if model.spec and model.spec.sha256:
            if sha256_file(model.path) != model.spec.sha256:
                raise ModelFileError(translate("CoreModels", "{name} does not match its published sha256: it is "
                                               "damaged").format(name=model.path.name))
            return translate("CoreModels", "sha256 matches the catalog")
        read_gguf_header(model.path)
        return translate("CoreModels", "GGUF header is valid (no published checksum to compare)")
