//! `peerkit validate` on copies of the shipped catalogue, each with one
//! thing broken, checked through `--format json` down to file, line,
//! column and rule code.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const ENTRY: &str = "catalogue/supervision-debriefing/impact-debriefing.json";
const GAP: &str = "catalogue/gaps/benefits-clawback-portability.json";
const VOCABULARY: &str = "catalogue/vocabulary.json";
/// A fixed date, so review-due warnings do not change with the calendar.
const TODAY: &str = "2026-06-01";

/// A temporary copy of the repository's `catalogue/` and `schemas/`.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn shipped() -> Repo {
        let dir = tempfile::tempdir().unwrap();
        let source = Path::new(env!("CARGO_MANIFEST_DIR"));
        for folder in ["catalogue", "schemas"] {
            copy_tree(&source.join(folder), &dir.path().join(folder));
        }
        Repo { dir }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap()
    }

    fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    /// Replaces the first `from` in a file with `to`, failing when absent.
    fn edit(&self, relative: &str, from: &str, to: &str) -> String {
        let text = self.read(relative);
        assert!(text.contains(from), "{relative} does not contain {from:?}");
        let changed = text.replacen(from, to, 1);
        self.write(relative, &changed);
        changed
    }

    fn command(&self) -> Command {
        let mut command = Command::cargo_bin("peerkit").unwrap();
        command
            .current_dir(self.dir.path())
            .env_remove("GITHUB_STEP_SUMMARY")
            .env("NO_COLOR", "1");
        command
    }

    /// Runs `validate --format json` and returns the exit code and report.
    fn validate(&self, extra: &[&str]) -> (i32, Value) {
        self.validate_on(TODAY, extra)
    }

    /// Runs `validate --format json` with review ages counted to `today`.
    fn validate_on(&self, today: &str, extra: &[&str]) -> (i32, Value) {
        let output = self
            .command()
            .args(["validate", "--format", "json", "--today", today])
            .args(extra)
            .output()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|error| {
            panic!(
                "not JSON ({error}): {stdout}\nstderr: {}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
        (output.status.code().unwrap(), report)
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for item in std::fs::read_dir(from).unwrap() {
        let item = item.unwrap();
        let target = to.join(item.file_name());
        if item.file_type().unwrap().is_dir() {
            copy_tree(&item.path(), &target);
        } else {
            std::fs::copy(item.path(), target).unwrap();
        }
    }
}

/// The 1-based line and character column of the first `needle` in `text`.
fn position_of(text: &str, needle: &str) -> (u64, u64) {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not found"));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    let column = before[line_start..].chars().count() + 1;
    (line as u64, column as u64)
}

fn diagnostics(report: &Value) -> &Vec<Value> {
    report["diagnostics"].as_array().unwrap()
}

/// The diagnostics with `code`.
fn with_code<'a>(report: &'a Value, code: &str) -> Vec<&'a Value> {
    diagnostics(report)
        .iter()
        .filter(|diagnostic| diagnostic["code"] == code)
        .collect()
}

/// The only diagnostic with `code`, failing when there are none or more.
fn only<'a>(report: &'a Value, code: &str) -> &'a Value {
    let found = with_code(report, code);
    assert_eq!(
        found.len(),
        1,
        "expected one {code}, got {:#}",
        report["diagnostics"]
    );
    found[0]
}

fn place(diagnostic: &Value) -> (String, u64, u64) {
    (
        diagnostic["file"].as_str().unwrap().to_string(),
        diagnostic["line"].as_u64().unwrap_or(0),
        diagnostic["column"].as_u64().unwrap_or(0),
    )
}

fn errors(report: &Value) -> u64 {
    report["summary"]["errors"].as_u64().unwrap()
}

/// A valid entry of the shipped vocabulary with `id`, in
/// `supervision-debriefing`, with extra members spliced in before `related`.
fn entry_text(id: &str, status: &str, extra: &str) -> String {
    format!(
        r#"{{
  "$schema": "../../schemas/entry.schema.json",
  "id": "{id}",
  "title": "Test entry {id}",
  "summary": "A support used only by the tests.",
  "description": "A support used only by the tests, with enough words.",
  "category": "supervision-debriefing",
  "baseline": {{
    "required": false
  }},
  "fits": {{
    "roles": [
      "navigator"
    ],
    "intensities": [
      "part-time"
    ],
    "readiness": [
      "entry"
    ]
  }},
  "obstacles": [],
  "providers": [
    "host-org"
  ],
  "practices": [
    "Do the thing."
  ],
  "status": "{status}",
{extra}  "related": [],
  "sources": [
    {{
      "title": "A guideline used only by the tests",
      "kind": "guideline"
    }}
  ],
  "last_reviewed": "2026-05-01"
}}
"#
    )
}

// The shipped catalogue.

#[test]
fn shipped_catalogue_is_valid() {
    let repo = Repo::shipped();
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(errors(&report), 0);
}

#[test]
fn human_output_ends_with_summary() {
    let repo = Repo::shipped();
    let output = repo
        .command()
        .args(["validate", "--today", TODAY])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let last = stdout.lines().last().unwrap();
    assert!(last.starts_with("0 errors, "), "{stdout}");
    assert!(last.ends_with(" files"), "{stdout}");
    assert!(
        !stdout.contains('\u{1b}'),
        "colour without --color: {stdout}"
    );
}

// Reader faults.

#[test]
fn duplicate_key_names_both_places() {
    let repo = Repo::shipped();
    let path = "catalogue/supervision-debriefing/alpha.json";
    let text = r#"{"id": "alpha", "title": "A", "id": "beta"}"#;
    repo.write(path, text);
    // A valid record with the second id, and a reference to the first: if
    // either id entered the index, duplicate-id or unresolved noise follows.
    repo.write(
        "catalogue/supervision-debriefing/beta.json",
        entry_text("beta", "draft", ""),
    );
    repo.edit(
        ENTRY,
        "\"related\": [\n",
        "\"related\": [\n    \"alpha\",\n",
    );

    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let diagnostic = only(&report, "duplicate-key");
    assert_eq!(place(diagnostic), (path.to_string(), 1, 31));
    let related = &diagnostic["related"][0];
    assert_eq!(related["file"], path);
    assert_eq!(related["line"], 1);
    assert_eq!(related["column"], 2);
    assert!(with_code(&report, "duplicate-id").is_empty(), "{report:#}");
    assert!(
        with_code(&report, "unresolved-reference").is_empty(),
        "{report:#}"
    );
    assert_eq!(errors(&report), 1, "{report:#}");
}

#[test]
fn byte_order_mark_is_named() {
    let repo = Repo::shipped();
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(repo.read(ENTRY).into_bytes());
    repo.write(ENTRY, bytes);
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let diagnostic = only(&report, "byte-order-mark");
    assert_eq!(place(diagnostic), (ENTRY.to_string(), 1, 1));
    let message = diagnostic["message"].as_str().unwrap();
    assert!(
        message.contains("starts with a UTF-8 byte-order mark"),
        "{message}"
    );
    assert!(!message.contains("expected value"), "{message}");
}

#[test]
fn utf16_names_encoding() {
    let repo = Repo::shipped();
    let mut bytes = vec![0xFF, 0xFE];
    for unit in repo.read(ENTRY).encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    repo.write(ENTRY, bytes);
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let diagnostic = only(&report, "not-utf8");
    assert_eq!(diagnostic["file"], ENTRY);
    assert!(diagnostic["line"].is_u64());
    let message = diagnostic["message"].as_str().unwrap();
    assert!(message.contains("is not UTF-8"), "{message}");
    assert!(message.contains("UTF-16LE"), "{message}");
    assert!(!message.contains("expected value"), "{message}");
}

#[test]
fn invalid_utf8_is_placed() {
    let repo = Repo::shipped();
    let mut bytes = repo.read(ENTRY).into_bytes();
    let offset = repo.read(ENTRY).find("Impact debriefing after").unwrap();
    bytes[offset] = 0xFF;
    repo.write(ENTRY, bytes);
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let diagnostic = only(&report, "invalid-utf8");
    assert_eq!(place(diagnostic), (ENTRY.to_string(), 4, 13));
}

#[test]
fn trailing_content_is_placed() {
    let repo = Repo::shipped();
    let text = repo.read(ENTRY) + "{}\n";
    repo.write(ENTRY, &text);
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let diagnostic = only(&report, "trailing-content");
    let lines = text.lines().count() as u64;
    assert_eq!(place(diagnostic), (ENTRY.to_string(), lines, 1));
}

#[test]
fn too_large_file_is_rejected() {
    let repo = Repo::shipped();
    let padding = " ".repeat(1024 * 1024);
    repo.write(ENTRY, format!("{}{padding}", repo.read(ENTRY)));
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    assert_eq!(only(&report, "too-large")["file"], ENTRY);
}

#[test]
fn deep_nesting_is_reported_and_others_checked() {
    let repo = Repo::shipped();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let text = repo.edit(
        ENTRY,
        "\"description\": \"Peers in HIV",
        &format!("\"description\": {deep}, \"x\": \"Peers in HIV"),
    );
    // Another file with its own fault must still be checked.
    repo.edit(GAP, "\"compensation-benefits\"", "\"pay\"");

    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let diagnostic = only(&report, "too-deep");
    assert_eq!(diagnostic["file"], ENTRY);
    let message = diagnostic["message"].as_str().unwrap();
    assert!(
        message.contains("nested deeper than 128 levels"),
        "{message}"
    );
    let (line, _) = position_of(&text, "\"description\": [");
    assert_eq!(diagnostic["line"], line);
    assert_eq!(only(&report, "unknown-term")["file"], GAP);
}

#[test]
fn many_files_reported_sorted() {
    let repo = Repo::shipped();
    let number_id = "catalogue/supervision-debriefing/aa-number-id.json";
    let comma = "catalogue/supervision-debriefing/ab-trailing-comma.json";
    let text = entry_text("aa-number-id", "draft", "").replacen("\"aa-number-id\"", "5", 1);
    assert_eq!(text.lines().nth(2), Some("  \"id\": 5,"));
    repo.write(number_id, &text);
    repo.write(
        comma,
        "{\n  \"$schema\": \"../../schemas/entry.schema.json\",\n  \"id\": \"ab-trailing-comma\",\n  \"title\": \"T\",\n}\n",
    );

    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let found = diagnostics(&report);
    assert_eq!(found.len(), 2, "{report:#}");
    assert_eq!(place(&found[0]), (number_id.to_string(), 3, 9));
    assert_eq!(found[0]["code"], "schema");
    assert_eq!(found[0]["pointer"], "/id");
    assert!(found[0]["message"]
        .as_str()
        .unwrap()
        .contains("`id` is the number 5"));
    assert_eq!(found[1]["file"], comma);
    assert_eq!(found[1]["code"], "syntax");
    assert!(found[1]["line"].as_u64().unwrap() >= 4);
    assert!(found[1]["message"].as_str().unwrap().len() > 10);

    let human = repo
        .command()
        .args(["validate", "--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(human.status.code(), Some(1));
    let stdout = String::from_utf8(human.stdout).unwrap();
    let first = stdout.find(&format!("{number_id}:3:9")).expect(&stdout);
    let second = stdout.find(&format!("{comma}:")).expect(&stdout);
    assert!(first < second, "{stdout}");
    assert!(
        stdout.contains("error[schema]: `id` is the number 5"),
        "{stdout}"
    );
    assert!(stdout.contains("error[syntax]"), "{stdout}");
}

#[test]
fn json_test_suite_never_crashes() {
    let repo = Repo::shipped();
    let suite =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/json-test-suite/parsing");
    let mut names = Vec::new();
    for item in std::fs::read_dir(&suite).unwrap() {
        let item = item.unwrap();
        let name = item.file_name().into_string().unwrap();
        let stem = name.trim_end_matches(".json");
        let path = format!("catalogue/supervision-debriefing/suite-{stem}.json");
        repo.write(&path, std::fs::read(item.path()).unwrap());
        names.push(path);
    }
    assert!(names.len() > 300);

    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    for path in &names {
        let placed = diagnostics(&report)
            .iter()
            .any(|diagnostic| diagnostic["file"] == path.as_str() && diagnostic["line"].is_u64());
        assert!(placed, "no placed diagnostic for {path}");
    }
}

// Schema checks.

#[test]
fn bad_date_and_uri_reported_at_values() {
    let repo = Repo::shipped();
    repo.edit(ENTRY, "\"2026-11-20\"", "\"2024-13-45\"");
    let text = repo.edit(
        ENTRY,
        "\"https://doi.org/10.1186/s12954-020-00449-1\"",
        "\"not a uri\"",
    );
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let found = diagnostics(&report);
    assert_eq!(found.len(), 2, "{report:#}");
    let (line, column) = position_of(&text, "\"not a uri\"");
    assert_eq!(place(&found[0]), (ENTRY.to_string(), line, column));
    assert_eq!(found[0]["pointer"], "/sources/0/url");
    let (line, column) = position_of(&text, "\"2024-13-45\"");
    assert_eq!(place(&found[1]), (ENTRY.to_string(), line, column));
    assert_eq!(found[1]["pointer"], "/last_reviewed");
    assert_eq!(
        found[1]["message"],
        "`last_reviewed` is \"2024-13-45\", which is not a valid date (YYYY-MM-DD)"
    );
}

#[test]
fn unknown_key_suggests_name() {
    let repo = Repo::shipped();
    let text = repo.edit(ENTRY, "\"title\":", "\"titel\":");
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let found: Vec<&Value> = with_code(&report, "schema")
        .into_iter()
        .filter(|diagnostic| diagnostic["pointer"] == "/titel")
        .collect();
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(
        found[0]["message"],
        "unknown key `titel`: did you mean `title`?"
    );
    let (line, column) = position_of(&text, "\"titel\"");
    assert_eq!(place(found[0]), (ENTRY.to_string(), line, column));
    assert_eq!(errors(&report), 1, "{report:#}");
}

#[test]
fn unknown_key_keeps_other_missing() {
    let repo = Repo::shipped();
    repo.edit(ENTRY, "\"title\":", "\"titel\":");
    repo.edit(ENTRY, "\"summary\":", "\"abstract\":");
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let missing: Vec<&Value> = with_code(&report, "schema")
        .into_iter()
        .filter(|diagnostic| diagnostic["pointer"] == "")
        .collect();
    assert_eq!(missing.len(), 1, "{report:#}");
    assert_eq!(
        missing[0]["message"],
        "the file has no `summary` key, which is required"
    );
}

#[test]
fn unknown_format_rejects_schema() {
    let repo = Repo::shipped();
    let path = "schemas/common.schema.json";
    let text = repo.read(path);
    let (from, to) = if text.contains("\"format\": \"date\"") {
        ("\"format\": \"date\"", "\"format\": \"dat\"")
    } else {
        ("\"format\": \"uri\"", "\"format\": \"dat\"")
    };
    let text = repo.edit(path, from, to);
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let diagnostic = only(&report, "invalid-schema");
    let (line, column) = position_of(&text, "\"dat\"");
    assert_eq!(place(diagnostic), (path.to_string(), line, column));
    let message = diagnostic["message"].as_str().unwrap();
    assert!(message.contains("`format`"), "{message}");
    assert!(message.contains("\"dat\""), "{message}");
}

#[test]
fn schema_of_other_draft_rejected() {
    let repo = Repo::shipped();
    let path = "schemas/gap.schema.json";
    repo.edit(
        path,
        "https://json-schema.org/draft/2020-12/schema",
        "http://json-schema.org/draft-07/schema#",
    );
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let diagnostic = only(&report, "invalid-schema");
    assert_eq!(diagnostic["file"], path);
    assert_eq!(diagnostic["pointer"], "/$schema");
    assert!(diagnostic["message"]
        .as_str()
        .unwrap()
        .contains("draft 2020-12"));
}

#[test]
fn missing_schema_file_named() {
    let repo = Repo::shipped();
    std::fs::remove_file(repo.path("schemas/entry.schema.json")).unwrap();
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let diagnostic = only(&report, "invalid-schema");
    assert_eq!(diagnostic["file"], "schemas/entry.schema.json");
    assert_eq!(diagnostic["message"], "the schema file is missing");
    assert_eq!(errors(&report), 1, "{report:#}");
}

#[test]
fn missing_common_schema_grouped() {
    let repo = Repo::shipped();
    std::fs::remove_file(repo.path("schemas/common.schema.json")).unwrap();
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let found = with_code(&report, "invalid-schema");
    let entry: Vec<&&Value> = found
        .iter()
        .filter(|diagnostic| diagnostic["file"] == "schemas/entry.schema.json")
        .collect();
    assert_eq!(entry.len(), 1, "{report:#}");
    let message = entry[0]["message"].as_str().unwrap();
    assert!(
        message.contains("more references in this file"),
        "{message}"
    );
}

#[test]
fn dangling_schema_ref_placed() {
    let repo = Repo::shipped();
    let path = "schemas/gap.schema.json";
    let text = repo.edit(
        path,
        "\"common.schema.json#/$defs/title\"",
        "\"commons.schema.json#/$defs/title\"",
    );
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let diagnostic = only(&report, "invalid-schema");
    let (line, column) = position_of(&text, "\"commons.schema.json");
    assert_eq!(place(diagnostic), (path.to_string(), line, column));
    let message = diagnostic["message"].as_str().unwrap();
    assert!(
        message.contains("no file in schemas/ has the `$id`"),
        "{message}"
    );
}

#[test]
fn wrong_schema_reference() {
    let repo = Repo::shipped();
    let text = repo.edit(
        ENTRY,
        "\"../../schemas/entry.schema.json\"",
        "\"../schemas/entry.schema.json\"",
    );
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let diagnostic = only(&report, "wrong-schema");
    let (line, column) = position_of(&text, "\"../schemas/entry.schema.json\"");
    assert_eq!(place(diagnostic), (ENTRY.to_string(), line, column));
    assert_eq!(errors(&report), 1, "{report:#}");
}

// Semantic rules.

#[test]
fn unknown_file_reported() {
    let repo = Repo::shipped();
    repo.write("catalogue/notes.txt", "notes");
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    assert_eq!(only(&report, "unknown-file")["file"], "catalogue/notes.txt");
}

#[test]
fn missing_vocabulary_reported() {
    let repo = Repo::shipped();
    std::fs::remove_file(repo.path(VOCABULARY)).unwrap();
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    assert_eq!(only(&report, "io")["file"], VOCABULARY);
}

#[test]
fn duplicate_id_across_entry_and_gap() {
    let repo = Repo::shipped();
    let copy = "catalogue/gaps/impact-debriefing.json";
    let text = repo.read(GAP).replacen(
        "\"id\": \"benefits-clawback-portability\"",
        "\"id\": \"impact-debriefing\"",
        1,
    );
    repo.write(copy, &text);
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let diagnostic = only(&report, "duplicate-id");
    let (line, column) = position_of(&text, "\"impact-debriefing\"");
    assert_eq!(place(diagnostic), (copy.to_string(), line, column));
    let related = &diagnostic["related"][0];
    assert_eq!(related["file"], ENTRY);
    assert_eq!(related["line"], 3);
    assert_eq!(related["column"], 9);
}

#[test]
fn path_mismatch_on_category() {
    let repo = Repo::shipped();
    let text = repo.edit(
        ENTRY,
        "\"category\": \"supervision-debriefing\"",
        "\"category\": \"crisis-safety\"",
    );
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let diagnostic = only(&report, "path-mismatch");
    let (line, column) = position_of(&text, "\"crisis-safety\"");
    assert_eq!(place(diagnostic), (ENTRY.to_string(), line, column));
    assert_eq!(diagnostic["pointer"], "/category");
}

#[test]
fn gaps_is_not_a_category() {
    let repo = Repo::shipped();
    let text = repo.edit(
        VOCABULARY,
        "\"id\": \"supervision-debriefing\"",
        "\"id\": \"gaps\"",
    );
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    assert!(with_code(&report, "schema").is_empty(), "{report:#}");
    let found: Vec<&Value> = with_code(&report, "path-mismatch")
        .into_iter()
        .filter(|diagnostic| diagnostic["file"] == VOCABULARY)
        .collect();
    assert_eq!(found.len(), 1, "{report:#}");
    let (line, column) = position_of(&text, "\"gaps\"");
    assert_eq!(place(found[0]), (VOCABULARY.to_string(), line, column));
}

#[test]
fn gaps_category_on_entry() {
    let repo = Repo::shipped();
    let text = repo.edit(
        ENTRY,
        "\"category\": \"supervision-debriefing\"",
        "\"category\": \"gaps\"",
    );
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    assert!(with_code(&report, "schema").is_empty(), "{report:#}");
    let diagnostic = only(&report, "path-mismatch");
    let (line, column) = position_of(&text, "\"gaps\"");
    assert_eq!(place(diagnostic), (ENTRY.to_string(), line, column));
    let help = diagnostic["help"].as_str().unwrap();
    assert!(!help.contains("move the file"), "{help}");
    assert!(help.contains("catalogue/vocabulary.json"), "{help}");
}

#[test]
fn record_in_wrong_folder_reported_once() {
    let repo = Repo::shipped();
    let cases = [
        (
            GAP,
            "catalogue/crisis-safety/benefits-clawback-portability.json",
            GAP,
        ),
        (ENTRY, "catalogue/gaps/impact-debriefing.json", ENTRY),
        (
            "catalogue/toolkit.json",
            "catalogue/crisis-safety/toolkit.json",
            "catalogue/toolkit.json",
        ),
    ];
    for (from, to, expected) in cases {
        std::fs::rename(repo.path(from), repo.path(to)).unwrap();
        let (code, report) = repo.validate(&[to]);
        assert_eq!(code, 1, "{to}");
        let diagnostic = only(&report, "path-mismatch");
        assert_eq!(diagnostic["file"], to);
        assert_eq!(diagnostic["pointer"], "/$schema");
        assert_eq!(diagnostic["line"], 2, "{to}");
        let help = diagnostic["help"].as_str().unwrap();
        assert_eq!(help, format!("move the file to {expected}"));
        // A moved manifest also leaves it missing, which is reported
        // whatever the path filter, because the manifest is shared.
        let shared = usize::from(from == "catalogue/toolkit.json");
        assert_eq!(errors(&report), 1 + shared as u64, "{report:#}");
        assert_eq!(with_code(&report, "io").len(), shared, "{report:#}");
        std::fs::rename(repo.path(to), repo.path(from)).unwrap();
    }
}

#[test]
fn pasted_gap_schema_stays_wrong_schema() {
    let repo = Repo::shipped();
    repo.edit(
        ENTRY,
        "\"../../schemas/entry.schema.json\"",
        "\"../../schemas/gap.schema.json\"",
    );
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    assert!(with_code(&report, "path-mismatch").is_empty(), "{report:#}");
    let diagnostic = only(&report, "wrong-schema");
    assert_eq!(diagnostic["file"], ENTRY);
}

#[test]
fn unresolved_reference_placed() {
    let repo = Repo::shipped();
    let text = repo.edit(
        ENTRY,
        "\"related\": [\n",
        "\"related\": [\n    \"no-such-entry\",\n",
    );
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let diagnostic = only(&report, "unresolved-reference");
    let (line, column) = position_of(&text, "\"no-such-entry\"");
    assert_eq!(place(diagnostic), (ENTRY.to_string(), line, column));
    assert_eq!(diagnostic["pointer"], "/related/0");
}

#[test]
fn superseded_by_gap_unresolved() {
    let repo = Repo::shipped();
    repo.edit(
        ENTRY,
        "\"status\": \"proposed\",\n",
        "\"status\": \"deprecated\",\n  \"superseded_by\": \"benefits-clawback-portability\",\n  \"deprecation_reason\": \"Replaced by a newer support.\",\n",
    );
    repo.edit(ENTRY, "\"required\": true", "\"required\": false");
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1, "{report:#}");
    let diagnostic = only(&report, "unresolved-reference");
    assert_eq!(diagnostic["pointer"], "/superseded_by");
    assert!(diagnostic["message"]
        .as_str()
        .unwrap()
        .contains("must name an entry"));
}

#[test]
fn self_reference_placed() {
    let repo = Repo::shipped();
    let text = repo.edit(
        ENTRY,
        "\"related\": [\n",
        "\"related\": [\n    \"impact-debriefing\",\n",
    );
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let diagnostic = only(&report, "self-reference");
    let (line, _) = position_of(&text, "    \"impact-debriefing\",\n");
    assert_eq!(place(diagnostic), (ENTRY.to_string(), line, 5));
    assert!(with_code(&report, "unresolved-reference").is_empty());
}

#[test]
fn unknown_term_suggests_match() {
    let repo = Repo::shipped();
    let text = repo.edit(ENTRY, "\"navigator\"", "\"navigatr\"");
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let diagnostic = only(&report, "unknown-term");
    let (line, column) = position_of(&text, "\"navigatr\"");
    assert_eq!(place(diagnostic), (ENTRY.to_string(), line, column));
    assert_eq!(diagnostic["pointer"], "/fits/roles/1");
    let message = diagnostic["message"].as_str().unwrap();
    assert!(message.contains("did you mean \"navigator\""), "{message}");
}

#[test]
fn unknown_term_in_gap_categories() {
    let repo = Repo::shipped();
    let text = repo.edit(GAP, "\"compensation-benefits\"", "\"pay\"");
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let diagnostic = only(&report, "unknown-term");
    let (line, column) = position_of(&text, "\"pay\"");
    assert_eq!(place(diagnostic), (GAP.to_string(), line, column));
}

#[test]
fn duplicate_term_placed() {
    let repo = Repo::shipped();
    let text = repo.edit(VOCABULARY, "\"id\": \"advisor\"", "\"id\": \"navigator\"");
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let diagnostic = only(&report, "duplicate-term");
    let offset = text.find("\"id\": \"navigator\"").unwrap() + 1;
    let (line, column) = position_of(&text[offset..], "\"id\": \"navigator\"");
    let (first_line, _) = position_of(&text, "\"id\": \"navigator\"");
    assert_eq!(diagnostic["file"], VOCABULARY);
    assert_eq!(diagnostic["line"], first_line + line - 1);
    assert_eq!(diagnostic["column"], column + 6);
    assert_eq!(diagnostic["related"][0]["line"], first_line);
}

#[test]
fn deprecated_without_reason_and_baseline() {
    let repo = Repo::shipped();
    let text = repo.edit(
        ENTRY,
        "\"status\": \"proposed\"",
        "\"status\": \"deprecated\"",
    );
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    assert!(with_code(&report, "schema").is_empty(), "{report:#}");
    let reason = only(&report, "deprecated-without-reason");
    let (line, column) = position_of(&text, "\"deprecated\"");
    assert_eq!(place(reason), (ENTRY.to_string(), line, column));
    let baseline = only(&report, "deprecated-baseline");
    let (line, column) = position_of(&text, "true");
    assert_eq!(place(baseline), (ENTRY.to_string(), line, column));
    assert_eq!(errors(&report), 2, "{report:#}");
}

#[test]
fn reason_on_current_entry_rejected() {
    let repo = Repo::shipped();
    let text = repo.edit(
        ENTRY,
        "\"status\": \"proposed\",\n",
        "\"status\": \"proposed\",\n  \"deprecation_reason\": \"Replaced by a newer support.\",\n",
    );
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    assert!(with_code(&report, "schema").is_empty(), "{report:#}");
    let diagnostic = only(&report, "not-deprecated");
    let (line, column) = position_of(&text, "\"Replaced by");
    assert_eq!(place(diagnostic), (ENTRY.to_string(), line, column));
    assert_eq!(diagnostic["pointer"], "/deprecation_reason");
}

/// Empties the `sources` of the shipped entry and returns the new text.
fn empty_sources(repo: &Repo) -> String {
    let text = repo.read(ENTRY);
    let start = text.find("\"sources\": [").unwrap() + "\"sources\": ".len();
    let end = text.find("\n  ],\n  \"last_reviewed\"").unwrap() + "\n  ]".len();
    let text = format!("{}[]{}", &text[..start], &text[end..]);
    repo.write(ENTRY, &text);
    text
}

#[test]
fn missing_source_for_proposed() {
    let repo = Repo::shipped();
    let text = empty_sources(&repo);
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1, "{report:#}");
    let diagnostic = only(&report, "missing-source");
    let (line, column) = position_of(&text, "[],\n  \"last_reviewed\"");
    assert_eq!(place(diagnostic), (ENTRY.to_string(), line, column));
    assert_eq!(errors(&report), 1, "{report:#}");
}

#[test]
fn draft_without_source_is_valid() {
    let repo = Repo::shipped();
    empty_sources(&repo);
    repo.edit(ENTRY, "\"status\": \"proposed\"", "\"status\": \"draft\"");
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(errors(&report), 0, "{report:#}");
}

#[test]
fn superseded_cycle_reported_once() {
    let repo = Repo::shipped();
    let first = "catalogue/supervision-debriefing/cycle-a.json";
    let second = "catalogue/supervision-debriefing/cycle-b.json";
    repo.write(
        first,
        entry_text(
            "cycle-a",
            "deprecated",
            "  \"superseded_by\": \"cycle-b\",\n  \"deprecation_reason\": \"Merged.\",\n",
        ),
    );
    repo.write(
        second,
        entry_text(
            "cycle-b",
            "deprecated",
            "  \"superseded_by\": \"cycle-a\",\n  \"deprecation_reason\": \"Merged.\",\n",
        ),
    );
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    let diagnostic = only(&report, "superseded-cycle");
    assert_eq!(diagnostic["file"], first);
    assert_eq!(diagnostic["pointer"], "/superseded_by");
    assert_eq!(diagnostic["related"][0]["file"], second);
    let message = diagnostic["message"].as_str().unwrap();
    assert!(
        message.contains("cycle-a -> cycle-b -> cycle-a"),
        "{message}"
    );
    assert_eq!(errors(&report), 1, "{report:#}");
}

#[test]
fn gap_status_addressed_without_entries() {
    let repo = Repo::shipped();
    let text = repo.edit(GAP, "\"status\": \"open\"", "\"status\": \"addressed\"");
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    assert!(with_code(&report, "schema").is_empty(), "{report:#}");
    let diagnostic = only(&report, "gap-status");
    let (line, column) = position_of(&text, "\"addressed\"");
    assert_eq!(place(diagnostic), (GAP.to_string(), line, column));
}

#[test]
fn gap_status_open_with_entries() {
    let repo = Repo::shipped();
    let text = repo.edit(
        GAP,
        "\"addressed_by\": []",
        "\"addressed_by\": [\n    \"impact-debriefing\"\n  ]",
    );
    let (code, report) = repo.validate(&[]);
    assert_eq!(code, 1);
    assert!(with_code(&report, "schema").is_empty(), "{report:#}");
    let diagnostic = only(&report, "gap-status");
    assert_eq!(diagnostic["pointer"], "/addressed_by");
    let (line, column) = position_of(&text, "[\n    \"impact-debriefing\"");
    assert_eq!(place(diagnostic), (GAP.to_string(), line, column));
}

#[test]
fn review_due_is_warning_only() {
    let repo = Repo::shipped();
    let (code, report) = repo.validate_on("2031-01-01", &["--review-after", "2y"]);
    assert_eq!(code, 0, "{report:#}");
    let due = with_code(&report, "review-due");
    assert!(due.len() > 10, "{report:#}");
    assert!(due
        .iter()
        .all(|diagnostic| diagnostic["severity"] == "warning"));
    assert_eq!(errors(&report), 0);
}

// The command line.

#[test]
fn paths_narrow_the_report() {
    let repo = Repo::shipped();
    repo.edit(ENTRY, "\"navigator\"", "\"navigatr\"");
    repo.edit(GAP, "\"status\": \"open\"", "\"status\": \"addressed\"");
    let (code, report) = repo.validate(&["catalogue/gaps"]);
    assert_eq!(code, 1);
    assert_eq!(diagnostics(&report).len(), 1, "{report:#}");
    assert_eq!(diagnostics(&report)[0]["file"], GAP);
    let (code, report) = repo.validate(&[ENTRY]);
    assert_eq!(code, 1);
    assert_eq!(diagnostics(&report).len(), 1, "{report:#}");
    assert_eq!(report["summary"]["files"], 1);
}

/// A broken schema or vocabulary stops or narrows the checks of every
/// file, so a path filter never hides it.
#[test]
fn paths_keep_shared_file_errors() {
    let repo = Repo::shipped();
    repo.edit("schemas/entry.schema.json", "{", "{,");
    let (code, report) = repo.validate(&["catalogue/gaps"]);
    assert_eq!(code, 1, "{report:#}");
    let diagnostic = only(&report, "syntax");
    assert_eq!(diagnostic["file"], "schemas/entry.schema.json");

    let repo = Repo::shipped();
    std::fs::remove_file(repo.path(VOCABULARY)).unwrap();
    let (code, report) = repo.validate(&[ENTRY]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(only(&report, "io")["file"], VOCABULARY);
}

#[test]
fn no_root_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::cargo_bin("peerkit")
        .unwrap()
        .current_dir(dir.path())
        .arg("validate")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("no repository root found"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn symbolic_link_exits_two() {
    let repo = Repo::shipped();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.json");
    std::fs::write(&secret, "not for the report").unwrap();
    let link = repo.path("catalogue/crisis-safety/linked.json");
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    let output = repo.command().arg("validate").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("linked.json is a symbolic link"),
        "{stderr}"
    );
    assert!(!stderr.contains("not for the report"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn missing_path_exits_two() {
    let repo = Repo::shipped();
    let output = repo
        .command()
        .args(["validate", "catalogue/nothing"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("catalogue/nothing does not exist"),
        "{stderr}"
    );
}

#[test]
fn path_outside_catalogue_exits_two() {
    let repo = Repo::shipped();
    repo.write("README.md", "a file no command reads");
    let outside = tempfile::tempdir().unwrap();
    let cases = [
        (
            outside.path().to_str().unwrap(),
            "is outside the repository root",
        ),
        ("README.md", "is not under catalogue/ or schemas/"),
    ];
    for (path, message) in cases {
        let output = repo.command().args(["validate", path]).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{path}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains(message), "{path}: {stderr}");
    }
}

#[test]
fn github_format_annotates_and_summarises() {
    let repo = Repo::shipped();
    let text = repo.edit(ENTRY, "\"navigator\"", "\"navigatr\"");
    let summary = repo.path("summary.md");
    let output = repo
        .command()
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["validate", "--format", "github", "--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let (line, column) = position_of(&text, "\"navigatr\"");
    let expected =
        format!("::error file={ENTRY},line={line},col={column},title=peerkit unknown-term::");
    assert!(stdout.contains(&expected), "{stdout}");
    let markdown = std::fs::read_to_string(summary).unwrap();
    assert!(markdown.contains("| error |"), "{markdown}");
    assert!(markdown.contains("`unknown-term`"), "{markdown}");
}

#[test]
fn color_always_adds_styles() {
    let repo = Repo::shipped();
    repo.edit(ENTRY, "\"navigator\"", "\"navigatr\"");
    let output = repo
        .command()
        .args(["--color", "always", "validate", "--today", TODAY])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains('\u{1b}'), "{stdout}");
}

// The streaming pipeline against the in-memory one.

/// `validate` reads each file of the working tree as it checks it and
/// keeps only the files that diagnostics name. With one fault of each
/// stage (reader, schema, a rule about one record, a rule across records,
/// a suppressed reference, a warning), it must report exactly what the
/// in-memory pipeline reports.
#[test]
fn tree_and_memory_pipelines_agree() {
    use peerkit::catalogue::{read_tree, Tree};
    use peerkit::check::{self, Options};

    let repo = Repo::shipped();
    let duplicate = "catalogue/gaps/impact-debriefing.json";
    repo.write(
        duplicate,
        repo.read(GAP).replacen(
            "\"id\": \"benefits-clawback-portability\"",
            "\"id\": \"impact-debriefing\"",
            1,
        ),
    );
    repo.edit(
        ENTRY,
        "\"related\": [\n",
        "\"related\": [\n    \"impact-debriefing\",\n    \"aa-syntax\",\n    \"no-such-entry\",\n",
    );
    repo.edit(ENTRY, "\"navigator\"", "\"navigatr\"");
    repo.write(
        "catalogue/supervision-debriefing/aa-syntax.json",
        "{\n  \"id\": \"aa-syntax\",\n}\n",
    );
    let schema_fault = entry_text("ab-schema", "draft", "").replacen(
        "\"last_reviewed\": \"2026-05-01\"",
        "\"last_reviewed\": \"May 2026\"",
        1,
    );
    repo.write(
        "catalogue/supervision-debriefing/ab-schema.json",
        schema_fault,
    );
    repo.write("catalogue/notes.txt", "notes");
    let old = entry_text("ac-old", "draft", "").replacen("2026-05-01", "2020-01-01", 1);
    repo.write("catalogue/supervision-debriefing/ac-old.json", old);

    let today = time::macros::date!(2026 - 06 - 01);
    let options = Options::new(today);
    let files = read_tree(repo.dir.path()).unwrap();
    let memory = check::validate(&files, &options);
    let tree = Tree::list(repo.dir.path()).unwrap();
    let report = check::validate_tree(&tree, &options);
    assert_eq!(report.diagnostics, memory.diagnostics);

    let codes: std::collections::BTreeSet<&str> = report
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code.as_str())
        .collect();
    for code in [
        "duplicate-id",
        "self-reference",
        "unresolved-reference",
        "unknown-term",
        "syntax",
        "schema",
        "unknown-file",
        "review-due",
    ] {
        assert!(codes.contains(code), "no {code} in {codes:?}");
    }
    // The reference to the file that failed to parse is not reported.
    assert!(!report
        .diagnostics
        .iter()
        .any(|diagnostic| diagnostic.message.contains("\"aa-syntax\"")));

    let mut named: Vec<&str> = report
        .diagnostics
        .iter()
        .flat_map(|diagnostic| {
            std::iter::once(diagnostic.file.as_str()).chain(
                diagnostic
                    .related
                    .iter()
                    .map(|related| related.file.as_str()),
            )
        })
        .filter(|path| tree.paths().iter().any(|listed| listed == path))
        .collect();
    named.sort_unstable();
    named.dedup();
    let sources: Vec<&str> = report
        .sources
        .iter()
        .map(|file| file.path.as_str())
        .collect();
    assert_eq!(sources, named);
    assert!(sources.len() < files.len() / 2, "{sources:?}");
    for source in &report.sources {
        let on_disk = files.iter().find(|file| file.path == source.path).unwrap();
        assert_eq!(source.bytes, on_disk.bytes, "{}", source.path);
    }
}
