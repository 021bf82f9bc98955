//! The web page in a real headless Chromium, driven through chromedriver (both from Debian's
//! packages; `.ci/run` installs them): upload a resume and see its top role; upload three
//! resumes into a pool, rank them for a role and see them in the API's order. Screenshots go
//! to `target/tmp/screenshots/`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};

use crate::common::{example, fixture, match_json, rolematch};
use crate::http::{call, Server};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// chromedriver on a free loopback port, with one headless Chromium session.
struct Browser {
    driver: Child,
    base: String,
    session: String,
}

impl Browser {
    fn start() -> Browser {
        let chromedriver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
            .into_iter()
            .find(|p| Path::new(p).exists())
            .expect("chromedriver is missing: `apt-get install chromium chromium-driver` (bash .ci/run does it)");
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let start = Instant::now();
        let ready = |url: &str| {
            ureq::get(url)
                .timeout(Duration::from_secs(2))
                .call()
                .is_ok()
        };
        while !ready(&format!("{base}/status")) {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1280,1400"]
            }
        }}});
        let mut browser = Browser {
            driver,
            base,
            session: String::new(),
        };
        let created = browser.send("POST", "/session", Some(capabilities));
        browser.session = created["sessionId"]
            .as_str()
            .expect("a session")
            .to_string();
        browser
    }

    /// One WebDriver call; its `value`.
    fn send(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = if path == "/session" {
            format!("{}{path}", self.base)
        } else {
            format!("{}/session/{}{path}", self.base, self.session)
        };
        let request = ureq::request(method, &url).set("Content-Type", "application/json");
        let (status, text) = call(request, body.map(|b| b.to_string().into_bytes()));
        let value: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert_eq!(status, 200, "{method} {path}: {text}");
        value["value"].clone()
    }

    fn open(&self, url: &str) {
        self.send("POST", "/url", Some(json!({ "url": url })));
    }

    fn find(&self, css: &str) -> String {
        let found = self.send(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        found[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {found}"))
            .to_string()
    }

    /// Clicks the element as a person would: scrolled to the middle of the window first, so
    /// that a sticky table header never stands over it.
    fn click(&self, css: &str) {
        let id = self.find(css);
        self.script(&format!(
            "document.querySelector({}).scrollIntoView({{block: 'center'}}); return true;",
            json!(css)
        ));
        self.send("POST", &format!("/element/{id}/click"), Some(json!({})));
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.send(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn script(&self, script: &str) -> Value {
        self.send(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    /// Waits (bounded) until `script` returns true.
    fn wait_for(&self, script: &str, what: &str) {
        let start = Instant::now();
        while self.script(script) != Value::Bool(true) {
            let page = self.script("return document.body.innerText;");
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "never saw {what}; page: {page}"
            );
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    fn screenshot(&self, name: &str) -> PathBuf {
        let data = self.send("GET", "/screenshot", None);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data.as_str().unwrap())
            .unwrap();
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = call(
                ureq::delete(&format!("{}/session/{}", self.base, self.session)),
                None,
            );
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

#[test]
fn the_page_matches_a_resume_and_ranks_a_pool_in_a_real_browser() {
    let server = Server::start(&[]);
    let browser = Browser::start();
    browser.open(&server.url("/"));
    browser.wait_for(
        "return document.getElementById('status').textContent.startsWith('Ready');",
        "the model ready",
    );

    // My resume: the top role is the CLI's top role.
    let (_, cli) = match_json(&[example("resume.md")]);
    let top_title = cli["results"][0]["matches"][0]["role_title"]
        .as_str()
        .unwrap()
        .to_string();
    browser.type_into("#resume-file", example("resume.md").to_str().unwrap());
    browser.wait_for(
        "return document.querySelectorAll('#resume-results article').length > 0;",
        "match results",
    );
    let first =
        browser.script("return document.querySelector('#resume-results article h3').textContent;");
    assert_eq!(first, Value::String(format!("1. {top_title}")));
    let marks = browser.script("return document.querySelectorAll('#resume-results mark').length;");
    assert!(
        marks.as_u64().unwrap() > 0,
        "shared skills are highlighted in the resume's lines"
    );
    let shot = browser.screenshot("my-resume.png");
    assert!(std::fs::metadata(&shot).unwrap().len() > 10_000);
    // What was read: one numbered item per line of the text the explanations point into.
    let read = rolematch()
        .args(["read", "--format", "json"])
        .arg(example("resume.md"))
        .output()
        .unwrap();
    let read: Value = serde_json::from_str(&String::from_utf8_lossy(&read.stdout)).unwrap();
    browser.click("#resume-results .what-we-read summary");
    let shown = browser.script(
        "return [...document.querySelectorAll('#resume-results .read-lines li')].map(li => li.textContent);",
    );
    let lines: Vec<Value> = read["text"]
        .as_str()
        .unwrap()
        .lines()
        .map(|l| Value::String(l.to_string()))
        .collect();
    assert_eq!(shown, Value::Array(lines));
    browser.script(
        "document.querySelector('#resume-results .what-we-read').scrollIntoView(); return true;",
    );
    browser.screenshot("my-resume-what-we-read.png");

    // "Save report": the page a person keeps, fetched from the server and handed to the
    // browser as a download; the download's text is caught on its way out.
    browser.script(
        "const make = URL.createObjectURL; URL.createObjectURL = (blob) => { blob.text().then((t) => { window.savedReport = t; }); return make(blob); }; return true;",
    );
    browser.click("#resume-results .downloads button");
    browser.wait_for(
        "return typeof window.savedReport === 'string';",
        "the saved report",
    );
    let report = browser.script("return window.savedReport;");
    let report = report.as_str().unwrap().to_string();
    assert!(report.contains("Which roles fit resume.md"), "{report}");
    assert!(
        report.contains(&format!("{top_title} is the best")),
        "{report}"
    );
    assert!(report.contains("Skills to learn next") && report.contains("<q>"));
    // Read as the person would: the report itself, at a desktop's and a phone's width.
    let saved = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rolematch-report.html");
    std::fs::write(&saved, &report).unwrap();
    browser.open(&format!("file://{}", saved.display()));
    browser.screenshot("report-desktop.png");
    browser.send(
        "POST",
        "/window/rect",
        Some(json!({"width": 390, "height": 844})),
    );
    let fits = browser.script("return document.documentElement.scrollWidth <= window.innerWidth;");
    assert_eq!(fits, json!(true), "the report is wider than a phone");
    browser.screenshot("report-phone.png");
    browser.send(
        "POST",
        "/window/rect",
        Some(json!({"width": 1280, "height": 1400})),
    );
    browser.open(&server.url("/"));
    browser.wait_for(
        "return document.getElementById('status').textContent.startsWith('Ready');",
        "the model ready again",
    );

    // The blind toggle: the same resume, matched with its identity cues replaced.
    browser.click("#resume-blind");
    browser.type_into("#resume-file", example("resume.md").to_str().unwrap());
    browser.wait_for(
        "return document.querySelector('#resume-results .blind-note') !== null;",
        "blind match results",
    );
    let note =
        browser.script("return document.querySelector('#resume-results .blind-note').textContent;");
    assert!(note.as_str().unwrap().contains("name 1"), "{note}");
    let shown = browser.script("return document.getElementById('resume-results').textContent;");
    assert!(!shown.as_str().unwrap().contains("Dana Reyes"), "{shown}");
    browser.screenshot("my-resume-blind.png");
    browser.click("#resume-blind");

    // Rank candidates: three resumes into a new pool, ranked for a role.
    browser.click("#tab-rank");
    browser.wait_for(
        "return document.getElementById('role-select').options.length > 10;",
        "the roles",
    );
    browser.type_into("#pool-new", "team");
    let files: Vec<String> = [
        "llmops-engineer.md",
        "voice-ai-engineer.md",
        "research-engineer.md",
    ]
    .iter()
    .map(|f| fixture("resumes").join(f).display().to_string())
    .collect();
    browser.type_into("#pool-files", &files.join("\n"));
    browser.wait_for(
        "return document.querySelectorAll('#upload-progress li.ok').length === 3;",
        "three uploads",
    );
    browser.click("#role-select option[value='voice-ai-engineer']");
    browser.click("#rank-run");
    browser.wait_for(
        "return document.querySelectorAll('#rank-results tbody tr').length === 3;",
        "three ranked candidates",
    );
    // For the keyboard and screen readers: one tab stop per drop zone, control borders at
    // 3:1 or more against the page, and a status line that says what changed instead of a
    // live region that reads the whole ranking out.
    let access = browser.script(
        "const stops = (zone) => [zone, ...zone.querySelectorAll('*')].filter(e => e.tabIndex >= 0).length;\
         const lum = (c) => { const [r, g, b] = c.match(/\\d+/g).slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };\
         const border = lum(getComputedStyle(document.getElementById('rank-k')).borderTopColor);\
         return [stops(document.getElementById('pool-drop')), stops(document.getElementById('resume-drop')), \
                 (1.05) / (border + 0.05), document.getElementById('rank-results').hasAttribute('aria-live'), \
                 document.getElementById('status').textContent];",
    );
    assert_eq!(access[0], json!(1), "{access}");
    assert_eq!(access[1], json!(1), "{access}");
    assert!(
        access[2].as_f64().unwrap() >= 3.0,
        "border contrast {access}"
    );
    assert_eq!(access[3], json!(false), "{access}");
    assert!(
        access[4]
            .as_str()
            .unwrap()
            .starts_with("Ranked 3 candidates for Voice AI Engineer"),
        "{access}"
    );
    let shown = browser.script(
        "return [...document.querySelectorAll('#rank-results tbody tr')].map(r => r.dataset.candidate);",
    );
    // Each shown by the name on their resume, not their file's.
    let names = browser.script(
        "return [...document.querySelectorAll('#rank-results tbody summary')].map(s => s.textContent);",
    );
    assert!(
        names
            .as_array()
            .unwrap()
            .iter()
            .all(|n| !n.as_str().unwrap().ends_with(".md")),
        "{names}"
    );
    let (_, body) = server.post_json(
        "/api/rank",
        &json!({"pool": "team", "role_id": "voice-ai-engineer", "k": 25}),
    );
    let api: Vec<Value> = serde_json::from_str::<Value>(&body).unwrap()["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["candidate_id"].clone())
        .collect();
    assert_eq!(shown, Value::Array(api.clone()));
    assert_eq!(api[0], "voice-ai-engineer.md");
    // One row opened, as a reviewer would.
    browser.click("#rank-results tbody summary");
    browser.script("document.getElementById('view-rank').scrollIntoView(); return true;");
    browser.screenshot("rank-candidates.png");

    // 500 candidates: the table scrolls inside its box and the page never gets wider than
    // the window.
    browser.script(
        "const run = structuredClone(lastRank.run);\
         run.candidates = Array.from({length: 500}, (_, i) => ({...run.candidates[i % 3], candidate_id: 'candidate-with-a-long-file-name-' + i + '.pdf'}));\
         renderRank(run); return true;",
    );
    let rows = browser.script("return document.querySelectorAll('#rank-results tbody tr').length;");
    assert_eq!(rows, json!(500));
    let layout = browser.script(
        "const box = document.getElementById('rank-results');\
         return [document.documentElement.scrollWidth <= window.innerWidth, box.scrollHeight > box.clientHeight, box.clientHeight < window.innerHeight];",
    );
    assert_eq!(
        layout,
        json!([true, true, true]),
        "500 rows must scroll inside the results box"
    );
    browser.screenshot("rank-500-candidates.png");

    // A pasted job posting: each candidate shows the requirements it meets least.
    let posting = std::fs::read_to_string(fixture("jobs/voice-ai-engineer.md")).unwrap();
    browser.script(&format!(
        "document.getElementById('role-select').value = '';\
         document.getElementById('job-text').value = {}; return true;",
        serde_json::to_string(&posting).unwrap()
    ));
    browser.click("#rank-run");
    browser.wait_for(
        "return [...document.querySelectorAll('#rank-results tbody summary')].length === 3 \
         && document.querySelector('#rank-results tbody tr').dataset.candidate === 'voice-ai-engineer.md' \
         && document.querySelector('#rank-results tbody .requirements') !== null;",
        "the candidates ranked for the posting",
    );
    browser.click("#rank-results tbody summary");
    let heading = browser.script(
        "const h = [...document.querySelectorAll('#rank-results h4')].find(h => h.textContent.includes('requirements'));\
         return h ? h.textContent + ' / ' + h.nextElementSibling.querySelectorAll('li').length : '';",
    );
    let heading = heading.as_str().unwrap().to_string();
    assert!(
        heading.starts_with("Least shown of the posting's") && heading.ends_with(" / 3"),
        "{heading}"
    );
    browser.script("document.getElementById('view-rank').scrollIntoView(); return true;");
    browser.screenshot("rank-for-posting.png");

    // A missing skill partly met by a skill of the same trade: the row says which, beside
    // what is missing (the explanation as the API gives it, with one such skill added).
    browser.script(
        "const run = structuredClone(lastRank.run);\
         run.candidates[0].explanation.related_skills = [{asked: {id: 'esco-marketing-strategy', name: 'marketing strategy'}, shown: {id: 'esco-email-marketing', name: 'email marketing'}, lines: [4, 9]}];\
         renderRank(run); return true;",
    );
    browser.click("#rank-results tbody summary");
    let related = browser.script(
        "const h = [...document.querySelectorAll('#rank-results h4')].find(h => h.textContent.startsWith('Related skills'));\
         if (h) h.scrollIntoView({block: 'center'});\
         return h ? h.nextElementSibling.textContent : '';",
    );
    assert_eq!(
        related,
        json!("marketing strategy — shows email marketing · line 4, 9")
    );
    // The evidence is quoted as a person would quote it, without Markdown's stars.
    let evidence = browser.script(
        "const q = document.querySelector('#rank-results blockquote.evidence'); return q ? q.textContent : '';",
    );
    let evidence = evidence.as_str().unwrap();
    assert!(
        !evidence.is_empty() && !evidence.contains("**"),
        "{evidence}"
    );
    browser.screenshot("rank-related-skills.png");

    // A posting in French over English resumes, for an administrative job none of them fits:
    // the page says both above the list, and each candidate carries its caution.
    let french = std::fs::read_to_string(fixture(
        "realworld/files/cds-snc__agente-administrative-agent-administratif-–-opérations-internes--eaa64e85-a48e-4974-a110-c01571ca3f3d.md",
    ))
    .unwrap();
    browser.script(&format!(
        "document.getElementById('job-text').value = {}; return true;",
        serde_json::to_string(&french).unwrap()
    ));
    browser.click("#rank-run");
    browser.wait_for(
        "return document.querySelectorAll('#rank-results .verdict').length === 2;",
        "the French posting's caution and verdict",
    );
    let said = browser.script(
        "return [...document.querySelectorAll('#rank-results .verdict')].map(p => p.textContent);",
    );
    assert!(
        said[0]
            .as_str()
            .unwrap()
            .starts_with("The opening is written in French"),
        "{said}"
    );
    assert!(
        said[1]
            .as_str()
            .unwrap()
            .starts_with("No candidate shown fits"),
        "{said}"
    );
    browser.click("#rank-results tbody summary");
    let caution = browser.script(
        "return document.querySelector('#rank-results tbody details .caution').textContent;",
    );
    assert!(
        caution
            .as_str()
            .unwrap()
            .starts_with("This resume is written in English, the opening in French"),
        "{caution}"
    );
    browser.script("document.getElementById('view-rank').scrollIntoView(); return true;");
    browser.screenshot("rank-french-posting.png");
    // The same at a phone's width: the notices wrap, nothing runs off the screen.
    browser.send(
        "POST",
        "/window/rect",
        Some(json!({"width": 390, "height": 844})),
    );
    let fits = browser.script("return document.documentElement.scrollWidth <= window.innerWidth;");
    assert_eq!(fits, json!(true), "the page is wider than a phone");
    browser
        .script("document.querySelector('#rank-results .verdict').scrollIntoView(); return true;");
    browser.screenshot("rank-french-posting-phone.png");

    // Blind review asked of a pool built without it: the page offers a blind copy, makes it
    // and ranks it, with no name left in the ranking.
    browser.send(
        "POST",
        "/window/rect",
        Some(json!({"width": 1400, "height": 1000})),
    );
    browser.script(
        "document.getElementById('job-text').value = ''; \
         document.getElementById('role-select').value = 'voice-ai-engineer'; \
         document.getElementById('pool-blind').checked = true; return true;",
    );
    browser.click("#rank-run");
    browser.wait_for(
        "return document.getElementById('blind-copy-name') !== null;",
        "the offer of a blind copy",
    );
    assert_eq!(
        browser.script("return document.getElementById('blind-copy-name').value;"),
        json!("team-blind")
    );
    browser.screenshot("blind-copy-offer.png");
    browser.click("#rank-results .blind-offer button");
    browser.wait_for(
        "return document.querySelectorAll('#rank-results tbody tr').length === 3;",
        "the blind copy ranked",
    );
    let ranked = browser.script(
        "return [document.querySelector('#rank-results caption').textContent, \
                 [...document.querySelectorAll('#rank-results tbody tr')].map(r => r.dataset.candidate), \
                 document.getElementById('rank-results').innerText];",
    );
    assert!(
        ranked[0].as_str().unwrap().contains("pool team-blind")
            && ranked[0].as_str().unwrap().contains("blind review"),
        "{ranked}"
    );
    assert!(
        ranked[1]
            .as_array()
            .unwrap()
            .iter()
            .all(|id| id.as_str().unwrap().starts_with("candidate-")),
        "{ranked}"
    );
    assert!(
        !ranked[2].as_str().unwrap().contains("Diego Santos"),
        "{ranked}"
    );
    let (status, pool) = server.get("/api/pools/team");
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_str::<Value>(&pool).unwrap()["stats"]["blind"],
        false,
        "the pool itself is left as it was"
    );
    let (status, body) =
        server.post_json("/api/pools/team/blind-copy", &json!({"into": "team-blind"}));
    assert_eq!(status, 422, "{body}");
    let (status, body) = server.post_json(
        "/api/pools/team-blind/blind-copy",
        &json!({"into": "again"}),
    );
    assert_eq!(status, 422, "{body}");
    let (status, body) = server.post_json("/api/pools/nobody/blind-copy", &json!({"into": "x"}));
    assert_eq!(status, 404, "{body}");
    let (status, body) = server.post_json("/api/pools/team/blind-copy", &json!({"into": "../x"}));
    assert_eq!(status, 400, "{body}");
}

/// A recruiter keeps a ranking as an opening, records a decision with the keyboard alone and
/// gives the candidate their explanation, on a phone's width as well as a desktop's.
#[test]
fn a_reviewer_records_a_decision_and_gives_the_explanation_in_a_real_browser() {
    let index = tempfile::tempdir().unwrap();
    let built = rolematch()
        .args(["pool", "build"])
        .arg(fixture("resumes"))
        .args(["--pool", "team", "--index-dir"])
        .arg(index.path())
        .output()
        .unwrap();
    assert_eq!(built.status.code(), Some(0));
    let server = Server::start_in(index, &[]);
    let browser = Browser::start();
    browser.open(&server.url("/"));
    browser.wait_for(
        "return document.getElementById('status').textContent.startsWith('Ready');",
        "the model ready",
    );
    browser.click("#tab-rank");
    browser.wait_for(
        "return document.getElementById('role-select').options.length > 10 \
         && document.getElementById('pool-select').value === 'team';",
        "the roles and the pool",
    );
    browser.click("#role-select option[value='voice-ai-engineer']");
    browser.script("document.getElementById('rank-k').value = '5'; return true;");
    browser.type_into("#opening-name", "voice-2027");
    let typed = browser.script("return document.getElementById('opening-name').value;");
    assert_eq!(typed, json!("voice-2027"));
    browser.click("#rank-run");
    browser.wait_for(
        "return document.querySelectorAll('#rank-results .review').length === 5;",
        "five candidates with a reviewer's controls",
    );
    let top = browser
        .script("return document.querySelector('#rank-results tbody tr').dataset.candidate;");
    let top = top.as_str().unwrap().to_string();
    // Each candidate is shown by the name their resume gives, not by a file name.
    let shown =
        browser.script("return document.querySelector('#rank-results tbody summary').textContent;");
    assert!(!shown.as_str().unwrap().ends_with(".md"), "{shown}");

    // The keyboard alone: the summary opens with Enter, the decision is chosen by typing, the
    // reason typed, the button pressed with Enter.
    browser.type_into("#rank-results tbody summary", "\u{E007}");
    browser.type_into("#review-0-decision", "Reject");
    browser.type_into("#review-0-reason", "Needs on-site work in Lyon");
    browser.type_into("#rank-results tbody .review button", "\u{E007}");
    browser.wait_for(
        "return document.getElementById('review-0-outcome').textContent.startsWith('Recorded');",
        "the decision recorded",
    );
    let said = browser.script("return document.getElementById('review-0-outcome').textContent;");
    let said = said.as_str().unwrap();
    assert!(
        said.contains("Reject — Needs on-site work in Lyon") && said.contains("overrides"),
        "{said}"
    );
    let (_, decisions) = server.get("/api/pools/team/decisions?opening=voice-2027");
    let decisions: Value = serde_json::from_str(&decisions).unwrap();
    assert_eq!(decisions["decisions"][0]["candidate_id"], top.as_str());
    assert_eq!(decisions["decisions"][0]["decision"], "reject");
    browser
        .script("document.querySelector('#rank-results .review').scrollIntoView(); return true;");
    browser.screenshot("opening-decision.png");

    // The explanation the button saves is the candidate's page, with the reason in it.
    browser.script(
        "window.savedBlobs = []; const make = URL.createObjectURL;\
         URL.createObjectURL = (blob) => { window.savedBlobs.push(blob); return make(blob); };\
         return true;",
    );
    browser.click("#rank-results tbody .review button:nth-of-type(2)");
    browser.wait_for(
        "if (window.savedBlobs.length && !window.savedText) window.savedBlobs[0].text().then(t => window.savedText = t);\
         return Boolean(window.savedText);",
        "the explanation saved",
    );
    let page = browser.script("return window.savedText;");
    let page = page.as_str().unwrap();
    assert!(page.starts_with("<!doctype html>"), "{page}");
    assert!(page.contains("Needs on-site work in Lyon"), "{page}");

    // The decision changed: both are kept, the latest shown.
    browser.type_into("#review-0-decision", "Advance");
    browser.type_into("#review-0-reason", "Agreed to two days on site");
    browser.click("#rank-results tbody .review button");
    browser.wait_for(
        "return document.getElementById('review-0-outcome').textContent.includes('Advance');",
        "the decision changed",
    );
    let (_, decisions) = server.get("/api/pools/team/decisions?opening=voice-2027");
    let decisions: Value = serde_json::from_str(&decisions).unwrap();
    assert_eq!(decisions["decisions"].as_array().unwrap().len(), 2);
    assert_eq!(decisions["decisions"][1]["decision"], "advance");

    // The ranking exported from the page: the CSV names the opening and the latest decision.
    browser.script("window.savedBlobs = []; window.savedText = undefined; return true;");
    browser.click("#rank-results > .downloads button");
    browser.wait_for(
        "if (window.savedBlobs.length && !window.savedText) window.savedBlobs[0].text().then(t => window.savedText = t);\
         return Boolean(window.savedText);",
        "the ranking saved",
    );
    let csv = browser.script("return window.savedText;");
    let csv = csv.as_str().unwrap();
    assert!(csv.starts_with("rank,candidate_id,"), "{csv}");
    assert!(
        csv.contains("voice-2027") && csv.contains("Agreed to two days on site"),
        "{csv}"
    );

    // The resume as read, with the lines the explanation cites marked and the shared skills
    // highlighted; then two candidates side by side.
    browser.click("#rank-results tbody .downloads button");
    browser.wait_for(
        "const v = document.getElementById('candidate-view');\
         return !v.classList.contains('hidden') && v.querySelectorAll('li').length > 3;",
        "the candidate's resume",
    );
    let marked = browser.script(
        "const v = document.getElementById('candidate-view');\
         return [v.querySelectorAll('li.cited').length, v.querySelectorAll('mark.skill').length, \
                 document.activeElement === v.querySelector('h3'), \
                 [...v.querySelectorAll('ul.career li')].map(li => li.textContent), \
                 v.querySelector('p.hint').textContent];",
    );
    // The match in a recruiter's words: "… · Voice AI Engineer: 100/100, a strong fit".
    let summary = marked[4].as_str().unwrap();
    assert!(
        summary.contains("/100, a ") && summary.ends_with(" fit"),
        "{summary}"
    );
    // Each dated position with its title and employer ("2019-01 – 2023-01 · Data Scientist,
    // InsureCo (line 9)").
    let positions = marked[3].as_array().unwrap();
    assert!(
        !positions.is_empty()
            && positions.iter().all(|p| {
                let p = p.as_str().unwrap();
                p.contains(" · ") && p.contains(", ") && !p.contains("not found")
            }),
        "{marked}"
    );
    assert!(
        marked[0].as_u64().unwrap() > 0 && marked[1].as_u64().unwrap() > 0,
        "{marked}"
    );
    assert_eq!(
        marked[2],
        json!(true),
        "focus moves to the resume it opened"
    );
    browser.script("document.getElementById('candidate-view').scrollIntoView(); return true;");
    browser.screenshot("candidate-view.png");
    for tick in ["#compare-0", "#compare-1", "#compare-2"] {
        browser.click(tick);
    }
    let compared = browser.script(
        "const t = document.querySelector('#compare-view table');\
         return [t ? t.querySelectorAll('thead th').length : 0, \
                 document.getElementById('compare-0').checked, \
                 t ? t.textContent : ''];",
    );
    assert_eq!(
        compared[0],
        json!(3),
        "two candidates and the labels: {compared}"
    );
    assert_eq!(
        compared[1],
        json!(false),
        "a third tick lets go of the first"
    );
    assert!(
        compared[2].as_str().unwrap().contains("Core skills shown"),
        "{compared}"
    );
    browser.script("document.getElementById('compare-view').scrollIntoView(); return true;");
    browser.screenshot("compare.png");

    // Rerun from the opening's name alone after a reload: the decision is shown again.
    browser.open(&server.url("/"));
    browser.click("#tab-rank");
    browser.wait_for(
        "return document.getElementById('role-select').options.length > 10;",
        "the roles",
    );
    browser.click("#role-select option[value='voice-ai-engineer']");
    browser.type_into("#opening-name", "voice-2027");
    browser.click("#rank-run");
    browser.wait_for(
        "return [...document.querySelectorAll('.decision-outcome')].some(p => p.textContent.includes('Agreed to two days'));",
        "the latest decision shown",
    );
    browser.send(
        "POST",
        "/window/rect",
        Some(json!({"width": 390, "height": 844})),
    );
    browser.click("#rank-results tbody summary");
    let fits = browser.script(
        "const match = document.querySelector('#rank-results tbody td:nth-child(3)');\
         return document.documentElement.scrollWidth <= window.innerWidth \
           && match.getBoundingClientRect().right <= window.innerWidth \
           && getComputedStyle(match).display !== 'none';",
    );
    assert_eq!(
        fits,
        json!(true),
        "each candidate's match must show on a phone"
    );
    browser.script("document.getElementById('rank-results').scrollIntoView(); return true;");
    browser.screenshot("opening-decision-phone.png");
    browser.click("#compare-0");
    browser.click("#compare-1");
    let fits = browser.script(
        "return document.querySelector('#compare-view table').getBoundingClientRect().right <= window.innerWidth;",
    );
    assert_eq!(fits, json!(true), "the comparison must fit a phone");
    browser.script("document.getElementById('compare-view').scrollIntoView(); return true;");
    browser.screenshot("compare-phone.png");
    browser
        .script("document.querySelector('#rank-results .review').scrollIntoView(); return true;");
    browser.screenshot("opening-decision-phone-review.png");
}
