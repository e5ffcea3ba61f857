"""Optional dense encoder for hybrid retrieval (never downloaded at run time).

A model directory holds ``model.onnx`` (a transformer exported to ONNX, e.g. a
sentence-transformers model) and ``tokenizer.json`` (Hugging Face
``tokenizers`` format). The encoder pools the token vectors (the mean over the
attention mask, or the first token where the model's ``1_Pooling/config.json``
says ``pooling_mode_cls_token``) and L2-normalises them. Models trained with
prompts (e5's "query: " and "passage: ") name them in
``config_sentence_transformers.json`` under ``prompts``; questions get the
``query`` prompt and sections the ``document`` (or ``passage``) prompt. Needs the
``dense`` extra (``onnxruntime``, ``tokenizers``); the lexical engine works
without it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np


class EncoderUnavailable(RuntimeError):
    """The model directory or the optional libraries are missing."""


class EncoderMismatch(ValueError):
    """A saved index's vectors come from another encoder (or from none): rebuild it."""


MODEL_FILES = ("model.onnx", "tokenizer.json")


def missing_model_files(directory: str | os.PathLike) -> list[str]:
    """Which of the files a model directory needs are not there."""
    return [name for name in MODEL_FILES if not (Path(directory) / name).is_file()]


class OnnxEncoder:
    """Text -> unit vectors with an ONNX model from a local directory."""

    def __init__(self, directory: str | os.PathLike, *, max_tokens: int = 256) -> None:
        directory = Path(directory)
        if missing_model_files(directory):
            raise EncoderUnavailable(f"{directory} needs {' and '.join(MODEL_FILES)}")
        model, tokenizer = (directory / name for name in MODEL_FILES)
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as error:
            raise EncoderUnavailable("install the 'dense' extra") from error
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.enable_truncation(max_tokens)
        # Exported tokenizers often pad every text to a fixed length; padding
        # here is ours, and pad tokens must not count in the mean.
        self.tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.name = directory.name
        # Vectors from one model mean nothing to another: a saved index records
        # which encoder made its vectors (the model's name and size in bytes).
        self.fingerprint = f"onnx:{directory.name}:{model.stat().st_size}"
        prompts = _read_json(directory / "config_sentence_transformers.json").get(
            "prompts"
        )
        prompts = prompts if isinstance(prompts, dict) else {}
        self.prompts = {
            "query": str(prompts.get("query", "")),
            "document": str(prompts.get("document", prompts.get("passage", ""))),
        }
        pooling = _read_json(directory / "1_Pooling" / "config.json")
        self.cls_pooling = bool(pooling.get("pooling_mode_cls_token"))

    def encode(
        self, texts: Sequence[str], batch_size: int = 32, *, kind: str = "document"
    ) -> np.ndarray:
        """One L2-normalised float32 row per text; ``kind`` is "query" or "document"."""
        prompt = self.prompts[kind]
        texts = [prompt + text if text else text for text in texts]
        rows = []
        for start in range(0, len(texts), batch_size):
            rows.append(self._batch(list(texts[start : start + batch_size])))
        if not rows:
            return np.zeros((0, 0), dtype=np.float32)
        return np.vstack(rows)

    def _batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch([t or " " for t in texts])
        length = max(1, *(len(e.ids) for e in encodings))
        ids = np.zeros((len(texts), length), dtype=np.int64)
        mask = np.zeros((len(texts), length), dtype=np.int64)
        for i, e in enumerate(encodings):
            ids[i, : len(e.ids)] = e.ids
            mask[i, : len(e.ids)] = e.attention_mask
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        feeds = {k: v for k, v in feeds.items() if k in self.inputs}
        hidden = self.session.run(None, feeds)[0]
        if hidden.ndim == 3 and self.cls_pooling:  # an empty text has no first token
            hidden = hidden[:, 0] * mask[:, :1]
        elif hidden.ndim == 3:  # token vectors: mean-pool over the mask
            weights = mask[:, :, None].astype(np.float32)
            hidden = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1)
        norms = np.linalg.norm(hidden, axis=1, keepdims=True)
        return (hidden / np.maximum(norms, 1e-12)).astype(np.float32)


def _read_json(path: Path) -> dict:
    """A model directory's optional JSON file, or {} if there is none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        if path.exists():
            raise EncoderUnavailable(f"{path} is not readable JSON") from error
        return {}
    return data if isinstance(data, dict) else {}


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[int]], *, k: int = 60, weights: Sequence[float] = ()
) -> list[tuple[int, float]]:
    """Fuse ranked lists of row numbers: score = sum of w / (k + rank)."""
    scores: dict[int, float] = {}
    for i, ranking in enumerate(rankings):
        weight = weights[i] if i < len(weights) else 1.0
        for rank, row in enumerate(ranking, 1):
            scores[row] = scores.get(row, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))
