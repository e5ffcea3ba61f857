"""``python -m doris.bench.tune``: choose ranking weights by 5-fold CV on dev.

Each configuration (BM25 k1, body length normalisation b, weight of compound
parts and of synonyms) is scored on every SweFAQ dev query once. For each fold
the configuration best on the other four folds is evaluated on the held-out
fold, so the reported figure is an honest estimate of the tuning's gain; the
configuration best on all of dev is printed as the candidate default.
"""

from __future__ import annotations

import itertools
import sys

import numpy as np

from doris import Engine, RankingParams, Section
from doris.bench import swefaq
from doris.bench.metrics import query_metrics
from doris.query import QueryWeights

GRID = {
    "k1": (0.9, 1.2, 1.6),
    "b": (0.6, 0.75, 0.9),
    "part": (0.3, 0.5, 0.8),
    "synonym": (0.3, 0.6),
}
FOLDS = 5


def main(path: str | None = None) -> int:
    data = swefaq.load(path or swefaq.default_path())
    engine = Engine()
    engine.add_many(Section(i, body=t) for i, t in data.documents.items())
    configs = list(itertools.product(*GRID.values()))
    ndcg = np.zeros((len(configs), len(data.queries)))
    for c, (k1, b, part, synonym) in enumerate(configs):
        base = RankingParams()
        engine.params = RankingParams(
            k1=k1, field_weights=base.field_weights, field_b=(0.5, 0.5, b, 0.6)
        )
        engine.queries.weights = QueryWeights(part=part, synonym=synonym)
        for q, query in enumerate(data.queries):
            _, _, rows = engine.rank(query.text, 10)
            ranked = [engine.index.ids[r] for r in rows]
            ndcg[c, q] = query_metrics(ranked, set(query.relevant))["nDCG@10"]
    folds = np.random.default_rng(11).permutation(len(data.queries)) % FOLDS
    default = configs.index((1.2, 0.75, 0.5, 0.6))
    held_out = []
    for fold in range(FOLDS):
        train, test = folds != fold, folds == fold
        best = int(np.argmax(ndcg[:, train].mean(axis=1)))
        held_out.append(ndcg[best, test].mean() * test.sum())
        print(f"fold {fold}: chose {dict(zip(GRID, configs[best], strict=True))}")
    cv = sum(held_out) / len(data.queries)
    best_all = int(np.argmax(ndcg.mean(axis=1)))
    print(f"shipped default {configs[default]}: nDCG@10 {ndcg[default].mean():.3f}")
    print(f"5-fold CV of tuning: nDCG@10 {cv:.3f}")
    best_config = dict(zip(GRID, configs[best_all], strict=True))
    print(f"best on all dev {best_config}: nDCG@10 {ndcg[best_all].mean():.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else None))
