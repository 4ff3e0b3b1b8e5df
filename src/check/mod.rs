//! Schema checks and the semantic rules over a whole catalogue.
