"""Confidence calibration: features of the ranking -> P(top answer is right).

Examples come from the SweFAQ dev file (right when the top document is the
answer) and, when present, the project's handbook sets (answerable: right when
the top section is the cited one; unanswerable: never right). Quality is
reported on 5-fold cross-validated predictions, so no example is scored by a
model that saw it.
"""

from __future__ import annotations

import json
from importlib import resources

import numpy as np

from doris import ANSWERED, Engine, Section
from doris.bench.swefaq import Dataset
from doris.confidence import (
    Calibration,
    default_calibration,
    fit_logistic,
    load_calibration,
    reliability_table,
)

FOLDS = 5
# The refusal targets: answer this share of the answerable questions
# while saying unsure on this share of the unanswerable ones.
TARGET_ANSWERED = 0.9
TARGET_REFUSED = 0.8


def _examples(engine: Engine, questions: list[str], answers: list[str | None]):
    xs, ys = [], []
    for question, answer in zip(questions, answers, strict=True):
        _, scored, rows = engine.rank(question, 5)
        xs.append(engine.confidence_features(scored, rows))
        top = engine.index.sections[rows[0]].id if rows else None
        ys.append(float(answer is not None and top == answer))
    return xs, ys


def collect(
    data: Dataset, hb, encoder=None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(features, right?, source) with source 0 SweFAQ, 1 answerable, 2 not.

    With ``encoder`` the rankings are the hybrid's, as Doris ranks with it.
    """
    engine = Engine(encoder=encoder)
    engine.add_many(Section(i, body=t) for i, t in data.documents.items())
    xs, ys = _examples(
        engine, [q.text for q in data.queries], [q.answer for q in data.queries]
    )
    src = [0] * len(xs)
    if hb is not None:
        engine = Engine(encoder=encoder)
        engine.add_many(hb.sections)
        q = hb.dataset.queries
        x1, y1 = _examples(engine, [x.text for x in q], [x.answer for x in q])
        x2, y2 = _examples(engine, hb.unanswerable, [None] * len(hb.unanswerable))
        xs, ys = xs + x1 + x2, ys + y1 + y2
        src += [1] * len(x1) + [2] * len(x2)
    return np.array(xs), np.array(ys), np.array(src)


def cross_validated(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    rng = np.random.default_rng(7)
    folds = rng.permutation(len(y)) % FOLDS
    out = np.zeros(len(y))
    for fold in range(FOLDS):
        test = folds == fold
        b, w = fit_logistic(x[~test], y[~test])
        out[test] = 1 / (1 + np.exp(-(x[test] @ w + b)))
    return out


def choose_threshold(p: np.ndarray, src: np.ndarray) -> float:
    """Threshold that best trades answering (answerable) against refusing.

    Where several thresholds meet both targets (>= 90 % of the answerable
    answered, >= 80 % of the unanswerable refused), the middle one: a threshold
    at the edge of that range would miss a target with one question more.
    Where none does, the middle one of those that come closest to both: the
    least shortfall on the target missed by more. (The best sum of the two
    rates instead buys a few points of refusing with many of answering.)
    """
    if not (src == 2).any():
        return 0.5
    scored = []
    for t in np.round(np.arange(0.05, 0.96, 0.01), 2):  # exact hundredths
        answered = (p[src == 1] >= t).mean() if (src == 1).any() else 0.0
        refused = (p[src == 2] < t).mean()
        shortfall = max(TARGET_ANSWERED - answered, TARGET_REFUSED - refused, 0.0)
        scored.append((round(float(shortfall), 6), float(t)))
    least = min(shortfall for shortfall, _t in scored)
    closest = [t for shortfall, t in scored if shortfall == least]
    return round(closest[(len(closest) - 1) // 2], 2)


def report(data: Dataset, hb, *, fit: bool, encoder=None, path=None) -> str:
    """The reliability table and refusal rates; ``fit`` also writes the fit.

    The calibration is read from (or, with ``fit``, written to) ``path``, or
    the shipped ``doris/data/calibration.json`` when there is none; a hybrid's
    calibration (``encoder``) needs its own file and never replaces the shipped.
    """
    if fit and encoder is not None and path is None:
        raise ValueError("a calibration fitted with an encoder needs its own file")
    x, y, src = collect(data, hb, encoder)
    cv = cross_validated(x, y)
    lines = ["## Confidence calibration (5-fold cross-validated on dev + own sets)"]
    lines.append(f"{len(y)} examples, {int(y.sum())} with a right top answer\n")
    lines.append("| predicted | n | mean predicted | observed right |")
    lines.append("|---|---|---|---|")
    for name, n, mean_p, acc in reliability_table(cv, y):
        lines.append(f"| {name} | {n} | {mean_p:.2f} | {acc:.2f} |")
    if fit:
        b, w = fit_logistic(x, y)
        threshold = choose_threshold(cv, src)
        calibration = Calibration(float(b), tuple(float(c) for c in w), threshold)
        path = path or resources.files("doris.data").joinpath("calibration.json")
        with open(str(path), "w", encoding="utf-8") as handle:
            json.dump(calibration.to_json(), handle, indent=2)
            handle.write("\n")
        lines.append(f"\nwrote {path} (threshold {threshold})")
    else:
        calibration = load_calibration(path) if path else default_calibration()
    lines.append(_refusal(calibration, x, src, cv))
    if hb is not None:
        lines.append(_refusal_live(hb, calibration, encoder))
    return "\n".join(lines)


def _refusal(calibration: Calibration, x, src, cv) -> str:
    t = calibration.threshold
    parts = [f"\nthreshold {t:.2f}; cross-validated: "]
    names = {0: "SweFAQ answered", 1: "handbook answered", 2: "unanswerable refused"}
    for s, name in names.items():
        mask = src == s
        if mask.any():
            rate = (cv[mask] < t).mean() if s == 2 else (cv[mask] >= t).mean()
            parts.append(f"{name} {rate:.1%}; ")  # a tenth: 89.8 % is not 90 %
    return "".join(parts)


def _refusal_live(hb, calibration: Calibration, encoder=None) -> str:
    engine = Engine(calibration=calibration, encoder=encoder)
    engine.add_many(hb.sections)
    answered = right = 0
    for q in hb.dataset.queries:
        a = engine.answer(q.text)
        if a.status == ANSWERED:
            answered += 1
            right += a.citation is not None and a.citation.section_id == q.answer
    refused = sum(engine.answer(u).status != ANSWERED for u in hb.unanswerable)
    n, m = len(hb.dataset.queries), max(len(hb.unanswerable), 1)
    return (
        f"\nshipped calibration on the handbook: answers {answered}/{n} answerable "
        f"({answered / max(n, 1):.0%}; {right} of them cite the right section), "
        f"says unsure on {refused}/{len(hb.unanswerable)} unanswerable ({refused / m:.0%})"
    )
