"""Swedish text analysis: text -> terms.

The chain is: Unicode normalisation -> tokenisation (numbers, dates, "§",
abbreviations kept) -> case folding -> stop words -> compound splitting ->
Snowball Swedish stemming. Queries additionally get typo correction against the
index vocabulary and synonym expansion (see :class:`QueryAnalyzer` in
``doris.query``).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources

import Stemmer

# Longest question we analyse; the rest of a pasted essay is ignored.
MAX_QUERY_CHARS = 2000

TOKEN_RE = re.compile(
    r"""
    (?P<date>\d{4}-\d{2}-\d{2})                       # ISO date
  | (?P<num>\d{1,3}(?:[ ]\d{3})+(?:,\d+)?(?!\d)      # 1 000 000, 12 500,50
      | \d+(?:[.,:/]\d+)*)                            # 12, 3,5, 1.2.3, 10/3
  | (?P<para>§)                                       # paragraph sign
  | (?P<abbr>(?:[^\W\d_]{1,3}\.){2,}(?![^\W\d_]))     # t.ex., bl.a., o.s.v.
  | (?P<word>[^\W\d_]+(?:-[^\W\d_]+)*)                # words, EU-stöd
    """,
    re.VERBOSE,
)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


@dataclass(frozen=True, slots=True)
class Token:
    """A surface token with its character span in the normalised text."""

    text: str
    kind: str
    start: int
    end: int


def normalise(text: str) -> str:
    """NFKC-normalise, drop control characters and soft hyphens."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u00ad", "")
    return _CONTROL_RE.sub(" ", text)


def tokenise(text: str) -> Iterator[Token]:
    """Yield tokens of already normalised ``text`` (case is kept)."""
    for match in TOKEN_RE.finditer(text):
        kind = match.lastgroup or "word"
        yield Token(match.group(), kind, match.start(), match.end())


def fold(text: str, kind: str) -> str:
    """The form a token is matched in: lower case; numbers with "." as decimal
    sign and without the spaces between thousands ("1 500,5" -> "1500.5")."""
    folded = text.casefold()
    if kind == "num" or kind == "date":
        folded = folded.replace(" ", "").replace(",", ".")
    return folded


def number_terms(folded: str) -> tuple[str, ...]:
    """A number's terms: itself, and for whole millions also "N miljon".

    The handbook writes "1 000 000 kronor" where a question says "3 miljoner"
    or "1,5 miljoner".
    """
    if not folded.isdigit() or len(folded) < 7:
        return (folded,)
    value = int(folded)
    for size, word in ((10**9, "miljard"), (10**6, "miljon")):
        if value >= size and value % (size // 10) == 0:
            return (folded, f"{value / size:g}", word)
    return (folded,)


def _load_lines(name: str) -> list[str]:
    raw = resources.files("doris.data").joinpath(name).read_text(encoding="utf-8")
    return [
        line.strip()
        for line in raw.splitlines()
        if line.strip() and not line.startswith("#")
    ]


@functools.cache
def default_stopwords() -> frozenset[str]:
    """The shipped Swedish stop word list."""
    return frozenset(_load_lines("stopwords.txt"))


@functools.cache
def default_synonyms() -> tuple[tuple[str, ...], ...]:
    """The shipped synonym groups (editors maintain ``data/synonyms.txt``)."""
    return tuple(
        tuple(part.strip() for part in line.split(" = ") if part.strip())
        for line in _load_lines("synonyms.txt")
    )


def _lemma(word: str) -> str:
    import simplemma  # the Swedish data loads on first use

    return simplemma.lemmatize(word, lang="sv").casefold()


class Lexicon:
    """Swedish word list with frequency ranks, used to split compounds.

    The list comes from the ``wordfreq`` package's Swedish data (shipped in the
    package, nothing is downloaded). Loading takes about half a second, so it is
    shared per process and loaded on first use.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.rank: dict[str, int] = {}
        for rank, word in enumerate(words):
            if word.isalpha() and len(word) >= 2 and word not in self.rank:
                self.rank[word] = rank

    def __contains__(self, word: str) -> bool:
        return word in self.rank

    def cost(self, word: str) -> float | None:
        """Negative log-frequency proxy: lower is more common; None if unknown."""
        rank = self.rank.get(word)
        if rank is None:
            return None
        # Short parts must be common to count as words of their own.
        if len(word) <= 3 and rank > 15_000:
            return None
        if len(word) == 4 and rank > 60_000:
            return None
        return math.log(rank + 10)


@functools.cache
def default_lexicon(size: int = 200_000) -> Lexicon:
    """The shared Swedish lexicon (top ``size`` words of wordfreq's list)."""
    import wordfreq  # imported lazily: it pulls in a few modules

    return Lexicon(wordfreq.top_n_list("sv", size))


# Word endings that the word list knows as words but that are suffixes here
# ("ersättn-ingen", "sök-anden"): never accepted as the tail of a compound.
_SUFFIX_PARTS = frozenset(
    [
        "ens",
        "ets",
        "ans",
        "ars",
        "ers",
        "ors",
        "ernas",
        "arnas",
        "ornas",
        "ning",
        "ningen",
        "ningar",
        "ningarna",
        "ing",
        "ingen",
        "ingar",
        "ande",
        "anden",
        "andet",
        "ende",
        "enden",
        "else",
        "elsen",
        "het",
        "heten",
        "heter",
        "lig",
        "liga",
        "ligt",
        "are",
        "aren",
        "arna",
        "ares",
        "ade",
        "ader",
        # tails of -ering, -erad, -eringar ("vaccin-ering", "plac-erad")
        "ring",
        "ringen",
        "ringar",
        "rad",
        "rade",
    ]
)

# Nouns made from verbs ("komplettering" from "komplettera", "handläggning"
# from "handlägga", "ordination" from "ordinera"): the verb's stem is added as
# an extra term so that a question with the verb finds the noun and back.
_DERIVED = (
    (re.compile(r"^(\w{4,})ering(?:en|ar|arna|ens)?$"), "era"),
    (re.compile(r"^(\w{4,})ation(?:en|er|erna|ens)?$"), "era"),
    (re.compile(r"^(\w{4,}?)n?ing(?:en|ar|arna|ens)?$"), "a"),
)


def derived_root(word: str) -> str | None:
    """The infinitive of the verb a deverbal noun comes from, or None."""
    for pattern, ending in _DERIVED:
        match = pattern.match(word)
        if match:
            return match.group(1) + ending
    return None


class CompoundSplitter:
    """Split Swedish compounds into known words.

    ``handläggningstid`` -> ``handläggning`` + ``tid``; a linking ``s``
    (``myndighetsbeslut``) and a dropped final vowel (``skolbarn`` from
    ``skola``) are understood. Returns the parts; a word that is not a
    compound returns no parts.
    """

    MIN_WORD = 7
    MAX_WORD = 40  # longer "words" are codes or garbage; splitting them is costly
    MIN_PART = 3
    MIN_HEAD = 4
    KEEP_MARGIN = 1.0

    def __init__(
        self, lexicon: Lexicon, stopwords: frozenset[str] = frozenset()
    ) -> None:
        self.lexicon = lexicon
        self.stopwords = stopwords
        self._cache: dict[str, tuple[str, ...]] = {}

    def split(self, word: str) -> tuple[str, ...]:
        cached = self._cache.get(word)
        if cached is None and word.endswith("s") and word[:-1] in self.lexicon:
            # A genitive or passive -s ends the word, not its last part:
            # "arbetsgivares" is "arbetsgivare" + s, "gallras" is "gallra" + s
            # (not "galla" + "ras").
            cached = self.split(word[:-1])
            self._cache[word] = cached
        if cached is None:
            best = self._best(word, depth=0)
            whole = self.lexicon.rank.get(word)
            # Koehn & Knight: keep a common word whole unless its parts are
            # clearly more common than the word itself.
            if (
                best
                and whole is not None
                and best[0] > math.log(whole + 10) + self.KEEP_MARGIN
            ):
                best = None
            cached = best[1] if best else ()
            if len(self._cache) > 500_000:
                self._cache.clear()
            self._cache[word] = cached
        return cached

    def _head_cost(self, head: str) -> tuple[float, str] | None:
        if head in self.stopwords or len(head) < self.MIN_HEAD:
            return None
        options = [head]
        if head.endswith("s") and len(head) > self.MIN_PART + 1:
            options.append(head[:-1])
        options.extend([head + "a", head + "e"])
        best = None
        for option in options:
            cost = None if option in self.stopwords else self.lexicon.cost(option)
            if cost is not None and (best is None or cost < best[0]):
                best = (cost, option)
        return best

    def _best(self, word: str, depth: int) -> tuple[float, tuple[str, ...]] | None:
        if (
            not self.MIN_WORD <= len(word) <= self.MAX_WORD
            or depth > 2
            or not word.isalpha()
        ):
            return None
        best: tuple[float, tuple[str, ...]] | None = None
        for cut in range(self.MIN_PART, len(word) - self.MIN_PART + 1):
            head = self._head_cost(word[:cut])
            if head is None:
                continue
            tail_word = word[cut:]
            tail_cost = (
                None
                if tail_word in self.stopwords or tail_word in _SUFFIX_PARTS
                else self.lexicon.cost(tail_word)
            )
            if tail_cost is not None:
                tail = (tail_cost, (tail_word,))
            else:
                tail = self._best(tail_word, depth + 1)
            if tail is None:
                continue
            parts = (head[1], *tail[1])
            # Geometric mean of the parts' costs, with a small penalty per part.
            cost = (head[0] + tail[0] * len(tail[1])) / len(parts) + 1.5 * (
                len(parts) - 2
            )
            if best is None or cost < best[0]:
                best = (cost, parts)
        return best


class Analyzer:
    """Turns text into index terms (stems), with compound parts added.

    ``terms(text)`` is used for both documents and queries so both sides agree.
    """

    def __init__(
        self,
        *,
        stopwords: Iterable[str] | None = None,
        lexicon: Lexicon | None = None,
        split_compounds: bool = True,
        stem: bool = True,
        lemmatise: bool = True,
        exact: bool = False,
        prefix: int = 0,
        ngrams: int = 0,
        bigrams: bool = False,
        derive: bool = True,
    ) -> None:
        self.stopwords = (
            frozenset(stopwords) if stopwords is not None else default_stopwords()
        )
        self._lexicon = lexicon
        self.split_compounds = split_compounds
        self.stem = stem
        self.lemmatise = lemmatise
        # Extra views of a word, marked by a first character that no token has:
        # "=" the unstemmed word, "^" its first ``prefix`` letters.
        self.exact = exact
        self.prefix = prefix
        self.ngrams = ngrams  # "#" terms: character n-grams of the word
        self.bigrams = bigrams  # "+" terms: two adjacent stems
        self.derive = derive  # the verb stem of a deverbal noun
        self._stemmer = Stemmer.Stemmer("swedish")
        self._word_cache: dict[str, tuple[str, ...]] = {}
        self._splitter: CompoundSplitter | None = None

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = default_lexicon()
        return self._lexicon

    @property
    def splitter(self) -> CompoundSplitter:
        if self._splitter is None:
            self._splitter = CompoundSplitter(self.lexicon, self.stopwords)
        return self._splitter

    def stem_word(self, word: str) -> str:
        """The word's index form: lemma (simplemma), then Snowball stem.

        Lemmatising first joins irregular forms that the stemmer keeps apart;
        measured on SweFAQ dev and the handbook set it adds about one point of
        nDCG@10 and of Recall@1 over stemming alone (docs/benchmarks.md).
        """
        if self.lemmatise:
            word = _lemma(word)
        return self._stemmer.stemWord(word) if self.stem else word

    def word_terms(self, surface: str, query: bool = False) -> tuple[str, ...]:
        """Terms for one surface word (already lower-cased): stem + parts."""
        key = ("?" + surface) if query else surface
        cached = self._word_cache.get(key)
        if cached is not None:
            return cached
        terms: list[str] = []
        if surface not in self.stopwords:
            pieces = surface.split("-") if "-" in surface else [surface]
            if len(pieces) > 1:
                terms.append(self.stem_word(surface.replace("-", "")))
            for piece in pieces:
                if not piece or piece in self.stopwords:
                    continue
                stem = self.stem_word(piece)
                terms.append(stem)
                if self.derive:
                    root = derived_root(piece)
                    if root is not None:
                        root = self.stem_word(root)
                        if root != stem:
                            terms.append(root)
                if self.exact and piece != stem:
                    terms.append("=" + piece)
                if self.prefix and len(piece) > self.prefix:
                    terms.append("^" + piece[: self.prefix])
                if self.ngrams:
                    padded = f"_{piece}_"
                    n = self.ngrams
                    terms.extend(
                        "#" + padded[i : i + n] for i in range(len(padded) - n + 1)
                    )
                if self.split_compounds:
                    terms.extend(self._part_terms(piece, deep=False))
        result = tuple(terms)
        if len(self._word_cache) > 500_000:
            self._word_cache.clear()
        self._word_cache[key] = result
        return result

    def _part_terms(self, word: str, deep: bool = True) -> list[str]:
        # ``deep`` also splits the parts (handläggning -> hand + läggning);
        # measured on SweFAQ dev it costs 2 points of nDCG@10, so it is off.
        out = []
        for part in self.splitter.split(word):
            out.append(self.stem_word(part))
            if deep:
                out.extend(self.stem_word(p) for p in self.splitter.split(part))
        return out

    def surface_words(self, text: str) -> list[tuple[str, Token]]:
        """(folded surface form, token) pairs for ``text``."""
        out = []
        for token in tokenise(normalise(text)):
            out.append((fold(token.text, token.kind), token))
        return out

    def token_terms(
        self, folded: str, kind: str, query: bool = False
    ) -> tuple[str, ...]:
        """Terms of one token; ``query`` terms split compounds one level only."""
        if kind == "word":
            return self.word_terms(folded, query)
        if kind == "abbr":
            return () if folded in self.stopwords else (folded,)
        if kind == "num":
            return number_terms(folded)
        return (folded,)

    def terms(self, text: str) -> list[str]:
        """All index terms of ``text`` in order (compound parts follow the word)."""
        out: list[str] = []
        previous = None
        for folded, token in self.surface_words(text):
            terms = self.token_terms(folded, token.kind)
            out.extend(terms)
            if self.bigrams and terms:
                if previous is not None:
                    out.append(f"+{previous}_{terms[0]}")
                previous = terms[0]
        return out
