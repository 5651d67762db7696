//! Committed env files (`.env`, `.env.production`; templates too).

use regex::Regex;
use std::sync::LazyLock;

use super::{Ctx, lines, unquote};
use crate::rules::secret::values::*;

static ENV_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=(.*)$").expect("valid regex")
});

pub(super) fn env_file(cx: &mut Ctx, text: &str, template: bool) {
    for (off, line) in lines(text) {
        let Some(c) = ENV_LINE.captures(line) else {
            continue;
        };
        let (Some(k), Some(v)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let key = k.as_str();
        if !is_credential_key(key) && key != "NEO4J_AUTH" {
            continue;
        }
        let r = unquote(v.as_str());
        let value_start = off + v.start() + r.start;
        let value = &v.as_str()[r.clone()];
        keyed_value(
            cx,
            key,
            value_start,
            value,
            format!("`{key}` in a committed env file"),
            template,
        );
    }
}

/// A value under a credential key; `NEO4J_AUTH`-style `user/password`
/// values point at the password part.
pub(super) fn keyed_value(
    cx: &mut Ctx,
    key: &str,
    start: usize,
    value: &str,
    what: String,
    template: bool,
) {
    if key.to_ascii_uppercase().ends_with("_AUTH")
        && let Some((user, pass)) = value.split_once('/')
    {
        let s = start + user.len() + 1;
        cx.value(s..s + pass.len(), pass, Some(user), what, template);
        return;
    }
    cx.value(start..start + value.len(), value, None, what, template);
}
