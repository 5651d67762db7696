//! YAML: compose `environment:`, CI `env:`, Kubernetes Secrets (base64
//! `data:` decoded), Helm values.

use regex::Regex;
use std::sync::LazyLock;

use super::env::keyed_value;
use super::{Ctx, lines, unquote};
use crate::rules::secret::engine::{Candidate, Source, ValueFacts};
use crate::rules::secret::values::*;

static YAML_KV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(\s*)(?:-\s+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*(:\s|:$|=)(.*)$"#)
        .expect("valid regex")
});

pub(super) fn yaml_file(cx: &mut Ctx, text: &str) {
    let lower_name = cx.rel.to_ascii_lowercase();
    let place = if lower_name.contains("compose") {
        "docker-compose `environment:`"
    } else if lower_name.contains(".github/workflows") || lower_name.contains("gitlab-ci") {
        "CI configuration"
    } else if lower_name.contains("values") {
        "Helm values"
    } else {
        "YAML configuration"
    };
    let is_secret_manifest = text.lines().any(|l| l.trim() == "kind: Secret");
    // Indentation of an open `data:` / `stringData:` block of a Secret.
    let mut block: Option<(usize, bool)> = None;
    for (off, line) in lines(text) {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if line.trim() == "---" {
            block = None;
            continue;
        }
        let Some(c) = YAML_KV.captures(line) else {
            continue;
        };
        let (Some(ind), Some(k), Some(sep), Some(v)) = (c.get(1), c.get(2), c.get(3), c.get(4))
        else {
            continue;
        };
        let indent = ind.as_str().len();
        let key = k.as_str();
        if let Some((bi, _)) = block
            && indent <= bi
        {
            block = None;
        }
        if is_secret_manifest
            && (key == "data" || key == "stringData")
            && v.as_str().trim().is_empty()
        {
            block = Some((indent, key == "data"));
            continue;
        }
        let raw = v.as_str();
        if raw
            .trim_start()
            .starts_with(['|', '>', '&', '*', '[', '{', '!'])
        {
            continue;
        }
        let r = unquote(raw);
        let value = &raw[r.clone()];
        let start = off + v.start() + r.start;
        if let Some((_, base64)) = block
            && sep.as_str().starts_with(':')
        {
            let what = format!("`{key}` in a Kubernetes Secret");
            if base64 {
                if let Some(decoded) = decode_base64(value)
                    && !is_placeholder(&decoded)
                    && !is_weak(&decoded, None)
                {
                    // The facts are those of the decoded value: a Secret's
                    // data is real configuration wherever the manifest is.
                    cx.out.push(Candidate {
                        range: start..start + value.len(),
                        what,
                        source: Source::Context(ValueFacts {
                            local: cx.local,
                            ..ValueFacts::default()
                        }),
                    });
                }
            } else {
                cx.value(start..start + value.len(), value, None, what, false);
            }
            continue;
        }
        if is_credential_key(key) || key == "NEO4J_AUTH" {
            keyed_value(cx, key, start, value, format!("`{key}` in {place}"), false);
        }
    }
}
