//! `peerkit site`: the pages, their escaping, the schemas, atomic writes,
//! and the page script in a real browser against the shared profile table.

#[path = "support/gitrepo.rs"]
mod gitrepo;

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn profiles_table() -> Value {
    let path = manifest_dir().join("tests/fixtures/profiles.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for item in std::fs::read_dir(from).unwrap() {
        let item = item.unwrap();
        let target = to.join(item.file_name());
        if item.file_type().unwrap().is_dir() {
            copy_dir(&item.path(), &target);
        } else {
            std::fs::copy(item.path(), target).unwrap();
        }
    }
}

/// A temporary repository root with the fixture catalogue and the
/// repository's schemas, so the catalogue validates.
fn fixture_copy() -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    copy_dir(
        &manifest_dir().join("tests/fixtures/toolkit/catalogue"),
        &temp.path().join("catalogue"),
    );
    copy_dir(
        &manifest_dir().join("schemas"),
        &temp.path().join("schemas"),
    );
    temp
}

/// Adds an entry and a gap whose text tries to inject markup and script.
fn add_hostile_records(root: &Path) {
    let entry = serde_json::json!({
        "$schema": "../../schemas/entry.schema.json",
        "id": "hostile-entry",
        "title": "<script>alert(1)</script><img src=x onerror=alert(2)>",
        "summary": "</script><script>alert(3)</script>",
        "description": "\"><svg onload=alert(4)>",
        "category": "supervision-debriefing",
        "baseline": {"required": true, "condition": {"text": "<img src=x onerror=alert(7)>", "roles": ["pra"]}},
        "fits": {"roles": ["pra"], "intensities": ["contract"], "readiness": ["entry"]},
        "obstacles": [],
        "providers": ["host-org"],
        "practices": ["<b onmouseover=alert(5)>x</b>"],
        "status": "adopted",
        "related": ["pay-parity"],
        "sources": [{"title": "<i>t</i>", "url": "javascript:alert(6)", "kind": "study"}],
        "last_reviewed": "2026-01-01"
    });
    std::fs::write(
        root.join("catalogue/supervision-debriefing/hostile-entry.json"),
        serde_json::to_string_pretty(&entry).unwrap(),
    )
    .unwrap();
    let gap = serde_json::json!({
        "$schema": "../../schemas/gap.schema.json",
        "id": "hostile-gap",
        "title": "<script>alert(8)</script>",
        "need": "<iframe src=javascript:alert(9)>",
        "affects": {"roles": ["pra"], "intensities": ["contract"], "readiness": ["entry"]},
        "categories": ["supervision-debriefing"],
        "obstacles": [],
        "status": "open",
        "addressed_by": [],
        "related": [],
        "sources": [],
        "last_reviewed": "2026-01-01"
    });
    std::fs::write(
        root.join("catalogue/gaps/hostile-gap.json"),
        serde_json::to_string_pretty(&gap).unwrap(),
    )
    .unwrap();
}

fn build_site(root: &Path, out: &Path) -> std::process::Output {
    Command::cargo_bin("peerkit")
        .unwrap()
        .arg("--root")
        .arg(root)
        .args(["site", "--out"])
        .arg(out)
        .output()
        .unwrap()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn html_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for item in std::fs::read_dir(dir).unwrap() {
        let path = item.unwrap().path();
        if path.is_dir() {
            html_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "html") {
            found.push(path);
        }
    }
}

#[test]
fn site_has_every_page() {
    let root = fixture_copy();
    let out = root.path().join("out/site");
    let output = build_site(root.path(), &out);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    for page in [
        "index.html",
        "toolkit.html",
        "baseline.html",
        "vocabulary.html",
        "changelog.html",
        "gaps/index.html",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
    for id in [
        "pay-parity",
        "leadership-track",
        "gift-card-payments",
        "field-safety-plan",
    ] {
        assert!(
            out.join(format!("entries/{id}.html")).is_file(),
            "missing entry page {id}"
        );
    }
    assert!(
        !out.join("entries/grief-rituals.html").exists(),
        "a draft has a page"
    );
    let conditional = read(&out.join("entries/field-safety-plan.html"));
    assert!(
        conditional
            .contains("Every project to which the condition below applies must have this support."),
        "{conditional}"
    );
    let unconditional = read(&out.join("entries/pay-parity.html"));
    assert!(
        unconditional.contains("<p>Every project must have this support.</p>"),
        "{unconditional}"
    );
    for id in ["gap-coordinator-ratio", "gap-mentor-training"] {
        assert!(
            out.join(format!("gaps/{id}.html")).is_file(),
            "missing gap page {id}"
        );
    }
    let schema = read(&out.join("schemas/entry.schema.json"));
    assert!(
        schema.contains("\"$id\": \"https://peerkit.github.io/peerkit/schemas/entry.schema.json\"")
    );

    let entry = read(&out.join("entries/benefits-impact-check.html"));
    assert!(
        entry.contains("<dt>Added in</dt>\n<dd>not yet released</dd>"),
        "{entry}"
    );
    assert!(
        entry.contains("<a href=\"https://www.catie.ca/\">"),
        "{entry}"
    );
    assert!(
        entry.contains("<a href=\"../entries/pay-parity.html\">Pay parity with non-peer staff</a>"),
        "{entry}"
    );
    assert!(
        entry.contains("<a href=\"../gaps/gap-benefits-advocate-access.html\">"),
        "{entry}"
    );
    let deprecated = read(&out.join("entries/gift-card-payments.html"));
    assert!(
        deprecated.contains("Use instead: <a href=\"../entries/cash-payment-options.html\">"),
        "{deprecated}"
    );

    let baseline = read(&out.join("baseline.html"));
    assert_eq!(baseline.matches("data-baseline=").count(), 5, "{baseline}");
    assert!(
        baseline.contains("Condition: For contract roles only."),
        "{baseline}"
    );
    let vocabulary = read(&out.join("vocabulary.html"));
    assert!(
        vocabulary
            .contains("<dt id=\"roles-pra\"><strong>Peer research associate</strong> (pra)</dt>"),
        "{vocabulary}"
    );

    let mut pages = Vec::new();
    html_files(&out, &mut pages);
    for page in &pages {
        let html = read(page);
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
            "{}",
            page.display()
        );
        assert!(html.contains("<main id=\"main\">"), "{}", page.display());
        assert!(
            !html.contains("src=\"http"),
            "{} loads from the network",
            page.display()
        );
        assert!(
            !html.contains("<link "),
            "{} loads another file",
            page.display()
        );
        let h1 = html.matches("<h1>").count() + html.matches("<h1 ").count();
        assert_eq!(h1, 1, "{} has {h1} h1 elements", page.display());
    }
}

#[test]
fn site_escapes_hostile_text() {
    let root = fixture_copy();
    add_hostile_records(root.path());
    let out = root.path().join("site");
    let output = build_site(root.path(), &out);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let mut pages = Vec::new();
    html_files(&out, &mut pages);
    assert!(pages.len() > 10);
    for page in &pages {
        let html = read(page);
        let name = page.display();
        for injected in [
            "<script>alert",
            "<img",
            "<svg",
            "<iframe",
            "<b onmouseover",
            "<i>t</i>",
            "href=\"javascript:",
        ] {
            assert!(!html.contains(injected), "{name} contains {injected}");
        }
        // The only script elements are the embedded data and the page script.
        let scripts = html.matches("<script").count();
        assert!(scripts <= 2, "{name} has {scripts} script elements");
        if html.contains("<script type=\"application/json\"") {
            assert!(
                html.contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"),
                "{name}"
            );
        }
    }
    let entry = read(&out.join("entries/hostile-entry.html"));
    assert!(
        entry.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"),
        "{entry}"
    );
    assert!(entry.contains("&lt;i&gt;t&lt;/i&gt; (study)"), "{entry}");
    let index = read(&out.join("index.html"));
    assert!(
        index.contains("&lt;script&gt;alert(8)&lt;/script&gt;"),
        "{index}"
    );
}

#[test]
fn site_rejects_foreign_folder() {
    let root = fixture_copy();
    let out = root.path().join("notes");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("keep.txt"), "mine").unwrap();
    let output = build_site(root.path(), &out);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("is not a site written by peerkit"),
        "{stderr}"
    );
    assert_eq!(read(&out.join("keep.txt")), "mine");
    let leftovers: Vec<_> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|item| item.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".peerkit-site"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn site_rejects_out_in_sources() {
    let root = fixture_copy();
    let catalogue = root.path().join("catalogue");
    let link = root.path().join("link-to-catalogue");
    std::os::unix::fs::symlink(&catalogue, &link).unwrap();
    let before = std::fs::read_dir(&catalogue).unwrap().count();

    for out in [
        catalogue.join("site"),
        root.path().join("schemas/site"),
        link.join("site"),
        root.path().join("catalogue/../catalogue/x"),
        root.path().to_path_buf(),
    ] {
        let output = build_site(root.path(), &out);
        assert_eq!(output.status.code(), Some(2), "--out {}", out.display());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("which the site is built from"),
            "--out {}: {stderr}",
            out.display()
        );
    }
    assert_eq!(std::fs::read_dir(&catalogue).unwrap().count(), before);
    assert!(!root.path().join("schemas/site").exists());
}

#[test]
fn site_rerun_replaces_site() {
    let root = fixture_copy();
    let out = root.path().join("site");
    assert!(build_site(root.path(), &out).status.success());
    std::fs::write(out.join("stale.html"), "old").unwrap();
    assert!(build_site(root.path(), &out).status.success());
    assert!(!out.join("stale.html").exists());
    assert!(out.join("index.html").is_file());
}

#[test]
fn site_leaves_nothing_on_bad_schema() {
    let root = fixture_copy();
    std::fs::write(
        root.path().join("schemas/bad.schema.json"),
        r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.org/elsewhere.json"}"#,
    )
    .unwrap();
    let out = root.path().join("site");
    let output = build_site(root.path(), &out);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("invalid schema schemas/bad.schema.json"),
        "{stderr}"
    );
    assert!(
        stderr.contains("does not start with https://peerkit.github.io/peerkit/schemas/"),
        "{stderr}"
    );
    assert!(!out.exists());
}

/// Finds the browser to test with: PEERKIT_CHROMIUM, else Debian's chromium.
fn find_browser() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PEERKIT_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|path| path.is_file())
}

/// Runs headless Chromium on one file:// URL with its own profile folder,
/// with networking features off, and returns stdout.
fn run_browser(browser: &Path, work: &Path, url: &str, extra: &[&str]) -> String {
    assert!(url.starts_with("file://"), "only file:// URLs: {url}");
    let profile = tempfile::tempdir_in(work).unwrap();
    let output = Process::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=2000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Collects the values of `attribute` on elements that carry it and no
/// `hidden` attribute, in document order, from a dumped DOM.
fn visible(dom: &str, attribute: &str) -> Vec<String> {
    let needle = format!("{attribute}=\"");
    let mut found = Vec::new();
    for (start, _) in dom.match_indices(&needle) {
        let tag_start = dom[..start].rfind('<').unwrap();
        let tag_end = start + dom[start..].find('>').unwrap();
        let tag = &dom[tag_start..tag_end];
        let value_start = start + needle.len();
        let value_end = value_start + dom[value_start..].find('"').unwrap();
        if !tag.contains(" hidden") {
            found.push(dom[value_start..value_end].to_string());
        }
    }
    found
}

fn strings_of(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item.as_str().unwrap().to_string())
        .collect()
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[test]
fn browser_runs_matcher_table() {
    let Some(browser) = find_browser() else {
        eprintln!("SKIPPED browser_runs_matcher_table: no browser at /usr/bin/chromium; install Debian's `chromium` package or set PEERKIT_CHROMIUM to a Chromium binary");
        return;
    };
    let root = fixture_copy();
    let out = root.path().join("site");
    let output = build_site(root.path(), &out);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let table = profiles_table();
    let contract_case = table["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|case| case["name"] == "research associate on contract")
        .unwrap();

    // 1. The index filtered from the URL hash: the matching supports stay
    // visible, every other one is hidden, and the baseline stays.
    let url = format!(
        "file://{}#role=pra&intensity=contract",
        out.join("index.html").display()
    );
    let dom = run_browser(&browser, root.path(), &url, &["--dump-dom"]);
    assert!(
        dom.contains("data-script=\"ready\""),
        "the page script did not run:\n{dom}"
    );
    let expected: Vec<String> = contract_case["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| id.as_str().unwrap().to_string())
        .collect();
    let baseline = visible(&dom, "data-baseline");
    assert_eq!(baseline, expected[..5], "baseline on the index");
    assert_eq!(
        visible(&dom, "data-entry"),
        expected[5..],
        "visible supports on the index"
    );
    assert_eq!(
        visible(&dom, "data-gap"),
        ["gap-benefits-advocate-access"],
        "visible gaps on the index"
    );
    assert!(
        dom.contains("4 matching supports, 5 baseline requirements (always shown), 1 open gap."),
        "{dom}"
    );

    // 2. Every profile of the table through the page's own matcher, in one
    // run: the tool kit page plus a script that writes the results.
    let toolkit = read(&out.join("toolkit.html"));
    let cases = serde_json::to_string(&table["profiles"])
        .unwrap()
        .replace('<', "\\u003c");
    let harness_script = format!(
        "<pre id=\"results\"></pre><script>(function () {{\n  var cases = {cases};\n  var results = cases.map(function (c) {{\n    var r = window.peerkit.select(window.peerkit.data, c.profile);\n    var applies = {{}};\n    r.baseline.forEach(function (b) {{ applies[b.id] = b.applies; }});\n    return {{ name: c.name, entries: r.baseline.map(function (b) {{ return b.id; }}).concat(r.entries.map(function (e) {{ return e.id; }})), gaps: r.gaps.map(function (g) {{ return g.id; }}), applies: applies }};\n  }});\n  document.getElementById(\"results\").textContent = JSON.stringify(results);\n}})();</script>\n</body>"
    );
    let harness = toolkit.replacen("</body>", &harness_script, 1);
    let harness_path = out.join("matcher-harness.html");
    std::fs::write(&harness_path, harness).unwrap();
    let dom = run_browser(
        &browser,
        root.path(),
        &format!("file://{}", harness_path.display()),
        &["--dump-dom"],
    );
    let start = dom
        .find("<pre id=\"results\">")
        .expect("no results element")
        + "<pre id=\"results\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let results: Value = serde_json::from_str(&unescape(&dom[start..end]))
        .unwrap_or_else(|error| panic!("{error}: {dom}"));
    let cases = table["profiles"].as_array().unwrap();
    assert_eq!(results.as_array().unwrap().len(), cases.len());
    for (case, result) in cases.iter().zip(results.as_array().unwrap()) {
        let name = case["name"].as_str().unwrap();
        assert_eq!(
            result["entries"], case["entries"],
            "entries of {name} in the browser"
        );
        assert_eq!(
            result["gaps"], case["gaps"],
            "gaps of {name} in the browser"
        );
        assert_eq!(
            result["applies"], case["applies"],
            "applies of {name} in the browser"
        );
    }

    // 3. The tool kit page for a profile: the same supports and gaps as
    // `peerkit select`, and each baseline card says whether it applies. An
    // unknown id and an unknown key in the address change nothing and are
    // named on the page.
    let full_time = table["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|case| case["name"] == "full-time, stepping back, episodic illness")
        .unwrap();
    let url = format!(
        "file://{}#intensity=full-time&readiness=stepping-back&obstacle=episodic-illness&role=bogus&roles=navigator",
        out.join("toolkit.html").display()
    );
    let dom = run_browser(&browser, root.path(), &url, &["--dump-dom"]);
    let expected: Vec<String> = strings_of(&full_time["entries"]);
    assert_eq!(
        visible(&dom, "data-baseline"),
        expected[..5],
        "baseline on the tool kit page"
    );
    assert_eq!(
        visible(&dom, "data-entry"),
        expected[5..],
        "supports on the tool kit page"
    );
    assert!(
        visible(&dom, "data-gap").is_empty(),
        "gaps on the tool kit page"
    );
    for (id, applies) in full_time["applies"].as_object().unwrap() {
        let marker = format!(
            "data-baseline=\"{id}\" data-applies=\"{}\"",
            applies.as_str().unwrap()
        );
        assert!(dom.contains(&marker), "{marker} missing:\n{dom}");
    }
    assert!(
        dom.contains("Ignored unknown filters in the address: role=bogus, roles=navigator."),
        "{dom}"
    );
    let parity_start = dom.find("data-baseline=\"pay-parity\"").unwrap();
    let parity_end = parity_start + dom[parity_start..].find("</li>").unwrap();
    let parity = &dom[parity_start..parity_end];
    assert!(parity.contains("Applies to every project."), "{parity}");
    assert!(
        !parity.contains("Applies to this project."),
        "verdict repeated on a requirement without a condition: {parity}"
    );
    assert!(
        dom.contains("Matched intensity Full-time; readiness stage Stepping back; obstacle Episodic illness."),
        "{dom}"
    );
    assert!(
        dom.contains("Role: any. Intensity: Full-time. Readiness stage: Stepping back. Obstacle: Episodic illness."),
        "{dom}"
    );

    // 4. Screenshots of the tool kit page at desktop and phone widths, kept
    // in PEERKIT_SCREENSHOTS when set, for a person to look at.
    let shots = std::env::var_os("PEERKIT_SCREENSHOTS")
        .map_or_else(|| root.path().join("shots"), PathBuf::from);
    std::fs::create_dir_all(&shots).unwrap();
    let url = format!(
        "file://{}#role=pra&intensity=contract",
        out.join("toolkit.html").display()
    );
    for (width, height) in [(1280, 2000), (390, 1600)] {
        let shot = shots.join(format!("toolkit-{width}.png"));
        run_browser(
            &browser,
            root.path(),
            &url,
            &[
                &format!("--screenshot={}", shot.display()),
                &format!("--window-size={width},{height}"),
            ],
        );
        let bytes = std::fs::read(&shot).unwrap();
        assert!(
            bytes.starts_with(b"\x89PNG"),
            "{} is no PNG",
            shot.display()
        );
    }
}

#[test]
fn site_at_revision_names_releases() {
    let root = fixture_copy();
    gitrepo::commit_and_tag(root.path(), "First release", "v1.0.0");
    let leadership = root
        .path()
        .join("catalogue/career-pathways/leadership-track.json");
    let text = read(&leadership).replace("\"Leadership track\"", "\"Leadership track for peers\"");
    std::fs::write(&leadership, text).unwrap();
    gitrepo::commit_and_tag(root.path(), "Rename the leadership track", "v1.1.0");
    // A change after the last release, in the working tree only.
    std::fs::write(
        &leadership,
        read(&leadership).replace("for peers", "for all peers"),
    )
    .unwrap();

    let out = root.path().join("_site/v1.0.0");
    let output = Command::cargo_bin("peerkit")
        .unwrap()
        .arg("--root")
        .arg(root.path())
        .args(["site", "--rev", "v1.0.0", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let page = read(&out.join("entries/leadership-track.html"));
    assert!(page.contains("<h1>Leadership track</h1>"), "{page}");
    assert!(
        page.contains("<dt>Added in</dt>\n<dd>v1.0.0</dd>"),
        "{page}"
    );
    assert!(
        page.contains("<dt>Last changed in</dt>\n<dd>v1.0.0</dd>"),
        "{page}"
    );

    let out = root.path().join("_site/v1.1.0");
    let output = Command::cargo_bin("peerkit")
        .unwrap()
        .arg("--root")
        .arg(root.path())
        .args(["site", "--rev", "v1.1.0", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let page = read(&out.join("entries/leadership-track.html"));
    assert!(
        page.contains("<h1>Leadership track for peers</h1>"),
        "{page}"
    );
    assert!(
        page.contains("<dt>Added in</dt>\n<dd>v1.0.0</dd>"),
        "{page}"
    );
    assert!(
        page.contains("<dt>Last changed in</dt>\n<dd>v1.1.0</dd>"),
        "{page}"
    );
    let changelog = read(&out.join("changelog.html"));
    assert!(changelog.contains("1.1.0"), "{changelog}");
    assert!(changelog.contains("1.0.0"), "{changelog}");
    assert!(
        changelog.find("1.1.0").unwrap() < changelog.find("1.0.0").unwrap(),
        "newest release first: {changelog}"
    );
}
