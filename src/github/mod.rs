//! The GitHub edge: octocrab with peerkit's own retries and error messages.
