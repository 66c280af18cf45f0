# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 02 · Actors and blocs
#
# Who sanctions whom, and how hard? Who answers? Who acts together? `kg.analyse` projects the
# graph into networkx graphs through SPARQL; this notebook reads the **sanction graph**: one
# node per actor, one edge per measure from its imposer (`kg:imposedBy`) to each target
# (`kg:target`, or a `kg:targetGroup` such as "35 individuals related to the Russian military",
# put on the group's affiliation or the state it is based in).

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

import kg
from kg.analyse import (
    betweenness,
    blocs,
    co_sanctioning_graph,
    draw_sanction_graph,
    pagerank,
    reciprocity,
    sanction_graph,
    strength,
    weighted,
)

pd.set_option("display.max_colwidth", 70)
store = kg.open_store(read_only=True)
graph = sanction_graph(store)
print(f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} measure edges")

# %% [markdown]
# ## Most active senders, most targeted
#
# `sent` and `received` count distinct measures; a measure aimed at two targets is one measure
# and two edges.

# %%
table = strength(graph)
display(table[["label", "class", "sent", "received"]].head(8))

# %%
sent = dict(zip(table["node"], table["sent"], strict=True))
received = dict(zip(table["node"], table["received"], strict=True))
# The articles follow Japan's rounds of sanctions: Japan is the most active sender.
assert table["node"].iloc[0] == "state/jp"
# 000: "Russia has also countered Japan with sanctions, such as banning Japanese fishermen from
# fishing in the waters of the South Kuril Islands, breaking off cooperation with Japan, and
# imposing sanctions on Japanese politicians and businesses": at least three measures on Japan.
assert received["state/jp"] >= 3
# 004: "Japan imposed new sanctions ... more limited than those announced last month by the
# United States": the United States sends too.
assert sent["state/us"] >= 1

# %% [markdown]
# The largest rounds by the people and organizations they list (`member_count`: the largest
# total any one source gives, so two articles telling the same 35 people count 35):

# %%
rounds = pd.DataFrame(
    [
        {"measure": d["label"], "target": graph.nodes[v]["label"], "listed": d["member_count"]}
        for u, v, k, d in graph.edges(keys=True, data=True)
        if d["member_count"]
    ]
).sort_values("listed", ascending=False)
display(rounds)
# 000: "freezing the assets of 35 individuals and 44 organizations related to the Russian
# military" (December 2023): 79.
freeze = graph.edges[
    "state/jp", "organization/russian-armed-forces", "measure/jp-2023-12-asset-freeze"
]
assert freeze["member_count"] == 79

# %% [markdown]
# ## PageRank and betweenness
#
# PageRank (weighted by measures) is high for actors that draw measures from actors that
# themselves draw many. Betweenness finds brokers on directed paths: here Japan, the one actor
# that both sends (to Russia, its military, Crimea) and receives (Russia's answers) on most
# paths.

# %%
ranks = pagerank(graph)
brokers = betweenness(graph)
display(ranks[["label", "pagerank"]].head(5))
display(brokers[["label", "betweenness"]].head(5))
assert set(ranks["node"].head(2)) == {"state/jp", "state/ru"}
assert brokers["node"].iloc[0] == "state/jp"

# %% [markdown]
# ## Reciprocity
#
# As in Cranmer, Heinrich and Desmarais (2014), reciprocity is read on ties between actors: the
# share of sender→target ties answered by a tie the other way (`nx.overall_reciprocity`), and
# each pair with the measures each way.

# %%
found = reciprocity(graph)
print(f"overall reciprocity: {found.overall:.2f}")
display(found.dyads[["a_label", "b_label", "a_to_b", "b_to_a", "reciprocated"]])

# %%
pair = found.dyads[(found.dyads["a"] == "state/jp") & (found.dyads["b"] == "state/ru")].iloc[0]
# Japan sanctions Russia and "Russia has also countered Japan with sanctions" (000).
assert pair["reciprocated"] and pair["a_to_b"] >= 1 and pair["b_to_a"] >= 3
# No one answers the United States in these articles.
us = found.dyads[(found.dyads["a"] == "state/ru") & (found.dyads["b"] == "state/us")].iloc[0]
assert not us["reciprocated"]
assert 0 < found.overall < 1

# %% [markdown]
# ## Blocs
#
# Two senders are tied when they target the same actor (the co-sanctioning graph, weight =
# shared targets); Louvain communities with a fixed seed on it are the blocs.

# %%
co = co_sanctioning_graph(graph)
display(pd.DataFrame([{"a": a, "b": b, **d} for a, b, d in co.edges(data=True)]))
groups = blocs(graph)
display(groups)

# %%
bloc = dict(zip(groups["node"], groups["bloc"], strict=True))
# 004: Japan's 2014 sanctions followed the United States' (and 000: "as soon as the United
# States made its position clear, Japan immediately joined the ranks of sanctions against
# Russia"): Japan and the United States share Russia as a target and form a bloc without it.
assert bloc["state/jp"] == bloc["state/us"] != bloc["state/ru"]

# %% [markdown]
# ## The graph, drawn
#
# Dots are actors coloured by class (states blue, target groups orange, territories green);
# arrow width is the number of measures.

# %%
figure, ax = plt.subplots(figsize=(10, 7))
draw_sanction_graph(graph, ax=ax)
plt.show()

# %% [markdown]
# The same graph as a weighted DiGraph, for those who prefer one edge per pair:

# %%
simple = weighted(graph)
display(
    pd.DataFrame(
        [
            {
                "from": simple.nodes[u]["label"],
                "to": simple.nodes[v]["label"],
                "measures": d["weight"],
            }
            for u, v, d in simple.edges(data=True)
        ]
    ).sort_values("measures", ascending=False)
)
assert simple.edges["state/ru", "state/jp"]["weight"] >= 3
