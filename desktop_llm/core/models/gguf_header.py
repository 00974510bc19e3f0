"""A bounded reader for GGUF headers: metadata and tensor table, never the weights.

``gguf.GGUFReader`` parses every array element into numpy views and takes ~17 s on a 262k-token vocabulary; this
reader skips large arrays, caps every count and length against the file size, and so rejects a truncated or
hostile header in milliseconds, before llama.cpp (which may abort the process) ever sees the file.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from gguf.constants import GGML_QUANT_SIZES, GGMLQuantizationType, GGUFValueType, LlamaFileType

from ..common.errors import UserError
from ..common.messages import translate

GGUF_MAGIC = b"GGUF"
MAX_TENSORS = 1_000_000
MAX_KV = 100_000
MAX_STRING = 64 * 1024 * 1024
MAX_ARRAY = 50_000_000
MAX_DIMS = 8
KEEP_ARRAY_ITEMS = 64  # arrays longer than this are counted, not kept
MAX_NESTING = 8  # arrays of arrays: real files nest one level at most

_TRUNCATED = translate("CoreModels", "the file is truncated (it ends inside the header)")
_A_KEY = translate("CoreModels", "a key")  # in place of a key's name that cannot be shown

_SCALARS = {
    GGUFValueType.UINT8: "<B",
    GGUFValueType.INT8: "<b",
    GGUFValueType.UINT16: "<H",
    GGUFValueType.INT16: "<h",
    GGUFValueType.UINT32: "<I",
    GGUFValueType.INT32: "<i",
    GGUFValueType.FLOAT32: "<f",
    GGUFValueType.BOOL: "<?",
    GGUFValueType.UINT64: "<Q",
    GGUFValueType.INT64: "<q",
    GGUFValueType.FLOAT64: "<d",
}


def shown(text: object, fallback: str) -> str:
    """A name read from a file, fit to appear in a message: printable and short, else ``fallback``."""
    text = str(text)
    return text if text.isprintable() and 0 < len(text) <= 80 and "\ufffd" not in text else fallback


class ModelFileError(UserError, ValueError):
    """The file cannot be used as a model; the message says why in words a user understands."""


@dataclass
class GGUFInfo:
    path: Path
    version: int
    file_size: int
    metadata: dict[str, object]
    array_lengths: dict[str, int]
    tensor_count: int
    data_end: int = 0

    @property
    def architecture(self) -> str:
        return str(self.metadata.get("general.architecture", "unknown"))

    @property
    def name(self) -> str:
        return shown(self.metadata.get("general.name") or "", self.path.stem)

    @property
    def chat_template(self) -> str | None:
        template = self.metadata.get("tokenizer.chat_template")
        return template if isinstance(template, str) and template.strip() else None

    @property
    def context_length(self) -> int | None:
        value = self.metadata.get(f"{self.architecture}.context_length")
        return int(value) if isinstance(value, int) else None

    @property
    def quantization(self) -> str:
        file_type = self.metadata.get("general.file_type")
        try:
            return LlamaFileType(int(file_type)).name.removeprefix("MOSTLY_")
        except (TypeError, ValueError):
            return "unknown"

    @property
    def vocab_size(self) -> int:
        return self.array_lengths.get("tokenizer.ggml.tokens", 0)


class _Reader:
    def __init__(self, handle: BinaryIO, size: int, keep: frozenset[str] = frozenset()):
        self.handle = handle
        self.size = size
        self.keep = keep  # arrays read in full however long (the vocabulary, for its checks)

    def take(self, count: int) -> bytes:
        data = self.handle.read(count)
        if len(data) != count:
            raise ModelFileError(_TRUNCATED)
        return data

    def unpack(self, fmt: str):
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]

    def string(self) -> str:
        length = self.unpack("<Q")
        if length > MAX_STRING or length > self.size - self.handle.tell():
            raise ModelFileError(translate("CoreModels", "the header holds an impossible string length ({length} "
                                           "bytes)").format(length=length))
        return self.take(length).decode("utf-8", errors="replace")

    def skip(self, count: int) -> None:
        if count > self.size - self.handle.tell():
            raise ModelFileError(_TRUNCATED)
        self.handle.seek(count, 1)

    def value_type(self) -> GGUFValueType:
        raw = self.unpack("<I")
        try:
            return GGUFValueType(raw)
        except ValueError:
            raise ModelFileError(translate("CoreModels", "the header holds an unknown value type ({type})").format(
                type=raw)) from None

    def value(self, kind: GGUFValueType, key: str, lengths: dict[str, int], depth: int = 0):
        if kind in _SCALARS:
            return self.unpack(_SCALARS[kind])
        if kind == GGUFValueType.STRING:
            return self.string()
        if depth >= MAX_NESTING:
            raise ModelFileError(translate("CoreModels", "the header nests arrays more than {depth} deep ({key}): the "
                                           "file is damaged").format(depth=MAX_NESTING, key=shown(key, _A_KEY)))
        item_kind = self.value_type()
        count = self.unpack("<Q")
        if count > MAX_ARRAY:
            raise ModelFileError(translate("CoreModels", "the header holds an absurd array length for {key} "
                                           "({count})").format(key=shown(key, _A_KEY), count=count))
        lengths[key] = count
        if key in self.keep and depth == 0 and item_kind in _SCALARS:
            fmt = _SCALARS[item_kind]
            return list(struct.unpack(f"<{count}{fmt[1]}", self.take(count * struct.calcsize(fmt))))
        if count > KEEP_ARRAY_ITEMS and key not in self.keep:
            self._skip_array(item_kind, count, key)
            return None
        return [self.value(item_kind, key, lengths, depth + 1) for _ in range(count)]

    def _skip_array(self, kind: GGUFValueType, count: int, key: str) -> None:
        if kind in _SCALARS:
            self.skip(count * struct.calcsize(_SCALARS[kind]))
        elif kind == GGUFValueType.STRING:
            for _ in range(count):
                length = self.unpack("<Q")
                if length > MAX_STRING:
                    raise ModelFileError(translate("CoreModels", "the header holds an impossible string length in "
                                                   "{key}").format(key=shown(key, _A_KEY)))
                self.skip(length)
        else:
            raise ModelFileError(translate("CoreModels", "nested arrays are not supported ({key})").format(
                key=shown(key, _A_KEY)))


def read_gguf_header(path: str | Path, keep: frozenset[str] = frozenset()) -> GGUFInfo:
    """Parse and sanity-check the header of ``path``; raise :class:`ModelFileError` with a plain reason. Arrays
    named in ``keep`` are read in full (others over ``KEEP_ARRAY_ITEMS`` items are only counted)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        handle = path.open("rb")
    except FileNotFoundError:
        raise ModelFileError(translate("CoreModels", "{path} does not exist").format(path=str(path))) from None
    except OSError as exc:
        raise ModelFileError(translate("CoreModels", "{path} cannot be read: {reason}").format(
            path=str(path), reason=exc.strerror)) from None
    with handle:
        reader = _Reader(handle, size, keep)
        if size < 24 or handle.read(4) != GGUF_MAGIC:
            raise ModelFileError(translate("CoreModels", "{name} is not a GGUF model file (llama.cpp needs .gguf "
                                           "files)").format(name=path.name))
        version = reader.unpack("<I")
        if version not in (2, 3):
            raise ModelFileError(translate("CoreModels", "{name} uses GGUF version {version}, which is not "
                                           "supported").format(name=path.name, version=version))
        tensor_count = reader.unpack("<Q")
        kv_count = reader.unpack("<Q")
        if tensor_count > MAX_TENSORS or kv_count > MAX_KV:
            raise ModelFileError(translate("CoreModels", "{name} has absurd header counts ({tensors} tensors, "
                                           "{keys} keys)").format(name=path.name, tensors=tensor_count, keys=kv_count))
        metadata: dict[str, object] = {}
        lengths: dict[str, int] = {}
        for _ in range(kv_count):
            key = reader.string()
            metadata[key] = reader.value(reader.value_type(), key, lengths)
        info = GGUFInfo(path, version, size, metadata, lengths, tensor_count)
        _check_tensors(reader, info)
    return info


def _check_tensors(reader: _Reader, info: GGUFInfo) -> None:
    """Read the tensor table and check that every tensor's bytes lie inside the file."""
    alignment = info.metadata.get("general.alignment", 32)
    if not isinstance(alignment, int) or alignment <= 0 or alignment & (alignment - 1):
        raise ModelFileError(translate("CoreModels", "{name} declares an invalid alignment ({alignment})").format(
            name=info.path.name, alignment=str(alignment)))
    extents = []
    for number in range(info.tensor_count):
        name = shown(reader.string(), translate("CoreModels", "number {number}").format(number=number + 1))
        n_dims = reader.unpack("<I")
        if not 1 <= n_dims <= MAX_DIMS:
            raise ModelFileError(translate("CoreModels", "tensor {name} has {dims} dimensions").format(
                name=name, dims=n_dims))
        dims = [reader.unpack("<Q") for _ in range(n_dims)]
        raw_type = reader.unpack("<I")
        offset = reader.unpack("<Q")
        try:
            block, type_size = GGML_QUANT_SIZES[GGMLQuantizationType(raw_type)]
        except (ValueError, KeyError):
            raise ModelFileError(translate("CoreModels", "tensor {name} has an unknown type ({type})").format(
                name=name, type=raw_type)) from None
        elements = 1
        for dim in dims:
            elements *= dim
        if elements % block or elements > info.file_size * 8:
            raise ModelFileError(translate("CoreModels", "tensor {name} has impossible dimensions {dims}").format(
                name=name, dims=str(dims)))
        extents.append(offset + elements // block * type_size)
    data_start = -(-reader.handle.tell() // alignment) * alignment
    info.data_end = data_start + max(extents, default=0)
    if info.data_end > info.file_size:
        missing = info.data_end - info.file_size
        raise ModelFileError(translate("CoreModels", "{name} is truncated: {missing:,} bytes of weights are missing "
                                       "(an interrupted download or copy?)").format(name=info.path.name,
                                                                                   missing=missing))
