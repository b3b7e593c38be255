//! How deep YAML nests, found before serde_yaml reads it.
//!
//! libyaml (under serde_yaml) keeps a pending key for every open flow
//! collection and looks through all of them at each token, so a few hundred
//! kilobytes of `[[[[…` take minutes to read; serde_yaml's own recursion limit
//! is checked only once the whole document has been parsed. This module runs
//! the same libyaml parser (unsafe-libyaml, the one serde_yaml uses, so the
//! nesting counted is exactly what serde_yaml would see) one event at a time
//! and stops at the first collection past the limit: the cost is then bounded
//! by the limit, not by the nesting in the file.

use std::mem::MaybeUninit;

/// How many collections inside each other gloss reads. Its YAML nests three
/// deep at most (an entry's `sources`: a list of maps); theme options a few
/// more.
pub(crate) const MAX_DEPTH: usize = 32;

/// Where `yaml` first opens a collection deeper than [`MAX_DEPTH`], as a
/// 1-based line and column (in characters) of `yaml`. `None` when it never
/// does, or when it stops being YAML before that (serde_yaml reports that).
pub(crate) fn too_deep(yaml: &str) -> Option<(usize, usize)> {
    let mut parser = Parser::new(yaml.as_bytes());
    let mut depth = 0usize;
    loop {
        let (kind, mark) = parser.next()?;
        match kind {
            unsafe_libyaml::YAML_SEQUENCE_START_EVENT | unsafe_libyaml::YAML_MAPPING_START_EVENT => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some((mark.line as usize + 1, mark.column as usize + 1));
                }
            }
            unsafe_libyaml::YAML_SEQUENCE_END_EVENT | unsafe_libyaml::YAML_MAPPING_END_EVENT => {
                depth = depth.saturating_sub(1)
            }
            unsafe_libyaml::YAML_STREAM_END_EVENT => return None,
            _ => {}
        }
    }
}

/// A libyaml parser over a borrowed text. Boxed: libyaml keeps a pointer to
/// the parser inside the parser, so it must not move.
struct Parser<'input> {
    sys: Box<MaybeUninit<unsafe_libyaml::yaml_parser_t>>,
    _input: &'input [u8],
}

impl<'input> Parser<'input> {
    fn new(input: &'input [u8]) -> Parser<'input> {
        let mut sys = Box::new(MaybeUninit::<unsafe_libyaml::yaml_parser_t>::uninit());
        let parser = sys.as_mut_ptr();
        // SAFETY: `parser` points to memory owned by the box, which neither
        // moves nor is freed before `Drop` deletes the parser; initialising
        // zeroes and sets up every field (it fails only if allocation fails,
        // which aborts in Rust). The input outlives the parser ('input).
        unsafe {
            let _ = unsafe_libyaml::yaml_parser_initialize(parser);
            unsafe_libyaml::yaml_parser_set_encoding(parser, unsafe_libyaml::YAML_UTF8_ENCODING);
            unsafe_libyaml::yaml_parser_set_input_string(parser, input.as_ptr(), input.len() as u64);
        }
        Parser { sys, _input: input }
    }

    /// The next event's kind and where it starts; `None` on an error (after
    /// which the caller asks no more).
    fn next(&mut self) -> Option<(unsafe_libyaml::yaml_event_type_t, unsafe_libyaml::yaml_mark_t)> {
        let parser = self.sys.as_mut_ptr();
        let mut event = MaybeUninit::<unsafe_libyaml::yaml_event_t>::uninit();
        // SAFETY: the parser was initialised in `new`; an event is read only
        // after `yaml_parser_parse` succeeded (which initialises it), and is
        // deleted after its kind and mark are copied out.
        unsafe {
            if unsafe_libyaml::yaml_parser_parse(parser, event.as_mut_ptr()).fail {
                return None;
            }
            let event = event.as_mut_ptr();
            let found = ((*event).type_, (*event).start_mark);
            unsafe_libyaml::yaml_event_delete(event);
            Some(found)
        }
    }
}

impl Drop for Parser<'_> {
    fn drop(&mut self) {
        // SAFETY: initialised in `new`, deleted once.
        unsafe { unsafe_libyaml::yaml_parser_delete(self.sys.as_mut_ptr()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_where_flow_and_block_nesting_pass_the_limit() {
        assert_eq!(too_deep("title: x\nsources: [{title: a, url: b}]\n"), None);
        let flow = format!("topics: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        // The mapping is the first level and the `[` at column 9 the
        // second, so the limit is passed MAX_DEPTH - 1 brackets on.
        assert_eq!(too_deep(&flow), Some((1, 9 + MAX_DEPTH - 1)));
        let block = format!("a:\n  {}x\n", "- ".repeat(MAX_DEPTH));
        assert_eq!(too_deep(&block), Some((2, 3 + 2 * (MAX_DEPTH - 1))));
        let just_fits = format!("a:\n  {}x\n", "- ".repeat(MAX_DEPTH - 1));
        assert_eq!(too_deep(&just_fits), None);
    }

    #[test]
    fn broken_yaml_is_left_to_serde_yaml() {
        assert_eq!(too_deep("title: [x\n"), None);
        assert_eq!(too_deep("\t- a\n"), None);
        assert_eq!(too_deep(""), None);
    }
}
