//! `peerkit publish` against a local fake of the GitHub API that answers
//! with GitHub's own example payloads (tests/fixtures/github-api), with
//! every request body checked against GitHub's request schemas.

use peerkit::github::{AssetFile, Client, ReleaseDraft, Repository, RetryPolicy, Settings, Token};
use serde_json::{json, Value};
use wiremock::matchers::{body_string_contains, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const REPO: &str = "/repos/octocat/Hello-World";

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/github-api/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Returns GitHub's example `key` with its URLs pointing at `server`.
fn example(server: &MockServer, key: &str) -> Value {
    let text = fixture("examples.json")[key].to_string();
    let text = text
        .replace("https://api.github.com", &server.uri())
        .replace("https://uploads.github.com", &server.uri());
    serde_json::from_str(&text).unwrap()
}

fn release_example(server: &MockServer, asset_names: &[&str]) -> Value {
    let mut release = example(server, "release");
    let template = release["assets"][0].clone();
    let assets: Vec<Value> = asset_names
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let mut asset = template.clone();
            asset["id"] = json!(index + 1);
            asset["name"] = json!(name);
            asset
        })
        .collect();
    release["assets"] = json!(assets);
    release
}

fn client(server: &MockServer) -> Client {
    Client::new(Settings {
        api_url: Some(server.uri()),
        token: Token::new("test-token"),
        repository: Repository::parse("octocat/Hello-World").unwrap(),
        retry: RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        },
    })
    .unwrap()
}

fn draft() -> ReleaseDraft {
    ReleaseDraft {
        tag: "v1.0.0".to_string(),
        name: "v1.0.0".to_string(),
        body: "### Added\n\n- Shift check-in".to_string(),
        prerelease: false,
    }
}

fn assets() -> Vec<AssetFile> {
    vec![
        AssetFile {
            name: "peer-worker-support-toolkit-1.0.0.json".to_string(),
            bytes: b"{}\n".to_vec(),
        },
        AssetFile {
            name: "peer-worker-support-toolkit-1.0.0-entries.csv".to_string(),
            bytes: b"id\n".to_vec(),
        },
    ]
}

fn not_found() -> ResponseTemplate {
    ResponseTemplate::new(404).set_body_json(json!({
        "message": "Not Found",
        "documentation_url": "https://docs.github.com/rest/releases/releases#get-a-release-by-tag-name",
        "status": "404"
    }))
}

/// Fails unless `body` matches GitHub's request schema `operation`.
fn assert_matches_request_schema(operation: &str, body: &[u8]) {
    let schemas = fixture("request-schemas.json");
    let validator = jsonschema::validator_for(&schemas[operation]).unwrap();
    let body: Value = serde_json::from_slice(body).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&body)
        .map(|e| e.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "{operation} body {body} fails its schema: {errors:?}"
    );
}

async fn requests(server: &MockServer, verb: &str, route: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|request| request.method.as_str() == verb && request.url.path() == route)
        .collect()
}

async fn mount_uploads(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/releases/1")))
        .respond_with(ResponseTemplate::new(200).set_body_json(release_example(server, &[])))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{REPO}/releases/1/assets")))
        .respond_with(ResponseTemplate::new(201).set_body_json(example(
            server,
            "release-asset-response-for-successful-upload",
        )))
        .mount(server)
        .await;
}

#[tokio::test]
async fn publish_creates_release() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/releases/tags/v1.0.0")))
        .respond_with(not_found())
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{REPO}/releases")))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(release_example(&server, &["example.zip"])),
        )
        .expect(1)
        .mount(&server)
        .await;
    mount_uploads(&server).await;

    let published = client(&server)
        .publish_release(&draft(), &assets())
        .await
        .unwrap();
    assert!(published.created);
    assert_eq!(published.id, 1);
    assert!(
        published.replaced.is_empty(),
        "an asset of another name is kept"
    );
    assert_eq!(published.uploaded.len(), 2);

    let created = requests(&server, "POST", &format!("{REPO}/releases")).await;
    assert_eq!(created.len(), 1);
    assert_matches_request_schema("repos/create-release", &created[0].body);
    let body: Value = serde_json::from_slice(&created[0].body).unwrap();
    assert_eq!(body["tag_name"], "v1.0.0");
    assert_eq!(body["body"], "### Added\n\n- Shift check-in");

    let uploads = requests(&server, "POST", &format!("{REPO}/releases/1/assets")).await;
    let names: Vec<String> = uploads
        .iter()
        .map(|request| {
            request
                .url
                .query_pairs()
                .find(|(key, _)| key == "name")
                .unwrap()
                .1
                .into_owned()
        })
        .collect();
    assert_eq!(
        names,
        [
            "peer-worker-support-toolkit-1.0.0.json",
            "peer-worker-support-toolkit-1.0.0-entries.csv"
        ]
    );
    assert_eq!(uploads[0].body, b"{}\n");
    let authorization = uploads[0]
        .headers
        .get("authorization")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(authorization.ends_with("test-token"));
}

#[tokio::test]
async fn publish_rerun_updates_release() {
    let server = MockServer::start().await;
    let existing = release_example(
        &server,
        &["peer-worker-support-toolkit-1.0.0.json", "notes.txt"],
    );
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/releases/tags/v1.0.0")))
        .respond_with(ResponseTemplate::new(200).set_body_json(existing.clone()))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(format!("{REPO}/releases/1")))
        .respond_with(ResponseTemplate::new(200).set_body_json(existing))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("{REPO}/releases/assets/1")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{REPO}/releases")))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    mount_uploads(&server).await;

    let published = client(&server)
        .publish_release(&draft(), &assets())
        .await
        .unwrap();
    assert!(!published.created);
    assert_eq!(
        published.replaced,
        ["peer-worker-support-toolkit-1.0.0.json"]
    );
    assert_eq!(published.uploaded.len(), 2);

    let updates = requests(&server, "PATCH", &format!("{REPO}/releases/1")).await;
    assert_matches_request_schema("repos/update-release", &updates[0].body);
    let deleted = requests(&server, "DELETE", &format!("{REPO}/releases/assets/2")).await;
    assert!(deleted.is_empty(), "an asset of another name is kept");
}

#[tokio::test]
async fn asset_name_with_space_uploads() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/releases/1")))
        .respond_with(ResponseTemplate::new(200).set_body_json(release_example(&server, &[])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{REPO}/releases/1/assets")))
        .and(query_param("name", "toolkit bundle 1.0.0.json"))
        .respond_with(ResponseTemplate::new(201).set_body_json(example(
            &server,
            "release-asset-response-for-successful-upload",
        )))
        .expect(1)
        .mount(&server)
        .await;
    let file = AssetFile {
        name: "toolkit bundle 1.0.0.json".to_string(),
        bytes: b"{}".to_vec(),
    };
    let asset = client(&server)
        .upload_release_asset(1, &file)
        .await
        .unwrap();
    assert_eq!(asset.name, "example.zip");
    let uploads = requests(&server, "POST", &format!("{REPO}/releases/1/assets")).await;
    assert_eq!(
        uploads[0].url.query(),
        Some("name=toolkit%20bundle%201.0.0.json")
    );
}

#[tokio::test]
async fn validation_error_shows_detail() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/releases/tags/v1.0.0")))
        .respond_with(not_found())
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{REPO}/releases")))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "message": "Validation Failed",
            "errors": [{"resource": "Release", "code": "already_exists", "field": "tag_name"}],
            "documentation_url": "https://docs.github.com/rest/releases/releases#create-a-release",
            "status": "422"
        })))
        .mount(&server)
        .await;
    let error = client(&server)
        .publish_release(&draft(), &assets())
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("POST /repos/octocat/Hello-World/releases"),
        "{message}"
    );
    assert!(message.contains("422"), "{message}");
    assert!(message.contains("Validation Failed"), "{message}");
    assert!(message.contains("already_exists"), "{message}");
}

#[tokio::test]
async fn not_found_error_names_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/releases/tags/v1.0.0")))
        .respond_with(ResponseTemplate::new(200).set_body_json(release_example(&server, &[])))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(format!("{REPO}/releases/1")))
        .respond_with(not_found())
        .mount(&server)
        .await;
    let error = client(&server)
        .publish_release(&draft(), &assets())
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("PATCH /repos/octocat/Hello-World/releases/1"),
        "{message}"
    );
    assert!(message.contains("404"), "{message}");
    assert!(message.contains("Not Found"), "{message}");
    assert!(!message.contains("test-token"), "{message}");
}

#[tokio::test]
async fn shipped_comment_posts_once() {
    let server = MockServer::start().await;
    let marker = peerkit::github::shipped_marker("v1.0.0");
    let mut already = example(&server, "issue-comment");
    already["body"] = json!(format!("Shipped.\n\n{marker}"));
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/issues/7/comments")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([already])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/issues/12/comments")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{REPO}/issues/12/comments")))
        .and(body_string_contains("peerkit:shipped v1.0.0"))
        .respond_with(ResponseTemplate::new(201).set_body_json(example(&server, "issue-comment")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{REPO}/issues/7/comments")))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;

    let commented = client(&server)
        .comment_shipped_suggestions(&[7, 12], "v1.0.0", "https://example.org/releases/v1.0.0")
        .await
        .unwrap();
    assert_eq!(commented, [12]);
    let posted = requests(&server, "POST", &format!("{REPO}/issues/12/comments")).await;
    assert_matches_request_schema("issues/create-comment", &posted[0].body);
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
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

/// Builds a repository whose tag v0.1.0 has a changelog section and a
/// commit with a `Suggestion: #12` trailer.
fn tagged_repository(root: &std::path::Path) {
    let repo = git2::Repository::init(root).unwrap();
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&source.join("catalogue"), &root.join("catalogue"));
    copy_tree(&source.join("schemas"), &root.join("schemas"));
    std::fs::write(
        root.join("CHANGELOG.md"),
        "# Changelog\n\nIntro.\n\n## [0.1.0] - 2026-12-04\n\n### Added\n\n- Impact debriefing\n",
    )
    .unwrap();
    let mut index = repo.index().unwrap();
    index
        .add_all(["*"].iter(), git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let signature = git2::Signature::now("Tester", "tester@example.org").unwrap();
    let message = "Add the catalogue\n\nSuggestion: #12\n";
    let commit = repo
        .commit(Some("HEAD"), &signature, &signature, message, &tree, &[])
        .unwrap();
    let object = repo.find_object(commit, None).unwrap();
    repo.tag("v0.1.0", &object, &signature, "v0.1.0", false)
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn cli_publish_creates_and_comments() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/releases/tags/v0.1.0")))
        .respond_with(not_found())
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{REPO}/releases")))
        .respond_with(ResponseTemplate::new(201).set_body_json(release_example(&server, &[])))
        .expect(1)
        .mount(&server)
        .await;
    mount_uploads(&server).await;
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/issues/12/comments")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{REPO}/issues/12/comments")))
        .respond_with(ResponseTemplate::new(201).set_body_json(example(&server, "issue-comment")))
        .expect(1)
        .mount(&server)
        .await;

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("toolkit");
    tagged_repository(&root);
    let uri = server.uri();
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_peerkit"))
            .current_dir(&root)
            .env("GITHUB_API_URL", &uri)
            .env("GITHUB_REPOSITORY", "octocat/Hello-World")
            .env("GITHUB_TOKEN", "test-token")
            .env_remove("GH_TOKEN")
            .args(["publish", "v0.1.0"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("Created release v0.1.0"), "{stdout}");
    assert!(
        stdout.contains("Uploaded asset peer-worker-support-toolkit-0.1.0.json"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Uploaded asset peer-worker-support-toolkit-0.1.0-entries.csv"),
        "{stdout}"
    );
    assert!(stdout.contains("Commented on issue #12"), "{stdout}");
    assert!(!stdout.contains("test-token"), "{stdout}");
    assert!(!stderr.contains("test-token"), "{stderr}");

    let created = requests(&server, "POST", &format!("{REPO}/releases")).await;
    let body: Value = serde_json::from_slice(&created[0].body).unwrap();
    assert_eq!(body["body"], "### Added\n\n- Impact debriefing");
    assert_eq!(body["prerelease"], false);
    let uploads = requests(&server, "POST", &format!("{REPO}/releases/1/assets")).await;
    let bundle: Value = serde_json::from_slice(&uploads[0].body).unwrap();
    assert_eq!(bundle["version"], "0.1.0");
}

#[test]
fn cli_publish_unknown_tag_messages() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("toolkit");
    tagged_repository(&root);
    let cases = [
        ("0.1.0", "publish v0.1.0 instead"),
        ("v9.9.9", "no tag v9.9.9 in this repository"),
        ("nightly", "a release tag is `v` and a semver version"),
    ];
    for (tag, expected) in cases {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_peerkit"))
            .current_dir(&root)
            .env("GITHUB_API_URL", "http://127.0.0.1:9")
            .env("GITHUB_REPOSITORY", "octocat/Hello-World")
            .env("GITHUB_TOKEN", "test-token")
            .env_remove("GH_TOKEN")
            .args(["publish", tag])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{tag}: {stderr}");
        assert!(stderr.contains(expected), "{tag}: {stderr}");
    }
}
