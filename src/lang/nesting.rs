//! A cheap bound on how deep a parser and the tree walks after it would
//! recurse over a file, read from tokens before any parse.
//!
//! Parsers (ruff's, oxc, syn, the TOML and YAML readers) and every visitor
//! recurse once per nesting level. Two things nest: brackets (and JSX
//! tags), and chains of binary operators (`1 + 1 + … + 1` is a left-deep
//! tree as tall as the chain is long). A file over either limit is not
//! parsed: it becomes a diagnostic, and the scan's stack
//! (`discover::ANALYSIS_STACK_BYTES`, or the WebAssembly module's) is never
//! exhausted. Strings and comments do not count (a docstring full of `+`
//! is not an expression).

use super::lexical::{Region, Regions, Syntax};

/// Brackets nested deeper than this are not parsed. Hand-written code stays
/// far below (deep JSON fixtures rarely pass 100).
pub const MAX_BRACKET_DEPTH: usize = 1500;

/// Binary operators chained in one expression beyond this are not parsed.
/// Generated tables and long string concatenations stay below it.
pub const MAX_OPERATOR_CHAIN: usize = 4000;

/// Where and why a file is too deep to parse safely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooDeep {
    /// Byte offset where the limit was passed.
    pub offset: usize,
    pub message: String,
}

/// Whether `text` is within both limits whatever its strings and comments
/// hold: depth never exceeds the number of openers (and tags never the
/// number of `<`), a chain never the number of operator characters. One
/// pass over the bytes, no lexing; most files pass it.
fn obviously_shallow(text: &str, jsx: bool) -> bool {
    // A table lookup per byte, not a `match`: this pass reads every byte
    // of every parsed file.
    let (mut openers, mut ops, mut angles) = (0usize, 0usize, 0usize);
    for &c in text.as_bytes() {
        let class = CLASSES[usize::from(c)];
        openers += usize::from(class & OPENER);
        ops += usize::from((class & OPERATOR) >> 1);
        angles += usize::from((class & ANGLE) >> 2);
    }
    // `<` is an operator, and in JSX it may open a tag as well.
    let openers = openers + if jsx { angles } else { 0 };
    openers <= MAX_BRACKET_DEPTH && ops + angles <= MAX_OPERATOR_CHAIN
}

const OPENER: u8 = 1;
const OPERATOR: u8 = 2;
const ANGLE: u8 = 4;

/// What each byte counts as in [`obviously_shallow`].
static CLASSES: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b'(' as usize] = OPENER;
    t[b'[' as usize] = OPENER;
    t[b'{' as usize] = OPENER;
    t[b'<' as usize] = ANGLE;
    let ops = b"+-*/%|&^?.:>";
    let mut i = 0;
    while i < ops.len() {
        t[ops[i] as usize] = OPERATOR;
        i += 1;
    }
    t
};

/// The bytes the lexing check looks at: brackets, separators, newlines,
/// operator characters.
static COUNTED: [bool; 256] = {
    let mut t = [false; 256];
    let bytes = b"()[]{};,\n<>/+-*%|&^?.:";
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
};

/// Checks `text` (written in `syntax`) against the limits.
pub fn check(syntax: Syntax, text: &str) -> Result<(), TooDeep> {
    if obviously_shallow(text, matches!(syntax, Syntax::CLike { backtick: true })) {
        return Ok(());
    }
    let regions = Regions::new(syntax, text);
    let mut cursor = regions.cursor();
    let jsx = matches!(syntax, Syntax::CLike { backtick: true });
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut tags = 0usize;
    let mut chain = 0usize;
    let mut prev_op = false;
    let mut skip_to = 0usize;
    for (i, &c) in b.iter().enumerate() {
        if i < skip_to {
            continue;
        }
        if c.is_ascii_whitespace() && c != b'\n' {
            continue;
        }
        // Most bytes (letters, digits, quotes) change nothing but end an
        // operator run, in code or not: no need to ask where they are.
        if !COUNTED[usize::from(c)] {
            prev_op = false;
            continue;
        }
        let (region, region_end) = cursor.at(i);
        if region != Region::Code {
            // Skip the whole comment or string at once.
            prev_op = false;
            skip_to = region_end;
            continue;
        }
        let mut is_op = false;
        match c {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if c == b'{' {
                    chain = 0;
                }
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if c == b'}' {
                    chain = 0;
                }
            }
            b';' => {
                chain = 0;
                tags = 0;
            }
            b',' => chain = 0,
            b'\n' if depth == 0 => chain = 0,
            b'<' if jsx => {
                // `<a`, `<>` open a tag (or a generic, which `;` forgets);
                // `</` closes one.
                match b.get(i + 1) {
                    Some(b'/') => {
                        tags = tags.saturating_sub(1);
                        skip_to = i + 2;
                    }
                    Some(n) if n.is_ascii_alphabetic() || *n == b'>' => tags += 1,
                    _ => {}
                }
            }
            b'/' if jsx && b.get(i + 1) == Some(&b'>') => {
                tags = tags.saturating_sub(1);
                skip_to = i + 2;
            }
            // In JSX `<` and `>` are mostly tags, counted above.
            b'<' | b'>' => is_op = !jsx,
            b'+' | b'-' | b'*' | b'/' | b'%' | b'|' | b'&' | b'^' | b'?' | b'.' | b':' => {
                is_op = true
            }
            _ => {}
        }
        // A run of operator characters (`&&`, `**`, `::`) is one operator.
        if is_op && !prev_op {
            chain += 1;
        }
        prev_op = is_op;
        if depth + tags > MAX_BRACKET_DEPTH {
            return Err(TooDeep {
                offset: i,
                message: format!(
                    "too deeply nested to parse safely: more than {MAX_BRACKET_DEPTH} levels of brackets or tags"
                ),
            });
        }
        if chain > MAX_OPERATOR_CHAIN {
            return Err(TooDeep {
                offset: i,
                message: format!(
                    "too deeply nested to parse safely: an expression chains more than {MAX_OPERATOR_CHAIN} operators"
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shortcut_agrees_with_the_lexing_check() {
        // Under both limits in total: the shortcut decides.
        assert!(obviously_shallow("x = ((1 + 2) * 3)\n", false));
        // A file over the totals but shallow in code: the full check passes it.
        let many = "f(a.b)\n".repeat(MAX_BRACKET_DEPTH + 1);
        assert!(!obviously_shallow(&many, false));
        assert!(check(Syntax::Python, &many).is_ok());
        // Deep only inside a string: still fine; deep in code: refused.
        let n = MAX_BRACKET_DEPTH + 1;
        let quoted = format!("s = '{}'\n", "(".repeat(n));
        assert!(check(Syntax::Python, &quoted).is_ok());
        let deep = format!("x = {}1{}\n", "(".repeat(n), ")".repeat(n));
        assert!(check(Syntax::Python, &deep).is_err());
    }

    #[test]
    fn ordinary_code_passes() {
        let py = "def f(x):\n    return [(a + b) * c for a, b, c in x if a.b.c]\n";
        assert!(check(Syntax::Python, py).is_ok());
        let tsx = "const A = () => <div className=\"a\"><B<string> x={1} /><p>t</p></div>;\n";
        assert!(check(Syntax::CLike { backtick: true }, tsx).is_ok());
    }

    #[test]
    fn deep_brackets_and_long_chains_are_refused() {
        let n = MAX_BRACKET_DEPTH + 1;
        let deep = format!("x = {}1{}\n", "(".repeat(n), ")".repeat(n));
        let e = check(Syntax::Python, &deep).unwrap_err();
        assert_eq!(e.offset, 4 + MAX_BRACKET_DEPTH);
        let chain = format!("x = {}\n", vec!["1"; 4002].join(" + "));
        assert!(check(Syntax::Python, &chain).is_err());
        let tags = format!("const x = {}{};\n", "<a>".repeat(n), "</a>".repeat(n));
        assert!(check(Syntax::CLike { backtick: true }, &tags).is_err());
        // Many short statements are not one long chain.
        let many = "x = a + b\n".repeat(10_000);
        assert!(check(Syntax::Python, &many).is_ok());
        let many_tags = "<a></a>\n".repeat(5000);
        let page = format!("function P() {{\n  return (<>{many_tags}</>);\n}}\n");
        assert!(check(Syntax::CLike { backtick: true }, &page).is_ok());
    }

    #[test]
    fn strings_and_comments_do_not_count() {
        let s = format!("x = \"{}\"  # {}\n", "(+".repeat(5000), "[".repeat(5000));
        assert!(check(Syntax::Python, &s).is_ok());
    }
}
