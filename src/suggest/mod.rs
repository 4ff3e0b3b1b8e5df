//! Community suggestions: the model, the issue-form parser, and applying one to a catalogue.
