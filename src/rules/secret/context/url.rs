//! Connection URLs with an inline password (`scheme://user:pass@host`).

use regex::Regex;
use std::sync::LazyLock;

use std::ops::Range;

use super::{Ctx, lines_at, triple_quoted_spans};

static URL: LazyLock<Regex> = LazyLock::new(|| {
    // Any scheme (`https://deploy:<password>@registry...` as much as a
    // database DSN): the password part is the secret.
    Regex::new(r#"(?i)\b([a-z][a-z0-9]{1,15}(?:\+srv|\+s)?)(?:\+[a-z0-9]+)?://([^\s:/@'"`<>{}$]{1,64}):([^\s@/'"`<>]{1,128})@[A-Za-z0-9_.\-\[\]]+"#)
        .expect("valid regex")
});

pub(super) fn urls(cx: &mut Ctx, text: &str, template: bool) {
    if !text.contains("://") {
        return;
    }
    let prose = cx.docs;
    let python = cx.rel.ends_with(".py");
    let mut docstrings: Option<Vec<Range<usize>>> = None;
    // In a program's comments a URL is an example or a note, as in a
    // docstring (a scrubber's `# postgres://admin:hunter2@db` test case).
    let syntax = crate::lexical::Syntax::for_path(cx.rel);
    let program = matches!(
        syntax,
        crate::lexical::Syntax::Python
            | crate::lexical::Syntax::CLike { .. }
            | crate::lexical::Syntax::Rust
    );
    let mut regions: Option<crate::lexical::Regions> = None;
    for (at, c) in url_captures(text) {
        let (Some(scheme), Some(user), Some(pass)) = (c.get(1), c.get(2), c.get(3)) else {
            continue;
        };
        let pos = at + pass.start();
        cx.docs = prose
            || (python
                && docstrings
                    .get_or_insert_with(|| triple_quoted_spans(text))
                    .iter()
                    .any(|r| r.contains(&pos)))
            || (program
                && regions
                    .get_or_insert_with(|| crate::lexical::Regions::new(syntax, text))
                    .at(pos)
                    == crate::lexical::Region::Comment);
        let what = format!(
            "password in a `{}://` connection URL",
            scheme.as_str().to_ascii_lowercase()
        );
        // Judge the password as the server sees it: `apples%2Foranges` is
        // `apples/oranges`, words rather than a random string.
        let decoded = percent_decoded(pass.as_str());
        let pass_range = at + pass.start()..at + pass.end();
        // A server on the machine itself (`@localhost`, `@127.0.0.1`) is a
        // developer's or a test suite's: a weak password there guards
        // nothing another machine reaches. A random-looking one still counts.
        let whole = c.get(0).map_or("", |m| m.as_str());
        let file_local = cx.local;
        cx.local = file_local || is_loopback(whole.rsplit('@').next().unwrap_or(""));
        cx.value(pass_range, &decoded, Some(user.as_str()), what, template);
        cx.local = file_local;
    }
}

/// `localhost`, `*.localhost`, `127.x.x.x`: the host part of a URL match
/// (it ends before any port or path).
fn is_loopback(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host.strip_prefix("127.").is_some_and(|rest| {
            rest.split('.').count() == 3 && rest.split('.').all(|p| p.parse::<u8>().is_ok())
        })
}

/// `URL`'s matches in `text`, each with the offset of its line: the regex
/// runs only on the lines that hold a `://`. No match can cross a line or
/// hold the `\r` a line loses (every part of it excludes both), and at a
/// line's start `\b` sees the
/// same non-word character before it either way, so these are exactly the
/// matches of the whole text; a whole-text search ran the regex (whose
/// Unicode classes and `\b` keep it off the fast paths) over every byte
/// of every file that mentions a URL anywhere.
fn url_captures(text: &str) -> impl Iterator<Item = (usize, regex::Captures<'_>)> {
    lines_at(text, memchr::memmem::find_iter(text.as_bytes(), b"://"))
        .flat_map(|(start, line)| URL.captures_iter(line).map(move |c| (start, c)))
}

/// `%XX` escapes decoded (invalid ones and non-UTF-8 results kept as is).
pub(super) fn percent_decoded(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(h) = s.get(i + 1..i + 3)
            && let Ok(v) = u8::from_str_radix(h, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::super::{Candidate, Source, context};

    fn passwords(rel: &str, text: &str) -> Vec<(String, bool)> {
        let mut out: Vec<Candidate> = Vec::new();
        let words = crate::rules::secret::detectors::DETECTORS
            .marks(text.as_bytes())
            .1;
        context(rel, text, false, &words, &mut out);
        out.into_iter()
            .filter(|c| c.what.contains("connection URL"))
            .map(|c| {
                let docs = matches!(&c.source, Source::Context(f) if f.docs);
                (text[c.range].to_string(), docs)
            })
            .collect()
    }

    #[test]
    fn loopback_hosts() {
        for h in [
            "localhost",
            "LOCALHOST",
            "db.localhost",
            "127.0.0.1",
            "127.1.2.3",
        ] {
            assert!(super::is_loopback(h), "{h}");
        }
        for h in [
            "db",
            "localhost.example.com",
            "127.0.0",
            "127.0.0.1.nip.io",
            "10.0.0.1",
            "mylocalhost",
        ] {
            assert!(!super::is_loopback(h), "{h}");
        }
    }

    #[test]
    fn a_url_password_is_found_on_any_line_at_its_place() {
        let text = "import db\n\"\"\"Example: postgresql://scott:tiger@localhost/test\"\"\"\nURL = 'redis://app:Xk29fPq7Lm@cache:6379/0'  # two: mysql://a:b@h\n";
        assert_eq!(
            passwords("app/conf.py", text),
            [
                ("tiger".to_string(), true),
                ("Xk29fPq7Lm".to_string(), false),
                // In a comment: an example, like the docstring's.
                ("b".to_string(), true),
            ]
        );
        assert!(passwords("app/conf.py", "no url: user:pass@host\n").is_empty());
        let js = "// e.g. postgres://admin:hunter2@db/app\nconst u = 'postgres://admin:hunter2@db/app';\n";
        assert_eq!(
            passwords("app/db.js", js),
            [
                ("hunter2".to_string(), true),
                ("hunter2".to_string(), false)
            ]
        );
        // A configuration file's comment is not a program's note.
        let yaml = "# url: postgres://admin:hunter2@db/app\n";
        assert_eq!(
            passwords("deploy/app.yaml", yaml),
            [("hunter2".to_string(), false)]
        );
    }
}
