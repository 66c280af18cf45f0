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
# # 04 · The Kuril Islands dispute
#
# "Three islands and a tiny group of islets off Japan's northern coast", "controlled by Japan
# until it was occupied by Soviet troops after Japan's surrender in 1945" (The New York Times,
# 2014, source `004`), claimed by both sides ever since, and the reason Japan and Russia "have
# never signed a formal peace agreement" (`001`). The graph models the dispute as events, each with its evidence:
#
# | node | what | key properties |
# |---|---|---|
# | `kg:TerritorialDispute` | the dispute | `kg:party`, `kg:disputedTerritory` |
# | `kg:Claim` | a state's claim to sovereignty | `kg:claimant`, `kg:claimedTerritory`, `kg:startDate`, `kg:endDate` |
# | `kg:Administration` | actual control | `kg:administrator`, `kg:administeredTerritory`, dates |
# | `kg:NameUsage` | what one side calls the islands | `kg:name`@lang, `kg:usedBy`, `kg:namedTerritory` |
# | `kg:Statement` | what was said, by whom, when | `kg:speaker`, `kg:about`, `kg:stance`, `kg:date` |
#
# Territories nest with `kg:partOf` (transitive: queries walk it with `kg:partOf+`). Every value
# below goes into the queries as a binding; the asserts check the facts against the articles.

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

import kg

pd.set_option("display.max_colwidth", 90)
store = kg.open_store(read_only=True)

PREFIXES = """
PREFIX kg:   <https://w3id.org/sanctions-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
south_kurils = kg.Term.iri("https://w3id.org/sanctions-kg/id/territory/south-kuril-islands")
dispute = kg.Term.iri("https://w3id.org/sanctions-kg/id/dispute/kuril-islands-dispute")

# %% [markdown]
# ## The islands and the dispute
#
# The South Kuril Islands are part of the Kuril Islands. The articles are loose about it
# ("insisting that the Kuril Islands are Japanese territory", `002`), so the queries below take
# in the territories that contain the South Kurils as well: a claim on the whole chain is a claim
# on its southern part.

# %%
containing = store.query(
    PREFIXES
    + """
SELECT ?territory ?name ?above ?aboveName
WHERE {
  ?territory rdfs:label ?name ; kg:partOf+ ?above .
  ?above rdfs:label ?aboveName .
}
ORDER BY ?aboveName
""",
    {"territory": south_kurils},
).to_dataframe()
display(containing[["name", "aboveName"]])

hierarchy = store.query(
    PREFIXES
    + """
SELECT ?partName ?wholeName
WHERE { ?part a kg:Territory ; kg:partOf ?whole ; rdfs:label ?partName . ?whole rdfs:label ?wholeName }
ORDER BY ?wholeName ?partName
"""
).to_dataframe()
display(hierarchy)

# %%
assert "Kuril Islands" in set(containing.aboveName)
assert ("South Kuril Islands", "Kuril Islands") in set(
    zip(hierarchy.partName, hierarchy.wholeName, strict=True)
)

# %% [markdown]
# The dispute has two parties and is told by four of the five articles (`001` to `004`; `000`
# names the islands only for the fishing ban).

# %%
parties = store.query(
    PREFIXES
    + """
SELECT ?dispute ?label
       (GROUP_CONCAT(DISTINCT ?partyName; SEPARATOR=", ") AS ?parties)
       (GROUP_CONCAT(DISTINCT ?territoryName; SEPARATOR=", ") AS ?territories)
       (COUNT(DISTINCT ?doc) AS ?sources)
WHERE {
  ?dispute rdfs:label ?label ; kg:party/rdfs:label ?partyName ;
           kg:disputedTerritory/rdfs:label ?territoryName .
  OPTIONAL { ?dispute kg:supportedBy/kg:inDocument ?doc }
}
GROUP BY ?dispute ?label
""",
    {"dispute": dispute},
).to_dataframe()
display(parties.drop(columns="dispute"))

# %%
assert len(parties) == 1
assert set(parties.parties[0].split(", ")) == {"Japan", "Russia"}
assert "South Kuril Islands" in parties.territories[0].split(", ")
assert parties.sources[0] == 4

# %% [markdown]
# ## Who claims the islands
#
# - the Soviet Union: "after the end of World War II, the Soviet Union claimed sovereignty over
#   the South Kuril Islands" (`001`);
# - Japan: "put it under the ownership of Japan" (`001`), "insisting that the Kuril Islands are
#   Japanese territory" (`002`), "Japan has territorial claims against the Russian Federation"
#   (`003`), the dispute that "still rankles Japanese nationalists" (`004`): four sources;
# - Russia: "All territorial disputes between Russia and Japan have been resolved" (Lavrov,
#   `001`), "indisputable sovereignty over them" (`002`), the disagreement that "has divided
#   Japan and Russia" (`004`): three sources.

# %%
claims = store.query(
    PREFIXES
    + """
SELECT ?territory ?claimant ?claimedName ?since ?until
       (COUNT(DISTINCT ?doc) AS ?sources)
       (GROUP_CONCAT(DISTINCT ?file; SEPARATOR=", ") AS ?files)
WHERE {
  ?territory kg:partOf* ?claimed .
  ?claim a kg:Claim ; kg:claimant/rdfs:label ?claimant ; kg:claimedTerritory ?claimed .
  ?claimed rdfs:label ?claimedName .
  OPTIONAL { ?claim kg:startDate ?since }
  OPTIONAL { ?claim kg:endDate ?until }
  OPTIONAL { ?claim kg:supportedBy/kg:inDocument ?doc . ?doc kg:fileName ?file }
}
GROUP BY ?territory ?claimant ?claimedName ?since ?until
ORDER BY ?since ?claimant
""",
    {"territory": south_kurils},
).to_dataframe()
display(claims.drop(columns="territory"))

# %%
assert dict(zip(claims.claimant, claims.sources, strict=True)) == {
    "Soviet Union": 1,
    "Japan": 4,
    "Russia": 3,
}
assert claims.set_index("claimant").since.astype(str)["Soviet Union"] == "1945"

# %% [markdown]
# ## Who holds them, period by period
#
# Claims are one thing, control another: "controlled by Japan until it was occupied by Soviet
# troops after Japan's surrender in 1945" (`004`), and today Russia's "control over the South
# Kuril Islands" (`001`), for which the articles give no start date. The `attested` column lists
# when the supporting sources were published, which is what dates the undated periods. Where the
# graph names the force or body through which a state took control (`kg:administeredThrough`),
# the `through` column shows it.

# %%
administration = store.query(
    PREFIXES
    + """
SELECT ?territory ?administrator ?since ?until ?description
       (GROUP_CONCAT(DISTINCT ?throughName; SEPARATOR=", ") AS ?through)
       (GROUP_CONCAT(DISTINCT STR(?published); SEPARATOR=", ") AS ?attested)
       (SAMPLE(?order) AS ?rank)
WHERE {
  ?territory kg:partOf* ?held .
  ?control a kg:Administration ; kg:administrator/rdfs:label ?administrator ;
           kg:administeredTerritory ?held .
  OPTIONAL { ?control kg:startDate ?since }
  OPTIONAL { ?control kg:endDate ?until }
  OPTIONAL { ?control rdfs:comment ?description }
  OPTIONAL { ?control kg:administeredThrough/rdfs:label ?throughName }
  OPTIONAL { ?control kg:supportedBy/kg:inDocument/kg:publishedDate ?published }
  # periods in order: one that ends in a year comes before one that starts in it; undated last
  BIND(COALESCE(CONCAT(STR(?until), "-0"), CONCAT(STR(?since), "-1"), "9999") AS ?order)
}
GROUP BY ?territory ?administrator ?since ?until ?description
ORDER BY ?rank ?administrator
""",
    {"territory": south_kurils},
).to_dataframe()
periods = {
    (True, True): "{since} to {until}",
    (True, False): "since {since}",
    (False, True): "until {until}",
    (False, False): "no dates in the sources",
}
administration["period"] = [
    periods[pd.notna(since), pd.notna(until)].format(since=since, until=until)
    for since, until in zip(administration.since, administration.until, strict=True)
]
display(administration[["administrator", "period", "through", "attested", "description"]])

# %%
held = administration.set_index("administrator")
assert {"Japan", "Soviet Union", "Russia"} <= set(held.index)
assert set(held.loc[["Japan"]].until.astype(str)) == {"1945"}, "Japan's control ended in 1945"
assert "1945" in set(held.loc[["Soviet Union"]].since.astype(str))
assert list(administration.administrator[:2]) == ["Japan", "Soviet Union"]
# Japan claims the islands but has not held them since 1945: claim and control part ways.
assert "Japan" in set(claims.claimant) and held.loc[["Japan"]].until.notna().all()

# %% [markdown]
# ## What each side calls them
#
# "The Japanese side always called this land the 'North Four Islands'" (`001`); the Russian side
# speaks of the South Kuril Islands. A `kg:NameUsage` records the name with its language tag, who
# uses it and for which territory. The reference entity keeps, whoever uses them, the spellings
# the articles use (`kg:alias`: "South Kuriles" and "southern Kuril Islands" in `003`) apart from
# names the curator knows from elsewhere (`kg:externalName`).

# %%
names = store.query(
    PREFIXES
    + """
SELECT ?territory ?side ?name ?lang (GROUP_CONCAT(DISTINCT ?file; SEPARATOR=", ") AS ?sources)
WHERE {
  ?territory kg:partOf* ?named .
  ?usage a kg:NameUsage ; kg:namedTerritory ?named ; kg:usedBy/rdfs:label ?side ; kg:name ?tagged .
  BIND(STR(?tagged) AS ?name)
  BIND(LANG(?tagged) AS ?lang)
  OPTIONAL { ?usage kg:supportedBy/kg:inDocument/kg:fileName ?file }
}
GROUP BY ?territory ?side ?name ?lang
ORDER BY ?side ?name
""",
    {"territory": south_kurils},
).to_dataframe()
display(names.drop(columns="territory"))

spellings = store.query(
    PREFIXES
    + """
SELECT ?territory ?spelling ?origin
WHERE {
  { ?territory kg:alias ?spelling . BIND("in the articles" AS ?origin) }
  UNION
  { ?territory kg:externalName ?spelling . BIND("from the curator" AS ?origin) }
}
ORDER BY ?origin ?spelling
""",
    {"territory": south_kurils},
).to_dataframe()
display(spellings.drop(columns="territory"))

# %%
by_side = names.groupby("side").name.apply(set).to_dict()
assert "North Four Islands" in by_side["Japan"]
assert "South Kuril Islands" in by_side["Russia"]
assert not by_side["Japan"] & by_side["Russia"], "the two sides use different names"
in_articles = set(spellings[spellings.origin == "in the articles"].spelling)
assert {"North Four Islands", "South Kuriles", "southern Kuril Islands"} <= in_articles

# %% [markdown]
# ## What was said about the dispute, over time
#
# Statements about the dispute itself, about the islands (or a territory that contains them or
# that they contain), or about a claim to them or their administration. Many statements carry no date of their own; they are dated by their
# source's publication date (`datedBy` = `source`), with the precision it has. The side is the
# state the speaker speaks for, or the speaker's own state; unnamed analysts and forum commenters
# are `unattributed`.

# %%
statements = store.query(
    PREFIXES
    + """
SELECT ?dispute ?when ?datedBy ?speaker (MIN(?sideLabel) AS ?side) ?stance
       (MIN(?file) AS ?source) ?content ?quote
WHERE {
  ?dispute kg:disputedTerritory ?territory .
  ?statement a kg:Statement ; kg:speaker ?who ; kg:content ?content .
  FILTER EXISTS {
    { ?statement kg:about ?dispute }
    UNION { ?statement kg:about ?place . ?territory kg:partOf* ?place }
    UNION { ?statement kg:about ?part . ?part kg:partOf* ?territory }
    UNION { ?statement kg:about ?fact . ?fact kg:claimedTerritory|kg:administeredTerritory ?held .
            ?territory kg:partOf* ?held }
  }
  ?who rdfs:label ?speaker .
  OPTIONAL { ?statement kg:quote ?quote }
  OPTIONAL { ?statement kg:stance/skos:prefLabel ?stance }
  OPTIONAL { ?statement kg:onBehalfOf/kg:basedIn? ?principal .
             ?principal a kg:State ; rdfs:label ?principalLabel }
  OPTIONAL { ?who (kg:nationality|kg:basedIn)? ?home . ?home a kg:State ; rdfs:label ?homeLabel }
  BIND(COALESCE(?principalLabel, ?homeLabel, "unattributed") AS ?sideLabel)
  GRAPH ?graph { ?statement kg:speaker ?who }
  ?doc kg:graph ?graph ; kg:fileName ?file ; kg:publishedDate ?published .
  OPTIONAL { ?statement kg:date ?said }
  BIND(COALESCE(?said, ?published) AS ?when)
  BIND(IF(BOUND(?said), "statement", "source") AS ?datedBy)
}
GROUP BY ?dispute ?when ?datedBy ?speaker ?stance ?content ?quote
ORDER BY ?when ?speaker
""",
    {"dispute": dispute},
).to_dataframe()
statements["year"] = statements["when"].astype(str).str[:4].astype(int)
display(statements[["when", "datedBy", "speaker", "side", "stance", "source", "content"]])

# %%
display(
    statements.pivot_table(
        index="year", columns="side", values="content", aggfunc="count", fill_value=0
    )
)

# %% [markdown]
# In 2014 the talk is of a deal: "Hopes of a breakthrough began to grow when both Mr. Abe and
# Mr. Putin seemed to signal greater willingness than their predecessors to talk about the
# territorial dispute" (`004`). By 2023 Russia lists "the Kuril Islands as its inherent lands"
# (`002`) and Lavrov says on 18 December 2023 that "all territorial disputes between Russia and
# Japan have been resolved" (`001`), while Japan's prime minister "declared his readiness to
# continue dialogue" (`003`).

# %%
assert statements.year.min() == 2014 and statements.year.max() == 2023
stances_2014 = set(statements[statements.year == 2014].stance)
russia_2023 = statements[(statements.year == 2023) & (statements.side == "Russia")]
assert "asserts sovereignty" not in stances_2014
assert "asserts sovereignty" in set(russia_2023.stance)
assert "conciliatory" in set(
    statements[(statements.year == 2023) & (statements.side == "Japan")].stance
)
lavrov = statements[statements.speaker == "Sergey Lavrov"]
assert list(lavrov["when"].astype(str)) == ["2023-12-18"]
assert (
    lavrov.quote.iloc[0] == "All territorial disputes between Russia and Japan have been resolved."
)


# %% [markdown]
# ## A timeline
#
# Top: who held the islands, drawn only where the graph has dates (open ends fade to the edge;
# dots mark when the sources attesting each period were published). Bottom: the statements
# above, by side and stance; a date known only to the year sits mid-year.


# %%
def decimal_year(value: object) -> float:
    """'2014', '2014-08' or a date as a year with a fraction, for plotting."""
    text = str(value)
    month = int(text[5:7]) if len(text) >= 7 else 6.5
    return int(text[:4]) + (month - 0.5) / 12


LEFT, RIGHT = 1930, 2026
fig, (top, bottom) = plt.subplots(
    2, 1, figsize=(9, 5), gridspec_kw={"height_ratios": [1, 1.4]}, constrained_layout=True
)
for row, period in enumerate(administration.itertuples()):
    if pd.isna(period.since) and pd.isna(period.until):
        top.text(LEFT + 2, row, "no dates in the sources", va="center", style="italic")
    else:
        start = LEFT if pd.isna(period.since) else decimal_year(period.since)
        end = RIGHT if pd.isna(period.until) else decimal_year(period.until)
        is_open = pd.isna(period.since) or pd.isna(period.until)
        top.barh(row, end - start, left=start, height=0.5, alpha=0.4 if is_open else 0.9)
    for published in filter(None, str(period.attested).split(", ")):
        top.plot(decimal_year(published), row, "k.", markersize=8)
top.set_yticks(range(len(administration)), administration.administrator)
top.set_xlim(LEFT, RIGHT)
top.set_ylim(len(administration) - 0.5, -0.5)  # first period on top
top.set_title("Who administers the South Kuril Islands (dots: when the sources say so)")

# One marker per date, side and stance, sized by the number of statements; the stances of a
# side sit on thin lanes so that they do not hide one another.
sides = sorted(statements.side.unique())
stances = sorted(statements.stance.dropna().unique())
points = statements.groupby(["when", "side", "stance"]).size().rename("n").reset_index()
for number, stance in enumerate(stances):
    group = points[points.stance == stance]
    lane = (number - (len(stances) - 1) / 2) * 0.12
    bottom.scatter(
        [decimal_year(w) for w in group["when"]],
        [sides.index(s) + lane for s in group.side],
        s=40 * group.n,
        alpha=0.8,
        color=f"C{number}",
        label=stance,
    )
bottom.set_yticks(range(len(sides)), sides)
bottom.set_ylim(-0.6, len(sides) - 0.4)
bottom.set_xlim(2013.5, 2024.5)
bottom.legend(fontsize="small", loc="center left", bbox_to_anchor=(1, 0.5))
bottom.set_title("Statements about the dispute (size: how many)")
display(fig)
plt.close(fig)

# %%
assert points.n.sum() == len(statements), "every statement is on the timeline"
