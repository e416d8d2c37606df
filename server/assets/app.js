// Gazette's search page. Its whole state is in the URL (q, since, until, sort, lang, outlet,
// offset, article), so every view is a link: a timeline bar, a facet value, a page, an
// article. It reads the state, asks the JSON API (docs/output-format.md) and renders.
"use strict";

const PAGE = 10;
const FILTERS = ["q", "since", "until", "sort", "lang", "outlet"];
const QUERY = ["q", "since", "until", "lang", "outlet"];  // what every query endpoint takes
const $ = (id) => document.getElementById(id);

function state() {
  const p = new URLSearchParams(location.search);
  const s = {};
  for (const k of [...FILTERS, "offset", "article"]) s[k] = (p.get(k) || "").trim();
  s.offset = Math.max(0, parseInt(s.offset, 10) || 0);
  return s;
}

// The page's URL for `s` changed by `change`; empty values are left out.
function link(s, change) {
  const next = Object.assign({}, s, { offset: 0, article: "" }, change);
  const p = new URLSearchParams();
  for (const k of [...FILTERS, "offset", "article"]) {
    const v = next[k];
    if (v !== "" && v !== 0 && v !== undefined && !(k === "sort" && v === "relevance")) p.set(k, v);
  }
  return "/?" + p.toString();
}

function api(path, s, extra) {
  const p = new URLSearchParams();
  for (const k of QUERY) if (s[k]) p.set(k, s[k]);
  for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
  return fetch(path + "?" + p.toString()).then(async (r) => {
    const body = await r.json().catch(() => ({ error: "HTTP " + r.status }));
    if (!r.ok) throw new Error(body.error || "HTTP " + r.status);
    return body;
  });
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

const SOURCES = { text: "from the text", filename: "from the file name", crawl: "crawl date", none: "" };

// The date as shown, marked (with why) when it is not the article's own header date.
function dateNode(r) {
  if (!r.date) return el("span", { class: "date", text: "no date" });
  const shown = r.date + (r.time ? " " + r.time.slice(0, 5) : "");
  if (r.date_source === "header") return el("span", { class: "date", text: shown });
  const why = SOURCES[r.date_source] || "from " + r.date_source;
  return el("span", { class: "date guessed", title: "date guessed: " + why, text: shown + " (" + why + ")" });
}

// The passage's window with its highlights marked: the offsets are of UTF-8 bytes.
function passageNode(text, highlights, window) {
  const bytes = new TextEncoder().encode(text);
  const decode = (a, b) => new TextDecoder().decode(bytes.subarray(a, b));
  const [begin, end] = window && window.length === 2 ? window : [0, bytes.length];
  const p = el("p", { class: "passage" });
  if (begin > 0) p.append("… ");
  let at = begin;
  for (const [b, e] of highlights || []) {
    if (b < at || e > end) continue;
    p.append(decode(at, b), el("mark", { text: decode(b, e) }));
    at = e;
  }
  p.append(decode(at, end));
  if (end < bytes.length) p.append(" …");
  return p;
}

function resultNode(r, s) {
  const title = el("a", { href: link(s, { article: r.id, offset: s.offset }), text: r.title || "(untitled)" });
  const meta = el("div", { class: "meta" }, dateNode(r));
  if (r.outlet) meta.append(" · ", el("span", { class: "outlet", text: r.outlet }));
  if (r.lang) meta.append(" · " + r.lang);
  const item = el("li", { class: "result" }, el("h2", {}, title), meta,
                  passageNode(r.text, r.highlights, r.window));
  const others = (r.story_size || 1) - 1;
  if (others > 0) {
    const named = r.other_reports.slice(0, 3).map((o, i) =>
      [o.outlet, o.date || "undated"].filter(Boolean).join(" ") + (i === 0 && !r.earliest ? " (earliest)" : ""));
    const more = others > named.length ? ` and ${others - named.length} more` : "";
    item.append(el("p", { class: "reports",
                          text: `+${others} other report${others === 1 ? "" : "s"}: ${named.join(", ")}${more}` +
                                (r.earliest ? "; this is the earliest" : "") }));
  }
  return item;
}

function renderResults(data, s) {
  const list = $("results");
  list.replaceChildren(...data.results.map((r) => resultNode(r, s)));
  const total = (data.matches_exact ? "" : "at least ") + data.matches;
  $("status").textContent = data.results.length
    ? `${data.results[0].rank}–${data.results[data.results.length - 1].rank} of ${total} matching ${data.matches_unit}`
    : data.matches ? `No results at this page: ${total} matching ${data.matches_unit}` : `No results for “${s.q}”.`;
  // "Did you mean": the query with its rare words replaced, a link away.
  const dym = data.did_you_mean;
  $("suggest").hidden = !dym;
  $("suggest").replaceChildren(...(dym ? ["Did you mean ", el("a", { href: link(s, { q: dym.query }), text: dym.query }), "?"] : []));
  const pages = $("pages");
  pages.replaceChildren();
  if (s.offset > 0) {
    pages.append(el("a", { rel: "prev", href: link(s, { offset: Math.max(0, s.offset - PAGE) }), text: "← Previous" }));
  }
  if (s.offset + PAGE < data.matches) {
    pages.append(el("a", { rel: "next", href: link(s, { offset: s.offset + PAGE }), text: "Next →" }));
  }
}

function renderTimeline(data, s) {
  const box = $("timeline");
  const t = data.timeline;
  box.replaceChildren();
  if (!t || !t.periods.length) return;
  const highest = Math.max(1, ...t.periods.map((p) => p.count));
  const bars = el("div", { class: "bars" });
  for (const p of t.periods) {
    const label = `${p.period}: ${p.count} article${p.count === 1 ? "" : "s"}${p.burst ? " (burst)" : ""}`;
    const a = el("a", { href: link(s, { since: p.since, until: p.until }), title: label, "aria-label": label,
                        class: p.burst ? "burst" : p.count ? "" : "empty" });
    a.style.height = Math.max(p.count ? 4 : 1, Math.round((100 * p.count) / highest)) + "%";
    bars.append(a);
  }
  const first = t.periods[0].period, last = t.periods[t.periods.length - 1].period;
  box.append(el("h2", { text: `Timeline by ${t.unit}: ${t.dated} dated, ${t.undated} undated` }), bars,
             el("div", { class: "axis" }, el("span", { text: first }), el("span", { text: last })));
  if (t.bursts.length) {
    box.append(el("p", { class: "bursts", text: "Bursts: " + t.bursts.map((b) => `${b.period} (${b.count}) ${b.title}`).join(" · ") }));
  }
}

const FACETS = { outlet: "Outlets", lang: "Languages", year: "Years" };

function facetLink(name, value, s) {
  if (name === "year") return link(s, { since: value + "-01-01", until: value + "-12-31" });
  return link(s, { [name]: value });
}

function renderFacets(data, s) {
  const box = $("facets");
  box.replaceChildren();
  for (const [name, title] of Object.entries(FACETS)) {
    const f = data.facets && data.facets[name];
    if (!f || !f.values.length) continue;
    const list = el("ul");
    for (const v of f.values) {
      list.append(el("li", {}, el("a", { href: facetLink(name, v.value, s), text: v.value }),
                     el("span", { text: String(v.count) })));
    }
    box.append(el("section", {}, el("h2", { text: title }), list));
  }
}

async function showArticle(s) {
  const box = $("article");
  const a = await fetch("/api/article/" + encodeURIComponent(s.article)).then(async (r) => {
    const body = await r.json();
    if (!r.ok) throw new Error(body.error);
    return body;
  });
  const back = el("a", { href: link(s, { offset: s.offset }), text: "← Back to the results" });
  const meta = el("div", { class: "meta" }, dateNode(a));
  if (a.outlet) meta.append(" · ", el("span", { class: "outlet", text: a.outlet }));
  box.replaceChildren(back, el("h1", { text: a.title || "(untitled)" }), meta,
                      el("div", { class: "path", text: a.path + ":" + a.line }),
                      ...a.passages.map((p) => el("p", { text: p.text })));
  box.hidden = false;
  $("found").hidden = true;
  document.title = (a.title || "Article") + " · Gazette";
  back.focus();
}

function fillForm(s, stats) {
  for (const k of ["q", "since", "until"]) {
    $(k).value = s[k];
    if (s[k]) $(k).setAttribute("value", s[k]);
  }
  $("sort").value = s.sort || "relevance";
  const options = (select, counts) => {
    for (const name of Object.keys(counts || {}).sort()) select.append(el("option", { value: name, text: name }));
    select.value = s[select.id];
    if (s[select.id] && select.value !== s[select.id]) {
      select.append(el("option", { value: s[select.id], text: s[select.id] }));
      select.value = s[select.id];
    }
  };
  options($("outlet"), stats && stats.outlets);
  options($("lang"), stats && stats.languages);
}

async function main() {
  const s = state();
  const stats = await api("/api/stats", {}).catch(() => null);
  fillForm(s, stats);
  document.addEventListener("keydown", (e) => {
    if (e.key === "/" && document.activeElement.tagName !== "INPUT") { e.preventDefault(); $("q").focus(); }
    if (e.key === "Escape" && s.article) location.href = link(s, { offset: s.offset });
  });
  try {
    if (s.article) return await showArticle(s);
    if (!s.q) {
      $("status").textContent = stats ? `${stats.articles} articles, ${stats.first_date || "?"} to ${stats.last_date || "?"}.` : "";
      return;
    }
    document.title = s.q + " · Gazette";
    const [results, timeline, facets] = await Promise.all([
      api("/api/search", s, { sort: s.sort || "relevance", limit: PAGE, offset: s.offset }),
      api("/api/timeline", s),
      api("/api/facets", s, { facets: "outlet,lang,year", top: 8 }),
    ]);
    renderResults(results, s);
    renderTimeline(timeline, s);
    renderFacets(facets, s);
  } catch (e) {
    $("status").textContent = e.message;
    $("status").className = "error";
  }
}

main();
