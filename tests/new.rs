//! `peerkit new` on a copy of the shipped catalogue.

use std::path::Path;

use assert_cmd::Command;

fn shipped() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["catalogue", "schemas"] {
        copy_tree(&source.join(folder), &dir.path().join(folder));
    }
    dir
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

fn peerkit(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("peerkit").unwrap();
    command.current_dir(dir).env("NO_COLOR", "1");
    command
}

const ENTRY_ARGS: &[&str] = &[
    "new",
    "entry",
    "--title",
    "Peer check-in after night shifts",
    "--category",
    "crisis-safety",
    "--role",
    "navigator",
    "--provider",
    "host-org",
    "--source-title",
    "Team practice notes, 2026",
    "--source-kind",
    "practice",
];

#[test]
fn new_entry_validates_and_is_canonical() {
    let dir = shipped();
    peerkit(dir.path()).args(ENTRY_ARGS).assert().code(0);
    let path = dir
        .path()
        .join("catalogue/crisis-safety/peer-check-in-after-night-shifts.json");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"status\": \"draft\""), "{text}");
    assert!(
        text.contains("\"id\": \"peer-check-in-after-night-shifts\""),
        "{text}"
    );
    assert!(text.ends_with("}\n"), "{text}");

    peerkit(dir.path())
        .args(["validate", "--today", "2026-06-01"])
        .assert()
        .code(0);
    peerkit(dir.path())
        .args(["fmt", "--check"])
        .assert()
        .code(0);
}

#[test]
fn new_entry_refuses_existing_file() {
    let dir = shipped();
    peerkit(dir.path()).args(ENTRY_ARGS).assert().code(0);
    let path = dir
        .path()
        .join("catalogue/crisis-safety/peer-check-in-after-night-shifts.json");
    let before = std::fs::read(&path).unwrap();
    let output = peerkit(dir.path()).args(ENTRY_ARGS).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn new_entry_refuses_used_id() {
    let dir = shipped();
    let output = peerkit(dir.path())
        .args([
            "new",
            "entry",
            "--title",
            "Impact debriefing",
            "--category",
            "crisis-safety",
            "--provider",
            "host-org",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("already used by catalogue/supervision-debriefing/impact-debriefing.json"),
        "{stderr}"
    );
}

#[test]
fn new_entry_rejects_unknown_term() {
    let dir = shipped();
    let output = peerkit(dir.path())
        .args([
            "new",
            "entry",
            "--title",
            "X",
            "--category",
            "crisis-safety",
            "--role",
            "nav",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("\"nav\" is not in the vocabulary's roles"),
        "{stderr}"
    );
    assert!(stderr.contains("navigator"), "{stderr}");
    assert!(!dir.path().join("catalogue/crisis-safety/x.json").exists());
}

#[test]
fn new_draft_without_source_written() {
    let dir = shipped();
    peerkit(dir.path())
        .args([
            "new",
            "entry",
            "--title",
            "No source yet",
            "--category",
            "crisis-safety",
            "--provider",
            "host-org",
        ])
        .assert()
        .code(0);
    let path = dir
        .path()
        .join("catalogue/crisis-safety/no-source-yet.json");
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains("\"sources\": []"), "{text}");
    peerkit(dir.path())
        .args(["validate", "--today", "2026-06-01"])
        .assert()
        .code(0);
}

#[test]
fn new_source_kind_needs_title() {
    let dir = shipped();
    let output = peerkit(dir.path())
        .args([
            "new",
            "entry",
            "--title",
            "Half a source",
            "--category",
            "crisis-safety",
            "--provider",
            "host-org",
            "--source-kind",
            "study",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("--source-title"), "{stderr}");
    assert!(!dir
        .path()
        .join("catalogue/crisis-safety/half-a-source.json")
        .exists());
}

#[test]
fn new_entry_without_provider_not_written() {
    let dir = shipped();
    let output = peerkit(dir.path())
        .args([
            "new",
            "entry",
            "--title",
            "No provider",
            "--category",
            "crisis-safety",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("--provider is missing"), "{stderr}");
    assert!(stderr.contains("host-org"), "{stderr}");
    assert!(!dir
        .path()
        .join("catalogue/crisis-safety/no-provider.json")
        .exists());
}

#[test]
fn new_gap_validates() {
    let dir = shipped();
    peerkit(dir.path())
        .args([
            "new",
            "gap",
            "--title",
            "No night line",
            "--category",
            "crisis-safety",
        ])
        .assert()
        .code(0);
    let text =
        std::fs::read_to_string(dir.path().join("catalogue/gaps/no-night-line.json")).unwrap();
    assert!(text.contains("\"status\": \"open\""), "{text}");
    peerkit(dir.path())
        .args(["validate", "--today", "2026-06-01"])
        .assert()
        .code(0);
}

#[test]
fn new_gap_without_category_rejected() {
    let dir = shipped();
    let output = peerkit(dir.path())
        .args(["new", "gap", "--title", "No night line"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("--category is missing"), "{stderr}");
    assert!(stderr.contains("crisis-safety"), "{stderr}");
    assert!(!dir
        .path()
        .join("catalogue/gaps/no-night-line.json")
        .exists());
}

#[test]
fn new_rejects_invalid_id() {
    let dir = shipped();
    for id in ["../../evil", "Bad_Id"] {
        let output = peerkit(dir.path())
            .args([
                "new",
                "entry",
                "--title",
                "X",
                "--category",
                "crisis-safety",
                "--provider",
                "host-org",
                "--id",
                id,
            ])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{id}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains("is not a valid id"), "{stderr}");
    }
    assert!(!dir.path().join("evil.json").exists());
}

#[test]
fn new_bad_source_kind_explained() {
    let dir = shipped();
    let output = peerkit(dir.path())
        .args([
            "new",
            "entry",
            "--title",
            "Grief circles",
            "--category",
            "supervision-debriefing",
            "--provider",
            "host-org",
            "--source-title",
            "Notes",
            "--source-kind",
            "blog",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("`sources[0].kind` is \"blog\""), "{stderr}");
    assert!(
        stderr.contains("help: use one of \"guideline\", \"study\""),
        "{stderr}"
    );
    assert!(stderr.contains("run the command again"), "{stderr}");
    assert!(!dir
        .path()
        .join("catalogue/supervision-debriefing/grief-circles.json")
        .exists());
}
