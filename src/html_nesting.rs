//! Raw HTML that markdown would land inside where HTML does not allow it.
//!
//! A blank line ends an HTML block in markdown, so `<pre>` or `<table>`
//! followed by a blank line leaves the element open while markdown goes on
//! with paragraphs, code blocks or lists: `<p>` inside `<pre>`, a code block
//! between table rows. Browsers move or mangle such content and the page is
//! invalid HTML. Following the elements the writer's HTML opens and closes
//! across a body's events, this finds each piece of raw HTML that opened an
//! element still open where markdown starts a block it cannot hold; the
//! renderer shows that piece, and the pieces that close what it opened, as
//! text, and the checks warn at its tag.

/// Elements whose content may be markdown's blocks (flow content).
const HOLDS_BLOCKS: &[&str] = &[
    "div",
    "li",
    "td",
    "th",
    "dd",
    "blockquote",
    "details",
    "section",
    "article",
    "aside",
    "nav",
    "header",
    "footer",
    "main",
    "figure",
    "figcaption",
];

/// Elements with no content, never open.
const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// Elements whose content is whatever their parent's may be.
const TRANSPARENT: &[&str] = &["a", "ins", "del", "map"];

/// A raw HTML element open at this point of the body.
struct OpenElement {
    name: String,
    /// The piece of raw HTML that opened it.
    piece: usize,
    /// Where its start tag is in the body.
    at: usize,
}

/// A piece of raw HTML shown as text, as its element would hold a
/// markdown block HTML does not allow there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MisplacedBlock {
    /// Where the element's start tag is in the body.
    pub(crate) at: usize,
    /// The element, lowercase (`pre`).
    pub(crate) element: String,
    /// The markdown block that would land inside it ("a paragraph").
    pub(crate) block: &'static str,
}

/// The elements the writer's HTML has open, followed piece by piece.
pub(crate) struct Nesting<'k> {
    /// Whether the sanitiser keeps an element (it drops the others' tags).
    kept: &'k dyn Fn(&str) -> bool,
    open: Vec<OpenElement>,
    /// The depth of `open` at each markdown element still open: HTML opened
    /// inside one ends with it.
    markdown_depths: Vec<usize>,
    /// Elements opened by a piece shown as text, whose end tags are text too.
    shown: Vec<String>,
    /// Pieces to show as text.
    pub(crate) as_text: Vec<usize>,
    pub(crate) misplaced: Vec<MisplacedBlock>,
}

impl<'k> Nesting<'k> {
    pub(crate) fn new(kept: &'k dyn Fn(&str) -> bool) -> Self {
        Nesting {
            kept,
            open: Vec::new(),
            markdown_depths: Vec::new(),
            shown: Vec::new(),
            as_text: Vec::new(),
            misplaced: Vec::new(),
        }
    }

    /// Piece `piece` of raw HTML, starting at `start` in the body, with its
    /// tags as `raw_html::read` gives them.
    pub(crate) fn raw_html(&mut self, piece: usize, start: usize, tags: &[crate::raw_html::RawTag]) {
        for tag in tags {
            let name = tag.name.as_str();
            if !(self.kept)(name) || VOID.contains(&name) || TRANSPARENT.contains(&name) {
                continue;
            }
            if !tag.is_end {
                self.open.push(OpenElement { name: tag.name.clone(), piece, at: start + tag.at });
                continue;
            }
            let floor = self.markdown_depths.last().copied().unwrap_or(0);
            if let Some(i) = self.open[floor..].iter().rposition(|e| e.name == name) {
                self.open.truncate(floor + i);
            } else if let Some(i) = self.shown.iter().rposition(|shown| shown == name) {
                self.shown.remove(i);
                if !self.as_text.contains(&piece) {
                    self.as_text.push(piece);
                }
            }
        }
    }

    /// A markdown element starts; `block` names it if it is a block.
    pub(crate) fn markdown_start(&mut self, block: Option<&'static str>) {
        if let Some(block) = block {
            self.markdown_block(block);
        }
        self.markdown_depths.push(self.open.len());
    }

    /// A markdown element ends, and whatever HTML opened inside it.
    pub(crate) fn markdown_end(&mut self) {
        if let Some(depth) = self.markdown_depths.pop() {
            self.open.truncate(depth);
        }
    }

    /// A markdown block with no content (a thematic break).
    pub(crate) fn markdown_leaf(&mut self, block: &'static str) {
        self.markdown_block(block);
    }

    fn markdown_block(&mut self, block: &'static str) {
        let floor = self.markdown_depths.last().copied().unwrap_or(0);
        // A block's start tag closes an open `<p>` in HTML too.
        while self.open.len() > floor && self.open.last().is_some_and(|e| e.name == "p") {
            self.open.pop();
        }
        let holder = self.open[floor..].iter().rposition(|e| HOLDS_BLOCKS.contains(&e.name.as_str()));
        let first_misplaced = floor + holder.map_or(0, |i| i + 1);
        let Some(innermost) = self.open.get(first_misplaced..).and_then(<[OpenElement]>::last) else { return };
        self.misplaced.push(MisplacedBlock { at: innermost.at, element: innermost.name.clone(), block });
        let pieces: Vec<usize> = self.open[first_misplaced..].iter().map(|e| e.piece).collect();
        for piece in pieces {
            if !self.as_text.contains(&piece) {
                self.as_text.push(piece);
            }
            // Everything that piece opened is text now, not open.
            let (shown, open): (Vec<OpenElement>, Vec<OpenElement>) =
                self.open.drain(floor..).partition(|e| e.piece == piece);
            self.shown.extend(shown.into_iter().map(|e| e.name));
            self.open.extend(open);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw_html;

    /// Feeds raw HTML pieces and markdown blocks: `Err(block)` is a block.
    fn follow(steps: &[Result<&str, &'static str>]) -> (Vec<usize>, Vec<String>) {
        let kept = |_: &str| true;
        let mut nesting = Nesting::new(&kept);
        for (piece, step) in steps.iter().enumerate() {
            match step {
                Ok(html) => nesting.raw_html(piece, 0, &raw_html::read(html).tags),
                Err(block) => {
                    nesting.markdown_start(Some(block));
                    nesting.markdown_end();
                }
            }
        }
        (nesting.as_text, nesting.misplaced.into_iter().map(|m| m.element).collect())
    }

    #[test]
    fn a_paragraph_inside_pre_shows_the_pre_and_its_end_as_text() {
        let steps =
            [Ok("<table><tr><td>\n<pre>\n**Hello**,\n"), Err("a paragraph"), Ok("</pre>"), Ok("</td></tr></table>\n")];
        assert_eq!(follow(&steps), (vec![0, 2, 3], vec!["pre".to_string()]));
    }

    #[test]
    fn a_code_block_between_table_rows_shows_the_table_as_text() {
        let steps = [Ok("<table>\n"), Ok("  <tr>\n"), Err("a code block"), Ok("  </tr>\n"), Ok("</table>\n")];
        assert_eq!(follow(&steps), (vec![0, 1, 3, 4], vec!["tr".to_string()]));
    }

    #[test]
    fn blocks_inside_a_div_or_after_closed_html_are_fine() {
        let steps = [Ok("<div>\n"), Err("a paragraph"), Ok("</div>\n"), Ok("<pre>x</pre>\n"), Err("a list")];
        assert_eq!(follow(&steps), (vec![], vec![]));
        assert_eq!(follow(&[Ok("<p>open\n"), Err("a paragraph")]), (vec![], vec![]));
    }
}
