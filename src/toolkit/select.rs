//! The tailored tool kit: the baseline, the entries that match a profile
//! by category, and the open gaps that affect it.

use serde::Serialize;

use super::{Dimension, Profile, ToolkitError};
use crate::catalogue::{BaselineCondition, Catalogue, Entry, Gap, GapStatus, Status, Term};

/// Options of [`select`].
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
    /// Returns the words shown to readers.
    pub fn label(self) -> &'static str {
        match self {
            Applies::Applies => "applies",
            Applies::DoesNotApply => "does not apply",
            Applies::Unknown => "unknown",
        }
    }
}

/// The terms that a record and a profile share in one dimension.
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
    /// Returns the ids of every entry in the tool kit: the baseline first,
    /// then the matches in category order.
    pub fn entry_ids(&self) -> Vec<&str> {
        let baseline = self.baseline.iter().map(|item| item.entry.id.as_str());
        let matches = self
            .categories
            .iter()
            .flat_map(|group| group.entries.iter())
            .map(|found| found.entry.id.as_str());
        baseline.chain(matches).collect()
    }

    /// Returns the ids of the gaps in the tool kit.
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
    let mut candidates: Vec<&Entry> = catalogue
        .entries
        .iter()
        .map(|(_, entry)| entry)
        .filter(|entry| is_shown(entry, options))
        .collect();
    candidates.sort_by(|a, b| {
        (category_rank(&a.category), &a.category, &a.id).cmp(&(
            category_rank(&b.category),
            &b.category,
            &b.id,
        ))
    });

    let baseline = candidates
        .iter()
        .filter(|entry| entry.baseline.required)
        .map(|entry| BaselineItem {
            entry,
            applies: condition_applies(entry.baseline.condition.as_ref(), profile),
        })
        .collect();

    let mut categories: Vec<CategoryGroup<'a>> = Vec::new();
    for entry in candidates.iter().filter(|entry| !entry.baseline.required) {
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

/// Tells whether an entry of this status belongs in a tool kit.
fn is_shown(entry: &Entry, options: SelectOptions) -> bool {
    match entry.status {
        Status::Deprecated => false,
        Status::Draft => options.include_drafts,
        Status::Proposed | Status::Adopted => true,
    }
}

/// Matches one dimension: `None` when the profile gives values and the
/// record contains none of them, otherwise the shared terms (empty when the
/// profile leaves the dimension out).
fn match_dimension(record: &[String], requested: &[String]) -> Option<Vec<String>> {
    if requested.is_empty() {
        return Some(Vec::new());
    }
    let shared: Vec<String> = record
        .iter()
        .filter(|term| requested.contains(term))
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

/// Tells whether a baseline condition holds for a profile. It does not
/// apply as soon as one dimension it names is given by the profile and no
/// value meets it. Otherwise it is unknown when the profile leaves out a
/// dimension it names, or when it names none, and it applies when neither.
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
        let requested = profile.values(dimension);
        if requested.is_empty() {
            unknown = true;
        } else if !terms.iter().any(|term| requested.contains(term)) {
            return Applies::DoesNotApply;
        }
    }
    if unknown || !named {
        Applies::Unknown
    } else {
        Applies::Applies
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Baseline, Fits, Vocabulary};

    fn terms(ids: &[&str]) -> Vec<Term> {
        ids.iter()
            .map(|id| Term {
                id: id.to_string(),
                label: id.to_uppercase(),
                definition: format!("The {id} term."),
            })
            .collect()
    }

    fn strings(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|id| id.to_string()).collect()
    }

    fn vocabulary() -> Vocabulary {
        Vocabulary {
            schema: "../schemas/vocabulary.schema.json".to_string(),
            roles: terms(&["pra", "navigator", "counsellor"]),
            intensities: terms(&["one-off", "contract", "full-time"]),
            readiness: terms(&["entry", "established"]),
            categories: terms(&["care", "pay"]),
            obstacles: terms(&["grief", "clawback"]),
            providers: terms(&["host-org"]),
        }
    }

    fn entry(id: &str, category: &str, fits: [&[&str]; 3], obstacles: &[&str]) -> Entry {
        Entry {
            schema: "../../schemas/entry.schema.json".to_string(),
            id: id.to_string(),
            title: format!("Title of {id}"),
            summary: "Summary.".to_string(),
            description: "Description.".to_string(),
            category: category.to_string(),
            baseline: Baseline {
                required: false,
                condition: None,
            },
            fits: Fits {
                roles: strings(fits[0]),
                intensities: strings(fits[1]),
                readiness: strings(fits[2]),
            },
            obstacles: strings(obstacles),
            providers: strings(&["host-org"]),
            practices: strings(&["Do it."]),
            adapted_from: None,
            status: Status::Adopted,
            superseded_by: None,
            deprecation_reason: None,
            related: Vec::new(),
            sources: Vec::new(),
            last_reviewed: "2026-01-01".to_string(),
        }
    }

    fn gap(id: &str, fits: [&[&str]; 3], status: GapStatus) -> Gap {
        Gap {
            schema: "../../schemas/gap.schema.json".to_string(),
            id: id.to_string(),
            title: format!("Gap {id}"),
            need: "A need.".to_string(),
            affects: Fits {
                roles: strings(fits[0]),
                intensities: strings(fits[1]),
                readiness: strings(fits[2]),
            },
            categories: strings(&["care"]),
            obstacles: Vec::new(),
            status,
            addressed_by: Vec::new(),
            related: Vec::new(),
            sources: Vec::new(),
            last_reviewed: "2026-01-01".to_string(),
        }
    }

    /// A catalogue with two baseline entries (one conditional on contract),
    /// four supports, a draft, a deprecated entry and three gaps.
    fn catalogue() -> Catalogue {
        let mut always = entry("always", "pay", [&["pra"], &["one-off"], &["entry"]], &[]);
        always.baseline.required = true;
        let mut on_contract = entry(
            "on-contract",
            "care",
            [&["pra"], &["contract"], &["entry"]],
            &[],
        );
        on_contract.baseline = Baseline {
            required: true,
            condition: Some(BaselineCondition {
                text: "For contract roles only.".to_string(),
                roles: Vec::new(),
                intensities: strings(&["contract"]),
                readiness: Vec::new(),
                obstacles: Vec::new(),
            }),
        };
        let mut draft = entry(
            "draft-one",
            "care",
            [&["pra"], &["contract"], &["entry"]],
            &[],
        );
        draft.status = Status::Draft;
        let mut deprecated = entry(
            "old-one",
            "care",
            [&["pra"], &["contract"], &["entry"]],
            &[],
        );
        deprecated.status = Status::Deprecated;
        let mut proposed = entry(
            "pay-fair",
            "pay",
            [&["pra", "navigator"], &["contract"], &["established"]],
            &[],
        );
        proposed.status = Status::Proposed;
        let entries = vec![
            always,
            on_contract,
            entry(
                "pra-contract",
                "care",
                [&["pra"], &["contract"], &["entry"]],
                &["grief"],
            ),
            entry(
                "nav-full",
                "care",
                [&["navigator"], &["full-time"], &["established"]],
                &["grief"],
            ),
            entry(
                "counsellor-any",
                "care",
                [
                    &["counsellor"],
                    &["one-off", "contract", "full-time"],
                    &["entry", "established"],
                ],
                &[],
            ),
            proposed,
            draft,
            deprecated,
        ];
        let gaps = vec![
            gap(
                "gap-pra",
                [&["pra"], &["contract"], &["entry"]],
                GapStatus::Open,
            ),
            gap(
                "gap-nav",
                [&["navigator"], &["full-time"], &["established"]],
                GapStatus::Open,
            ),
            gap(
                "gap-closed",
                [&["pra"], &["contract"], &["entry"]],
                GapStatus::Addressed,
            ),
        ];
        Catalogue {
            manifest: None,
            vocabulary: Some(vocabulary()),
            entries: entries
                .into_iter()
                .map(|entry| {
                    (
                        format!("catalogue/{}/{}.json", entry.category, entry.id),
                        entry,
                    )
                })
                .collect(),
            gaps: gaps
                .into_iter()
                .map(|gap| (format!("catalogue/gaps/{}.json", gap.id), gap))
                .collect(),
        }
    }

    fn profile(
        roles: &[&str],
        intensities: &[&str],
        readiness: &[&str],
        obstacles: &[&str],
    ) -> Profile {
        Profile {
            roles: strings(roles),
            intensities: strings(intensities),
            readiness: strings(readiness),
            obstacles: strings(obstacles),
        }
    }

    fn matched_ids(kit: &Toolkit<'_>) -> Vec<String> {
        kit.categories
            .iter()
            .flat_map(|group| group.entries.iter().map(|found| found.entry.id.clone()))
            .collect()
    }

    fn baseline_ids<'a>(kit: &'a Toolkit<'_>) -> Vec<&'a str> {
        kit.baseline
            .iter()
            .map(|item| item.entry.id.as_str())
            .collect()
    }

    #[test]
    fn baseline_present_whatever_filters() {
        let catalogue = catalogue();
        let profiles = [
            Profile::default(),
            profile(&["counsellor"], &[], &[], &[]),
            profile(&["navigator"], &["full-time"], &["established"], &["grief"]),
            profile(&[], &["one-off"], &[], &["clawback"]),
        ];
        for requested in profiles {
            let kit = select(&catalogue, &requested, SelectOptions::default()).unwrap();
            assert_eq!(
                baseline_ids(&kit),
                ["on-contract", "always"],
                "profile {requested:?}"
            );
        }
    }

    #[test]
    fn baseline_in_category_order() {
        let catalogue = catalogue();
        let kit = select(&catalogue, &Profile::default(), SelectOptions::default()).unwrap();
        let categories: Vec<&str> = kit
            .categories
            .iter()
            .map(|group| group.id.as_str())
            .collect();
        assert_eq!(categories, ["care", "pay"]);
    }

    #[test]
    fn deprecated_never_appears() {
        let catalogue = catalogue();
        for include_drafts in [false, true] {
            let options = SelectOptions { include_drafts };
            let kit = select(
                &catalogue,
                &profile(&["pra"], &["contract"], &[], &[]),
                options,
            )
            .unwrap();
            assert!(
                !kit.entry_ids().contains(&"old-one"),
                "drafts {include_drafts}"
            );
        }
    }

    #[test]
    fn drafts_only_when_asked() {
        let catalogue = catalogue();
        let requested = profile(&["pra"], &[], &[], &[]);
        let without = select(&catalogue, &requested, SelectOptions::default()).unwrap();
        assert!(!without.entry_ids().contains(&"draft-one"));
        let with = select(
            &catalogue,
            &requested,
            SelectOptions {
                include_drafts: true,
            },
        )
        .unwrap();
        assert!(with.entry_ids().contains(&"draft-one"));
    }

    #[test]
    fn proposed_entries_are_shown() {
        let catalogue = catalogue();
        let kit = select(
            &catalogue,
            &profile(&["navigator"], &["contract"], &[], &[]),
            SelectOptions::default(),
        )
        .unwrap();
        assert_eq!(matched_ids(&kit), ["pay-fair"]);
        assert_eq!(kit.categories[0].entries[0].entry.status, Status::Proposed);
    }

    #[test]
    fn dimensions_combine_with_and() {
        let catalogue = catalogue();
        let kit = select(
            &catalogue,
            &profile(&["pra"], &["full-time"], &[], &[]),
            SelectOptions::default(),
        )
        .unwrap();
        assert!(matched_ids(&kit).is_empty(), "{:?}", matched_ids(&kit));
        let kit = select(
            &catalogue,
            &profile(&["navigator"], &["full-time"], &["established"], &["grief"]),
            SelectOptions::default(),
        )
        .unwrap();
        assert_eq!(matched_ids(&kit), ["nav-full"]);
    }

    #[test]
    fn values_combine_with_or() {
        let catalogue = catalogue();
        let kit = select(
            &catalogue,
            &profile(&["pra", "navigator"], &[], &[], &[]),
            SelectOptions::default(),
        )
        .unwrap();
        assert_eq!(matched_ids(&kit), ["nav-full", "pra-contract", "pay-fair"]);
    }

    #[test]
    fn obstacles_match_entry_obstacles() {
        let catalogue = catalogue();
        let kit = select(
            &catalogue,
            &profile(&[], &[], &[], &["grief"]),
            SelectOptions::default(),
        )
        .unwrap();
        assert_eq!(matched_ids(&kit), ["nav-full", "pra-contract"]);
        let kit = select(
            &catalogue,
            &profile(&[], &[], &[], &["clawback"]),
            SelectOptions::default(),
        )
        .unwrap();
        assert!(matched_ids(&kit).is_empty());
    }

    #[test]
    fn no_filter_matches_everything() {
        let catalogue = catalogue();
        let kit = select(&catalogue, &Profile::default(), SelectOptions::default()).unwrap();
        assert_eq!(
            matched_ids(&kit),
            ["counsellor-any", "nav-full", "pra-contract", "pay-fair"]
        );
        assert!(kit.categories[0]
            .entries
            .iter()
            .all(|found| found.reasons.is_empty()));
    }

    #[test]
    fn reasons_name_matched_terms() {
        let catalogue = catalogue();
        let kit = select(
            &catalogue,
            &profile(&["pra", "counsellor"], &["contract"], &[], &[]),
            SelectOptions::default(),
        )
        .unwrap();
        let found = &kit.categories[0].entries[0];
        assert_eq!(found.entry.id, "counsellor-any");
        assert_eq!(
            found.reasons,
            [
                MatchReason {
                    dimension: Dimension::Role,
                    terms: strings(&["counsellor"])
                },
                MatchReason {
                    dimension: Dimension::Intensity,
                    terms: strings(&["contract"])
                },
            ]
        );
    }

    #[test]
    fn gaps_follow_profile() {
        let catalogue = catalogue();
        let gap_ids = |requested: Profile| {
            let kit = select(&catalogue, &requested, SelectOptions::default()).unwrap();
            kit.gap_ids()
                .iter()
                .map(|id| id.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(gap_ids(Profile::default()), ["gap-nav", "gap-pra"]);
        assert_eq!(gap_ids(profile(&["pra"], &[], &[], &[])), ["gap-pra"]);
        assert_eq!(
            gap_ids(profile(&["pra"], &["full-time"], &[], &[])),
            Vec::<String>::new()
        );
        assert_eq!(
            gap_ids(profile(&["navigator"], &[], &[], &["grief"])),
            ["gap-nav"]
        );
    }

    #[test]
    fn condition_applies_by_profile() {
        let catalogue = catalogue();
        let applies = |requested: Profile| {
            let kit = select(&catalogue, &requested, SelectOptions::default()).unwrap();
            kit.baseline
                .iter()
                .map(|item| (item.entry.id.clone(), item.applies))
                .collect::<Vec<_>>()
        };
        let on_contract = |value| {
            vec![
                ("on-contract".to_string(), value),
                ("always".to_string(), Applies::Applies),
            ]
        };
        assert_eq!(applies(Profile::default()), on_contract(Applies::Unknown));
        assert_eq!(
            applies(profile(&[], &["contract"], &[], &[])),
            on_contract(Applies::Applies)
        );
        assert_eq!(
            applies(profile(&[], &["one-off", "contract"], &[], &[])),
            on_contract(Applies::Applies)
        );
        assert_eq!(
            applies(profile(&[], &["full-time"], &[], &[])),
            on_contract(Applies::DoesNotApply)
        );
        assert_eq!(
            applies(profile(&["pra"], &[], &[], &[])),
            on_contract(Applies::Unknown)
        );
    }

    #[test]
    fn condition_text_only_is_unknown() {
        let condition = BaselineCondition {
            text: "Where peers do field work.".to_string(),
            roles: Vec::new(),
            intensities: Vec::new(),
            readiness: Vec::new(),
            obstacles: Vec::new(),
        };
        let requested = profile(&["pra"], &["contract"], &["entry"], &["grief"]);
        assert_eq!(
            condition_applies(Some(&condition), &requested),
            Applies::Unknown
        );
        assert_eq!(condition_applies(None, &requested), Applies::Applies);
    }

    #[test]
    fn unknown_term_lists_valid_ids() {
        let catalogue = catalogue();
        let error = select(
            &catalogue,
            &profile(&[], &["weekly"], &[], &[]),
            SelectOptions::default(),
        )
        .unwrap_err();
        let message = error.to_string();
        assert!(message.contains("unknown intensity `weekly`"), "{message}");
        assert!(
            message.contains("one-off, contract, full-time"),
            "{message}"
        );
    }

    #[test]
    fn missing_vocabulary_is_an_error() {
        let mut catalogue = catalogue();
        catalogue.vocabulary = None;
        let error = select(&catalogue, &Profile::default(), SelectOptions::default()).unwrap_err();
        assert!(matches!(error, ToolkitError::MissingVocabulary));
    }
}
