// Exact Chinese search over the Pagefind index of bigram-encoded twin pages.
// encodeQuery/decode mirror plugins/disclose/search/encode.py exactly; keep them in step.

const ALNUM = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;
const PUNCT = "zz";

export function normalise(text) {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/gu, " ");
}

// [kind, value] pieces: "run" (letters and digits) or "punct" (one character); spaces separate.
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
    if (!SPACE.test(ch)) out.push(["punct", ch]);
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
  return kind === "run" ? encodeRun(value) : [PUNCT + value.codePointAt(0).toString(16)];
}

// {tokens, prefix}: tokens appear consecutively in a document's encoding iff it contains the query.
export function encodeQuery(text) {
  const norm = normalise(text);
  const parts = segments(norm);
  if (!parts.length) return { tokens: [], prefix: "" };
  const closed = norm.endsWith(" ");
  if (parts.length === 1 && parts[0][0] === "run" && Array.from(parts[0][1]).length === 1 && !closed) {
    return { tokens: [], prefix: parts[0][1] };
  }
  const tokens = [];
  parts.forEach(([kind, value], i) => {
    const toks = tokensOf(kind, value);
    const finalRun = i === parts.length - 1 && kind === "run" && !closed;
    tokens.push(...(finalRun && toks.length > 1 ? toks.slice(0, -1) : toks));
  });
  return { tokens, prefix: "" };
}

export function pagefindQuery(q) {
  return q.prefix ? q.prefix : '"' + q.tokens.join(" ") + '"';
}

function piece(tok) {
  const chars = Array.from(tok);
  if (chars.length > 2 && tok.startsWith(PUNCT)) {
    const code = parseInt(tok.slice(PUNCT.length), 16);
    if (!Number.isNaN(code)) return ["punct", String.fromCodePoint(code)];
  }
  return chars.length === 2 ? ["bi", chars[0]] : ["last", tok];
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
  return out.trim();
}

// Pagefind takes the language from <html lang> when it starts: "zh" would make it segment
// the bigrams again, so it starts under "und" and the page gets its language back.
export async function loadPagefind(base) {
  const html = document.documentElement;
  const lang = html.lang;
  html.lang = "und";
  try {
    const pagefind = await import(`${base}/pagefind/pagefind.js`);
    await pagefind.options({ excerptLength: 40 });
    await pagefind.init();
    return pagefind;
  } finally {
    html.lang = lang;
  }
}

export async function search(pagefind, text, { filters = {}, sort = "relevance" } = {}) {
  const q = encodeQuery(text);
  if (!q.tokens.length && !q.prefix) return [];
  const options = { filters };
  if (sort === "date") options.sort = { date: "desc" };
  const response = await pagefind.search(pagefindQuery(q), options);
  return response ? response.results : [];
}

const PAGE = 20;

function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text) node.textContent = text;
  return node;
}

async function fillFilters(pagefind, form) {
  const available = await pagefind.filters();
  for (const name of ["category", "publisher", "year", "validity"]) {
    const select = form.querySelector(`select[name="${name}"]`);
    const values = Object.keys(available[name] || {}).sort();
    if (name === "year") values.reverse();
    for (const value of values) select.append(el("option", { value }, value));
    const wanted = new URLSearchParams(location.search).get(name);
    if (wanted) select.value = wanted;
  }
}

async function render(pagefind, form, status, list) {
  const params = new URLSearchParams(new FormData(form));
  const text = (params.get("q") || "").trim();
  list.replaceChildren();
  if (!text) {
    status.textContent = "请输入检索词。";
    return;
  }
  const filters = {};
  for (const name of ["category", "publisher", "year", "validity"]) {
    if (params.get(name)) filters[name] = params.get(name);
  }
  const results = await search(pagefind, text, { filters, sort: params.get("sort") || "relevance" });
  // The placeholder page of a site with nothing published is never a result.
  const datas = (await Promise.all(results.slice(0, PAGE).map((r) => r.data())))
    .filter((d) => !d.url.endsWith("__empty__.html"));
  const exact = datas.find((d) => [d.meta.index_no, d.meta.doc_no].some((v) => v && normalise(v) === normalise(text)));
  if (exact && !params.get("stay")) {
    location.assign(exact.url);
    return;
  }
  status.textContent = results.length
    ? `“${text}”共找到 ${results.length} 条信息${results.length > PAGE ? `，显示前 ${PAGE} 条` : ""}。`
    : `没有找到包含“${text}”的信息。`;
  for (const d of datas) {
    const item = el("li", { class: "result" });
    const link = el("a", { href: d.url }, d.meta.title);
    const head = el("h2");
    head.append(link);
    const meta = el("p", { class: "meta-line" },
      `索引号 ${d.meta.index_no || "—"}　发布机构 ${d.meta.publisher || "—"}　发布日期 ${d.meta.published || "—"}`);
    const excerpt = el("p", { class: "excerpt" });
    excerpt.innerHTML = decode(d.excerpt);  // Pagefind escapes the text; only <mark> is markup
    item.append(head, meta);
    if (d.meta.validity && d.meta.validity !== "有效") head.append(" ", el("span", { class: "badge badge-abolished" }, `已${d.meta.validity}`));
    if (d.meta.related && d.meta.related_url) {
      const related = el("p", { class: "related" });
      related.append(el("a", { href: `${form.dataset.base}/${d.meta.related_url}` }, d.meta.related));
      item.append(related);
    }
    item.append(excerpt);
    list.append(item);
  }
}

export async function start() {
  const form = document.getElementById("search-form");
  if (!form) return;
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  form.hidden = false;
  status.textContent = "正在加载检索索引……";
  let pagefind;
  try {
    pagefind = await loadPagefind(form.dataset.base || "");
  } catch (error) {
    status.textContent = "检索索引加载失败，请稍后再试，或通过信息公开目录查找。";
    document.body.dataset.searchReady = "failed";
    return;
  }
  await fillFilters(pagefind, form);
  const params = new URLSearchParams(location.search);
  form.querySelector('input[name="q"]').value = params.get("q") || "";
  if (params.get("sort")) form.querySelector('select[name="sort"]').value = params.get("sort");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = new URLSearchParams(new FormData(form));
    history.replaceState(null, "", `?${query}`);
    render(pagefind, form, status, list);
  });
  form.addEventListener("change", () => form.requestSubmit());
  if (params.get("q")) await render(pagefind, form, status, list);
  else status.textContent = "请输入检索词：可以是词语、索引号或文号。";
  document.body.dataset.searchReady = "1";
}

if (document.getElementById("search-form")) start();
