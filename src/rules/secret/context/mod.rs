//! Context detectors: credentials found by where they sit (env files,
//! compose and CI YAML, Kubernetes Secrets, Dockerfiles, settings files,
//! env-var defaults in code, CLI flags, URLs), not by a token format. Each
//! value becomes a [`Candidate`] with [`ValueFacts`]; the rules decide.

use std::ops::Range;

use super::engine::{Candidate, Source, ValueFacts};
use super::values::{
    is_camel_case_name, is_identifier_name, is_placeholder, is_prose, is_setting_word, is_weak,
    local_only, looks_random,
};

mod cli;
mod code;
mod docker;
mod env;
mod settings;
mod url;
mod yaml;

#[derive(Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Env { template: bool },
    Yaml,
    Dockerfile,
    Settings,
    Code,
    Other,
}

fn file_kind(rel: &str) -> FileKind {
    let lower = rel.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    if name == ".env" || name.starts_with(".env.") || name.ends_with(".env") {
        let template = ["example", "sample", "template", "dist", "defaults", "tpl"]
            .iter()
            .any(|m| name.contains(m));
        return FileKind::Env { template };
    }
    if name.ends_with(".yml") || name.ends_with(".yaml") {
        return FileKind::Yaml;
    }
    if name == "dockerfile"
        || name.starts_with("dockerfile.")
        || name.ends_with(".dockerfile")
        || name == "containerfile"
    {
        return FileKind::Dockerfile;
    }
    if name.ends_with(".ini")
        || name.ends_with(".cfg")
        || name.ends_with(".properties")
        || name.ends_with(".conf")
        || (name.ends_with(".toml") && name != "cargo.toml" && name != "pyproject.toml")
        || (name.ends_with(".json")
            && (name.starts_with("appsettings")
                || name.contains("config")
                || name.contains("settings")))
        || (name.ends_with(".py") && name.contains("settings"))
    {
        return FileKind::Settings;
    }
    if [".py", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".rs"]
        .iter()
        .any(|e| name.ends_with(e))
    {
        return FileKind::Code;
    }
    FileKind::Other
}

struct Ctx<'a> {
    rel: &'a str,
    local: bool,
    is_test: bool,
    /// Documentation: a prose file, or (set per hit) a Python docstring.
    /// Examples there (`postgresql://scott:tiger@localhost/test`) are not
    /// deployments: only random-looking values count, weak ones never.
    docs: bool,
    out: &'a mut Vec<Candidate>,
}

impl Ctx<'_> {
    /// Records a value found at `range` under a credential key, with the
    /// facts the rules decide on. `user` is the user part of a
    /// `user/password` or URL credential.
    fn value(
        &mut self,
        range: Range<usize>,
        value: &str,
        user: Option<&str>,
        what: String,
        template: bool,
    ) {
        self.out.push(Candidate {
            range,
            what,
            source: Source::Context(ValueFacts {
                placeholder: is_placeholder(value) || is_setting_word(value),
                weak: is_weak(value, user),
                name_like: is_identifier_name(value) || is_camel_case_name(value),
                random: looks_random(value),
                template,
                local: self.local,
                test: self.is_test,
                docs: self.docs,
            }),
        });
    }
}

pub fn context(rel: &str, text: &str, is_test: bool, words: &Words, out: &mut Vec<Candidate>) {
    let kind = file_kind(rel);
    let mut cx = Ctx {
        rel,
        local: local_only(rel, is_test),
        is_test,
        docs: is_prose(rel),
        out,
    };
    match kind {
        FileKind::Env { template } => env::env_file(&mut cx, text, template),
        FileKind::Yaml => yaml::yaml_file(&mut cx, text),
        FileKind::Dockerfile => docker::dockerfile(&mut cx, text),
        FileKind::Settings => {
            settings::settings_file(&mut cx, text);
            if rel.ends_with(".py") {
                code::env_defaults(&mut cx, text);
            }
        }
        FileKind::Code => {
            code::env_defaults(&mut cx, text);
            code::code_passwords(&mut cx, text, &words.password);
        }
        FileKind::Other => {}
    }
    if matches!(
        kind,
        FileKind::Yaml | FileKind::Dockerfile | FileKind::Env { .. } | FileKind::Other
    ) || rel.ends_with(".sh")
    {
        cli::cli_flags(&mut cx, text);
    }
    url::urls(
        &mut cx,
        text,
        matches!(kind, FileKind::Env { template: true }),
    );
    let _ = cx.rel;
}

/// Where the words the context detectors look for begin in a text, in
/// order: the detectors' one keyword pass over the text finds them with
/// the keywords ([`super::detectors::Detectors::marks`]).
#[derive(Debug, Default)]
pub struct Words {
    /// [`PASSWORD_WORDS`].
    pub password: Vec<usize>,
}

pub(super) use code::PASSWORD_WORDS;

/// The lines of `text` that hold a hit, each once and in order, with their
/// byte offsets, CR stripped; `hits` are where the hits start, ascending.
fn lines_at(text: &str, hits: impl Iterator<Item = usize>) -> impl Iterator<Item = (usize, &str)> {
    let mut next_line = 0;
    hits.filter_map(move |hit| {
        if hit < next_line {
            return None;
        }
        let start = text[..hit].rfind('\n').map_or(0, |i| i + 1);
        let end = text[hit..].find('\n').map_or(text.len(), |i| hit + i);
        next_line = end + 1;
        Some((start, text[start..end].trim_end_matches('\r')))
    })
}

/// Lines with their byte offsets, CR stripped.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut pos = 0;
    text.split_inclusive('\n').map(move |l| {
        let start = pos;
        pos += l.len();
        (start, l.trim_end_matches(['\n', '\r']))
    })
}

/// Strips matching quotes and a trailing ` # comment` from a raw value;
/// returns the value's byte range within `raw`.
fn unquote(raw: &str) -> Range<usize> {
    let lead = raw.len() - raw.trim_start().len();
    let t = raw.trim();
    if let Some(q) = t.chars().next().filter(|c| *c == '"' || *c == '\'')
        && let Some(end) = t[1..].find(q)
    {
        return lead + 1..lead + 1 + end;
    }
    let t_end = t.find(" #").unwrap_or(t.len());
    let v = t[..t_end].trim_end();
    lead..lead + v.len()
}

/// The byte spans of a Python file's triple-quoted strings (docstrings, in
/// practice), an unclosed one running to the end: runs of three double or
/// three single quotes, read in order. Escaped quotes inside such strings
/// are rare enough to ignore here.
fn triple_quoted_spans(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut spans = Vec::new();
    let mut open: Option<(u8, usize)> = None;
    let mut i = 0;
    while i + 3 <= b.len() {
        let c = b[i];
        if (c == b'"' || c == b'\'') && b[i + 1] == c && b[i + 2] == c {
            match open {
                None => open = Some((c, i)),
                Some((o, start)) if o == c => {
                    spans.push(start..i + 3);
                    open = None;
                }
                Some(_) => {}
            }
            i += 3;
            continue;
        }
        i += 1;
    }
    if let Some((_, start)) = open {
        spans.push(start..b.len());
    }
    spans
}

/// Whether `pos` of a Python file lies inside a triple-quoted string (a
/// docstring, in practice).
#[cfg(test)]
pub(crate) fn in_triple_quoted(text: &str, pos: usize) -> bool {
    triple_quoted_spans(text).iter().any(|r| r.contains(&pos))
}

/// `%XX` decoding, for the engine's tests.
#[cfg(test)]
pub(crate) fn percent_decoded_for_tests(s: &str) -> String {
    url::percent_decoded(s)
}
