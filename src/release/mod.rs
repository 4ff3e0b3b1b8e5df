//! Cutting a release: plan, then apply all of it or none.
