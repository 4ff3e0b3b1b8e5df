//! The one diagnostic model that every check produces, and its renderers.
//!
//! A rule violation is a [`Diagnostic`], not an error: checks keep going
//! past it, and the caller decides the exit status at the end.

mod diagnostic;

pub use diagnostic::{Code, Diagnostic, Related, Severity};

pub mod render;
