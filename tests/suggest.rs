//! `peerkit suggest` end to end: a fake GitHub API (GitHub's own payload
//! shapes), a bare repository as the remote, and octocrab as the client.

mod support;

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use peerkit::github::{self, Client, Repository, RetryPolicy, Settings, Token};
use peerkit::suggest::{self, Identity, Input, Options, Outcome, SuggestError, COMMENT_MARKER};
use serde_json::json;
use support::git::Fixture;
use support::github::{FakeGitHub, FakePull};
use wiremock::ResponseTemplate;

const BOT_NAME: &str = "peerkit-suggestions[bot]";
const BOT_EMAIL: &str = "peerkit-suggestions@users.noreply.github.com";
const COMMIT_TIME: time::OffsetDateTime = time::macros::datetime!(2026-12-04 09:30 +01:00);

fn client(fake: &FakeGitHub) -> Client {
    Client::new(Settings {
        api_url: Some(fake.url()),
        token: Token::new("test-token"),
        repository: Repository::parse("acme/toolkit").unwrap(),
        retry: RetryPolicy {
            max_attempts: 4,
            max_wait: Duration::from_millis(1),
            default_wait: Duration::from_millis(1),
        },
    })
    .unwrap()
    .with_clock(Arc::new(FixedClock))
}

/// A clock that always reads [`COMMIT_TIME`].
#[derive(Debug)]
struct FixedClock;

impl github::Clock for FixedClock {
    fn now(&self) -> SystemTime {
        SystemTime::from(COMMIT_TIME)
    }
}

fn options() -> Options {
    Options {
        base: "main".to_string(),
        remote: "origin".to_string(),
        dry_run: false,
        reopen: false,
        bot: Identity {
            name: BOT_NAME.to_string(),
            email: BOT_EMAIL.to_string(),
        },
        today: time::macros::date!(2026 - 12 - 04),
        commit_time: COMMIT_TIME,
    }
}

/// The Markdown GitHub renders for a submitted form, with CRLF line ends.
fn form_body(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(label, value)| format!("### {label}\r\n\r\n{}\r\n", value.replace('\n', "\r\n")))
        .collect::<Vec<_>>()
        .join("\r\n")
}

fn add_fields(title: &str, rationale: &str) -> Vec<(String, String)> {
    [
        ("What you suggest", "A new support"),
        ("Title", title),
        ("Summary", "A paid debrief with a peer after a client dies."),
        (
            "Description",
            "Within a week of a client's death, the peer meets a trained peer for a paid hour.",
        ),
        ("Category", "Supervision and debriefing"),
        ("Basic requirement", "- [ ] Every project should offer this"),
        (
            "Roles",
            "- [ ] Peer research associate\n- [X] Peer health system navigator",
        ),
        ("Work intensities", "- [x] Contract"),
        ("Readiness stages", "- [X] Entry"),
        ("Obstacles", "- [X] Grief and vicarious trauma"),
        ("Providers", "- [X] Host organisation"),
        ("Practices", "Offer it within a week.\nPay the hour."),
        ("Sources", "focus group: Peer navigators' focus group, 2026"),
        ("Why", rationale),
        ("Your perspective", "Peer worker"),
        ("Where the suggestion comes from", "Focus group, 2026-11-20"),
        ("Name to credit", "Ana"),
    ]
    .into_iter()
    .map(|(label, value)| (label.to_string(), value.to_string()))
    .collect()
}

fn body_of(fields: &[(String, String)]) -> String {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    form_body(&pairs)
}

const TITLE: &str = "Peer debrief after a client death";
const ENTRY_PATH: &str = "catalogue/supervision-debriefing/peer-debrief-after-a-client-death.json";
const BRANCH: &str = "suggestion/issue-42";

async fn run(
    fixture: &Fixture,
    client: &Client,
    input: &Input,
    options: &Options,
) -> Result<Outcome, SuggestError> {
    suggest::run(&fixture.repo(), Some(client), input, options).await
}

#[tokio::test]
async fn issue_form_opens_pull_request() {
    let fixture = Fixture::new();
    let before = fixture.snapshot();
    let fake = FakeGitHub::start("acme", "toolkit").await;
    fake.add_issue(
        42,
        "Suggestion: debrief",
        &body_of(&add_fields(TITLE, "Peers carry grief alone.")),
        &["suggestion"],
    );
    let client = client(&fake);

    let outcome = run(&fixture, &client, &Input::Issue(42), &options())
        .await
        .unwrap();

    let Outcome::Opened { branch, pull } = outcome else {
        panic!("expected an opened pull request, got {outcome:?}");
    };
    assert_eq!(branch, BRANCH);
    let created = fake.requests("POST", "/repos/acme/toolkit/pulls");
    assert_eq!(created.len(), 1);
    let request = &created[0].body;
    assert_eq!(request["head"], BRANCH);
    assert_eq!(request["base"], "main");
    assert_eq!(
        request["title"],
        format!("Add entry peer-debrief-after-a-client-death: {TITLE}")
    );
    let body = request["body"].as_str().unwrap();
    assert!(body.contains("Peers carry grief alone."), "{body}");
    assert!(body.contains("Perspective: Peer worker"), "{body}");
    assert!(body.trim_end().ends_with("Closes #42"), "{body}");
    assert!(body.contains("no error in the 1 changed file"), "{body}");
    let labels = fake.requests("POST", &format!("/issues/{}/labels", pull.number));
    assert_eq!(labels.len(), 1);
    assert_eq!(labels[0].body, json!({"labels": ["suggestion"]}));
    fake.assert_bodies_valid();

    let entry = fixture
        .remote_file(BRANCH, ENTRY_PATH)
        .expect("the entry is on the branch");
    let value: serde_json::Value = serde_json::from_str(&entry).unwrap();
    assert_eq!(value["id"], "peer-debrief-after-a-client-death");
    assert_eq!(value["fits"]["roles"], json!(["navigator"]));
    assert_eq!(value["status"], "proposed");
    assert_eq!(value["sources"][0]["kind"], "focus-group");
    assert_eq!(value["last_reviewed"], "2026-12-04");
    let schemas: Vec<(String, peerkit::json::Value)> = ["common", "entry", "gap"]
        .iter()
        .map(|name| {
            let path = format!("{}/schemas/{name}.schema.json", env!("CARGO_MANIFEST_DIR"));
            let bytes = std::fs::read(path).unwrap();
            let value = peerkit::json::parse(&bytes, &peerkit::json::DEFAULT_LIMITS).unwrap();
            (format!("{name}.schema.json"), value)
        })
        .collect();
    let formatted = peerkit::format::KeyOrders::from_schemas(&schemas)
        .format_bytes(Some(peerkit::catalogue::FileKind::Entry), entry.as_bytes())
        .unwrap();
    assert!(
        formatted.reasons.is_empty(),
        "not canonical: {:?}",
        formatted.reasons
    );

    let remote = fixture.remote_repo();
    let commit = remote
        .find_commit(fixture.remote_branch(BRANCH).unwrap())
        .unwrap();
    assert_eq!(commit.author().name().unwrap(), BOT_NAME);
    assert_eq!(commit.author().email().unwrap(), BOT_EMAIL);
    assert_eq!(commit.committer().name().unwrap(), BOT_NAME);
    for when in [commit.author().when(), commit.committer().when()] {
        assert_eq!(when.seconds(), COMMIT_TIME.unix_timestamp());
        assert_eq!(when.offset_minutes(), 60);
    }
    assert_eq!(
        commit.parent_id(0).unwrap(),
        fixture.remote_branch("main").unwrap()
    );
    let message = commit.message().unwrap();
    assert!(message.contains("\nSuggestion: #42\n"), "{message}");
    assert!(message.contains("\nSuggested-by: Ana\n"), "{message}");
    for text in [message, body, &entry] {
        assert!(
            !text.contains("octocat"),
            "the submitter's account leaks: {text}"
        );
        assert!(!text.contains("@github.com"), "an email leaks: {text}");
    }
    assert_eq!(
        fixture.snapshot(),
        before,
        "the working tree and index changed"
    );
}

#[tokio::test]
async fn rerun_makes_no_duplicate() {
    let fixture = Fixture::new();
    let fake = FakeGitHub::start("acme", "toolkit").await;
    fake.add_issue(
        42,
        "Suggestion",
        &body_of(&add_fields(TITLE, "Grief.")),
        &["suggestion"],
    );
    let client = client(&fake);
    run(&fixture, &client, &Input::Issue(42), &options())
        .await
        .unwrap();
    let tip = fixture.remote_branch(BRANCH);
    let writes_before = fake.writes().len();

    let outcome = run(&fixture, &client, &Input::Issue(42), &options())
        .await
        .unwrap();

    assert!(matches!(outcome, Outcome::Unchanged { .. }), "{outcome:?}");
    assert_eq!(fake.requests("POST", "/pulls").len(), 1);
    assert_eq!(
        fake.writes().len(),
        writes_before,
        "the rerun wrote to GitHub"
    );
    assert_eq!(fixture.remote_branch(BRANCH), tip, "the rerun pushed");
    assert_eq!(fake.state().pulls.len(), 1);
}

#[tokio::test]
async fn edited_issue_updates_pull() {
    let fixture = Fixture::new();
    let fake = FakeGitHub::start("acme", "toolkit").await;
    fake.add_issue(
        42,
        "Suggestion",
        &body_of(&add_fields(TITLE, "Grief.")),
        &["suggestion"],
    );
    let client = client(&fake);
    run(&fixture, &client, &Input::Issue(42), &options())
        .await
        .unwrap();
    let first_tip = fixture.remote_branch(BRANCH);
    let mut fields = add_fields(TITLE, "Grief, told at the focus group.");
    fields[2].1 = "A paid debrief with a trained peer after a client dies.".to_string();
    fake.state().issues.get_mut(&42).unwrap().body = body_of(&fields);

    let outcome = run(&fixture, &client, &Input::Issue(42), &options())
        .await
        .unwrap();

    let Outcome::Updated { pushed, pull, .. } = outcome else {
        panic!("expected an update, got {outcome:?}");
    };
    assert!(pushed);
    assert_ne!(fixture.remote_branch(BRANCH), first_tip);
    assert_eq!(fake.requests("POST", "/pulls").len(), 1);
    let updates = fake.requests("PATCH", &format!("/pulls/{}", pull.number));
    assert_eq!(updates.len(), 1);
    assert!(updates[0].body["body"]
        .as_str()
        .unwrap()
        .contains("told at the focus group"));
    assert!(fixture
        .remote_file(BRANCH, ENTRY_PATH)
        .unwrap()
        .contains("with a trained peer"));
    fake.assert_bodies_valid();
}

#[tokio::test]
async fn invalid_issue_gets_one_comment() {
    let fixture = Fixture::new();
    let fake = FakeGitHub::start("acme", "toolkit").await;
    let mut fields = add_fields(TITLE, "Grief.");
    fields.retain(|(label, _)| label != "Why");
    fields[4].1 = "Not a category".to_string();
    fake.add_issue(42, "Suggestion", &body_of(&fields), &["suggestion"]);
    let client = client(&fake);

    let outcome = run(&fixture, &client, &Input::Issue(42), &options())
        .await
        .unwrap();

    let Outcome::Invalid { problems } = outcome else {
        panic!("expected invalid, got {outcome:?}");
    };
    assert!(
        problems
            .iter()
            .any(|p| p.field == "Why" && p.message.contains("required")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.field == "Category"),
        "{problems:?}"
    );
    assert_eq!(fake.requests("POST", "/issues/42/comments").len(), 1);
    assert_eq!(
        fake.state().labels[&42],
        vec!["suggestion", "suggestion-invalid"]
    );
    assert!(fake.requests("POST", "/pulls").is_empty());
    assert!(fixture.remote_branch(BRANCH).is_none());

    fields[4].1 = "Supervision and debriefing".to_string();
    fake.state().issues.get_mut(&42).unwrap().body = body_of(&fields);
    run(&fixture, &client, &Input::Issue(42), &options())
        .await
        .unwrap();
    assert_eq!(
        fake.requests("POST", "/issues/42/comments").len(),
        1,
        "a second comment"
    );
    assert_eq!(fake.requests("PATCH", "/issues/comments/5000").len(), 1);
    let comment = fake.state().comments[0].body.clone();
    assert!(comment.starts_with(COMMENT_MARKER));
    assert!(comment.contains("Why"));
    assert!(!comment.contains("Category"), "{comment}");

    let valid = add_fields(TITLE, "Grief.");
    fake.state().issues.get_mut(&42).unwrap().body = body_of(&valid);
    let outcome = run(&fixture, &client, &Input::Issue(42), &options())
        .await
        .unwrap();
    assert!(matches!(outcome, Outcome::Opened { .. }), "{outcome:?}");
    assert_eq!(fake.state().labels[&42], vec!["suggestion"]);
    assert!(fake.state().comments[0].body.contains("is valid now"));
    assert_eq!(fake.state().comments.len(), 1);
    fake.assert_bodies_valid();
}

#[tokio::test]
async fn existing_pull_found_after_422() {
    let fixture = Fixture::new();
    let fake = FakeGitHub::start("acme", "toolkit").await;
    fake.add_issue(
        42,
        "Suggestion",
        &body_of(&add_fields(TITLE, "Grief.")),
        &["suggestion"],
    );
    fake.state().pulls.insert(
        7,
        FakePull {
            number: 7,
            title: "old".to_string(),
            body: "old".to_string(),
            head: BRANCH.to_string(),
            base: "main".to_string(),
            state: "open".to_string(),
            merged: false,
        },
    );
    // The first listing misses the pull request, as a stale read would.
    fake.fail_next(
        "GET",
        "/pulls",
        ResponseTemplate::new(200).set_body_json(json!([])),
    );
    let client = client(&fake);

    let outcome = run(&fixture, &client, &Input::Issue(42), &options())
        .await
        .unwrap();

    let Outcome::Updated { pull, .. } = outcome else {
        panic!("expected an update, got {outcome:?}");
    };
    assert_eq!(pull.number, 7);
    assert_eq!(fake.requests("POST", "/pulls").len(), 1);
    assert_eq!(fake.requests("PATCH", "/pulls/7").len(), 1);
    assert_eq!(fake.state().pulls.len(), 1);
}

#[tokio::test]
async fn other_validation_errors_show_detail() {
    let fake = FakeGitHub::start("acme", "toolkit").await;
    fake.fail_next(
        "POST",
        "/pulls",
        ResponseTemplate::new(422).set_body_json(json!({
            "message": "Validation Failed",
            "errors": [{"resource": "PullRequest", "field": "base", "code": "invalid"}],
            "documentation_url": "https://docs.github.com/rest/pulls/pulls#create-a-pull-request"
        })),
    );
    let client = client(&fake);

    let error = client
        .create_pull("t", "suggestion/x", "nope", "b")
        .await
        .unwrap_err();

    let text = error.to_string();
    assert!(text.contains("POST /repos/acme/toolkit/pulls"), "{text}");
    assert!(text.contains("PullRequest.base: invalid"), "{text}");
    assert_eq!(error.status(), Some(422));
}

#[tokio::test]
async fn rate_limits_wait_then_succeed() {
    let fixture = Fixture::new();
    let fake = FakeGitHub::start("acme", "toolkit").await;
    fake.add_issue(
        42,
        "Suggestion",
        &body_of(&add_fields(TITLE, "Grief.")),
        &["suggestion"],
    );
    let reset = (COMMIT_TIME.unix_timestamp() + 3600).to_string();
    fake.fail_next(
        "POST",
        "/pulls",
        ResponseTemplate::new(403)
            .insert_header("retry-after", "2")
            .set_body_json(json!({"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."})),
    );
    fake.fail_next(
        "POST",
        "/pulls",
        ResponseTemplate::new(429).set_body_json(json!({"message": "Too Many Requests"})),
    );
    fake.fail_next(
        "POST",
        "/pulls",
        ResponseTemplate::new(403)
            .insert_header("x-ratelimit-remaining", "0")
            .insert_header("x-ratelimit-reset", reset.as_str())
            .set_body_json(json!({"message": "API rate limit exceeded for installation."})),
    );
    let client = client(&fake);

    let outcome = run(&fixture, &client, &Input::Issue(42), &options())
        .await
        .unwrap();

    assert!(matches!(outcome, Outcome::Opened { .. }), "{outcome:?}");
    assert_eq!(fake.requests("POST", "/repos/acme/toolkit/pulls").len(), 4);
    assert_eq!(fake.state().pulls.len(), 1);
    // Each retry first looked for a pull request the failed try made.
    assert_eq!(
        fake.requests("GET", "/repos/acme/toolkit/pulls").len(),
        1 + 3
    );
}

#[tokio::test]
async fn retry_finds_pull_created_anyway() {
    let fixture = Fixture::new();
    let fake = FakeGitHub::start("acme", "toolkit").await;
    fake.add_issue(
        42,
        "Suggestion",
        &body_of(&add_fields(TITLE, "Grief.")),
        &["suggestion"],
    );
    let created_once = std::sync::atomic::AtomicBool::new(false);
    fake.add_route(Box::new(move |request, state| {
        let first = request.method == "POST"
            && request.path.ends_with("/pulls")
            && !created_once.swap(true, std::sync::atomic::Ordering::SeqCst);
        if !first {
            return None;
        }
        state.pulls.insert(
            300,
            FakePull {
                number: 300,
                title: request.body["title"].as_str().unwrap().to_string(),
                body: request.body["body"].as_str().unwrap().to_string(),
                head: request.body["head"].as_str().unwrap().to_string(),
                base: "main".to_string(),
                state: "open".to_string(),
                merged: false,
            },
        );
        Some(ResponseTemplate::new(429).set_body_json(json!({"message": "Too Many Requests"})))
    }));
    let client = client(&fake);

    let outcome = run(&fixture, &client, &Input::Issue(42), &options())
        .await
        .unwrap();

    let Outcome::Opened { pull, .. } = outcome else {
        panic!("expected opened, got {outcome:?}");
    };
    assert_eq!(pull.number, 300);
    assert_eq!(fake.requests("POST", "/repos/acme/toolkit/pulls").len(), 1);
    assert_eq!(fake.state().pulls.len(), 1);
}

#[tokio::test]
async fn permission_denied_not_retried() {
    let fixture = Fixture::new();
    let fake = FakeGitHub::start("acme", "toolkit").await;
    fake.add_issue(
        42,
        "Suggestion",
        &body_of(&add_fields(TITLE, "Grief.")),
        &["suggestion"],
    );
    fake.fail_next(
        "POST",
        "/pulls",
        ResponseTemplate::new(403)
            .insert_header("x-accepted-github-permissions", "pull_requests=write")
            .set_body_json(json!({"message": "Resource not accessible by integration"})),
    );
    let client = client(&fake);

    let error = run(&fixture, &client, &Input::Issue(42), &options())
        .await
        .unwrap_err();

    let text = error.to_string();
    assert!(
        matches!(error, SuggestError::GitHub(github::Error::Forbidden { .. })),
        "{text}"
    );
    assert!(text.contains("pull-requests: write"), "{text}");
    assert!(
        text.contains("Resource not accessible by integration"),
        "{text}"
    );
    assert_eq!(fake.requests("POST", "/repos/acme/toolkit/pulls").len(), 1);
}

#[tokio::test]
async fn actions_setting_named_in_error() {
    let fake = FakeGitHub::start("acme", "toolkit").await;
    fake.fail_next(
        "POST",
        "/pulls",
        ResponseTemplate::new(403).set_body_json(json!({
            "message": "GitHub Actions is not permitted to create or approve pull requests.",
            "documentation_url": "https://docs.github.com/rest/pulls/pulls#create-a-pull-request"
        })),
    );
    let client = client(&fake);

    let error = client
        .create_pull("t", "suggestion/x", "main", "b")
        .await
        .unwrap_err();

    let text = error.to_string();
    assert!(
        text.contains("Allow GitHub Actions to create and approve pull requests"),
        "{text}"
    );
    assert_eq!(fake.requests("POST", "/pulls").len(), 1);
}

#[tokio::test]
async fn push_then_failure_finished_by_rerun() {
    let fixture = Fixture::new();
    let fake = FakeGitHub::start("acme", "toolkit").await;
    fake.add_issue(
        42,
        "Suggestion",
        &body_of(&add_fields(TITLE, "Grief.")),
        &["suggestion"],
    );
    fake.fail_next(
        "POST",
        "/pulls",
        ResponseTemplate::new(500).set_body_json(json!({"message": "Server Error"})),
    );
    let client = client(&fake);

    let error = run(&fixture, &client, &Input::Issue(42), &options())
        .await
        .unwrap_err();
    assert!(error.to_string().contains("500"), "{error}");
    let tip = fixture
        .remote_branch(BRANCH)
        .expect("the branch was pushed");

    let outcome = run(&fixture, &client, &Input::Issue(42), &options())
        .await
        .unwrap();
    assert!(matches!(outcome, Outcome::Opened { .. }), "{outcome:?}");
    assert_eq!(
        fixture.remote_branch(BRANCH),
        Some(tip),
        "the rerun pushed again"
    );
    assert_eq!(fake.state().pulls.len(), 1);
}

#[tokio::test]
async fn closed_pull_not_reopened_by_default() {
    let fixture = Fixture::new();
    let fake = FakeGitHub::start("acme", "toolkit").await;
    fake.add_issue(
        42,
        "Suggestion",
        &body_of(&add_fields(TITLE, "Grief.")),
        &["suggestion"],
    );
    fake.state().pulls.insert(
        9,
        FakePull {
            number: 9,
            title: "old".to_string(),
            body: "old".to_string(),
            head: BRANCH.to_string(),
            base: "main".to_string(),
            state: "closed".to_string(),
            merged: true,
        },
    );
    let client = client(&fake);

    let outcome = run(&fixture, &client, &Input::Issue(42), &options())
        .await
        .unwrap();
    assert!(matches!(outcome, Outcome::PullClosed { .. }), "{outcome:?}");
    assert!(fake.writes().is_empty());
    assert!(fixture.remote_branch(BRANCH).is_none());

    let reopen = Options {
        reopen: true,
        ..options()
    };
    let outcome = run(&fixture, &client, &Input::Issue(42), &reopen)
        .await
        .unwrap();
    let Outcome::Opened { pull, .. } = outcome else {
        panic!("expected opened, got {outcome:?}");
    };
    assert_ne!(pull.number, 9, "a merged pull request cannot be reopened");
}

#[tokio::test]
async fn foreign_commits_stop_the_run() {
    let fixture = Fixture::new();
    fixture.push_foreign_commit(BRANCH);
    let tip = fixture.remote_branch(BRANCH);
    let fake = FakeGitHub::start("acme", "toolkit").await;
    fake.add_issue(
        42,
        "Suggestion",
        &body_of(&add_fields(TITLE, "Grief.")),
        &["suggestion"],
    );
    let client = client(&fake);

    let error = run(&fixture, &client, &Input::Issue(42), &options())
        .await
        .unwrap_err();

    assert!(
        matches!(error, SuggestError::ForeignCommits { .. }),
        "{error}"
    );
    assert!(error.to_string().contains("Work in progress"), "{error}");
    assert_eq!(fixture.remote_branch(BRANCH), tip);
    assert!(fake.requests("POST", "/pulls").is_empty());
}

#[tokio::test]
async fn dry_run_writes_nothing() {
    let fixture = Fixture::new();
    let before = fixture.snapshot();
    let fake = FakeGitHub::start("acme", "toolkit").await;
    fake.add_issue(
        42,
        "Suggestion",
        &body_of(&add_fields(TITLE, "Grief.")),
        &["suggestion"],
    );
    let client = client(&fake);
    let dry = Options {
        dry_run: true,
        ..options()
    };
    let references = |fixture: &Fixture| -> Vec<String> {
        let repo = fixture.repo();
        let names = repo
            .references()
            .unwrap()
            .map(|r| r.unwrap().name().unwrap().to_string());
        names.collect()
    };
    let refs_before = references(&fixture);

    let outcome = run(&fixture, &client, &Input::Issue(42), &dry)
        .await
        .unwrap();

    let Outcome::DryRun(plan) = outcome else {
        panic!("expected a plan, got {outcome:?}");
    };
    assert_eq!(plan.branch, BRANCH);
    assert!(
        plan.diff.contains(&format!("+++ b/{ENTRY_PATH}")),
        "{}",
        plan.diff
    );
    assert!(plan.body.contains("Closes #42"));
    assert!(fake.writes().is_empty());
    assert!(fixture.remote_branch(BRANCH).is_none());
    assert_eq!(fixture.snapshot(), before);
    assert_eq!(
        references(&fixture),
        refs_before,
        "a dry run changed a reference"
    );
}

#[tokio::test]
async fn hostile_text_shows_literally() {
    let fixture = Fixture::new();
    let fake = FakeGitHub::start("acme", "toolkit").await;
    let hostile_title = "x\"; echo PWNED > pwned.txt; echo \"";
    let rationale =
        "Run `id` and $(id). @everyone look. Closes #1, fixes #2.\n<img src=x onerror=alert(1)>";
    fake.add_issue(
        42,
        hostile_title,
        &body_of(&add_fields(hostile_title, rationale)),
        &["suggestion"],
    );
    let client = client(&fake);

    let outcome = run(&fixture, &client, &Input::Issue(42), &options())
        .await
        .unwrap();

    assert!(matches!(outcome, Outcome::Opened { .. }), "{outcome:?}");
    let request = fake.requests("POST", "/repos/acme/toolkit/pulls")[0]
        .body
        .clone();
    let body = request["body"].as_str().unwrap();
    let title = request["title"].as_str().unwrap();
    assert!(title.contains("echo PWNED > pwned.txt"), "{title}");
    assert!(!body.contains("@everyone"), "{body}");
    assert!(body.contains("@\u{200B}everyone"), "{body}");
    assert!(!body.contains("<img"), "{body}");
    assert!(
        body.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{body}"
    );
    assert!(body.contains("\\`id\\`"), "{body}");
    assert!(body.contains("$(id)"), "{body}");
    let closing = [
        "close", "closes", "closed", "fix", "fixes", "fixed", "resolve", "resolves", "resolved",
    ];
    let words: Vec<String> = body
        .split(|c: char| !c.is_alphanumeric() && c != '#')
        .map(str::to_lowercase)
        .collect();
    for pair in words.windows(2) {
        if closing.contains(&pair[0].as_str()) {
            assert_eq!(
                pair[1], "#42",
                "a closing keyword names another issue: {body}"
            );
        }
    }
    let message = fixture
        .remote_repo()
        .find_commit(fixture.remote_branch(BRANCH).unwrap())
        .unwrap()
        .message()
        .unwrap()
        .to_string();
    assert!(!message.contains("Closes #1"), "{message}");
    assert!(!message.contains("@everyone"), "{message}");
    assert!(!fixture.work.join("pwned.txt").exists());
    assert!(!std::path::Path::new("pwned.txt").exists());
    fake.assert_bodies_valid();
}

#[tokio::test]
async fn traversal_ids_rejected() {
    let fixture = Fixture::new();
    let fake = FakeGitHub::start("acme", "toolkit").await;
    let client = client(&fake);
    let file = json!({
        "id": "../../etc/passwd",
        "kind": "deprecate",
        "target": "impact-debriefing",
        "reason": "Replaced.",
        "rationale": "Because.",
        "perspective": "coordinator"
    });
    let input = Input::File {
        name: "hostile.json".to_string(),
        bytes: file.to_string().into_bytes(),
    };
    let outcome = run(&fixture, &client, &input, &options()).await.unwrap();
    assert!(matches!(outcome, Outcome::Invalid { .. }), "{outcome:?}");

    let change_fields = [
        ("Id of the entry or gap to change", "../impact-debriefing"),
        ("New title", "New"),
        ("Why", "Because."),
        ("Your perspective", "Researcher"),
    ];
    fake.add_issue(43, "Change", &form_body(&change_fields), &["suggestion"]);
    let outcome = run(&fixture, &client, &Input::Issue(43), &options())
        .await
        .unwrap();
    let Outcome::Invalid { problems } = outcome else {
        panic!("expected invalid, got {outcome:?}");
    };
    assert!(
        problems[0].message.contains("not a valid id"),
        "{problems:?}"
    );
    assert!(fake.requests("POST", "/pulls").is_empty());
    let branches: Vec<String> = fixture
        .remote_repo()
        .references()
        .unwrap()
        .map(|r| r.unwrap().name().unwrap().to_string())
        .collect();
    assert_eq!(branches, vec!["refs/heads/main".to_string()]);
}

#[tokio::test]
async fn change_form_patches_terms() {
    let fixture = Fixture::new();
    let fake = FakeGitHub::start("acme", "toolkit").await;
    let fields = [
        ("Id of the entry or gap to change", "impact-debriefing"),
        ("New title", "_No response_"),
        ("Obstacles to add", "- [X] HIV stigma\n- [ ] Trauma"),
        ("Why", "Stigma shapes the debrief."),
        ("Your perspective", "Researcher"),
        ("Name to credit", "_No response_"),
    ];
    fake.add_issue(44, "Change", &form_body(&fields), &["suggestion"]);
    let client = client(&fake);

    let outcome = run(&fixture, &client, &Input::Issue(44), &options())
        .await
        .unwrap();

    assert!(matches!(outcome, Outcome::Opened { .. }), "{outcome:?}");
    let path = "catalogue/supervision-debriefing/impact-debriefing.json";
    let entry: serde_json::Value =
        serde_json::from_str(&fixture.remote_file("suggestion/issue-44", path).unwrap()).unwrap();
    let obstacles: Vec<&str> = entry["obstacles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(obstacles.contains(&"hiv-stigma"), "{obstacles:?}");
    let message = fixture
        .remote_repo()
        .find_commit(fixture.remote_branch("suggestion/issue-44").unwrap())
        .unwrap()
        .message()
        .unwrap()
        .to_string();
    assert!(!message.contains("Suggested-by"), "{message}");
}

#[tokio::test]
async fn suggestion_file_opens_pull_request() {
    let fixture = Fixture::new();
    let fake = FakeGitHub::start("acme", "toolkit").await;
    let file = json!({
        "$schema": "../schemas/suggestion.schema.json",
        "id": "retire-impact-debriefing",
        "kind": "deprecate",
        "target": "impact-debriefing",
        "reason": "Reflection circles cover it.",
        "replacement": "reflection-circle",
        "rationale": "Collected at a focus group of peer navigators.",
        "perspective": "coordinator",
        "context": "Focus group, 2026-11-20"
    });
    let input = Input::File {
        name: "retire.json".to_string(),
        bytes: file.to_string().into_bytes(),
    };
    let client = client(&fake);

    let outcome = run(&fixture, &client, &input, &options()).await.unwrap();

    let Outcome::Opened { branch, .. } = outcome else {
        panic!("expected opened, got {outcome:?}");
    };
    assert_eq!(branch, "suggestion/retire-impact-debriefing");
    let path = "catalogue/supervision-debriefing/impact-debriefing.json";
    let entry: serde_json::Value =
        serde_json::from_str(&fixture.remote_file(&branch, path).unwrap()).unwrap();
    assert_eq!(entry["status"], "deprecated");
    assert_eq!(entry["superseded_by"], "reflection-circle");
    let body = fake.requests("POST", "/repos/acme/toolkit/pulls")[0].body["body"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!body.contains("Closes"), "{body}");
    let message = fixture
        .remote_repo()
        .find_commit(fixture.remote_branch(&branch).unwrap())
        .unwrap()
        .message()
        .unwrap()
        .to_string();
    assert!(
        message.contains("\nSuggestion: retire-impact-debriefing\n"),
        "{message}"
    );
}

#[tokio::test]
async fn suggestion_file_schema_errors_listed() {
    let fixture = Fixture::new();
    let fake = FakeGitHub::start("acme", "toolkit").await;
    let file = json!({
        "id": "with-email",
        "kind": "deprecate",
        "target": "impact-debriefing",
        "reason": "Old.",
        "rationale": "Because.",
        "perspective": "coordinator",
        "email": "someone@example.org"
    });
    let input = Input::File {
        name: "email.json".to_string(),
        bytes: file.to_string().into_bytes(),
    };
    let client = client(&fake);

    let outcome = run(&fixture, &client, &input, &options()).await.unwrap();

    let Outcome::Invalid { problems } = outcome else {
        panic!("expected invalid, got {outcome:?}");
    };
    assert!(
        problems.iter().any(|p| p.message.contains("email")),
        "{problems:?}"
    );
    assert!(fake.writes().is_empty());
}

#[test]
fn forms_match_vocabulary() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(root.join("catalogue/vocabulary.json")).unwrap();
    let vocabulary: peerkit::catalogue::Vocabulary = serde_json::from_slice(&bytes).unwrap();
    for (path, expected) in suggest::forms::generate(&vocabulary) {
        let committed = std::fs::read_to_string(root.join(&path)).unwrap_or_default();
        assert_eq!(
            committed, expected,
            "{path} differs from the vocabulary: run `peerkit forms`"
        );
    }
}

#[tokio::test]
async fn suggestions_grouped_by_entry() {
    let fake = FakeGitHub::start("acme", "toolkit").await;
    let change = |title: &str| {
        form_body(&[
            ("Id of the entry or gap to change", "impact-debriefing"),
            ("New title", title),
            ("Why", "Because."),
            ("Your perspective", "Researcher"),
        ])
    };
    fake.add_issue(50, "Change: one", &change("One"), &["suggestion"]);
    fake.add_issue(51, "Change: two", &change("Two"), &["suggestion"]);
    fake.add_issue(
        52,
        "Suggestion: new",
        &body_of(&add_fields(TITLE, "Grief.")),
        &["suggestion"],
    );
    fake.add_issue(
        53,
        "Unrelated",
        "### Title\r\n\r\nNot labelled\r\n",
        &["bug"],
    );
    let url = fake.url();

    let output = tokio::task::spawn_blocking(move || {
        assert_cmd::Command::cargo_bin("peerkit")
            .unwrap()
            .arg("suggestions")
            .env("GITHUB_API_URL", url)
            .env("GITHUB_TOKEN", "test-token")
            .env("GITHUB_REPOSITORY", "acme/toolkit")
            .output()
            .unwrap()
    })
    .await
    .unwrap();

    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("impact-debriefing  <- more than one suggestion\n  #50 Change: one\n  #51 Change: two\n"), "{stdout}");
    assert!(
        stdout.contains("peer-debrief-after-a-client-death (new)\n  #52"),
        "{stdout}"
    );
    assert!(!stdout.contains("#53"), "{stdout}");
    assert!(!stdout.contains("test-token"), "{stdout}");
}

#[tokio::test]
async fn cli_under_api_prefix_hides_token() {
    const TOKEN: &str = "ghs_fixtureTokenThatMustNotShow";
    let fixture = Fixture::new();
    let fake = FakeGitHub::start_at("acme", "toolkit", "/api/v3").await;
    fake.add_issue(
        42,
        "Suggestion",
        &body_of(&add_fields(TITLE, "Grief.")),
        &["suggestion"],
    );
    fake.fail_next(
        "POST",
        "/pulls",
        ResponseTemplate::new(403)
            .insert_header("retry-after", "3600")
            .set_body_json(json!({"message": "You have exceeded a secondary rate limit."})),
    );
    let url = fake.url();
    let work = fixture.work.clone();

    let output = tokio::task::spawn_blocking(move || {
        assert_cmd::Command::cargo_bin("peerkit")
            .unwrap()
            .args(["-vv", "--root"])
            .arg(&work)
            .args(["suggest", "--issue", "42"])
            .env_remove("RUST_LOG")
            .env("NO_COLOR", "1")
            .env("GITHUB_API_URL", url)
            .env("GITHUB_TOKEN", TOKEN)
            .env("GITHUB_REPOSITORY", "acme/toolkit")
            .env("PEERKIT_GITHUB_MAX_WAIT", "0.001")
            .env("PEERKIT_BOT_NAME", BOT_NAME)
            .env("PEERKIT_BOT_EMAIL", BOT_EMAIL)
            .output()
            .unwrap()
    })
    .await
    .unwrap();

    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("opened pull request #"), "{stdout}");
    assert_eq!(fake.state().outside_prefix, Vec::<String>::new());
    assert_eq!(fake.state().pulls.len(), 1);
    // The 3600-second wait that GitHub requested was cut to 1 ms and logged.
    assert!(stderr.contains("GitHub rate limit"), "{stderr}");
    assert!(stderr.contains("wait_ms=1 "), "{stderr}");
    assert!(
        !stdout.contains(TOKEN),
        "the token shows on stdout: {stdout}"
    );
    assert!(
        !stderr.contains(TOKEN),
        "the token shows in the log: {stderr}"
    );
}

#[tokio::test]
async fn failed_reads_named_not_retried() {
    let documentation = "https://docs.github.com/rest";
    let cases = [
        (401, "Bad credentials", "the token is invalid or expired"),
        (
            404,
            "Not Found",
            "does not exist, or the token cannot see it",
        ),
        // octocrab's own retry layer, if it were on, would send this again.
        (500, "Server Error", "failed with 500"),
    ];
    for (status, message, fix) in cases {
        let fixture = Fixture::new();
        let fake = FakeGitHub::start("acme", "toolkit").await;
        fake.add_issue(
            42,
            "Suggestion",
            &body_of(&add_fields(TITLE, "Grief.")),
            &["suggestion"],
        );
        fake.fail_next(
            "GET",
            "/issues/42",
            ResponseTemplate::new(status).set_body_json(
                json!({"message": message, "documentation_url": documentation, "status": status.to_string()}),
            ),
        );
        let client = client(&fake);

        let error = run(&fixture, &client, &Input::Issue(42), &options())
            .await
            .unwrap_err();

        let text = error.to_string();
        assert!(text.contains("GET /repos/acme/toolkit/issues/42"), "{text}");
        assert!(text.contains(&format!("{status} ({message})")), "{text}");
        assert!(text.contains(fix), "{text}");
        assert!(!text.contains("test-token"), "{text}");
        assert_eq!(
            fake.requests("GET", "/repos/acme/toolkit/issues/42").len(),
            1
        );
        assert_eq!(
            fake.writes().len(),
            0,
            "{status} wrote: {:?}",
            fake.writes()
        );
        assert_eq!(fixture.remote_branch(BRANCH), None);
    }
}

#[tokio::test]
async fn rate_limit_gives_up_after_max_attempts() {
    let fixture = Fixture::new();
    let fake = FakeGitHub::start("acme", "toolkit").await;
    fake.add_issue(
        42,
        "Suggestion",
        &body_of(&add_fields(TITLE, "Grief.")),
        &["suggestion"],
    );
    for _ in 0..4 {
        fake.fail_next(
            "GET",
            "/issues/42",
            ResponseTemplate::new(429).set_body_json(json!({"message": "Too Many Requests"})),
        );
    }
    let client = client(&fake);

    let error = run(&fixture, &client, &Input::Issue(42), &options())
        .await
        .unwrap_err();

    let text = error.to_string();
    assert!(
        matches!(
            error,
            SuggestError::GitHub(github::Error::RateLimited { attempts: 4, .. })
        ),
        "{text}"
    );
    assert!(text.contains("wait and run again"), "{text}");
    assert_eq!(
        fake.requests("GET", "/repos/acme/toolkit/issues/42").len(),
        4
    );
}

/// The `run:` scripts of a workflow, each with its first line number.
fn run_scripts(workflow: &str) -> Vec<(usize, String)> {
    let indent = |line: &str| line.len() - line.trim_start().len();
    let mut scripts: Vec<(usize, String)> = Vec::new();
    let mut block: Option<usize> = None;
    for (number, line) in workflow.lines().enumerate() {
        if let Some(start) = block {
            if line.trim().is_empty() || indent(line) > start {
                scripts.last_mut().unwrap().1.push_str(line);
                continue;
            }
            block = None;
        }
        let trimmed = line.trim_start().trim_start_matches("- ");
        if let Some(script) = trimmed.strip_prefix("run:") {
            scripts.push((number + 1, script.to_string()));
            if matches!(script.trim(), "|" | ">" | "|-" | ">-") {
                block = Some(indent(line));
            }
        }
    }
    scripts
}

#[test]
fn workflow_keeps_event_text_out_of_scripts() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/.github/workflows/suggestion.yml"
    );
    let workflow = std::fs::read_to_string(path).unwrap();
    let scripts = run_scripts(&workflow);
    assert!(scripts.len() >= 3, "{scripts:?}");
    for (line, script) in scripts {
        assert!(
            !script.contains("${{"),
            "line {line}: an expression inside run: lets issue text become shell code; pass it through env: {script}"
        );
    }
    assert!(workflow.contains("\npermissions: {}\n"), "{workflow}");
    assert!(
        workflow.contains("group: suggestion-${{ github.event.issue.number }}"),
        "{workflow}"
    );
    for line in workflow.lines().filter(|line| line.contains("uses:")) {
        let pin = line.split('@').nth(1).unwrap_or_default();
        let sha = pin.split_whitespace().next().unwrap_or_default();
        assert!(
            sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit()),
            "not pinned to a commit: {line}"
        );
    }
}

#[tokio::test]
async fn client_debug_hides_token() {
    let fake = FakeGitHub::start("acme", "toolkit").await;
    let client = client(&fake);

    let shown = format!("{client:?} {:?}", client.token());

    assert!(!shown.contains("test-token"), "{shown}");
}

#[tokio::test]
async fn suggestion_file_unknown_target_named() {
    let fixture = Fixture::new();
    let fake = FakeGitHub::start("acme", "toolkit").await;
    let file = json!({
        "id": "rename-missing",
        "kind": "change",
        "target": "no-such-entry",
        "patch": {"title": "New title"},
        "rationale": "Because.",
        "perspective": "coordinator"
    });
    let input = Input::File {
        name: "rename.json".to_string(),
        bytes: file.to_string().into_bytes(),
    };
    let client = client(&fake);

    let outcome = run(&fixture, &client, &input, &options()).await.unwrap();

    let Outcome::Invalid { problems } = outcome else {
        panic!("expected invalid, got {outcome:?}");
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].field, "rename.json");
    assert!(
        problems[0]
            .message
            .contains("\"no-such-entry\" is not found"),
        "{problems:?}"
    );
    assert!(fake.writes().is_empty());
    assert_eq!(fixture.remote_branch("suggestion/rename-missing"), None);
}

#[tokio::test]
async fn api_prefix_with_trailing_slash() {
    let fake = FakeGitHub::start_at("acme", "toolkit", "/api/v3").await;
    fake.add_issue(42, "Suggestion", "### Why\r\n\r\nBecause.", &["suggestion"]);
    for url in [fake.url(), format!("{}/", fake.url())] {
        let client = Client::new(Settings {
            api_url: Some(url.clone()),
            token: Token::new("test-token"),
            repository: Repository::parse("acme/toolkit").unwrap(),
            retry: RetryPolicy::default(),
        })
        .unwrap();

        let issue = client.issue(42).await;

        assert!(issue.is_ok(), "{url}: {issue:?}");
    }
    let state = fake.state();
    assert_eq!(state.outside_prefix, Vec::<String>::new());
    let paths: Vec<&str> = state.received.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths, ["/repos/acme/toolkit/issues/42"; 2]);
}

#[test]
fn cli_dry_run_file_needs_no_token() {
    let fixture = Fixture::new();
    let file = fixture.dir.path().join("retire.json");
    let suggestion = json!({
        "$schema": "../schemas/suggestion.schema.json",
        "id": "retire-impact-debriefing",
        "kind": "deprecate",
        "target": "impact-debriefing",
        "reason": "Reflection circles now cover it.",
        "rationale": "Peer navigators at the focus group no longer use it.",
        "perspective": "coordinator"
    });
    std::fs::write(&file, suggestion.to_string()).unwrap();
    let before = fixture.snapshot();

    let output = assert_cmd::Command::cargo_bin("peerkit")
        .unwrap()
        .arg("--root")
        .arg(&fixture.work)
        .args(["suggest", "--dry-run"])
        .arg(&file)
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .env("GITHUB_REPOSITORY", "acme/toolkit")
        .output()
        .unwrap();

    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.starts_with("branch: suggestion/retire-impact-debriefing\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("+  \"status\": \"deprecated\","),
        "{stdout}"
    );
    assert!(
        stdout.contains("pull request title: Deprecate impact-debriefing"),
        "{stdout}"
    );
    assert_eq!(
        fixture.remote_branch("suggestion/retire-impact-debriefing"),
        None
    );
    assert_eq!(
        fixture.snapshot(),
        before,
        "the working tree or index changed"
    );
}
