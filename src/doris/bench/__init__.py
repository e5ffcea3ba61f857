"""Doris's benchmark: ``python -m doris.bench`` (see docs/benchmarks.md)."""
