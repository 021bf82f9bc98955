// rolematch's page: two views over the same JSON API the command line's users script against.
// No framework and nothing fetched from anywhere else: the page must work in an air-gapped
// network, under a Content-Security-Policy that allows only this file and app.css.
"use strict";

const $ = (id) => document.getElementById(id);

/** The token, kept for this browser tab only. */
function token() {
  return sessionStorage.getItem("rolematch-token") || "";
}

/** Calls the API; asks for the token on 401; throws an Error with the server's message. */
async function api(path, options = {}) {
  const headers = new Headers(options.headers || {});
  if (token()) headers.set("Authorization", "Bearer " + token());
  const response = await fetch(path, { ...options, headers });
  if (response.status === 401) {
    $("token-form").classList.remove("hidden");
    $("token").focus();
    throw new Error("This server needs its access token (see above).");
  }
  if (!response.ok) {
    let message = response.status + " " + response.statusText;
    try {
      const body = await response.json();
      if (body.error) message = body.error.message;
    } catch (_) { /* not JSON */ }
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return response;
}

/** Saves `blob` as the file `name` through the browser's download. */
function saveFile(blob, name) {
  const link = el("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
}

/** An element with text and classes; children appended. */
function el(tag, text, className, children = []) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (className) node.className = className;
  for (const child of children) node.append(child);
  return node;
}

function setStatus(text) {
  $("status").textContent = text;
}

async function waitForModel() {
  for (;;) {
    try {
      const response = await fetch("/health");
      const body = await response.json();
      if (body.status === "ok") {
        setStatus("Ready · model " + body.model + " · catalog " + body.catalog_version);
        return;
      }
      setStatus("Loading the model…");
    } catch (_) {
      setStatus("Cannot reach the server; retrying…");
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

// ---- tabs ----

function showTab(which) {
  for (const name of ["resume", "rank"]) {
    const selected = name === which;
    const tab = $("tab-" + name);
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $("view-" + name).classList.toggle("hidden", !selected);
  }
  $("tab-" + which).focus();
  if (which === "rank") { loadPools(); loadRoles(); }
}

function setupTabs() {
  $("tab-resume").addEventListener("click", () => showTab("resume"));
  $("tab-rank").addEventListener("click", () => showTab("rank"));
  for (const tab of document.querySelectorAll("[role=tab]")) {
    tab.addEventListener("keydown", (event) => {
      if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
        showTab(tab.id === "tab-resume" ? "rank" : "resume");
      }
    });
  }
}

// ---- drop zones ----

/** Makes `zone` accept dropped files (and Enter/Space open its file input). */
function dropZone(zone, input, onFiles) {
  zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", async (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    onFiles(await droppedFiles(event.dataTransfer));
  });
  zone.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); input.click(); }
  });
  input.addEventListener("change", () => { onFiles([...input.files]); input.value = ""; });
  // One tab stop per drop zone: the zone opens the file chooser from the keyboard.
  input.tabIndex = -1;
}

/** The files of a drop, folders walked recursively. */
async function droppedFiles(transfer) {
  const entries = [...transfer.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
  if (entries.length === 0) return [...transfer.files];
  const files = [];
  const walk = async (entry) => {
    if (entry.isFile) {
      files.push(await new Promise((ok, fail) => entry.file(ok, fail)));
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child);
      }
    }
  };
  for (const entry of entries) await walk(entry);
  return files;
}

// ---- my resume ----

async function matchResume(body) {
  $("resume-error").textContent = "";
  const results = $("resume-results");
  results.replaceChildren(el("p", "Matching…", "hint"));
  try {
    const blind = $("resume-blind").checked ? "&blind=true" : "";
    const response = await api("/api/match?with_lines=true&with_text=true" + blind, body);
    lastMatch = { body, blind };
    const report = await response.json();
    renderResume(report);
    const best = report.matches[0];
    setStatus(best ? "Matched: the closest role is " + best.role_title + ", " + best.match_score + "/100 " + best.band : "Matched: no role scored above the threshold");
  } catch (error) {
    results.replaceChildren();
    $("resume-error").textContent = error.message;
  }
}

/** The last resume matched, so its report page can be asked for. */
let lastMatch = null;

/** Saves the report page for the last resume: the roles in words, to keep or print. */
async function saveReport() {
  if (!lastMatch) return;
  try {
    const response = await api("/api/match?format=html" + lastMatch.blind, lastMatch.body);
    saveFile(await response.blob(), "rolematch-report.html");
  } catch (error) { $("resume-error").textContent = error.message; }
}

function renderResume(report) {
  const results = $("resume-results");
  const items = report.matches.map((m, i) => {
    const card = el("article", null, "card band-" + m.band);
    card.append(el("h3", (i + 1) + ". " + m.role_title));
    card.append(el("p", m.match_score + "/100 · " + m.band + " match", "score"));
    card.append(explanation(m.explanation, report.lines || {}));
    return card;
  });
  if (items.length === 0) items.push(el("p", "No role scored above the threshold.", "hint"));
  const advice = (report.advice || []).map((a) => el("li", a.message, "advice-" + a.level));
  const parts = [
    el("p", null, "downloads", [button("Save report to keep or print", saveReport)]),
    el("h3", "Roles for " + report.file, "subject"),
  ];
  if (report.caution) parts.push(el("p", report.caution, "caution"));
  if (report.redactions) parts.push(el("p", "Blind review, replaced: " + redactionSummary(report.redactions), "blind-note"));
  parts.push(...items);
  if (advice.length) parts.push(el("h3", "Advice"), el("ul", null, "advice", advice));
  if (report.reading) parts.push(whatWeRead(report.reading));
  results.replaceChildren(...parts);
}

/** The text the scores are based on, with the line numbers the explanations use. */
function whatWeRead(reading) {
  const facts = [];
  facts.push(reading.language ? "Language: " + reading.language.name : "Language: not detected");
  const sections = (reading.sections || []).map((s) => s.title.trim() + " (lines " + s.first_line + "–" + s.last_line + ")");
  facts.push("Sections: " + (sections.length ? sections.join(", ") : "none found"));
  const years = reading.experience && reading.experience.years;
  facts.push(years === null || years === undefined
    ? "Dated positions: none found"
    : "Dated positions: " + reading.experience.positions.length + ", " + years.toFixed(1) + " years");
  const lines = el("ol", null, "read-lines");
  reading.text.replace(/\n$/, "").split("\n").forEach((line) => lines.append(el("li", line)));
  return el("details", null, "what-we-read", [
    el("summary", "What we read from this file"),
    el("p", facts.join(" · "), "hint"),
    lines,
  ]);
}

/** "asks for 3 years; the resume's dated positions add up to 4.5: met" from a years check. */
function yearsLine(years) {
  const shown = years.shown === undefined
    ? "the resume has no dates that can be read"
    : "the resume's dated positions add up to " + years.shown.toFixed(1);
  const verdict = { met: "met", unmet: "not met", unknown: "unknown, read the resume" }[years.verdict];
  return "asks for " + years.asked + " years; " + shown + ": " + verdict;
}

/** "name 1, email 1" from a redaction report's counts. */
function redactionSummary(redactions) {
  const counts = Object.entries(redactions.counts || {});
  if (!counts.length) return "nothing";
  return counts.map(([kind, n]) => kind.replace(/_/g, " ") + " " + n).join(", ");
}

/** Shared skills (with the resume's lines, highlighted), missing skills, evidence. */
function explanation(e, lines) {
  const box = el("div", null, "explanation");
  if (e.shared_skills.length) {
    const list = el("ul", null, "shared");
    for (const s of e.shared_skills) {
      const item = el("li", null, null, [el("strong", s.name), el("span", " · line " + s.lines.join(", "), "lines")]);
      const quoted = s.lines.map((n) => lines[n]).filter(Boolean);
      if (quoted.length) item.append(el("blockquote", null, null, [highlight(quoted[0], s.name)]));
      list.append(item);
    }
    box.append(el("h4", "Shared skills"), list);
  }
  if (e.missing_core_skills.length) {
    box.append(el("h4", "Missing core skills"), el("p", e.missing_core_skills.map((s) => s.name).join(", "), "missing"));
  }
  if (e.related_skills && e.related_skills.length) {
    box.append(el("h4", "Related skills (each a quarter of the skill; an eighth if only listed)"),
      el("p", e.related_skills.map((r) => r.asked.name + " — shows " + r.shown.name + (r.listed_only ? " (only listed)" : "") + " · line " + r.lines.join(", ")).join("; "), "related"));
  }
  if (e.evidence) {
    const where = "lines " + e.evidence.first_line + "–" + e.evidence.last_line + (e.evidence.section ? " (" + e.evidence.section + ")" : "");
    box.append(el("h4", "Evidence, " + where), el("blockquote", plainExcerpt(e.evidence.excerpt), "evidence"));
  }
  if (e.requirements && e.requirements.length) {
    const weakest = [...e.requirements].sort((a, b) => a.similarity - b.similarity).slice(0, 3);
    const list = el("ul", null, "requirements", weakest.map((r) =>
      el("li", null, null, [el("span", r.requirement), el("span", " · lines " + r.first_line + "–" + r.last_line + ", similarity " + r.similarity.toFixed(2), "lines")])));
    box.append(el("h4", "Least shown of the posting's " + e.requirements.length + " requirements"), list);
  }
  return box;
}

/** An excerpt as a person would quote it: Markdown heading marks, list markers and emphasis
 * stars left out, as the CLI prints it. */
function plainExcerpt(excerpt) {
  return excerpt.split(/\s+/)
    .filter((word) => !/^[#*\-•]+$/.test(word))
    .map((word) => word.replace(/^\*+|\*+$/g, ""))
    .filter(Boolean)
    .join(" ");
}

/** `line` with the first case-insensitive occurrence of `term` marked. */
function highlight(line, term) {
  const at = line.toLowerCase().indexOf(term.toLowerCase());
  const span = el("span");
  if (at < 0) { span.textContent = line; return span; }
  span.append(line.slice(0, at), el("mark", line.slice(at, at + term.length)), line.slice(at + term.length));
  return span;
}

function setupResume() {
  dropZone($("resume-drop"), $("resume-file"), (files) => {
    if (!files.length) return;
    const form = new FormData();
    form.append("file", files[0], files[0].name);
    matchResume({ method: "POST", body: form });
  });
  $("resume-match").addEventListener("click", () => {
    const text = $("resume-text").value;
    matchResume({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text }) });
  });
}

// ---- rank candidates ----

function poolName() {
  return $("pool-new").value.trim() || $("pool-select").value;
}

async function loadPools(select) {
  try {
    const { pools } = await (await api("/api/pools")).json();
    const current = select || $("pool-select").value;
    $("pool-select").replaceChildren(...pools.map((p) => el("option", p)));
    if (pools.includes(current)) $("pool-select").value = current;
    showPoolInfo();
  } catch (error) { $("rank-error").textContent = error.message; }
}

async function showPoolInfo() {
  const name = $("pool-select").value;
  if (!name) { $("pool-info").textContent = "No pool yet: name a new one and add resumes."; return; }
  try {
    const info = await (await api("/api/pools/" + encodeURIComponent(name))).json();
    $("pool-info").textContent = info.stats.candidates + " candidates in '" + name + "'" + (info.stats.blind ? " (blind)" : "");
  } catch (error) { $("pool-info").textContent = error.message; }
}

let rolesLoaded = false;
async function loadRoles() {
  if (rolesLoaded) return;
  try {
    const catalog = await (await api("/api/roles")).json();
    for (const role of catalog.roles) {
      const option = el("option", role.title);
      option.value = role.id;
      $("role-select").append(option);
    }
    rolesLoaded = true;
  } catch (error) { $("rank-error").textContent = error.message; }
}

/** Uploads each file on its own request, so each shows its own progress and outcome. */
async function uploadAll(files) {
  $("rank-error").textContent = "";
  const pool = poolName();
  if (!pool) { $("rank-error").textContent = "Name a pool first."; return; }
  const list = $("upload-progress");
  list.replaceChildren();
  let done = 0;
  for (const file of files) {
    const row = el("li", file.name + ": uploading…", "pending");
    list.append(row);
    const form = new FormData();
    form.append("file", file, file.name);
    try {
      const report = await (await api("/api/pools/" + encodeURIComponent(pool) + "/candidates" + ($("pool-blind").checked ? "?blind=true" : ""), { method: "POST", body: form })).json();
      if (report.refused.length) {
        row.textContent = file.name + ": refused — " + report.refused[0].error;
        row.className = "refused";
      } else if (report.duplicates && report.duplicates.length) {
        row.textContent = file.name + ": not added, the same text as " + report.duplicates[0].same_as + ", which is in the pool already";
        row.className = "refused";
      } else if (report.not_resumes && report.not_resumes.length) {
        row.textContent = report.not_resumes[0].message;
        row.className = "warning";
      } else {
        const outcome = report.added.length ? "added" : report.replaced.length ? "replaced" : "unchanged";
        row.textContent = file.name + ": " + outcome;
        row.className = "ok";
      }
    } catch (error) {
      row.textContent = file.name + ": " + error.message;
      row.className = "refused";
    }
    done += 1;
    setStatus("Uploaded " + done + " of " + files.length + " to '" + pool + "'");
  }
  $("pool-new").value = "";
  await loadPools(pool);
}

let lastRank = null;

async function rank() {
  $("rank-error").textContent = "";
  const pool = poolName();
  const k = Number($("rank-k").value) || 25;
  const role = $("role-select").value;
  const jobText = $("job-text").value.trim();
  const jobFile = $("job-file").files[0];
  const blind = $("pool-blind").checked;
  const opening = $("opening-name").value.trim() || undefined;
  const keep_duplicates = $("rank-keep-duplicates").checked;
  const json = (fields) => ({ method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ pool, k, blind, opening, keep_duplicates, ...fields }) });
  let options;
  if (role) {
    options = json({ role_id: role });
  } else if (jobText) {
    options = json({ job_text: jobText });
  } else if (jobFile) {
    const form = new FormData();
    form.append("pool", pool);
    form.append("k", String(k));
    form.append("blind", String(blind));
    form.append("keep_duplicates", String(keep_duplicates));
    if (opening) form.append("opening", opening);
    form.append("file", jobFile, jobFile.name);
    options = { method: "POST", body: form };
  } else {
    $("rank-error").textContent = "Choose a role, paste a job posting or choose a posting file.";
    return;
  }
  $("rank-results").replaceChildren(el("p", "Ranking…", "hint"));
  try {
    lastRank = { options, run: await (await api("/api/rank", options)).json() };
    renderRank(lastRank.run);
    // The status line is the live region: it says what changed, not the whole ranking.
    const run = lastRank.run;
    setStatus("Ranked " + run.candidates.length + " candidates for " + run.role_title + (run.verdict ? ": " + run.verdict : ""));
  } catch (error) {
    $("rank-results").replaceChildren();
    if (error.status === 409 && blind) {
      offerBlindCopy(pool);
    } else {
      $("rank-error").textContent = error.message;
    }
  }
}

/** A pool built without blind review cannot be ranked blind: its texts still name people.
 * Offers to make a blind copy of it under a new name, and to rank that. */
function offerBlindCopy(pool) {
  const name = el("input");
  name.id = "blind-copy-name";
  name.type = "text";
  name.value = pool + "-blind";
  name.pattern = "[A-Za-z0-9_\\-][A-Za-z0-9_.\\-]*";
  const label = el("label", "Name of the blind copy");
  label.htmlFor = name.id;
  const outcome = el("p", null, "hint");
  outcome.setAttribute("role", "status");
  const make = button("Make the blind copy and rank it", async () => {
    make.disabled = true;
    outcome.textContent = "Making the blind copy: every resume is read again without names…";
    try {
      const made = await (await api("/api/pools/" + encodeURIComponent(pool) + "/blind-copy", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ into: name.value.trim() }),
      })).json();
      $("pool-new").value = "";
      await loadPools(made.pool);
      rank();
    } catch (error) {
      outcome.textContent = error.message;
      make.disabled = false;
    }
  });
  $("rank-results").replaceChildren(el("div", null, "blind-offer", [
    el("p", "'" + pool + "' was built without blind review, so its resumes still name people. A blind copy replaces every resume's identity cues (names, contacts, pronouns, ages, schools…) and gives each candidate a pseudonym; '" + pool + "' stays as it is.", "verdict"),
    label, name, el("p", null, "downloads", [make]), outcome,
  ]));
  name.focus();
}

function renderRank(run) {
  comparing = [];
  const table = el("table", null, "ranked");
  table.append(el("caption", run.role_title + " — pool " + run.pool + " (" + run.candidates.length + " shown" + (run.blind ? ", blind review" : "") + ")"));
  const head = el("tr", null, null, ["#", "Candidate", "Match", "Score", "Semantic", "Skills"].map((h) => el("th", h)));
  head.querySelectorAll("th").forEach((th) => th.setAttribute("scope", "col"));
  table.append(el("thead", null, null, [head]));
  const body = el("tbody");
  run.candidates.forEach((c, i) => {
    const inside = [el("summary", c.name || c.candidate_id)];
    const person = personLine(c);
    if (person) inside.push(el("p", person, "person"));
    if (c.caution) inside.push(el("p", c.caution, "caution"));
    if (c.years) inside.push(el("p", "Years: " + yearsLine(c.years), "years-" + c.years.verdict));
    inside.push(explanation(c.explanation, {}));
    inside.push(el("p", null, "downloads", [button("Show the resume", () => showCandidate(run, c))]));
    if (run.opening) inside.push(reviewPanel(run, c));
    const details = el("details", null, null, inside);
    const row = el("tr", null, "band-" + c.band, [
      el("td", String(i + 1), "num"),
      el("td", null, null, [details, compareBox(run, c, i)]),
      el("td", c.match_score + " " + c.band),
      el("td", c.score.toFixed(3), "num"),
      el("td", c.explanation.semantic_part.toFixed(3), "num"),
      el("td", c.explanation.skill_part.toFixed(3), "num"),
    ]);
    row.dataset.candidate = c.candidate_id;
    body.append(row);
  });
  table.append(body);
  const downloads = el("p", null, "downloads", [button("Download CSV", () => download("csv")), button("Download spreadsheet (.xlsx)", () => download("xlsx")), button("Download JSON", () => download("json"))]);
  const verdict = [run.opening_caution, run.opening_warning, run.verdict].filter(Boolean).map((text) => el("p", text, "verdict"));
  for (const d of run.near_duplicates || []) {
    verdict.push(el("p", "Set aside: " + d.candidate_id + " has the same wording as " + d.same_as + ", ranked above it (" + Math.round(d.shared_wording * 100) + "% of their four-word runs shared): probably the same resume twice. Tick “Rank near-duplicate resumes too” to see both.", "caution"));
  }
  const candidateView = el("section", null, "candidate-view hidden");
  candidateView.id = "candidate-view";
  candidateView.setAttribute("aria-label", "The candidate's resume");
  const compareView = el("section", null, "compare-view hidden");
  compareView.id = "compare-view";
  compareView.setAttribute("aria-label", "Two candidates side by side");
  $("rank-results").replaceChildren(downloads, ...verdict, el("p", "Tick two candidates to compare them side by side.", "hint"), table, compareView, candidateView, el("p", run.oversight, "oversight"));
  if (run.opening) showDecisions(run);
}

/** "Staff Engineer · 7.5 years of dated experience · file jane.pdf": who the header says the
 * candidate is (never in a blind pool), their years, and the id when a name stands for it. */
function personLine(c) {
  const parts = [];
  if (c.headline) parts.push(c.headline);
  if (c.location) parts.push(c.location);
  if (c.total_years !== undefined && c.total_years !== null) parts.push(c.total_years.toFixed(1) + " years of dated experience");
  if (c.name) parts.push(c.candidate_id);
  return parts.join(" · ");
}

/** A candidate's shown name: the name from their header, or their id. */
function shownName(c) {
  return c.name || c.candidate_id;
}

/** The candidate's resume as read, in a panel under the ranking: the lines the explanation
 * cites are marked, and the skills found on them, the shared ones highlighted. */
async function showCandidate(run, c) {
  const panel = $("candidate-view");
  try {
    const view = await (await api("/api/pools/" + encodeURIComponent(run.pool) + "/candidates/" + encodeURIComponent(c.candidate_id))).json();
    const e = c.explanation;
    const cited = new Set();
    const cite = (first, last) => { for (let n = first; n <= last; n++) cited.add(n); };
    for (const s of e.shared_skills) s.lines.forEach((n) => cited.add(n));
    if (e.evidence) cite(e.evidence.first_line, e.evidence.last_line);
    for (const r of e.requirements || []) cite(r.first_line, r.last_line);
    const shared = new Set(e.shared_skills.map((s) => s.id));
    const lines = el("ol", null, "read-lines");
    for (const line of view.lines) {
      const item = el("li", null, cited.has(line.number) ? "cited" : null);
      item.value = line.number;
      for (const part of line.parts) {
        if (!part.skill) { item.append(part.text); continue; }
        const mark = el(shared.has(part.skill) ? "mark" : "span", part.text, shared.has(part.skill) ? "skill shared" : "skill");
        mark.title = part.skill_name;
        item.append(mark);
      }
      if (line.set_aside) item.append(el("span", " (set aside from scoring)", "lines"));
      lines.append(item);
    }
    const title = el("h3", view.name ? view.name + (view.headline ? " — " + view.headline : "") : c.candidate_id + (view.blind ? " (blind review)" : ""));
    title.tabIndex = -1;
    const years = (view.location ? view.location + " · " : "") + (view.total_years === undefined ? "No dated positions found" : view.total_years.toFixed(1) + " years from " + view.positions.length + " dated positions");
    const close = button("Close", () => { panel.classList.add("hidden"); panel.replaceChildren(); });
    panel.replaceChildren(title,
      el("p", years + " · " + run.role_title + ": " + c.match_score + "/100, a " + c.band + " fit", "hint"),
      ...careerLists(view),
      el("p", "Marked: the lines the explanation cites; highlighted: the skills the opening shares with this resume.", "hint"),
      lines, el("p", null, "downloads", [close]));
    panel.classList.remove("hidden");
    title.focus();
  } catch (error) { $("rank-error").textContent = error.message; }
}

/** "2019-03 – present" from a dated position. */
function positionDates(p) {
  return p.start + " – " + (p.ongoing ? "present" : p.end);
}

/** The positions (dates, title, employer) and education entries of a candidate view, as
 * lists with headings; what could not be read is said so. */
function careerLists(view) {
  const lists = [];
  if (view.positions && view.positions.length) {
    const items = view.positions.map((p) => el("li",
      positionDates(p) + " · " + (p.title || "title not found") + (p.employer ? ", " + p.employer : "") + " (line " + p.line + ")"));
    lists.push(el("h4", "Positions"), el("ul", null, "career", items));
  }
  if (view.education && view.education.length) {
    const items = view.education.map((e) => el("li",
      [e.degree, e.school, e.year].filter((x) => x !== undefined && x !== null).join(", ") + " (line " + e.line + ")"));
    lists.push(el("h4", "Education"), el("ul", null, "career", items));
  }
  return lists;
}

/** Candidates ticked for comparison, oldest first; at most two. */
let comparing = [];

/** The tick box that puts a candidate in the side-by-side comparison. */
function compareBox(run, c, i) {
  const box = el("input");
  box.type = "checkbox";
  box.id = "compare-" + i;
  box.className = "compare-tick";
  box.addEventListener("change", () => {
    comparing = comparing.filter((x) => x.c !== c);
    if (box.checked) comparing.push({ c, box });
    while (comparing.length > 2) { const oldest = comparing.shift(); oldest.box.checked = false; }
    renderComparison(run);
  });
  const label = el("label", "Compare");
  label.htmlFor = box.id;
  return el("div", null, "check compare", [box, label]);
}

/** Two candidates side by side: match, years, skills shared and missing, each requirement. */
function renderComparison(run) {
  const panel = $("compare-view");
  if (comparing.length < 2) { panel.classList.add("hidden"); panel.replaceChildren(); return; }
  const [a, b] = comparing.map((x) => x.c);
  const table = el("table", null, "compare");
  table.append(el("caption", "Side by side for " + run.role_title));
  const head = el("tr", null, null, [el("th", ""), el("th", shownName(a)), el("th", shownName(b))]);
  head.querySelectorAll("th").forEach((th) => th.setAttribute("scope", "col"));
  table.append(el("thead", null, null, [head]));
  const body = el("tbody");
  const row = (label, f) => {
    const th = el("th", label);
    th.setAttribute("scope", "row");
    body.append(el("tr", null, null, [th, el("td", f(a)), el("td", f(b))]));
  };
  const names = (list) => list.length ? list.map((s) => s.name).join(", ") : "none";
  row("Match", (c) => c.match_score + " " + c.band);
  if (a.location || b.location) row("Location", (c) => c.location || "—");
  row("Years of dated experience", (c) => c.total_years === undefined || c.total_years === null ? "no dates found" : c.total_years.toFixed(1));
  if (a.years || b.years) row("Years asked", (c) => c.years ? yearsLine(c.years) : "—");
  row("Core skills shown", (c) => names(c.explanation.shared_skills.filter((s) => s.core)));
  row("Core skills missing", (c) => names(c.explanation.missing_core_skills));
  row("Other skills shown", (c) => names(c.explanation.shared_skills.filter((s) => !s.core)));
  const requirements = a.explanation.requirements || [];
  requirements.forEach((r, i) => {
    const of = (c) => {
      const mine = (c.explanation.requirements || [])[i];
      return mine ? "similarity " + mine.similarity.toFixed(2) + ", lines " + mine.first_line + "–" + mine.last_line : "—";
    };
    row((r.preferred ? "Preferred: " : "Requirement: ") + r.requirement, of);
  });
  table.append(body);
  panel.replaceChildren(table);
  panel.classList.remove("hidden");
}

/** The path of an opening of a pool, each part escaped. */
function openingPath(run) {
  return "/api/pools/" + encodeURIComponent(run.pool) + "/openings/" + encodeURIComponent(run.opening);
}

const VERDICTS = { advance: "Advance", hold: "Hold", reject: "Reject" };

/** A reviewer's controls for one candidate of an opening: the decision with its reason, and
 * the explanation to give the candidate. Keyboard-usable: plain form controls in order. */
function reviewPanel(run, candidate) {
  const id = candidate.candidate_id;
  const key = "review-" + run.candidates.indexOf(candidate);
  const choice = el("select");
  choice.id = key + "-decision";
  for (const [value, text] of Object.entries(VERDICTS)) {
    const option = el("option", text);
    option.value = value;
    choice.append(option);
  }
  const reason = el("input");
  reason.id = key + "-reason";
  reason.type = "text";
  reason.required = true;
  const outcome = el("p", null, "decision-outcome");
  outcome.id = key + "-outcome";
  outcome.setAttribute("role", "status");
  outcome.dataset.candidate = id;
  const record = button("Record decision", async () => {
    if (!reason.value.trim()) { outcome.textContent = "Give a reason: it is what the candidate is told."; reason.focus(); return; }
    try {
      const kept = await (await api(openingPath(run) + "/decisions", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ candidate_id: id, decision: choice.value, reason: reason.value.trim() }),
      })).json();
      outcome.textContent = decisionLine(kept);
      reason.value = "";
    } catch (error) { outcome.textContent = error.message; }
  });
  const explain = button("Explanation for the candidate", () => downloadExplanation(run, id));
  const label = (text, control) => { const l = el("label", text); l.htmlFor = control.id; return l; };
  return el("div", null, "review", [
    el("h4", "Your decision"),
    outcome,
    el("div", null, "review-row", [
      el("div", null, null, [label("Decision", choice), choice]),
      el("div", null, "review-reason", [label("Reason (the candidate can be told it)", reason), reason]),
    ]),
    el("p", null, "downloads", [record, explain]),
  ]);
}

function decisionLine(d) {
  return "Recorded: " + VERDICTS[d.decision] + " — " + d.reason + " (" + d.at.slice(0, 10) + ")" + (d.overrides_ranking ? " · overrides the ranking" : "");
}

/** Shows each candidate's latest decision for the opening, if any. */
async function showDecisions(run) {
  try {
    const { decisions } = await (await api("/api/pools/" + encodeURIComponent(run.pool) + "/decisions?opening=" + encodeURIComponent(run.opening))).json();
    const latest = new Map(decisions.map((d) => [d.candidate_id, d]));
    for (const line of document.querySelectorAll(".decision-outcome")) {
      const d = latest.get(line.dataset.candidate);
      if (d) line.textContent = decisionLine(d);
    }
  } catch (error) { $("rank-error").textContent = error.message; }
}

/** Saves the candidate's explanation page (the server records that it was given). */
async function downloadExplanation(run, id) {
  try {
    const blob = await (await api(openingPath(run) + "/candidates/" + encodeURIComponent(id) + "/explanation?format=html")).blob();
    saveFile(blob, "explanation-" + run.opening + "-" + id.replace(/[^A-Za-z0-9_-]/g, "_") + ".html");
  } catch (error) { $("rank-error").textContent = error.message; }
}

function button(text, onClick) {
  const b = el("button", text);
  b.type = "button";
  b.addEventListener("click", onClick);
  return b;
}

/** Saves the last ranking; the CSV comes from the server, which defuses formula cells. */
async function download(format) {
  if (!lastRank) return;
  let blob;
  if (format === "json") {
    blob = new Blob([JSON.stringify(lastRank.run, null, 2)], { type: "application/json" });
  } else {
    try {
      blob = await (await api("/api/rank?format=" + format, lastRank.options)).blob();
    } catch (error) { $("rank-error").textContent = error.message; return; }
  }
  // Named for what it holds: the opening (or role) and the day.
  const what = (lastRank.run.opening || lastRank.run.role_id).replace(/[^A-Za-z0-9_-]/g, "_");
  saveFile(blob, "ranking-" + what + "-" + new Date().toISOString().slice(0, 10) + "." + format);
}

function setupRank() {
  dropZone($("pool-drop"), $("pool-files"), uploadAll);
  $("pool-select").addEventListener("change", showPoolInfo);
  $("rank-run").addEventListener("click", rank);
}

function setupToken() {
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem("rolematch-token", $("token").value);
    $("token-form").classList.add("hidden");
    setStatus("Token saved for this tab.");
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setupTabs();
  setupToken();
  setupResume();
  setupRank();
  waitForModel();
});
