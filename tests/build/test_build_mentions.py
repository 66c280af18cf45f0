"""Open-world mentions of the bundled sources in `kg build` (mentions=True): every recognised
entity mention of each curated article is stored with its offsets, the shapes hold, and they are
cached per document so that a later build does not import spaCy unless a text changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from kg.build.pipeline import build
from kg.config import Settings
from kg.iris import graph_iri

REPO = Path(__file__).resolve().parents[2]
CHILD = """
import json, sys
from kg.build.pipeline import build
from kg.config import settings
report = build(settings(), store=False, mentions=True)
print(json.dumps({"spacy": "spacy" in sys.modules, "extracted": report.extracted,
                  "remade": report.remade, "mode": report.validation.mode}))
"""


def _child(config: Settings) -> dict[str, object]:
    env = {**os.environ, "KG_ROOT": str(config.root), "KG_BUILD": str(config.build_dir)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, cwd=REPO
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_bundled_sources_get_their_mentions_and_later_builds_need_no_spacy(
    project_copy: Settings,
) -> None:
    first = build(project_copy, store=False, mentions=True)
    sources = sorted(p.stem for p in project_copy.sources_dir.glob("*.txt"))
    assert first.extracted == sources
    store = ox.Store()
    store.bulk_load((project_copy.build_dir / "kg.nq").read_bytes(), format=ox.RdfFormat.N_QUADS)
    rows = store.query(
        """PREFIX kg: <https://w3id.org/sanctions-kg/ontology#>
        SELECT ?g ?file ?start ?end ?text ?entity WHERE { GRAPH ?g {
          ?m a kg:Mention ; kg:inDocument ?doc ; kg:startOffset ?start ; kg:endOffset ?end ;
             kg:exactText ?text ; kg:mentionOf ?entity . ?doc kg:fileName ?file ;
             kg:mentions ?entity } }"""
    )
    texts = {p.name: p.read_text(encoding="utf-8") for p in project_copy.sources_dir.glob("*.txt")}
    graphs = set()
    for row in rows:  # type: ignore[union-attr]
        graph, file, start, end, text = (row[i] for i in range(5))
        graphs.add(graph.value)
        assert texts[file.value][int(start.value) : int(end.value)] == text.value
    assert graphs == {str(graph_iri(s)) for s in sources}  # every article, in its own graph

    again = _child(project_copy)  # nothing changed: nothing read, spaCy not imported
    assert again == {"spacy": False, "extracted": [], "remade": [], "mode": "none"}

    sidecar = project_copy.sources_dir / f"{sources[0]}.yaml"
    text = sidecar.read_text(encoding="utf-8")
    sidecar.write_text(text.replace("title:", "title: Changed -", 1), encoding="utf-8")
    changed = _child(project_copy)  # curated data remade, but the texts are the same
    assert changed == {
        "spacy": False,
        "extracted": [],
        "remade": ["curated"],
        "mode": "incremental",
    }


def test_kg_build_mentions_from_the_command_line(project_copy: Settings) -> None:
    env = {**os.environ, "KG_ROOT": str(project_copy.root), "KG_BUILD": str(project_copy.build_dir)}
    for flags, expect_mentions in (([], False), (["--mentions"], True)):
        done = subprocess.run(
            [sys.executable, "-m", "kg.cli", "build", "--no-store", *flags],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
        )
        assert done.returncode == 0, done.stderr
        nquads = (project_copy.build_dir / "kg.nq").read_text(encoding="utf-8")
        a_mention = "#type> <https://w3id.org/sanctions-kg/ontology#Mention> <"  # an instance
        has = a_mention in nquads
        assert has == expect_mentions, flags
