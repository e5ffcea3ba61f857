"""The dense encoder's real loading and fusion code, with a tiny model built here."""

import numpy as np
import pytest

from doris import Engine, Section
from doris.encoders import (
    EncoderMismatch,
    EncoderUnavailable,
    OnnxEncoder,
    reciprocal_rank_fusion,
)

onnx = pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")
tokenizers = pytest.importorskip("tokenizers")

# Words that mean the same get the same vector; the rest are orthogonal.
MEANINGS = {
    "pengar": 0, "utbetalning": 0, "utbetalningen": 0, "betalas": 0,
    "ansökan": 1, "komplettera": 1, "kompletteras": 1,
    "chef": 2, "beslutar": 2, "enhetschefen": 2,
}  # fmt: skip
DIM = 4


def build_model(directory, *, pad_to: int = 0):
    """An ONNX 'transformer': token id -> fixed vector (a Gather), plus a tokenizer.

    ``pad_to`` saves the tokenizer with fixed-length padding, as many exported
    sentence-transformers tokenizers are.
    """
    from onnx import TensorProto, helper, numpy_helper
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

    vocab = {"[UNK]": 0, **{w: i + 1 for i, w in enumerate(MEANINGS)}}
    vocab["[PAD]"] = len(vocab)
    table = np.zeros((len(vocab), DIM), dtype=np.float32)
    table[0, 3] = 0.01  # unknown words: a faint shared direction
    table[vocab["[PAD]"], 3] = 1.0  # padding would pull every text one way
    for word, meaning in MEANINGS.items():
        table[vocab[word], meaning] = 1.0
    graph = helper.make_graph(
        [helper.make_node("Gather", ["table", "input_ids"], ["last_hidden_state"])],
        "tiny",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["b", "s"]),
            helper.make_tensor_value_info(
                "attention_mask", TensorProto.INT64, ["b", "s"]
            ),
        ],
        [
            helper.make_tensor_value_info(
                "last_hidden_state", TensorProto.FLOAT, ["b", "s", DIM]
            )
        ],
        [numpy_helper.from_array(table, "table")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, directory / "model.onnx")
    tokenizer = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.Lowercase()
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    if pad_to:
        tokenizer.enable_padding(
            pad_id=vocab["[PAD]"], pad_token="[PAD]", length=pad_to
        )
    tokenizer.save(str(directory / "tokenizer.json"))
    return directory


SECTIONS = [
    Section(
        "u", title="Utbetalning", body="Utbetalningen sker kvartalsvis i efterskott."
    ),
    Section("k", title="Komplettering", body="Ansökan kompletteras inom 14 dagar."),
    Section("b", title="Beslut", body="Enhetschefen beslutar om stödet."),
]


@pytest.fixture
def encoder(tmp_path):
    return OnnxEncoder(build_model(tmp_path))


def test_encoder_mean_pools_to_unit_vectors(encoder):
    vectors = encoder.encode(["pengar", "utbetalning betalas", "ansökan", ""])
    assert vectors.shape == (4, DIM)
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0)
    assert not vectors[3].any()  # no tokens, no direction
    assert vectors[0] @ vectors[1] == pytest.approx(1.0)
    assert vectors[0] @ vectors[2] == pytest.approx(0.0, abs=1e-3)


def test_padding_saved_with_the_tokenizer_does_not_count_in_the_mean(encoder, tmp_path):
    (tmp_path / "padded").mkdir()
    padded = OnnxEncoder(build_model(tmp_path / "padded", pad_to=16))
    texts = ["pengar", "utbetalning betalas", "ansökan komplettera chef"]
    assert np.allclose(padded.encode(texts), encoder.encode(texts), atol=1e-6)


def test_prompts_and_pooling_follow_the_sentence_transformers_files(tmp_path):
    import json

    # given a model trained with prompts and first-token pooling
    build_model(tmp_path)
    (tmp_path / "config_sentence_transformers.json").write_text(
        json.dumps({"prompts": {"query": "chef ", "passage": "ansökan "}})
    )
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "1_Pooling" / "config.json").write_text(
        json.dumps({"pooling_mode_cls_token": True, "pooling_mode_mean_tokens": False})
    )
    encoder = OnnxEncoder(tmp_path)

    # then a question starts with the query prompt and a section with the
    # passage prompt, and the first token stands for the text
    query, document = np.eye(DIM)[2], np.eye(DIM)[1]
    assert encoder.encode(["pengar"], kind="query")[0] == pytest.approx(query)
    assert encoder.encode(["pengar"])[0] == pytest.approx(document)
    assert not encoder.encode([""], kind="query").any()  # no text, no prompt


def test_an_unreadable_model_configuration_is_a_clear_error(tmp_path):
    build_model(tmp_path)
    (tmp_path / "config_sentence_transformers.json").write_text("{not json")
    with pytest.raises(EncoderUnavailable, match="config_sentence_transformers"):
        OnnxEncoder(tmp_path)


def test_dense_retrieval_finds_what_shares_no_word_with_the_question(encoder):
    lexical = Engine()
    lexical.add_many(SECTIONS)
    hybrid = Engine(encoder=encoder)
    hybrid.add_many(SECTIONS)
    assert lexical.search("pengar", 3) == []
    assert hybrid.search("pengar", 3)[0].section_id == "u"


def test_vectors_survive_remove_update_save_and_load(encoder, tmp_path):
    engine = Engine(encoder=encoder)
    engine.add_many(SECTIONS)
    engine.remove("u")
    engine.update(Section("u2", title="Pengar", body="Stödet betalas ut."))
    engine.save(tmp_path / "index")
    loaded = Engine.load(tmp_path / "index", encoder=encoder)
    assert loaded.index.vectors().shape == (3, DIM)
    assert loaded.search("pengar", 3) == engine.search("pengar", 3)
    assert loaded.search("pengar", 1)[0].section_id == "u2"


def test_a_saved_index_only_loads_with_the_encoder_that_made_its_vectors(
    encoder, tmp_path
):
    engine = Engine(encoder=encoder)
    engine.add_many(SECTIONS)
    engine.save(tmp_path / "index")
    (tmp_path / "other").mkdir()
    other = OnnxEncoder(build_model(tmp_path / "other", pad_to=16))

    with pytest.raises(EncoderMismatch, match="rebuild"):
        Engine.load(tmp_path / "index", encoder=other)
    # without an encoder the vectors are not needed, and the index loads
    assert Engine.load(tmp_path / "index").search("utbetalning", 1)[0].section_id == "u"

    # an index saved without vectors cannot serve an encoder either
    Engine.load(tmp_path / "index").save(tmp_path / "lexical")
    with pytest.raises(EncoderMismatch, match="no encoder"):
        Engine.load(tmp_path / "lexical", encoder=encoder)


def test_a_missing_model_directory_is_a_clear_error(tmp_path):
    with pytest.raises(EncoderUnavailable, match=r"model\.onnx"):
        OnnxEncoder(tmp_path)


def test_reciprocal_rank_fusion_rewards_agreement():
    fused = reciprocal_rank_fusion([[1, 2, 3], [3, 1, 4]])
    assert [row for row, _ in fused] == [1, 3, 2, 4]


def test_the_benchmark_adds_a_hybrid_row_for_a_model_directory(tmp_path):
    from doris.bench.peers import all_peers

    # given a local model directory
    build_model(tmp_path)

    # when the benchmark's peers are listed with it
    names = [peer.name for peer in all_peers(str(tmp_path))]

    # then the hybrid row follows Doris's own, and without it there is none
    assert names[:2] == ["doris", "doris+dense"]
    assert "doris+dense" not in [peer.name for peer in all_peers()]


def test_a_hybrid_is_calibrated_into_its_own_file(encoder, tmp_path):
    from importlib import resources

    from doris.bench import calibrate, swefaq
    from doris.bench.__main__ import main
    from doris.confidence import Calibration, load_calibration
    from tests.doris.test_bench import write_swefaq

    write_swefaq(tmp_path / "s.jsonl")
    data = swefaq.load(tmp_path / "s.jsonl")
    shipped = resources.files("doris.data").joinpath("calibration.json")
    before = shipped.read_bytes()

    # fitting on the hybrid's rankings writes the file it is given
    text = calibrate.report(
        data, None, fit=True, encoder=encoder, path=tmp_path / "hybrid.json"
    )
    assert f"wrote {tmp_path / 'hybrid.json'}" in text
    assert isinstance(load_calibration(tmp_path / "hybrid.json"), Calibration)

    # and never the shipped calibration, which is the lexical engine's
    with pytest.raises(ValueError, match="its own file"):
        calibrate.report(data, None, fit=True, encoder=encoder)
    with pytest.raises(SystemExit):
        main(["--encoder", str(tmp_path), "--fit-calibration", "--skip-speed"])
    assert shipped.read_bytes() == before


def test_a_calibration_file_that_is_not_one_is_a_clear_error(tmp_path):
    import json

    from doris.confidence import load_calibration

    (tmp_path / "broken.json").write_text("{not json")
    (tmp_path / "other.json").write_text(json.dumps({"features": ["x"]}))
    with pytest.raises(ValueError, match="not a readable calibration"):
        load_calibration(tmp_path / "broken.json")
    with pytest.raises(ValueError, match="other features"):
        load_calibration(tmp_path / "other.json")
    with pytest.raises(ValueError, match="not a readable calibration"):
        load_calibration(tmp_path / "missing.json")
