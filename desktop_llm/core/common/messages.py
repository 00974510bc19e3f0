"""Text the core writes for people: English as it stands, and translatable by the UI.

The core never imports Qt, yet its messages (a document that cannot be read, "fits in one pass", a download that
stopped) reach the window. Each is written as ``translate("Core", "Cannot open {name}: {reason}.").format(...)``:
``pyside6-lupdate`` finds ``translate(context, source)`` calls as it finds Qt's own, so the strings land in the
``.ts`` file with the UI's; the result is a :class:`Text` — an ordinary ``str`` in English (the CLI, logs and
exceptions use it as it is) that also remembers its source, count and arguments, from which the UI renders it in
its own language (``ui.i18n.localized``). Plurals use Qt's ``%n`` with the count given to ``translate``.

Arguments keep their values: ``{tokens:,}`` is formatted in either language, and an argument that is itself a
:class:`Text` is translated too. A Text survives pickling (the engine host's messages) and a JSON round trip
(:meth:`Text.to_json`, for messages stored with a document).
"""

from __future__ import annotations

import json
from typing import Any, Iterable


class Text(str):
    """English text that remembers how it was written, so that it can be written again in another language."""

    context: str
    source: str
    count: int | None
    args: dict[str, Any]

    def __new__(cls, context: str, source: str, count: int | None = None, args: dict[str, Any] | None = None):
        args = dict(args or {})
        english = source.replace("%n", str(count)) if count is not None else source
        text = super().__new__(cls, english.format(**args) if args else english)
        text.context, text.source, text.count, text.args = context, source, count, args
        return text

    def format(self, *positional, **args: Any) -> Text:  # noqa: A003 — str.format, keeping the arguments
        """The same message with its ``{name}`` fields filled (keyword arguments only: translations reorder)."""
        if positional:
            raise TypeError("Text.format takes keyword arguments only")
        return Text(self.context, self.source, self.count, {**self.args, **args})

    def __reduce__(self):
        return Text, (self.context, self.source, self.count, self.args)

    def to_json(self) -> str:
        """For storage in a text column: the message and its arguments (nested Text included)."""
        return json.dumps(to_data(self), ensure_ascii=False)


def translate(context: str, source: str, disambiguation: str = "", n: int | None = None) -> Text:
    """Mark ``source`` for translation and return it as :class:`Text` (fill it with ``.format``). The signature is
    Qt's ``QCoreApplication.translate``, which ``pyside6-lupdate`` recognises; ``disambiguation`` is unused here
    but kept in that place so the extracted key matches."""
    del disambiguation
    return Text(context, source, n)


def joined(parts: Iterable[str], separator: str = "; ") -> Text:
    """Messages one after another, each translated (joining them as strings would keep only their English)."""
    fields = {f"part{i}": part for i, part in enumerate(parts)}
    return Text("", separator.join(f"{{{name}}}" for name in fields), None, fields)  # no context: nothing to translate


def from_json(stored: str) -> str:
    """A stored message back as :class:`Text`; text stored before messages were kept this way stays as it is."""
    try:
        value = from_data(json.loads(stored))
    except (TypeError, ValueError):
        return stored
    return value if isinstance(value, Text) else stored


def to_data(value: Any) -> Any:
    """A message as JSON-ready data (a dict); anything else as it is (numbers) or as its text."""
    if isinstance(value, Text):
        return {"context": value.context, "source": value.source, "count": value.count,
                "args": {key: to_data(arg) for key, arg in value.args.items()}}
    return value if isinstance(value, (int, float, bool, type(None))) else str(value)


def from_data(value: Any) -> Any:
    """The inverse of :func:`to_data`: a message's dict back as :class:`Text`; other values as they are."""
    if isinstance(value, dict) and "source" in value and "context" in value:
        return Text(value["context"], value["source"], value.get("count"),
                    {key: from_data(arg) for key, arg in value.get("args", {}).items()})
    return value
