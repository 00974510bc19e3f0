"""The model catalog (``models.json``): typed, validated entries the rest of the app can trust."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from ..common.errors import UserError
from ..common.messages import translate
from ..common.paths import bundled_file

LOOPBACK = {"127.0.0.1", "localhost", "::1"}  # plain http only for a local test server

CATALOG_ENV = "DESKTOP_LLM_CATALOG"
SCHEMA_VERSION = 2  # 2 added "kind"; a version 1 file is still read (its models are taken as instruct models)
USES = ("chat", "summarize", "translate", "sentiment")
KINDS = ("base", "instruct", "embedding")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class CatalogError(UserError, ValueError):
    """The catalog file is missing, not JSON, or has an invalid entry; the message names file and field."""


@dataclass(frozen=True)
class ModelHints:
    """What the catalog knows about a model file that the file may not say itself."""

    chat_template: str | None = None  # for files without one of their own
    base: bool = False  # a base (not instruction-tuned) model: it chats through a plain transcript


POOLING_NAMES = ("mean", "cls", "last")  # how an embedding model makes one vector of a sequence's tokens


@dataclass(frozen=True)
class EmbeddingSpec:
    """How a model embeds (from its catalog entry): pooling ("" = the file's own) and the prefixes it expects."""

    pooling: str = ""
    query_prefix: str = ""
    passage_prefix: str = ""


@dataclass(frozen=True)
class ModelSpec:
    id: str
    name: str
    family: str
    filename: str
    url: str | None
    package: str | None
    size: int | None
    sha256: str | None
    quantization: str
    parameters: str
    context_length: int
    ram_required: int
    license: str
    recommended_use: tuple[str, ...]
    description: str
    kind: str = "instruct"  # "base": continues text, chats through a plain transcript; "instruct": follows a template
    chat_template: str | None = None
    languages: tuple[str, ...] = ("en",)  # languages it writes well (ISO 639-1)
    reasoning: bool = False  # thinks aloud in <think>…</think> before answering
    quality: int = 0  # editorial overall rank among the catalog's models (higher is better): orders recommendations
    embedding: EmbeddingSpec | None = None  # kind "embedding": how it embeds (not a chat model)
    description_zh: str | None = None  # the description in Simplified Chinese (for the Chinese UI)

    def description_in(self, language: str) -> str:
        """The description in ``language`` (ISO 639-1) where the catalog has it, else in English."""
        return self.description_zh if language == "zh" and self.description_zh else self.description

    @property
    def hints(self) -> ModelHints:
        return ModelHints(self.chat_template, base=self.kind == "base")

    @property
    def parameter_count(self) -> float:
        """"270M" → 2.7e8, "1.5B" → 1.5e9, "2B (effective)" → 2e9; 0 when it says something else."""
        match = re.match(r"([\d.]+)\s*([MB])\b", self.parameters.strip(), re.IGNORECASE)
        return float(match.group(1)) * (1e6 if match.group(2).upper() == "M" else 1e9) if match else 0.0


_REQUIRED = {
    "id": str,
    "name": str,
    "family": str,
    "filename": str,
    "quantization": str,
    "parameters": str,
    "context_length": int,
    "ram_required": int,
    "license": str,
    "recommended_use": list,
    "description": str,
}
_OPTIONAL = {"url": str, "package": str, "size": int, "sha256": str, "chat_template": str, "kind": str,
             "languages": list, "reasoning": bool, "quality": int, "embedding": dict, "description_zh": str}
_DEFAULTS = {"kind": "instruct", "languages": ["en"], "reasoning": False, "quality": 0}


@dataclass(frozen=True)
class Catalog:
    path: Path
    models: tuple[ModelSpec, ...]

    def get(self, model_id: str) -> ModelSpec | None:
        return next((m for m in self.models if m.id == model_id), None)

    def starter(self) -> ModelSpec | None:
        """The entry installed from a PyPI package with the app (works offline from the first run)."""
        return next((m for m in self.models if m.package), None)

    def for_file(self, path: Path) -> ModelSpec | None:
        return next((m for m in self.models if m.filename == path.name), None)


def catalog_path(override: str | Path | None = None) -> Path:
    if override:
        return Path(override)
    if os.environ.get(CATALOG_ENV):
        return Path(os.environ[CATALOG_ENV])
    return bundled_file("models.json")


def load_catalog(override: str | Path | None = None) -> Catalog:
    path = catalog_path(override)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogError(translate("CoreModels", "model catalog {path} does not exist").format(path=str(path))) \
            from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogError(translate("CoreModels", "model catalog {path} is not readable JSON: {error}").format(
            path=str(path), error=str(exc))) from None
    if not isinstance(raw, dict) or raw.get("schema_version") not in (1, SCHEMA_VERSION):
        raise CatalogError(translate("CoreModels", "model catalog {path} must be an object with schema_version "
                                     "{version}").format(path=str(path), version=SCHEMA_VERSION))
    entries = raw.get("models")
    if not isinstance(entries, list):
        raise CatalogError(translate("CoreModels", "model catalog {path} has no 'models' list").format(path=str(path)))
    models = [_parse_entry(path, index, entry, raw["schema_version"]) for index, entry in enumerate(entries)]
    ids = [m.id for m in models]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise CatalogError(translate("CoreModels", "model catalog {path} repeats the id(s) {ids}").format(
            path=str(path), ids=", ".join(duplicates)))
    return Catalog(path, tuple(models))


def _parse_entry(path: Path, index: int, entry, version: int) -> ModelSpec:
    if not isinstance(entry, dict):
        raise CatalogError(translate("CoreModels", "model catalog {path}, entry {index} is not an object").format(
            path=str(path), index=index))
    where = translate("CoreModels", "model catalog {path}, entry {index} ({id})").format(
        path=str(path), index=index, id=str(entry.get("id", "?")))

    def wrong(problem) -> CatalogError:
        return CatalogError(translate("CoreModels", "{where}: {problem}").format(where=where, problem=problem))

    values = {}
    for key, kind in _REQUIRED.items():
        if not isinstance(entry.get(key), kind) or isinstance(entry.get(key), bool):
            raise wrong(translate("CoreModels", "'{key}' must be a {type}").format(key=key, type=kind.__name__))
        values[key] = entry[key]
    if version >= 2 and "kind" not in entry:
        raise wrong(translate("CoreModels", "'kind' is missing (one of {kinds})").format(kinds=", ".join(KINDS)))
    for key, kind in _OPTIONAL.items():
        value = entry.get(key)
        if value is not None and (not isinstance(value, kind) or isinstance(value, bool) != (kind is bool)):
            raise wrong(translate("CoreModels", "'{key}' must be a {type} or null").format(key=key,
                                                                                           type=kind.__name__))
        values[key] = _DEFAULTS.get(key) if value is None else value
    if values["kind"] not in KINDS:
        raise wrong(translate("CoreModels", "'kind' must be one of {kinds}").format(kinds=", ".join(KINDS)))
    if not all(isinstance(code, str) and re.fullmatch(r"[a-z]{2}", code) for code in values["languages"]):
        raise wrong(translate("CoreModels", "'languages' must list two-letter language codes"))
    values["languages"] = tuple(values["languages"])
    if not _ID.match(values["id"]):
        raise wrong(translate("CoreModels", "'id' may hold only lowercase letters, digits, '.', '_' and '-'"))
    if not values["filename"].endswith(".gguf") or "/" in values["filename"] or "\\" in values["filename"]:
        raise wrong(translate("CoreModels", "'filename' must be a plain .gguf file name"))
    if values["sha256"] is not None and not _SHA256.match(values["sha256"]):
        raise wrong(translate("CoreModels", "'sha256' must be 64 lowercase hex digits or null"))
    if not (values["url"] or values["package"]):
        raise wrong(translate("CoreModels", "needs a 'url' or a 'package' to install from"))
    if values["url"]:
        parsed = urlparse(values["url"])
        if not (parsed.scheme == "https" or (parsed.scheme == "http" and parsed.hostname in LOOPBACK)):
            raise wrong(translate("CoreModels", "'url' must be https"))
    unknown = set(values["recommended_use"]) - set(USES)
    if unknown:
        raise wrong(translate("CoreModels", "unknown recommended_use {uses}").format(uses=str(sorted(unknown))))
    values["recommended_use"] = tuple(values["recommended_use"])
    values["embedding"] = _embedding_spec(values["kind"], values["embedding"], values["recommended_use"], wrong)
    return ModelSpec(**values)


def _embedding_spec(kind: str, raw: dict | None, uses: tuple[str, ...], wrong) -> EmbeddingSpec | None:
    """An embedding model says how it pools and what it puts before questions and passages; it has no chat uses."""
    if kind != "embedding":
        if raw is not None:
            raise wrong(translate("CoreModels", "'embedding' belongs to models of kind 'embedding' only"))
        return None
    if raw is None or uses:
        raise wrong(translate("CoreModels", "an embedding model needs an 'embedding' object and no recommended_use"))
    spec = EmbeddingSpec(**{key: raw.get(key, "") for key in ("pooling", "query_prefix", "passage_prefix")})
    if spec.pooling not in ("", *POOLING_NAMES) or not all(isinstance(value, str) for value in vars(spec).values()):
        raise wrong(translate("CoreModels", "'embedding' needs a pooling of {names} and text prefixes").format(
            names=", ".join(POOLING_NAMES)))
    return spec
