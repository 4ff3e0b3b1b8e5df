//! Reads the Markdown that GitHub renders for a submitted issue form (a
//! `### Label` heading per field, `_No response_` for a blank field,
//! `- [X] label` for a ticked box) back into a [`Suggestion`].

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::apply::Files;
use super::forms::{forms, Field, FieldKind, Form};
use super::model::{NewRecord, Perspective, Proposal, Suggestion};
use super::untrusted;
use crate::catalogue::{
    Baseline, Entry, FileKind, Fits, Gap, GapStatus, Layout, Source, SourceKind, Status, Term,
    Vocabulary,
};

/// The text GitHub writes for a field left blank.
const NO_RESPONSE: &str = "_No response_";

/// One problem with a submitted form, naming the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The field's label, as the issue shows it.
    pub field: String,
    /// The problem, in plain words.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{}: {}", self.field, self.message)
    }
}

/// The values of one submitted form, by field id, and its problems.
struct Answers<'a> {
    form: &'a Form,
    values: BTreeMap<&'static str, String>,
    errors: Vec<Problem>,
}

/// The inputs the parser needs besides the issue body.
pub struct Context<'a> {
    /// The issue number, which names the suggestion `issue-<number>`.
    pub issue: u64,
    /// The vocabulary of the base branch, to map labels back to term ids.
    pub vocabulary: &'a Vocabulary,
    /// The catalogue files of the base branch, for change forms.
    pub base: &'a Files,
    /// Today's date, `YYYY-MM-DD`, for `last_reviewed` of a new record.
    pub today: &'a str,
}

/// Parses an issue body into a suggestion, or lists every problem.
pub fn parse_issue(body: &str, context: &Context<'_>) -> Result<Suggestion, Vec<Problem>> {
    let sections = split_sections(body)?;
    let all_forms = forms(context.vocabulary);
    let form = pick_form(&all_forms, &sections)?;
    let mut answers = Answers {
        form,
        values: BTreeMap::new(),
        errors: Vec::new(),
    };
    answers.read(&sections);
    let suggestion = answers.build(context);
    if answers.errors.is_empty() {
        suggestion.ok_or_else(|| {
            vec![Problem {
                field: "issue body".to_string(),
                message: "the form could not be read; open a new issue from one of the \
                          suggestion forms"
                    .to_string(),
            }]
        })
    } else {
        Err(answers.errors)
    }
}

/// Splits the body at `### ` headings into (heading, text) pairs.
fn split_sections(body: &str) -> Result<Vec<(String, String)>, Vec<Problem>> {
    let body = body.replace("\r\n", "\n").replace('\r', "\n");
    let mut sections: Vec<(String, String)> = Vec::new();
    for line in body.lines() {
        if let Some(heading) = line.strip_prefix("### ") {
            sections.push((heading.trim().to_string(), String::new()));
        } else if let Some((_, text)) = sections.last_mut() {
            text.push_str(line);
            text.push('\n');
        } else if !line.trim().is_empty() {
            return Err(vec![Problem {
                field: "issue body".to_string(),
                message: "the text does not start with a form field; open the issue from one \
                          of the suggestion forms"
                    .to_string(),
            }]);
        }
    }
    if sections.is_empty() {
        return Err(vec![Problem {
            field: "issue body".to_string(),
            message: "the issue has no form fields; open it from one of the suggestion forms"
                .to_string(),
        }]);
    }
    Ok(sections)
}

/// Picks the form that has the most of the headings as its labels.
fn pick_form<'a>(all: &'a [Form], sections: &[(String, String)]) -> Result<&'a Form, Vec<Problem>> {
    let score = |form: &Form| {
        sections
            .iter()
            .filter(|(heading, _)| {
                form.fields
                    .iter()
                    .any(|field| same_label(heading, &field.label))
            })
            .count()
    };
    let best = all.iter().max_by_key(|form| score(form));
    best.filter(|form| score(form) > 0).ok_or_else(|| {
        vec![Problem {
            field: "issue body".to_string(),
            message: "the fields match none of the suggestion forms (add, change, deprecate); \
                      open the issue from one of the forms"
                .to_string(),
        }]
    })
}

impl Answers<'_> {
    fn error(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(Problem {
            field: field.to_string(),
            message: message.into(),
        });
    }

    /// Stores each section's text under its field id.
    fn read(&mut self, sections: &[(String, String)]) {
        for (heading, text) in sections {
            let Some(field) = self
                .form
                .fields
                .iter()
                .find(|field| same_label(heading, &field.label))
            else {
                self.error(
                    heading,
                    "is not a field of this form, so the text under it is not read. If the \
                     heading is part of your text, write it without `###`; if you renamed a \
                     field, restore its label",
                );
                continue;
            };
            if self.values.contains_key(field.id) {
                self.error(heading, "appears twice; keep one");
                continue;
            }
            let text = text.trim();
            if text != NO_RESPONSE && !text.is_empty() {
                self.values.insert(field.id, text.to_string());
            }
        }
        for field in &self.form.fields {
            if field.required && !self.values.contains_key(field.id) {
                self.error(&field.label, "is required; fill it in");
            }
        }
    }

    fn text(&self, id: &str) -> Option<String> {
        self.values.get(id).cloned()
    }

    fn field(&self, id: &str) -> &Field {
        self.form.field(id).expect("the field exists in the form")
    }

    /// The one label chosen in a dropdown, checked against its options.
    fn choice(&mut self, id: &str) -> Option<String> {
        let field = self.field(id).clone();
        let value = self.text(id)?;
        let FieldKind::Dropdown(options) = &field.kind else {
            return Some(value);
        };
        if let Some(option) = options.iter().find(|option| same_label(&value, option)) {
            Some(option.clone())
        } else {
            self.error(&field.label, format!("{value:?} is not one of the choices"));
            None
        }
    }

    /// The term ids of the ticked boxes of `id`, from `terms`.
    fn ticked_terms(&mut self, id: &str, terms: &[Term]) -> Vec<String> {
        let field = self.field(id).clone();
        let mut ids = Vec::new();
        for label in self.ticked(id) {
            match terms.iter().find(|term| same_label(&label, &term.label)) {
                Some(term) => ids.push(term.id.clone()),
                None => self.error(&field.label, format!("{label:?} is not one of the choices")),
            }
        }
        ids
    }

    /// The labels of ticked boxes, in form order.
    fn ticked(&mut self, id: &str) -> Vec<String> {
        let Some(text) = self.text(id) else {
            return Vec::new();
        };
        let label = self.field(id).label.clone();
        let mut ticked = Vec::new();
        for line in text.lines().map(str::trim).filter(|line| !line.is_empty()) {
            if let Some(rest) = line
                .strip_prefix("- [X] ")
                .or_else(|| line.strip_prefix("- [x] "))
            {
                ticked.push(rest.trim().to_string());
            } else if !line.starts_with("- [ ] ") {
                self.error(&label, format!("the line {line:?} is not a checkbox"));
            }
        }
        ticked
    }

    fn lines(&self, id: &str) -> Vec<String> {
        self.text(id)
            .map(|text| {
                text.lines()
                    .map(|line| line.trim().trim_start_matches("- ").trim().to_string())
                    .filter(|line| !line.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn perspective(&mut self) -> Option<Perspective> {
        let label = self.choice("perspective")?;
        Perspective::ALL.into_iter().find(|p| p.label() == label)
    }

    fn build(&mut self, context: &Context<'_>) -> Option<Suggestion> {
        let proposal = match self.form.kind {
            "add" => self.build_add(context),
            "change" => self.build_change(context),
            _ => self.build_deprecate(),
        };
        let perspective = self.perspective();
        let credit = self.credit();
        Some(Suggestion {
            id: format!("issue-{}", context.issue),
            proposal: proposal?,
            rationale: self.text("rationale")?,
            perspective: perspective?,
            context: self.text("context"),
            credit,
        })
    }

    /// The credit name on one line. Like the suggestion schema, this
    /// rejects `@`, `<` and `>`, so that no email address or account
    /// handle reaches the commit trailer.
    fn credit(&mut self) -> Option<String> {
        let name = untrusted::one_line(&self.text("credit")?, 100);
        if name.contains(['@', '<', '>']) {
            let label = self.field("credit").label.clone();
            self.error(
                &label,
                "must be a name without `@`, `<` or `>`: leave out email addresses and \
                 account names, or leave the field blank to stay anonymous",
            );
            return None;
        }
        Some(name)
    }

    fn build_add(&mut self, context: &Context<'_>) -> Option<Proposal> {
        let vocabulary = context.vocabulary;
        let is_gap = self.choice("record")?.starts_with("A gap");
        let title = self.text("title")?;
        let id = slug(&title);
        if let Err(error) = untrusted::check_id("id", &id) {
            self.error(
                "Title",
                format!("gives no usable id ({error}); use letters or digits"),
            );
        }
        let category_label = self.choice("category")?;
        let category = vocabulary
            .categories
            .iter()
            .find(|term| term.label == category_label)?
            .id
            .clone();
        let fits = Fits {
            roles: self.ticked_terms("roles", &vocabulary.roles),
            intensities: self.ticked_terms("intensities", &vocabulary.intensities),
            readiness: self.ticked_terms("readiness", &vocabulary.readiness),
        };
        let obstacles = self.ticked_terms("obstacles", &vocabulary.obstacles);
        let providers = self.ticked_terms("providers", &vocabulary.providers);
        let baseline = !self.ticked("baseline").is_empty();
        let sources = self.sources();
        let summary = self.text("summary")?;
        let record = if is_gap {
            NewRecord::Gap(Box::new(Gap {
                schema: FileKind::Gap.expected_schema_ref()?.to_string(),
                id,
                title,
                need: summary,
                affects: fits,
                categories: vec![category],
                obstacles,
                status: GapStatus::Open,
                addressed_by: Vec::new(),
                related: Vec::new(),
                sources,
                last_reviewed: context.today.to_string(),
            }))
        } else {
            let Some(description) = self.text("description") else {
                self.error("Description", "is required for a new support; describe it");
                return None;
            };
            if sources.is_empty() {
                self.error(
                    "Sources",
                    "a new support needs at least one source: a study, a guideline, an \
                     organisation's documented practice, or a focus group",
                );
                return None;
            }
            NewRecord::Entry(Box::new(Entry {
                schema: FileKind::Entry.expected_schema_ref()?.to_string(),
                id,
                title,
                summary,
                description,
                category,
                baseline: Baseline {
                    required: baseline,
                    condition: None,
                },
                fits,
                obstacles,
                providers,
                practices: self.lines("practices"),
                adapted_from: None,
                status: Status::Proposed,
                superseded_by: None,
                deprecation_reason: None,
                related: Vec::new(),
                sources,
                last_reviewed: context.today.to_string(),
            }))
        };
        Some(Proposal::Add(record))
    }

    fn sources(&self) -> Vec<Source> {
        self.lines("sources")
            .into_iter()
            .map(|line| {
                let (kind, rest) = source_kind(&line);
                let (title, url) = match rest.find("https://").or_else(|| rest.find("http://")) {
                    Some(start) => {
                        let url = rest[start..].split_whitespace().next().unwrap_or_default();
                        let title = rest[..start]
                            .trim()
                            .trim_end_matches([',', '-', ':', '|'])
                            .trim();
                        (title.to_string(), Some(url.to_string()))
                    }
                    None => (rest.to_string(), None),
                };
                Source {
                    title: if title.is_empty() {
                        url.clone().unwrap_or_default()
                    } else {
                        title
                    },
                    url,
                    kind,
                }
            })
            .collect()
    }

    fn build_change(&mut self, context: &Context<'_>) -> Option<Proposal> {
        let target = self.text("target")?.trim().to_string();
        if let Err(error) = untrusted::check_id("target", &target) {
            self.error(&self.field("target").label.clone(), error.to_string());
            return None;
        }
        let Some((path, current)) = find_base_record(context.base, &target) else {
            self.error(
                &self.field("target").label.clone(),
                format!("no entry or gap has the id {target:?} on the base branch"),
            );
            return None;
        };
        let is_gap = path.starts_with("catalogue/gaps/");
        let mut patch = serde_json::Map::new();
        for (id, key) in [
            ("title", "title"),
            ("summary", if is_gap { "need" } else { "summary" }),
        ] {
            if let Some(text) = self.text(id) {
                patch.insert(key.to_string(), json!(text));
            }
        }
        if let Some(text) = self.text("description") {
            if is_gap {
                self.error(
                    "New description",
                    "gaps have no description; use New summary",
                );
            } else {
                patch.insert("description".to_string(), json!(text));
            }
        }
        let fits_key = if is_gap { "affects" } else { "fits" };
        let mut fits_patch = serde_json::Map::new();
        for list in ["roles", "intensities", "readiness"] {
            if let Some(new) = self.changed_list(context.vocabulary, &current[fits_key][list], list)
            {
                fits_patch.insert(list.to_string(), new);
            }
        }
        if !fits_patch.is_empty() {
            patch.insert(fits_key.to_string(), Value::Object(fits_patch));
        }
        if let Some(new) = self.changed_list(context.vocabulary, &current["obstacles"], "obstacles")
        {
            patch.insert("obstacles".to_string(), new);
        }
        if let Some(new) = self.changed_list(context.vocabulary, &current["providers"], "providers")
        {
            if is_gap {
                self.error("Providers to add", "gaps have no providers");
            } else {
                patch.insert("providers".to_string(), new);
            }
        }
        let practices = self.lines("practices");
        if !practices.is_empty() {
            let mut list: Vec<Value> = current["practices"].as_array().cloned().unwrap_or_default();
            list.extend(practices.into_iter().map(Value::String));
            patch.insert("practices".to_string(), Value::Array(list));
        }
        if patch.is_empty() {
            self.error(
                "issue body",
                "the suggestion changes nothing; fill in at least one field to change",
            );
            return None;
        }
        Some(Proposal::Change { target, patch })
    }

    /// The new value of a term list when the form adds or removes terms:
    /// the current ids without the removed ones, then the added ones in
    /// vocabulary order.
    fn changed_list(
        &mut self,
        vocabulary: &Vocabulary,
        current: &Value,
        list: &str,
    ) -> Option<Value> {
        let terms = vocabulary.list(list)?.to_vec();
        let added = self.ticked_terms(&format!("add-{list}"), &terms);
        let removed = self.ticked_terms(&format!("remove-{list}"), &terms);
        if added.is_empty() && removed.is_empty() {
            return None;
        }
        let mut ids: Vec<String> = current
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|value| value.as_str().map(str::to_string))
            .filter(|id| !removed.contains(id))
            .collect();
        for id in added {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Some(json!(ids))
    }

    fn build_deprecate(&mut self) -> Option<Proposal> {
        let target = self.text("target")?.trim().to_string();
        let replacement = self.text("replacement").map(|text| text.trim().to_string());
        for (id, value) in [
            ("target", Some(&target)),
            ("replacement", replacement.as_ref()),
        ] {
            if let Some(Err(error)) = value.map(|value| untrusted::check_id(id, value)) {
                self.error(&self.field(id).label.clone(), error.to_string());
            }
        }
        Some(Proposal::Deprecate {
            target,
            reason: self.text("reason")?,
            replacement,
        })
    }
}

/// Whether `text` is `label` up to letter case and runs of whitespace, so
/// that a heading or choice the submitter retyped while editing the issue
/// still matches.
fn same_label(text: &str, label: &str) -> bool {
    let normal = |text: &str| {
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    normal(text) == normal(label)
}

/// Reads a `study:`, `guideline:`, `focus group:` or `practice:` prefix.
fn source_kind(line: &str) -> (SourceKind, &str) {
    let prefixes = [
        ("study:", SourceKind::Study),
        ("guideline:", SourceKind::Guideline),
        ("focus group:", SourceKind::FocusGroup),
        ("practice:", SourceKind::Practice),
    ];
    for (prefix, kind) in prefixes {
        if line.len() >= prefix.len() && line[..prefix.len()].eq_ignore_ascii_case(prefix) {
            return (kind, line[prefix.len()..].trim());
        }
    }
    (SourceKind::Practice, line)
}

/// Makes a kebab-case id from a title: ASCII letters and digits, other
/// characters as hyphens, at most 60 characters.
pub fn slug(title: &str) -> String {
    let mut id = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let mut id: String = id.chars().take(60).collect();
    while id.ends_with('-') {
        id.pop();
    }
    id
}

fn find_base_record(base: &Files, id: &str) -> Option<(String, Value)> {
    base.iter().find_map(|(path, bytes)| {
        if !matches!(Layout::kind_of(path), Some(FileKind::Entry | FileKind::Gap)) {
            return None;
        }
        let value: Value = serde_json::from_slice(bytes).ok()?;
        (value.get("id")?.as_str()? == id).then(|| (path.clone(), value))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENTRY_PATH: &str = "catalogue/boundaries-confidentiality/disclosure-plan.json";

    fn vocabulary() -> Vocabulary {
        serde_json::from_str(include_str!("../../catalogue/vocabulary.json")).unwrap()
    }

    fn base() -> Files {
        let entry =
            include_bytes!("../../catalogue/boundaries-confidentiality/disclosure-plan.json");
        Files::from([(ENTRY_PATH.to_string(), entry.to_vec())])
    }

    fn parse(body: &str) -> Result<Suggestion, Vec<Problem>> {
        let vocabulary = vocabulary();
        let base = base();
        let context = Context {
            issue: 7,
            vocabulary: &vocabulary,
            base: &base,
            today: "2026-12-04",
        };
        parse_issue(body, &context)
    }

    /// The body as GitHub renders it: a `### Label` heading, a blank line
    /// and the value per field, with CRLF line ends.
    fn rendered(fields: &[(&str, &str)]) -> String {
        fields
            .iter()
            .map(|(label, value)| format!("### {label}\r\n\r\n{value}"))
            .collect::<Vec<_>>()
            .join("\r\n\r\n")
    }

    fn deprecate(fields: &[(&str, &str)]) -> String {
        let mut all = vec![
            ("Id of the entry to deprecate", "disclosure-plan"),
            ("Reason", "Replaced by a wider plan."),
            ("Replacement", "_No response_"),
            ("Why", "Peers asked for one plan."),
            ("Your perspective", "Researcher"),
            ("Where the suggestion comes from", "_No response_"),
            ("Name to credit", "_No response_"),
        ];
        for (label, value) in fields {
            match all.iter_mut().find(|(known, _)| known == label) {
                Some(field) => field.1 = value,
                None => all.push((label, value)),
            }
        }
        rendered(&all)
    }

    #[test]
    fn no_response_is_blank() {
        let suggestion = parse(&deprecate(&[])).unwrap();
        let Proposal::Deprecate { replacement, .. } = &suggestion.proposal else {
            panic!("expected a deprecation: {suggestion:?}");
        };
        assert_eq!(replacement, &None);
        assert_eq!(suggestion.context, None);
        assert_eq!(suggestion.credit, None);
    }

    #[test]
    fn credit_with_email_rejected() {
        for credit in ["Ana <ana@example.org>", "@ana"] {
            let problems = parse(&deprecate(&[("Name to credit", credit)])).unwrap_err();
            assert_eq!(problems.len(), 1, "{credit}: {problems:?}");
            assert_eq!(problems[0].field, "Name to credit");
            assert!(problems[0].message.contains("without `@`"), "{problems:?}");
        }
    }

    #[test]
    fn credit_name_kept() {
        let suggestion = parse(&deprecate(&[("Name to credit", "Ana  M.")])).unwrap();
        assert_eq!(suggestion.credit.as_deref(), Some("Ana M."));
    }

    #[test]
    fn trailing_spaces_and_case_tolerated() {
        let body = deprecate(&[("Your perspective", "researcher  ")])
            .replace("### Reason", "### reason  ")
            .replace("### Why", "###   Why\t");
        let suggestion = parse(&body).unwrap();
        assert_eq!(suggestion.perspective, Perspective::Researcher);
        assert_eq!(suggestion.rationale, "Peers asked for one plan.");
    }

    #[test]
    fn bare_line_ends_tolerated() {
        let suggestion = parse(&deprecate(&[]).replace("\r\n", "\n")).unwrap();
        assert_eq!(suggestion.id, "issue-7");
    }

    #[test]
    fn unknown_dropdown_choice_named() {
        let problems = parse(&deprecate(&[("Your perspective", "Funder")])).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].field, "Your perspective");
        assert!(problems[0].message.contains("\"Funder\""), "{problems:?}");
    }

    #[test]
    fn extra_section_named() {
        let problems = parse(&deprecate(&[("Notes", "Also rename it.")])).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].field, "Notes");
        assert!(problems[0].message.contains("not read"), "{problems:?}");
    }

    #[test]
    fn renamed_required_label_reported() {
        let body = deprecate(&[]).replace("### Reason", "### Why deprecate");
        let problems = parse(&body).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert!(fields.contains(&"Why deprecate"), "{problems:?}");
        assert!(fields.contains(&"Reason"), "{problems:?}");
    }

    #[test]
    fn duplicate_heading_reported() {
        let body = format!("{}\r\n\r\n### Reason\r\n\r\nAgain.", deprecate(&[]));
        let problems = parse(&body).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("twice"), "{problems:?}");
    }

    #[test]
    fn text_before_first_heading_rejected() {
        let problems = parse(&format!("Hello\r\n\r\n{}", deprecate(&[]))).unwrap_err();
        assert_eq!(problems[0].field, "issue body");
    }

    fn change(fields: &[(&str, &str)]) -> String {
        let mut all = vec![("Id of the entry or gap to change", "disclosure-plan")];
        all.extend_from_slice(fields);
        all.push(("Why", "Counsellors use it too."));
        all.push(("Your perspective", "Peer worker"));
        rendered(&all)
    }

    fn patch_of(suggestion: &Suggestion) -> &serde_json::Map<String, Value> {
        match &suggestion.proposal {
            Proposal::Change { patch, .. } => patch,
            other => panic!("expected a change: {other:?}"),
        }
    }

    #[test]
    fn ticked_boxes_read_either_case() {
        let boxes = "- [ ] Peer research associate\r\n- [X] Peer counsellor or support worker  \r\n- [x] peer health system navigator";
        let suggestion = parse(&change(&[("Roles to add", boxes)])).unwrap();
        let roles = &patch_of(&suggestion)["fits"]["roles"];
        let roles: Vec<&str> = roles
            .as_array()
            .unwrap()
            .iter()
            .map(|role| role.as_str().unwrap())
            .collect();
        for label in [
            "Peer counsellor or support worker",
            "Peer health system navigator",
        ] {
            let id = &vocabulary()
                .roles
                .into_iter()
                .find(|term| term.label == label)
                .unwrap()
                .id;
            assert!(roles.contains(&id.as_str()), "{id} missing from {roles:?}");
        }
    }

    #[test]
    fn unticked_boxes_change_nothing() {
        let boxes = "- [ ] Peer research associate\r\n- [ ] Peer counsellor or support worker";
        let problems = parse(&change(&[("Roles to add", boxes)])).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].message.contains("changes nothing"),
            "{problems:?}"
        );
    }

    #[test]
    fn edited_box_label_named() {
        let boxes = "- [X] Peer mentor";
        let problems = parse(&change(&[("Roles to add", boxes)])).unwrap_err();
        assert_eq!(problems[0].field, "Roles to add");
        assert!(
            problems[0].message.contains("\"Peer mentor\""),
            "{problems:?}"
        );
    }

    #[test]
    fn non_checkbox_line_named() {
        let problems = parse(&change(&[("Roles to add", "all of them")])).unwrap_err();
        assert_eq!(problems[0].field, "Roles to add");
        assert!(
            problems[0].message.contains("not a checkbox"),
            "{problems:?}"
        );
    }

    #[test]
    fn unknown_target_named() {
        let body = change(&[("New title", "Disclosure plans")])
            .replace("disclosure-plan", "no-such-entry");
        let problems = parse(&body).unwrap_err();
        assert_eq!(problems[0].field, "Id of the entry or gap to change");
        assert!(
            problems[0].message.contains("\"no-such-entry\""),
            "{problems:?}"
        );
    }
}
