//! The typed records of the standard and the repository layout they live in.

mod layout;
mod load;
mod model;

pub use layout::{FileKind, Layout};
pub use load::{find_root, read_tree, LoadError, SourceFile, Tree};
pub use model::{
    AdaptedFrom, Baseline, BaselineCondition, Catalogue, Entry, Fits, Gap, GapStatus, Licence,
    Manifest, Record, Source, SourceKind, Status, Term, Vocabulary,
};
