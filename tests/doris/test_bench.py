import json

import numpy as np
import pytest

from doris.bench import calibrate, handbook, swefaq
from doris.bench.metrics import query_metrics
from doris.bench.peers import Bm25sPeer, DorisPeer
from doris.bench.retrieval import evaluate, table


def test_metrics_of_a_single_relevant_document():
    m = query_metrics(["a", "b", "c"], {"b"})
    assert m["R@1"] == 0.0
    assert m["R@5"] == 1.0
    assert m["MRR@10"] == 0.5
    assert m["nDCG@10"] == pytest.approx(1 / 1.5849625, rel=1e-6)
    assert query_metrics([], {"b"})["nDCG@10"] == 0.0


def write_swefaq(path):
    rows = [
        {
            "category_id": 1,
            "question": "Hur lång är handläggningstiden?",
            "candidate_answers": [
                "Tre månader tar handläggningen.",
                "Ring oss på telefon.",
            ],
            "label": 0,
            "meta": {},
        },
        {
            "category_id": 1,
            "question": "Hur når jag er per telefon?",
            "candidate_answers": [
                "Tre månader tar handläggningen.",
                "Ring oss på telefon.",
            ],
            "label": 1,
            "meta": {},
        },
        {
            "category_id": 2,
            "question": "Vem beslutar om återkrav?",
            "candidate_answers": ["Enhetschefen beslutar om återkrav."],
            "label": 0,
            "meta": {},
        },
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")


def test_swefaq_loader_reads_any_split_of_the_format(tmp_path):
    path = tmp_path / "swefaq_other.jsonl"
    write_swefaq(path)
    data = swefaq.load(path)
    assert len(data.documents) == 3
    assert len(data.queries) == 3
    first = data.queries[0]
    assert data.documents[first.answer].startswith("Tre månader")
    assert len(first.candidates) == 2


def test_swefaq_loader_names_the_broken_line(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text('{"question": "x"}\n')
    with pytest.raises(ValueError, match=r"broken\.jsonl:1"):
        swefaq.load(path)


def test_evaluation_table_has_doris_first_with_ndcg_first(tmp_path):
    path = tmp_path / "s.jsonl"
    write_swefaq(path)
    data = swefaq.load(path)
    results = [evaluate(DorisPeer(), data), evaluate(Bm25sPeer(snowball=True), data)]
    assert results[0].metrics["R@1"] == 1.0
    assert results[0].accuracy == 1.0
    text = table(results, with_accuracy=True)
    assert text.splitlines()[0].startswith("| peer | nDCG@10 |")
    assert text.splitlines()[2].startswith("| doris |")


def test_handbook_reader_splits_pages_into_sections_with_anchors(tmp_path):
    page = tmp_path / "beslut" / "aterkrav.md"
    page.parent.mkdir()
    page.write_text(
        "---\ntitle: Återkrav\nsummary: Om återkrav.\nowner: redaktor\n---\n"
        "Inledning om [återkrav](../x.md).\n\n## Vem beslutar?\n\n- Enhetschefen "
        "beslutar.\n\n### Undantag\n\nGD i vissa fall.\n\n## Tidsfrister {#frist}\n\n"
        "Inom **30 dagar**.\n",
        encoding="utf-8",
    )
    sections = handbook.read_handbook(tmp_path)
    assert [s.id for s in sections] == [
        "beslut/aterkrav#",
        "beslut/aterkrav#vem-beslutar",
        "beslut/aterkrav#frist",
    ]
    # The summary is a digest of the sections; the lead is the introduction.
    assert sections[0].body == "Inledning om återkrav."
    assert "GD i vissa fall." in sections[1].body
    assert sections[2].body == "Inom 30 dagar ."
    assert all(s.title == "Återkrav" for s in sections)


def test_a_page_without_introduction_leads_with_its_summary(tmp_path):
    page = tmp_path / "beslut" / "aterkrav.md"
    page.parent.mkdir()
    page.write_text(
        "---\ntitle: Återkrav\nsummary: Om återkrav.\n---\n## Vem beslutar?\n\nGD.\n",
        encoding="utf-8",
    )
    sections = handbook.read_handbook(tmp_path)
    assert [(s.anchor, s.body) for s in sections] == [
        ("", "Om återkrav."),
        ("vem-beslutar", "GD."),
    ]


def test_slugify_matches_the_handbook_anchors():
    assert handbook.slugify("Tid för komplettering") == "tid-for-komplettering"
    assert handbook.slugify("Ändring på begäran!") == "andring-pa-begaran"


def test_typo_set_changes_one_word_by_one_edit(tmp_path):
    from rapidfuzz.distance import DamerauLevenshtein

    from doris.bench import typos

    path = tmp_path / "s.jsonl"
    write_swefaq(path)
    data = swefaq.load(path)
    noisy = typos.with_typos(data)
    for before, after in zip(data.queries, noisy.queries, strict=True):
        assert before.relevant == after.relevant
        assert DamerauLevenshtein.distance(before.text, after.text) <= 1
    assert any(
        b.text != a.text for b, a in zip(data.queries, noisy.queries, strict=True)
    )


def test_refusal_threshold_sits_in_the_middle_of_where_both_targets_hold():
    # 10 answerable (src 1) and 5 unanswerable (src 2) confidences. Every
    # threshold in 0.26..0.41 answers 9/10 and refuses 4/5 or better; below
    # 0.26 a refusal is lost, above 0.41 an answer. Sixteen thresholds: 0.33.
    answerable = [0.25, 0.41, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99]
    unanswerable = [0.05, 0.1, 0.2, 0.25, 0.9]
    p = np.array(answerable + unanswerable)
    src = np.array([1] * 10 + [2] * 5)
    assert calibrate.choose_threshold(p, src) == 0.33


def test_refusal_threshold_without_a_feasible_one_comes_closest_to_both_targets():
    # given: no threshold answers 90 % and refuses 80 %. Between 0.41 and 0.60
    # two of three are answered and two or three of three refused: 23 points
    # short of answering, the least shortfall there is. The best sum of the
    # two rates (0.51..0.60, all refused) would not be chosen for itself.
    p = np.array([0.2, 0.6, 0.7, 0.3, 0.4, 0.5])
    src = np.array([1, 1, 1, 2, 2, 2])
    # when / then: the middle of 0.41..0.60
    assert calibrate.choose_threshold(p, src) == 0.5


def test_refusal_threshold_does_not_trade_many_answers_for_a_few_refusals():
    # given: 20 answerable, 10 unanswerable, and no threshold meets both
    # targets. From 0.06 to 0.50, 90-100 % are answered and 70 % refused: 10
    # points short of refusing. Above 0.60, 100 % are refused but 75 %
    # answered: 15 points short of answering, though the best sum of the two.
    answerable = [0.1, 0.3] + [0.5] * 3 + [0.9] * 15
    unanswerable = [0.05] * 7 + [0.6] * 3
    p = np.array(answerable + unanswerable)
    src = np.array([1] * 20 + [2] * 10)
    # when
    threshold = calibrate.choose_threshold(p, src)
    # then: the middle of 0.06..0.50
    assert threshold == 0.28
