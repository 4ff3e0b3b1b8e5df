//! The tailored tool kit: the baseline, the entries that match a profile
//! by category, and the open gaps that affect it.

use serde::Serialize;

use super::{Dimension, Profile, ToolkitError};
use crate::catalogue::{BaselineCondition, Catalogue, Entry, Gap, GapStatus, Status, Term};

/// What [`select`] leaves in or out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SelectOptions {
    /// Include entries with status `draft`.
    pub include_drafts: bool,
}

/// Whether a baseline requirement's condition holds for a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applies {
    /// The requirement has no condition, or the profile meets it.
    Applies,
    /// The profile gives a dimension that the condition names and none of
    /// its values meet it.
    DoesNotApply,
    /// The condition depends on a dimension the profile leaves out, or it
    /// is a sentence with no terms to test.
    Unknown,
}

impl Applies {
    /// The words shown to readers.
    pub fn label(self) -> &'static str {
        match self {
            Applies::Applies => "applies",
            Applies::DoesNotApply => "does not apply",
            Applies::Unknown => "unknown",
        }
    }
}

/// Which of a record's terms matched which profile values, in one dimension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchReason {
    /// The dimension.
    pub dimension: Dimension,
    /// The term ids that both the record and the profile hold.
    pub terms: Vec<String>,
}

/// A baseline requirement and whether its condition holds.
#[derive(Debug, Clone, Serialize)]
pub struct BaselineItem<'a> {
    /// The entry.
    pub entry: &'a Entry,
    /// Whether its condition holds for the profile.
    pub applies: Applies,
}

/// An entry that matches the profile.
#[derive(Debug, Clone, Serialize)]
pub struct EntryMatch<'a> {
    /// The entry.
    pub entry: &'a Entry,
    /// Why it matched: one reason per dimension the profile gives.
    pub reasons: Vec<MatchReason>,
}

/// The matching entries of one category.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryGroup<'a> {
    /// The category id.
    pub id: String,
    /// The category's term, when the vocabulary defines it.
    pub term: Option<&'a Term>,
    /// The matching entries, by id.
    pub entries: Vec<EntryMatch<'a>>,
}

/// An open gap that affects the profile.
#[derive(Debug, Clone, Serialize)]
pub struct GapMatch<'a> {
    /// The gap.
    pub gap: &'a Gap,
    /// Why it matched: one reason per dimension the profile gives, except
    /// obstacles, which do not filter gaps.
    pub reasons: Vec<MatchReason>,
}

/// The tool kit for one profile.
#[derive(Debug, Clone, Serialize)]
pub struct Toolkit<'a> {
    /// The profile it was made for.
    pub profile: Profile,
    /// Every baseline requirement, whatever the profile.
    pub baseline: Vec<BaselineItem<'a>>,
    /// The matching non-baseline entries by category, in vocabulary order.
    pub categories: Vec<CategoryGroup<'a>>,
    /// The open gaps whose `affects` matches the profile.
    pub gaps: Vec<GapMatch<'a>>,
}

impl Toolkit<'_> {
    /// The ids of every entry in the tool kit: the baseline first, then the
    /// matches in category order.
    pub fn entry_ids(&self) -> Vec<&str> {
        let baseline = self.baseline.iter().map(|item| item.entry.id.as_str());
        let matches = self
            .categories
            .iter()
            .flat_map(|group| group.entries.iter())
            .map(|found| found.entry.id.as_str());
        baseline.chain(matches).collect()
    }

    /// The ids of the gaps in the tool kit.
    pub fn gap_ids(&self) -> Vec<&str> {
        self.gaps
            .iter()
            .map(|found| found.gap.id.as_str())
            .collect()
    }
}

/// Selects the tool kit for `profile`.
///
/// Every baseline requirement is in it whatever the profile. A non-baseline
/// entry is in it when it matches every dimension the profile gives (AND),
/// through any one value of each (OR); a dimension left out does not
/// filter. Deprecated entries never appear; drafts only with
/// `include_drafts`. Open gaps are matched on `affects` the same way, by
/// roles, intensities and readiness.
///
/// # Errors
///
/// [`ToolkitError::MissingVocabulary`] when the catalogue has none, and
/// [`ToolkitError::UnknownTerm`] when the profile names an undefined term.
pub fn select<'a>(
    catalogue: &'a Catalogue,
    profile: &Profile,
    options: SelectOptions,
) -> Result<Toolkit<'a>, ToolkitError> {
    let vocabulary = catalogue
        .vocabulary
        .as_ref()
        .ok_or(ToolkitError::MissingVocabulary)?;
    profile.check(vocabulary)?;

    let category_rank = |id: &str| {
        vocabulary
            .categories
            .iter()
            .position(|term| term.id == id)
            .unwrap_or(usize::MAX)
    };
    let mut shown: Vec<&Entry> = catalogue
        .entries
        .iter()
        .map(|(_, entry)| entry)
        .filter(|entry| is_shown(entry, options))
        .collect();
    shown.sort_by(|a, b| {
        (category_rank(&a.category), &a.category, &a.id).cmp(&(
            category_rank(&b.category),
            &b.category,
            &b.id,
        ))
    });

    let baseline = shown
        .iter()
        .filter(|entry| entry.baseline.required)
        .map(|entry| BaselineItem {
            entry,
            applies: condition_applies(entry.baseline.condition.as_ref(), profile),
        })
        .collect();

    let mut categories: Vec<CategoryGroup<'a>> = Vec::new();
    for entry in shown.iter().filter(|entry| !entry.baseline.required) {
        let Some(reasons) = match_entry(entry, profile) else {
            continue;
        };
        let found = EntryMatch { entry, reasons };
        match categories.last_mut() {
            Some(group) if group.id == entry.category => group.entries.push(found),
            _ => categories.push(CategoryGroup {
                id: entry.category.clone(),
                term: vocabulary
                    .categories
                    .iter()
                    .find(|term| term.id == entry.category),
                entries: vec![found],
            }),
        }
    }

    let mut gaps: Vec<GapMatch<'a>> = catalogue
        .gaps
        .iter()
        .map(|(_, gap)| gap)
        .filter(|gap| gap.status == GapStatus::Open)
        .filter_map(|gap| match_gap(gap, profile).map(|reasons| GapMatch { gap, reasons }))
        .collect();
    gaps.sort_by(|a, b| a.gap.id.cmp(&b.gap.id));

    Ok(Toolkit {
        profile: profile.clone(),
        baseline,
        categories,
        gaps,
    })
}

/// Whether an entry of this status belongs in a tool kit.
fn is_shown(entry: &Entry, options: SelectOptions) -> bool {
    match entry.status {
        Status::Deprecated => false,
        Status::Draft => options.include_drafts,
        Status::Proposed | Status::Adopted => true,
    }
}

/// Matches one dimension: `None` when the profile gives values and the
/// record holds none of them, otherwise the shared terms (empty when the
/// profile leaves the dimension out).
fn match_dimension(record: &[String], wanted: &[String]) -> Option<Vec<String>> {
    if wanted.is_empty() {
        return Some(Vec::new());
    }
    let shared: Vec<String> = record
        .iter()
        .filter(|term| wanted.contains(term))
        .cloned()
        .collect();
    (!shared.is_empty()).then_some(shared)
}

/// Matches an entry on every dimension; `None` when one fails.
fn match_entry(entry: &Entry, profile: &Profile) -> Option<Vec<MatchReason>> {
    let mut reasons = Vec::new();
    for dimension in Dimension::ALL {
        let terms = match_dimension(dimension.of_entry(entry), profile.values(dimension))?;
        if !terms.is_empty() {
            reasons.push(MatchReason { dimension, terms });
        }
    }
    Some(reasons)
}

/// Matches a gap's `affects` on roles, intensities and readiness.
fn match_gap(gap: &Gap, profile: &Profile) -> Option<Vec<MatchReason>> {
    let mut reasons = Vec::new();
    for dimension in Dimension::ALL {
        let Some(affected) = dimension.of_fits(&gap.affects) else {
            continue;
        };
        let terms = match_dimension(affected, profile.values(dimension))?;
        if !terms.is_empty() {
            reasons.push(MatchReason { dimension, terms });
        }
    }
    Some(reasons)
}

/// Tells whether a baseline condition holds: it does not apply as soon as
/// one dimension it names is given by the profile and fails, it is
/// unknown when a dimension it names is left out by the profile (or it
/// names none), and it applies otherwise.
fn condition_applies(condition: Option<&BaselineCondition>, profile: &Profile) -> Applies {
    let Some(condition) = condition else {
        return Applies::Applies;
    };
    let lists = [
        (Dimension::Role, &condition.roles),
        (Dimension::Intensity, &condition.intensities),
        (Dimension::Readiness, &condition.readiness),
        (Dimension::Obstacle, &condition.obstacles),
    ];
    let mut named = false;
    let mut unknown = false;
    for (dimension, terms) in lists {
        if terms.is_empty() {
            continue;
        }
        named = true;
        let wanted = profile.values(dimension);
        if wanted.is_empty() {
            unknown = true;
        } else if !terms.iter().any(|term| wanted.contains(term)) {
            return Applies::DoesNotApply;
        }
    }
    if unknown || !named {
        Applies::Unknown
    } else {
        Applies::Applies
    }
}
