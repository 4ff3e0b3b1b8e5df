//! Text edits of a release: the CHANGELOG.md section and the two lines of
//! CITATION.cff, each leaving every other byte as it was.

/// The title and preamble of a CHANGELOG.md that does not exist yet.
pub const CHANGELOG_PREAMBLE: &str = "# Changelog\n\n\
All notable changes to the Peer Worker Support Toolkit are listed here, one \
section per release, newest first. Each change is classed by the policy in \
docs/versioning.md: major when adopters may have to act on it (a removed \
support or a new baseline requirement), minor for an addition they need not \
act on, patch for a correction of wording or sources. Before 1.0.0 a major \
change raises the minor number.\n";

/// An edit that could not be made because the file lacks what it needs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// CITATION.cff has no top-level `version:` line.
    #[error("CITATION.cff has no top-level `version:` line; add `version: 0.1.0` and run again")]
    NoCitationVersion,
}

/// Returns the heading of the section of `version` released on `date`:
/// `## [1.2.0] - 2026-12-04`.
pub fn section_heading(version: &semver::Version, date: &str) -> String {
    format!("## [{version}] - {date}")
}

/// Returns the whole section: heading, a blank line, then `body` with one
/// final newline.
pub fn section(version: &semver::Version, date: &str, body: &str) -> String {
    let body = body.trim_matches('\n');
    if body.is_empty() {
        format!("{}\n", section_heading(version, date))
    } else {
        format!("{}\n\n{body}\n", section_heading(version, date))
    }
}

/// Inserts `section` into `changelog` after its title and preamble and
/// before the newest release section, or creates the file's text with
/// [`CHANGELOG_PREAMBLE`] when `changelog` is `None`. The bytes before and
/// after the insertion point are kept as they were.
pub fn insert_section(changelog: Option<&str>, section: &str) -> String {
    let text = changelog.unwrap_or(CHANGELOG_PREAMBLE);
    let at = first_release_heading(text).unwrap_or(text.len());
    let (before, after) = text.split_at(at);
    let mut out = String::with_capacity(text.len() + section.len() + 2);
    out.push_str(before);
    if !before.is_empty() && !before.ends_with('\n') {
        out.push('\n');
    }
    if !before.is_empty() && !before.ends_with("\n\n") {
        out.push('\n');
    }
    out.push_str(section);
    if !after.is_empty() {
        out.push('\n');
    }
    out.push_str(after);
    out
}

/// Returns the byte offset of the first line that starts a release
/// section (`## [` and a digit), skipping `## [Unreleased]`.
fn first_release_heading(text: &str) -> Option<usize> {
    line_starts(text).find(|&start| is_release_heading(&text[start..]))
}

fn is_release_heading(line: &str) -> bool {
    line.strip_prefix("## [")
        .and_then(|rest| rest.chars().next())
        .is_some_and(|first| first.is_ascii_digit())
}

fn line_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(at, _)| at + 1))
        .filter(move |&start| start < text.len())
}

/// Returns the body of the section of `version` in `changelog` (without its
/// heading, trimmed), or `None` when it has no such section.
pub fn find_section(changelog: &str, version: &semver::Version) -> Option<String> {
    let prefix = format!("## [{version}]");
    let start = line_starts(changelog).find(|&at| changelog[at..].starts_with(&prefix))?;
    let body_start = changelog[start..]
        .find('\n')
        .map_or(changelog.len(), |end| start + end + 1);
    let body_end = line_starts(changelog)
        .filter(|&at| at >= body_start)
        .find(|&at| changelog[at..].starts_with("## "))
        .unwrap_or(changelog.len());
    Some(changelog[body_start..body_end].trim().to_string())
}

/// Sets the top-level `version:` and `date-released:` lines of a
/// CITATION.cff, inserting `date-released:` after `version:` when it is
/// missing. Every other line is kept byte for byte, and an existing
/// value's quoting style is kept.
pub fn set_citation(
    citation: &str,
    version: &semver::Version,
    date: &str,
) -> Result<String, EditError> {
    let newline = if citation.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut lines: Vec<String> = citation.split_inclusive('\n').map(str::to_string).collect();
    let version_at = lines
        .iter()
        .position(|line| line.starts_with("version:"))
        .ok_or(EditError::NoCitationVersion)?;
    lines[version_at] = replace_value(&lines[version_at], "version", &version.to_string());
    match lines
        .iter()
        .position(|line| line.starts_with("date-released:"))
    {
        Some(at) => lines[at] = replace_value(&lines[at], "date-released", date),
        None => {
            if !lines[version_at].ends_with('\n') {
                lines[version_at].push_str(newline);
            }
            lines.insert(version_at + 1, format!("date-released: {date}{newline}"));
        }
    }
    Ok(lines.concat())
}

/// Replaces the value of a `key: value` line, keeping its quotes and its
/// line ending.
fn replace_value(line: &str, key: &str, value: &str) -> String {
    let content_end = line.trim_end_matches(['\n', '\r']).len();
    let ending = &line[content_end..];
    let old = line[key.len() + 1..content_end].trim();
    let quote = match old.chars().next() {
        Some(quote @ ('"' | '\'')) => quote.to_string(),
        _ => String::new(),
    };
    format!("{key}: {quote}{value}{quote}{ending}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> semver::Version {
        semver::Version::parse(text).unwrap()
    }

    #[test]
    fn insert_creates_missing_changelog() {
        let out = insert_section(None, "## [0.1.0] - 2026-12-04\n\nFirst.\n");
        assert!(out.starts_with(CHANGELOG_PREAMBLE));
        assert!(out.ends_with("\n\n## [0.1.0] - 2026-12-04\n\nFirst.\n"));
    }

    #[test]
    fn insert_goes_before_previous_release() {
        let old =
            "# Changelog\n\nIntro.\n\n## [Unreleased]\n\nWIP\n\n## [1.1.0] - 2026-01-01\n\nOld.\n";
        let out = insert_section(Some(old), "## [1.2.0] - 2026-12-04\n\nNew.\n");
        let expected = "# Changelog\n\nIntro.\n\n## [Unreleased]\n\nWIP\n\n## [1.2.0] - 2026-12-04\n\nNew.\n\n## [1.1.0] - 2026-01-01\n\nOld.\n";
        assert_eq!(out, expected);
    }

    #[test]
    fn insert_keeps_rest_bytes() {
        let old = "# Changelog\r\n\r\n## [1.1.0] - 2026-01-01\r\n\r\nOld  \r\n";
        let out = insert_section(Some(old), "## [1.2.0] - 2026-12-04\n");
        assert!(out.starts_with("# Changelog\r\n\r\n"));
        assert!(out.ends_with("## [1.1.0] - 2026-01-01\r\n\r\nOld  \r\n"));
    }

    #[test]
    fn find_section_returns_body() {
        let text = "# C\n\n## [1.2.0] - 2026-12-04\n\n### Added\n\n- a\n\n## [1.1.0] - 2026-01-01\n\nOld.\n";
        assert_eq!(
            find_section(text, &v("1.2.0")).as_deref(),
            Some("### Added\n\n- a")
        );
        assert_eq!(find_section(text, &v("1.1.0")).as_deref(), Some("Old."));
        assert_eq!(find_section(text, &v("1.0.0")), None);
    }

    #[test]
    fn citation_sets_two_lines() {
        let old = "cff-version: 1.2.0\ntitle: \"T\"\nversion: 0.1.0\nlicense: CC-BY-4.0\n";
        let out = set_citation(old, &v("1.2.0"), "2026-12-04").unwrap();
        assert_eq!(
            out,
            "cff-version: 1.2.0\ntitle: \"T\"\nversion: 1.2.0\ndate-released: 2026-12-04\nlicense: CC-BY-4.0\n"
        );
        let again = set_citation(&out, &v("1.3.0"), "2027-01-02").unwrap();
        assert!(again.contains("version: 1.3.0\ndate-released: 2027-01-02\n"));
        assert!(again.starts_with("cff-version: 1.2.0\n"));
    }

    #[test]
    fn citation_keeps_quotes() {
        let old = "version: \"0.1.0\"\ndate-released: '2026-01-01'\n";
        let out = set_citation(old, &v("0.2.0"), "2026-12-04").unwrap();
        assert_eq!(out, "version: \"0.2.0\"\ndate-released: '2026-12-04'\n");
    }

    #[test]
    fn citation_without_version_fails() {
        let result = set_citation("title: x\n", &v("1.0.0"), "2026-12-04");
        assert_eq!(result, Err(EditError::NoCitationVersion));
    }
}
