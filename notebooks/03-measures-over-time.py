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
# # 03 · Measures over time
#
# How the story moved from 2014 to 2023: Crimea and Japan's first, limited sanctions; the 2022
# invasion, Japan's sanctions and Russia's answers; the rounds of 2023. Dates in the graph keep
# their precision (`xsd:date` day, `xsd:gYearMonth` month, `xsd:gYear` year), and so does
# everything below: a measure "from January 2024" is not said to be in force on a day of
# January it may not have reached.

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

import kg
from kg.analyse import (
    as_of,
    changes,
    measures_per_actor_per_year,
    plot_timeline,
    response_chains,
    response_graph,
    sanction_graph,
)

pd.set_option("display.max_colwidth", 70)
store = kg.open_store(read_only=True)
graph = sanction_graph(store)

# %% [markdown]
# ## A timeline, 2014-2023
#
# Measures per imposer and year (the year of the announced date, else the effective date).
# Measures with neither date cannot be placed and are left out: the table under the plot says
# how many.

# %%
per_year = measures_per_actor_per_year(graph)
figure, ax = plt.subplots(figsize=(10, 4))
plot_timeline(per_year, ax=ax, years=(2014, 2023))
plt.show()
display(per_year.pivot_table(index="label", columns="year", values="measures", fill_value=0))
undated = {
    k for _, _, k, d in graph.edges(keys=True, data=True) if not (d["announced"] or d["effective"])
}
print(f"{len(undated)} measures without a date")

# %%
counts = {(r.actor, r.year): r.measures for r in per_year.itertuples()}
# 004 (August 2014): Japan will "freeze assets in Japan of two groups and 40 individuals" and
# "restrict imports of products made in Crimea".
assert counts[("state/jp", 2014)] >= 2
# 000/001/002 (December 2023): an asset freeze, an export ban and the diamond ban, announced
# "on the 15th".
assert counts[("state/jp", 2023)] >= 3
# 003: "On September 5, 2022, Russia suspended the agreement on the procedure for mutual trips,
# as well as the agreement with Japan on facilitated visits".
assert counts[("state/ru", 2022)] >= 2

# %% [markdown]
# ## Who answers, how fast, with what
#
# The **response graph** links a measure to what it responds to (`kg:respondsTo`); chains
# follow it from a first cause to the last answer. The lag between two steps is exact only when
# both dates are days; otherwise `lag_min_days`-`lag_max_days` is the range their periods allow
# (a response never comes before what it answers).

# %%
chains = response_chains(store)
columns = [
    "chain",
    "step",
    "label",
    "imposer",
    "date",
    "lag_days",
    "lag_min_days",
    "lag_max_days",
    "turns",
]
display(chains[columns])

# %%
# 002: "Japan has fully pursued the policy of Western sanctions against Russia ... In response,
# Russia broke off peace treaty talks with Japan": invasion → Japan's sanctions → Russia's
# withdrawal from the talks (March 2022, 003: "In March last year, Russia refused to negotiate").
tit_for_tat = [
    list(c["node"])
    for _, c in chains.groupby("chain")
    if "measure/ru-2022-03-peace-treaty-talks-suspension" in set(c["node"])
]
assert [
    "event/russia-invasion-of-ukraine-2022",
    "measure/jp-2022-sanctions",
    "measure/ru-2022-03-peace-treaty-talks-suspension",
] in tit_for_tat
assert chains["turns"].max() >= 1  # at least one counter-measure by the other side

# %% [markdown]
# Lags of the whole response graph: where both dates are known at any precision.

# %%
responses = response_graph(store)
lags = pd.DataFrame(
    [
        {
            "response": responses.nodes[u]["label"],
            "to": responses.nodes[v]["label"],
            "response date": responses.nodes[u]["date"],
            "cause date": responses.nodes[v]["date"],
            **d,
        }
        for u, v, d in responses.edges(data=True)
        if d["lag_min_days"] is not None
    ]
)
display(lags)
# 004: the Crimea import ban of August 2014 answers the annexation "earlier this year": between 0
# days and the 2014-08-05 announcement's distance from 1 January 2014.
crimea = responses.edges[
    "measure/jp-2014-08-crimea-import-ban", "event/russia-annexation-of-crimea-2014"
]
assert (crimea["lag_min_days"], crimea["lag_max_days"]) == (0, 216)

# %% [markdown]
# ## The graph as of a day
#
# `as_of(graph, day)` keeps what had been announced or was in force that day. A date of month or
# year precision counts as reached once its whole period has passed; while the day lies inside
# it, the edge says what it is sure of (`status`) and what may already hold (`possibly`).

# %%
snapshots = {}
for day in ("2014-12-31", "2022-06-30", "2023-12-20", "2023-12-31", "2024-01-01"):
    snapshot = as_of(graph, day)
    snapshots[day] = snapshot
    statuses = pd.Series([d["status"] for _, _, d in snapshot.edges(data=True)]).value_counts()
    print(day, snapshot.number_of_edges(), "edges:", {k: int(v) for k, v in statuses.items()})

# %%
keys = {day: {k for _, _, k in g.edges(keys=True)} for day, g in snapshots.items()}
# 004: the August 2014 rounds (Japan's asset freeze, the US and EU sanctions of July 2014).
assert "measure/jp-2014-08-asset-freeze" in keys["2014-12-31"]
assert "measure/jp-2023-12-export-ban" not in keys["2022-06-30"]
# 003: "In March last year [2022], Russia refused to negotiate": month precision, surely done by
# the end of June.
assert "measure/ru-2022-03-peace-treaty-talks-suspension" in keys["2022-06-30"]
diamonds = ("state/jp", "state/ru", "measure/jp-2023-12-diamond-import-ban")
# 000: Japan "would ban the import of Russian diamonds from January 1, 2024".
assert snapshots["2023-12-31"].edges[diamonds]["status"] == "announced"
assert snapshots["2024-01-01"].edges[diamonds]["status"] == "in force"
# 002: the export ban "will be implemented on 22 December".
export_ban = ("state/jp", "organization/russian-armed-forces", "measure/jp-2023-12-export-ban")
assert snapshots["2023-12-20"].edges[export_ban]["status"] == "announced"
assert snapshots["2023-12-31"].edges[export_ban]["status"] == "in force"

# %% [markdown]
# ## What changed between two days

# %%
december = changes(graph, "2023-12-01", "2024-01-31")
display(december[["date", "precision", "change", "imposer", "label"]])
happened = set(zip(december["measure"], december["change"], strict=True))
assert {
    ("measure/jp-2023-12-asset-freeze", "announced"),
    ("measure/jp-2023-12-export-ban", "in force"),
    ("measure/jp-2023-12-diamond-import-ban", "in force"),
} <= happened
