//! A project's profile: the roles, intensities, readiness stages and
//! obstacles a team chooses, checked against the vocabulary.

use serde::{Deserialize, Serialize};

use super::ToolkitError;
use crate::catalogue::{Entry, Fits, Vocabulary};

/// One dimension of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dimension {
    /// Peer roles (`--role`).
    Role,
    /// Work intensities (`--intensity`).
    Intensity,
    /// Readiness stages (`--readiness`).
    Readiness,
    /// Obstacles (`--obstacle`).
    Obstacle,
}

impl Dimension {
    /// Every dimension, in the order the tool kit shows them.
    pub const ALL: [Dimension; 4] = [
        Dimension::Role,
        Dimension::Intensity,
        Dimension::Readiness,
        Dimension::Obstacle,
    ];

    /// The singular name used by command-line flags and URL hash keys.
    pub fn flag(self) -> &'static str {
        match self {
            Dimension::Role => "role",
            Dimension::Intensity => "intensity",
            Dimension::Readiness => "readiness",
            Dimension::Obstacle => "obstacle",
        }
    }

    /// The name of the vocabulary list that defines its terms.
    pub fn list(self) -> &'static str {
        match self {
            Dimension::Role => "roles",
            Dimension::Intensity => "intensities",
            Dimension::Readiness => "readiness",
            Dimension::Obstacle => "obstacles",
        }
    }

    /// The terms an entry carries in this dimension.
    pub fn of_entry(self, entry: &Entry) -> &[String] {
        match self {
            Dimension::Obstacle => &entry.obstacles,
            _ => self.of_fits(&entry.fits).unwrap_or_default(),
        }
    }

    /// The terms of `fits` in this dimension; `None` for obstacles, which
    /// `Fits` does not hold.
    pub fn of_fits(self, fits: &Fits) -> Option<&[String]> {
        match self {
            Dimension::Role => Some(&fits.roles),
            Dimension::Intensity => Some(&fits.intensities),
            Dimension::Readiness => Some(&fits.readiness),
            Dimension::Obstacle => None,
        }
    }
}

/// The project a team describes: term ids per dimension. An empty
/// dimension does not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Role ids.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Intensity ids.
    #[serde(default)]
    pub intensities: Vec<String>,
    /// Readiness stage ids.
    #[serde(default)]
    pub readiness: Vec<String>,
    /// Obstacle ids.
    #[serde(default)]
    pub obstacles: Vec<String>,
}

impl Profile {
    /// The profile's values in `dimension`.
    pub fn values(&self, dimension: Dimension) -> &[String] {
        match dimension {
            Dimension::Role => &self.roles,
            Dimension::Intensity => &self.intensities,
            Dimension::Readiness => &self.readiness,
            Dimension::Obstacle => &self.obstacles,
        }
    }

    /// The profile's values in `dimension`, for changing them.
    pub fn values_mut(&mut self, dimension: Dimension) -> &mut Vec<String> {
        match dimension {
            Dimension::Role => &mut self.roles,
            Dimension::Intensity => &mut self.intensities,
            Dimension::Readiness => &mut self.readiness,
            Dimension::Obstacle => &mut self.obstacles,
        }
    }

    /// Whether no dimension is given, so nothing is filtered.
    pub fn is_empty(&self) -> bool {
        Dimension::ALL
            .iter()
            .all(|dimension| self.values(*dimension).is_empty())
    }

    /// Adds the values of `other` that this profile does not hold yet.
    pub fn extend(&mut self, other: &Profile) {
        for dimension in Dimension::ALL {
            for value in other.values(dimension) {
                if !self.values(dimension).contains(value) {
                    self.values_mut(dimension).push(value.clone());
                }
            }
        }
    }

    /// Checks that the vocabulary defines every value.
    ///
    /// # Errors
    ///
    /// [`ToolkitError::UnknownTerm`] for the first value it does not define,
    /// with the valid ids of that dimension.
    pub fn check(&self, vocabulary: &Vocabulary) -> Result<(), ToolkitError> {
        for dimension in Dimension::ALL {
            for value in self.values(dimension) {
                if !vocabulary.has(dimension.list(), value) {
                    let valid = vocabulary
                        .list(dimension.list())
                        .unwrap_or_default()
                        .iter()
                        .map(|term| term.id.clone())
                        .collect();
                    return Err(ToolkitError::UnknownTerm {
                        dimension,
                        value: value.clone(),
                        valid,
                    });
                }
            }
        }
        Ok(())
    }
}
