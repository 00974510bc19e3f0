"""Benchmarks of Desktop LLM against bare llama.cpp: run ``python -m bench --help``."""
