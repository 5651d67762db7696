//! Connection URLs with an inline password (`scheme://user:pass@host`).

use regex::Regex;
use std::sync::LazyLock;

use std::ops::Range;

use super::{Ctx, triple_quoted_spans};

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
    for c in URL.captures_iter(text) {
        let (Some(scheme), Some(user), Some(pass)) = (c.get(1), c.get(2), c.get(3)) else {
            continue;
        };
        cx.docs = prose
            || (python
                && docstrings
                    .get_or_insert_with(|| triple_quoted_spans(text))
                    .iter()
                    .any(|r| r.contains(&pass.start())));
        let what = format!(
            "password in a `{}://` connection URL",
            scheme.as_str().to_ascii_lowercase()
        );
        // Judge the password as the server sees it: `apples%2Foranges` is
        // `apples/oranges`, words rather than a random string.
        let decoded = percent_decoded(pass.as_str());
        cx.value(pass.range(), &decoded, Some(user.as_str()), what, template);
    }
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
