//! Word-level diffs of prose fields, through `similar`.

use similar::{ChangeTag, TextDiff};

use super::{Segment, SegmentKind};

/// The number of words kept on each side of a change when a long run of
/// equal text is shortened.
const CONTEXT_WORDS: usize = 6;

/// Computes the word diff of two texts as runs of equal, removed and added
/// text. Equal runs longer than twice the context are shortened to `…`
/// between their first and last few words, so a one-word fix in a long
/// description stays readable.
pub fn word_diff(old: &str, new: &str) -> Vec<Segment> {
    let diff = TextDiff::from_words(old, new);
    let mut segments: Vec<Segment> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => SegmentKind::Equal,
            ChangeTag::Delete => SegmentKind::Removed,
            ChangeTag::Insert => SegmentKind::Added,
        };
        let token = change.value();
        match segments.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(token),
            _ => segments.push(Segment {
                kind,
                text: token.to_string(),
            }),
        }
    }
    let mut segments = merge_change_blocks(segments);
    shorten_equal_runs(&mut segments);
    segments
}

/// Joins removals and additions that only whitespace separates into one
/// removed run followed by one added run, so a rewritten sentence reads as
/// old text then new text rather than alternating single words.
fn merge_change_blocks(segments: Vec<Segment>) -> Vec<Segment> {
    let mut merged = Vec::new();
    let mut removed = String::new();
    let mut added = String::new();
    let mut gap = String::new();
    for segment in segments {
        let in_block = !removed.is_empty() || !added.is_empty();
        match segment.kind {
            SegmentKind::Equal if in_block && segment.text.trim().is_empty() => {
                gap.push_str(&segment.text)
            }
            SegmentKind::Equal => {
                flush_block(&mut merged, &mut removed, &mut added);
                merged.push(Segment {
                    kind: SegmentKind::Equal,
                    text: std::mem::take(&mut gap) + &segment.text,
                });
            }
            SegmentKind::Removed | SegmentKind::Added => {
                if !gap.is_empty() {
                    if !removed.is_empty() {
                        removed.push_str(&gap);
                    }
                    if !added.is_empty() {
                        added.push_str(&gap);
                    }
                    gap.clear();
                }
                let target = if segment.kind == SegmentKind::Removed {
                    &mut removed
                } else {
                    &mut added
                };
                target.push_str(&segment.text);
            }
        }
    }
    flush_block(&mut merged, &mut removed, &mut added);
    if !gap.is_empty() {
        merged.push(Segment {
            kind: SegmentKind::Equal,
            text: gap,
        });
    }
    merged
}

fn flush_block(merged: &mut Vec<Segment>, removed: &mut String, added: &mut String) {
    for (kind, text) in [(SegmentKind::Removed, removed), (SegmentKind::Added, added)] {
        if !text.is_empty() {
            merged.push(Segment {
                kind,
                text: std::mem::take(text),
            });
        }
    }
}

fn shorten_equal_runs(segments: &mut [Segment]) {
    let count = segments.len();
    for (index, segment) in segments.iter_mut().enumerate() {
        if segment.kind != SegmentKind::Equal {
            continue;
        }
        let keep_start = index > 0;
        let keep_end = index + 1 < count;
        segment.text = shorten(&segment.text, keep_start, keep_end);
    }
}

/// Keeps the first words when a change precedes the run (`keep_start`) and
/// the last words when one follows it (`keep_end`).
fn shorten(text: &str, keep_start: bool, keep_end: bool) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let limit = CONTEXT_WORDS * (usize::from(keep_start) + usize::from(keep_end));
    if words.len() <= limit.max(CONTEXT_WORDS) {
        return text.to_string();
    }
    let lead = if text.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let trail = if text.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let head = words[..CONTEXT_WORDS].join(" ");
    let tail = words[words.len() - CONTEXT_WORDS..].join(" ");
    match (keep_start, keep_end) {
        (true, true) => format!("{lead}{head} … {tail}{trail}"),
        (true, false) => format!("{lead}{head} …"),
        (false, true) => format!("… {tail}{trail}"),
        (false, false) => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(segments: &[Segment]) -> String {
        segments
            .iter()
            .map(|segment| match segment.kind {
                SegmentKind::Equal => segment.text.clone(),
                SegmentKind::Removed => format!("[-{}]", segment.text),
                SegmentKind::Added => format!("[+{}]", segment.text),
            })
            .collect()
    }

    #[test]
    fn word_diff_marks_one_word() {
        let segments = word_diff("Meet every month.", "Meet every week.");
        assert_eq!(render(&segments), "Meet every [-month.][+week.]");
    }

    #[test]
    fn word_diff_of_equal_text_is_one_run() {
        let segments = word_diff("Same words", "Same words");
        assert_eq!(segments.len(), 1);
        assert_eq!(segments[0].kind, SegmentKind::Equal);
    }

    #[test]
    fn word_diff_joins_rewritten_words() {
        let segments = word_diff("A summary of the plan.", "Ask first.");
        assert_eq!(render(&segments), "[-A summary of the plan.][+Ask first.]");
    }

    #[test]
    fn word_diff_keeps_words_between_changes() {
        let segments = word_diff("Meet every month in person.", "Meet each month by phone.");
        assert_eq!(
            render(&segments),
            "Meet [-every][+each] month [-in person.][+by phone.]"
        );
    }

    #[test]
    fn word_diff_shortens_long_context() {
        let old =
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen end";
        let new = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen finish";
        let text = render(&word_diff(old, new));
        assert_eq!(
            text,
            "… nine ten eleven twelve thirteen fourteen [-end][+finish]"
        );
    }
}
