// sanctions-kg view page: search, filters, capped expansion, details panel, relayout, PNG export.
// Every text that comes from the graph is written with textContent, never as markup.
(function () {
  "use strict";
  var STEP = 20; // neighbours added per double-click
  performance.mark("kg:start");
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  performance.mark("kg:parsed");
  var all = data.nodes;
  var edgesAll = data.edges;
  var adjacency = all.map(function () { return []; });
  edgesAll.forEach(function (e) { adjacency[e.from].push(e); adjacency[e.to].push(e); });
  var present = new Set(); // node indexes in the vis DataSet
  var presentEdges = new Set();
  var expanded = {}; // node index -> neighbours already offered
  var highlighted = null;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function clsLabel(cls) { return (data.classes[cls] || {}).label || cls; }
  function propLabel(p) { return data.properties[p] || p; }

  function relation(e) { return data.relations[e.p] || { label: e.p, color: "#999999", width: 1, dashes: false }; }
  function visEdge(e) {
    var r = relation(e);
    return { id: e.i, from: e.from, to: e.to, label: r.label, color: { color: r.color, highlight: "#000000" },
      width: r.width, dashes: r.dashes, arrows: "to" };
  }
  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  function addNodes(list) {
    var fresh = list.filter(function (i) { return !present.has(i); });
    fresh.forEach(function (i) { present.add(i); });
    nodes.add(fresh.map(function (i) { return Object.assign({}, all[i].v, { hidden: !passes(all[i]) }); }));
    var newEdges = [];
    fresh.forEach(function (i) {
      adjacency[i].forEach(function (e) {
        if (!presentEdges.has(e.i) && present.has(e.from) && present.has(e.to)) {
          presentEdges.add(e.i);
          newEdges.push(visEdge(e));
        }
      });
    });
    edges.add(newEdges);
    return fresh;
  }

  // ---- filters ----
  var filterState = { classes: new Set(), types: new Set(), docs: new Set(), from: "", to: "", undated: false };
  function periodEnd(value) {
    var parts = value.split("-");
    if (parts.length === 1) return value + "-12-31";
    if (parts.length === 2) return value + "-31";
    return value;
  }
  function periodStart(value) {
    var parts = value.split("-");
    if (parts.length === 1) return value + "-01-01";
    if (parts.length === 2) return value + "-01";
    return value;
  }
  function passesDates(node) {
    if (!filterState.from && !filterState.to) return true;
    if (!node.dates.length) return !filterState.undated;
    return node.dates.some(function (d) {
      var start = periodStart(d.value), end = periodEnd(d.value);
      return (!filterState.from || end >= filterState.from) && (!filterState.to || start <= filterState.to);
    });
  }
  function passes(node) {
    if (node.more) return true;
    if (filterState.classes.has(node.cls)) return false;
    var types = (node.concepts || {}).measureType || [];
    if (types.length && types.every(function (t) { return filterState.types.has(t); })) return false;
    if (filterState.docs.size) {
      var srcs = node.src.length ? node.src : [-1];
      if (srcs.every(function (d) { return filterState.docs.has(d); })) return false;
    }
    return passesDates(node);
  }
  function applyFilters() {
    var updates = [];
    present.forEach(function (i) { updates.push({ id: i, hidden: !passes(all[i]) }); });
    nodes.update(updates);
    showCounts();
  }
  function checkbox(container, text, count, onChange) {
    var label = el("label", null, "check");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.addEventListener("change", function () { onChange(box.checked); applyFilters(); });
    label.appendChild(box);
    label.appendChild(el("span", text));
    if (count !== undefined) label.appendChild(el("span", " " + count, "n"));
    container.appendChild(label);
    return box;
  }
  function toggle(set, key) { return function (on) { if (on) set.delete(key); else set.add(key); }; }
  function buildFilters() {
    var classBox = document.getElementById("filter-classes");
    Object.keys(data.classes).forEach(function (cls) {
      var info = data.classes[cls];
      var box = checkbox(classBox, info.label, info.count, toggle(filterState.classes, cls));
      box.dataset.cls = cls;
      var swatch = el("span", null, "swatch " + info.shape);
      swatch.style.background = info.color;
      box.parentNode.insertBefore(swatch, box.nextSibling);
    });
    var relations = {};
    edgesAll.forEach(function (e) {
      var r = relation(e);
      var key = r.label;
      if (!relations[key]) relations[key] = { color: r.color, dashes: r.dashes, width: r.width, count: 0 };
      relations[key].count += 1;
    });
    var relationBox = document.getElementById("relations");
    Object.keys(relations).sort(function (a, b) { return relations[b].count - relations[a].count; }).forEach(function (key) {
      var line = el("div", null, "relation");
      var swatch = el("span", null, "line");
      swatch.style.borderTopColor = relations[key].color;
      swatch.style.borderTopStyle = relations[key].dashes ? "dashed" : "solid";
      swatch.style.borderTopWidth = Math.max(1, Math.round(relations[key].width)) + "px";
      line.appendChild(swatch);
      line.appendChild(el("span", key));
      line.appendChild(el("span", " " + relations[key].count, "n"));
      relationBox.appendChild(line);
    });
    var typeCounts = {};
    all.forEach(function (n) {
      ((n.concepts || {}).measureType || []).forEach(function (t) { typeCounts[t] = (typeCounts[t] || 0) + 1; });
    });
    var typeBox = document.getElementById("filter-types");
    Object.keys(typeCounts).sort().forEach(function (t) {
      checkbox(typeBox, t, typeCounts[t], toggle(filterState.types, t)).dataset.type = t;
    });
    if (!Object.keys(typeCounts).length) typeBox.appendChild(el("span", "none in this view", "hint"));
    var docCounts = {};
    all.forEach(function (n) { (n.src.length ? n.src : [-1]).forEach(function (d) { docCounts[d] = (docCounts[d] || 0) + 1; }); });
    var docBox = document.getElementById("filter-docs");
    Object.keys(docCounts).map(Number).sort(function (a, b) { return a - b; }).forEach(function (d) {
      var doc = data.docs[d];
      var text = doc ? doc.title + (doc.published ? " (" + doc.published + ")" : "") : "no source document (reference data)";
      checkbox(docBox, text, docCounts[d], toggle(filterState.docs, d)).dataset.doc = String(d);
    });
    ["date-from", "date-to"].forEach(function (id) {
      document.getElementById(id).addEventListener("change", function (ev) {
        filterState[id === "date-from" ? "from" : "to"] = ev.target.value;
        applyFilters();
      });
    });
    document.getElementById("hide-undated").addEventListener("change", function (ev) {
      filterState.undated = ev.target.checked;
      applyFilters();
    });
  }

  // ---- details ----
  function dateText(d) { return propLabel(d.p) + ": " + d.value + " (" + d.precision + ")"; }
  function sourceList(evidence, docIds) {
    var box = el("section", null, "sources");
    box.appendChild(el("h3", "Sources"));
    var shown = new Set();
    evidence.forEach(function (q) {
      var quote = data.quotes[q];
      var doc = data.docs[quote.doc];
      var item = el("div", null, "source");
      item.appendChild(el("div", doc ? doc.title : "unknown document", "doc-title"));
      if (doc && doc.published) item.appendChild(el("div", "published " + doc.published + " (" + doc.precision + ")", "doc-date"));
      item.appendChild(el("blockquote", quote.text));
      var how = quote.method || "unknown method";
      if (quote.confidence !== null && quote.confidence !== undefined) how += ", confidence " + Number(quote.confidence).toFixed(2);
      item.appendChild(el("div", how, "method " + (quote.method === "curated" ? "curated" : "extracted")));
      box.appendChild(item);
      shown.add(quote.doc);
    });
    docIds.filter(function (d) { return !shown.has(d); }).forEach(function (d) {
      var doc = data.docs[d];
      box.appendChild(el("div", "also in: " + doc.title + (doc.published ? " (" + doc.published + ")" : ""), "also"));
    });
    if (!evidence.length && !docIds.length) box.appendChild(el("p", "reference data: no source document", "hint"));
    return box;
  }
  function row(list, key, value) {
    list.appendChild(el("dt", key));
    list.appendChild(el("dd", value));
  }
  function showNode(i) {
    var n = all[i];
    var panel = document.getElementById("details");
    panel.replaceChildren();
    panel.dataset.node = String(i);
    panel.appendChild(el("h2", n.label));
    var facts = el("dl");
    row(facts, "type", clsLabel(n.cls));
    row(facts, "IRI", n.iri);
    if (n.aliases.length) row(facts, "also called", n.aliases.join("; "));
    n.dates.forEach(function (d) { row(facts, propLabel(d.p), d.value + " (" + d.precision + ")"); });
    n.counts.forEach(function (c) { row(facts, propLabel(c.p), c.value); });
    Object.keys(n.concepts).forEach(function (p) { row(facts, propLabel(p), n.concepts[p].join("; ")); });
    n.texts.forEach(function (t) { row(facts, propLabel(t.p), t.value + (t.lang ? " @" + t.lang : "")); });
    if (n.imposed) row(facts, "measures imposed", n.imposed);
    if (n.received) row(facts, "measures received", n.received);
    var hiddenCount = adjacency[i].filter(function (e) { return !present.has(e.from === i ? e.to : e.from); }).length;
    row(facts, "links", adjacency[i].length + (hiddenCount ? " (" + hiddenCount + " not drawn: double-click to add)" : ""));
    panel.appendChild(facts);
    panel.appendChild(sourceList(n.ev, n.src));
  }
  function showEdge(k) {
    var e = edgesAll[k];
    if (!e) return;
    var panel = document.getElementById("details");
    panel.replaceChildren();
    panel.dataset.edge = String(k);
    var label = relation(e).label;
    panel.appendChild(el("h2", all[e.from].label + " — " + label + " → " + all[e.to].label));
    var facts = el("dl");
    row(facts, "relation", label);
    (e.dates || []).forEach(function (d) { row(facts, propLabel(d.p), d.value + " (" + d.precision + ")"); });
    panel.appendChild(facts);
    panel.appendChild(sourceList(e.ev || [], e.src || []));
  }

  // ---- search and highlight ----
  function matches(query) {
    var q = query.trim().toLowerCase();
    if (!q) return [];
    var found = [];
    all.forEach(function (n) {
      var names = [n.label].concat(n.aliases);
      if (names.some(function (s) { return s.toLowerCase().indexOf(q) >= 0; })) found.push(n.i);
    });
    found.sort(function (a, b) { return all[b].w - all[a].w; });
    return found;
  }
  function highlight(i) {
    var near = new Set([i]);
    adjacency[i].forEach(function (e) { near.add(e.from); near.add(e.to); });
    var updates = [];
    present.forEach(function (j) {
      updates.push({ id: j, opacity: near.has(j) ? 1 : 0.15 });
    });
    nodes.update(updates);
    highlighted = i;
  }
  function clearHighlight() {
    var updates = [];
    present.forEach(function (j) { updates.push({ id: j, opacity: 1 }); });
    nodes.update(updates);
    highlighted = null;
  }
  function reveal(i) {
    addNodes([i]);
    if (!passes(all[i])) nodes.update({ id: i, hidden: false });
    network.selectNodes([i]);
    network.focus(i, { scale: 1.2, animation: false });
    highlight(i);
    showNode(i);
  }
  function showResults(query) {
    var list = document.getElementById("results");
    list.replaceChildren();
    var found = matches(query);
    found.slice(0, 30).forEach(function (i) {
      var n = all[i];
      var item = el("li");
      var button = el("button", n.label, "result");
      button.type = "button";
      button.dataset.node = String(i);
      button.addEventListener("click", function () { reveal(i); list.replaceChildren(); });
      item.appendChild(button);
      var extra = clsLabel(n.cls) + (present.has(i) ? "" : ", not drawn yet");
      var alias = n.aliases.filter(function (a) { return a.toLowerCase().indexOf(query.trim().toLowerCase()) >= 0; });
      if (alias.length) extra += ", alias " + alias.join("; ");
      item.appendChild(el("span", extra, "hint"));
      list.appendChild(item);
    });
    if (found.length > 30) list.appendChild(el("li", "and " + (found.length - 30) + " more", "hint"));
    if (query.trim() && !found.length) list.appendChild(el("li", "no match", "hint"));
    return found;
  }

  // ---- expansion: at most STEP neighbours per double-click, then an "and N more" node ----
  function moreId(i) { return "more-" + i; }
  function expand(i) {
    var offered = expanded[i] || new Set();
    var waiting = [];
    adjacency[i].forEach(function (e) {
      var j = e.from === i ? e.to : e.from;
      if (!present.has(j) && !offered.has(j) && waiting.indexOf(j) < 0) waiting.push(j);
    });
    waiting.sort(function (a, b) { return all[b].w - all[a].w; });
    var batch = waiting.slice(0, STEP);
    batch.forEach(function (j) { offered.add(j); });
    expanded[i] = offered;
    addNodes(batch);
    var rest = waiting.length - batch.length;
    var id = moreId(i);
    if (nodes.get(id)) nodes.remove(id);
    if (rest > 0) {
      var pos = network.getPositions([i])[i];
      nodes.add({ id: id, label: "and " + rest + " more", shape: "box", x: pos.x + 60, y: pos.y - 60,
        color: { background: "#ffffff", border: "#777777" }, font: { size: 12 }, kgMoreOf: i });
      edges.update({ id: id, from: i, to: id, dashes: true, arrows: "", color: { color: "#bbbbbb" } });
    } else if (edges.get(id)) {
      edges.remove(id);
    }
    showCounts();
    return batch.length;
  }

  // ---- counts and notice ----
  function showCounts() {
    var shown = nodes.get({ filter: function (n) { return !n.hidden && n.kgMoreOf === undefined; } }).length;
    var total = nodes.get({ filter: function (n) { return n.kgMoreOf === undefined; } }).length;
    document.getElementById("counts").textContent = shown + " of " + total + " drawn nodes shown; " +
      (all.length - present.size) + " more in this page, reachable by search and double-click.";
  }
  function showNotice() {
    var n = data.notice;
    var text = "This view has " + n.total + " nodes. ";
    if (n.reserve || n.omitted.length) {
      text += "Drawn: the " + n.drawn + " heaviest (the node budget). ";
      if (n.reserve) text += n.reserve + " more wait in the page: search or double-click to add them. ";
      if (n.omitted.length) {
        var left = n.omitted.map(function (kv) { return kv[1] + " " + kv[0]; }).join(", ");
        text += "Left out of this page: " + left + " (use kg view --focus NAME for them).";
      }
    } else {
      text += "All are drawn.";
    }
    document.getElementById("notice").textContent = text;
  }
  function showMeta() {
    var m = data.meta;
    document.getElementById("meta").textContent = "store " + m.store + (m.built ? ", built " + m.built : "") +
      "; pages written " + m.generated + "; graph: " + m.nodes + " nodes, " + m.edges + " edges.";
  }

  // ---- the network ----
  var container = document.getElementById("network");
  var network = null;
  addNodes(all.filter(function (n) { return n.drawn; }).map(function (n) { return n.i; }));
  performance.mark("kg:added");
  network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  if (data.axis.length) {
    // Year ticks of the timeline, drawn under the graph in graph coordinates.
    var ys = data.nodes.map(function (n) { return n.v.y; });
    var top = Math.min.apply(null, ys) - 120, bottom = Math.max.apply(null, ys) + 80;
    network.on("beforeDrawing", function (ctx) {
      ctx.save();
      ctx.strokeStyle = "#e3e3e3";
      ctx.fillStyle = "#777777";
      ctx.font = "bold 22px sans-serif";
      ctx.textAlign = "center";
      data.axis.forEach(function (tick) {
        ctx.beginPath();
        ctx.moveTo(tick[0], top);
        ctx.lineTo(tick[0], bottom);
        ctx.stroke();
        ctx.fillText(tick[1], tick[0], top - 10);
      });
      ctx.restore();
    });
  }
  network.once("afterDrawing", function () {
    performance.mark("kg:ready");
    window.kgReady = true;
    document.body.dataset.ready = "true";
  });
  network.fit({ animation: false });
  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      if (typeof id === "number") { showNode(id); highlight(id); }
    } else if (params.edges.length && typeof params.edges[0] === "number") {
      showEdge(params.edges[0]);
    }
  });
  network.on("doubleClick", function (params) {
    if (!params.nodes.length) return;
    var id = params.nodes[0];
    var node = nodes.get(id);
    if (node && node.kgMoreOf !== undefined) expand(node.kgMoreOf);
    else if (typeof id === "number") expand(id);
  });

  var search = document.getElementById("search");
  search.addEventListener("input", function () { showResults(search.value); });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var found = matches(search.value); if (found.length) reveal(found[0]); }
    if (ev.key === "Escape") { search.value = ""; showResults(""); clearHighlight(); }
  });
  document.getElementById("clear").addEventListener("click", function () { clearHighlight(); network.unselectAll(); });
  document.getElementById("fit").addEventListener("click", function () { network.fit({ animation: false }); });
  var relayout = document.getElementById("relayout");
  var physicsOn = false;
  function setPhysics(on) {
    physicsOn = on;
    network.setOptions({ physics: { enabled: on } });
    relayout.textContent = on ? "Stop layout" : "Relayout";
  }
  relayout.addEventListener("click", function () { setPhysics(!physicsOn); });
  network.on("stabilized", function () { if (physicsOn) setPhysics(false); });
  document.getElementById("export").addEventListener("click", function () {
    var canvas = container.querySelector("canvas");
    var copy = document.createElement("canvas");
    copy.width = canvas.width;
    copy.height = canvas.height;
    var ctx = copy.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, copy.width, copy.height);
    ctx.drawImage(canvas, 0, 0);
    var link = document.getElementById("download");
    link.href = copy.toDataURL("image/png");
    link.download = data.view.name + ".png";
    link.click();
  });

  buildFilters();
  showNotice();
  showMeta();
  showCounts();
  if (data.view.centre !== null && data.view.centre !== undefined) {
    nodes.update({ id: data.view.centre, borderWidth: 5 });
    showNode(data.view.centre);
  }
  // For tests and the curious: read-only views of the page state.
  window.kgView = {
    network: network, nodes: nodes, edges: edges, data: data,
    drawnIds: function () { return nodes.getIds().filter(function (id) { return typeof id === "number"; }); },
    shownIds: function () { return nodes.get({ filter: function (n) { return !n.hidden && typeof n.id === "number"; } }).map(function (n) { return n.id; }); },
    search: matches, expand: expand, reveal: reveal, showNode: showNode, showEdge: showEdge,
  };
})();
