"""Doris: Swedish question answering over handbook sections.

A plain library (no Django): build an :class:`Engine`, ``add`` sections, then
``search(query, k)`` or ``answer(question)``. See docs/benchmarks.md for how
good and how fast it is.
"""

from doris.analysis import Analyzer
from doris.engine import ANSWERED, EMPTY, UNSURE, Answer, Citation, Engine, Hit
from doris.index import Index, Section
from doris.ranking import RankingParams

__all__ = [
    "ANSWERED",
    "EMPTY",
    "UNSURE",
    "Analyzer",
    "Answer",
    "Citation",
    "Engine",
    "Hit",
    "Index",
    "RankingParams",
    "Section",
]
