"""Ranking metrics for queries with one or more relevant documents."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

METRICS = ("nDCG@10", "MRR@10", "R@1", "R@5", "R@10")


def query_metrics(ranked: Sequence[str], relevant: set[str]) -> dict[str, float]:
    """nDCG@10, MRR@10 and Recall@1/5/10 of one ranked list (binary relevance)."""
    gains = [1.0 if doc in relevant else 0.0 for doc in ranked[:10]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), 10)))
    first = next((i for i, g in enumerate(gains) if g), None)
    n_rel = max(len(relevant), 1)
    return {
        "nDCG@10": dcg / ideal if ideal else 0.0,
        "MRR@10": 1.0 / (first + 1) if first is not None else 0.0,
        "R@1": sum(gains[:1]) / min(n_rel, 1),
        "R@5": sum(gains[:5]) / min(n_rel, 5),
        "R@10": sum(gains[:10]) / min(n_rel, 10),
    }


def mean_metrics(per_query: list[dict[str, float]]) -> dict[str, float]:
    if not per_query:
        return dict.fromkeys(METRICS, 0.0)
    return {m: float(np.mean([q[m] for q in per_query])) for m in METRICS}


def percentile_ms(seconds: Sequence[float], pct: float) -> float:
    if not seconds:
        return float("nan")
    return float(np.percentile(np.array(seconds) * 1000, pct))
