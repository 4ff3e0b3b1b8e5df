//! The tool kit for its readers: profile matching, coverage and review dates.
