//! `peerkit fmt` on temp repositories that use the project's schemas.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

const ENTRY: &str = "catalogue/supervision-debriefing/impact-debriefing.json";

/// A canonical entry, in the key order of `schemas/entry.schema.json`.
const CANONICAL_ENTRY: &str = r#"{
  "$schema": "../../schemas/entry.schema.json",
  "id": "impact-debriefing",
  "title": "Impact debriefing after critical incidents",
  "summary": "A structured debrief on paid time.",
  "description": "Peers witness overdoses and hear disclosures.",
  "category": "supervision-debriefing",
  "baseline": {
    "required": true,
    "condition": {
      "text": "Where peers do field work.",
      "intensities": [
        "contract"
      ]
    }
  },
  "fits": {
    "roles": [
      "navigator"
    ],
    "intensities": [
      "part-time"
    ],
    "readiness": [
      "entry"
    ]
  },
  "obstacles": [],
  "providers": [
    "host-org"
  ],
  "practices": [
    "Offer the debrief soon after the event."
  ],
  "status": "proposed",
  "sources": [
    {
      "title": "Impact debriefing",
      "url": "https://example.org/debriefing",
      "kind": "guideline"
    }
  ],
  "last_reviewed": "2026-11-20"
}
"#;

/// The same entry with every object's keys reversed, on one line.
const SHUFFLED_ENTRY: &str = r#"{"last_reviewed": "2026-11-20", "sources": [{"kind": "guideline", "url": "https://example.org/debriefing", "title": "Impact debriefing"}], "status": "proposed", "practices": ["Offer the debrief soon after the event."], "providers": ["host-org"], "obstacles": [], "fits": {"readiness": ["entry"], "intensities": ["part-time"], "roles": ["navigator"]}, "baseline": {"condition": {"intensities": ["contract"], "text": "Where peers do field work."}, "required": true}, "category": "supervision-debriefing", "description": "Peers witness overdoses and hear disclosures.", "summary": "A structured debrief on paid time.", "title": "Impact debriefing after critical incidents", "id": "impact-debriefing", "$schema": "../../schemas/entry.schema.json"}"#;

const MANIFEST: &str = r#"{
  "$schema": "../schemas/manifest.schema.json",
  "name": "Peer Worker Support Toolkit",
  "version": "0.1.0",
  "licence": {
    "id": "CC-BY-4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/"
  }
}
"#;

/// Builds a repository with the project's schemas, a manifest and one
/// canonical entry.
fn repository() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let schemas = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    fs::create_dir_all(dir.path().join("schemas")).unwrap();
    for item in fs::read_dir(&schemas).unwrap() {
        let path = item.unwrap().path();
        fs::copy(
            &path,
            dir.path().join("schemas").join(path.file_name().unwrap()),
        )
        .unwrap();
    }
    fs::create_dir_all(dir.path().join("catalogue/supervision-debriefing")).unwrap();
    fs::create_dir_all(dir.path().join("catalogue/gaps")).unwrap();
    write(&dir, "catalogue/toolkit.json", MANIFEST.as_bytes());
    write(&dir, ENTRY, CANONICAL_ENTRY.as_bytes());
    dir
}

fn write(dir: &TempDir, path: &str, bytes: &[u8]) {
    fs::write(dir.path().join(path), bytes).unwrap();
}

fn read(dir: &TempDir, path: &str) -> Vec<u8> {
    fs::read(dir.path().join(path)).unwrap()
}

fn fmt(dir: &TempDir, args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("peerkit")
        .unwrap()
        .current_dir(dir.path())
        .arg("fmt")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn all_files(folder: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for item in fs::read_dir(folder).unwrap() {
        let path = item.unwrap().path();
        if path.is_dir() {
            files.extend(all_files(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

#[test]
fn canonical_repository_is_unchanged() {
    let dir = repository();
    let (code, stdout, stderr) = fmt(&dir, &["--check"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(stdout, "");
    let (code, stdout, _) = fmt(&dir, &[]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "");
}

#[test]
fn project_repository_is_canonical() {
    let root = env!("CARGO_MANIFEST_DIR");
    let output = Command::cargo_bin("peerkit")
        .unwrap()
        .args(["--root", root, "fmt", "--check"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
}

#[test]
fn keys_reordered_by_schema() {
    let dir = repository();
    write(&dir, ENTRY, SHUFFLED_ENTRY.as_bytes());
    let (code, stdout, _) = fmt(&dir, &["--check"]);
    assert_eq!(code, 1);
    assert!(stdout.contains(&format!("{ENTRY}: ")), "{stdout}");
    assert!(stdout.contains("key order"), "{stdout}");
    assert!(stdout.contains("no final newline"), "{stdout}");
    assert_eq!(read(&dir, ENTRY), SHUFFLED_ENTRY.as_bytes());

    let (code, stdout, _) = fmt(&dir, &[]);
    assert_eq!(code, 0);
    assert!(stdout.contains(&format!("formatted {ENTRY}")), "{stdout}");
    assert_eq!(
        String::from_utf8(read(&dir, ENTRY)).unwrap(),
        CANONICAL_ENTRY
    );
}

#[test]
fn second_run_changes_nothing() {
    let dir = repository();
    write(&dir, ENTRY, SHUFFLED_ENTRY.as_bytes());
    write(
        &dir,
        "catalogue/toolkit.json",
        MANIFEST.replace('\n', "\r\n").as_bytes(),
    );
    fmt(&dir, &[]);
    let once: Vec<Vec<u8>> = all_files(dir.path())
        .iter()
        .map(|p| fs::read(p).unwrap())
        .collect();
    let (code, stdout, _) = fmt(&dir, &[]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "");
    let twice: Vec<Vec<u8>> = all_files(dir.path())
        .iter()
        .map(|p| fs::read(p).unwrap())
        .collect();
    assert_eq!(once, twice);
    let (code, _, _) = fmt(&dir, &["--check"]);
    assert_eq!(code, 0);
}

#[test]
fn crlf_file_fixed_to_lf() {
    let dir = repository();
    let crlf = CANONICAL_ENTRY.trim_end().replace('\n', "\r\n");
    write(&dir, ENTRY, crlf.as_bytes());
    let (code, stdout, _) = fmt(&dir, &["--check"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        format!("{ENTRY}: CRLF line endings, no final newline\n")
    );
    let (code, _, _) = fmt(&dir, &[]);
    assert_eq!(code, 0);
    let written = String::from_utf8(read(&dir, ENTRY)).unwrap();
    assert!(!written.contains('\r'));
    assert!(written.ends_with("}\n"));
    assert_eq!(written, CANONICAL_ENTRY);
}

#[test]
fn byte_order_mark_removed() {
    let dir = repository();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(MANIFEST.as_bytes());
    write(&dir, "catalogue/toolkit.json", &bytes);
    let (code, stdout, _) = fmt(&dir, &["--check"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "catalogue/toolkit.json: starts with a byte-order mark\n"
    );
    assert_eq!(read(&dir, "catalogue/toolkit.json"), bytes);
    let (code, stdout, _) = fmt(&dir, &[]);
    assert_eq!(code, 0);
    assert!(stdout.contains("formatted catalogue/toolkit.json: starts with a byte-order mark"));
    assert_eq!(read(&dir, "catalogue/toolkit.json"), MANIFEST.as_bytes());
}

#[test]
fn mark_with_other_error_untouched() {
    let dir = repository();
    let bytes = b"\xEF\xBB\xBF{\"name\": \"x\",}\n";
    write(&dir, "catalogue/toolkit.json", bytes);
    let (code, stdout, _) = fmt(&dir, &[]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("catalogue/toolkit.json:1:15: expected a string key after ','"),
        "{stdout}"
    );
    assert!(stdout.contains("(not formatted)"), "{stdout}");
    assert_eq!(read(&dir, "catalogue/toolkit.json"), bytes);
}

#[test]
fn utf16_file_reported_untouched() {
    let dir = repository();
    let mut bytes = vec![0xFF, 0xFE];
    for unit in MANIFEST.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    write(&dir, "catalogue/toolkit.json", &bytes);
    let (code, stdout, _) = fmt(&dir, &[]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("catalogue/toolkit.json:1:1: is not UTF-8 (it looks like UTF-16LE)"),
        "{stdout}"
    );
    assert!(!stdout.contains("expected"), "{stdout}");
    assert_eq!(read(&dir, "catalogue/toolkit.json"), bytes);
}

#[test]
fn duplicate_key_reported_with_both_places() {
    let dir = repository();
    let path = "catalogue/gaps/alpha.json";
    let bytes = br#"{"id": "alpha", "title": "A", "id": "beta"}"#;
    write(&dir, path, bytes);
    let (code, stdout, _) = fmt(&dir, &[]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains(
            "catalogue/gaps/alpha.json:1:31: has the key \"id\" twice in one object (first at line 1, column 2)"
        ),
        "{stdout}"
    );
    assert_eq!(read(&dir, path), bytes);
}

#[test]
fn nested_duplicate_key_reported() {
    let dir = repository();
    let text = CANONICAL_ENTRY.replace(
        "\"required\": true,",
        "\"required\": true,\n    \"required\": false,",
    );
    write(&dir, ENTRY, text.as_bytes());
    let (code, stdout, _) = fmt(&dir, &["--check"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains(&format!(
            "{ENTRY}:10:5: has the key \"required\" twice in one object (first at line 9, column 5)"
        )),
        "{stdout}"
    );
}

#[test]
fn deep_nesting_reported_others_formatted() {
    let dir = repository();
    let deep = CANONICAL_ENTRY.replace(
        "\"Peers witness overdoses and hear disclosures.\"",
        &format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
    );
    write(&dir, ENTRY, deep.as_bytes());
    write(
        &dir,
        "catalogue/toolkit.json",
        MANIFEST.trim_end().as_bytes(),
    );
    let (code, stdout, stderr) = fmt(&dir, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.contains(&format!("{ENTRY}:6:145: is nested deeper than 128 levels")),
        "{stdout}"
    );
    assert!(stdout.contains("formatted catalogue/toolkit.json: no final newline"));
    assert_eq!(read(&dir, "catalogue/toolkit.json"), MANIFEST.as_bytes());
}

#[test]
fn numbers_kept_byte_for_byte() {
    let dir = repository();
    let path = "catalogue/supervision-debriefing/numbers.json";
    let original = r#"{"big": 9223372036854775807, "precise": 117.63331139400017, "one": 1.0, "zero": -0, "huge": 1E400, "list": [0e+1, -1.5E-7]}"#;
    write(&dir, path, original.as_bytes());
    let (code, _, _) = fmt(&dir, &[]);
    assert_eq!(code, 0);
    let once = String::from_utf8(read(&dir, path)).unwrap();
    let expected = "{\n  \"big\": 9223372036854775807,\n  \"precise\": 117.63331139400017,\n  \"one\": 1.0,\n  \"zero\": -0,\n  \"huge\": 1E400,\n  \"list\": [\n    0e+1,\n    -1.5E-7\n  ]\n}\n";
    assert_eq!(once, expected);
    fmt(&dir, &[]);
    assert_eq!(String::from_utf8(read(&dir, path)).unwrap(), once);
}

#[test]
fn strings_kept_with_minimal_escapes() {
    let dir = repository();
    let path = "catalogue/supervision-debriefing/strings.json";
    let original = "{\"a\": \"quote \\\" backslash \\\\ slash \\/ tab \\t nl \\n ctl \\u0001 é 😀 \\u00e9 \\ud83d\\ude00\"}\n";
    write(&dir, path, original.as_bytes());
    let (code, stdout, _) = fmt(&dir, &["--check"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("string escapes"), "{stdout}");
    fmt(&dir, &[]);
    let written = String::from_utf8(read(&dir, path)).unwrap();
    assert_eq!(
        written,
        "{\n  \"a\": \"quote \\\" backslash \\\\ slash / tab \\t nl \\n ctl \\u0001 é 😀 é 😀\"\n}\n"
    );
}

#[test]
fn write_leaves_no_temp_file() {
    let dir = repository();
    write(&dir, ENTRY, SHUFFLED_ENTRY.as_bytes());
    let before = all_files(dir.path());
    let (code, _, _) = fmt(&dir, &[]);
    assert_eq!(code, 0);
    assert_eq!(all_files(dir.path()), before);
}

#[test]
fn check_writes_nothing() {
    let dir = repository();
    write(&dir, ENTRY, SHUFFLED_ENTRY.as_bytes());
    let (code, _, stderr) = fmt(&dir, &["--check"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("1 of ")
            && stderr.contains(" files is not in canonical form; run `peerkit fmt` to rewrite it"),
        "{stderr}"
    );
    assert_eq!(read(&dir, ENTRY), SHUFFLED_ENTRY.as_bytes());
}

#[test]
fn only_given_paths_formatted() {
    let dir = repository();
    write(&dir, ENTRY, SHUFFLED_ENTRY.as_bytes());
    write(
        &dir,
        "catalogue/toolkit.json",
        MANIFEST.trim_end().as_bytes(),
    );
    let (code, stdout, _) = fmt(&dir, &["catalogue/toolkit.json"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "formatted catalogue/toolkit.json: no final newline\n"
    );
    assert_eq!(read(&dir, ENTRY), SHUFFLED_ENTRY.as_bytes());
    let (code, _, _) = fmt(&dir, &["catalogue/supervision-debriefing"]);
    assert_eq!(code, 0);
    assert_eq!(read(&dir, ENTRY), CANONICAL_ENTRY.as_bytes());
}

#[test]
fn file_named_twice_formatted_once() {
    let dir = repository();
    write(&dir, ENTRY, SHUFFLED_ENTRY.as_bytes());
    let (code, stdout, _) = fmt(&dir, &["--check", ENTRY, "catalogue"]);
    assert_eq!(code, 1);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
}

#[test]
fn read_only_file_is_io_error() {
    let dir = repository();
    write(&dir, ENTRY, SHUFFLED_ENTRY.as_bytes());
    let path = dir.path().join(ENTRY);
    let mut permissions = fs::metadata(&path).unwrap().permissions();
    permissions.set_readonly(true);
    fs::set_permissions(&path, permissions).unwrap();
    write(
        &dir,
        "catalogue/toolkit.json",
        MANIFEST.trim_end().as_bytes(),
    );
    let (code, _, stderr) = fmt(&dir, &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert!(stderr.contains("impact-debriefing.json"), "{stderr}");
    assert!(stderr.contains("read-only"), "{stderr}");
    assert_eq!(fs::read(&path).unwrap(), SHUFFLED_ENTRY.as_bytes());
    assert_eq!(read(&dir, "catalogue/toolkit.json"), MANIFEST.as_bytes());
}

#[test]
fn missing_path_is_io_error() {
    let dir = repository();
    write(&dir, ENTRY, SHUFFLED_ENTRY.as_bytes());
    let (code, _, stderr) = fmt(&dir, &[ENTRY, "catalogue/nope.json"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("catalogue/nope.json does not exist"),
        "{stderr}"
    );
    assert_eq!(read(&dir, ENTRY), SHUFFLED_ENTRY.as_bytes());
}

#[test]
fn paths_outside_catalogue_rejected() {
    let dir = repository();
    let outside = tempfile::tempdir().unwrap();
    let stray = outside.path().join("stray.json");
    fs::write(&stray, "{\"b\": 1,   \"a\": 2}").unwrap();
    write(&dir, "notes.json", b"{\"b\": 1,   \"a\": 2}");
    write(&dir, "catalogue/notes.txt", b"not JSON");
    let cases = [
        (stray.to_str().unwrap(), "is outside the repository root"),
        ("notes.json", "is not under catalogue/ or schemas/"),
        ("catalogue/notes.txt", "is not a .json file"),
    ];
    for (path, message) in cases {
        let (code, _, stderr) = fmt(&dir, &[path]);
        assert_eq!(code, 2, "{path}");
        assert!(stderr.contains(message), "{path}: {stderr}");
    }
    assert_eq!(fs::read(&stray).unwrap(), b"{\"b\": 1,   \"a\": 2}");
    assert_eq!(read(&dir, "notes.json"), b"{\"b\": 1,   \"a\": 2}");
}

#[test]
fn root_path_formats_only_catalogue() {
    let dir = repository();
    write(&dir, ENTRY, SHUFFLED_ENTRY.as_bytes());
    write(&dir, "notes.json", b"{\"b\": 1,   \"a\": 2}");
    let (code, stdout, _) = fmt(&dir, &["."]);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(read(&dir, ENTRY), CANONICAL_ENTRY.as_bytes());
    assert_eq!(read(&dir, "notes.json"), b"{\"b\": 1,   \"a\": 2}");
}

#[test]
fn outside_repository_is_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::cargo_bin("peerkit")
        .unwrap()
        .current_dir(dir.path())
        .args(["fmt", "--check"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr.contains("both `catalogue/` and `schemas/`") && stderr.contains("--root"),
        "{stderr}"
    );
}

#[test]
fn root_found_from_subfolder() {
    let dir = repository();
    write(&dir, ENTRY, SHUFFLED_ENTRY.as_bytes());
    let output = Command::cargo_bin("peerkit")
        .unwrap()
        .current_dir(dir.path().join("catalogue/gaps"))
        .args(["fmt", "--check"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout.contains(ENTRY), "{stdout}");
}
