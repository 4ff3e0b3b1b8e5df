//! Version classes and the next version.

use serde::Serialize;

/// The class of a change, and the version bump a set of changes needs.
/// Ordered from `None` to `Major`, so the bump of a set is the maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// No content change (formatting, line endings, `$schema` paths, the
    /// manifest's version and release date).
    #[default]
    None,
    /// Corrections and editorial changes.
    Patch,
    /// Additions and changes that existing adopters need not act on.
    Minor,
    /// Changes that can break an adopter: removals, new baseline
    /// requirements, schemas that old data fails.
    Major,
}

impl Bump {
    /// Returns the lowercase name, as in `--format json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

impl std::fmt::Display for Bump {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// Computes the version after `current` for a change set of class `bump`.
///
/// From 1.0.0 on this is plain semver. Before 1.0.0 a major change bumps
/// the minor number (0.9.3 -> 0.10.0), because semver reserves 0.y.z for
/// initial development and a 1.0.0 is a decision, not a side effect. A
/// minor change also bumps the minor number, and a patch the patch number.
/// A prerelease (`1.0.0-rc.1`) is followed by its release (`1.0.0`) for
/// any bump that the release would already include; `None` keeps the
/// version. Build metadata is dropped.
pub fn next_version(current: &semver::Version, bump: Bump) -> semver::Version {
    if bump == Bump::None {
        return current.clone();
    }
    let release = semver::Version::new(current.major, current.minor, current.patch);
    if !current.pre.is_empty() && prerelease_covers(current, bump) {
        return release;
    }
    let effective = if current.major == 0 && bump == Bump::Major {
        Bump::Minor
    } else {
        bump
    };
    match effective {
        Bump::Major => semver::Version::new(current.major + 1, 0, 0),
        Bump::Minor => semver::Version::new(current.major, current.minor + 1, 0),
        _ => semver::Version::new(current.major, current.minor, current.patch + 1),
    }
}

/// Whether releasing a prerelease's version is enough for `bump`:
/// `1.0.0-rc.1` already announced a major change, `1.2.0-rc.1` a minor one.
fn prerelease_covers(current: &semver::Version, bump: Bump) -> bool {
    match bump {
        Bump::Major => current.minor == 0 && current.patch == 0,
        Bump::Minor => current.patch == 0,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::{next_version, Bump};

    fn next(current: &str, bump: Bump) -> String {
        next_version(&semver::Version::parse(current).unwrap(), bump).to_string()
    }

    #[test]
    fn next_version_after_one() {
        assert_eq!(next("1.9.3", Bump::Major), "2.0.0");
        assert_eq!(next("1.9.3", Bump::Minor), "1.10.0");
        assert_eq!(next("1.9.3", Bump::Patch), "1.9.4");
        assert_eq!(next("1.9.3", Bump::None), "1.9.3");
    }

    #[test]
    fn next_version_before_one() {
        assert_eq!(next("0.10.0", Bump::Major), "0.11.0");
        assert_eq!(next("0.10.0", Bump::Minor), "0.11.0");
        assert_eq!(next("0.10.0", Bump::Patch), "0.10.1");
    }

    #[test]
    fn next_version_after_prerelease() {
        assert_eq!(next("1.0.0-rc.1", Bump::Major), "1.0.0");
        assert_eq!(next("1.2.0-rc.1", Bump::Minor), "1.2.0");
        assert_eq!(next("1.2.0-rc.1", Bump::Major), "2.0.0");
        assert_eq!(next("1.2.3-rc.1", Bump::Patch), "1.2.3");
    }
}
