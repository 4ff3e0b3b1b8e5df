//! The canonical form of every catalogue file.
