//! Markdown (pulldown-cmark) and a plain reading of reStructuredText, as
//! prose units: paragraphs, list items, table cells and headings, each with
//! the headings above it and a map back to source byte offsets.
//!
//! Excluded from the units: fenced and indented code, inline code, block
//! quotes, HTML blocks and inline HTML (comments included), image alt text,
//! struck-through text and link targets (link text stays).

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    Paragraph,
    Item,
    Cell,
    HeaderCell,
    Heading,
}

/// Where a piece of a unit's text came from.
#[derive(Debug, Clone)]
struct Piece {
    text_start: usize,
    src: Range<usize>,
    /// The text equals the source slice byte for byte.
    exact: bool,
}

/// A table cell's place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellPos {
    pub table: usize,
    pub row: usize,
    pub column: usize,
}

/// One unit of prose.
#[derive(Debug, Clone)]
pub struct Unit {
    pub kind: UnitKind,
    pub text: String,
    pieces: Vec<Piece>,
    /// Heading texts above the unit, outermost first.
    pub headings: Vec<String>,
    /// The level (1-6) of each of `headings`.
    pub heading_levels: Vec<usize>,
    /// A short paragraph ending in `:` that introduces the list this unit
    /// is in ("**Required for Production:**").
    pub lead_in: Option<String>,
    /// For table cells: position and the column's header text.
    pub cell: Option<CellPos>,
    pub column_header: Option<String>,
    /// In an unchecked task-list item (`- [ ] ...`).
    pub unchecked_task: bool,
}

impl Unit {
    /// The source byte range of `range` (byte offsets into `self.text`).
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.map(range.start, false);
        let end = self.map(range.end, true).max(start);
        start..end
    }

    fn map(&self, at: usize, is_end: bool) -> usize {
        let idx = self
            .pieces
            .iter()
            .rposition(|p| {
                if is_end {
                    p.text_start < at
                } else {
                    p.text_start <= at
                }
            })
            .unwrap_or(0);
        let Some(p) = self.pieces.get(idx) else {
            return 0;
        };
        if p.exact {
            (p.src.start + (at - p.text_start)).min(p.src.end)
        } else if is_end {
            p.src.end
        } else {
            p.src.start
        }
    }
}

#[derive(Default)]
struct Builder {
    kind: Option<UnitKind>,
    text: String,
    pieces: Vec<Piece>,
    cell: Option<CellPos>,
    is_item: bool,
}

impl Builder {
    fn new(kind: UnitKind) -> Self {
        Self {
            kind: Some(kind),
            is_item: kind == UnitKind::Item,
            ..Self::default()
        }
    }

    fn push(&mut self, text: &str, src: Range<usize>, exact: bool) {
        self.pieces.push(Piece {
            text_start: self.text.len(),
            src,
            exact,
        });
        self.text.push_str(text);
    }

    fn space(&mut self, at: usize) {
        if !self.text.ends_with(' ') && !self.text.is_empty() {
            self.push(" ", at..at, false);
        }
    }
}

/// An MDX file's text with its `{/* ... */}` comments blanked (their
/// bytes turned to spaces, newlines kept, so every offset still points at
/// the same place): a comment is never rendered, and a Markdown parser
/// reads it as prose. Other files as they are.
pub fn without_mdx_comments<'t>(rel: &str, text: &'t str) -> std::borrow::Cow<'t, str> {
    if !rel.to_ascii_lowercase().ends_with(".mdx") || !text.contains("{/*") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = text.as_bytes().to_vec();
    let mut from = 0;
    while let Some(start) = text[from..].find("{/*").map(|i| from + i) {
        let Some(end) = text[start + 3..].find("*/}").map(|i| start + 3 + i + 3) else {
            break;
        };
        for b in &mut out[start..end] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
        from = end;
    }
    // Whole characters were replaced by ASCII spaces byte for byte: a
    // multi-byte character becomes several spaces, still valid UTF-8.
    std::borrow::Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_string()))
}

/// Splits Markdown into prose units.
pub fn units(src: &str) -> Vec<Unit> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES;
    let mut out = Vec::new();
    let mut stack: Vec<Builder> = Vec::new();
    let mut headings: Vec<(usize, String)> = Vec::new();
    let mut heading_level = 0usize;
    let mut excluded = 0usize;
    let mut list_depth = 0usize;
    let mut lead_in: Option<String> = None;
    let mut pending_lead_in: Option<String> = None;
    let mut items_unchecked: Vec<bool> = Vec::new();
    let mut table = 0usize;
    let mut row = 0usize;
    let mut column = 0usize;
    let mut in_head = false;
    let mut header_texts: Vec<String> = Vec::new();

    for (event, range) in Parser::new_ext(src, options).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::CodeBlock(_)
                | Tag::BlockQuote(_)
                | Tag::HtmlBlock
                | Tag::Image { .. }
                | Tag::Strikethrough
                | Tag::MetadataBlock(_) => {
                    // The block a lead-in introduces may be this excluded one.
                    if excluded == 0 && list_depth == 0 && stack.is_empty() {
                        pending_lead_in = None;
                    }
                    excluded += 1;
                }
                _ if excluded > 0 => {}
                Tag::Paragraph => {
                    // A lead-in ("**Before (MISLEADING):**") governs the
                    // next block: this paragraph, a list or a table.
                    if list_depth == 0 {
                        lead_in = pending_lead_in.take();
                    }
                    stack.push(Builder::new(UnitKind::Paragraph));
                }
                Tag::Heading { level, .. } => {
                    heading_level = level as usize;
                    pending_lead_in = None;
                    lead_in = None;
                    stack.push(Builder::new(UnitKind::Heading));
                }
                Tag::List(_) => {
                    if list_depth == 0 {
                        lead_in = pending_lead_in.take();
                    }
                    list_depth += 1;
                }
                Tag::Item => {
                    items_unchecked.push(false);
                    stack.push(Builder::new(UnitKind::Item));
                }
                Tag::Table(_) => {
                    if list_depth == 0 {
                        lead_in = pending_lead_in.take();
                    }
                    table += 1;
                    row = 0;
                    header_texts.clear();
                }
                Tag::TableHead => {
                    in_head = true;
                    column = 0;
                }
                Tag::TableRow => {
                    row += 1;
                    column = 0;
                }
                Tag::TableCell => {
                    let mut b = Builder::new(if in_head {
                        UnitKind::HeaderCell
                    } else {
                        UnitKind::Cell
                    });
                    b.cell = Some(CellPos { table, row, column });
                    stack.push(b);
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::HtmlBlock
                | TagEnd::Image
                | TagEnd::Strikethrough
                | TagEnd::MetadataBlock(_) => excluded = excluded.saturating_sub(1),
                _ if excluded > 0 => {}
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell => {
                    let Some(b) = stack.pop() else { continue };
                    let unchecked = items_unchecked.iter().any(|u| *u);
                    if b.is_item {
                        items_unchecked.pop();
                    }
                    let Some(kind) = b.kind else { continue };
                    let text = b.text.trim_end().to_string();
                    if kind == UnitKind::Heading {
                        headings.retain(|(l, _)| *l < heading_level);
                        headings.push((heading_level, text.clone()));
                    }
                    if kind == UnitKind::HeaderCell {
                        header_texts.push(text.clone());
                    }
                    if kind == UnitKind::Paragraph
                        && list_depth == 0
                        && text.ends_with(':')
                        && text.chars().count() <= 80
                    {
                        pending_lead_in = Some(text.clone());
                    }
                    if kind == UnitKind::Cell || kind == UnitKind::HeaderCell {
                        column += 1;
                    }
                    if text.trim().is_empty() {
                        continue;
                    }
                    let column_header = b
                        .cell
                        .filter(|_| kind == UnitKind::Cell)
                        .and_then(|c| header_texts.get(c.column).cloned());
                    let above = if kind == UnitKind::Heading {
                        &headings[..headings.len() - 1]
                    } else {
                        &headings[..]
                    };
                    let heads: Vec<String> = above.iter().map(|(_, t)| t.clone()).collect();
                    let heading_levels: Vec<usize> = above.iter().map(|(l, _)| *l).collect();
                    out.push(Unit {
                        kind,
                        text: b.text,
                        pieces: b.pieces,
                        headings: heads,
                        heading_levels,
                        lead_in: lead_in.clone(),
                        cell: b.cell,
                        column_header,
                        unchecked_task: unchecked,
                    });
                }
                TagEnd::List(_) => {
                    list_depth = list_depth.saturating_sub(1);
                    if list_depth == 0 {
                        lead_in = None;
                    }
                }
                TagEnd::TableHead => {
                    in_head = false;
                }
                TagEnd::Table if list_depth == 0 => {
                    lead_in = None;
                }
                _ => {}
            },
            _ if excluded > 0 => {}
            Event::Text(t) => {
                if let Some(b) = stack.last_mut() {
                    let exact = src.get(range.clone()) == Some(t.as_ref());
                    b.push(&t, range, exact);
                }
            }
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                if let Some(b) = stack.last_mut() {
                    b.space(range.start);
                    b.push("…", range.clone(), false);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(b) = stack.last_mut() {
                    b.space(range.start);
                }
            }
            Event::TaskListMarker(checked) => {
                if !checked && let Some(u) = items_unchecked.last_mut() {
                    *u = true;
                }
            }
            _ => {}
        }
    }
    out
}

/// A plain reading of reStructuredText: paragraphs and bullet items, with
/// section titles as headings. Literal blocks (after `::`), directives and
/// comments (`.. `) are skipped.
pub fn rst_units(src: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut headings: Vec<String> = Vec::new();
    // Blocks separated by blank lines: (start offset, lines with offsets).
    let mut blocks: Vec<Vec<(usize, &str)>> = Vec::new();
    let mut cur: Vec<(usize, &str)> = Vec::new();
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if !cur.is_empty() {
                blocks.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push((offset, content));
        }
        offset += line.len();
    }
    if !cur.is_empty() {
        blocks.push(cur);
    }
    let mut literal_indent: Option<usize> = None;
    for block in blocks {
        let indent = block[0].1.len() - block[0].1.trim_start().len();
        if let Some(li) = literal_indent {
            if indent > li {
                continue;
            }
            literal_indent = None;
        }
        let first = block[0].1.trim_start();
        if first.starts_with(".. ") || first == ".." {
            literal_indent = Some(indent);
            continue;
        }
        let is_adornment = |s: &str| {
            let t = s.trim();
            t.len() >= 3
                && t.chars().all(|c| "=-~^\"'`#*+:.".contains(c))
                && t.chars().all(|c| t.starts_with(c))
        };
        // Section title: text line followed (and maybe preceded) by adornment.
        let lines: Vec<(usize, &str)> = block
            .iter()
            .copied()
            .filter(|(_, l)| !is_adornment(l))
            .collect();
        if lines.is_empty() {
            continue;
        }
        if block.len() >= 2 && lines.len() == 1 && is_adornment(block[block.len() - 1].1) {
            let (off, text) = lines[0];
            headings.truncate(0);
            let mut u = plain_unit(UnitKind::Heading, off, text, &headings);
            u.heading_levels.clear();
            headings.push(text.trim().to_string());
            out.push(u);
            continue;
        }
        let last = block[block.len() - 1].1.trim_end();
        let literal_after = last.ends_with("::");
        // Bullets become items; the rest is one paragraph.
        let mut unit: Option<Unit> = None;
        for (off, line) in lines {
            let t = line.trim_start();
            let lead = line.len() - t.len();
            let bullet = ["- ", "* ", "+ "].iter().any(|b| t.starts_with(b));
            if bullet || unit.is_none() {
                if let Some(u) = unit.take() {
                    out.push(u);
                }
                let (skip, kind) = if bullet {
                    (2, UnitKind::Item)
                } else {
                    (0, UnitKind::Paragraph)
                };
                unit = Some(plain_unit(kind, off + lead + skip, &t[skip..], &headings));
            } else if let Some(u) = unit.as_mut() {
                u.pieces.push(Piece {
                    text_start: u.text.len(),
                    src: off + lead..off + lead,
                    exact: false,
                });
                u.text.push(' ');
                u.pieces.push(Piece {
                    text_start: u.text.len(),
                    src: off + lead..off + line.len(),
                    exact: true,
                });
                u.text.push_str(t);
            }
        }
        if let Some(u) = unit {
            out.push(u);
        }
        if literal_after {
            literal_indent = Some(indent);
        }
    }
    for u in &mut out {
        // Inline literals ``x`` are code.
        while let Some(s) = u.text.find("``") {
            let Some(e) = u.text[s + 2..].find("``") else {
                break;
            };
            let end = s + 2 + e + 2;
            let blank = "…".to_string() + &" ".repeat(end - s - "…".len());
            u.text.replace_range(s..end, &blank);
        }
    }
    out
}

fn plain_unit(kind: UnitKind, offset: usize, text: &str, headings: &[String]) -> Unit {
    Unit {
        kind,
        text: text.to_string(),
        pieces: vec![Piece {
            text_start: 0,
            src: offset..offset + text.len(),
            exact: true,
        }],
        headings: headings.to_vec(),
        heading_levels: vec![2; headings.len()],
        lead_in: None,
        cell: None,
        column_header: None,
        unchecked_task: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mdx_comments_are_blanked_in_place() {
        let t = "Intro.\n{/* It is production-ready. [old](#gone) */}\nAfter é.\n";
        let b = without_mdx_comments("docs/a.mdx", t);
        assert_eq!(b.len(), t.len());
        assert!(!b.contains("production-ready") && !b.contains("#gone"));
        assert_eq!(&b[b.find("After").unwrap()..], "After é.\n");
        assert_eq!(without_mdx_comments("docs/a.md", t), t);
        // Unclosed: left as it is.
        assert_eq!(without_mdx_comments("a.mdx", "{/* open"), "{/* open");
    }

    #[test]
    fn excludes_code_quotes_html_and_keeps_offsets() {
        let src = "# Title\n\nWe are *production-ready* now.\n\n```\nproduction-ready\n```\n\n> production-ready\n\n<!-- production-ready -->\n\nUse `production-ready` [here](http://production-ready).\n";
        let us = units(src);
        let texts: Vec<&str> = us.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Title", "We are production-ready now.", "Use … here."]
        );
        let u = &us[1];
        let r = u.source_range(7..23);
        assert_eq!(&src[r], "production-ready");
        assert_eq!(u.headings, ["Title"]);
    }

    #[test]
    fn tables_lists_and_tasks() {
        let src = "## Plan\n\n**Required:**\n\n- [ ] do it\n- done\n\n| A | Status |\n|---|---|\n| Foo | ✅ READY |\n";
        let us = units(src);
        let item = us.iter().find(|u| u.text == "do it").unwrap();
        assert!(item.unchecked_task);
        assert_eq!(item.lead_in.as_deref(), Some("Required:"));
        let done = us.iter().find(|u| u.text == "done").unwrap();
        assert!(!done.unchecked_task);
        let cell = us.iter().find(|u| u.text == "✅ READY").unwrap();
        assert_eq!(cell.column_header.as_deref(), Some("Status"));
        assert_eq!(cell.cell.unwrap().column, 1);
    }

    #[test]
    fn rst_skips_literals_and_directives() {
        let src = "Title\n=====\n\nWe are production-ready.\n\nExample::\n\n    production-ready\n\n.. note::\n\n   production-ready\n\nBack to text.\n";
        let us = rst_units(src);
        let texts: Vec<&str> = us.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Title",
                "We are production-ready.",
                "Example::",
                "Back to text."
            ]
        );
        assert_eq!(us[1].headings, ["Title"]);
        assert_eq!(&src[us[1].source_range(7..23)], "production-ready");
    }
}
