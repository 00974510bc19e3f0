"""``desktop-llm models …``: the model manager, headless. Errors the user can fix exit 2, others 1."""

from __future__ import annotations

import json
import sys

from ..core.common.errors import UserError
from ..core.common.logs import setup_logging
from ..core.common.paths import app_paths
from ..core.common.settings import load_shared, save_merged
from ..core.models.catalog import CatalogError, load_catalog
from ..core.models.download import DownloadError, DownloadProgress, DownloadRequest, download
from ..core.models.gguf_header import ModelFileError
from ..core.models.hardware import detect, fit
from ..core.models.library import ModelLibrary
from .common import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, BadInput


def run_models(args) -> int:
    paths = app_paths().ensure()
    setup_logging(paths.log_file)
    try:
        catalog = load_catalog(args.catalog)
    except CatalogError as exc:
        raise BadInput(str(exc)) from None
    settings = load_shared(paths.settings_file)
    library = ModelLibrary(paths.models, catalog, settings)
    try:
        return {"list": _list, "download": _download, "import": _import, "verify": _verify,
                "remove": _remove, "recommend": _recommend}[args.action](args, library)
    finally:
        # Only what the action changed (a model imported or removed) is written: the window may have the file too.
        save_merged(settings, paths.settings_file)


def _list(args, library: ModelLibrary) -> int:
    hardware = detect()
    installed = {m.path.name: m for m in library.installed()}
    rows = []
    for spec in library.catalog.models:
        model = installed.pop(spec.filename, None)
        rows.append({"id": spec.id, "name": spec.name, "parameters": spec.parameters,
                     "quantization": spec.quantization, "size": spec.size, "ram_required": spec.ram_required,
                     "fit": fit(spec.ram_required, hardware), "installed": model is not None,
                     "path": str(model.path) if model else None, "license": spec.license})
    for model in installed.values():
        rows.append({"id": None, "name": model.name, "parameters": None,
                     "quantization": model.info.quantization if model.info else None,
                     "size": model.path.stat().st_size, "ram_required": None, "fit": None, "installed": True,
                     "path": str(model.path), "license": None})
    if args.json:
        print(json.dumps({"hardware": hardware.describe(), "models": rows}, indent=2))
        return EXIT_OK
    print(hardware.describe())
    for row in rows:
        size = f"{row['size'] / 1e9:5.2f} GB" if row["size"] else "   ?    "
        mark = "installed" if row["installed"] else (row["fit"] or "")
        print(f"{row['id'] or '(imported)':34} {size}  {mark:10} {row['name']}")
    return EXIT_OK


def _download(args, library: ModelLibrary) -> int:
    spec = library.catalog.get(args.id)
    if spec is None:
        raise BadInput(f"unknown model '{args.id}': see `desktop-llm models list`")
    if not spec.url:
        raise BadInput(f"'{args.id}' is installed with the app, not downloaded")
    target = library.path_for(spec)
    if target.exists():
        print(f"{spec.name} is already installed: {target}", file=sys.stderr)
        return EXIT_OK
    if fit(spec.ram_required, detect()) == "too big":
        print(f"warning: {spec.name} needs about {spec.ram_required / 1e9:.1f} GB of memory, more than this "
              "machine has free", file=sys.stderr)

    def show(progress: DownloadProgress) -> None:
        total = f"{progress.total / 1e6:,.0f}" if progress.total else "?"
        eta = f", {progress.eta_s:,.0f} s left" if progress.eta_s else ""
        print(f"\r{progress.done / 1e6:,.0f} of {total} MB, {progress.speed / 1e6:.1f} MB/s{eta} · "
              f"{progress.status}      ", end="", file=sys.stderr, flush=True)

    try:
        result = download(DownloadRequest(spec.url, target, spec.sha256, spec.size), show)
    except DownloadError as exc:
        print(file=sys.stderr)
        print(f"desktop-llm: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    print(f"\n{spec.name}: {result.size:,} bytes, sha256 verified against the {result.verified_against} → "
          f"{result.path}", file=sys.stderr)
    return EXIT_OK


def _import(args, library: ModelLibrary) -> int:
    try:
        model = library.import_file(args.path, copy=not args.reference)
    except UserError as exc:
        raise BadInput(str(exc)) from None
    library.remember(model)
    print(f"{model.name}: {model.path}" + (" (referenced in place)" if model.referenced else ""))
    return EXIT_OK


def _verify(args, library: ModelLibrary) -> int:
    models = library.installed()
    if args.id:
        chosen = library.find(args.id)
        if chosen is None:
            raise BadInput(f"no installed model '{args.id}'")
        models = [chosen]
    failed = 0
    for model in models:
        try:
            print(f"ok       {model.path.name}: {library.verify(model)}")
        except ModelFileError as exc:
            failed += 1
            print(f"DAMAGED  {model.path.name}: {exc}")
    return EXIT_BAD_INPUT if failed else EXIT_OK


def _remove(args, library: ModelLibrary) -> int:
    model = library.find(args.id)
    if model is None:
        raise BadInput(f"no installed model '{args.id}'")
    library.remove(model)
    print(f"removed {model.path}" if not model.referenced else f"forgot {model.path} (the file was left in place)")
    return EXIT_OK


def _recommend(args, library: ModelLibrary) -> int:
    from ..core.models.recommend import recommend, system_language

    choice = recommend(library.catalog, detect(), args.use, (args.language or system_language()).lower()[:2],
                       library.settings.measured_speeds)
    if choice is None:
        if args.json:
            print("null")
        print("desktop-llm: no catalog model fits this machine better than the one you have", file=sys.stderr)
        return EXIT_FAILURE
    if args.json:
        print(json.dumps(choice.to_json(), ensure_ascii=False))
        return EXIT_OK
    installed = " (installed)" if library.path_for(choice.spec).exists() else ""
    print(f"{choice.spec.name}{installed}: {choice.spec.size / 1e9:.2f} GB download · {choice.spec.id}\n"
          f"{choice.reason}\n{choice.spec.description}\n"
          f"Get it with: desktop-llm models download {choice.spec.id}")
    return EXIT_OK
