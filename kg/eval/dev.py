"""`kg eval --gold DIR`: strict scores on a development set of articles the extractor was never
tuned on. DIR holds `<id>.txt` with its sidecar `<id>.yaml` (source URL, published date) and the
hand gold in `gold/<id>.yaml`:

    entities: [jp, ru, Sberbank]          # canonical ids, or names (compared as minted ids)
    measures:
      - {type: asset-freeze, imposer: jp, targets: [ru], announced: 2022-04-12, counts: [398]}
    statements:
      - {speaker: jp, quote: "a few words of the sentence"}

Strict, field by field: a gold measure is *found* when a prediction has its type and imposer; a
predicted measure is *wrong* when it matches no gold measure, or when any field it states differs
from that gold measure (a target the gold lacks, a date that is not the gold's at either
precision, a count the gold lacks). Nothing
that the prediction leaves out is counted wrong; everything it says is checked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.config import settings
from kg.errors import KGError
from kg.eval.metrics import Score, match
from kg.iris import slugify
from kg.sources import read_corpus

__all__ = ["DEV_FOLDER", "DevReport", "dev_folder", "evaluate_dev"]

DEV_FOLDER = Path("tests") / "data" / "dev"  # `kg eval --gold dev` (relative to the repository)

DATE_FIELDS = ("announced", "effective")


@dataclass
class DevReport:
    documents: int = 0
    entities: Score = field(default_factory=Score)
    gold_measures: int = 0
    found: int = 0  # gold measures with a prediction of the same type and imposer
    predicted_measures: int = 0
    wrong: int = 0  # predicted measures with any wrong field (or no gold counterpart)
    statements: Score = field(default_factory=Score)
    errors: list[str] = field(default_factory=list)
    without_text: list[str] = field(default_factory=list)  # gold files whose article is absent

    @property
    def found_rate(self) -> float:
        return self.found / self.gold_measures if self.gold_measures else 0.0

    @property
    def wrong_rate(self) -> float:
        return self.wrong / self.predicted_measures if self.predicted_measures else 0.0

    def summary(self) -> str:
        """The scores on one line, as `kg eval --gold` prints them."""
        e, s = self.entities, self.statements
        return (
            f"{self.documents} articles; entities P {e.precision:.2f} R {e.recall:.2f}; "
            f"measures found with type and imposer {self.found}/{self.gold_measures} "
            f"({self.found_rate:.2f}), with a wrong field {self.wrong}/"
            f"{self.predicted_measures} ({self.wrong_rate:.2f}); statements P "
            f"{s.precision:.2f} R {s.recall:.2f}"
        )


def dev_folder(name: Path | str) -> Path:
    """The folder `kg eval --gold NAME` scores: 'dev' is the repository's dev set."""
    return settings().root / DEV_FOLDER if str(name) == "dev" else Path(name)


def _norm(name: str) -> str:
    name = " ".join(str(name).lower().replace("\u2019", "'").split())
    return name[4:] if name.startswith("the ") else name


def _gold(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise KGError(f"{path}: cannot read the gold file: {error}") from error
    if not isinstance(data, dict):
        raise KGError(f"{path}: a gold file must be a mapping")
    return data


def _wrong_fields(p: Mapping[str, Any], g: Mapping[str, Any]) -> list[str]:
    wrong = []
    if set(p.get("targets", [])) - set(g.get("targets", [])):
        wrong.append("targets")
    for name in DATE_FIELDS:
        if p.get(name) is None:
            continue
        said, gold = str(p[name]), g.get(name)
        if gold is None or not (said.startswith(str(gold)) or str(gold).startswith(said)):
            wrong.append(name)  # a date the article does not give for it, or another one
    counts = [grp["count"] for grp in p.get("target_groups", []) if "count" in grp]
    if any(c not in g.get("counts", []) for c in counts):
        wrong.append("counts")
    return wrong


def _same_role(p: Mapping[str, Any], g: Mapping[str, Any]) -> bool:
    return p.get("type") == g.get("type") and p.get("imposer") == g.get("imposer")


def evaluate_dev(folder: Path, extract: Callable[[Any], Any] | None = None) -> DevReport:
    """Score `extract` (a document -> DocumentExtraction callable; default: the extractor over
    the reference gazetteer) on the dev set in `folder`."""
    if extract is None:
        from kg.extract import Extractor  # loads spaCy: only when scoring
        from kg.link.gazetteer import reference_gazetteer

        extract = Extractor(reference_gazetteer()).extract
    report = DevReport()
    documents = read_corpus(folder)
    present = {d.id for d in documents}
    report.without_text = sorted(
        p.stem for p in (folder / "gold").glob("*.yaml") if p.stem not in present
    )
    for document in documents:
        gold_path = folder / "gold" / f"{document.id}.yaml"
        if not gold_path.exists():
            raise KGError(f"{gold_path}: the dev article {document.id} has no gold file")
        gold, result = _gold(gold_path), extract(document)
        report.documents += 1
        found = {link.entity_id for link in result.mention_links}  # what reaches the graph
        wanted = {str(e) if str(e).islower() else slugify(str(e)) for e in gold.get("entities", [])}
        report.entities.add(Score(len(found & wanted), len(found - wanted), len(wanted - found)))
        report.errors += [f"{document.id} entity missed {e}" for e in sorted(wanted - found)]
        report.errors += [f"{document.id} entity extra {e}" for e in sorted(found - wanted)]
        predicted = [f.fields for f in result.facts if f.kind == "measure"]
        golds = list(gold.get("measures", []))
        right = match(  # pair the fully right ones first, then the rest by type and imposer
            predicted, golds, lambda p, g: _same_role(p, g) and not _wrong_fields(p, g)
        )
        rest_p = [i for i in range(len(predicted)) if i not in {a for a, _ in right}]
        rest_g = [j for j in range(len(golds)) if j not in {b for _, b in right}]
        more = match([predicted[i] for i in rest_p], [golds[j] for j in rest_g], _same_role)
        pairs = right + [(rest_p[a], rest_g[b]) for a, b in more]
        report.gold_measures += len(golds)
        report.predicted_measures += len(predicted)
        report.found += len(pairs)
        paired = dict(pairs)
        for i, p in enumerate(predicted):
            wrong = _wrong_fields(p, golds[paired[i]]) if i in paired else ["no such measure"]
            if wrong:
                report.wrong += 1
                report.errors.append(f"{document.id} measure wrong {wrong}: {p.get('label')}")
        for j, g in enumerate(golds):
            if j not in paired.values():
                report.errors.append(f"{document.id} measure missed {g}")
        statements = [f for f in result.facts if f.kind == "statement"]
        gold_statements = list(gold.get("statements", []))
        hits = match(
            statements,
            gold_statements,
            lambda s, g: (
                s.fields.get("speaker") == g.get("speaker")
                and any(_norm(g.get("quote", "")) in _norm(e.text) for e in s.evidence)
            ),
        )
        report.statements.add(
            Score(len(hits), len(statements) - len(hits), len(gold_statements) - len(hits))
        )
    return report
