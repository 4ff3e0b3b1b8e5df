//! The static web site of the catalogue.
