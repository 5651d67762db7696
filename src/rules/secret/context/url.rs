//! Connection URLs with an inline password (`scheme://user:pass@host`).

use regex::Regex;
use std::sync::LazyLock;

use super::Ctx;

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|neo4j(?:\+s)?|bolt|clickhouse|cockroachdb|couchdb|ldaps?|smtps?|ftps?|sftp|nats|kafka)(?:\+[a-z0-9]+)?://([^\s:/@'"`<>{}$]{1,64}):([^\s@/'"`<>]{1,128})@[A-Za-z0-9_.\-\[\]]+"#)
        .expect("valid regex")
});

pub(super) fn urls(cx: &mut Ctx, text: &str, template: bool) {
    if !text.contains("://") {
        return;
    }
    for c in URL.captures_iter(text) {
        let (Some(scheme), Some(user), Some(pass)) = (c.get(1), c.get(2), c.get(3)) else {
            continue;
        };
        let what = format!(
            "password in a `{}://` connection URL",
            scheme.as_str().to_ascii_lowercase()
        );
        cx.value(
            pass.range(),
            pass.as_str(),
            Some(user.as_str()),
            what,
            template,
        );
    }
}
