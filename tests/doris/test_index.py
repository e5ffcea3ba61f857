from hypothesis import given, settings
from hypothesis import strategies as st

from doris import Engine, Section
from doris.analysis import Analyzer

ANALYZER = Analyzer()
WORDS = [
    "ansökan", "beslut", "återkrav", "handläggningstid", "tid", "komplettering",
    "stöd", "projekt", "utbetalning", "rapport", "granskning", "enhetschef",
]  # fmt: skip
QUERIES = ["beslut om återkrav", "tid för handläggning", "komplettering av ansökan"]


def ranking(engine, query):
    return [(h.section_id, round(h.score, 6)) for h in engine.search(query, 20)]


def build(sections):
    engine = Engine(analyzer=ANALYZER)
    for section in sections:
        engine.add(section)
    return engine


section_strategy = st.builds(
    lambda n, words, heading: Section(
        f"s{n}", title="Sida", heading=" ".join(heading), body=" ".join(words)
    ),
    st.integers(0, 1000),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=12),
    st.lists(st.sampled_from(WORDS), max_size=3),
)


def unique(sections):
    return list({s.id: s for s in sections}.values())


@settings(max_examples=25, deadline=None)
@given(st.lists(section_strategy, max_size=8), st.lists(section_strategy, max_size=5))
def test_adding_then_removing_equals_never_adding(kept, transient):
    kept = unique(kept)
    transient = [s for s in unique(transient) if s.id not in {k.id for k in kept}]
    # given
    fresh = build(kept)
    changed = build(transient[:2] + kept + transient[2:])
    # when
    for section in transient:
        changed.remove(section.id)
    # then
    for query in QUERIES:
        assert ranking(changed, query) == ranking(fresh, query)


@settings(max_examples=20, deadline=None)
@given(st.lists(section_strategy, min_size=1, max_size=8), st.data())
def test_update_equals_a_fresh_build_with_the_new_text(sections, data):
    sections = unique(sections)
    target = data.draw(st.sampled_from(sections))
    new = Section(target.id, title="Ny", body=data.draw(st.sampled_from(WORDS)))
    engine = build(sections)
    engine.update(new)
    expected = build([new if s.id == target.id else s for s in sections])
    for query in [*QUERIES, new.body]:
        assert ranking(engine, query) == ranking(expected, query)


def test_save_and_load_give_identical_results(tmp_path, sections):
    # given
    engine = Engine(analyzer=ANALYZER)
    engine.add_many(sections)
    engine.remove(sections[0].id)
    engine.add(sections[0])  # a live row in the delta segment too
    # when
    engine.save(tmp_path / "index")
    loaded = Engine.load(tmp_path / "index", analyzer=ANALYZER)
    # then
    assert len(loaded) == len(engine)
    for query in [*QUERIES, "Vem beslutar om återkrav?", "ERUF"]:
        assert loaded.search(query, 10) == engine.search(query, 10)
        assert loaded.answer(query) == engine.answer(query)


def test_loading_does_not_reanalyse_the_corpus(tmp_path, sections, monkeypatch):
    engine = Engine(analyzer=ANALYZER)
    engine.add_many(sections)
    engine.save(tmp_path / "index")
    calls = []
    original = Analyzer.surface_words
    monkeypatch.setattr(
        Analyzer,
        "surface_words",
        lambda self, text: calls.append(text) or original(self, text),
    )
    Engine.load(tmp_path / "index", analyzer=ANALYZER)
    texts = {s.field_text(f) for s in sections for f in ("body", "questions")} - {""}
    assert not texts & set(calls)  # only the synonym list is analysed


def test_removing_an_unknown_section_is_reported():
    engine = build([Section("a", body="beslut")])
    assert engine.remove("nope") is False
    assert engine.remove("a") is True
    assert len(engine) == 0
    assert engine.search("beslut") == []


def test_many_single_adds_merge_into_the_main_segment():
    engine = build([Section(f"s{i}", body=f"beslut {i}") for i in range(2100)])
    assert len(engine) == 2100
    hits = engine.search("beslut 2050", 1)
    assert hits[0].section_id == "s2050"
