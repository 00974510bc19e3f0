"""Damaged copies of a GGUF file, reproducible from a seed: the fuzz suite's input.

Each case damages one region of a good file the way broken downloads, bad converters and hostile files do:
- ``header``: the magic, version and counts;
- ``metadata``: a value of the key/value section (an extreme integer, flipped bytes, a string length);
- ``vocabulary``: a token's spelling, a token type, a special-token id;
- ``tensors``: a tensor's name, dimensions, type or offset in the tensor table;
- ``truncated``: the file cut short anywhere.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

REGIONS = ("header", "metadata", "vocabulary", "tensors", "truncated")
EXTREMES = (0, 1, 0x7F, 0xFF, 0x7FFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 0x8000000000000000)


@dataclass(frozen=True)
class Layout:
    """Where the regions of a GGUF file lie (from ``gguf.GGUFReader``)."""

    size: int
    metadata: tuple[int, int]  # the key/value section
    vocabulary: list[tuple[int, int]]  # the tokenizer fields
    tensors: tuple[int, int]  # the tensor table
    ints: list[tuple[int, int]]  # (offset, width) of every scalar integer value


def layout(path: Path) -> Layout:
    from gguf import GGUFReader, GGUFValueType

    reader = GGUFReader(str(path))
    fields = [f for name, f in reader.fields.items() if not name.startswith("GGUF.")]
    widths = {GGUFValueType.UINT8: 1, GGUFValueType.INT8: 1, GGUFValueType.UINT16: 2, GGUFValueType.INT16: 2,
              GGUFValueType.UINT32: 4, GGUFValueType.INT32: 4, GGUFValueType.UINT64: 8, GGUFValueType.INT64: 8}
    ints, vocabulary = [], []
    for field in fields:
        end = field.offset + sum(part.nbytes for part in field.parts)
        if field.name.startswith("tokenizer."):
            vocabulary.append((field.offset, end))
        if len(field.types) == 1 and field.types[0] in widths:
            width = widths[field.types[0]]
            ints.append((end - width, width))
        for part in field.parts:  # string and array lengths are 8-byte counts: damage them too
            if part.dtype.itemsize == 8 and part.size == 1:
                ints.append((field.offset + _offset_of(field, part), 8))
    first_tensor = reader.tensors[0].field.offset
    return Layout(path.stat().st_size, (fields[0].offset, first_tensor), vocabulary,
                  (first_tensor, reader.data_offset), ints)


def _offset_of(field, wanted) -> int:
    offset = 0
    for part in field.parts:
        if part is wanted:
            return offset
        offset += part.nbytes
    return 0


def damage(data: bytes, where: Layout, seed: int) -> tuple[str, bytes]:
    """A damaged copy of ``data`` and a line that says what was done to it."""
    rng = random.Random(seed)
    region = REGIONS[seed % len(REGIONS)]
    out = bytearray(data)
    if region == "truncated":
        cut = rng.randrange(4, where.size)
        return f"truncated at byte {cut:,}", bytes(out[:cut])
    if region == "header":
        start, end = 0, 24
    elif region == "metadata":
        if rng.random() < 0.6:
            offset, width = rng.choice(where.ints)
            value = rng.choice(EXTREMES) & ((1 << (8 * width)) - 1)
            out[offset:offset + width] = value.to_bytes(width, "little")
            return f"integer at byte {offset:,} set to {value:#x}", bytes(out)
        start, end = where.metadata
    elif region == "vocabulary":
        start, end = rng.choice(where.vocabulary)
    else:
        start, end = where.tensors
    flips = rng.randint(1, 4)
    places = sorted(rng.randrange(start, end) for _ in range(flips))
    for place in places:
        out[place] = rng.randrange(256) if rng.random() < 0.5 else out[place] ^ (1 << rng.randrange(8))
    return f"{region}: {flips} byte(s) changed at {', '.join(f'{p:,}' for p in places)}", bytes(out)


def write_cases(source: Path, folder: Path, seeds: range) -> list[tuple[int, str, Path]]:
    """(seed, description, path) of a damaged copy of ``source`` per seed, written to ``folder``."""
    data = source.read_bytes()
    where = layout(source)
    cases = []
    for seed in seeds:
        description, damaged = damage(data, where, seed)
        path = folder / f"case-{seed:05d}.gguf"
        path.write_bytes(damaged)
        cases.append((seed, description, path))
    return cases
