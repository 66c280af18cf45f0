"""The query page at /: a text area, a Run button and a results table, with nothing fetched from
elsewhere (it works offline; its Content-Security-Policy allows only this server). It lists the
project's prefixes and the named queries (queries/*.rq) as examples. Everything taken from files
is HTML-escaped, and results are put in the page as text, never as markup.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from starlette.responses import Response

from kg.namespace import BASE, GRAPH, ID, KG, KGV
from kg.query.library import NamedQuery, list_queries

__all__ = ["QueryPage"]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
_PREFIX = re.compile(
    r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>\s]*)>", re.IGNORECASE | re.MULTILINE
)
STANDARD = {
    "kg": str(KG._NS),
    "id": str(ID),
    "graph": str(GRAPH),
    "kgv": str(KGV),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}

SCRIPT = """\
"use strict";
const $ = (id) => document.getElementById(id);
const examples = JSON.parse($("examples-data").textContent);
for (const button of document.querySelectorAll("button[data-example]")) {
  button.addEventListener("click", () => { $("query").value = examples[button.dataset.example]; });
}
function cell(row, text) { const td = document.createElement("td"); td.textContent = text; row.append(td); }
function show(vars, rows) {
  const table = $("results"); table.replaceChildren();
  const head = table.createTHead().insertRow();
  for (const name of vars) { const th = document.createElement("th"); th.textContent = name; head.append(th); }
  const body = table.createTBody();
  for (const binding of rows) {
    const row = body.insertRow();
    for (const name of vars) cell(row, binding[name] ? binding[name].value : "");
  }
}
$("form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("status").textContent = "running\\u2026"; $("results").replaceChildren(); $("raw").textContent = "";
  const started = performance.now();
  try {
    const response = await fetch("query", { method: "POST", body: $("query").value, headers: {
      "Content-Type": "application/sparql-query",
      "Accept": "application/sparql-results+json, text/turtle;q=0.9" } });
    const kind = response.headers.get("Content-Type") || "";
    const ms = Math.round(performance.now() - started);
    if (!response.ok) { $("status").textContent = "error " + response.status; $("raw").textContent = await response.text(); return; }
    if (kind.includes("json")) {
      const data = await response.json();
      if ("boolean" in data) { show(["result"], [{ result: { value: String(data.boolean) } }]); }
      else { show(data.head.vars, data.results.bindings); }
      const cut = response.headers.get("KG-Results-Truncated");
      $("status").textContent = (data.results ? data.results.bindings.length + " rows" : "answer") + " in " + ms + " ms" + (cut ? " (cut at " + cut + ")" : "");
    } else { $("raw").textContent = await response.text(); $("status").textContent = "done in " + ms + " ms"; }
  } catch (error) { $("status").textContent = "failed: " + error; }
});
"""

STYLE = """\
body { font: 15px/1.4 system-ui, sans-serif; margin: 1.5em auto; max-width: 70em; padding: 0 1em; }
textarea { width: 100%; font: 13px/1.4 ui-monospace, monospace; box-sizing: border-box; }
table { border-collapse: collapse; margin-top: 1em; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: .2em .5em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } pre { background: #f7f7f7; padding: .5em; overflow-x: auto; }
button { margin: .3em 0; } li { margin: .2em 0; } #status { margin-left: 1em; color: #555; }
pre:empty { display: none; }
"""


def _prefixes(queries: list[NamedQuery]) -> dict[str, str]:
    found = dict(STANDARD)
    for query in queries:
        for name, iri in _PREFIX.findall(query.text):
            found.setdefault(name, iri)
    return dict(sorted(found.items()))


class QueryPage:
    PATHS = ("/", "/page.js", "/page.css", "/favicon.ico")

    def __init__(self, queries_dir: Path | None = None) -> None:
        queries = list_queries(queries_dir)
        prefixes = _prefixes(queries)
        default = next((q.text for q in queries if q.name == "summary-classes"), "")
        declared = "\n".join(f"PREFIX {name}: <{iri}>" for name, iri in prefixes.items())
        default = default or declared + "\nSELECT * WHERE { ?s ?p ?o } LIMIT 10"
        items = "\n".join(
            f'<li><button type="button" data-example="{i}">{html.escape(q.name)}</button> '
            f"{html.escape(q.title)}</li>"
            for i, q in enumerate(queries)
        )
        data = json.dumps([q.text for q in queries]).replace("<", "\\u003c")
        self.html = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sanctions-kg SPARQL endpoint</title>
<link rel="stylesheet" href="page.css"></head><body>
<h1>sanctions-kg: SPARQL query</h1>
<p>A read-only endpoint over the graph {html.escape(BASE)}: SPARQL 1.1 queries by GET or POST to
<code>/query</code>. Updates, SERVICE, LOAD and FROM outside this graph are refused.</p>
<form id="form"><textarea id="query" rows="18" spellcheck="false">{html.escape(default)}</textarea>
<button type="submit">Run</button><span id="status"></span></form>
<table id="results"></table><pre id="raw"></pre>
<h2>Named queries</h2><ul>
{items}
</ul>
<h2>Prefixes</h2><pre>{html.escape(declared)}</pre>
<script type="application/json" id="examples-data">{data}</script>
<script src="page.js"></script></body></html>
""".encode()

    def response(self, path: str) -> Response:
        if path == "/page.js":
            return Response(SCRIPT, media_type="text/javascript")
        if path == "/page.css":
            return Response(STYLE, media_type="text/css")
        if path == "/favicon.ico":
            return Response(status_code=204)  # no icon, and no 404 in the browser's console
        return Response(self.html, media_type="text/html", headers={"Content-Security-Policy": CSP})
