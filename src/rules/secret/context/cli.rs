//! Credentials passed as CLI flags (`--requirepass ...`).

use regex::Regex;
use std::sync::LazyLock;

use super::{Ctx, unquote};

static CLI_FLAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"--(requirepass|password|passwd|pass|auth-token|token)(?:=|[ \t]+)("[^"\n]*"|'[^'\n]*'|[^\s"'\]\},]+)"#)
        .expect("valid regex")
});

pub(super) fn cli_flags(cx: &mut Ctx, text: &str) {
    if !text.contains("--") {
        return;
    }
    for c in CLI_FLAG.captures_iter(text) {
        let (Some(flag), Some(v)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let r = unquote(v.as_str());
        let start = v.start() + r.start;
        let value = &v.as_str()[r.clone()];
        if value.starts_with('-') {
            continue;
        }
        cx.value(
            start..start + value.len(),
            value,
            None,
            format!("`--{}` on a command line", flag.as_str()),
            false,
        );
    }
}
