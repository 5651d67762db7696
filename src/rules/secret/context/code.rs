//! Defaults of env-var reads in code: `os.getenv("X", "...")`,
//! `process.env.X ?? "..."`, `env::var("X").unwrap_or("...")`.

use regex::Regex;
use std::sync::LazyLock;

use std::ops::Range;

use super::{Ctx, lines_at, triple_quoted_spans};
use crate::rules::secret::engine::{Candidate, Source, ValueFacts};
use crate::rules::secret::values::*;

static ENV_DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"os\.(?:environ\.get|getenv)\(\s*["']([A-Za-z0-9_]+)["']\s*,\s*(?:default\s*=\s*)?["']([^"'\n]*)["']"#,
        r#"|process\.env(?:\.([A-Za-z0-9_]+)|\[\s*["']([A-Za-z0-9_]+)["']\s*\])\s*(?:\?\?|\|\|)\s*["'`]([^"'`\n]*)["'`]"#,
        r#"|env::var\(\s*"([A-Za-z0-9_]+)"\s*\)\s*\.unwrap_or(?:_else\(\s*\|[^|]*\|)?\s*\(?\s*"([^"\n]*)""#,
        r#"|os\.(?:environ\.get|getenv)\(\s*["']([A-Za-z0-9_]+)["']\s*\)\s*or\s*["']([^"'\n]*)["']"#,
    ))
    .expect("valid regex")
});

pub(super) fn env_defaults(cx: &mut Ctx, text: &str) {
    if !(text.contains("getenv")
        || text.contains("environ.get")
        || text.contains("process.env")
        || text.contains("env::var"))
    {
        return;
    }
    for c in ENV_DEFAULT.captures_iter(text) {
        let name = c.get(1).or(c.get(3)).or(c.get(4)).or(c.get(6)).or(c.get(8));
        let value = c.get(2).or(c.get(5)).or(c.get(7)).or(c.get(9));
        let (Some(name), Some(value)) = (name, value) else {
            continue;
        };
        if !is_credential_key(name.as_str()) {
            continue;
        }
        // A fallback is what runs when the variable is unset: a placeholder
        // or a well-known sample secret there (`|| "secret"`,
        // `or "keyboard cat"`) is the production secret then, a weak one.
        let v = value.as_str();
        if (is_placeholder(v) || WELL_KNOWN_SECRETS.contains(&v.to_ascii_lowercase().as_str()))
            && !v.trim().is_empty()
            && !is_reference(v)
        {
            // A weak value whatever it looks like: the weak-default rule
            // claims it outside local-only files.
            cx.out.push(Candidate {
                range: value.range(),
                what: format!(
                    "fallback value of the `{}` environment variable",
                    name.as_str()
                ),
                source: Source::Context(ValueFacts {
                    weak: true,
                    local: cx.local,
                    ..ValueFacts::default()
                }),
            });
            continue;
        }
        cx.value(
            value.range(),
            value.as_str(),
            None,
            format!(
                "default value of the `{}` environment variable",
                name.as_str()
            ),
            false,
        );
    }
}

/// Sample secrets of widely read documentation (jwt.io's debugger,
/// the jsonwebtoken and express-session READMEs) that servers fall back to.
static WELL_KNOWN_SECRETS: &[&str] = &[
    "your-256-bit-secret",
    "your_jwt_secret",
    "keyboard cat",
    "shhhhh",
    "supersecret",
    "super-secret",
    "mysecret",
    "my-secret",
    "secretkey",
    "secret-key",
    "jwt_secret",
    "jwtsecret",
];

/// A value that names where the secret comes from rather than holding it.
fn is_reference(v: &str) -> bool {
    let v = v.trim();
    v.contains("${") || v.contains("{{") || v.contains("$(") || v.starts_with('$')
}

static CODE_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        // A password-named variable, attribute, keyword argument or key...
        r#"(?i)\b([A-Za-z0-9_]*?(?:passw(?:or)?d|passwd|pwd|passphrase)[A-Za-z0-9_]*)["']?"#,
        // ...assigned (`=`, `:`, `:=`; not `==`) a plain string literal.
        r#"\s*(?::=|=|:)\s*(?:r|u)?(?:"([^"\\\n]{1,128})"|'([^'\\\n]{1,128})')"#,
    ))
    .expect("valid regex")
});

/// The words that make a line worth the password regex (ASCII case
/// aside). The detectors' keyword pass finds them ([`super::Words`]).
pub(in crate::rules::secret) const PASSWORD_WORDS: &[&str] = &["passw", "pwd", "passphrase"];

/// `LOGIN_PASSWORD = "..."`, `connect(password="...")`, `{"password": "..."}`
/// in code: a human-chosen password has low entropy, so any literal counts
/// (weak ones as weak defaults), except what is plainly not a password:
/// placeholders, setting words, names (`password_field = "password1"` is
/// cut by the key check), text with spaces (labels, messages) and format
/// strings.
pub(super) fn code_passwords(cx: &mut Ctx, text: &str, words: &[usize]) {
    if cx.rel.ends_with(".d.ts") {
        return;
    }
    let python = cx.rel.ends_with(".py");
    // Python docstring spans, computed once and only if a hit needs them.
    let mut docstrings: Option<Vec<Range<usize>>> = None;
    // Only lines that name a password run the regex (its leading
    // identifier part is slow to try at every position of a whole file).
    for (off, line) in lines_at(text, words.iter().copied()) {
        // Comments show usage; they are not the program.
        let lead = line.trim_start();
        if ["#", "//", "*", "/*"].iter().any(|m| lead.starts_with(m)) {
            continue;
        }
        for c in CODE_PASSWORD.captures_iter(line) {
            let (Some(name), Some(value)) = (c.get(1), c.get(2).or(c.get(3))) else {
                continue;
            };
            if !is_credential_key(name.as_str()) {
                continue;
            }
            let v = value.as_str();
            if v.contains(char::is_whitespace)
                || v.contains(['{', '%'])
                || v.ends_with(':')
                || v.len() < 3
                || is_screaming_name(v)
            {
                continue;
            }
            let at = off + name.start();
            if python
                && docstrings
                    .get_or_insert_with(|| triple_quoted_spans(text))
                    .iter()
                    .any(|r| r.contains(&at))
            {
                continue;
            }
            cx.value(
                off + value.start()..off + value.end(),
                v,
                None,
                format!("`{}` assigned in code", name.as_str()),
                false,
            );
        }
    }
}

/// `DB_PASSWORD`, `PASSWORD_HASHERS`: a constant's name, not a value.
fn is_screaming_name(v: &str) -> bool {
    v.bytes().any(|b| b.is_ascii_uppercase())
        && v.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && v.bytes().filter(u8::is_ascii_digit).count() <= 2
}
