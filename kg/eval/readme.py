"""Record extraction results in bench/README.md, each in its own marked section.

Only the text between `<!-- NAME:start -->` and `<!-- NAME:end -->` is replaced; the rest of
the file (other engineers' sections) is left as it is. A missing file is created with a
one-line introduction.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kg.atomic import atomic_write_bytes
from kg.config import settings

__all__ = ["readme_path", "write_eval_section", "write_section"]

INTRO = "# Benchmarks\n\nMeasured results of sanctions-kg, one section per benchmark.\n"


def readme_path() -> Path:
    return settings().root / "bench" / "README.md"


def write_section(name: str, body: str, path: Path | None = None) -> Path:
    """Replace (or append) the section `name` of bench/README.md with `body`."""
    path = path or readme_path()
    text = path.read_text(encoding="utf-8") if path.exists() else INTRO
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        tail = rest.split(end, 1)[1]
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    atomic_write_bytes(path, text.encode("utf-8"))
    return path


def write_eval_section(report: object, path: Path | None = None) -> Path:
    from kg.eval.run import EvalReport

    assert isinstance(report, EvalReport)
    lines = [
        "## Extraction quality (`kg eval`)",
        "",
        f"The extractor run on the {report.documents} bundled articles from their raw text alone "
        "(curated data switched off), scored against the curated facts "
        f"({dt.date.today().isoformat()}; definitions in `kg/curate/matching.py`).",
        "",
        "| kind | tp | fp | fn | precision | recall | F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, tp, fp, fn, p, r, f1 in report.rows():
        lines.append(f"| {kind} | {tp} | {fp} | {fn} | {p:.2f} | {r:.2f} | {f1:.2f} |")
    lines += [
        "",
        "- entities: canonical ids (entities.yaml) mentioned in a document vs the canonical ids its "
        "curated facts refer to.",
        "- measures: type, imposer, target and date all right (target: the target sets intersect; "
        "date: an announced/effective date equal at the curated precision, none when the curated "
        "measure has none).",
        "- statements: same speaker (or both unnamed) and overlapping evidence.",
    ]
    return write_section("kg-eval", "\n".join(lines), path)
