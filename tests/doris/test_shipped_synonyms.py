"""The shipped synonyms carry a caseworker's everyday words to the handbook's.

A question typed in a hurry says "mejl", "fort", "släkt" or "semester"; the
guidance says "e-post", "snabbt", "närstående" and "frånvaro". Without the
synonym groups in ``doris/data/synonyms.txt`` each question below is answered
from the distractor that shares its other words.
"""

import pytest

from doris import Engine, Section

SECTIONS = [
    Section(
        "service#svarstider",
        title="Serviceskyldighet",
        heading="Svarstider för frågor",
        body="Frågor som kommer med e-post besvaras inom två arbetsdagar.",
        page="service",
        anchor="svarstider",
    ),
    Section(
        "remiss#svara",
        title="Remisser",
        heading="Svara på remisser",
        body="Vi svarar på en remiss inom den tid som anges i den. Svara kort.",
        page="remiss",
        anchor="svara",
    ),
    Section(
        "jav#nar",
        title="Jäv",
        heading="När är du jävig?",
        body="Du är jävig om du eller någon närstående är part i ärendet.",
        page="jav",
        anchor="nar",
    ),
    Section(
        "motivering#sprak",
        title="Motivering av beslut",
        heading="Språk och ton",
        body="Låt en kollega läsa motiveringen: en kollega ser det du missar.",
        page="motivering",
        anchor="sprak",
    ),
    Section(
        "beslutsordning#ersattare",
        title="Beslutsordning",
        heading="Ersättare vid frånvaro",
        body="Är enhetschefen frånvarande beslutar ställföreträdaren.",
        page="beslutsordning",
        anchor="ersattare",
    ),
    Section(
        "beslutsordning#belopp",
        title="Beslutsordning",
        heading="Beloppsgränser",
        body="Chefen för enheten beslutar om stöd upp till en miljon kronor.",
        page="beslutsordning",
        anchor="belopp",
    ),
]

QUESTIONS = [
    ("Hur fort ska jag svara på ett mejl?", "service#svarstider"),
    ("Får en kollega som är släkt med sökanden ha ärendet?", "jav#nar"),
    ("Vem tar beslut när chefen är på semester?", "beslutsordning#ersattare"),
]


def _top(engine: Engine, question: str) -> str:
    return engine.search(question, 1)[0].section_id


@pytest.mark.parametrize(("question", "section"), QUESTIONS)
def test_everyday_word_finds_the_section_in_the_handbooks_words(question, section):
    # given: the engine with its shipped synonyms
    engine = Engine()
    engine.add_many(SECTIONS)
    # when / then
    assert _top(engine, question) == section


@pytest.mark.parametrize(("question", "section"), QUESTIONS)
def test_without_the_synonyms_the_distractor_wins(question, section):
    # given: the same sections, no synonym groups
    engine = Engine(synonyms=[])
    engine.add_many(SECTIONS)
    # when / then: the test above depends on the synonyms, not on the wording
    assert _top(engine, question) != section
