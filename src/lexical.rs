//! Where a file's comments and string literals are, by a small lexer per
//! comment-and-string syntax, without a parse: test tiers are decided before
//! any parser runs, and suppressions must work in files that do not parse.
//!
//! Suppression markers count only inside comments; tier markers only in
//! code (a decorator, a call, an assignment), never inside a string.

use std::ops::Range;

/// What a byte of the file is part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    Code,
    Comment,
    String,
}

/// The comment and string syntax of a file, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `#` comments; `'`, `"`, `'''`, `"""` strings.
    Python,
    /// `//` and `/* */` comments; `'`, `"` strings (TypeScript and
    /// JavaScript add `` ` `` templates, Java and Kotlin `"""` blocks).
    CLike { backtick: bool },
    /// Rust: nested block comments, raw strings, char literals vs lifetimes.
    Rust,
    /// `#` comments after whitespace; quoted values (YAML, TOML, shell,
    /// dotenv, Dockerfile, INI).
    Hash,
    /// `--` and `/* */` comments, `'` strings.
    Sql,
    /// `<!-- -->` comments; no strings.
    Markup,
    /// No known syntax: every byte counts as code and as comment.
    Unknown,
}

impl Syntax {
    pub fn for_path(path: &str) -> Syntax {
        let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
        let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
        match crate::language::Language::detect(path) {
            crate::language::Language::Python => Syntax::Python,
            crate::language::Language::TypeScript => Syntax::CLike { backtick: true },
            crate::language::Language::Rust => Syntax::Rust,
            crate::language::Language::Yaml
            | crate::language::Language::Toml
            | crate::language::Language::Dotenv
            | crate::language::Language::Dockerfile
            | crate::language::Language::Ini => Syntax::Hash,
            crate::language::Language::Sql => Syntax::Sql,
            crate::language::Language::Markdown => Syntax::Markup,
            crate::language::Language::Prisma => Syntax::CLike { backtick: false },
            _ => match ext {
                "java" | "kt" | "kts" | "go" | "c" | "h" | "cc" | "cpp" | "hpp" | "cs"
                | "swift" | "scala" | "groovy" | "gradle" => Syntax::CLike { backtick: false },
                "sh" | "bash" | "zsh" | "rb" | "pl" | "r" | "mk" | "cmake" => Syntax::Hash,
                "html" | "htm" | "xml" | "svg" | "vue" => Syntax::Markup,
                _ if name == "makefile" || name == "gemfile" || name == "rakefile" => Syntax::Hash,
                _ => Syntax::Unknown,
            },
        }
    }
}

/// The comment and string regions of `text`, in order, not overlapping.
/// Everything outside them is code.
#[derive(Debug, Clone)]
pub struct Regions {
    syntax: Syntax,
    spans: Vec<(Range<usize>, Region)>,
}

impl Regions {
    pub fn new(syntax: Syntax, text: &str) -> Self {
        let spans = match syntax {
            Syntax::Python => lex(text, &PYTHON),
            Syntax::CLike { backtick } => lex(text, if backtick { &JAVASCRIPT } else { &C_LIKE }),
            Syntax::Rust => lex(text, &RUST),
            Syntax::Hash => lex(text, &HASH),
            Syntax::Sql => lex(text, &SQL),
            Syntax::Markup => lex(text, &MARKUP),
            Syntax::Unknown => Vec::new(),
        };
        Self { syntax, spans }
    }

    /// What the byte at `offset` is part of.
    pub fn at(&self, offset: usize) -> Region {
        let i = self.spans.partition_point(|(r, _)| r.end <= offset);
        match self.spans.get(i) {
            Some((r, kind)) if r.start <= offset => *kind,
            _ => Region::Code,
        }
    }

    /// A reader for offsets visited in increasing order: each lookup is
    /// amortised constant time instead of a binary search.
    pub fn cursor(&self) -> Cursor<'_> {
        Cursor {
            spans: &self.spans,
            next: 0,
        }
    }

    /// Whether a comment marker may start at `offset` (in a file of
    /// unknown syntax, anywhere).
    pub fn is_comment(&self, offset: usize) -> bool {
        self.syntax == Syntax::Unknown || self.at(offset) == Region::Comment
    }

    /// Whether code may start at `offset`: not inside a comment or string.
    pub fn is_code(&self, offset: usize) -> bool {
        self.at(offset) == Region::Code
    }
}

/// One syntax's lexing rules.
struct Rules {
    line_comments: &'static [&'static str],
    /// A line comment needs whitespace (or the line start) before it
    /// (`#` in YAML and shell; not a URL's `#fragment`).
    comment_after_space: bool,
    block_comment: Option<(&'static str, &'static str)>,
    nested_blocks: bool,
    /// Quotes that open a string that ends at the same quote (or the end of
    /// the line, except for multi-line kinds).
    quotes: &'static [u8],
    /// Quote characters whose strings may span lines.
    multiline_quotes: &'static [u8],
    /// `'''` and `"""` (Python, Kotlin, Java text blocks, TOML).
    triple_quotes: bool,
    /// Quotes open a string only after whitespace, `=`, `:`, `(`, `[`,
    /// `{`, `,` or the line start (so `it's` in YAML prose is not one).
    quote_after_separator: bool,
    /// Backslash escapes inside strings.
    escapes: bool,
    rust: bool,
}

const PYTHON: Rules = Rules {
    line_comments: &["#"],
    comment_after_space: false,
    block_comment: None,
    nested_blocks: false,
    quotes: b"'\"",
    multiline_quotes: b"",
    triple_quotes: true,
    quote_after_separator: false,
    escapes: true,
    rust: false,
};
const JAVASCRIPT: Rules = Rules {
    line_comments: &["//"],
    comment_after_space: false,
    block_comment: Some(("/*", "*/")),
    nested_blocks: false,
    quotes: b"'\"`",
    multiline_quotes: b"`",
    triple_quotes: false,
    quote_after_separator: false,
    escapes: true,
    rust: false,
};
const C_LIKE: Rules = Rules {
    line_comments: &["//"],
    comment_after_space: false,
    block_comment: Some(("/*", "*/")),
    nested_blocks: false,
    quotes: b"'\"",
    multiline_quotes: b"",
    triple_quotes: true,
    quote_after_separator: false,
    escapes: true,
    rust: false,
};
const RUST: Rules = Rules {
    line_comments: &["//"],
    comment_after_space: false,
    block_comment: Some(("/*", "*/")),
    nested_blocks: true,
    quotes: b"\"",
    multiline_quotes: b"\"",
    triple_quotes: false,
    quote_after_separator: false,
    escapes: true,
    rust: true,
};
const HASH: Rules = Rules {
    line_comments: &["#"],
    comment_after_space: true,
    block_comment: None,
    nested_blocks: false,
    quotes: b"'\"",
    multiline_quotes: b"",
    triple_quotes: true,
    quote_after_separator: true,
    escapes: true,
    rust: false,
};
const SQL: Rules = Rules {
    line_comments: &["--"],
    comment_after_space: false,
    block_comment: Some(("/*", "*/")),
    nested_blocks: false,
    quotes: b"'",
    multiline_quotes: b"'",
    triple_quotes: false,
    quote_after_separator: false,
    escapes: false,
    rust: false,
};
const MARKUP: Rules = Rules {
    line_comments: &[],
    comment_after_space: false,
    block_comment: Some(("<!--", "-->")),
    nested_blocks: false,
    quotes: b"",
    multiline_quotes: b"",
    triple_quotes: false,
    quote_after_separator: false,
    escapes: false,
    rust: false,
};

fn line_end(b: &[u8], from: usize) -> usize {
    b[from..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |p| from + p)
}

fn lex(text: &str, rules: &Rules) -> Vec<(Range<usize>, Region)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let prev = if i == 0 { b'\n' } else { b[i - 1] };
        // Line comments.
        if let Some(m) = rules
            .line_comments
            .iter()
            .find(|m| b[i..].starts_with(m.as_bytes()))
            && (!rules.comment_after_space || prev.is_ascii_whitespace())
        {
            let _ = m;
            let end = line_end(b, i);
            out.push((i..end, Region::Comment));
            i = end;
            continue;
        }
        // Block comments.
        if let Some((open, close)) = rules.block_comment
            && b[i..].starts_with(open.as_bytes())
        {
            let mut depth = 1usize;
            let mut j = i + open.len();
            while j < b.len() && depth > 0 {
                if b[j..].starts_with(close.as_bytes()) {
                    depth -= 1;
                    j += close.len();
                } else if rules.nested_blocks && b[j..].starts_with(open.as_bytes()) {
                    depth += 1;
                    j += open.len();
                } else {
                    j += 1;
                }
            }
            out.push((i..j, Region::Comment));
            i = j;
            continue;
        }
        if rules.rust {
            // Raw strings: r"..", r#".."#, br#".."#.
            if c == b'r' && !prev.is_ascii_alphanumeric() && prev != b'_' {
                let hashes = b[i + 1..].iter().take_while(|&&h| h == b'#').count();
                if b.get(i + 1 + hashes) == Some(&b'"') {
                    let mut close = vec![b'"'];
                    close.extend(std::iter::repeat_n(b'#', hashes));
                    let body = i + 2 + hashes;
                    let end = b[body..]
                        .windows(close.len())
                        .position(|w| w == close.as_slice())
                        .map_or(b.len(), |p| body + p + close.len());
                    out.push((i..end, Region::String));
                    i = end;
                    continue;
                }
            }
            // A char literal ('a', '\n', '\u{1F600}') rather than a lifetime.
            if c == b'\'' {
                let rest = &text[i + 1..];
                let mut chars = rest.char_indices();
                let end = match chars.next() {
                    Some((_, '\\')) => rest[1..].find('\'').map(|p| i + 1 + 1 + p + 1),
                    Some((_, ch)) if ch != '\'' => {
                        let after = ch.len_utf8();
                        (rest.as_bytes().get(after) == Some(&b'\'')).then_some(i + 1 + after + 1)
                    }
                    _ => None,
                };
                if let Some(end) = end.filter(|&e| e <= b.len()) {
                    out.push((i..end, Region::String));
                    i = end;
                } else {
                    i += 1;
                }
                continue;
            }
        }
        if rules.quotes.contains(&c)
            && (!rules.quote_after_separator
                || prev.is_ascii_whitespace()
                || b"=:([{,".contains(&prev))
        {
            let triple = rules.triple_quotes && b[i..].starts_with(&[c, c, c]);
            let multiline = triple || rules.multiline_quotes.contains(&c);
            let mut j = i + if triple { 3 } else { 1 };
            let end = loop {
                if j >= b.len() {
                    break b.len();
                }
                let d = b[j];
                if rules.escapes && d == b'\\' {
                    j += 2;
                    continue;
                }
                if d == b'\n' && !multiline {
                    break j;
                }
                if d == c && (!triple || b[j..].starts_with(&[c, c, c])) {
                    break j + if triple { 3 } else { 1 };
                }
                j += 1;
            };
            let end = end.min(b.len());
            out.push((i..end, Region::String));
            i = end;
            continue;
        }
        i += 1;
    }
    // Offsets must be char boundaries for callers that slice.
    out.into_iter()
        .map(|(r, k)| {
            (
                crate::text::floor_char_boundary(text, r.start)
                    ..crate::text::ceil_char_boundary(text, r.end),
                k,
            )
        })
        .collect()
}

/// See [`Regions::cursor`].
pub struct Cursor<'r> {
    spans: &'r [(Range<usize>, Region)],
    next: usize,
}

impl Cursor<'_> {
    /// What the byte at `offset` is part of, and where that part ends
    /// (`offset + 1` for code: the next comment or string may start right
    /// after). Offsets must not decrease between calls.
    pub fn at(&mut self, offset: usize) -> (Region, usize) {
        while self.next < self.spans.len() && self.spans[self.next].0.end <= offset {
            self.next += 1;
        }
        match self.spans.get(self.next) {
            Some((r, kind)) if r.start <= offset => (*kind, r.end),
            _ => (Region::Code, offset + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(path: &str, text: &str, needle: &str) -> Region {
        let r = Regions::new(Syntax::for_path(path), text);
        r.at(text.find(needle).unwrap())
    }

    #[test]
    fn python_comments_and_strings() {
        let t = "x = \"# not a comment\"  # yes\ns = '''\nMARK\n'''\ny = 1 # MARK2\n";
        assert_eq!(region("a.py", t, "not a"), Region::String);
        assert_eq!(region("a.py", t, "yes"), Region::Comment);
        assert_eq!(region("a.py", t, "MARK\n"), Region::String);
        assert_eq!(region("a.py", t, "MARK2"), Region::Comment);
        assert_eq!(region("a.py", t, "y = 1"), Region::Code);
    }

    #[test]
    fn typescript_templates_and_block_comments() {
        let t = "const a = `x\n// inside`; /* c\n c */ const b = 'q'; // end\n";
        assert_eq!(region("a.ts", t, "// inside"), Region::String);
        assert_eq!(region("a.ts", t, "c */"), Region::Comment);
        assert_eq!(region("a.ts", t, "const b"), Region::Code);
        assert_eq!(region("a.ts", t, "end"), Region::Comment);
    }

    #[test]
    fn rust_lifetimes_chars_raw_strings_nested_comments() {
        let t = "fn f<'a>(x: &'a str) -> char { '\"' } // c\nlet s = r#\"// no\"#; /* a /* b */ still */ z\n";
        assert_eq!(region("a.rs", t, "str)"), Region::Code);
        assert_eq!(region("a.rs", t, "// c"), Region::Comment);
        assert_eq!(region("a.rs", t, "// no"), Region::String);
        assert_eq!(region("a.rs", t, "still"), Region::Comment);
        assert_eq!(region("a.rs", t, "z\n"), Region::Code);
    }

    #[test]
    fn hash_comments_need_a_space_and_quotes_a_separator() {
        let t = "url: http://x/#frag\nnote: it's fine # real\nk: \"# quoted\"\n";
        assert_eq!(region("a.yaml", t, "frag"), Region::Code);
        assert_eq!(region("a.yaml", t, "real"), Region::Comment);
        assert_eq!(region("a.yaml", t, "# quoted"), Region::String);
    }

    #[test]
    fn unknown_files_allow_markers_anywhere() {
        let r = Regions::new(Syntax::for_path("notes.txt"), "anything");
        assert!(r.is_comment(3));
        assert!(r.is_code(3));
    }
}
