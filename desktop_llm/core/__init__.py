"""Pure-Python core of Desktop LLM. Nothing under this package may import Qt."""
