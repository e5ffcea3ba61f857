"""The peers Doris is measured against, all behind one small interface.

Each peer indexes ``{doc_id: text}`` and returns ranked doc ids for a query.
A peer whose library or server is missing is reported as skipped, not failed.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable

from doris import Engine, Section
from doris.analysis import Analyzer
from doris.ranking import RankingParams

PG_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"


class Unavailable(Exception):
    """The peer cannot run here (library not installed, server not reachable)."""


class Peer:
    name = "peer"

    def index(self, documents: dict[str, str]) -> None:
        raise NotImplementedError

    def search(self, text: str, k: int) -> list[str]:
        raise NotImplementedError

    def close(self) -> None:
        """Release resources (database tables, temporary files)."""


class DorisPeer(Peer):
    """The engine itself, through its public ``search``."""

    def __init__(self, name: str = "doris", factory: Callable[[], Engine] = Engine):
        self.name = name
        self.factory = factory

    def index(self, documents: dict[str, str], sections=None) -> None:
        self.engine = self.factory()
        if sections is not None:
            self.engine.add_many(sections)
        else:
            self.engine.add_many(Section(i, body=t) for i, t in documents.items())

    def search(self, text: str, k: int) -> list[str]:
        return [hit.section_id for hit in self.engine.search(text, k)]


class Bm25sPeer(Peer):
    """``bm25s`` with its default tokeniser, optionally Snowball + stop words."""

    def __init__(self, *, snowball: bool) -> None:
        self.snowball = snowball
        self.name = "bm25s+snowball" if snowball else "bm25s"

    def _tokenize(self, texts: list[str]):
        import bm25s

        kwargs: dict = {"stopwords": None, "show_progress": False}
        if self.snowball:
            import Stemmer

            kwargs = {
                "stopwords": "sv",
                "stemmer": Stemmer.Stemmer("swedish").stemWords,
                "show_progress": False,
            }
        return bm25s.tokenize(texts, return_ids=False, **kwargs)

    def index(self, documents: dict[str, str]) -> None:
        try:
            import bm25s
        except ImportError as error:
            raise Unavailable("bm25s is not installed") from error
        self.ids = list(documents)
        self.model = bm25s.BM25()
        self.model.index(self._tokenize(list(documents.values())), show_progress=False)

    def search(self, text: str, k: int) -> list[str]:
        tokens = self._tokenize([text])
        if not tokens[0]:
            return []
        k = min(k, len(self.ids))
        docs, scores = self.model.retrieve(tokens, k=k, show_progress=False)
        return [self.ids[d] for d, s in zip(docs[0], scores[0], strict=True) if s > 0]


class PostgresPeer(Peer):
    """PostgreSQL full-text search, ``swedish`` configuration, ``ts_rank_cd``.

    The question's lexemes are OR-ed (``plainto_tsquery`` would AND them and
    match almost nothing for a whole question).
    """

    name = "postgres-fts"

    def index(self, documents: dict[str, str]) -> None:
        try:
            import psycopg
        except ImportError as error:
            raise Unavailable("psycopg is not installed") from error
        try:
            self.conn = psycopg.connect(PG_DSN, connect_timeout=3, autocommit=True)
        except psycopg.Error as error:
            reason = f"PostgreSQL not reachable ({error.__class__.__name__})"
            raise Unavailable(reason) from error
        cur = self.conn.cursor()
        cur.execute(
            "CREATE TEMP TABLE doris_bench (id text PRIMARY KEY, body text, tsv tsvector)"
        )
        with cur.copy("COPY doris_bench (id, body) FROM STDIN") as copy:
            for doc_id, text in documents.items():
                copy.write_row((doc_id, text))
        cur.execute("UPDATE doris_bench SET tsv = to_tsvector('swedish', body)")
        cur.execute("CREATE INDEX ON doris_bench USING gin (tsv)")
        cur.execute("ANALYZE doris_bench")

    def search(self, text: str, k: int) -> list[str]:
        cur = self.conn.cursor()
        cur.execute("SELECT plainto_tsquery('swedish', %s)::text", (text,))
        query = (cur.fetchone() or [""])[0].replace(" & ", " | ")
        if not query.strip():
            return []
        cur.execute(
            "SELECT id FROM doris_bench, CAST(%s AS tsquery) q WHERE tsv @@ q "
            "ORDER BY ts_rank_cd(tsv, q) DESC, id LIMIT %s",
            (query, k),
        )
        return [row[0] for row in cur.fetchall()]

    def close(self) -> None:
        conn = getattr(self, "conn", None)
        if conn is not None:
            conn.close()


class TantivyPeer(Peer):
    """Tantivy with a lower-casing tokeniser and its Swedish stemmer (OR query)."""

    name = "tantivy"

    def index(self, documents: dict[str, str]) -> None:
        try:
            import tantivy
        except ImportError as error:
            raise Unavailable("tantivy is not installed") from error
        self.tantivy = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("body", stored=False, tokenizer_name="sv")
        schema = builder.build()
        self.tmp = tempfile.TemporaryDirectory()
        self.idx = tantivy.Index(schema, path=self.tmp.name)
        analyzer = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.stemmer("swedish"))
            .build()
        )
        self.idx.register_tokenizer("sv", analyzer)
        writer = self.idx.writer(heap_size=50_000_000, num_threads=1)
        for doc_id, text in documents.items():
            writer.add_document(tantivy.Document(id=doc_id, body=text))
        writer.commit()
        writer.wait_merging_threads()
        self.idx.reload()
        self.searcher = self.idx.searcher()

    def search(self, text: str, k: int) -> list[str]:
        words = re.findall(r"\w+", text)
        if not words:
            return []
        query = self.idx.parse_query(" ".join(words), ["body"])
        result = self.searcher.search(query, k)
        return [self.searcher.doc(addr)["id"][0] for _, addr in result.hits]

    def close(self) -> None:
        tmp = getattr(self, "tmp", None)
        if tmp is not None:
            tmp.cleanup()


def all_peers(encoder_dir: str | None = None, *, encoder=None) -> list[Peer]:
    """Doris first, then ablations, then the peers named in the issue.

    With ``encoder`` (or ``encoder_dir``, a local ONNX model, see doris.encoders)
    a hybrid ``doris+dense`` row is added.
    """
    extra: list[Peer] = []
    if encoder is None and encoder_dir:
        from doris.encoders import OnnxEncoder

        encoder = OnnxEncoder(encoder_dir)
    if encoder is not None:
        extra.append(DorisPeer("doris+dense", lambda: Engine(encoder=encoder)))
    return [
        DorisPeer(),
        *extra,
        DorisPeer(
            "doris−compounds", lambda: Engine(analyzer=Analyzer(split_compounds=False))
        ),
        DorisPeer("doris−derivations", lambda: Engine(analyzer=Analyzer(derive=False))),
        DorisPeer(
            "doris−answer-type",
            lambda: Engine(params=RankingParams(answer_type_weight=0.0)),
        ),
        Bm25sPeer(snowball=False),
        Bm25sPeer(snowball=True),
        PostgresPeer(),
        TantivyPeer(),
    ]
