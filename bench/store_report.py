"""The stores benchmark's results as a Markdown section of bench/README.md, with the verdict.

The section sits between two markers and is replaced on each run; the rest of the file is left
as it is (other benchmarks write their own sections).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.eval.readme import write_section as record_section

__all__ = ["LIMIT", "write_section"]

LIMIT = 1.5  # the embedded default must stay within this factor of raw pyoxigraph
START, END = "<!-- store-bench:start -->", "<!-- store-bench:end -->"


def _seconds(value: float | None, capped: float | None = None, error: str | None = None) -> str:
    if error:
        return f"fails ({error})"
    if value is None:
        return f"> {capped:g} s" if capped else "n/a"
    if value < 0.001:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def _ratio(ours: float | None, raw: float | None) -> str:
    if ours is None or not raw:
        return "n/a"
    return f"{ours / raw:.2f}x"


def _table(size: str, result: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The table for one size, and the rows where the embedded default is over the limit."""
    engines = result["engines"]
    rdf, ours, raw = (engines.get(e, {}) for e in ("rdflib", "embedded", "raw"))
    named_only = engines.get("raw-named-only", {})
    lines = [
        f"### {size} ({result['quads']:,} quads)",
        "",
        "| | rdflib in memory | embedded default | raw pyoxigraph | embedded / raw |",
        "|---|---|---|---|---|",
    ]
    over = []
    load_ratio = _ratio(ours.get("load_s"), raw.get("load_s"))
    lines.append(
        f"| load | {_seconds(rdf.get('load_s'))} | {_seconds(ours.get('load_s'))} "
        f"| {_seconds(raw.get('load_s'))} | {load_ratio} |"
    )
    if ours.get("load_s") and raw.get("load_s") and ours["load_s"] > LIMIT * raw["load_s"]:
        over.append(f"{size} load")
    for name, mine in ours.get("queries", {}).items():
        theirs = raw.get("queries", {}).get(name, {})
        slow = rdf.get("queries", {}).get(name, {})
        rdflib_cell = _seconds(slow.get("median_s"), slow.get("capped_s"), slow.get("error"))
        if slow.get("once"):
            rdflib_cell += " (1 run)"
        if slow.get("rows") is not None and slow["rows"] != mine.get("rows"):
            rdflib_cell += f", {slow['rows']} rows (wrong)"
        lines.append(
            f"| `{name}` ({mine.get('rows')} rows) | {rdflib_cell} "
            f"| {_seconds(mine.get('median_s'), mine.get('capped_s'))} "
            f"| {_seconds(theirs.get('median_s'), theirs.get('capped_s'))} "
            f"| {_ratio(mine.get('median_s'), theirs.get('median_s'))} |"
        )
        ours_s, raw_s = mine.get("median_s"), theirs.get("median_s")
        if ours_s and raw_s and ours_s > LIMIT * raw_s:
            over.append(f"{size} `{name}`")
    rss = " / ".join(
        f"{engines[e].get('peak_rss_mib', 0):.0f}"
        for e in ("rdflib", "embedded", "raw")
        if e in engines
    )
    lines += ["", f"Peak RSS (MiB), rdflib / embedded / raw: {rss}."]
    if named_only:
        lines.append(
            f"Raw `bulk_load` of the named graphs alone (no merged default graph): "
            f"{_seconds(named_only.get('load_s'))}."
        )
    return lines, over


def write_section(readme: Path | None, results: dict[str, Any], context: str, runs: int) -> str:
    """Render the section; write it into `readme` (created if absent) unless `readme` is None."""
    body = [
        START,
        "## Stores: load time and named-query latency (`python -m bench.store_bench`)",
        "",
        f"Synthetic graphs made by copying our own build (bench/synthetic.py); {context}. rdflib "
        "runs in a process of its own; the embedded default and raw pyoxigraph share one, their "
        "loads (three each, median kept) and query runs alternating so that the machine's noise "
        f"falls on both alike. Query times are the median of {runs} runs after one warm-up (for a "
        "query under 0.2 s a run is the mean of a batch lasting about 0.2 s; a query over 5 s is "
        "run once); results converted to Python values. The embedded default is `kg.open_store` + "
        "`kg.load` + `store.query` (guard, time limit and row cap included); raw pyoxigraph "
        "builds the same store on disk (named graphs + their merge as the default graph) and "
        "queries it directly. Timings on this machine vary 25-80% between runs.",
        "",
    ]
    over: list[str] = []
    for size, result in results.items():
        lines, size_over = _table(size, result)
        body += [*lines, ""]
        over += size_over
    if over:
        verdict = f"**Over {LIMIT}x of raw pyoxigraph:** {', '.join(over)}."
    else:
        verdict = f"**The embedded default stays within {LIMIT}x of raw pyoxigraph on load and on every query.**"
    body += [
        verdict,
        "",
        "Notes. The load columns include building the merged default graph that every store keeps "
        "(kg.store.base.MERGE_DEFAULT_GRAPH); the line under each table gives raw `bulk_load` "
        "without it, for scale. rdflib's engine fails on queries whose GROUP_CONCAT meets an "
        "unbound value (NotBoundError), shown as such. "
        "A query over 5 s is run once per engine, so its ratio is one sample; pyoxigraph queries "
        "are timed in a child process stopped after the run's budget (`--budget`), shown as "
        "`> N s`.",
        END,
    ]
    section = "\n".join(body)
    if readme is not None:
        body = section.strip().removeprefix(START).removesuffix(END)
        record_section("store-bench", body, readme)
    return section
