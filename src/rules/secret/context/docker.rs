//! Dockerfile `ENV` / `ARG` defaults.

use regex::Regex;
use std::sync::LazyLock;

use super::{Ctx, lines, unquote};
use crate::rules::secret::values::*;

static DOCKER_ENV: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(ENV|ARG)\s+(.*)$").expect("valid regex"));
static DOCKER_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s"']*)"#).expect("valid regex")
});

pub(super) fn dockerfile(cx: &mut Ctx, text: &str) {
    for (off, line) in lines(text) {
        let Some(c) = DOCKER_ENV.captures(line) else {
            continue;
        };
        let (Some(instr), Some(rest)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let what = |k: &str| format!("`{k}` in a Dockerfile `{}`", instr.as_str().to_uppercase());
        let body = rest.as_str();
        if body.contains('=') {
            for p in DOCKER_PAIR.captures_iter(body) {
                let (Some(k), Some(v)) = (p.get(1), p.get(2)) else {
                    continue;
                };
                if !is_credential_key(k.as_str()) {
                    continue;
                }
                let r = unquote(v.as_str());
                let start = off + rest.start() + v.start() + r.start;
                cx.value(
                    start..start + r.len(),
                    &v.as_str()[r],
                    None,
                    what(k.as_str()),
                    false,
                );
            }
        } else if let Some((k, v)) = body.split_once(char::is_whitespace)
            && instr.as_str().eq_ignore_ascii_case("ENV")
            && is_credential_key(k)
        {
            let r = unquote(v);
            // The separator can be any whitespace, U+00A0 (2 bytes) included.
            let start = off + rest.start() + (body.len() - v.len()) + r.start;
            cx.value(start..start + r.len(), &v[r], None, what(k), false);
        }
    }
}
