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
