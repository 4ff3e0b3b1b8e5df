//! The tool kit for its readers: profile matching, coverage and review dates.

mod age;
mod coverage;
mod describe;
mod profile;
mod select;

pub use age::{parse_age, review_due, Age, AgeUnit, ReviewDue};
pub use coverage::{coverage, Cell, Coverage, Matrix};
pub use describe::{
    applies_sentence, describe_profile, describe_reasons, dimension_label, term_label,
};
pub use profile::{Dimension, Profile};
pub use select::{
    select, Applies, BaselineItem, CategoryGroup, EntryMatch, GapMatch, MatchReason, SelectOptions,
    Toolkit,
};

/// Why a tool kit, a coverage matrix or a review list could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ToolkitError {
    /// A profile names a term that the vocabulary does not define.
    #[error("unknown {} `{value}`; valid {} ids: {}", dimension.flag(), dimension.flag(), valid.join(", "))]
    UnknownTerm {
        /// The dimension the term was given for.
        dimension: Dimension,
        /// The term id as given.
        value: String,
        /// Every id the vocabulary defines for that dimension, in its order.
        valid: Vec<String>,
    },
    /// The catalogue was read without its vocabulary.
    #[error("the catalogue has no vocabulary (catalogue/vocabulary.json); run `peerkit validate` to see why")]
    MissingVocabulary,
    /// An age such as `24m` could not be read.
    #[error("invalid age `{value}`: {reason}; write a whole number followed by d (days), m (months) or y (years), such as 24m")]
    InvalidAge {
        /// The text as given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A record's `last_reviewed` is not a `YYYY-MM-DD` date.
    #[error("invalid last_reviewed `{value}` in {path}: expected a date as YYYY-MM-DD")]
    InvalidDate {
        /// The record's path relative to the repository root.
        path: String,
        /// The value as written.
        value: String,
    },
}
