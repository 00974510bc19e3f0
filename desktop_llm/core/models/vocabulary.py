"""Checks of a model's vocabulary that llama.cpp does not make before it relies on them (and aborts when wrong).

A SentencePiece vocabulary with byte fallback must spell every byte as a ``<0xNN>`` token: llama.cpp looks the
byte up in a map and aborts the process when one is missing, as soon as a prompt holds that byte. Special-token ids
in the header must lie inside the vocabulary; BPE merges must be two parts around a space; token types must be
known ones. Each is refused here with a sentence that names what is wrong.
"""

from __future__ import annotations

from pathlib import Path

from ..common.messages import translate
from .gguf_header import ModelFileError, read_gguf_header

TOKENS, TYPES, SCORES, MERGES = ("tokenizer.ggml.tokens", "tokenizer.ggml.token_type", "tokenizer.ggml.scores",
                                 "tokenizer.ggml.merges")
TOKEN_TYPES = range(0, 7)  # undefined, normal, unknown, control, user-defined, unused, byte
NO_TOKEN = (-1, 0xFFFFFFFF)  # how a header says "no such token"


def check_vocabulary(path: str | Path) -> None:
    """Raise :class:`ModelFileError` when the vocabulary of ``path`` would make llama.cpp misbehave."""
    info = read_gguf_header(path, keep=frozenset({TOKENS, TYPES, MERGES}))
    meta, name = info.metadata, Path(path).name
    tokens = meta.get(TOKENS)
    if not isinstance(tokens, list):
        return  # no vocabulary: llama.cpp refuses such a file itself, with a message
    count = len(tokens)
    for key in (TYPES, SCORES):
        if key in info.array_lengths and info.array_lengths[key] != count:
            raise ModelFileError(_damaged(name, translate("CoreModels", "{entries:,} entries in {key} for {count:,} "
                                                          "tokens").format(entries=info.array_lengths[key], key=key,
                                                                           count=count)))
    types = meta.get(TYPES)
    if isinstance(types, list):
        wrong = next((n for n, kind in enumerate(types) if kind not in TOKEN_TYPES), None)
        if wrong is not None:
            raise ModelFileError(_damaged(name, translate("CoreModels", "token {token} has an unknown type "
                                                          "({type})").format(token=wrong, type=str(types[wrong]))))
    for key, value in meta.items():
        if key.startswith("tokenizer.ggml.") and key.endswith("_token_id") and isinstance(value, int):
            if value not in NO_TOKEN and not 0 <= value < count:
                raise ModelFileError(_damaged(name, translate("CoreModels", "{key} is {value}, outside its {count:,} "
                                                              "tokens").format(key=key, value=value, count=count)))
    kind = meta.get("tokenizer.ggml.model")
    if kind == "llama" and isinstance(types, list) and 6 in types:  # SentencePiece with byte fallback
        spelled = set(tokens)
        missing = [byte for byte in range(256) if f"<0x{byte:02X}>" not in spelled]
        if missing:
            listed = ", ".join(f"<0x{byte:02X}>" for byte in missing[:4]) + (" …" if len(missing) > 4 else "")
            raise ModelFileError(_damaged(name, translate("CoreModels", "{missing} of the 256 byte tokens are missing "
                                                          "({listed}); llama.cpp would crash on text that needs "
                                                          "them").format(missing=len(missing), listed=listed)))
    merges = meta.get(MERGES)
    if kind == "gpt2" and isinstance(merges, list):
        wrong = next((n for n, merge in enumerate(merges) if not isinstance(merge, str) or merge.find(" ", 1) < 1),
                     None)
        if wrong is not None:
            raise ModelFileError(_damaged(name, translate("CoreModels", "merge rule {rule} ({merge}) is not two parts "
                                                          "around a space").format(rule=wrong,
                                                                                   merge=repr(merges[wrong]))))


def _damaged(name: str, problem: str) -> str:
    return translate("CoreModels", "{name} has a damaged vocabulary: {problem}").format(name=name, problem=problem)
