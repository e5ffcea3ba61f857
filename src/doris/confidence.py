"""Confidence: a calibrated probability that the top answer is right.

A logistic model over a few features of the ranking evidence. The shipped
coefficients in ``data/calibration.json`` are fitted by
``python -m doris.bench --fit-calibration`` (cross-validated on the SweFAQ dev
file and the project's own handbook questions; see docs/benchmarks.md).
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

FEATURES = ("strength", "margin", "coverage", "matched", "key_missed", "log_terms")


def features(
    top: float,
    second: float,
    upper: float,
    coverage: float,
    matched: float,
    key_missed: float,
    n_terms: int,
) -> np.ndarray:
    """Feature vector (see :data:`FEATURES`) from the ranking evidence.

    ``coverage`` is the idf-weighted share of the query found in the top
    section, ``matched`` the plain share of query words found there and
    ``key_missed`` the weight of the heaviest query term missing from it relative
    to the heaviest query term (1.0: the question's most specific word is absent).
    """
    strength = top / upper if upper > 0 else 0.0
    # The gap to the runner-up, on the same scale as ``strength`` (a lone weak
    # match must not look decisive).
    margin = (top - second) / upper if upper > 0 else 0.0
    return np.array(
        [
            min(strength, 1.0),
            margin,
            coverage,
            matched,
            key_missed,
            math.log1p(n_terms),
        ],
        dtype=float,
    )


@dataclass(frozen=True)
class Calibration:
    intercept: float
    coef: tuple[float, ...]
    threshold: float = 0.5

    def probability(self, x: np.ndarray) -> float:
        z = self.intercept + float(np.dot(self.coef, x))
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))

    def to_json(self) -> dict:
        return {
            "features": list(FEATURES),
            "intercept": self.intercept,
            "coef": list(self.coef),
            "threshold": self.threshold,
        }

    @classmethod
    def from_json(cls, data: dict) -> Calibration:
        return cls(
            float(data["intercept"]),
            tuple(float(c) for c in data["coef"]),
            float(data.get("threshold", 0.5)),
        )


def default_calibration() -> Calibration:
    """The shipped calibration (or a neutral hand-set one if none is shipped)."""
    path = resources.files("doris.data").joinpath("calibration.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = {}
    if data.get("features") != list(FEATURES):
        return Calibration(-4.0, (1.0, 1.0, 3.0, 3.0, -2.0, 0.0), 0.5)
    return Calibration.from_json(data)


def load_calibration(path: str | os.PathLike) -> Calibration:
    """A calibration written by ``python -m doris.bench --fit-calibration``.

    Raises ValueError if the file is not one (or was fitted on other features).
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"{path}: not a readable calibration file") from error
    if not isinstance(data, dict) or data.get("features") != list(FEATURES):
        raise ValueError(f"{path}: fitted on other features than this engine's")
    return Calibration.from_json(data)


def fit_logistic(
    x: np.ndarray, y: np.ndarray, *, l2: float = 0.1, steps: int = 3000
) -> tuple[float, np.ndarray]:
    """Fit logistic regression by gradient descent (small data, no extra deps)."""
    n, d = x.shape
    w = np.zeros(d)
    b = 0.0
    lr = 0.5
    for _ in range(steps):
        z = np.clip(x @ w + b, -50, 50)
        p = 1 / (1 + np.exp(-z))
        grad_w = x.T @ (p - y) / n + l2 * w / n
        grad_b = float(np.mean(p - y))
        w -= lr * grad_w
        b -= lr * grad_b
    return b, w


def reliability_table(
    probabilities: np.ndarray, correct: np.ndarray, bins: int = 5
) -> list[tuple[str, int, float, float]]:
    """(bin, count, mean predicted, observed accuracy) per probability bin."""
    rows = []
    edges = np.linspace(0, 1, bins + 1)
    for i in range(bins):
        lo, hi = edges[i], edges[i + 1]
        mask = (probabilities >= lo) & (
            (probabilities < hi) if i < bins - 1 else (probabilities <= hi)
        )
        if mask.any():
            rows.append(
                (
                    f"{lo:.1f}–{hi:.1f}",
                    int(mask.sum()),
                    float(probabilities[mask].mean()),
                    float(correct[mask].mean()),
                )
            )
        else:
            rows.append((f"{lo:.1f}–{hi:.1f}", 0, float("nan"), float("nan")))
    return rows
