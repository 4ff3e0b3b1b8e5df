//! `peerkit select`, `coverage` and `review-due` on the fixture catalogue,
//! and the shared profile table (tests/fixtures/profiles.json) against the
//! Rust matcher.

#[path = "support/gitrepo.rs"]
mod gitrepo;

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// Copies the fixture catalogue and the repository's schemas into `to`, so
/// the catalogue validates as the commands require.
fn copy_fixture(to: &Path) {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(
        &manifest_dir.join("tests/fixtures/toolkit/catalogue"),
        &to.join("catalogue"),
    );
    copy_dir(&manifest_dir.join("schemas"), &to.join("schemas"));
}

/// A temporary repository root holding the fixture catalogue.
fn fixture_root() -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    copy_fixture(temp.path());
    temp
}

fn profiles_table() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/profiles.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn peerkit(root: &Path) -> Command {
    let mut command = Command::cargo_bin("peerkit").unwrap();
    command.arg("--root").arg(root).arg("--color").arg("never");
    command
}

/// Returns the command-line flags of one profile of the table.
fn profile_flags(profile: &Value) -> Vec<String> {
    let mut flags = Vec::new();
    for (field, flag) in [
        ("roles", "--role"),
        ("intensities", "--intensity"),
        ("readiness", "--readiness"),
        ("obstacles", "--obstacle"),
    ] {
        for value in profile[field].as_array().into_iter().flatten() {
            flags.push(flag.to_string());
            flags.push(value.as_str().unwrap().to_string());
        }
    }
    flags
}

fn select_json(root: &Path, flags: &[String]) -> Value {
    let output = peerkit(root)
        .arg("select")
        .args(flags)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item.as_str().unwrap().to_string())
        .collect()
}

/// Collects the entry ids of a JSON tool kit: the baseline, then every
/// category.
fn kit_entry_ids(kit: &Value) -> Vec<String> {
    let baseline = kit["baseline"].as_array().unwrap().iter();
    let mut ids: Vec<String> = baseline
        .map(|item| item["entry"]["id"].as_str().unwrap().to_string())
        .collect();
    for group in kit["categories"].as_array().unwrap() {
        for found in group["entries"].as_array().unwrap() {
            ids.push(found["entry"]["id"].as_str().unwrap().to_string());
        }
    }
    ids
}

#[test]
fn profile_table_matches_rust() {
    let table = profiles_table();
    for case in table["profiles"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let kit = select_json(fixture_root().path(), &profile_flags(&case["profile"]));

        assert_eq!(
            kit_entry_ids(&kit),
            strings(&case["entries"]),
            "entries of {name}"
        );
        let gaps: Vec<String> = kit["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|found| found["gap"]["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(gaps, strings(&case["gaps"]), "gaps of {name}");
        for item in kit["baseline"].as_array().unwrap() {
            let id = item["entry"]["id"].as_str().unwrap();
            assert_eq!(
                item["applies"], case["applies"][id],
                "applies of {id} in {name}"
            );
        }
    }
}

#[test]
fn profile_file_adds_to_flags() {
    let temp = tempfile::tempdir().unwrap();
    let file = temp.path().join("profile.json");
    std::fs::write(&file, r#"{"intensities": ["contract"]}"#).unwrap();
    let flags = vec![
        "--role".to_string(),
        "pra".to_string(),
        "--profile".to_string(),
        file.display().to_string(),
    ];
    let kit = select_json(fixture_root().path(), &flags);
    let table = profiles_table();
    let case = &table["profiles"][1];
    assert_eq!(case["name"], "research associate on contract");
    assert_eq!(kit_entry_ids(&kit), strings(&case["entries"]));
}

#[test]
fn profile_file_rejects_unknown_keys() {
    let temp = tempfile::tempdir().unwrap();
    let file = temp.path().join("profile.json");
    std::fs::write(&file, r#"{"role": ["pra"]}"#).unwrap();
    let output = peerkit(fixture_root().path())
        .arg("select")
        .arg("--profile")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("invalid profile"), "{stderr}");
    assert!(stderr.contains("unknown field `role`"), "{stderr}");
}

#[test]
fn profile_file_unknown_term_names_file() {
    let temp = tempfile::tempdir().unwrap();
    let file = temp.path().join("profile.json");
    std::fs::write(&file, r#"{"roles": ["researcher"]}"#).unwrap();
    let output = peerkit(fixture_root().path())
        .args(["select", "--intensity", "contract", "--profile"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("invalid profile {}", file.display())),
        "{stderr}"
    );
    assert!(stderr.contains("unknown role `researcher`"), "{stderr}");
    assert!(
        stderr.contains("pra, navigator, counsellor, advisor"),
        "{stderr}"
    );
}

#[test]
fn unknown_term_lists_valid_ones() {
    let output = peerkit(fixture_root().path())
        .args(["select", "--role", "pra", "--readiness", "ready"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown readiness `ready`"), "{stderr}");
    assert!(
        stderr.contains("exploring, entry, developing, established, stepping-back"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn markdown_is_a_planning_document() {
    let output = peerkit(fixture_root().path())
        .args(["select", "--role", "pra", "--intensity", "contract"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();

    assert!(text.starts_with("# Tool kit for your project\n"), "{text}");
    assert!(text.contains("- Role: Peer research associate\n"), "{text}");
    assert!(
        text.contains("- Readiness stage: any (not filtered)\n"),
        "{text}"
    );
    assert!(text.contains("## Baseline requirements"), "{text}");
    assert!(
        text.contains("A requirement with a condition holds where the condition applies."),
        "{text}"
    );
    assert!(
        text.contains("Condition: For contract roles only. Applies to this project."),
        "{text}"
    );
    assert!(
        text.contains("Condition: Where peers do field work. Check whether it applies"),
        "{text}"
    );
    assert!(text.contains("### Field safety plan (proposed)"), "{text}");
    assert!(text.contains("### Compensation and benefits\n"), "{text}");
    assert!(
        text.contains("Matched role Peer research associate; intensity Contract."),
        "{text}"
    );
    assert!(
        text.contains("- Agree it in writing with the peer.\n"),
        "{text}"
    );
    assert!(text.contains("## Open gaps"), "{text}");
    assert!(
        text.contains("**No benefits advocate for short engagements**"),
        "{text}"
    );
    assert!(text.contains("version 1.2.0, licensed CC-BY-4.0"), "{text}");
    assert!(
        !text.contains("Payment by gift card"),
        "deprecated entry shown: {text}"
    );
    assert!(!text.contains("Grief rituals"), "draft shown: {text}");
}

#[test]
fn html_states_each_verdict_once() {
    let output = peerkit(fixture_root().path())
        .args(["select", "--role", "pra", "--intensity", "contract"])
        .args(["--format", "html"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let html = String::from_utf8(output.stdout).unwrap();

    // A requirement without a condition states once that it applies to every
    // project, and a conditional one gives its condition and the verdict.
    let card = |id: &str| -> String {
        let start = html.find(&format!("data-baseline=\"{id}\"")).unwrap();
        let end = start + html[start..].find("</li>").unwrap();
        html[start..end].to_string()
    };
    let unconditional = card("pay-parity");
    assert!(
        unconditional.contains("Applies to every project."),
        "{unconditional}"
    );
    assert!(
        !unconditional.contains("Applies to this project."),
        "{unconditional}"
    );
    let conditional = card("project-exit-plan");
    assert!(
        conditional.contains("Condition: For contract roles only."),
        "{conditional}"
    );
    assert!(
        conditional.contains("Applies to this project."),
        "{conditional}"
    );
    assert!(
        !conditional.contains("Applies to every project."),
        "{conditional}"
    );
}

#[test]
fn drafts_need_include_drafts() {
    let flags = vec!["--obstacle".to_string(), "grief-vicarious".to_string()];
    let without = select_json(fixture_root().path(), &flags);
    assert!(!kit_entry_ids(&without).contains(&"grief-rituals".to_string()));

    let mut with_flags = flags.clone();
    with_flags.push("--include-drafts".to_string());
    let with = select_json(fixture_root().path(), &with_flags);
    assert!(kit_entry_ids(&with).contains(&"grief-rituals".to_string()));
}

/// Copies the fixture repository into a temp folder and adds an entry whose
/// text tries to inject markup.
pub fn hostile_root() -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    copy_fixture(temp.path());
    let path = temp
        .path()
        .join("catalogue/supervision-debriefing/hostile-entry.json");
    let entry = serde_json::json!({
        "$schema": "../../schemas/entry.schema.json",
        "id": "hostile-entry",
        "title": "<script>alert(1)</script><img src=x onerror=alert(2)>",
        "summary": "</script><script>alert(3)</script>",
        "description": "\"><svg onload=alert(4)>",
        "category": "supervision-debriefing",
        "baseline": {"required": false},
        "fits": {"roles": ["pra"], "intensities": ["contract"], "readiness": ["entry"]},
        "obstacles": [],
        "providers": ["host-org"],
        "practices": ["<b onmouseover=alert(5)>x</b>"],
        "status": "adopted",
        "related": [],
        "sources": [{"title": "<i>t</i>", "url": "javascript:alert(6)", "kind": "study"}],
        "last_reviewed": "2026-01-01"
    });
    std::fs::write(path, serde_json::to_string_pretty(&entry).unwrap()).unwrap();
    temp
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

#[test]
fn html_escapes_catalogue_text() {
    let root = hostile_root();
    let output = peerkit(root.path())
        .args([
            "select",
            "--role",
            "pra",
            "--intensity",
            "contract",
            "--format",
            "html",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let html = String::from_utf8(output.stdout).unwrap();

    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(
        html.contains("&lt;img src=x onerror=alert(2)&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script"), "a script element in {html}");
    assert!(!html.contains("<img"), "an img element in {html}");
    assert!(!html.contains("<b onmouseover"), "{html}");
    assert!(html.contains("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("@media print"), "{html}");
    assert!(
        !html.contains("href=\"index.html\""),
        "a link out of the standalone page: {html}"
    );
    assert!(!html.contains("<nav"), "{html}");
}

#[test]
fn coverage_table_counts_cells() {
    let output = peerkit(fixture_root().path())
        .arg("coverage")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();

    let header = lines
        .iter()
        .position(|line| line.starts_with("Readiness"))
        .unwrap();
    assert_eq!(
        lines[header].split_whitespace().collect::<Vec<_>>(),
        [
            "Readiness",
            "\\",
            "intensity",
            "One-off",
            "Casual",
            "Contract",
            "Part-time",
            "Full-time"
        ]
    );
    // Cells are "supports / open gaps". Entry x contract: written role
    // description, pay parity, impact debriefing, field safety, benefits
    // check and peer mentor pairing; one gap, the benefits advocate.
    let entry_row: Vec<&str> = lines[header + 3]
        .split("  ")
        .filter(|cell| !cell.trim().is_empty())
        .map(str::trim)
        .collect();
    assert_eq!(entry_row[0], "Entry");
    assert_eq!(entry_row[3], "6 / 1", "{text}");
    let stepping_back: Vec<&str> = lines[header + 6]
        .split("  ")
        .filter(|cell| !cell.trim().is_empty())
        .map(str::trim)
        .collect();
    assert_eq!(stepping_back[0], "Stepping back");
    assert_eq!(stepping_back[1], "2 / 0", "one-off column: {text}");
    // Every row has the same width, so the columns line up.
    let widths: Vec<usize> = lines[header..header + 7]
        .iter()
        .map(|line| line.len())
        .collect();
    assert!(
        widths.windows(2).all(|pair| pair[0] == pair[1]),
        "{widths:?}\n{text}"
    );
}

#[test]
fn coverage_by_category_markdown() {
    let output = peerkit(fixture_root().path())
        .args(["coverage", "--by-category", "--format", "markdown"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("## Supervision and debriefing (supervision-debriefing)\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "| Readiness \\\\ intensity | One-off | Casual | Contract | Part-time | Full-time |\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("| :-- | --: | --: | --: | --: | --: |\n"),
        "{text}"
    );
    let section = text.split("## Supervision and debriefing").nth(1).unwrap();
    let developing = section
        .lines()
        .find(|line| line.starts_with("| Developing"))
        .unwrap();
    // developing x part-time: impact debriefing, peer mentor pairing, group
    // reflection circle; the coordinator ratio gap.
    assert_eq!(
        developing, "| Developing | 0 / 0 | 0 / 0 | 2 / 0 | 3 / 1 | 2 / 1 |",
        "{text}"
    );
}

#[test]
fn coverage_markdown_escapes_pipes() {
    let root = fixture_root();
    let path = root.path().join("catalogue/vocabulary.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let relabelled = text.replace("\"label\": \"Casual\"", "\"label\": \"Casual | shifts\"");
    assert_ne!(relabelled, text, "the fixture has no Casual label");
    std::fs::write(&path, relabelled).unwrap();

    let output = peerkit(root.path())
        .args(["coverage", "--format", "markdown"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("| One-off | Casual \\| shifts | Contract |"),
        "{text}"
    );
}

#[test]
fn review_due_lists_oldest_first() {
    let output = peerkit(fixture_root().path())
        .args([
            "review-due",
            "--older-than",
            "24m",
            "--today",
            "2026-12-04",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let due: Value = serde_json::from_slice(&output.stdout).unwrap();
    let ids: Vec<&str> = due
        .as_array()
        .unwrap()
        .iter()
        .map(|record| record["id"].as_str().unwrap())
        .collect();
    // The deprecated gift card entry (2020) is not listed; gaps are.
    assert_eq!(
        ids,
        [
            "impact-debriefing",
            "written-role-description",
            "gap-coordinator-ratio"
        ]
    );

    let output = peerkit(fixture_root().path())
        .args(["review-due", "--older-than", "2y", "--today", "2026-05-31"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("2 records last reviewed more than 2 years before 2026-05-31"),
        "{text}"
    );

    let output = peerkit(fixture_root().path())
        .args([
            "review-due",
            "--older-than",
            "600d",
            "--today",
            "2026-01-20",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with("2023-11-20  entry impact-debriefing"),
        "{text}"
    );
}

#[test]
fn review_due_rejects_bad_age() {
    let output = peerkit(fixture_root().path())
        .args(["review-due", "--older-than", "24w"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("invalid age `24w`"), "{stderr}");

    let output = peerkit(fixture_root().path())
        .args(["review-due", "--today", "2026-02-30"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("invalid date `2026-02-30`: that day does not exist"),
        "{stderr}"
    );
}

#[test]
fn since_shows_changes_for_profile() {
    let root = tempfile::tempdir().unwrap();
    copy_fixture(root.path());
    gitrepo::commit_and_tag(root.path(), "First release", "v1.0.0");

    // Changed since v1.0.0: one entry a contract PRA gets, one a one-off
    // advisor gets, and one the PRA got before and that is now deprecated.
    let edit = |path: &str, from: &str, to: &str| {
        let path = root.path().join(path);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from} not in {}", path.display());
        std::fs::write(&path, text.replace(from, to)).unwrap();
    };
    edit(
        "catalogue/career-pathways/leadership-track.json",
        "\"Leadership track\"",
        "\"Leadership track for peers\"",
    );
    edit(
        "catalogue/compensation-benefits/cash-payment-options.json",
        "\"Cash payment options\"",
        "\"Cash payment by default\"",
    );
    edit(
        "catalogue/supervision-debriefing/peer-mentor-pairing.json",
        "\"status\": \"adopted\"",
        "\"status\": \"deprecated\",\n  \"deprecation_reason\": \"Merged into the group circle.\"",
    );

    let output = peerkit(root.path())
        .args([
            "select",
            "--role",
            "pra",
            "--intensity",
            "contract",
            "--since",
            "v1.0.0",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("# What changed for your project since v1.0.0\n"),
        "{text}"
    );
    assert!(text.contains("Leadership track for peers"), "{text}");
    assert!(text.contains("### Deprecated\n"), "{text}");
    assert!(
        text.contains("**Pairing with an experienced peer mentor** (`peer-mentor-pairing`"),
        "an entry the profile had at v1.0.0: {text}"
    );
    assert!(
        !text.contains("Cash payment"),
        "a change outside the profile: {text}"
    );

    let output = peerkit(root.path())
        .args(["select", "--role", "pra", "--since", "v9.9.9"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`v9.9.9` is not a release tag; release tags: v1.0.0"),
        "{stderr}"
    );
}

#[test]
fn invalid_catalogue_is_refused() {
    let root = fixture_root();
    let path = root
        .path()
        .join("catalogue/career-pathways/leadership-track.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("\"fits\"", "\"fitz\"")).unwrap();
    let output = peerkit(root.path())
        .args(["select", "--role", "pra"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("the catalogue is invalid"), "{stderr}");
    assert!(
        stderr.contains("catalogue/career-pathways/leadership-track.json"),
        "{stderr}"
    );
    assert!(stderr.contains("run `peerkit validate`"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn invalid_catalogue_counts_errors() {
    let root = fixture_root();
    let path = root
        .path()
        .join("catalogue/career-pathways/leadership-track.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("\"url\": \"").unwrap() + "\"url\": \"".len();
    let end = start + text[start..].find('"').unwrap();
    let mut broken = text.clone();
    broken.replace_range(start..end, "not an address");
    std::fs::write(&path, broken).unwrap();

    let output = peerkit(root.path())
        .args(["select", "--role", "pra"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("the catalogue is invalid (1 error), so"),
        "{stderr}"
    );
    assert!(stderr.contains("\"not an address\""), "{stderr}");
}
