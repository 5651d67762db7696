//! The instruction-bearing elements of a document: code blocks with their
//! info string, inline code spans, links and images with the source bytes
//! of their targets, and the anchors its headings define (GitHub's slug
//! rules). Markdown through pulldown-cmark; reStructuredText read plainly
//! (code-block directives, `` `text <target>`_ `` links, image and figure
//! directives, section titles).

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// One line of a code block and where it starts in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeLine {
    pub text: String,
    /// Source offset of `text`'s first byte; `None` when the parser's text
    /// is not the source byte for byte (the line cannot be placed).
    pub offset: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct CodeBlock {
    /// The info string's first word, lowercased (`bash`, `console`; empty
    /// for none). For reST, the directive's language (`::` blocks:
    /// `literal`).
    pub info: String,
    pub lines: Vec<CodeLine>,
    /// Source range of the whole block (fences included).
    pub range: Range<usize>,
    /// Headings above, outermost first.
    pub headings: Vec<String>,
}

/// An inline code span's content and its source bytes.
#[derive(Debug, Clone)]
pub struct InlineCode {
    pub text: String,
    pub range: Range<usize>,
    pub headings: Vec<String>,
    /// The first thing of a list item (`- `NAME` — what it does`).
    pub leads_item: bool,
}

#[derive(Debug, Clone)]
pub struct Link {
    /// The target as written (`docs/a.md#part`).
    pub target: String,
    /// Source bytes of the target (or of the whole link when the target is
    /// not written inside it, as for reference links).
    pub range: Range<usize>,
    pub image: bool,
    pub headings: Vec<String>,
}

/// A heading: its text, the anchor GitHub gives it, its source range.
#[derive(Debug, Clone)]
pub struct Heading {
    pub text: String,
    pub level: usize,
    pub range: Range<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Elements {
    pub code_blocks: Vec<CodeBlock>,
    pub inline_code: Vec<InlineCode>,
    pub links: Vec<Link>,
    pub headings: Vec<Heading>,
    /// Every anchor the document defines: heading slugs (deduplicated the
    /// way GitHub does: `-1`, `-2`), HTML `id`/`name` attributes.
    pub anchors: Vec<String>,
    /// The rows of each table: cells' text with their source ranges.
    pub tables: Vec<Table>,
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    pub header: Vec<String>,
    /// Each row's cells: (text, source range, inline code spans in it).
    pub rows: Vec<Vec<Cell>>,
    pub headings: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub text: String,
    pub code: Vec<InlineCode>,
}

/// GitHub's heading anchor: lowercased, punctuation other than `-` and
/// `_` removed, spaces turned into `-`.
pub fn slug(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| {
            if c == ' ' {
                Some('-')
            } else if c.is_alphanumeric() || c == '-' || c == '_' {
                Some(c)
            } else {
                None
            }
        })
        .flat_map(char::to_lowercase)
        .collect()
}

fn push_anchor(anchors: &mut Vec<String>, base: String) {
    let mut a = base.clone();
    let mut n = 0;
    while anchors.contains(&a) {
        n += 1;
        a = format!("{base}-{n}");
    }
    anchors.push(a);
}

/// `id="x"` and `name="x"` attributes of an HTML fragment.
fn html_anchors(html: &str, anchors: &mut Vec<String>) {
    for attr in ["id=", "name="] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            let before = rest[..i].chars().last();
            rest = &rest[i + attr.len()..];
            if before.is_some_and(|c| !c.is_whitespace()) {
                continue;
            }
            let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            if let Some(end) = rest[1..].find(q) {
                anchors.push(rest[1..1 + end].to_string());
            }
        }
    }
}

/// The elements of a Markdown document.
pub fn markdown(src: &str) -> Elements {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut out = Elements::default();
    let mut headings: Vec<(usize, String)> = Vec::new();
    let mut heading: Option<(usize, String, usize)> = None;
    // `## Title { #custom-id }` (MkDocs, Pandoc) names its own anchor.
    let mut heading_id: Option<String> = None;
    let mut block: Option<CodeBlock> = None;
    let mut links: Vec<(String, Range<usize>, bool)> = Vec::new();
    let mut table: Option<Table> = None;
    let mut cell: Option<Cell> = None;
    let mut in_head = false;
    let mut item_start = false;
    let above = |h: &[(usize, String)]| h.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>();

    for (event, range) in Parser::new_ext(src, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((heading_level(level), String::new(), range.start));
                heading_id = id.map(|i| i.to_string());
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text, start)) = heading.take() {
                    let text = text.trim().to_string();
                    headings.retain(|(l, _)| *l < level);
                    headings.push((level, text.clone()));
                    match heading_id.take() {
                        Some(id) => out.anchors.push(id),
                        None => push_anchor(&mut out.anchors, slug(&text)),
                    }
                    out.headings.push(Heading {
                        text,
                        level,
                        range: start..range.end,
                    });
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase(),
                    CodeBlockKind::Indented => "indented".to_string(),
                };
                block = Some(CodeBlock {
                    info,
                    lines: Vec::new(),
                    range: range.clone(),
                    headings: above(&headings),
                });
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(b) = block.take() {
                    out.code_blocks.push(b);
                }
            }
            Event::Text(t) if block.is_some() => {
                let exact = src.get(range.clone()) == Some(t.as_ref());
                if let Some(b) = block.as_mut() {
                    let mut at = 0;
                    for line in t.split_inclusive('\n') {
                        let text = line.trim_end_matches(['\n', '\r']).to_string();
                        // Text events split at line ends inside lists; a
                        // line continued from the previous event is joined.
                        b.lines.push(CodeLine {
                            text,
                            offset: exact.then_some(range.start + at),
                        });
                        at += line.len();
                    }
                }
            }
            // `<me@example.com>` is an e-mail address, not a path.
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => links.push((String::new(), range, false)),
            Event::Start(Tag::Link { dest_url, .. }) => {
                links.push((dest_url.to_string(), range, false));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                links.push((dest_url.to_string(), range, true));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((target, range, image)) = links.pop()
                    && !target.is_empty()
                {
                    let at = target_range(src, &range, &target);
                    out.links.push(Link {
                        target,
                        range: at,
                        image,
                        headings: above(&headings),
                    });
                }
            }
            Event::Start(Tag::Item) => item_start = true,
            Event::Start(Tag::Paragraph) => {}
            Event::Code(code) => {
                let r = code_range(src, &range, &code);
                let ic = InlineCode {
                    text: code.to_string(),
                    range: r,
                    headings: above(&headings),
                    leads_item: std::mem::take(&mut item_start),
                };
                if let Some(c) = cell.as_mut() {
                    c.code.push(ic.clone());
                    c.text.push_str(&code);
                }
                if let Some((_, text, _)) = heading.as_mut() {
                    text.push_str(&code);
                }
                out.inline_code.push(ic);
            }
            Event::Text(t) => {
                item_start = false;
                if let Some((_, text, _)) = heading.as_mut() {
                    text.push_str(&t);
                }
                if let Some(c) = cell.as_mut() {
                    c.text.push_str(&t);
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => html_anchors(&h, &mut out.anchors),
            Event::Start(Tag::Table(_)) => {
                table = Some(Table {
                    headings: above(&headings),
                    ..Table::default()
                });
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = table.take() {
                    out.tables.push(t);
                }
            }
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => {
                if let Some(t) = table.as_mut() {
                    t.rows.push(Vec::new());
                }
            }
            Event::Start(Tag::TableCell) => cell = Some(Cell::default()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(c), Some(t)) = (cell.take(), table.as_mut()) {
                    if in_head {
                        t.header.push(c.text.trim().to_string());
                    } else if let Some(row) = t.rows.last_mut() {
                        row.push(c);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn heading_level(level: HeadingLevel) -> usize {
    level as usize
}

/// The bytes of `target` inside a link's source (its last occurrence: the
/// text comes first), or the whole link.
fn target_range(src: &str, link: &Range<usize>, target: &str) -> Range<usize> {
    match src.get(link.clone()).and_then(|s| s.rfind(target)) {
        Some(i) if !target.is_empty() => link.start + i..link.start + i + target.len(),
        _ => link.clone(),
    }
}

/// The bytes of an inline code span's content (without the backticks).
fn code_range(src: &str, span: &Range<usize>, code: &str) -> Range<usize> {
    match src.get(span.clone()).and_then(|s| s.find(code)) {
        Some(i) if !code.is_empty() => span.start + i..span.start + i + code.len(),
        _ => span.clone(),
    }
}

/// The elements of a reStructuredText document, read plainly.
pub fn rst(src: &str) -> Elements {
    let mut out = Elements::default();
    let lines: Vec<(usize, &str)> = {
        let mut v = Vec::new();
        let mut offset = 0;
        for l in src.split_inclusive('\n') {
            v.push((offset, l.trim_end_matches(['\n', '\r'])));
            offset += l.len();
        }
        v
    };
    let is_adornment = |s: &str| {
        let t = s.trim_end();
        t.len() >= 3
            && !t.starts_with(' ')
            && t.chars().all(|c| "=-~^\"'`#*+:.".contains(c))
            && t.chars().all(|c| t.starts_with(c))
    };
    let mut headings: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (offset, line) = lines[i];
        let t = line.trim_start();
        let indent = line.len() - t.len();
        // Section title: a text line underlined by an adornment as long.
        if i + 1 < lines.len()
            && !t.is_empty()
            && indent == 0
            && !is_adornment(line)
            && is_adornment(lines[i + 1].1)
            && lines[i + 1].1.trim_end().len() >= t.trim_end().len()
        {
            let text = t.trim().to_string();
            push_anchor(&mut out.anchors, slug(&text));
            out.headings.push(Heading {
                text: text.clone(),
                level: 1,
                range: offset..offset + line.len(),
            });
            headings = vec![text];
            i += 2;
            continue;
        }
        let directive = t.strip_prefix(".. ").and_then(|d| d.split_once("::"));
        let literal = t.ends_with("::") && directive.is_none();
        if let Some((name, arg)) = directive {
            let name = name.trim();
            let arg = arg.trim();
            if matches!(name, "image" | "figure" | "include" | "literalinclude") && !arg.is_empty()
            {
                let start = offset + line.trim_end().len() - arg.len();
                out.links.push(Link {
                    target: arg.to_string(),
                    range: start..start + arg.len(),
                    image: name != "include" && name != "literalinclude",
                    headings: headings.clone(),
                });
            }
        }
        // `.. _name: https://...` hyperlink targets.
        if let Some(rest) = t.strip_prefix(".. _")
            && let Some((_, target)) = rest.split_once(": ")
        {
            let target = target.trim();
            // `.. _a: b_` refers to another target, not a path.
            if !target.is_empty() && !target.contains(' ') && !target.ends_with('_') {
                let start = offset + line.find(target).unwrap_or(0);
                out.links.push(Link {
                    target: target.to_string(),
                    range: start..start + target.len(),
                    image: false,
                    headings: headings.clone(),
                });
            }
        }
        if directive.is_some() || literal {
            let info = match directive {
                Some((name, arg))
                    if matches!(name.trim(), "code-block" | "code" | "sourcecode") =>
                {
                    arg.trim().to_ascii_lowercase()
                }
                Some(_) => "directive".to_string(),
                // A `::` literal block: Python as often as shell.
                None => "literal".to_string(),
            };
            // The block: following lines indented more than this one (blank
            // lines inside it included), options (`:linenos:`) skipped.
            let mut j = i + 1;
            let mut body = Vec::new();
            while j < lines.len() {
                let (o, l) = lines[j];
                let lt = l.trim_start();
                if !lt.is_empty() && l.len() - lt.len() <= indent {
                    break;
                }
                if !(body.is_empty() && lt.starts_with(':') && directive.is_some()) {
                    body.push(CodeLine {
                        text: lt.to_string(),
                        offset: Some(o + (l.len() - lt.len())),
                    });
                }
                j += 1;
            }
            while body.last().is_some_and(|l| l.text.is_empty()) {
                body.pop();
            }
            while body.first().is_some_and(|l| l.text.is_empty()) {
                body.remove(0);
            }
            if directive.is_none() || info != "directive" {
                out.code_blocks.push(CodeBlock {
                    info,
                    lines: body,
                    range: offset
                        ..lines
                            .get(j.saturating_sub(1))
                            .map_or(offset, |(o, l)| o + l.len()),
                    headings: headings.clone(),
                });
            }
            // Paragraph text on the literal's own line is still prose.
            if !literal {
                i = j;
                continue;
            }
            rst_inline(offset, line, &headings, &mut out);
            i = j;
            continue;
        }
        rst_inline(offset, line, &headings, &mut out);
        i += 1;
    }
    out
}

/// Inline literals (``` ``x`` ```) and embedded-target links
/// (`` `text <target>`_ ``) of one line of reST prose.
fn rst_inline(offset: usize, line: &str, headings: &[String], out: &mut Elements) {
    let mut rest = 0;
    while let Some(s) = line[rest..].find("``") {
        let s = rest + s + 2;
        let Some(e) = line[s..].find("``") else { break };
        let text = &line[s..s + e];
        let lead = line[..s - 2].trim_start();
        out.inline_code.push(InlineCode {
            text: text.to_string(),
            range: offset + s..offset + s + e,
            headings: headings.to_vec(),
            leads_item: matches!(lead, "- " | "* " | "+ "),
        });
        rest = s + e + 2;
    }
    // `` `text <target>`_ `` (or `__`): a role (`:doc:`, `:class:`) or a
    // title without the trailing underscore is not a hyperlink.
    let mut rest = 0;
    while let Some(e) = line[rest..].find(">`_") {
        let end = rest + e;
        let Some(open) = line[..end].rfind('<') else {
            break;
        };
        let tick = line[..open].rfind('`');
        let role = tick.is_some_and(|t| line[..t].ends_with(':'));
        let target = &line[open + 1..end];
        if !role
            && tick.is_some()
            && !target.is_empty()
            && !target.contains(' ')
            && !target.ends_with('_')
        {
            out.links.push(Link {
                target: target.to_string(),
                range: offset + open + 1..offset + end,
                image: false,
                headings: headings.to_vec(),
            });
        }
        rest = end + 3;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_elements_keep_their_source_bytes() {
        let src = "# Usage\n\nRun `npm run dev` or see [docs](docs/a.md#part).\n\n```bash\n$ make build\nnpm test\n```\n\n## Two words\n\n![logo](img/logo.png)\n\n<a name=\"custom\"></a>\n\n## Usage\n";
        let e = markdown(src);
        assert_eq!(e.inline_code.len(), 1);
        assert_eq!(&src[e.inline_code[0].range.clone()], "npm run dev");
        assert_eq!(e.inline_code[0].headings, ["Usage"]);
        let link = &e.links[0];
        assert_eq!(&src[link.range.clone()], "docs/a.md#part");
        assert!(!link.image);
        assert!(e.links[1].image);
        assert_eq!(&src[e.links[1].range.clone()], "img/logo.png");
        let b = &e.code_blocks[0];
        assert_eq!(b.info, "bash");
        assert_eq!(b.lines[0].text, "$ make build");
        let o = b.lines[1].offset.unwrap();
        assert_eq!(&src[o..o + 8], "npm test");
        assert_eq!(e.anchors, ["usage", "two-words", "custom", "usage-1"]);
    }

    #[test]
    fn slugs_follow_github() {
        assert_eq!(slug("Install & Run (dev)"), "install--run-dev");
        assert_eq!(slug("`candor check` flags"), "candor-check-flags");
        assert_eq!(slug("Ünïcode Title"), "ünïcode-title");
    }

    #[test]
    fn rst_elements() {
        let src = "Title\n=====\n\nSee `the docs <docs/index.rst>`_ and ``make html``.\n\n.. image:: docs/logo.png\n   :alt: logo\n\n.. code-block:: bash\n\n   $ pip install foo==1.0\n\nDone.\n";
        let e = rst(src);
        assert_eq!(e.anchors, ["title"]);
        let targets: Vec<&str> = e.links.iter().map(|l| &src[l.range.clone()]).collect();
        assert_eq!(targets, ["docs/index.rst", "docs/logo.png"]);
        assert_eq!(&src[e.inline_code[0].range.clone()], "make html");
        let b = &e.code_blocks[0];
        assert_eq!(b.info, "bash");
        assert_eq!(b.lines.len(), 1);
        let o = b.lines[0].offset.unwrap();
        assert_eq!(&src[o..o + 6], "$ pip ");
    }
}
