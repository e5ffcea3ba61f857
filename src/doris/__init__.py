"""Doris: Swedish question answering over handbook sections.

A plain library (no Django)::

    engine = Engine()
    engine.add(Section("beslut/aterkrav#vem", title="Återkrav", heading="Vem beslutar",
                       body="Beslut om återkrav fattas av enhetschefen.",
                       questions=("Vem beslutar om återkrav?",),
                       page="beslut/aterkrav", anchor="vem"))
    engine.search("återkrav beslut", k=5)      # [Hit(section_id, score, citation,
                                                #      snippet with <mark>, explanation)]
    engine.answer("Vem fattar beslut om återkrav?")
    # Answer(status="answered", text=..., citation=Citation(page, anchor, ...),
    #        confidence=0.9, alternatives=(...)) -- or status "unsure" with
    #        suggestions, or "empty" for a question with nothing to search for.
    engine.update(section); engine.remove(section_id)   # no rebuild
    engine.save(directory); Engine.load(directory)      # no re-analysis

Synonyms: ``Engine(synonyms=[("ERUF", "Europeiska regionala utvecklingsfonden")])``
(default: ``doris/data/synonyms.txt``). Optional dense retrieval:
``Engine(encoder=doris.encoders.OnnxEncoder(model_directory))``.
See docs/benchmarks.md for how good and how fast it is.
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
