//! A fake GitHub REST API on wiremock that answers with GitHub's own
//! example payloads (tests/fixtures/github-api/examples.json, from
//! GitHub's OpenAPI description) and checks request bodies against
//! GitHub's request schemas.
//!
//! It keeps issues, comments, labels and pull requests in memory, so a
//! test can run a command twice and see what the second run changed.
//! Scripted responses (`fail_next`) come before the built-in routes, for
//! rate limits and other faults.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/github-api");

/// One request the fake received.
#[derive(Debug, Clone)]
pub struct Received {
    /// The method, such as `POST`.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query string, empty when there is none.
    pub query: String,
    /// The JSON body, `Null` when there is none.
    pub body: Value,
}

/// A pull request the fake keeps.
#[derive(Debug, Clone)]
pub struct FakePull {
    /// The number.
    pub number: u64,
    /// The title.
    pub title: String,
    /// The body.
    pub body: String,
    /// The head branch.
    pub head: String,
    /// The base branch.
    pub base: String,
    /// `open` or `closed`.
    pub state: String,
    /// Whether it was merged.
    pub merged: bool,
}

/// A comment the fake keeps.
#[derive(Debug, Clone)]
pub struct FakeComment {
    /// The id.
    pub id: u64,
    /// The issue it belongs to.
    pub issue: u64,
    /// The body.
    pub body: String,
}

/// An issue the fake keeps.
#[derive(Debug, Clone)]
pub struct FakeIssue {
    /// The number.
    pub number: u64,
    /// The title.
    pub title: String,
    /// The body.
    pub body: String,
    /// `open` or `closed`.
    pub state: String,
}

/// A scripted response for the next request that matches.
struct Scripted {
    method: String,
    path_contains: String,
    response: ResponseTemplate,
}

/// A route a test adds, tried after the scripted responses and before the
/// built-in routes. It returns `None` for requests it does not handle.
pub type Route = Box<dyn Fn(&Received, &mut State) -> Option<ResponseTemplate> + Send + Sync>;

/// Everything the fake keeps.
#[derive(Default)]
pub struct State {
    /// The issues by number.
    pub issues: BTreeMap<u64, FakeIssue>,
    /// The labels of issues and pull requests by number.
    pub labels: BTreeMap<u64, Vec<String>>,
    /// The comments, in creation order.
    pub comments: Vec<FakeComment>,
    /// The pull requests by number.
    pub pulls: BTreeMap<u64, FakePull>,
    /// Every request, in order.
    pub received: Vec<Received>,
    /// Request bodies that broke GitHub's request schema, with the reason.
    pub invalid_bodies: Vec<String>,
    /// The paths of requests outside the API's path prefix.
    pub outside_prefix: Vec<String>,
    next_number: u64,
    next_comment: u64,
    scripted: VecDeque<Scripted>,
    routes: Vec<Route>,
}

/// The fake server.
pub struct FakeGitHub {
    /// The wiremock server.
    pub server: MockServer,
    /// The owner of the repository the fake serves.
    pub owner: String,
    /// The repository's name.
    pub repo: String,
    /// The path prefix of the API, empty for api.github.com.
    pub prefix: String,
    state: Arc<Mutex<State>>,
}

struct Handler {
    state: Arc<Mutex<State>>,
    examples: Value,
    schemas: Value,
    base: String,
    prefix: String,
    owner: String,
    repo: String,
}

impl FakeGitHub {
    /// Starts the fake for `owner/repo`.
    pub async fn start(owner: &str, repo: &str) -> FakeGitHub {
        FakeGitHub::start_at(owner, repo, "").await
    }

    /// Starts the fake for `owner/repo` under a path prefix such as
    /// `/api/v3`, as GitHub Enterprise Server serves its API.
    pub async fn start_at(owner: &str, repo: &str, prefix: &str) -> FakeGitHub {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State {
            next_number: 100,
            next_comment: 5000,
            ..State::default()
        }));
        let handler = Handler {
            state: state.clone(),
            examples: read_fixture("examples.json"),
            schemas: read_fixture("request-schemas.json"),
            base: format!("{}{prefix}", server.uri()),
            prefix: prefix.to_string(),
            owner: owner.to_string(),
            repo: repo.to_string(),
        };
        Mock::given(wiremock::matchers::any())
            .respond_with(handler)
            .mount(&server)
            .await;
        FakeGitHub {
            server,
            owner: owner.to_string(),
            repo: repo.to_string(),
            prefix: prefix.to_string(),
            state,
        }
    }

    /// The base URL, with the path prefix, for `GITHUB_API_URL`.
    pub fn url(&self) -> String {
        format!("{}{}", self.server.uri(), self.prefix)
    }

    /// Locks the state to read or change it.
    pub fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap()
    }

    /// Adds an open issue with `title`, `body` and `labels`.
    pub fn add_issue(&self, number: u64, title: &str, body: &str, labels: &[&str]) {
        let mut state = self.state();
        state.issues.insert(
            number,
            FakeIssue {
                number,
                title: title.to_string(),
                body: body.to_string(),
                state: "open".to_string(),
            },
        );
        state.labels.insert(
            number,
            labels.iter().map(|label| label.to_string()).collect(),
        );
    }

    /// Sends `response`, once, to the next request whose method is `method`
    /// and whose path contains `path_contains`.
    pub fn fail_next(&self, method: &str, path_contains: &str, response: ResponseTemplate) {
        self.state().scripted.push_back(Scripted {
            method: method.to_string(),
            path_contains: path_contains.to_string(),
            response,
        });
    }

    /// Adds a route of the test's own.
    pub fn add_route(&self, route: Route) {
        self.state().routes.push(route);
    }

    /// The requests received so far whose method is `method` and whose
    /// path ends with `suffix`.
    pub fn requests(&self, method: &str, suffix: &str) -> Vec<Received> {
        self.state()
            .received
            .iter()
            .filter(|request| request.method == method && request.path.ends_with(suffix))
            .cloned()
            .collect()
    }

    /// The requests that changed something (any method but GET).
    pub fn writes(&self) -> Vec<Received> {
        self.state()
            .received
            .iter()
            .filter(|request| request.method != "GET")
            .cloned()
            .collect()
    }

    /// Panics when a request body broke GitHub's request schema.
    pub fn assert_bodies_valid(&self) {
        let state = self.state();
        assert!(
            state.invalid_bodies.is_empty(),
            "request bodies that break GitHub's schemas: {:#?}",
            state.invalid_bodies
        );
    }
}

fn read_fixture(name: &str) -> Value {
    let text = std::fs::read_to_string(format!("{FIXTURES}/{name}")).unwrap();
    serde_json::from_str(&text).unwrap()
}

impl Respond for Handler {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let Some(path) = request.url.path().strip_prefix(&self.prefix) else {
            let path = request.url.path().to_string();
            self.state.lock().unwrap().outside_prefix.push(path);
            return not_found();
        };
        let received = Received {
            method: request.method.to_string(),
            path: path.to_string(),
            query: request.url.query().unwrap_or_default().to_string(),
            body: serde_json::from_slice(&request.body).unwrap_or(Value::Null),
        };
        let mut state = self.state.lock().unwrap();
        state.received.push(received.clone());
        self.check_body(&received, &mut state);
        if let Some(response) = take_scripted(&mut state, &received) {
            return response;
        }
        let routes = std::mem::take(&mut state.routes);
        let custom = routes.iter().find_map(|route| route(&received, &mut state));
        state.routes = routes;
        if let Some(response) = custom {
            return response;
        }
        self.route(&received, &mut state)
    }
}

fn take_scripted(state: &mut State, received: &Received) -> Option<ResponseTemplate> {
    let index = state.scripted.iter().position(|scripted| {
        scripted.method == received.method && received.path.contains(&scripted.path_contains)
    })?;
    state
        .scripted
        .remove(index)
        .map(|scripted| scripted.response)
}

impl Handler {
    /// Checks the body of a request that has a schema in
    /// request-schemas.json.
    fn check_body(&self, received: &Received, state: &mut State) {
        let segments: Vec<&str> = received.path.trim_start_matches('/').split('/').collect();
        let key = match (received.method.as_str(), segments.as_slice()) {
            ("POST", ["repos", _, _, "pulls"]) => "pulls/create",
            ("PATCH", ["repos", _, _, "pulls", _]) => "pulls/update",
            ("POST", ["repos", _, _, "issues", _, "comments"]) => "issues/create-comment",
            ("PATCH", ["repos", _, _, "issues", "comments", _]) => "issues/create-comment",
            ("POST", ["repos", _, _, "issues", _, "labels"]) => "issues/add-labels",
            ("POST", ["repos", _, _, "releases"]) => "repos/create-release",
            ("PATCH", ["repos", _, _, "releases", _]) => "repos/update-release",
            _ => return,
        };
        let schema = &self.schemas[key];
        let validator = jsonschema::validator_for(schema).unwrap();
        for error in validator.iter_errors(&received.body) {
            state.invalid_bodies.push(format!(
                "{} {} ({key}): {error} at {}",
                received.method,
                received.path,
                error.instance_path()
            ));
        }
    }

    fn route(&self, received: &Received, state: &mut State) -> ResponseTemplate {
        let prefix = format!("/repos/{}/{}/", self.owner, self.repo);
        let Some(rest) = received.path.strip_prefix(&prefix) else {
            return not_found();
        };
        let segments: Vec<&str> = rest.split('/').collect();
        match (received.method.as_str(), segments.as_slice()) {
            ("GET", ["issues"]) => self.list_issues(received, state),
            ("GET", ["issues", number]) => match state.issues.get(&parse(number)) {
                Some(issue) => ok(self.issue_json(issue, state)),
                None => not_found(),
            },
            ("GET", ["issues", number, "comments"]) => {
                let number = parse(number);
                let comments: Vec<Value> = state
                    .comments
                    .iter()
                    .filter(|comment| comment.issue == number)
                    .map(|comment| self.comment_json(comment))
                    .collect();
                ok(Value::Array(paginate(comments, &received.query)))
            }
            ("POST", ["issues", number, "comments"]) => {
                let id = state.next_comment;
                state.next_comment += 1;
                let comment = FakeComment {
                    id,
                    issue: parse(number),
                    body: received.body["body"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                };
                let answer = self.comment_json(&comment);
                state.comments.push(comment);
                ResponseTemplate::new(201).set_body_json(answer)
            }
            ("PATCH", ["issues", "comments", id]) => {
                let id = parse(id);
                let body = received.body["body"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                match state.comments.iter_mut().find(|comment| comment.id == id) {
                    Some(comment) => {
                        comment.body = body;
                        let comment = comment.clone();
                        ok(self.comment_json(&comment))
                    }
                    None => not_found(),
                }
            }
            ("POST", ["issues", number, "labels"]) => {
                let labels = state.labels.entry(parse(number)).or_default();
                for label in received.body["labels"].as_array().into_iter().flatten() {
                    let name = label.as_str().unwrap_or_default().to_string();
                    if !labels.contains(&name) {
                        labels.push(name);
                    }
                }
                let labels = labels.clone();
                ok(Value::Array(
                    labels.iter().map(|name| self.label_json(name)).collect(),
                ))
            }
            ("DELETE", ["issues", number, "labels", name]) => {
                let name = percent_decode(name);
                let labels = state.labels.entry(parse(number)).or_default();
                match labels.iter().position(|label| *label == name) {
                    Some(index) => {
                        labels.remove(index);
                        let labels = labels.clone();
                        ok(Value::Array(labels.iter().map(|name| self.label_json(name)).collect()))
                    }
                    None => ResponseTemplate::new(404).set_body_json(json!({
                        "message": "Label does not exist",
                        "documentation_url": "https://docs.github.com/rest/issues/labels#remove-a-label-from-an-issue",
                    })),
                }
            }
            ("GET", ["pulls"]) => self.list_pulls(received, state),
            ("GET", ["pulls", number]) => match state.pulls.get(&parse(number)) {
                Some(pull) => ok(self.pull_json(pull, state)),
                None => not_found(),
            },
            ("POST", ["pulls"]) => self.create_pull(received, state),
            ("PATCH", ["pulls", number]) => {
                let number = parse(number);
                let Some(pull) = state.pulls.get_mut(&number) else {
                    return not_found();
                };
                if let Some(title) = received.body["title"].as_str() {
                    pull.title = title.to_string();
                }
                if let Some(body) = received.body["body"].as_str() {
                    pull.body = body.to_string();
                }
                if let Some(new_state) = received.body["state"].as_str() {
                    pull.state = new_state.to_string();
                }
                let pull = pull.clone();
                ok(self.pull_json(&pull, state))
            }
            _ => not_found(),
        }
    }

    fn list_issues(&self, received: &Received, state: &State) -> ResponseTemplate {
        let wanted = query_value(&received.query, "labels").unwrap_or_default();
        let issues: Vec<Value> = state
            .issues
            .values()
            .filter(|issue| issue.state == "open")
            .filter(|issue| {
                wanted.is_empty()
                    || state
                        .labels
                        .get(&issue.number)
                        .is_some_and(|labels| labels.contains(&wanted))
            })
            .map(|issue| self.issue_json(issue, state))
            .collect();
        ok(Value::Array(paginate(issues, &received.query)))
    }

    fn list_pulls(&self, received: &Received, state: &State) -> ResponseTemplate {
        let head = query_value(&received.query, "head");
        let wanted_state = query_value(&received.query, "state").unwrap_or("open".to_string());
        let pulls: Vec<Value> = state
            .pulls
            .values()
            .rev()
            .filter(|pull| {
                head.as_ref()
                    .is_none_or(|head| *head == format!("{}:{}", self.owner, pull.head))
            })
            .filter(|pull| wanted_state == "all" || pull.state == wanted_state)
            .map(|pull| self.pull_json(pull, state))
            .collect();
        ok(Value::Array(pulls))
    }

    fn create_pull(&self, received: &Received, state: &mut State) -> ResponseTemplate {
        let head = received.body["head"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if state
            .pulls
            .values()
            .any(|pull| pull.head == head && pull.state == "open")
        {
            return ResponseTemplate::new(422).set_body_json(json!({
                "message": "Validation Failed",
                "errors": [{
                    "resource": "PullRequest",
                    "code": "custom",
                    "message": format!("A pull request already exists for {}:{head}.", self.owner),
                }],
                "documentation_url": "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
            }));
        }
        let number = state.next_number;
        state.next_number += 1;
        let pull = FakePull {
            number,
            title: received.body["title"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            body: received.body["body"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            head,
            base: received.body["base"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            state: "open".to_string(),
            merged: false,
        };
        let answer = self.pull_json(&pull, state);
        state.pulls.insert(number, pull);
        ResponseTemplate::new(201).set_body_json(answer)
    }

    /// Serialises `value` with every API and web URL pointing at the fake.
    fn rewrite(&self, value: Value) -> Value {
        let text = value
            .to_string()
            .replace("https://api.github.com", &self.base)
            .replace("https://github.com", &self.base)
            .replace(
                "octocat/Hello-World",
                &format!("{}/{}", self.owner, self.repo),
            );
        serde_json::from_str(&text).unwrap()
    }

    fn label_json(&self, name: &str) -> Value {
        let mut label = self.examples["label-items"][0].clone();
        label["name"] = json!(name);
        label["url"] = json!(format!(
            "https://api.github.com/repos/octocat/Hello-World/labels/{name}"
        ));
        self.rewrite(label)
    }

    fn issue_json(&self, issue: &FakeIssue, state: &State) -> Value {
        let mut value = self.examples["issue"].clone();
        let number = issue.number;
        value["number"] = json!(number);
        value["id"] = json!(number);
        value["title"] = json!(issue.title);
        value["body"] = json!(issue.body);
        value["state"] = json!(issue.state);
        value["closed_at"] = Value::Null;
        value["state_reason"] = Value::Null;
        value["labels"] = Value::Array(
            state
                .labels
                .get(&number)
                .into_iter()
                .flatten()
                .map(|name| self.label_json(name))
                .collect(),
        );
        if let Some(object) = value.as_object_mut() {
            object.remove("pull_request");
        }
        let text = value.to_string().replace("/1347", &format!("/{number}"));
        self.rewrite(serde_json::from_str(&text).unwrap())
    }

    fn comment_json(&self, comment: &FakeComment) -> Value {
        let mut value = self.examples["issue-comment"].clone();
        value["id"] = json!(comment.id);
        value["body"] = json!(comment.body);
        value["url"] = json!(format!(
            "https://api.github.com/repos/octocat/Hello-World/issues/comments/{}",
            comment.id
        ));
        let text = value
            .to_string()
            .replace("/1347", &format!("/{}", comment.issue));
        self.rewrite(serde_json::from_str(&text).unwrap())
    }

    fn pull_json(&self, pull: &FakePull, state: &State) -> Value {
        let mut value = self.examples["pull-request"].clone();
        value["number"] = json!(pull.number);
        value["id"] = json!(pull.number);
        value["title"] = json!(pull.title);
        value["body"] = json!(pull.body);
        value["state"] = json!(pull.state);
        value["merged"] = json!(pull.merged);
        value["locked"] = json!(false);
        value["active_lock_reason"] = Value::Null;
        if pull.merged {
            value["merged_at"] = json!("2026-01-02T03:04:05Z");
        } else {
            value["merged_at"] = Value::Null;
            value["merge_commit_sha"] = Value::Null;
            value["merged_by"] = Value::Null;
        }
        if pull.state == "open" {
            value["closed_at"] = Value::Null;
        }
        value["head"]["ref"] = json!(pull.head);
        value["head"]["label"] = json!(format!("{}:{}", self.owner, pull.head));
        value["base"]["ref"] = json!(pull.base);
        value["base"]["label"] = json!(format!("{}:{}", self.owner, pull.base));
        value["labels"] = Value::Array(
            state
                .labels
                .get(&pull.number)
                .into_iter()
                .flatten()
                .map(|name| self.label_json(name))
                .collect(),
        );
        let text = value
            .to_string()
            .replace("/1347", &format!("/{}", pull.number));
        self.rewrite(serde_json::from_str(&text).unwrap())
    }
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn not_found() -> ResponseTemplate {
    ResponseTemplate::new(404).set_body_json(json!({
        "message": "Not Found",
        "documentation_url": "https://docs.github.com/rest",
        "status": "404",
    }))
}

fn parse(number: &str) -> u64 {
    number.parse().unwrap_or(0)
}

fn query_value(query: &str, key: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        (name == key).then(|| percent_decode(value))
    })
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&text[index + 1..index + 3], 16) {
                out.push(byte);
                index += 3;
                continue;
            }
        }
        out.push(if bytes[index] == b'+' {
            b' '
        } else {
            bytes[index]
        });
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Applies `page` and `per_page` from the query to `items`.
fn paginate(items: Vec<Value>, query: &str) -> Vec<Value> {
    let per_page: usize = query_value(query, "per_page")
        .and_then(|value| value.parse().ok())
        .unwrap_or(30);
    let page: usize = query_value(query, "page")
        .and_then(|value| value.parse().ok())
        .unwrap_or(1);
    items
        .into_iter()
        .skip((page.max(1) - 1) * per_page)
        .take(per_page)
        .collect()
}
