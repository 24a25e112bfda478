// Exact Chinese search over the Pagefind index of bigram-encoded twin pages.
// encodeQuery/decode mirror plugins/disclose/search/encode.py exactly; keep them in step.

const ALNUM = /[\p{L}\p{N}]/u;
// Python's whitespace (str.isspace, the `\s` of encode.py), not JavaScript's: \x1c-\x1f and \x85
// are spaces there, U+FEFF is not.
const WS = "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const SPACE = new RegExp(`[${WS}]`, "u");
const SPACES = new RegExp(`[${WS}]+`, "gu");
const ALL_SPACE = new RegExp(`^[${WS}]+$`, "u");
const ENDS = new RegExp(`^[${WS}]+|[${WS}]+$`, "gu");

function strip(text) {  // Python's str.strip(): String.trim would also drop U+FEFF
  return text.replace(ENDS, "");
}
const PUNCT = "zz";

// The brackets of a 文号 ([] () 【】 〖〗, and ［］（） which NFKC makes ASCII) all become 〔〕.
const BRACKETS = { "[": "〔", "(": "〔", "【": "〔", "〖": "〔", "]": "〕", ")": "〕", "】": "〕", "〗": "〕" };
const BRACKET_RE = /[[(【〖\])】〗]/gu;

function unifyBrackets(text) {
  return text.replace(BRACKET_RE, (ch) => BRACKETS[ch]);
}

export function normalise(text) {
  return unifyBrackets(text.normalize("NFKC").toLowerCase()).replace(SPACES, " ");
}

// The normalisation one character at a time, with offsets into the original (code points):
// excerpts find the match here and show the document's own characters (encode.py does the same).
export function normaliseWithOffsets(chars) {
  let out = "";
  const offsets = [];
  chars.forEach((ch, i) => {
    let n = unifyBrackets(ch.normalize("NFKC").toLowerCase());
    if (SPACE.test(ch) || ALL_SPACE.test(n)) {
      if (out.endsWith(" ")) return;
      n = " ";
    }
    for (const c of n) {
      out += c;
      offsets.push(i);
    }
  });
  offsets.push(chars.length);
  return { norm: Array.from(out), offsets };
}

// [kind, value] pieces: "run" (letters and digits) or "punct" (one character, a space included).
export function segments(text) {
  const out = [];
  let current = "";
  for (const ch of normalise(text)) {
    if (ALNUM.test(ch)) {
      current += ch;
      continue;
    }
    if (current) {
      out.push(["run", current]);
      current = "";
    }
    out.push(["punct", ch]);  // a space too (already collapsed): "。 全" is not "。全"
  }
  if (current) out.push(["run", current]);
  return out;
}

function encodeRun(run) {
  const chars = Array.from(run);
  const toks = [];
  for (let i = 0; i < chars.length - 1; i++) toks.push(chars[i] + chars[i + 1]);
  toks.push(chars[chars.length - 1]);
  return toks;
}

function tokensOf(kind, value) {
  return kind === "run" ? encodeRun(value) : [PUNCT + value.codePointAt(0).toString(16) + "z"];
}

// {tokens, prefix}: tokens appear consecutively in a document's encoding iff it contains the query.
export function encodeQuery(text) {
  const parts = segments(strip(normalise(text)));  // spaces around a query are not part of it
  if (!parts.length) return { tokens: [], prefix: "" };
  const tokens = [];
  for (const [i, [kind, value]] of parts.entries()) {
    const toks = tokensOf(kind, value);
    const finalRun = i === parts.length - 1 && kind === "run";
    // "，统": the run may go on in the document, so the last token only starts with the character.
    if (finalRun && toks.length === 1) return { tokens, prefix: value };
    tokens.push(...(finalRun ? toks.slice(0, -1) : toks));
  }
  return { tokens, prefix: "" };
}

export function pagefindQuery(q) {
  return !q.tokens.length ? q.prefix : '"' + q.tokens.join(" ") + '"';
}

function piece(tok) {
  const chars = Array.from(tok);
  if (chars.length > 2 && tok.startsWith(PUNCT)) {
    const code = parseInt(tok.slice(PUNCT.length), 16);
    if (!Number.isNaN(code)) return ["punct", String.fromCodePoint(code)];
  }
  return chars.length === 2 ? ["bi", chars[0]] : ["last", tok];
}

// The normalised text back from a page's encoded content (Pagefind's fragment `content`: our
// tokens joined by spaces, a "." added after each block, which no token contains).
export function decodeText(content) {
  let out = "";
  let previous = "";
  for (const tok of content.replace(/\./g, " ").split(/\s+/u)) {
    if (!tok) continue;
    const [kind, ch] = piece(tok);
    if (previous === "last" && kind !== "punct") out += " ";
    out += ch;
    previous = kind;
  }
  return out;
}

// Readable text back from an encoded excerpt, keeping <mark> highlights.
export function decode(encoded) {
  const chars = [];
  let carry = false;
  let previous = "";
  const re = /(<mark>)?([^\s<]+)(<\/mark>)?/g;
  let m;
  while ((m = re.exec(encoded)) !== null) {
    const marked = Boolean(m[1]);
    const [kind, ch] = piece(m[2]);
    if (previous === "last" && kind !== "punct") chars.push([" ", false]);
    chars.push([ch, marked || carry]);
    carry = marked && kind === "bi";
    previous = kind;
  }
  let out = "";
  let inside = false;
  for (const [ch, marked] of chars) {
    if (marked !== inside && ch !== " ") {
      out += marked ? "<mark>" : "</mark>";
      inside = marked;
    }
    out += ch === "<" ? "&lt;" : ch === "&" ? "&amp;" : ch;
  }
  if (inside) out += "</mark>";
  return strip(out);
}

function isWordChar(ch) {
  return ch !== undefined && ch.codePointAt(0) < 128 && !SPACE.test(ch);
}

function insideWord(chars, i) {
  return i > 0 && i < chars.length && isWordChar(chars[i - 1]) && isWordChar(chars[i]);
}

function escapeHtml(text) {
  // As Python's html.escape: the server's excerpts and ours are the same string.
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
    .replace(/'/g, "&#x27;");
}

// A window of the document's own text around the first match, on whole words (an index
// number or a Latin word is never cut), with the document's punctuation; mirrors
// sqlite_index.excerpt. Returns "" when the text does not contain the query.
export function excerpt(text, query, width = 40) {
  const chars = Array.from(text);
  // Usually normalising keeps every character in place: then offsets are the identity.
  const whole = Array.from(normalise(text));
  const { norm, offsets } = whole.length === chars.length
    ? { norm: whole, offsets: Array.from({ length: chars.length + 1 }, (_, i) => i) }
    : normaliseWithOffsets(chars);
  const q = Array.from(strip(normalise(query)));
  const hay = norm.join("");
  const idx = hay.indexOf(q.join(""));
  if (idx < 0 || !q.length) return "";
  const pos = Array.from(hay.slice(0, idx)).length;
  const mStart = offsets[pos];
  const mEnd = offsets[pos + q.length];
  let start = Math.max(0, mStart - width);
  let j = start;
  while (insideWord(chars, j) && j < mStart) j++;
  if (insideWord(chars, j)) while (insideWord(chars, j)) j--;
  while (j < mStart && chars[j] === " ") j++;
  start = j;
  let end = Math.min(chars.length, mEnd + width);
  j = end;
  while (insideWord(chars, j) && j > mEnd) j--;
  while (insideWord(chars, j)) j++;
  while (j > mEnd && chars[j - 1] === " ") j--;
  end = j;
  const part = (a, b) => escapeHtml(chars.slice(a, b).join(""));
  return (start ? "…" : "") + part(start, mStart) + "<mark>" + part(mStart, mEnd) + "</mark>" +
    part(mEnd, end) + (end < chars.length ? "…" : "");
}

// The index is one Pagefind index or several shards (pagefind/shards.json lists their
// folders; the first is the primary, the others are merged with Pagefind's mergeIndex).
// Pagefind takes the language from <html lang> when it starts: "zh" would make it segment
// the bigrams again, so it starts under "und" and the page gets its language back.
export async function loadPagefind(base) {
  const html = document.documentElement;
  const lang = html.lang;
  html.lang = "und";
  try {
    let shards = ["pagefind"];
    const listing = await fetch(`${base}/pagefind/shards.json`);
    if (listing.ok) shards = (await listing.json()).shards;
    const pagefind = await import(`${base}/${shards[0]}/pagefind.js`);
    await pagefind.options({ excerptLength: 40 });
    for (const shard of shards.slice(1)) await pagefind.mergeIndex(`${base}/${shard}/`, { language: "und" });
    await pagefind.init();
    return pagefind;
  } finally {
    html.lang = lang;
  }
}

// Pages where a word of `first` is directly followed by a word of `second` (bare-word searches
// report every position of the words they matched).
function adjacent(first, second) {
  const next = new Map(second.map((r) => [r.id, new Set(r.words)]));
  return first.filter((r) => {
    const after = next.get(r.id);
    return after && r.words.some((p) => after.has(p + 1));
  });
}

async function results(pagefind, term, options) {
  const response = await pagefind.search(term, options);
  return response ? response.results : [];
}

// The pages among `found` whose text contains the query (each page's data is read).
async function confirmed(found, text) {
  const wanted = strip(normalise(text));
  const datas = await Promise.all(found.map((r) => r.data()));
  return found.filter((r, i) => decodeText(datas[i].content).includes(wanted));
}

// A query ending in one character after punctuation ("，统") needs the next word to start with
// that character, which a quoted Pagefind phrase cannot say. The token before it is always a
// punctuation token, which no other token extends, so with one such token the positions of two
// bare-word searches decide it exactly without reading a page; with more, the pages having the
// phrase and that pair are read and checked against the query. A final "z" also starts every
// punctuation token (zz…z), so those pages are always read and checked (encode.py Query.confirm).
export async function search(pagefind, text, { filters = {}, sort = "relevance" } = {}) {
  const q = encodeQuery(text);
  if (!q.tokens.length && !q.prefix) return [];
  const options = { filters };
  if (sort === "date") options.sort = { date: "desc" };
  if (q.prefix === PUNCT[0]) return confirmed(await results(pagefind, pagefindQuery(q), options), text);
  if (!q.tokens.length || !q.prefix) return results(pagefind, pagefindQuery(q), options);
  const last = q.tokens[q.tokens.length - 1];
  const [ends, starts] = await Promise.all([results(pagefind, last, options), results(pagefind, q.prefix, options)]);
  const pairs = adjacent(ends, starts);
  if (q.tokens.length === 1) return pairs;
  const ids = new Set(pairs.map((r) => r.id));
  return confirmed((await results(pagefind, pagefindQuery(q), options)).filter((r) => ids.has(r.id)), text);
}

const PAGE = 20;

function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text) node.textContent = text;
  return node;
}

async function fillFilters(engine, form) {
  const available = await engine.filters();
  for (const name of ["category", "publisher", "year", "validity"]) {
    const select = form.querySelector(`select[name="${name}"]`);
    const values = [...(available[name] || [])].map(String).sort();
    if (name === "year") values.reverse();
    for (const value of values) select.append(el("option", { value }, value));
    const wanted = new URLSearchParams(location.search).get(name);
    if (wanted) select.value = wanted;
  }
}

// Only text and <mark> survive from an excerpt's markup (ours or the server's): never innerHTML.
function markedNodes(html) {
  const doc = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  return Array.from(doc.body.firstChild.childNodes).map((node) =>
    node.nodeName === "MARK" ? el("mark", {}, node.textContent) : document.createTextNode(node.textContent));
}

// The document's own text (pagefind-text/<page path>.json, written beside the index), from
// which the excerpt is cut with the document's punctuation; "" when it cannot be had.
async function ownText(base, url) {
  const path = base && url.startsWith(`${base}/`) ? url.slice(base.length) : url;
  try {
    const response = await fetch(`${base}/pagefind-text${path.startsWith("/") ? "" : "/"}${path}.json`);
    return response.ok ? ((await response.json()).text || "") : "";
  } catch {
    return "";
  }
}

// The static index: Pagefind (one index or shards) over the bigram twins.
function pagefindEngine(pagefind, base = "") {
  return {
    filters: async () => Object.fromEntries(Object.entries(await pagefind.filters()).map(([k, v]) => [k, Object.keys(v)])),
    async run(text, filters, sort) {
      const results = await search(pagefind, text, { filters, sort });
      // The placeholder page of a site with nothing published is never a result.
      const datas = (await Promise.all(results.slice(0, PAGE).map((r) => r.data())))
        .filter((d) => !d.url.endsWith("__empty__.html"));
      const texts = await Promise.all(datas.map((d) => ownText(base, d.url)));
      return {
        total: results.length,
        items: datas.map((d, i) => ({
          url: d.url, title: d.meta.title, index_no: d.meta.index_no, doc_no: d.meta.doc_no,
          publisher: d.meta.publisher, published: d.meta.published,
          validity: d.meta.validity, related: d.meta.related, related_url: d.meta.related_url,
          // Our excerpt of the document's own text; Pagefind's, decoded, as fallback.
          excerpt: (texts[i] && excerpt(texts[i], text)) || decode(d.excerpt),
        })),
      };
    },
  };
}

// A search server (disclose search-server, SQLite or PostgreSQL) for catalogues past the
// static ceiling: SEARCH_API_URL in the Pelican settings.
function apiEngine(api, base) {
  const root = api.replace(/\/+$/, "");
  const get = async (path, params) => {
    const response = await fetch(`${root}${path}?${params}`);
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || response.statusText);
    return body;
  };
  return {
    filters: () => get("/filters", ""),
    async run(text, filters, sort) {
      const params = new URLSearchParams({ q: text, sort, ...filters });
      const body = await get("/search", params);
      return { total: body.total, items: body.results.map((r) => ({ ...r, url: `${base}/${r.url}` })) };
    },
  };
}

let generation = 0;  // only the latest search writes the list (submits can overlap)

async function render(engine, form, status, list) {
  const mine = ++generation;
  const params = new URLSearchParams(new FormData(form));
  const text = (params.get("q") || "").trim();
  if (!text) {
    list.replaceChildren();
    status.textContent = "请输入检索词。";
    return;
  }
  const filters = {};
  for (const name of ["category", "publisher", "year", "validity"]) {
    if (params.get(name)) filters[name] = params.get(name);
  }
  let found;
  try {
    found = await engine.run(text, filters, params.get("sort") || "relevance");
  } catch (error) {
    if (mine === generation) status.textContent = `检索失败：${error.message}`;
    return;
  }
  if (mine !== generation) return;
  const exact = found.items.find((d) => [d.index_no, d.doc_no].some((v) => v && normalise(v) === normalise(text)));
  if (exact && !params.get("stay")) {
    location.assign(exact.url);
    return;
  }
  status.textContent = found.total
    ? `“${text}”共找到 ${found.total} 条信息${found.total > PAGE ? `，显示前 ${PAGE} 条` : ""}。`
    : `没有找到包含“${text}”的信息。`;
  const items = [];
  for (const d of found.items) {
    const item = el("li", { class: "result" });
    const link = el("a", { href: d.url }, d.title);
    const head = el("h2");
    head.append(link);
    const meta = el("p", { class: "meta-line" },
      `索引号 ${d.index_no || "—"}　发布机构 ${d.publisher || "—"}　发布日期 ${d.published || "—"}`);
    const snippet = el("p", { class: "excerpt" });
    snippet.append(...markedNodes(d.excerpt));
    item.append(head, meta);
    if (d.validity && d.validity !== "有效") head.append(" ", el("span", { class: "badge badge-abolished" }, `已${d.validity}`));
    if (d.related && d.related_url) {
      const related = el("p", { class: "related" });
      related.append(el("a", { href: `${form.dataset.base || ""}/${d.related_url}` }, d.related));
      item.append(related);
    }
    item.append(snippet);
    items.push(item);
  }
  list.replaceChildren(...items);
}

export async function start() {
  const form = document.getElementById("search-form");
  if (!form) return;
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const base = form.dataset.base || "";
  form.hidden = false;
  status.textContent = "正在加载检索索引……";
  let engine;
  try {
    engine = form.dataset.api ? apiEngine(form.dataset.api, base) : pagefindEngine(await loadPagefind(base), base);
    await fillFilters(engine, form);
  } catch (error) {
    status.textContent = "检索索引加载失败，请稍后再试，或通过信息公开目录查找。";
    document.body.dataset.searchReady = "failed";
    return;
  }
  const params = new URLSearchParams(location.search);
  form.querySelector('input[name="q"]').value = params.get("q") || "";
  if (params.get("sort")) form.querySelector('select[name="sort"]').value = params.get("sort");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = new URLSearchParams(new FormData(form));
    history.replaceState(null, "", `?${query}`);
    render(engine, form, status, list);
  });
  // A changed filter searches again; the text box does not (Enter or 检索 submit it, and its own
  // change event on Enter or blur would search a second time).
  form.addEventListener("change", (event) => {
    if (event.target.tagName === "SELECT") form.requestSubmit();
  });
  if (params.get("q")) await render(engine, form, status, list);
  else status.textContent = "请输入检索词：可以是词语、索引号或文号。";
  document.body.dataset.searchReady = "1";
}

if (document.getElementById("search-form")) start();
