//! `peerkit release`: plans, refusals that leave the repository untouched,
//! all-or-none apply with injected failures, and pushes to bare
//! repositories in temporary folders.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use git2::{Oid, Repository, Signature};
use peerkit::release::{self, Bump, Changes, Facts, Outcome, PriorRelease, Refusal, Request};
use semver::Version;

/// A repository in a temporary folder holding the project's catalogue and
/// schemas, with a local identity.
struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    repo: Repository,
}

/// Everything a release may touch, to compare before and after.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    refs: BTreeMap<String, String>,
    head: String,
    index: Vec<u8>,
    files: BTreeMap<String, Vec<u8>>,
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

fn version(text: &str) -> Version {
    Version::parse(text).unwrap()
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("toolkit");
        let repo = Repository::init(&root).unwrap();
        {
            let mut config = repo.config().unwrap();
            config.set_str("user.name", "Release Tester").unwrap();
            config.set_str("user.email", "tester@example.org").unwrap();
        }
        let source = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_tree(&source.join("catalogue"), &root.join("catalogue"));
        copy_tree(&source.join("schemas"), &root.join("schemas"));
        std::fs::copy(source.join("CITATION.cff"), root.join("CITATION.cff")).unwrap();
        let fixture = Fixture {
            _dir: dir,
            root,
            repo,
        };
        fixture.commit_all("Add the catalogue");
        fixture
    }

    fn write(&self, path: &str, contents: &str) {
        let path = self.root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    fn commit_all(&self, message: &str) -> Oid {
        let mut index = self.repo.index().unwrap();
        index
            .add_all(["*"].iter(), git2::IndexAddOption::DEFAULT, None)
            .unwrap();
        index.update_all(["*"].iter(), None).unwrap();
        index.write().unwrap();
        let tree = self.repo.find_tree(index.write_tree().unwrap()).unwrap();
        let signature = Signature::now("Release Tester", "tester@example.org").unwrap();
        let parents: Vec<git2::Commit> = self
            .repo
            .head()
            .ok()
            .and_then(|head| head.peel_to_commit().ok())
            .into_iter()
            .collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        self.repo
            .commit(
                Some("HEAD"),
                &signature,
                &signature,
                message,
                &tree,
                &parents,
            )
            .unwrap()
    }

    fn head(&self) -> Oid {
        self.repo.head().unwrap().target().unwrap()
    }

    fn tag_annotated(&self, name: &str) {
        let object = self.repo.find_object(self.head(), None).unwrap();
        let signature = Signature::now("Release Tester", "tester@example.org").unwrap();
        self.repo
            .tag(name, &object, &signature, name, false)
            .unwrap();
    }

    fn tag_lightweight(&self, name: &str, commit: Oid) {
        let object = self.repo.find_object(commit, None).unwrap();
        self.repo.tag_lightweight(name, &object, false).unwrap();
    }

    fn snapshot(&self) -> Snapshot {
        let mut refs = BTreeMap::new();
        for reference in self.repo.references().unwrap() {
            let reference = reference.unwrap();
            let target = reference
                .target()
                .map(|oid| oid.to_string())
                .or_else(|| {
                    reference
                        .symbolic_target()
                        .ok()
                        .flatten()
                        .map(str::to_string)
                })
                .unwrap();
            refs.insert(reference.name().unwrap().to_string(), target);
        }
        let head = std::fs::read_to_string(self.repo.path().join("HEAD")).unwrap();
        let index = std::fs::read(self.repo.path().join("index")).unwrap_or_default();
        let mut files = BTreeMap::new();
        collect_files(&self.root, &self.root, &mut files);
        Snapshot {
            refs,
            head,
            index,
            files,
        }
    }

    fn add_entry(&self, id: &str) {
        let source = self
            .root
            .join("catalogue/supervision-debriefing/impact-debriefing.json");
        let text = std::fs::read_to_string(source).unwrap();
        // An optional support, so that adding it is a minor change.
        let text = text
            .replace(
                "\"id\": \"impact-debriefing\"",
                &format!("\"id\": \"{id}\""),
            )
            .replace("\"required\": true", "\"required\": false");
        self.write(
            &format!("catalogue/supervision-debriefing/{id}.json"),
            &text,
        );
    }
}

fn collect_files(root: &Path, folder: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
    for item in std::fs::read_dir(folder).unwrap() {
        let item = item.unwrap();
        if item.file_name() == ".git" {
            continue;
        }
        let path = item.path();
        if item.file_type().unwrap().is_dir() {
            collect_files(root, &path, files);
        } else {
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            files.insert(relative, std::fs::read(&path).unwrap());
        }
    }
}

/// Facts for a repository whose latest release is `latest` at `commit`
/// and whose changes require a minor release.
fn minor_facts(latest: Option<(&str, Oid)>) -> Facts {
    let latest = latest.map(|(tag, commit)| PriorRelease {
        tag: tag.to_string(),
        version: version(tag.trim_start_matches('v')),
        commit,
    });
    let required = latest.as_ref().map(|latest| {
        let mut next = latest.version.clone();
        next.minor += 1;
        next.patch = 0;
        next
    });
    Facts {
        latest,
        notes: Vec::new(),
        invalid: Vec::new(),
        changes: Changes {
            bump: Bump::Minor,
            reason: Some("adding entry shift-check-in".to_string()),
            required,
            body: "### Added\n\n- Shift check-in (`shift-check-in`)".to_string(),
        },
        manifest_version: version("0.1.0"),
    }
}

/// Formats an error with its chain of sources, as `peerkit` prints it.
fn printed(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

fn request(text: Option<&str>) -> Request {
    Request {
        version: text.map(version),
        date: "2026-12-04".to_string(),
    }
}

fn when() -> git2::Time {
    git2::Time::new(1_796_385_600, 0)
}

fn expect_plan(outcome: Outcome) -> release::Plan {
    match outcome {
        Outcome::Ready(plan) => *plan,
        other => panic!("expected a plan, got {other:?}"),
    }
}

fn refusal(result: Result<Outcome, release::ReleaseError>) -> Refusal {
    match result {
        Err(release::ReleaseError::Refused(refusal)) => refusal,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn first_release_takes_manifest_version() {
    let fixture = Fixture::new();
    let plan =
        expect_plan(release::plan(&fixture.repo, &minor_facts(None), &request(None)).unwrap());
    assert_eq!(plan.version, version("0.1.0"));
    assert_eq!(plan.tag, "v0.1.0");
    assert!(plan.proposed);

    let applied = release::apply(&fixture.repo, &plan, &when()).unwrap();
    assert_eq!(fixture.head(), applied.commit);
    let commit = fixture.repo.find_commit(applied.commit).unwrap();
    assert_eq!(commit.message().unwrap(), "Release v0.1.0\n");
    assert_eq!(commit.author().name().unwrap(), "Release Tester");
    let tag = fixture.repo.find_tag(applied.tag).unwrap();
    assert_eq!(tag.target_id(), applied.commit);
    assert!(tag
        .message()
        .unwrap()
        .unwrap()
        .starts_with("## [0.1.0] - 2026-12-04\n"));

    let manifest = std::fs::read_to_string(fixture.root.join("catalogue/toolkit.json")).unwrap();
    assert!(manifest.contains("  \"version\": \"0.1.0\",\n  \"released\": \"2026-12-04\",\n"));
    let changelog = std::fs::read_to_string(fixture.root.join("CHANGELOG.md")).unwrap();
    assert!(changelog.starts_with("# Changelog\n"));
    assert!(changelog.contains("## [0.1.0] - 2026-12-04\n\n### Added\n"));
    let citation = std::fs::read_to_string(fixture.root.join("CITATION.cff")).unwrap();
    assert!(citation.contains("\nversion: 0.1.0\ndate-released: 2026-12-04\n"));

    let statuses = fixture.repo.statuses(None).unwrap();
    assert_eq!(
        statuses.len(),
        0,
        "the working tree is clean after a release"
    );
}

#[test]
fn rerun_on_same_commit_is_already_released() {
    let fixture = Fixture::new();
    fixture.tag_annotated("v1.1.0");
    fixture.add_entry("shift-check-in");
    fixture.commit_all("Add shift check-in");
    let facts = minor_facts(Some((
        "v1.1.0",
        fixture
            .repo
            .revparse_single("v1.1.0^{commit}")
            .unwrap()
            .id(),
    )));
    let plan = expect_plan(release::plan(&fixture.repo, &facts, &request(Some("1.2.0"))).unwrap());
    let applied = release::apply(&fixture.repo, &plan, &when()).unwrap();

    let before = fixture.snapshot();
    let again = release::plan(&fixture.repo, &facts, &request(Some("1.2.0"))).unwrap();
    assert_eq!(
        again,
        Outcome::AlreadyReleased {
            tag: "v1.2.0".to_string(),
            commit: applied.commit
        }
    );
    assert_eq!(fixture.snapshot(), before);
}

#[test]
fn tag_on_other_commit_names_both() {
    let fixture = Fixture::new();
    let base = fixture.head();
    fixture.tag_annotated("v1.2.0");
    fixture.add_entry("shift-check-in");
    let head = fixture.commit_all("Add shift check-in");
    fixture.tag_lightweight("v1.3.0", base);
    let before = fixture.snapshot();

    let facts = minor_facts(Some(("v1.2.0", base)));
    let refusal = refusal(release::plan(
        &fixture.repo,
        &facts,
        &request(Some("1.3.0")),
    ));
    assert_eq!(
        refusal,
        Refusal::TagOnOtherCommit {
            tag: "v1.3.0".to_string(),
            tag_commit: base.to_string(),
            head: head.to_string(),
        }
    );
    let message = refusal.to_string();
    assert!(message.contains(&base.to_string()), "{message}");
    assert!(message.contains(&head.to_string()), "{message}");
    assert_eq!(
        fixture.snapshot(),
        before,
        "the tag and the repository are untouched"
    );
}

/// A case name, the facts, the requested version and the expected refusal.
type RefusalCase = (
    &'static str,
    Facts,
    Option<&'static str>,
    fn(&Refusal) -> bool,
);

/// Leaves a change in the working tree or index.
type MakeDirty = fn(&Fixture);

#[test]
fn refusals_leave_repository_untouched() {
    let fixture = Fixture::new();
    let base = fixture.head();
    fixture.tag_annotated("v1.1.0");
    fixture.add_entry("shift-check-in");
    fixture.commit_all("Add shift check-in");
    let facts = minor_facts(Some(("v1.1.0", base)));

    let mut nothing = facts.clone();
    nothing.changes.bump = Bump::None;
    nothing.changes.required = None;
    let mut invalid = facts.clone();
    invalid.invalid = vec!["catalogue/x.json: error: bad".to_string()];
    let mut major = facts.clone();
    major.changes.bump = Bump::Major;
    major.changes.reason = Some("removing entry impact-debriefing".to_string());
    major.changes.required = Some(version("2.0.0"));

    let cases: Vec<RefusalCase> = vec![
        ("nothing changed", nothing.clone(), Some("1.2.0"), |r| {
            matches!(r, Refusal::NothingChanged { .. })
        }),
        ("nothing changed, proposed", nothing, None, |r| {
            matches!(r, Refusal::NothingChanged { .. })
        }),
        ("invalid", invalid, Some("1.2.0"), |r| {
            matches!(r, Refusal::Invalid { .. })
        }),
        ("same as latest", facts.clone(), Some("1.1.0"), |r| {
            matches!(r, Refusal::TagOnOtherCommit { .. })
        }),
        ("lower", facts.clone(), Some("1.0.5"), |r| {
            matches!(r, Refusal::NotGreater { .. })
        }),
        (
            "too low for removal",
            major,
            Some("1.2.0"),
            |r| matches!(r, Refusal::TooLow { change, .. } if change == "removing entry impact-debriefing"),
        ),
        ("patch for addition", facts.clone(), Some("1.1.1"), |r| {
            matches!(r, Refusal::TooLow { .. })
        }),
        ("prerelease", facts.clone(), Some("1.2.0-rc.1"), |r| {
            matches!(r, Refusal::NotPlain { .. })
        }),
    ];
    for (name, facts, requested, expected) in cases {
        let before = fixture.snapshot();
        let refusal = refusal(release::plan(&fixture.repo, &facts, &request(requested)));
        assert!(expected(&refusal), "{name}: got {refusal:?}");
        assert_eq!(fixture.snapshot(), before, "{name}: the repository changed");
    }
}

#[test]
fn too_low_message_names_change() {
    let fixture = Fixture::new();
    let base = fixture.head();
    fixture.tag_annotated("v1.1.0");
    fixture.add_entry("shift-check-in");
    fixture.commit_all("Remove an entry");
    let mut facts = minor_facts(Some(("v1.1.0", base)));
    facts.changes.bump = Bump::Major;
    facts.changes.reason = Some("removing entry impact-debriefing".to_string());
    facts.changes.required = Some(version("2.0.0"));
    let message = refusal(release::plan(
        &fixture.repo,
        &facts,
        &request(Some("1.2.0")),
    ))
    .to_string();
    assert!(
        message.contains("removing entry impact-debriefing"),
        "{message}"
    );
    assert!(message.contains("major"), "{message}");
    assert!(message.contains("2.0.0"), "{message}");
}

#[test]
fn too_low_before_1_0_names_minor_version() {
    let fixture = Fixture::new();
    let base = fixture.head();
    fixture.tag_annotated("v0.1.0");
    fixture.add_entry("shift-check-in");
    fixture.commit_all("Remove an entry");
    let mut facts = minor_facts(Some(("v0.1.0", base)));
    facts.changes.bump = Bump::Major;
    facts.changes.reason = Some("the removal of entry `impact-debriefing`".to_string());
    facts.changes.required = Some(version("0.2.0"));
    let message = refusal(release::plan(
        &fixture.repo,
        &facts,
        &request(Some("0.1.1")),
    ))
    .to_string();
    assert!(
        message.contains("`impact-debriefing` is a major change"),
        "{message}"
    );
    assert!(!message.contains("major release"), "{message}");
    assert!(message.contains("at least 0.2.0"), "{message}");
}

#[test]
fn uncommitted_changes_are_refused() {
    let cases: [(&str, MakeDirty); 4] = [
        ("modified entry", |f| f.add_entry("impact-debriefing")),
        ("untracked entry", |f| f.add_entry("brand-new")),
        ("staged file", |f| {
            f.write("notes.txt", "x");
            let mut index = f.repo.index().unwrap();
            index.add_path(Path::new("notes.txt")).unwrap();
            index.write().unwrap();
        }),
        ("modified citation", |f| {
            f.write("CITATION.cff", "version: 9.9.9\n")
        }),
    ];
    for (name, make_dirty) in cases {
        let fixture = Fixture::new();
        let base = fixture.head();
        fixture.tag_annotated("v1.1.0");
        fixture.add_entry("shift-check-in");
        fixture.commit_all("Add shift check-in");
        make_dirty(&fixture);
        if name == "modified entry" {
            fixture.write(
                "catalogue/supervision-debriefing/impact-debriefing.json",
                "{}\n",
            );
        }
        let before = fixture.snapshot();
        let refusal = refusal(release::plan(
            &fixture.repo,
            &minor_facts(Some(("v1.1.0", base))),
            &request(Some("1.2.0")),
        ));
        assert!(
            matches!(refusal, Refusal::Uncommitted { .. }),
            "{name}: {refusal:?}"
        );
        assert_eq!(fixture.snapshot(), before, "{name}: the repository changed");
    }
}

#[test]
fn untracked_file_elsewhere_is_allowed() {
    let fixture = Fixture::new();
    fixture.write("dist/bundle.json", "{}");
    let plan = release::plan(&fixture.repo, &minor_facts(None), &request(None)).unwrap();
    assert!(matches!(plan, Outcome::Ready(_)));
}

#[test]
fn changelog_section_goes_before_previous() {
    let fixture = Fixture::new();
    let base = fixture.head();
    let old = "# Changelog\n\nPreamble.\n\n## [1.1.0] - 2026-01-01\n\n### Added\n\n- Old entry\n";
    fixture.write("CHANGELOG.md", old);
    fixture.commit_all("Add changelog");
    fixture.tag_annotated("v1.1.0");
    fixture.add_entry("shift-check-in");
    fixture.commit_all("Add shift check-in");
    let plan = expect_plan(
        release::plan(
            &fixture.repo,
            &minor_facts(Some(("v1.1.0", base))),
            &request(None),
        )
        .unwrap(),
    );
    assert_eq!(plan.version, version("1.2.0"));
    release::apply(&fixture.repo, &plan, &when()).unwrap();
    let changelog = std::fs::read_to_string(fixture.root.join("CHANGELOG.md")).unwrap();
    assert_eq!(
        changelog,
        "# Changelog\n\nPreamble.\n\n## [1.2.0] - 2026-12-04\n\n### Added\n\n- Shift check-in (`shift-check-in`)\n\n## [1.1.0] - 2026-01-01\n\n### Added\n\n- Old entry\n"
    );
}

fn planned_release(fixture: &Fixture) -> release::Plan {
    expect_plan(release::plan(&fixture.repo, &minor_facts(None), &request(Some("0.1.0"))).unwrap())
}

#[test]
fn tag_created_after_plan_rolls_back() {
    let fixture = Fixture::new();
    let plan = planned_release(&fixture);
    fixture.tag_lightweight("v0.1.0", fixture.head());
    let before = fixture.snapshot();

    let error = release::apply(&fixture.repo, &plan, &when()).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("create tag v0.1.0"), "{message}");
    assert!(message.contains("restored"), "{message}");
    assert_eq!(fixture.snapshot(), before);
}

#[test]
fn read_only_changelog_rolls_back() {
    let fixture = Fixture::new();
    fixture.write("CHANGELOG.md", "# Changelog\n\nPreamble.\n");
    fixture.commit_all("Add changelog");
    let plan = planned_release(&fixture);
    let path = fixture.root.join("CHANGELOG.md");
    let mut permissions = std::fs::metadata(&path).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&path, permissions).unwrap();
    let before = fixture.snapshot();

    let error = release::apply(&fixture.repo, &plan, &when()).unwrap_err();
    let message = printed(&error);
    assert!(message.contains("CHANGELOG.md"), "{message}");
    assert_eq!(message.matches("read-only").count(), 1, "{message}");
    assert_eq!(fixture.snapshot(), before);
}

#[test]
fn push_reports_unpushed_earlier_releases() {
    let fixture = Fixture::new();
    let remote_dir = tempfile::tempdir().unwrap();
    Repository::init_bare(remote_dir.path()).unwrap();
    bare_remote(&fixture, remote_dir.path());
    let before_release = fixture.head();
    let plan = planned_release(&fixture);
    release::apply(&fixture.repo, &plan, &when()).unwrap();
    let earlier = fixture.repo.find_object(before_release, None).unwrap();
    fixture
        .repo
        .tag_lightweight("v0.0.5", &earlier, false)
        .unwrap();
    fixture
        .repo
        .tag_lightweight("nightly", &earlier, false)
        .unwrap();

    let report =
        release::push(&fixture.repo, &plan.branch, &plan.tag, &Default::default()).unwrap();
    assert_eq!(report.pushed.len(), 2, "{report:?}");
    assert_eq!(report.missing_releases, ["v0.0.5"]);
}

#[test]
fn moved_head_is_rejected() {
    let fixture = Fixture::new();
    let plan = planned_release(&fixture);
    fixture.write("README.md", "x\n");
    fixture.commit_all("Another commit");
    let before = fixture.snapshot();
    let error = release::apply(&fixture.repo, &plan, &when()).unwrap_err();
    assert!(
        matches!(error, release::ReleaseError::Moved(_)),
        "{error:?}"
    );
    assert_eq!(fixture.snapshot(), before);
}

fn bare_remote(fixture: &Fixture, folder: &Path) {
    fixture
        .repo
        .remote("origin", &format!("file://{}", folder.display()))
        .unwrap();
}

#[test]
fn push_sends_branch_and_tag() {
    let fixture = Fixture::new();
    let remote_dir = tempfile::tempdir().unwrap();
    let bare = Repository::init_bare(remote_dir.path()).unwrap();
    bare_remote(&fixture, remote_dir.path());
    let plan = planned_release(&fixture);
    let applied = release::apply(&fixture.repo, &plan, &when()).unwrap();

    let report =
        release::push(&fixture.repo, &plan.branch, &plan.tag, &Default::default()).unwrap();
    assert_eq!(report.remote, "origin");
    assert_eq!(report.pushed.len(), 2, "{report:?}");
    assert_eq!(bare.refname_to_id(&plan.branch).unwrap(), applied.commit);
    assert_eq!(bare.refname_to_id("refs/tags/v0.1.0").unwrap(), applied.tag);

    let again = release::push(&fixture.repo, &plan.branch, &plan.tag, &Default::default()).unwrap();
    assert!(again.pushed.is_empty(), "{again:?}");
    assert_eq!(again.up_to_date.len(), 2);
}

#[test]
fn push_rerun_after_missing_remote() {
    let fixture = Fixture::new();
    let parent = tempfile::tempdir().unwrap();
    let remote_path = parent.path().join("remote.git");
    bare_remote(&fixture, &remote_path);
    let plan = planned_release(&fixture);
    let applied = release::apply(&fixture.repo, &plan, &when()).unwrap();

    let error =
        release::push(&fixture.repo, &plan.branch, &plan.tag, &Default::default()).unwrap_err();
    assert!(matches!(error, release::PushError::Git { .. }), "{error:?}");
    let message = printed(&error);
    assert!(message.contains("again"), "{message}");
    assert_eq!(message.matches("remote.git").count(), 1, "{message}");
    assert!(!message.contains("class="), "{message}");

    let bare = Repository::init_bare(&remote_path).unwrap();
    let report =
        release::push(&fixture.repo, &plan.branch, &plan.tag, &Default::default()).unwrap();
    assert_eq!(report.pushed.len(), 2);
    assert_eq!(bare.refname_to_id("refs/tags/v0.1.0").unwrap(), applied.tag);
}

#[test]
fn push_sends_only_missing_tag() {
    let fixture = Fixture::new();
    let remote_dir = tempfile::tempdir().unwrap();
    let bare = Repository::init_bare(remote_dir.path()).unwrap();
    bare_remote(&fixture, remote_dir.path());
    let plan = planned_release(&fixture);
    release::apply(&fixture.repo, &plan, &when()).unwrap();
    let mut remote = fixture.repo.find_remote("origin").unwrap();
    remote
        .push(&[format!("{0}:{0}", plan.branch)], None)
        .unwrap();

    let report =
        release::push(&fixture.repo, &plan.branch, &plan.tag, &Default::default()).unwrap();
    assert_eq!(
        report.pushed,
        vec!["refs/tags/v0.1.0:refs/tags/v0.1.0".to_string()]
    );
    assert_eq!(report.up_to_date.len(), 1);
    assert!(bare.refname_to_id("refs/tags/v0.1.0").is_ok());
}

/// Runs the `peerkit` binary in the fixture with a configuration that
/// ignores the machine's global and system git files.
fn peerkit(fixture: &Fixture, home: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    assert_cmd::Command::cargo_bin("peerkit")
        .unwrap()
        .current_dir(&fixture.root)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .args(args)
        .assert()
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

fn objects(fixture: &Fixture) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![fixture.repo.path().join("objects")];
    while let Some(folder) = folders.pop() {
        for item in std::fs::read_dir(folder).unwrap() {
            let path = item.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn cli_release_rerun_and_foreign_tag() {
    let fixture = Fixture::new();
    let home = tempfile::tempdir().unwrap();
    let base = fixture.head();
    fixture.tag_annotated("v1.1.0");
    fixture.add_entry("shift-check-in");
    fixture.commit_all("Add shift check-in");

    let first = peerkit(
        &fixture,
        home.path(),
        &["release", "v1.2.0", "--date", "2026-12-04"],
    );
    let first = first.success();
    assert!(
        stdout(&first).contains("Released v1.2.0"),
        "{}",
        stdout(&first)
    );
    let released = fixture.head();
    assert_eq!(
        fixture
            .repo
            .revparse_single("v1.2.0^{commit}")
            .unwrap()
            .id(),
        released
    );

    let before = fixture.snapshot();
    let again = peerkit(&fixture, home.path(), &["release", "v1.2.0"]).code(0);
    assert!(
        stdout(&again).contains(&format!("v1.2.0 is already released at {released}")),
        "{}",
        stdout(&again)
    );
    assert_eq!(fixture.snapshot(), before);

    fixture.add_entry("shift-check-out-two");
    let head = fixture.commit_all("Add another entry");
    fixture.tag_lightweight("v1.3.0", base);
    let before = fixture.snapshot();
    let third = peerkit(&fixture, home.path(), &["release", "v1.3.0"]).code(1);
    let message = stderr(&third);
    assert!(message.contains(&base.to_string()), "{message}");
    assert!(message.contains(&head.to_string()), "{message}");
    assert_eq!(
        fixture.snapshot(),
        before,
        "the tag and the repository are untouched"
    );
    assert_eq!(
        fixture.repo.refname_to_id("refs/tags/v1.3.0").unwrap(),
        base
    );
}

#[test]
fn cli_proposes_minor_after_tags() {
    let fixture = Fixture::new();
    let home = tempfile::tempdir().unwrap();
    fixture.tag_annotated("v0.1.0");
    for (step, tag) in ["v0.9.0", "v0.10.0-rc.1", "v0.10.0"].iter().enumerate() {
        fixture.write("README.md", &format!("step {step}\n"));
        fixture.commit_all(&format!("Step {step}"));
        fixture.tag_annotated(tag);
    }
    fixture.tag_annotated("nightly");
    fixture.add_entry("shift-check-in");
    fixture.commit_all("Add shift check-in");

    let before = fixture.snapshot();
    let objects_before = objects(&fixture);
    let dry = peerkit(
        &fixture,
        home.path(),
        &["release", "--dry-run", "--date", "2026-12-04"],
    )
    .success();
    let out = stdout(&dry);
    assert!(
        out.contains("Release v0.11.0 (proposed from the changes)"),
        "{out}"
    );
    assert!(out.contains("previous release: v0.10.0"), "{out}");
    assert!(out.contains("## [0.11.0] - 2026-12-04"), "{out}");
    assert!(out.contains("shift-check-in"), "{out}");
    assert!(stderr(&dry).contains("nightly"), "{}", stderr(&dry));
    assert_eq!(
        fixture.snapshot(),
        before,
        "a dry run writes no file or ref"
    );
    assert_eq!(
        objects(&fixture),
        objects_before,
        "a dry run writes no object"
    );
}

#[test]
fn cli_first_release_takes_manifest_version() {
    let fixture = Fixture::new();
    let home = tempfile::tempdir().unwrap();
    let run = peerkit(&fixture, home.path(), &["release", "--date", "2026-12-04"]).success();
    assert!(stdout(&run).contains("Released v0.1.0"), "{}", stdout(&run));
    let tag = fixture.repo.revparse_single("v0.1.0").unwrap();
    assert_eq!(tag.kind(), Some(git2::ObjectType::Tag));
    let changelog = std::fs::read_to_string(fixture.root.join("CHANGELOG.md")).unwrap();
    assert!(changelog.contains("## [0.1.0] - 2026-12-04"), "{changelog}");
    assert!(
        changelog.contains("impact-debriefing"),
        "every entry is listed as added"
    );
}

#[test]
fn cli_nothing_changed_is_rejected() {
    let fixture = Fixture::new();
    let home = tempfile::tempdir().unwrap();
    fixture.tag_annotated("v1.0.0");
    fixture.write("README.md", "not part of the catalogue\n");
    fixture.commit_all("Edit the README");
    let before = fixture.snapshot();
    let run = peerkit(&fixture, home.path(), &["release", "v1.0.1"]).code(1);
    assert!(stderr(&run).contains("nothing changed"), "{}", stderr(&run));
    assert_eq!(fixture.snapshot(), before);
}

#[test]
fn cli_removal_needs_major() {
    let fixture = Fixture::new();
    let home = tempfile::tempdir().unwrap();
    // No other record names this entry, so removing it leaves the
    // catalogue valid.
    fixture.add_entry("shift-check-in");
    fixture.commit_all("Add shift check-in");
    fixture.tag_annotated("v1.1.0");
    std::fs::remove_file(
        fixture
            .root
            .join("catalogue/supervision-debriefing/shift-check-in.json"),
    )
    .unwrap();
    fixture.commit_all("Remove shift check-in");
    let before = fixture.snapshot();
    let run = peerkit(&fixture, home.path(), &["release", "1.2.0"]).code(1);
    let message = stderr(&run);
    assert!(
        message.contains("the removal of entry `shift-check-in`"),
        "{message}"
    );
    assert!(message.contains("major"), "{message}");
    assert!(message.contains("2.0.0"), "{message}");
    assert_eq!(fixture.snapshot(), before);
}

#[test]
fn cli_invalid_catalogue_is_rejected() {
    let fixture = Fixture::new();
    let home = tempfile::tempdir().unwrap();
    fixture.tag_annotated("v1.1.0");
    let path = "catalogue/supervision-debriefing/impact-debriefing.json";
    let text = std::fs::read_to_string(fixture.root.join(path)).unwrap();
    fixture.write(
        path,
        &text.replace("\"status\": \"proposed\"", "\"status\": \"maybe\""),
    );
    fixture.commit_all("Break an entry");
    let before = fixture.snapshot();
    let run = peerkit(&fixture, home.path(), &["release", "1.2.0"]).code(1);
    assert!(stderr(&run).contains("invalid"), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("impact-debriefing.json"),
        "{}",
        stderr(&run)
    );
    assert_eq!(fixture.snapshot(), before);
}

#[test]
fn cli_missing_identity_is_clear() {
    let fixture = Fixture::new();
    let home = tempfile::tempdir().unwrap();
    {
        let mut config = fixture
            .repo
            .config()
            .unwrap()
            .open_level(git2::ConfigLevel::Local)
            .unwrap();
        config.remove("user.name").unwrap();
        config.remove("user.email").unwrap();
    }
    let before = fixture.snapshot();
    let run = peerkit(&fixture, home.path(), &["release"]).code(2);
    let message = stderr(&run);
    assert!(message.contains("user.name and user.email"), "{message}");
    assert!(message.contains("git config user.name"), "{message}");
    assert_eq!(fixture.snapshot(), before);
}

#[test]
fn cli_push_rerun_pushes_missing() {
    let fixture = Fixture::new();
    let home = tempfile::tempdir().unwrap();
    let parent = tempfile::tempdir().unwrap();
    let remote_path = parent.path().join("remote.git");
    bare_remote(&fixture, &remote_path);

    let failed = peerkit(&fixture, home.path(), &["release", "--push"]).code(2);
    assert!(
        stdout(&failed).contains("Released v0.1.0"),
        "{}",
        stdout(&failed)
    );
    assert!(stderr(&failed).contains("origin"), "{}", stderr(&failed));

    let bare = Repository::init_bare(&remote_path).unwrap();
    let rerun = peerkit(&fixture, home.path(), &["release", "v0.1.0", "--push"]).success();
    let out = stdout(&rerun);
    assert!(out.contains("already released"), "{out}");
    assert!(out.contains("Pushed refs/tags/v0.1.0"), "{out}");
    let tag_commit = fixture
        .repo
        .revparse_single("v0.1.0^{commit}")
        .unwrap()
        .id();
    assert_eq!(
        bare.revparse_single("v0.1.0^{commit}").unwrap().id(),
        tag_commit
    );
    let branch = fixture.repo.head().unwrap().name().unwrap().to_string();
    assert_eq!(bare.refname_to_id(&branch).unwrap(), tag_commit);
}

fn change_summary(fixture: &Fixture, id: &str, summary: &str) {
    let path = format!("catalogue/supervision-debriefing/{id}.json");
    let text = std::fs::read_to_string(fixture.root.join(&path)).unwrap();
    let start = text.find("\"summary\": \"").unwrap() + "\"summary\": \"".len();
    let end = start + text[start..].find('"').unwrap();
    fixture.write(
        &path,
        &format!("{}{summary}{}", &text[..start], &text[end..]),
    );
}

fn bundle_history_fixture() -> Fixture {
    let fixture = Fixture::new();
    fixture.tag_annotated("v0.1.0");
    fixture.add_entry("shift-check-in");
    change_summary(
        &fixture,
        "impact-debriefing",
        "A structured debrief after a hard event.",
    );
    fixture.commit_all("Add shift check-in and reword impact debriefing");
    fixture.tag_annotated("v0.2.0");
    change_summary(
        &fixture,
        "shift-check-in",
        "A short check-in at the start of a shift.",
    );
    fixture.commit_all("Reword shift check-in");
    fixture
}

#[test]
fn record_releases_follow_tags() {
    let fixture = bundle_history_fixture();
    let history = peerkit::history::Repo::discover(&fixture.root).unwrap();
    let head = history.head().unwrap();
    let releases = release::bundle::record_releases(&history, head).unwrap();

    let check_in = &releases["shift-check-in"];
    assert_eq!(check_in.added_in, "0.2.0");
    assert_eq!(check_in.changed_in, "unreleased");
    let debriefing = &releases["impact-debriefing"];
    assert_eq!(debriefing.added_in, "0.1.0");
    assert_eq!(debriefing.changed_in, "0.2.0");
    let unchanged: Vec<_> = releases
        .iter()
        .filter(|(id, _)| !["shift-check-in", "impact-debriefing"].contains(&id.as_str()))
        .collect();
    assert!(!unchanged.is_empty());
    for (id, known) in unchanged {
        assert_eq!(known.added_in, "0.1.0", "{id}");
        assert_eq!(known.changed_in, "0.1.0", "{id}");
    }

    let at_tag = history.resolve("v0.2.0").unwrap();
    let releases = release::bundle::record_releases(&history, at_tag).unwrap();
    assert_eq!(releases["shift-check-in"].changed_in, "0.2.0");
}

#[test]
fn cli_bundle_writes_json_and_csv() {
    let fixture = bundle_history_fixture();
    let home = tempfile::tempdir().unwrap();
    let out = fixture.root.join("dist");
    let run = peerkit(
        &fixture,
        home.path(),
        &["bundle", "--rev", "v0.2.0", "--out", out.to_str().unwrap()],
    )
    .success();
    assert!(
        stdout(&run).contains("peer-worker-support-toolkit-0.2.0.json"),
        "{}",
        stdout(&run)
    );

    let json_text =
        std::fs::read_to_string(out.join("peer-worker-support-toolkit-0.2.0.json")).unwrap();
    let bundle: serde_json::Value = serde_json::from_str(&json_text).unwrap();
    assert_eq!(bundle["$schema"], release::bundle::BUNDLE_SCHEMA_ID);
    assert_eq!(bundle["version"], "0.2.0");
    assert_eq!(bundle["released"], true);
    assert!(bundle["vocabulary"]["roles"].is_array());
    assert!(bundle["vocabulary"].get("$schema").is_none());
    let entries = bundle["entries"].as_array().unwrap();
    let check_in = entries
        .iter()
        .find(|entry| entry["id"] == "shift-check-in")
        .unwrap();
    assert_eq!(check_in["added_in"], "0.2.0");
    assert_eq!(check_in["changed_in"], "0.2.0");
    assert!(check_in.get("$schema").is_none());
    assert!(
        json_text.starts_with("{\n  \"$schema\": "),
        "keys keep their order"
    );
    assert!(json_text.ends_with("}\n"));

    let csv_bytes =
        std::fs::read(out.join("peer-worker-support-toolkit-0.2.0-entries.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv_bytes.as_slice());
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), entries.len(), "one row per entry");
    let roles_column = headers.iter().position(|name| name == "roles").unwrap();
    let id_column = headers.iter().position(|name| name == "id").unwrap();
    let row = rows
        .iter()
        .find(|row| &row[id_column] == "impact-debriefing")
        .unwrap();
    assert!(
        row[roles_column].starts_with("pra; navigator; "),
        "{}",
        &row[roles_column]
    );
}

#[test]
fn cli_bundle_in_bare_clone() {
    let fixture = bundle_history_fixture();
    let home = tempfile::tempdir().unwrap();
    let clone_dir = tempfile::tempdir().unwrap();
    let bare = clone_dir.path().join("toolkit.git");
    git2::build::RepoBuilder::new()
        .bare(true)
        .clone(fixture.root.to_str().unwrap(), &bare)
        .unwrap();
    let out = clone_dir.path().join("dist");
    let run = assert_cmd::Command::cargo_bin("peerkit")
        .unwrap()
        .current_dir(&bare)
        .env("HOME", home.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(["bundle", "--rev", "v0.2.0", "--out", out.to_str().unwrap()])
        .assert();
    let run = run.success();
    assert!(
        stdout(&run).contains("peer-worker-support-toolkit-0.2.0.json"),
        "{}",
        stderr(&run)
    );
    assert!(out
        .join("peer-worker-support-toolkit-0.2.0-entries.csv")
        .is_file());
}

#[test]
fn cli_bundle_untagged_marks_unreleased() {
    let fixture = bundle_history_fixture();
    let home = tempfile::tempdir().unwrap();
    let out = fixture.root.join("dist");
    let run = peerkit(
        &fixture,
        home.path(),
        &["bundle", "--out", out.to_str().unwrap()],
    )
    .success();
    assert!(stderr(&run).contains("no release tag"), "{}", stderr(&run));
    let text = std::fs::read_to_string(out.join("peer-worker-support-toolkit-0.1.0.json")).unwrap();
    let bundle: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(bundle["released"], false);
    let entries = bundle["entries"].as_array().unwrap();
    let check_in = entries
        .iter()
        .find(|entry| entry["id"] == "shift-check-in")
        .unwrap();
    assert_eq!(check_in["changed_in"], "unreleased");
}

#[test]
fn cli_untracked_entry_is_rejected() {
    let fixture = Fixture::new();
    let home = tempfile::tempdir().unwrap();
    fixture.add_entry("shift-check-in");
    let before = fixture.snapshot();
    let run = peerkit(&fixture, home.path(), &["release"]).code(1);
    let message = stderr(&run);
    assert!(message.contains("uncommitted changes"), "{message}");
    assert!(
        message.contains("catalogue/supervision-debriefing/shift-check-in.json"),
        "{message}"
    );
    assert_eq!(fixture.snapshot(), before);
}

#[test]
fn push_rejected_branch_holds_tag() {
    let fixture = Fixture::new();
    let remote_dir = tempfile::tempdir().unwrap();
    let bare = Repository::init_bare(remote_dir.path()).unwrap();
    bare_remote(&fixture, remote_dir.path());
    let plan = planned_release(&fixture);
    let applied = release::apply(&fixture.repo, &plan, &when()).unwrap();
    // A lock file on the remote branch makes the remote reject its update,
    // which reaches the push_update_reference callback as a message.
    let lock = remote_dir.path().join(format!("{}.lock", plan.branch));
    std::fs::create_dir_all(lock.parent().unwrap()).unwrap();
    std::fs::write(&lock, "").unwrap();

    let error =
        release::push(&fixture.repo, &plan.branch, &plan.tag, &Default::default()).unwrap_err();
    match &error {
        release::PushError::Rejected { reference, .. } => assert_eq!(reference, &plan.branch),
        other => panic!("expected a rejection, got {other:?}"),
    }
    assert!(error.to_string().contains("again"), "{error}");
    assert!(
        bare.refname_to_id("refs/tags/v0.1.0").is_err(),
        "the tag waits for the branch"
    );

    std::fs::remove_file(&lock).unwrap();
    let report =
        release::push(&fixture.repo, &plan.branch, &plan.tag, &Default::default()).unwrap();
    assert_eq!(report.pushed.len(), 2, "{report:?}");
    assert_eq!(bare.refname_to_id(&plan.branch).unwrap(), applied.commit);
    assert_eq!(bare.refname_to_id("refs/tags/v0.1.0").unwrap(), applied.tag);
}
