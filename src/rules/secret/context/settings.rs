//! Settings files (YAML/TOML/JSON/INI, `settings.py`): `key = value`.

use regex::Regex;
use std::sync::LazyLock;

use super::{Ctx, lines, unquote};
use crate::rules::secret::values::*;

static SETTINGS_KV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^\s*["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*(?:=|:)\s*(.*?),?\s*$"#)
        .expect("valid regex")
});

pub(super) fn settings_file(cx: &mut Ctx, text: &str) {
    for (off, line) in lines(text) {
        let Some(c) = SETTINGS_KV.captures(line) else {
            continue;
        };
        let (Some(k), Some(v)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let key = k.as_str().rsplit('.').next().unwrap_or("");
        if !is_credential_key(key) {
            continue;
        }
        let raw = v.as_str();
        let t = raw.trim_start();
        // Only literal strings (or bare INI values): not code.
        let quoted = t.starts_with('"') || t.starts_with('\'');
        if !quoted && (cx.rel.ends_with(".py") || cx.rel.ends_with(".json")) {
            continue;
        }
        if !quoted && (t.contains('(') || t.contains(' ')) {
            continue;
        }
        let r = unquote(raw);
        let start = off + v.start() + r.start;
        cx.value(
            start..start + r.len(),
            &raw[r],
            None,
            format!("`{key}` in a settings file"),
            false,
        );
    }
}
