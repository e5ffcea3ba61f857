"""Guidance rich text as the plain sentences Doris indexes and quotes."""

from guru.assistant.sections import rich_text_plain


def test_every_block_ends_a_sentence():
    html = "<p>Fristen är 14 dagar</p><ul><li>Ring sökanden</li></ul><h3>Frist</h3>"

    assert rich_text_plain(html) == "Fristen är 14 dagar.\nRing sökanden.\nFrist."


def test_a_heading_inside_a_section_leads_into_the_text_under_it():
    html = (
        "<p>Fristen är 14 kalenderdagar.</p><h3>Förlängd frist</h3>"
        "<p>Handläggaren får förlänga fristen en gång.</p>"
    )

    text = rich_text_plain(html)

    assert text == (
        "Fristen är 14 kalenderdagar.\nFörlängd frist:\n"
        "Handläggaren får förlänga fristen en gång."
    )


def test_doris_does_not_end_an_answer_with_a_heading_inside_the_section():
    from doris.analysis import Analyzer
    from doris.answer import best_sentences
    from doris.answer_type import expected_type
    from doris.query import QueryAnalyzer

    body = rich_text_plain(
        "<p>Fristen är 14 kalenderdagar från den dag begäran skickas.</p>"
        "<h3>Förlängd frist</h3><p>Handläggaren får på begäran förlänga fristen "
        "en gång med högst 14 dagar om sökanden anger ett godtagbart skäl.</p>"
    )
    question = "Hur lång är fristen för komplettering?"
    analyzer = Analyzer()
    terms = QueryAnalyzer(analyzer).analyse(question, known={}, surface={}).terms

    answer = best_sentences(analyzer, body, terms, expected=expected_type(question))

    assert answer.startswith("Fristen är 14 kalenderdagar från den dag")
    # the heading is no sentence of its own: it leads into its text or is left out
    assert "Förlängd frist." not in answer
    assert not answer.endswith("Förlängd frist:")


def test_a_list_that_continues_a_sentence_stays_one_sentence():
    html = (
        "<p>Stödmottagaren är skyldig att betala tillbaka om</p><ul>"
        "<li>uppgifterna var felaktiga,</li><li>villkoren inte följts,</li>"
        "<li>projektet avbrutits.</li></ul>"
    )

    text = rich_text_plain(html)

    assert ",." not in text
    assert text.splitlines() == [
        "Stödmottagaren är skyldig att betala tillbaka om",
        "uppgifterna var felaktiga,",
        "villkoren inte följts,",
        "projektet avbrutits.",
    ]


def test_markup_entities_and_wrapped_lines_become_plain_text():
    html = (
        "<p>Belopp &lt; 1&nbsp;000\n kronor <strong>krävs inte</strong> tillbaka.</p>"
    )

    assert rich_text_plain(html) == "Belopp < 1 000 kronor krävs inte tillbaka."


def test_empty_rich_text_is_empty():
    assert rich_text_plain("") == ""
    assert rich_text_plain("<p> </p>") == ""
