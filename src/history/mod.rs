//! Git history through git2: revisions, release tags in semver order, the catalogue at a revision.
