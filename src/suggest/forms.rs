//! The issue forms (`.github/ISSUE_TEMPLATE/*.yml`): their fields, built
//! from the vocabulary, and their YAML. The parser in [`super::form`]
//! reads the issues these forms produce through the same definitions.

use crate::catalogue::{Term, Vocabulary};

use super::model::Perspective;

/// The label every suggestion issue gets.
pub const SUGGESTION_LABEL: &str = "suggestion";

/// What kind of input a field is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text.
    Input,
    /// Several lines of text.
    Textarea,
    /// One choice among labels.
    Dropdown(Vec<String>),
    /// Any number of labels.
    Checkboxes(Vec<String>),
}

/// One field of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The field's id in the form and in the parser.
    pub id: &'static str,
    /// The label, which is also the `### ` heading of the rendered issue.
    pub label: String,
    /// The help text under the label.
    pub description: String,
    /// The kind of input.
    pub kind: FieldKind,
    /// Whether GitHub requires a value.
    pub required: bool,
}

/// One issue form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// The file name in `.github/ISSUE_TEMPLATE/`.
    pub file: &'static str,
    /// `add`, `change` or `deprecate`.
    pub kind: &'static str,
    /// The name in GitHub's template chooser.
    pub name: &'static str,
    /// The description in the chooser.
    pub about: &'static str,
    /// The title GitHub fills in.
    pub title: &'static str,
    /// The fields, in order.
    pub fields: Vec<Field>,
}

impl Form {
    /// Returns the field with `id`.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|field| field.id == id)
    }
}

/// The notice at the top of every form.
const PUBLIC_NOTICE: &str = "**This issue will be public.** Everyone can read it, and it shows \
your GitHub account as its author. Do not write anything here that identifies you or someone \
else, such as a health status, unless you are happy for it to be public.\n\n\
If you would rather not post in public, give your suggestion to a coordinator instead: \
coordinators collect suggestions, for example at a focus group, and submit them as files \
without your name. See docs/suggestions.md in this repository.";

fn labels(terms: &[Term]) -> Vec<String> {
    terms.iter().map(|term| term.label.clone()).collect()
}

fn field(
    id: &'static str,
    label: &str,
    description: &str,
    kind: FieldKind,
    required: bool,
) -> Field {
    Field {
        id,
        label: label.to_string(),
        description: description.to_string(),
        kind,
        required,
    }
}

/// The fields that end every form: why, who, where from, and credit.
fn closing_fields() -> Vec<Field> {
    vec![
        field(
            "rationale",
            "Why",
            "Why should the toolkit take this suggestion? What happens for peer workers today?",
            FieldKind::Textarea,
            true,
        ),
        field(
            "perspective",
            "Your perspective",
            "Which describes you best?",
            FieldKind::Dropdown(
                Perspective::ALL
                    .iter()
                    .map(|p| p.label().to_string())
                    .collect(),
            ),
            true,
        ),
        field(
            "context",
            "Where the suggestion comes from",
            "Optional. For example: a focus group and its date, or a project.",
            FieldKind::Input,
            false,
        ),
        field(
            "credit",
            "Name to credit",
            "Optional. The name to thank in the change. Leave it blank to stay anonymous. \
             Never write an email address or phone number here.",
            FieldKind::Input,
            false,
        ),
    ]
}

/// The fields of terms that an entry fits and a gap affects.
fn term_lists(vocabulary: &Vocabulary, prefix: &str, suffix: &str, action: &str) -> Vec<Field> {
    let lists: [(&'static str, &'static str, &str, &[Term]); 5] = [
        ("roles", "Roles", "peer roles", &vocabulary.roles),
        (
            "intensities",
            "Work intensities",
            "work intensities",
            &vocabulary.intensities,
        ),
        (
            "readiness",
            "Readiness stages",
            "readiness stages",
            &vocabulary.readiness,
        ),
        ("obstacles", "Obstacles", "obstacles", &vocabulary.obstacles),
        ("providers", "Providers", "providers", &vocabulary.providers),
    ];
    lists
        .into_iter()
        .map(|(id, label, words, terms)| Field {
            id: leak_id(prefix, id),
            label: format!("{label}{suffix}"),
            description: format!("Tick the {words} {action}."),
            kind: FieldKind::Checkboxes(labels(terms)),
            required: false,
        })
        .collect()
}

/// Field ids are static strings; the few combined ones are listed here.
fn leak_id(prefix: &str, id: &str) -> &'static str {
    match (prefix, id) {
        ("", "roles") => "roles",
        ("", "intensities") => "intensities",
        ("", "readiness") => "readiness",
        ("", "obstacles") => "obstacles",
        ("", "providers") => "providers",
        ("add-", "roles") => "add-roles",
        ("add-", "intensities") => "add-intensities",
        ("add-", "readiness") => "add-readiness",
        ("add-", "obstacles") => "add-obstacles",
        ("add-", "providers") => "add-providers",
        ("remove-", "roles") => "remove-roles",
        ("remove-", "intensities") => "remove-intensities",
        ("remove-", "readiness") => "remove-readiness",
        ("remove-", "obstacles") => "remove-obstacles",
        _ => "remove-providers",
    }
}

/// Builds the three forms from the vocabulary.
pub fn forms(vocabulary: &Vocabulary) -> Vec<Form> {
    vec![
        add_form(vocabulary),
        change_form(vocabulary),
        deprecate_form(),
    ]
}

fn add_form(vocabulary: &Vocabulary) -> Form {
    let mut fields = vec![
        field(
            "record",
            "What you suggest",
            "A support is something that helps peer workers. A gap is a need that no support meets yet.",
            FieldKind::Dropdown(vec![
                "A new support".to_string(),
                "A gap: a need that no support meets yet".to_string(),
            ]),
            true,
        ),
        field("title", "Title", "A short name, such as \"Paid debriefing after a crisis\".", FieldKind::Input, true),
        field(
            "summary",
            "Summary",
            "One or two sentences. For a gap: the need, in the words of the people who named it.",
            FieldKind::Textarea,
            true,
        ),
        field(
            "description",
            "Description",
            "For a support: what it is and how it works. Leave it blank for a gap.",
            FieldKind::Textarea,
            false,
        ),
        field(
            "category",
            "Category",
            "The area it belongs to.",
            FieldKind::Dropdown(labels(&vocabulary.categories)),
            true,
        ),
        field(
            "baseline",
            "Basic requirement",
            "Tick if every project with peer workers should offer it.",
            FieldKind::Checkboxes(vec!["Every project should offer this".to_string()]),
            false,
        ),
    ];
    fields.extend(term_lists(
        vocabulary,
        "",
        "",
        "it fits (for a gap: whom it affects)",
    ));
    fields.push(field(
        "practices",
        "Practices",
        "For a support: the concrete steps, one per line.",
        FieldKind::Textarea,
        false,
    ));
    fields.push(field(
        "sources",
        "Sources",
        "What backs the suggestion, one per line: the title, then a link if there is one. A new \
         support needs at least one. Start a line with \"study:\", \"guideline:\" or \
         \"focus group:\" to say what kind of source it is.",
        FieldKind::Textarea,
        false,
    ));
    fields.extend(closing_fields());
    Form {
        file: "add.yml",
        kind: "add",
        name: "Suggest a new support or gap",
        about: "Propose a support for peer workers, or a need that no support meets yet.",
        title: "Suggestion: ",
        fields,
    }
}

fn change_form(vocabulary: &Vocabulary) -> Form {
    let mut fields = vec![
        field(
            "target",
            "Id of the entry or gap to change",
            "The id is the last part of the file name, such as impact-debriefing.",
            FieldKind::Input,
            true,
        ),
        field(
            "title",
            "New title",
            "Optional. Leave blank to keep the title.",
            FieldKind::Input,
            false,
        ),
        field(
            "summary",
            "New summary",
            "Optional. Leave blank to keep the summary.",
            FieldKind::Textarea,
            false,
        ),
        field(
            "description",
            "New description",
            "Optional. Leave blank to keep the description.",
            FieldKind::Textarea,
            false,
        ),
    ];
    fields.extend(term_lists(vocabulary, "add-", " to add", "to add"));
    fields.extend(term_lists(vocabulary, "remove-", " to remove", "to remove"));
    fields.push(field(
        "practices",
        "Practices to add",
        "Optional. New concrete steps, one per line.",
        FieldKind::Textarea,
        false,
    ));
    fields.extend(closing_fields());
    Form {
        file: "change.yml",
        kind: "change",
        name: "Suggest a change to an entry or gap",
        about: "Propose new wording, or terms to add or remove.",
        title: "Change: ",
        fields,
    }
}

fn deprecate_form() -> Form {
    let mut fields = vec![
        field(
            "target",
            "Id of the entry to deprecate",
            "The id is the last part of the file name, such as impact-debriefing.",
            FieldKind::Input,
            true,
        ),
        field(
            "reason",
            "Reason",
            "One sentence for the entry itself: why it should no longer be recommended.",
            FieldKind::Input,
            true,
        ),
        field(
            "replacement",
            "Replacement",
            "Optional. The id of the entry that replaces it.",
            FieldKind::Input,
            false,
        ),
    ];
    fields.extend(closing_fields());
    Form {
        file: "deprecate.yml",
        kind: "deprecate",
        name: "Suggest deprecating an entry",
        about: "Propose that an entry is no longer recommended.",
        title: "Deprecate: ",
        fields,
    }
}

/// A YAML scalar: JSON string syntax is valid YAML.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// Renders a form as GitHub issue-form YAML.
pub fn render_yaml(form: &Form) -> String {
    let mut out = String::new();
    out.push_str("# Generated by `peerkit forms` from catalogue/vocabulary.json; do not edit.\n");
    out.push_str(&format!("name: {}\n", quoted(form.name)));
    out.push_str(&format!("description: {}\n", quoted(form.about)));
    out.push_str(&format!("title: {}\n", quoted(form.title)));
    out.push_str(&format!("labels: [{}]\n", quoted(SUGGESTION_LABEL)));
    out.push_str("body:\n");
    out.push_str("  - type: markdown\n    attributes:\n");
    out.push_str(&format!("      value: {}\n", quoted(PUBLIC_NOTICE)));
    for field in &form.fields {
        render_field(&mut out, field);
    }
    out
}

fn render_field(out: &mut String, field: &Field) {
    let kind = match field.kind {
        FieldKind::Input => "input",
        FieldKind::Textarea => "textarea",
        FieldKind::Dropdown(_) => "dropdown",
        FieldKind::Checkboxes(_) => "checkboxes",
    };
    out.push_str(&format!(
        "  - type: {kind}\n    id: {}\n    attributes:\n",
        field.id
    ));
    out.push_str(&format!("      label: {}\n", quoted(&field.label)));
    out.push_str(&format!(
        "      description: {}\n",
        quoted(&field.description)
    ));
    match &field.kind {
        FieldKind::Dropdown(options) => {
            out.push_str("      options:\n");
            for option in options {
                out.push_str(&format!("        - {}\n", quoted(option)));
            }
        }
        FieldKind::Checkboxes(options) => {
            out.push_str("      options:\n");
            for option in options {
                out.push_str(&format!("        - label: {}\n", quoted(option)));
            }
        }
        FieldKind::Input | FieldKind::Textarea => {}
    }
    if field.required {
        out.push_str("    validations:\n      required: true\n");
    }
}

/// The chooser's configuration: no blank issues, and a link to the other
/// channel.
pub fn render_config() -> String {
    let mut out = String::new();
    out.push_str("# Generated by `peerkit forms`; do not edit.\n");
    out.push_str("blank_issues_enabled: false\n");
    out.push_str("contact_links:\n");
    out.push_str(&format!(
        "  - name: {}\n",
        quoted("Suggest without a public issue")
    ));
    out.push_str(&format!(
        "    url: {}\n",
        quoted("https://github.com/peerkit/peerkit/blob/main/docs/suggestions.md")
    ));
    out.push_str(&format!(
        "    about: {}\n",
        quoted(
            "Give your suggestion to a coordinator, who collects suggestions (for example at a \
             focus group) and submits them as files without your name."
        )
    ));
    out
}

/// Every generated file: path relative to the repository root and text.
pub fn generate(vocabulary: &Vocabulary) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = forms(vocabulary)
        .iter()
        .map(|form| {
            (
                format!(".github/ISSUE_TEMPLATE/{}", form.file),
                render_yaml(form),
            )
        })
        .collect();
    files.push((
        ".github/ISSUE_TEMPLATE/config.yml".to_string(),
        render_config(),
    ));
    files
}
