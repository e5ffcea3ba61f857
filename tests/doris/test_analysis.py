from hypothesis import given, settings
from hypothesis import strategies as st

from doris.analysis import Analyzer, default_lexicon, normalise, tokenise

ANALYZER = Analyzer()


def kinds(text):
    return [(t.text, t.kind) for t in tokenise(normalise(text))]


def test_tokeniser_keeps_numbers_dates_paragraph_signs_and_abbreviations():
    tokens = kinds("Se § 12, t.ex. beslut 2026-09-15 om 3,5 procent av ERUF-stödet.")
    assert ("§", "para") in tokens
    assert ("12", "num") in tokens
    assert ("t.ex.", "abbr") in tokens
    assert ("2026-09-15", "date") in tokens
    assert ("3,5", "num") in tokens
    assert ("ERUF-stödet", "word") in tokens


def test_a_number_written_with_spaces_between_thousands_is_one_number():
    # Swedish groups thousands with spaces: "1 000 000 kronor", "12 500,50 kr"
    assert kinds("Stöd över 1 000 000 kronor") == [
        ("Stöd", "word"),
        ("över", "word"),
        ("1 000 000", "num"),
        ("kronor", "word"),
    ]
    assert ("12 500,50", "num") in kinds("Avgiften är 12 500,50 kr.")
    # only groups of exactly three digits belong to the number
    assert kinds("år 2020 100 barn")[1:3] == [("2020", "num"), ("100", "num")]
    assert kinds("1 0000")[0] == ("1", "num")


def test_whole_millions_match_a_question_in_millions():
    assert ANALYZER.terms("1 500 000 kronor") == ["1500000", "1.5", "miljon", "kron"]
    assert ANALYZER.terms("1,5 miljoner kronor") == ["1.5", "miljon", "kron"]
    assert ANALYZER.terms("2 000 000 000 kr")[:3] == ["2000000000", "2", "miljard"]
    # an amount that is no whole number of tenths of a million stays as it is
    assert ANALYZER.terms("1 234 567 kr") == ["1234567", "kron"]
    assert ANALYZER.terms("300 000 kr") == ["300000", "kron"]


def test_terms_are_case_folded_stemmed_and_free_of_stop_words():
    terms = ANALYZER.terms("Hur lång tid har SÖKANDEN på sig?")
    assert "hur" not in terms and "på" not in terms and "har" not in terms
    assert "sökand" in terms or "sök" in terms
    assert all(t == t.casefold() for t in terms)


def test_inflected_forms_share_a_stem():
    assert ANALYZER.terms("ansökningar")[0] == ANALYZER.terms("ansökning")[0]
    assert ANALYZER.terms("besluten")[0] == ANALYZER.terms("beslut")[0]


def test_compounds_are_split_into_known_words():
    splitter = ANALYZER.splitter
    assert splitter.split("handläggningstid") == ("handläggning", "tid")
    assert splitter.split("myndighetsbeslut") == ("myndighet", "beslut")
    assert splitter.split("arbetsgivaravgift") == ("arbetsgivare", "avgift")


def test_compound_in_text_matches_the_phrase_in_a_question():
    compound = set(ANALYZER.terms("handläggningstid"))
    phrase = {
        ANALYZER.token_terms(w, "word", query=True)[0] for w in ("tid", "handläggning")
    }
    assert phrase <= compound


def test_suffixes_are_not_taken_for_words():
    assert ANALYZER.splitter.split("ersättningen") == ()
    assert ANALYZER.splitter.split("sökanden") == ()
    # -ering and -erad are endings, not the words "ring" and "rad"
    assert ANALYZER.splitter.split("vaccinering") == ()
    assert ANALYZER.splitter.split("placerad") == ()


def test_a_genitive_or_passive_s_is_not_taken_for_a_part():
    # "gallras" is gallra + s, not "galla" + "ras"; "betalas" not "beta" + "las"
    assert ANALYZER.splitter.split("gallras") == ()
    assert ANALYZER.word_terms("betalas") == ANALYZER.word_terms("betala")
    assert ANALYZER.splitter.split("kontrolleras") == ()
    # a compound with a genitive -s splits as the compound does
    assert ANALYZER.splitter.split("återbetalas") == ("åter", "betala")


def test_a_noun_made_from_a_verb_also_gives_the_verbs_stem():
    for noun, verb in [
        ("komplettering", "komplettera"),
        ("handläggning", "handlägga"),
        ("ordination", "ordinera"),
        ("ändringen", "ändra"),
    ]:
        verb_stem = ANALYZER.word_terms(verb)[0]
        assert verb_stem in ANALYZER.word_terms(noun)
    # and without the derivation view the two stay apart
    plain = Analyzer(derive=False)
    assert plain.word_terms("komplettera")[0] not in plain.word_terms("komplettering")


def test_overlong_words_are_not_split():
    assert ANALYZER.splitter.split("handläggningstid" * 10) == ()


def test_hyphenated_words_yield_their_parts():
    terms = ANALYZER.terms("EU-stöd")
    assert "eu" in terms and "stöd" in terms


def test_lexicon_comes_from_the_installed_word_list():
    lexicon = default_lexicon()
    assert "handläggning" in lexicon
    assert lexicon.cost("och") is not None


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_analyser_handles_any_text(text):
    terms = ANALYZER.terms(text)
    assert ANALYZER.terms(text) == terms
    assert all(isinstance(t, str) and t and t == t.casefold() for t in terms)
    # (a stem may equal a stop word: "varig" -> "var"; stop words give no terms)


def test_stop_words_give_no_terms():
    for word in ANALYZER.stopwords:
        assert ANALYZER.terms(word) == [], word


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäö", min_size=1, max_size=40))
def test_compound_parts_are_words_of_the_lexicon(word):
    for part in ANALYZER.splitter.split(word):
        assert part in ANALYZER.lexicon
