//! Defaults of env-var reads in code: `os.getenv("X", "...")`,
//! `process.env.X ?? "..."`, `env::var("X").unwrap_or("...")`.

use regex::Regex;
use std::sync::LazyLock;

use super::Ctx;
use crate::rules::secret::values::*;

static ENV_DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"os\.(?:environ\.get|getenv)\(\s*["']([A-Za-z0-9_]+)["']\s*,\s*(?:default\s*=\s*)?["']([^"'\n]*)["']"#,
        r#"|process\.env(?:\.([A-Za-z0-9_]+)|\[\s*["']([A-Za-z0-9_]+)["']\s*\])\s*(?:\?\?|\|\|)\s*["'`]([^"'`\n]*)["'`]"#,
        r#"|env::var\(\s*"([A-Za-z0-9_]+)"\s*\)\s*\.unwrap_or(?:_else\(\s*\|[^|]*\|)?\s*\(?\s*"([^"\n]*)""#,
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
        let name = c.get(1).or(c.get(3)).or(c.get(4)).or(c.get(6));
        let value = c.get(2).or(c.get(5)).or(c.get(7));
        let (Some(name), Some(value)) = (name, value) else {
            continue;
        };
        if !is_credential_key(name.as_str()) {
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
