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
# # 01 · Explore the graph with SPARQL
#
# The knowledge graph holds what five articles (2014 and 2023) say about Japan's sanctions on
# Russia, Russia's answers and the Kuril Islands dispute, each fact traced to its sentence.
# This notebook asks it questions in three ways:
#
# 1. the **named questions** of `queries/*.rq`, run with `kg.run_named`;
# 2. a named question with a **parameter**, passed as a binding (never pasted into the text);
# 3. a **hand-written** SPARQL query through `store.query`, with bindings too.
#
# The store is the one `kg build` wrote (`build/store`, or `KG_STORE` / `KG_BUILD` when set).
# The key numbers are checked by `assert` cells against the articles in `data/sources/`, so a
# wrong number fails the run.

# %%
import pandas as pd
from IPython.display import display

import kg

pd.set_option("display.max_colwidth", 90)
store = kg.open_store(read_only=True)

# %% [markdown]
# ## The named questions
#
# Each `queries/NAME.rq` answers one question; its header gives a title, a description and the
# parameters it takes.

# %%
queries = pd.DataFrame(
    [
        {"name": q.name, "title": q.title, "parameters": ", ".join(q.params)}
        for q in kg.list_queries()
    ]
)
display(queries)

# %%
assert {"ru-countermeasures", "south-kurils-claims", "jp-measures-2023-12"} <= set(queries.name)
assert queries.title.str.len().gt(0).all(), "every named query has a title"

# %% [markdown]
# ### What the graph holds
#
# `summary-sources` counts the facts each article supports; `summary-classes` counts the nodes
# of each class.

# %%
sources = kg.run_named(store, "summary-sources").to_dataframe()
display(sources)
display(kg.run_named(store, "summary-classes").to_dataframe().head(12))

# %% [markdown]
# The bundled corpus is five files: three commentaries of December 2023, a Russian news
# article of January 2023 and a forum repost of The New York Times of August 2014.

# %%
assert len(sources) == 5
assert sorted(sources.published.astype(str)) == [
    "2014-08",
    "2023-01",
    "2023-12",
    "2023-12",
    "2023-12",
]
assert sources.facts.gt(0).all(), "every article supports at least one fact"

# %% [markdown]
# ### Russia's countermeasures against Japan
#
# The articles name eight distinct countermeasures:
#
# - `000`: "banning Japanese fishermen from fishing in the waters of the South Kuril Islands,
#   breaking off cooperation with Japan, and imposing sanctions on Japanese politicians and
#   businesses" (three);
# - `002`: "Russia broke off peace treaty talks with Japan and canceled a series of cooperation
#   plans" (the peace-treaty talks are new; the cooperation is the same fact as in `000`);
# - `003`: "Russia refused to negotiate" (the same talks), "withdrew from the dialogue with Japan
#   on the establishment of joint economic activities", "blocked the extension of Japan's status
#   as a partner of the Black Sea Economic Cooperation Organization", and on 5 September 2022
#   "suspended the agreement on the procedure for mutual trips, as well as the agreement ... on
#   facilitated visits" (four new).
#
# 3 + 1 + 4 = 8.

# %%
counter = kg.run_named(store, "ru-countermeasures").to_dataframe()
counter["measure"] = counter.measure.str.rsplit("/", n=1).str[-1]
display(counter)

# %%
assert counter.measure.nunique() == 8
assert set(counter.measure) >= {
    "ru-south-kurils-fishing-ban",
    "ru-cooperation-cancellation",
    "ru-sanctions-on-japanese-politicians-businesses",
    "ru-2022-03-peace-treaty-talks-suspension",
    "ru-2022-03-joint-economic-activities-withdrawal",
    "ru-2022-bsec-status-block",
    "ru-2022-09-visa-free-exchange-suspension",
    "ru-2022-09-facilitated-visits-suspension",
}
# "On September 5, 2022, Russia suspended the agreement on the procedure for mutual trips, as
# well as the agreement with Japan on facilitated visits" (003): two measures, one day.
suspended = counter[counter.effective.astype(str) == "2022-09-05"]
assert len(suspended) == 2

# %% [markdown]
# ### Japan's round of 15 December 2023
#
# Three measures: an asset freeze ("35 individuals and 44 organizations related to the Russian
# military", `000`), an export ban ("63 organizations ... which will be imposed on December 22",
# `002`) and a ban on Russian diamonds "from January 1, 2024" (`000`).

# %%
december = kg.run_named(store, "jp-measures-2023-12").to_dataframe()
december["measure"] = december.measure.str.rsplit("/", n=1).str[-1]
display(december)

# %%
assert len(december) == 3
effective = dict(zip(december.measure, december.effective.astype(str), strict=True))
assert effective["jp-2023-12-export-ban"] == "2023-12-22"
assert effective["jp-2023-12-diamond-import-ban"] == "2024-01-01"
assert set(december.type) == {"Asset freeze", "Export ban", "Import ban"}

# %% [markdown]
# Third countries on the export-ban list: "two UAE entities, one Syrian entity and two Uzbek
# entities" (`000`).

# %%
third = kg.run_named(store, "jp-export-ban-third-countries-2023-12").to_dataframe()
display(third.drop(columns="country"))

# %%
assert dict(zip(third.countryName, third["count"], strict=True)) == {
    "United Arab Emirates": 2,
    "Syria": 1,
    "Uzbekistan": 2,
}

# %% [markdown]
# ### Who claims the South Kuril Islands
#
# "After the end of World War II, the Soviet Union claimed sovereignty over the South Kuril
# Islands, but the Japanese side always called this land the 'North Four Islands' and put it
# under the ownership of Japan" (`001`); Russia holds that "all territorial disputes between
# Russia and Japan have been resolved" (`001`). Three claimants, two names. Notebook 04 tells
# this story in full.

# %%
kurils = kg.run_named(store, "south-kurils-claims").to_dataframe()
display(kurils.drop(columns="state"))

# %%
claimants = set(kurils[kurils.relation == "claims"].stateName)
assert claimants == {"Japan", "Russia", "Soviet Union"}
names = kurils[kurils.relation == "calls it"]
assert "North Four Islands" in set(names[names.stateName == "Japan"].name)
assert "South Kuril Islands" in set(names[names.stateName == "Russia"].name)

# %% [markdown]
# ## A named question with a parameter
#
# `statements-by-speaker` takes `speaker`, the IRI of a person. The value goes in as a
# binding (`kg.Term.iri`), so no text of ours becomes query text. Sergey Lavrov speaks four
# times in the articles: in 2014 he "called on Japan to show more independence from the United
# States, while also saying that Mr. Putin's visit to Japan was still on" (`004`, two
# statements); he "once noted" that the two countries keep contacts only at the level of
# diplomatic missions (`003`); and on 18 December 2023 he said on Russia 1 that "all
# territorial disputes between Russia and Japan have been resolved" (`001`).

# %%
lavrov = kg.Term.iri("https://w3id.org/sanctions-kg/id/person/sergey-lavrov")
said = kg.run_named(store, "statements-by-speaker", {"speaker": lavrov}).to_dataframe()
display(said[["date", "content", "quote", "about"]])

# %%
assert len(said) == 4
assert set(said.speakerName) == {"Sergey Lavrov"}
assert "All territorial disputes between Russia and Japan have been resolved." in set(said.quote)
assert sorted(said.date.dropna().astype(str)) == ["2014", "2014", "2023-12-18"]

# %% [markdown]
# An unknown parameter is an error, not a silently ignored value:

# %%
try:
    kg.run_named(store, "statements-by-speaker", {"person": lavrov})
except kg.QueryError as error:
    print(error)
else:
    raise AssertionError("an unknown parameter must be refused")

# %% [markdown]
# ## A hand-written query: how many did Japan's asset freezes list?
#
# Target groups carry a member count and a member kind. Each source tells a group its own way
# ("35 individuals related to the Russian military" in `000`, "35 Russian-related servicemen"
# in `001`), so the same round appears once per source: take the largest count per measure and
# kind rather than the sum. The imposer and the measure type are bindings; the query projects
# them because pyoxigraph substitutes only variables of the outer `SELECT`.

# %%
ROUNDS = """
PREFIX kg: <https://w3id.org/sanctions-kg/ontology#>
SELECT ?imposer ?type ?measure ?when ?kind (MAX(?count) AS ?members)
WHERE {
  ?measure kg:imposedBy ?imposer ; kg:measureType ?type ; kg:targetGroup ?group .
  ?group kg:memberCount ?count ; kg:memberKind ?kindClass .
  FILTER NOT EXISTS { ?group kg:subgroupOf ?parent }
  BIND(LCASE(STRAFTER(STR(?kindClass), "#")) AS ?kind)
  OPTIONAL { ?measure kg:announcedDate ?announced }
  OPTIONAL { ?measure kg:effectiveDate ?effective }
  BIND(COALESCE(?announced, ?effective) AS ?when)
}
GROUP BY ?imposer ?type ?measure ?when ?kind
ORDER BY ?when ?kind
"""
japan = kg.Term.iri("https://w3id.org/sanctions-kg/id/state/jp")
asset_freeze = kg.Term.iri("https://w3id.org/sanctions-kg/vocab/measure-type/asset-freeze")
freezes = store.query(ROUNDS, {"imposer": japan, "type": asset_freeze}).to_dataframe()
freezes["measure"] = freezes.measure.str.rsplit("/", n=1).str[-1]
table = freezes.pivot(index=["measure", "when"], columns="kind", values="members")
display(table)

# %% [markdown]
# - August 2014: "freeze assets in Japan of two groups and 40 individuals" (`004`);
# - January 2023: "the assets of 22 individuals and three organizations" (`003`);
# - December 2023: "35 individuals and 44 organizations" (`000`).

# %%
assert table.loc["jp-2014-08-asset-freeze"].iloc[0].to_dict() == {"organization": 2, "person": 40}
assert table.loc["jp-2023-01-asset-freeze"].iloc[0].to_dict() == {"organization": 3, "person": 22}
assert table.loc["jp-2023-12-asset-freeze"].iloc[0].to_dict() == {"organization": 44, "person": 35}

# %% [markdown]
# The same query, bound to another measure type: the export ban of December 2023 on
# "63 organizations associated with the Russian military" (`002`).

# %%
export_ban = kg.Term.iri("https://w3id.org/sanctions-kg/vocab/measure-type/export-ban")
exports = store.query(ROUNDS, {"imposer": japan, "type": export_ban}).to_dataframe()
display(exports.drop(columns=["imposer", "type"]))

# %%
assert exports.set_index("kind").members.to_dict() == {"organization": 63}

# %% [markdown]
# ## The store is read-only here
#
# Every query passes the guard first: updates and `SERVICE` calls are refused before they reach
# the store.

# %%
for text in [
    "DELETE WHERE { ?s ?p ?o }",
    "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }",
]:
    try:
        store.query(text)
    except kg.QueryRefused as error:
        print(f"refused: {error}")
    else:
        raise AssertionError(f"the guard let through: {text}")
