"""Each metric on the hand-made graph (answers worked out in the comments) and on the bundled
corpus (answers read from the articles, quoted)."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from kg.analyse import (
    betweenness,
    blocs,
    co_sanctioning_graph,
    contradictions_per_source,
    measures_per_actor_per_year,
    pagerank,
    reciprocity,
    response_chains,
    sanction_graph,
    source_support,
    strength,
)
from kg.store import GraphStore


def _by_node(frame, column):  # type: ignore[no-untyped-def]
    return dict(zip(frame["node"], frame[column], strict=True))


def test_strength_on_the_hand_made_graph(tiny: GraphStore) -> None:
    table = strength(sanction_graph(tiny))
    sent, received = _by_node(table, "sent"), _by_node(table, "received")
    # A: a1 a2 a3 a4; D: d1 + four timeline measures; B: b1 b2; C: c1.
    assert (sent["state/a"], sent["state/d"], sent["state/b"], sent["state/c"]) == (4, 5, 2, 1)
    assert (received["state/b"], received["state/a"], received["state/e"]) == (4, 2, 5)
    assert table["node"].iloc[0] == "state/d"


def test_strength_on_the_bundled_graph(store: GraphStore) -> None:
    table = strength(sanction_graph(store))
    # The corpus is about Japan's rounds of sanctions (000-004) and Russia's answers: Japan
    # sends the most measures.
    assert table["node"].iloc[0] == "state/jp"
    received = _by_node(table, "received")
    # 000: "Russia has also countered Japan with sanctions, such as banning Japanese fishermen
    # from fishing in the waters of the South Kuril Islands, breaking off cooperation with
    # Japan, and imposing sanctions on Japanese politicians and businesses."
    ru_to_jp = set(sanction_graph(store)["state/ru"]["state/jp"])
    assert {
        "measure/ru-south-kurils-fishing-ban",
        "measure/ru-cooperation-cancellation",
        "measure/ru-sanctions-on-japanese-politicians-businesses",
    } <= ru_to_jp
    assert received["state/jp"] >= 3 and received["state/ru"] >= 3


def test_member_counts_from_the_articles(store: GraphStore) -> None:
    graph = sanction_graph(store)
    # 000: "freezing the assets of 35 individuals and 44 organizations related to the Russian
    # military"; 001 tells the same 35 + 44: 79, not 158.
    edge = graph.edges[
        "state/jp", "organization/russian-armed-forces", "measure/jp-2023-12-asset-freeze"
    ]
    assert edge["member_count"] == 79
    # 004: "freeze assets in Japan of two groups and 40 individuals".
    kept = sanction_graph(store, target_groups="keep")
    counts = [
        d["member_count"]
        for _, _, k, d in kept.out_edges("state/jp", keys=True, data=True)
        if k == "measure/jp-2014-08-asset-freeze"
    ]
    assert sorted(counts) == [2, 40]


def test_pagerank_matches_networkx(tiny: GraphStore) -> None:
    cycle = nx.DiGraph([("x", "y"), ("y", "x")])
    assert _by_node(pagerank(cycle), "pagerank") == pytest.approx({"x": 0.5, "y": 0.5})
    random = nx.gnm_random_graph(40, 160, seed=3, directed=True)
    nx.set_edge_attributes(random, {e: 1 + sum(e) % 3 for e in random.edges}, "weight")
    random.add_node(99)  # dangling
    expected = _pagerank_python(random, 0.85, tol=1e-12, max_iter=1000)
    assert _by_node(pagerank(random), "pagerank") == pytest.approx(expected, abs=1e-8)
    ranks = _by_node(pagerank(sanction_graph(tiny)), "pagerank")
    assert ranks["state/e"] > ranks["state/d"]  # E draws five measures and sends none


def test_betweenness_on_the_hand_made_graph(tiny: GraphStore) -> None:
    graph = sanction_graph(tiny)
    # Directed paths through a node: A lies on B→O and C→O; B on C→A and C→O; 6 nodes, so
    # normalised by 5·4 = 20: 2/20 each, everyone else 0.
    scores = _by_node(betweenness(graph), "betweenness")
    assert scores == pytest.approx(
        {
            "state/a": 0.1,
            "state/b": 0.1,
            "state/c": 0,
            "state/d": 0,
            "state/e": 0,
            "organization/o": 0,
        }
    )
    sampled = _by_node(betweenness(graph, k=6, seed=1), "betweenness")  # k = n: exact
    assert sampled == pytest.approx(scores)


def test_betweenness_igraph_agrees_with_networkx() -> None:
    pytest.importorskip("igraph")
    graph = nx.gnm_random_graph(300, 1200, seed=5, directed=True)
    nx_scores = _by_node(betweenness(graph, backend="networkx"), "betweenness")
    ig_scores = _by_node(betweenness(graph, backend="igraph"), "betweenness")
    assert ig_scores == pytest.approx(nx_scores, abs=1e-12)
    with pytest.raises(ValueError, match="exact"):
        betweenness(graph, backend="igraph", k=10)


def test_betweenness_on_the_bundled_graph(store: GraphStore) -> None:
    # Japan both sends (to Russia, its military, Crimea) and receives (Russia's answers): the
    # one broker on paths from Russia to Japan's targets.
    table = betweenness(sanction_graph(store))
    assert table["node"].iloc[0] == "state/jp"


def test_reciprocity(tiny: GraphStore, store: GraphStore) -> None:
    found = reciprocity(sanction_graph(tiny))
    # Ties A→B, B→A, C→B, D→E, A→O: two of five are answered.
    assert found.overall == pytest.approx(0.4)
    row = found.dyads.iloc[0]
    assert (row["a"], row["b"], row["a_to_b"], row["b_to_a"], row["reciprocated"]) == (
        "state/a",
        "state/b",
        3,
        2,
        True,
    )
    assert found.dyads["reciprocated"].sum() == 1
    # 000: Japan "joined the ranks of sanctions against Russia" and "Russia has also countered
    # Japan with sanctions": the Japan-Russia dyad is reciprocated.
    bundled = reciprocity(sanction_graph(store)).dyads
    pair = bundled[(bundled["a"] == "state/jp") & (bundled["b"] == "state/ru")].iloc[0]
    assert pair["reciprocated"] and pair["a_to_b"] >= 1 and pair["b_to_a"] >= 3


def test_blocs(tiny: GraphStore, store: GraphStore) -> None:
    graph = sanction_graph(tiny)
    co = co_sanctioning_graph(graph)
    assert co.edges["state/a", "state/c"]["targets"] == ["state/b"]
    table = blocs(graph)
    bloc = _by_node(table, "bloc")
    assert bloc["state/a"] == bloc["state/c"]
    assert len({bloc["state/a"], bloc["state/b"], bloc["state/d"]}) == 3
    assert blocs(graph).equals(table)  # seeded: the same numbering every run
    # 004: "Japan imposed new sanctions against Russia ... more limited than those announced
    # last month by the United States": Japan and the United States target Russia together.
    found = _by_node(blocs(sanction_graph(store)), "bloc")
    assert found["state/jp"] == found["state/us"] != found["state/ru"]


def test_response_chains(tiny: GraphStore) -> None:
    chains = response_chains(tiny)
    paths = {tuple(group["node"]) for _, group in chains.groupby("chain")}
    assert paths == {
        ("measure/a1", "measure/b1", "measure/a3"),
        ("measure/a1", "measure/b2"),
    }
    three = chains[chains["chain"].isin(chains[chains["node"] == "measure/a3"]["chain"])]
    lags = [None if pd.isna(v) else int(v) for v in three["lag_days"]]
    assert lags == [None, 10, 12]
    assert three["turns"].iloc[-1] == 2  # sanction, counter-measure, counter-counter-measure


def test_response_chains_on_the_bundled_graph(store: GraphStore) -> None:
    # 002: "As a member of the G7, Japan has fully pursued the policy of Western sanctions
    # against Russia ... In response, Russia broke off peace treaty talks with Japan".
    chains = response_chains(store)
    for _, chain in chains.groupby("chain"):
        nodes = list(chain["node"])
        if "measure/ru-2022-03-peace-treaty-talks-suspension" in nodes:
            at = nodes.index("measure/ru-2022-03-peace-treaty-talks-suspension")
            if nodes[at - 1] == "measure/jp-2022-sanctions":
                step = chain.iloc[at]
                assert step["turns"] >= 1
                if not pd.isna(step["lag_min_days"]):  # where the graph has both dates
                    assert 0 <= step["lag_min_days"] <= step["lag_max_days"]
                break
    else:
        raise AssertionError("no chain Japan's 2022 sanctions → Russia's withdrawal from talks")


def test_measures_per_actor_per_year(tiny: GraphStore, store: GraphStore) -> None:
    per_year = measures_per_actor_per_year(sanction_graph(tiny))
    counts = {(r.actor, r.year): r.measures for r in per_year.itertuples()}
    assert counts[("state/a", 2020)] == 2 and counts[("state/a", 2021)] == 1
    assert ("state/c", 2020) not in counts  # c1 has no date
    assert counts[("state/d", 2024)] == 1 and counts[("state/d", 2023)] == 2
    # 004: Japan will "freeze assets ... of two groups and 40 individuals" and "restrict imports
    # of products made in Crimea" (August 2014).
    bundled = measures_per_actor_per_year(sanction_graph(store))
    japan = bundled[(bundled["actor"] == "state/jp") & (bundled["year"] == 2014)]
    assert int(japan["measures"].iloc[0]) >= 2


def test_source_support(tiny: GraphStore, store: GraphStore) -> None:
    support = source_support(tiny).set_index("fact")
    assert support.loc["measure/a1", "n_sources"] == 2
    assert support.loc["measure/a1", "sources"] == "s1; s2"
    assert support.loc["measure/b1", "n_sources"] == 1
    bundled = source_support(store).set_index("fact")
    # The December 2023 export ban is told by 000 ("a ban on the export of goods to Russia and
    # organizations related to the Russian military"), 001 and 002 ("export bans on 63
    # organizations associated with the Russian military").
    assert bundled.loc["measure/jp-2023-12-export-ban", "n_sources"] >= 3
    # 004 alone tells that Japan would "restrict imports of products made in Crimea".
    assert "004_9b1907043569ccc5" in bundled.loc["measure/jp-2014-08-crimea-import-ban", "sources"]


def test_contradictions_per_source(tiny: GraphStore, store: GraphStore) -> None:
    table = contradictions_per_source(tiny).set_index("source")
    assert table["discrepancies"].to_dict() == {"s1": 2, "s2": 1, "s3": 1}
    assert table.loc["s1", "title"] == "Source one"
    # 000: Japan would "ban the import of Russian diamonds"; 001: "a ban on the export of
    # non-industrially produced diamonds from Russia": both sources take part in contradictions.
    bundled = contradictions_per_source(store).set_index("source")
    assert bundled.loc["000_6dda27f3a0c12004", "discrepancies"] >= 1
    assert bundled.loc["001_b5aeacde14fc594e", "discrepancies"] >= 1
