"""Desktop LLM: chat and text tools over a local language model, fully offline."""

__version__ = "0.1.0"
