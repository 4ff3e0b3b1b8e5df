//! `peerkit changelog`, `peerkit diff` and the history and change layers, on real repositories built with git2.

#[path = "support/gitrepo.rs"]
mod gitrepo;

use assert_cmd::Command;
use gitrepo::{entry, gap, pretty, seed, TestRepo};
use peerkit::change::{self, Bump, Change, ChangeSet, FieldDiff, Heading, RecordKind};
use peerkit::history::{CommitId, HistoryError, Prereleases, Repo};

const SUPERVISION: &str = "catalogue/supervision/peer-supervision.json";
const SAFETY: &str = "catalogue/safety/field-safety.json";

struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

fn peerkit(repo: &TestRepo, args: &[&str]) -> Output {
    let output = Command::cargo_bin("peerkit")
        .unwrap()
        .arg("--root")
        .arg(repo.path())
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    Output {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn open(repo: &TestRepo) -> Repo {
    Repo::discover(repo.path()).unwrap()
}

fn id(oid: git2::Oid) -> CommitId {
    CommitId::from_hex(&oid.to_string()).unwrap()
}

fn between(repo: &TestRepo, from: Option<git2::Oid>, to: git2::Oid) -> ChangeSet {
    change::between_commits(&open(repo), from.map(id), id(to)).unwrap()
}

fn ids(changes: &ChangeSet) -> Vec<String> {
    changes
        .changes
        .iter()
        .map(|change| change.id.clone())
        .collect()
}

/// Writes `field-safety` after `edit` changes its JSON value.
fn edit_safety(repo: &mut TestRepo, edit: impl FnOnce(&mut serde_json::Value)) {
    let mut value = entry("field-safety", "safety", "Field safety plan");
    edit(&mut value);
    repo.write(SAFETY, pretty(&value));
}

#[test]
fn tags_order_by_version_and_skip_nightly() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    let first = repo.commit("Start the toolkit");
    repo.tag_annotated("v0.1.0", first);
    repo.write(
        "catalogue/supervision/shift-check-out.json",
        pretty(&entry("shift-check-out", "supervision", "Shift check-out")),
    );
    let second = repo.commit("Add shift check-out");
    repo.tag_annotated("v0.9.0", second);
    edit_safety(&mut repo, |value| {
        value["title"] = "Field safety plan for outreach".into()
    });
    let candidate = repo.commit("Retitle field safety");
    repo.tag_annotated("v0.10.0-rc.1", candidate);
    edit_safety(&mut repo, |value| {
        value["summary"] = "Plan each outreach shift.".into()
    });
    let release = repo.commit("Shorten the summary");
    repo.tag_annotated("v0.10.0", release);
    repo.tag_annotated("nightly", release);
    repo.write(
        "catalogue/supervision/late-entry.json",
        pretty(&entry("late-entry", "supervision", "Late entry")),
    );
    let head = repo.commit("Add late entry (#31)");

    let history = open(&repo);
    let tags = history.release_tags().unwrap();
    let names: Vec<&str> = tags.releases.iter().map(|tag| tag.name.as_str()).collect();
    assert_eq!(names, ["v0.1.0", "v0.9.0", "v0.10.0-rc.1", "v0.10.0"]);
    assert!(tags.releases.iter().all(|tag| tag.annotated));
    assert_eq!(tags.notes.len(), 1);
    assert_eq!(tags.notes[0].tag, "nightly");
    assert_eq!(tags.find("v0.10.0").unwrap().commit, id(release));
    let (latest, _) = history
        .latest_release(id(head), Prereleases::Exclude)
        .unwrap();
    assert_eq!(latest.unwrap().name, "v0.10.0");

    let output = peerkit(&repo, &["changelog"]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert!(
        output.stderr.contains("note: skipped tag `nightly`"),
        "{}",
        output.stderr
    );
    assert!(
        output.stderr.contains("the next version is v0.11.0"),
        "{}",
        output.stderr
    );
    assert!(!output.stderr.contains("panicked"), "{}", output.stderr);
    insta::assert_snapshot!("default_range_after_release", output.stdout);

    let json = peerkit(&repo, &["changelog", "--format", "json"]);
    let document: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(document["from"], "v0.10.0");
    assert_eq!(document["current_version"], "0.10.0");
    assert_eq!(document["next_version"], "0.11.0");
    assert_eq!(document["bump"], "minor");
    assert_eq!(document["changes"].as_array().unwrap().len(), 1);
    assert_eq!(document["changes"][0]["id"], "late-entry");
    assert_eq!(document["changes"][0]["commits"][0]["pull_request"], 31);
}

#[test]
fn tags_v1_10_after_v1_9() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    let nine = repo.commit("Start");
    repo.tag_lightweight("v1.9.0", nine);
    edit_safety(&mut repo, |value| {
        value["fits"]["roles"] = serde_json::json!(["navigator", "pra"])
    });
    let ten = repo.commit("Fit research associates");
    repo.tag_lightweight("v1.10.0", ten);
    repo.tag_lightweight("1.11.0", ten);

    let history = open(&repo);
    let (latest, notes) = history
        .latest_release(id(ten), Prereleases::Exclude)
        .unwrap();
    assert_eq!(latest.unwrap().name, "v1.10.0");
    assert_eq!(notes.len(), 1);
    assert!(notes[0].reason.contains("`v1.11.0`"), "{}", notes[0].reason);

    let output = peerkit(&repo, &["changelog"]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert!(
        output.stdout.starts_with("## [1.10.0] - "),
        "{}",
        output.stdout
    );
    assert!(
        output.stdout.contains("`fits.roles`: added “pra”"),
        "{}",
        output.stdout
    );
    // HEAD is the v1.10.0 release, so the default range is v1.9.0..v1.10.0.
    assert!(
        output
            .stderr
            .contains("the bump since v1.9.0 is minor: the next version is v1.10.0"),
        "{}",
        output.stderr
    );
}

#[test]
fn tags_annotated_and_lightweight_resolve() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    let a = repo.commit("A");
    repo.tag_annotated("v0.1.0", a);
    edit_safety(&mut repo, |value| {
        value["title"] = "Field safety plan B".into()
    });
    let b = repo.commit("B");
    repo.tag_lightweight("v0.2.0", b);
    edit_safety(&mut repo, |value| {
        value["title"] = "Field safety plan C".into()
    });
    let c = repo.commit("C");

    let history = open(&repo);
    assert_eq!(history.resolve("v0.1.0").unwrap(), id(a));
    assert_eq!(history.resolve("v0.2.0").unwrap(), id(b));
    let tags = history.release_tags().unwrap();
    assert!(tags.find("v0.1.0").unwrap().annotated);
    assert!(!tags.find("v0.2.0").unwrap().annotated);

    let range = peerkit(
        &repo,
        &["changelog", "v0.1.0", "v0.2.0", "--format", "json"],
    );
    let document: serde_json::Value = serde_json::from_str(&range.stdout).unwrap();
    assert_eq!(document["from_commit"], a.to_string());
    assert_eq!(document["to_commit"], b.to_string());
    assert_eq!(
        document["changes"][0]["fields"][0]["new"],
        "Field safety plan B"
    );
    assert_eq!(document["changes"][0]["commits"][0]["id"], b.to_string());

    let unreleased = peerkit(&repo, &["changelog", "--format", "json"]);
    let document: serde_json::Value = serde_json::from_str(&unreleased.stdout).unwrap();
    assert_eq!(document["from"], "v0.2.0");
    assert_eq!(document["to_commit"], c.to_string());
    assert_eq!(
        document["changes"][0]["fields"][0]["old"],
        "Field safety plan B"
    );
    assert_eq!(
        document["changes"][0]["fields"][0]["new"],
        "Field safety plan C"
    );
    let markdown = peerkit(&repo, &["changelog"]);
    assert!(
        markdown.stdout.starts_with("## [Unreleased]\n"),
        "{}",
        markdown.stdout
    );
}

#[test]
fn first_release_adds_everything() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    repo.commit("Start");
    repo.write(
        SUPERVISION,
        pretty(&entry(
            "peer-supervision",
            "supervision",
            "Peer supervision, monthly",
        )),
    );
    repo.commit("Retitle");

    let output = peerkit(&repo, &["changelog", "--format", "json"]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    let document: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(document["from"], serde_json::Value::Null);
    let changes = document["changes"].as_array().unwrap();
    assert!(
        changes.iter().all(|change| change["change"] == "added"),
        "{changes:?}"
    );
    let entries: Vec<&str> = changes
        .iter()
        .filter(|change| change["kind"] == "entry")
        .map(|change| change["title"].as_str().unwrap())
        .collect();
    assert_eq!(entries, ["Field safety plan", "Peer supervision, monthly"]);
    // The manifest, two entries and ten vocabulary terms.
    assert_eq!(document["counts"]["added"], 13);
}

#[test]
fn empty_repository_has_no_commits() {
    let repo = TestRepo::new();
    let history = open(&repo);
    assert!(matches!(
        history.head(),
        Err(HistoryError::NoCommits { .. })
    ));
    assert!(matches!(
        history.resolve("v1.0.0"),
        Err(HistoryError::NoCommits { .. })
    ));

    let output = peerkit(&repo, &["changelog"]);
    assert_eq!(output.code, 2);
    assert!(
        output.stderr.contains("no commits yet"),
        "{}",
        output.stderr
    );
    assert!(!output.stderr.contains("panicked"), "{}", output.stderr);
}

#[test]
fn unknown_revision_is_named() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    repo.commit("Start");
    let output = peerkit(&repo, &["changelog", "v9.9.9"]);
    assert_eq!(output.code, 2);
    assert!(
        output.stderr.contains("unknown revision `v9.9.9`"),
        "{}",
        output.stderr
    );
}

#[test]
fn moved_entry_is_one_change() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    let start = repo.commit("Start");
    repo.remove(SAFETY);
    let mut moved = entry(
        "field-safety",
        "supervision",
        "Field safety and supervision plan",
    );
    moved["summary"] = "A summary of Field safety plan.".into();
    repo.write("catalogue/supervision/field-safety.json", pretty(&moved));
    let head = repo.commit("Move field safety to supervision (#8)");

    let changes = between(&repo, Some(start), head);
    assert_eq!(ids(&changes), ["field-safety"]);
    let moved = &changes.changes[0];
    assert_eq!(moved.change, Change::Changed);
    assert_eq!(moved.old_path.as_deref(), Some(SAFETY));
    assert_eq!(moved.path, "catalogue/supervision/field-safety.json");
    let fields: Vec<&str> = moved
        .fields
        .iter()
        .map(|field| field.field.as_str())
        .collect();
    assert_eq!(fields, ["title", "category"]);
    assert_eq!(moved.class, Bump::Minor);
    assert_eq!(moved.commits.len(), 1);
    assert_eq!(moved.commits[0].pull_request, Some(8));
    insta::assert_snapshot!(
        "moved_entry",
        change::render_markdown(&changes, &Heading::Unreleased)
    );
}

#[test]
fn prose_edit_is_word_diff() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    let start = repo.commit("Start");
    edit_safety(&mut repo, |value| {
        value["description"] =
            "Peers meet a trained colleague every week to talk through hard work.".into();
        value["practices"][0] = "Meet every week.".into();
    });
    let head = repo.commit("Meet weekly");

    let changes = between(&repo, Some(start), head);
    assert_eq!(changes.bump, Bump::Patch);
    let markdown = change::render_markdown(&changes, &Heading::None);
    assert!(
        markdown.contains("  - `description`: Peers meet a trained colleague every ~~month~~ **week** to talk through hard work."),
        "{markdown}"
    );
    assert!(
        markdown.contains("  - `practices[1]`: Meet every ~~month.~~ **week.**"),
        "{markdown}"
    );
}

#[test]
fn new_baseline_entry_is_major() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    let start = repo.commit("Start");
    let mut debrief = entry("impact-debriefing", "supervision", "Impact debriefing");
    debrief["baseline"] = serde_json::json!({"required": true});
    repo.write(
        "catalogue/supervision/impact-debriefing.json",
        pretty(&debrief),
    );
    let head = repo.commit("Add impact debriefing");

    let changes = between(&repo, Some(start), head);
    assert_eq!(changes.bump, Bump::Major);
    assert_eq!(changes.changes[0].change, Change::Added);
    let markdown = change::render_markdown(
        &changes,
        &Heading::Release {
            version: "0.2.0".into(),
            date: "2026-12-04".into(),
        },
    );
    insta::assert_snapshot!("new_baseline_entry", markdown);
}

#[test]
fn baseline_set_and_condition_removed_are_major() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    edit_safety(&mut repo, |value| {
        value["baseline"] = serde_json::json!({"required": true, "condition": {"text": "Contract roles.", "intensities": ["contract"]}});
    });
    let start = repo.commit("Start");
    edit_safety(&mut repo, |value| {
        value["baseline"] = serde_json::json!({"required": true})
    });
    repo.write(SUPERVISION, {
        let mut value = entry("peer-supervision", "supervision", "Peer supervision");
        value["baseline"] = serde_json::json!({"required": true});
        pretty(&value)
    });
    let head = repo.commit("Make both baseline everywhere");

    let changes = between(&repo, Some(start), head);
    assert_eq!(changes.bump, Bump::Major);
    let baselines: Vec<_> = changes
        .changes
        .iter()
        .map(|change| change.baseline)
        .collect();
    use peerkit::change::BaselineChange;
    assert_eq!(
        baselines,
        [
            Some(BaselineChange::Widened),
            Some(BaselineChange::NowBaseline)
        ]
    );
}

#[test]
fn removal_is_major() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    let start = repo.commit("Start");
    repo.remove(SAFETY);
    let head = repo.commit("Remove field safety");

    let changes = between(&repo, Some(start), head);
    assert_eq!(changes.bump, Bump::Major);
    assert_eq!(changes.changes[0].change, Change::Removed);
    let markdown = change::render_markdown(&changes, &Heading::None);
    assert!(
        markdown.contains("### Removed\n\n- **Field safety plan** (`field-safety`, entry, major)"),
        "{markdown}"
    );
}

#[test]
fn deprecation_is_minor() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    let start = repo.commit("Start");
    edit_safety(&mut repo, |value| {
        value["status"] = "deprecated".into();
        value["superseded_by"] = "peer-supervision".into();
        value["deprecation_reason"] = "Merged into peer supervision.".into();
    });
    let head = repo.commit("Deprecate field safety");

    let changes = between(&repo, Some(start), head);
    assert_eq!(changes.bump, Bump::Minor);
    let deprecated = &changes.changes[0];
    assert_eq!(
        deprecated.change,
        Change::Deprecated {
            by: Some("peer-supervision".into()),
            reason: Some("Merged into peer supervision.".into())
        }
    );
    assert!(deprecated.fields.is_empty(), "{:?}", deprecated.fields);
    let markdown = change::render_markdown(&changes, &Heading::None);
    assert!(
        markdown.contains("### Deprecated\n\n- **Field safety plan** (`field-safety`, entry, minor): superseded by `peer-supervision`. Reason: Merged into peer supervision."),
        "{markdown}"
    );
}

#[test]
fn vocabulary_changes_per_term() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    let start = repo.commit("Start");
    let mut vocabulary: serde_json::Value = serde_json::from_str(&gitrepo::vocabulary()).unwrap();
    vocabulary["roles"][1]["label"] = "Peer researcher".into();
    vocabulary["obstacles"] =
        serde_json::json!([{"id": "stigma", "label": "Stigma", "definition": "Stigma at work."}]);
    vocabulary["intensities"] =
        serde_json::json!([vocabulary["intensities"][1], vocabulary["intensities"][0]]);
    repo.write("catalogue/vocabulary.json", pretty(&vocabulary));
    let head = repo.commit("Rework the vocabulary");

    let changes = between(&repo, Some(start), head);
    let summary: Vec<(String, String, Bump)> = changes
        .changes
        .iter()
        .map(|change| {
            let RecordKind::Term { list } = &change.kind else {
                panic!("not a term: {change:?}")
            };
            (list.clone(), change.id.clone(), change.class)
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("roles".to_string(), "pra".to_string(), Bump::Patch),
            (
                "intensities".to_string(),
                "contract".to_string(),
                Bump::Minor
            ),
            ("obstacles".to_string(), "grief".to_string(), Bump::Major),
            ("obstacles".to_string(), "stigma".to_string(), Bump::Minor),
        ]
    );
    assert_eq!(changes.bump, Bump::Major);
    insta::assert_snapshot!(
        "vocabulary_changes",
        change::render_markdown(&changes, &Heading::None)
    );
}

#[test]
fn gap_changes_are_classed() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    repo.write(
        "catalogue/gaps/paid-step-back.json",
        pretty(&gap("paid-step-back", "Paid step back")),
    );
    let start = repo.commit("Start");
    let mut addressed = gap("paid-step-back", "Paid step back");
    addressed["status"] = "addressed".into();
    addressed["addressed_by"] = serde_json::json!(["field-safety"]);
    repo.write("catalogue/gaps/paid-step-back.json", pretty(&addressed));
    let head = repo.commit("Address the gap");

    let changes = between(&repo, Some(start), head);
    assert_eq!(changes.changes[0].kind, RecordKind::Gap);
    assert_eq!(changes.bump, Bump::Patch);
}

#[test]
fn draft_changes_are_patch_at_most() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    let mut draft = entry("new-idea", "safety", "New idea");
    draft["status"] = "draft".into();
    repo.write("catalogue/safety/new-idea.json", pretty(&draft));
    let start = repo.commit("Start a draft");
    draft["fits"]["roles"] = serde_json::json!(["pra"]);
    draft["baseline"] = serde_json::json!({"required": true});
    repo.write("catalogue/safety/new-idea.json", pretty(&draft));
    let head = repo.commit("Rework the draft");

    let changes = between(&repo, Some(start), head);
    assert_eq!(changes.bump, Bump::Patch);
    assert!(changes.changes[0].draft);
}

#[test]
fn merge_commit_attributes_branch_commits() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    let start = repo.commit("Start");
    repo.tag_annotated("v0.1.0", start);

    edit_safety(&mut repo, |value| {
        value["title"] = "Field safety plan, revised".into()
    });
    let branch = repo.commit_with_parents("Retitle field safety", &[start], None);

    repo.reset_files_to(start);
    repo.write(
        SUPERVISION,
        pretty(&entry(
            "peer-supervision",
            "supervision",
            "Peer supervision, revised",
        )),
    );
    let main = repo.commit("Retitle peer supervision (#4)");

    edit_safety(&mut repo, |value| {
        value["title"] = "Field safety plan, revised".into()
    });
    let merge = repo.commit_with_parents(
        "Merge pull request #5 from someone/safety",
        &[main, branch],
        Some("HEAD"),
    );

    let history = open(&repo);
    let commits = history
        .commits_touching(Some(id(start)), id(merge), SAFETY)
        .unwrap();
    assert_eq!(commits.len(), 1, "{commits:?}");
    assert_eq!(commits[0].id, id(branch));
    assert_eq!(commits[0].pull_request, Some(5));

    let changes = between(&repo, Some(start), merge);
    assert_eq!(ids(&changes), ["field-safety", "peer-supervision"]);
    let safety: Vec<_> = changes.changes[0]
        .commits
        .iter()
        .map(|commit| (commit.summary.as_str(), commit.pull_request))
        .collect();
    assert_eq!(safety, [("Retitle field safety", Some(5))]);
    let supervision: Vec<_> = changes.changes[1]
        .commits
        .iter()
        .map(|commit| (commit.summary.as_str(), commit.pull_request))
        .collect();
    assert_eq!(supervision, [("Retitle peer supervision (#4)", Some(4))]);
}

#[test]
fn merge_resolution_counts_as_change() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    let start = repo.commit("Start");
    edit_safety(&mut repo, |value| value["title"] = "Side title".into());
    let side = repo.commit_with_parents("Side", &[start], None);
    repo.reset_files_to(start);
    edit_safety(&mut repo, |value| value["title"] = "Main title".into());
    let main = repo.commit("Main");
    edit_safety(&mut repo, |value| value["title"] = "Resolved title".into());
    let merge = repo.commit_with_parents("Merge side", &[main, side], Some("HEAD"));

    let commits = open(&repo)
        .commits_touching(Some(id(start)), id(merge), SAFETY)
        .unwrap();
    let summaries: Vec<&str> = commits
        .iter()
        .map(|commit| commit.summary.as_str())
        .collect();
    assert_eq!(summaries.len(), 3, "{summaries:?}");
    assert!(summaries.contains(&"Merge side"), "{summaries:?}");
}

#[test]
fn crlf_only_change_is_no_change() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    let start = repo.commit("Start");
    let crlf = String::from_utf8(repo.file(SUPERVISION).to_vec())
        .unwrap()
        .replace('\n', "\r\n");
    repo.write(SUPERVISION, crlf);
    let line_endings = repo.commit("Save with CRLF");
    edit_safety(&mut repo, |value| {
        value["title"] = "Field safety plan for outreach".into()
    });
    let head = repo.commit("Retitle field safety");

    let only_crlf = between(&repo, Some(start), line_endings);
    assert!(only_crlf.is_empty(), "{only_crlf:?}");
    assert_eq!(only_crlf.bump, Bump::None);
    assert_eq!(
        change::render_markdown(&only_crlf, &Heading::None),
        "No content changes.\n"
    );

    let changes = between(&repo, Some(start), head);
    assert_eq!(ids(&changes), ["field-safety"]);
    let fields: Vec<&str> = changes.changes[0]
        .fields
        .iter()
        .map(|field| field.field.as_str())
        .collect();
    assert_eq!(fields, ["title"]);
}

#[test]
fn resave_commits_are_not_named() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    let start = repo.commit("Start");
    let crlf = String::from_utf8(repo.file(SAFETY).to_vec())
        .unwrap()
        .replace('\n', "\r\n");
    repo.write(SAFETY, crlf);
    repo.commit("Re-save field safety on Windows (#18)");
    let mut value = entry("field-safety", "safety", "Field safety plan");
    value["$schema"] = "../../schemas/other.schema.json".into();
    repo.write(
        SAFETY,
        serde_json::to_string_pretty(&value)
            .unwrap()
            .replace("  ", "    "),
    );
    repo.commit("Reindent field safety (#19)");
    edit_safety(&mut repo, |value| {
        value["title"] = "Field safety plan for outreach".into()
    });
    let head = repo.commit("Retitle field safety (#20)");

    let changes = between(&repo, Some(start), head);
    assert_eq!(ids(&changes), ["field-safety"]);
    let summaries: Vec<&str> = changes.changes[0]
        .commits
        .iter()
        .map(|commit| commit.summary.as_str())
        .collect();
    assert_eq!(summaries, ["Retitle field safety (#20)"]);
}

#[test]
fn formatting_and_schema_path_are_no_change() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    let start = repo.commit("Start");
    let mut value = entry("field-safety", "safety", "Field safety plan");
    value["$schema"] = "../../schemas/other.schema.json".into();
    repo.write(SAFETY, serde_json::to_string(&value).unwrap());
    repo.write("catalogue/toolkit.json", gitrepo::manifest("0.2.0"));
    let head = repo.commit("Reformat");

    let changes = between(&repo, Some(start), head);
    assert!(changes.is_empty(), "{changes:?}");
}

#[test]
fn bare_repository_changelog() {
    let mut repo = TestRepo::new_bare();
    seed(&mut repo);
    let start = repo.commit("Start");
    repo.tag_annotated("v0.1.0", start);
    edit_safety(&mut repo, |value| {
        value["title"] = "Field safety plan for outreach".into()
    });
    repo.commit("Retitle (#2)");

    let history = open(&repo);
    assert!(history.is_bare());
    assert_eq!(history.source_files(id(start)).unwrap().len(), 4);
    let output = peerkit(&repo, &["changelog"]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert!(
        output
            .stdout
            .contains("`title`: “Field safety plan” → “Field safety plan for outreach”"),
        "{}",
        output.stdout
    );

    let worktree = peerkit(&repo, &["diff", "main"]);
    assert_eq!(worktree.code, 2);
    assert!(
        worktree.stderr.contains("pass --head"),
        "{}",
        worktree.stderr
    );
    let head = peerkit(&repo, &["diff", "v0.1.0", "--head", "--format", "json"]);
    assert_eq!(head.code, 0, "{}", head.stderr);
    let document: serde_json::Value = serde_json::from_str(&head.stdout).unwrap();
    assert_eq!(document["next_version"], "0.1.1");
}

#[test]
fn bare_clone_with_missing_head_branch() {
    let mut repo = TestRepo::new_bare();
    seed(&mut repo);
    let start = repo.commit("Start");
    repo.tag_annotated("v0.1.0", start);
    repo.repo
        .set_head("refs/heads/master")
        .expect("point HEAD at a missing branch");

    let output = peerkit(&repo, &["changelog"]);
    assert_eq!(output.code, 2, "{}", output.stdout);
    assert!(
        output.stderr.contains("HEAD names the branch `master`"),
        "{}",
        output.stderr
    );
    assert!(
        output.stderr.contains("such as `main`"),
        "{}",
        output.stderr
    );
    let named = peerkit(&repo, &["changelog", "v0.1.0", "main"]);
    assert_eq!(named.code, 0, "{}", named.stderr);
}

#[test]
fn diff_worktree_against_origin_main() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    let start = repo.commit("Start");
    repo.tag_annotated("v0.3.0", start);
    repo.set_reference("refs/remotes/origin/main", start);
    repo.write(
        "catalogue/safety/night-outreach.json",
        pretty(&entry(
            "night-outreach",
            "safety",
            "Night <b>outreach</b> with @alice",
        )),
    );
    repo.commit("Add night outreach (#9)");
    edit_safety(&mut repo, |value| {
        value["summary"] = "Ask #12 first.".into()
    });

    let output = peerkit(&repo, &["diff"]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    insta::assert_snapshot!("diff_worktree", output.stdout);
    assert!(
        output.stdout.contains("it makes v0.4.0"),
        "{}",
        output.stdout
    );
    assert!(
        output
            .stdout
            .contains("Night &lt;b&gt;outreach&lt;/b&gt; with @&#8203;alice"),
        "{}",
        output.stdout
    );
    assert!(!output.stdout.contains("#12"), "{}", output.stdout);
}

#[test]
fn diff_base_without_release_says_so() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    let start = repo.commit("Start");
    repo.set_reference("refs/remotes/origin/main", start);
    edit_safety(&mut repo, |value| {
        value["title"] = "Field safety plan for outreach".into()
    });
    let released = repo.commit("Retitle (#2)");
    repo.tag_annotated("v0.1.0", released);
    edit_safety(&mut repo, |value| {
        value["summary"] = "A new summary.".into()
    });

    let output = peerkit(&repo, &["diff"]);
    assert_eq!(output.code, 0, "{}", output.stderr);
    assert!(
        output
            .stdout
            .contains("`origin/main` has no release tag at or before the merge base"),
        "{}",
        output.stdout
    );
    assert!(
        !output.stdout.contains("no release is tagged yet"),
        "{}",
        output.stdout
    );
}

#[test]
fn diff_without_base_names_fix() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    let start = repo.commit("Start");
    repo.set_reference("refs/heads/trunk", start);
    repo.repo.set_head("refs/heads/trunk").unwrap();
    repo.repo
        .find_reference("refs/heads/main")
        .unwrap()
        .delete()
        .unwrap();
    let output = peerkit(&repo, &["diff"]);
    assert_eq!(output.code, 2);
    assert!(output.stderr.contains("pass BASE"), "{}", output.stderr);
}

#[test]
fn tree_diff_reads_only_changed_blobs() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    let start = repo.commit("Start");
    edit_safety(&mut repo, |value| value["title"] = "Changed".into());
    let head = repo.commit("Change one file");

    let changed = open(&repo)
        .changed_files(Some(id(start)), id(head))
        .unwrap();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].path, SAFETY);
    assert!(changed[0].old.is_some());
    assert!(changed[0].new.is_some());
    assert_ne!(changed[0].old, changed[0].new);
}

#[test]
fn json_renderer_round_trips() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    let start = repo.commit("Start");
    edit_safety(&mut repo, |value| {
        value["summary"] = "A new summary.".into()
    });
    let head = repo.commit("Edit");
    let changes = between(&repo, Some(start), head);
    let document: serde_json::Value = serde_json::from_str(&change::render_json(&changes)).unwrap();
    assert_eq!(document["bump"], "patch");
    assert_eq!(document["changes"][0]["fields"][0]["diff"], "words");
    let segments = &document["changes"][0]["fields"][0]["segments"];
    assert!(matches!(
        &changes.changes[0].fields[0].diff,
        FieldDiff::Words { .. }
    ));
    assert!(segments
        .as_array()
        .unwrap()
        .iter()
        .any(|segment| segment["kind"] == "added"));
}

/// Writes minimal schemas that accept any object, with `entry_properties`
/// as the entry schema's `properties`.
fn write_schemas(repo: &mut TestRepo, entry_properties: serde_json::Value) {
    for kind in ["common", "manifest", "vocabulary", "entry", "gap"] {
        let mut schema = serde_json::json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": format!("https://peerkit.github.io/peerkit/schemas/{kind}.schema.json"),
            "type": "object",
        });
        if kind == "entry" {
            schema["properties"] = entry_properties.clone();
        }
        repo.write(&format!("schemas/{kind}.schema.json"), pretty(&schema));
    }
}

#[test]
fn schema_change_classed_by_old_data() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    write_schemas(&mut repo, serde_json::json!({}));
    let start = repo.commit("Start");
    write_schemas(
        &mut repo,
        serde_json::json!({"title": {"type": "string", "maxLength": 100}}),
    );
    let loose = repo.commit("Limit titles to 100 characters");
    write_schemas(
        &mut repo,
        serde_json::json!({"title": {"type": "string", "maxLength": 5}}),
    );
    let strict = repo.commit("Limit titles to 5 characters");

    let first = between(&repo, None, start);
    assert!(first.notes.is_empty(), "{:?}", first.notes);

    let passes = between(&repo, Some(start), loose);
    assert_eq!(ids(&passes), ["entry.schema.json"]);
    assert_eq!(passes.bump, Bump::Minor);
    assert!(
        passes.notes[0].contains("every old file passes"),
        "{:?}",
        passes.notes
    );

    let fails = between(&repo, Some(loose), strict);
    assert_eq!(fails.bump, Bump::Major);
    assert!(
        fails.notes[0].contains("2 old file(s) fail them"),
        "{:?}",
        fails.notes
    );
    assert!(
        fails.notes[1].starts_with("catalogue/safety/field-safety.json at /title: "),
        "{:?}",
        fails.notes
    );
    let fields: Vec<&str> = fails.changes[0]
        .fields
        .iter()
        .map(|field| field.field.as_str())
        .collect();
    assert_eq!(fields, ["properties.title.maxLength"]);
}

#[test]
fn schema_reformat_is_no_change() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    write_schemas(&mut repo, serde_json::json!({"title": {"type": "string"}}));
    let start = repo.commit("Start");
    let compact = String::from_utf8(repo.file("schemas/entry.schema.json").to_vec()).unwrap();
    let value: serde_json::Value = serde_json::from_str(&compact).unwrap();
    repo.write(
        "schemas/entry.schema.json",
        serde_json::to_string(&value).unwrap(),
    );
    let head = repo.commit("Compact the entry schema");

    let changes = between(&repo, Some(start), head);
    assert!(changes.is_empty(), "{changes:?}");
    assert!(changes.notes.is_empty(), "{:?}", changes.notes);
}

#[test]
fn term_changes_name_their_commits() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    let start = repo.commit("Start");
    let mut vocabulary: serde_json::Value = serde_json::from_str(&gitrepo::vocabulary()).unwrap();
    vocabulary["roles"][1]["label"] = "Peer researcher".into();
    repo.write("catalogue/vocabulary.json", pretty(&vocabulary));
    let relabel = repo.commit("Relabel peer research associates (#21)");
    vocabulary["obstacles"][0]["definition"] = "Grief after losing clients and friends.".into();
    repo.write("catalogue/vocabulary.json", pretty(&vocabulary));
    let define = repo.commit("Define grief (#22)");

    let changes = between(&repo, Some(start), define);
    assert_eq!(ids(&changes), ["pra", "grief"]);
    let named: Vec<Vec<String>> = changes
        .changes
        .iter()
        .map(|change| {
            change
                .commits
                .iter()
                .map(|commit| commit.id.clone())
                .collect()
        })
        .collect();
    assert_eq!(named, [vec![relabel.to_string()], vec![define.to_string()]]);
}

#[test]
fn crlf_and_title_in_one_file() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    let start = repo.commit("Start");
    let mut value = entry("field-safety", "safety", "Field safety plan for outreach");
    value["summary"] = "A summary of Field safety plan.".into();
    repo.write(SAFETY, pretty(&value).replace('\n', "\r\n"));
    let head = repo.commit("Retitle field safety on Windows");

    let changes = between(&repo, Some(start), head);
    assert_eq!(ids(&changes), ["field-safety"]);
    let fields: Vec<&str> = changes.changes[0]
        .fields
        .iter()
        .map(|field| field.field.as_str())
        .collect();
    assert_eq!(fields, ["title"]);
    assert_eq!(changes.bump, Bump::Patch);
}

#[test]
fn draft_entering_standard_counts_as_addition() {
    let mut repo = TestRepo::new();
    seed(&mut repo);
    let mut draft = entry("new-idea", "safety", "New idea");
    draft["status"] = "draft".into();
    draft["baseline"] = serde_json::json!({"required": true});
    repo.write("catalogue/safety/new-idea.json", pretty(&draft));
    let start = repo.commit("Start a draft");
    draft["status"] = "proposed".into();
    repo.write("catalogue/safety/new-idea.json", pretty(&draft));
    let proposed = repo.commit("Propose the idea");
    draft["status"] = "draft".into();
    repo.write("catalogue/safety/new-idea.json", pretty(&draft));
    let back = repo.commit("Withdraw the idea to draft");

    let entering = between(&repo, Some(start), proposed);
    assert_eq!(entering.bump, Bump::Major);
    assert!(!entering.changes[0].draft);
    use peerkit::change::BaselineChange;
    assert_eq!(
        entering.changes[0].baseline,
        Some(BaselineChange::NewBaseline)
    );
    let leaving = between(&repo, Some(proposed), back);
    assert_eq!(leaving.bump, Bump::Major);
    assert_eq!(
        leaving.changes[0].baseline,
        Some(BaselineChange::RemovedBaseline)
    );
}
