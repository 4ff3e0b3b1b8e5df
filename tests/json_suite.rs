//! Every file of JSONTestSuite (tests/fixtures/json-test-suite) through
//! the strict reader, and through `peerkit fmt --check` in a temp
//! repository.

use std::path::{Path, PathBuf};

use peerkit::json::{parse, parse_serde, ReadErrorKind, DEFAULT_LIMITS};

fn suite_files() -> Vec<PathBuf> {
    let folder =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/json-test-suite/parsing");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// The `y_` files that peerkit's stricter policy rejects, with the reason.
const STRICTER: &[(&str, &str)] = &[
    ("y_object_duplicated_key.json", "duplicate key"),
    ("y_object_duplicated_key_and_value.json", "duplicate key"),
];

#[test]
fn suite_has_every_file() {
    assert_eq!(suite_files().len(), 318);
}

/// Validation reads into serde_json directly: it must accept and reject
/// exactly what the exact reader does, with the same error, and build the
/// value that converting the exact one gives.
#[test]
fn serde_reader_agrees_with_exact_reader() {
    let mut accepted = 0;
    for path in suite_files() {
        let bytes = std::fs::read(&path).unwrap();
        let exact = parse(&bytes, &DEFAULT_LIMITS).map(|value| value.to_serde());
        let direct = parse_serde(&bytes, &DEFAULT_LIMITS);
        assert_eq!(direct, exact, "{}", name(&path));
        accepted += usize::from(direct.is_ok());
    }
    assert!(accepted > 90, "only {accepted} files were read");
}

#[test]
fn rejected_files_have_positions() {
    for path in suite_files()
        .iter()
        .filter(|path| name(path).starts_with("n_"))
    {
        let bytes = std::fs::read(path).unwrap();
        let Err(error) = parse(&bytes, &DEFAULT_LIMITS) else {
            panic!("{} was accepted", name(path));
        };
        assert!(error.position.line >= 1, "{}", name(path));
        assert!(error.position.column >= 1, "{}", name(path));
        assert!(error.position.offset <= bytes.len(), "{}", name(path));
    }
}

#[test]
fn valid_files_are_read() {
    for path in suite_files()
        .iter()
        .filter(|path| name(path).starts_with("y_"))
    {
        let bytes = std::fs::read(path).unwrap();
        let outcome = parse(&bytes, &DEFAULT_LIMITS);
        match STRICTER.iter().find(|(file, _)| *file == name(path)) {
            Some(_) => {
                let kind = outcome.err().map(|error| error.kind);
                assert!(
                    matches!(kind, Some(ReadErrorKind::DuplicateKey { .. })),
                    "{}: {kind:?}",
                    name(path)
                );
            }
            None => assert!(outcome.is_ok(), "{}: {:?}", name(path), outcome.err()),
        }
    }
}

/// The outcome peerkit documents for each `i_` file that RFC 8259 leaves
/// to the implementation: "accepted", or the kind of error it gets.
fn implementation_defined(name: &str) -> &'static str {
    match name {
        // Numbers of any size are accepted and keep their text.
        name if name.starts_with("i_number_") => "accepted",
        "i_structure_500_nested_arrays.json" => "too deep",
        "i_structure_UTF-8_BOM_empty_object.json" => "byte-order mark",
        "i_string_UTF-16LE_with_BOM.json"
        | "i_string_utf16BE_no_BOM.json"
        | "i_string_utf16LE_no_BOM.json" => "not UTF-8",
        // Surrogate escapes that are not a high-low pair have no UTF-8 form.
        "i_object_key_lone_2nd_surrogate.json"
        | "i_string_1st_surrogate_but_2nd_missing.json"
        | "i_string_1st_valid_surrogate_2nd_invalid.json"
        | "i_string_incomplete_surrogate_and_escape_valid.json"
        | "i_string_incomplete_surrogate_pair.json"
        | "i_string_incomplete_surrogates_escape_valid.json"
        | "i_string_invalid_lonely_surrogate.json"
        | "i_string_invalid_surrogate.json"
        | "i_string_inverted_surrogates_U+1D11E.json"
        | "i_string_lone_second_surrogate.json" => "syntax",
        _ => "invalid UTF-8",
    }
}

#[test]
fn implementation_defined_outcomes() {
    for path in suite_files()
        .iter()
        .filter(|path| name(path).starts_with("i_"))
    {
        let bytes = std::fs::read(path).unwrap();
        let outcome = match parse(&bytes, &DEFAULT_LIMITS) {
            Ok(_) => "accepted",
            Err(error) => match error.kind {
                ReadErrorKind::TooDeep { .. } => "too deep",
                ReadErrorKind::ByteOrderMark => "byte-order mark",
                ReadErrorKind::NotUtf8 { .. } => "not UTF-8",
                ReadErrorKind::InvalidUtf8 => "invalid UTF-8",
                ReadErrorKind::Syntax(_) => "syntax",
                other => panic!("{}: unexpected {other:?}", name(path)),
            },
        };
        assert_eq!(
            outcome,
            implementation_defined(&name(path)),
            "{}",
            name(path)
        );
    }
}

#[test]
fn messages_never_blame_line_one_for_encoding() {
    for file in [
        "i_string_UTF-16LE_with_BOM.json",
        "i_structure_UTF-8_BOM_empty_object.json",
        "n_structure_UTF8_BOM_no_data.json",
    ] {
        let path = suite_files()
            .into_iter()
            .find(|path| name(path) == file)
            .unwrap();
        let message = parse(&std::fs::read(&path).unwrap(), &DEFAULT_LIMITS)
            .unwrap_err()
            .to_string();
        assert!(!message.contains("expected"), "{file}: {message}");
    }
}

/// Splits a line of `peerkit fmt --check` output into the file name and
/// whether it reports a read error (`path:line:col: message`).
fn parse_report_line(line: &str) -> Option<(String, bool)> {
    let rest = line.strip_prefix("catalogue/supervision-debriefing/")?;
    let end = rest.find(".json:")? + ".json".len();
    let name = rest[..end].to_string();
    let after = &rest[end + 1..];
    let mut parts = after.splitn(3, ':');
    let line_number = parts.next()?.parse::<usize>().ok();
    let column = parts.next().and_then(|column| column.parse::<usize>().ok());
    let is_read_error = line_number.is_some_and(|n| n >= 1) && column.is_some_and(|c| c >= 1);
    Some((name, is_read_error))
}

#[test]
fn fmt_check_over_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let schemas = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    copy_folder(&schemas, &dir.path().join("schemas"));
    let category = dir.path().join("catalogue/supervision-debriefing");
    std::fs::create_dir_all(&category).unwrap();
    for path in suite_files() {
        std::fs::copy(&path, category.join(name(&path))).unwrap();
    }

    let output = assert_cmd::Command::cargo_bin("peerkit")
        .unwrap()
        .current_dir(dir.path())
        .args(["fmt", "--check"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    let reports: std::collections::HashMap<String, bool> =
        stdout.lines().filter_map(parse_report_line).collect();
    for path in suite_files() {
        let file = name(&path);
        let bytes = std::fs::read(&path).unwrap();
        let read_error = match parse(&bytes, &DEFAULT_LIMITS) {
            Ok(_) => false,
            // fmt repairs a byte-order mark, so those files read after it.
            Err(error) if error.kind == ReadErrorKind::ByteOrderMark => {
                parse(&bytes[3..], &DEFAULT_LIMITS).is_err()
            }
            Err(_) => true,
        };
        if read_error {
            assert_eq!(reports.get(&file), Some(&true), "{file}: {stdout}");
        } else {
            assert_ne!(reports.get(&file), Some(&true), "{file}: {stdout}");
        }
        if file.starts_with("n_") {
            assert!(read_error, "{file}");
        }
    }
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for item in std::fs::read_dir(from).unwrap() {
        let path = item.unwrap().path();
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
}
