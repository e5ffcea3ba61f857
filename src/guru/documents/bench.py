"""A synthetic shared drive for measuring the importer (see docs/benchmarks.md).

python -m guru.documents.bench /tmp/drive 400
"""

import sys
from pathlib import Path

from guru.documents import samples

WORDS = [
    "beslut",
    "ansökan",
    "handläggning",
    "tertial",
    "uppföljning",
    "kommunikation",
    "regionalfond",
    "företagsstöd",
    "utbetalning",
    "återkrav",
    "remiss",
    "plan",
    "budget",
    "mål",
    "aktivitet",
]


def _paragraphs(number: int) -> list[str]:
    return [
        " ".join(WORDS[(number + i * 7 + j) % len(WORDS)] for j in range(40))
        for i in range(30)
    ]


def make_drive(root: Path, count: int) -> None:
    """``count`` files in folders of 25: a quarter each txt, docx, xlsx and pdf."""
    for number in range(count):
        folder = root / f"Mapp {number // 25:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        kind = ("txt", "docx", "xlsx", "pdf")[number % 4]
        name = folder / f"Dokument {number:04d}.{kind}"
        text = _paragraphs(number)
        if kind == "txt":
            name.write_text("\n".join(text), encoding="utf-8")
        elif kind == "docx":
            name.write_bytes(samples.docx_bytes(title=name.stem, paragraphs=text))
        elif kind == "xlsx":
            rows = [[f"rad {i}", *line.split()[:8]] for i, line in enumerate(text)]
            name.write_bytes(samples.xlsx_bytes(sheet="Blad", rows=rows))
        else:
            name.write_bytes(samples.pdf_bytes(title=name.stem, paragraphs=text))


if __name__ == "__main__":
    make_drive(Path(sys.argv[1]), int(sys.argv[2]))
