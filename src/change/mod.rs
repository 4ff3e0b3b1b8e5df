//! The one change model between two catalogues, its version classes and renderers.
