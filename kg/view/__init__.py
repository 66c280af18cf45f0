"""Stage: views. The store as an offline, explorable static site (`kg view`).

`project` turns the store into a networkx graph with evidence on every node and edge; `views`
cut it into overview, focus, measures-and-responses and dispute; `write_site` lays each out in
Python and writes one pyvis-built page per view, safe with untrusted text and free of any
network reference.

>>> from kg.store import open_store
>>> project(open_store("memory")).number_of_nodes()
0
"""

from __future__ import annotations

from kg.view.budget import BUDGET, RESERVE, Selection, select
from kg.view.errors import FocusAmbiguous, FocusNotFound, ViewError
from kg.view.graph import project
from kg.view.site import PageReport, SiteReport, describe_store, write_site
from kg.view.views import View, dispute, focus, measures, overview, resolve

__all__ = [
    "BUDGET",
    "RESERVE",
    "FocusAmbiguous",
    "FocusNotFound",
    "PageReport",
    "Selection",
    "SiteReport",
    "View",
    "ViewError",
    "describe_store",
    "dispute",
    "focus",
    "measures",
    "overview",
    "project",
    "resolve",
    "select",
    "write_site",
]
