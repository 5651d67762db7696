use super::engine::{Candidate, Source};
use super::report;
use super::values::{decode_base64, is_placeholder, is_prose};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;
use crate::finding::Finding;
use crate::rules::{FileContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds high-entropy values assigned to credential-named keys in any
    /// file: `api_key = "..."`, `"client_secret": "..."`, `token: ...`,
    /// `password=...` (gitleaks' `generic-api-key` detector: the key names
    /// `access`, `api`, `auth`, `credential`, `creds`, `key`, `passwd`,
    /// `password`, `secret`, `token`; a value of 10–150 characters with
    /// Shannon entropy above 3.5 bits and at least one digit).
    ///
    /// Placeholders are not findings: `changeme`, `<your-key>`, `${VAR}`,
    /// `$VAR`, `{{ .Values.x }}`, `xxx…`, `example`, `dummy`, `test`,
    /// `password` alone, empty values, `***`, and references to other
    /// secrets (`secrets.X`, `vault:...`). Identifier-like values
    /// (`key_name`, `MonkeyPatch`) and about 1,400 common code words are
    /// allowed by the detector itself. Nor are the WebSocket handshake's
    /// `Sec-WebSocket-Key` and `Sec-WebSocket-Accept` values: a nonce and
    /// its hash, sent in the clear by design.
    ///
    /// ## Why is this bad?
    /// A credential in the source ships with every clone, fork and build
    /// artifact, and stays in git history after it is removed.
    ///
    /// ## Example
    /// ```python
    /// client_secret = "q8Vz3kT7mW2xN5pR9sL4"
    /// ```
    ///
    /// ## How to fix
    /// Rotate the credential, then read it at runtime:
    /// ```python
    /// client_secret = os.environ["CLIENT_SECRET"]
    /// ```
    pub struct GenericCredential {
        id: "secret/generic-credential",
        severity: Error,
        summary: "High-entropy credential assigned in the source",
    }
}

impl Rule for GenericCredential {
    fn check_file(&self, ctx: &FileContext, out: &mut Vec<Finding>) {
        report(
            ctx,
            &Self::META,
            out,
            |_| "High-entropy value assigned to a credential-named key".to_string(),
            "Rotate the credential and read it from the environment or a secret store",
        );
    }
}

/// A hit of a detector routed here (`generic-api-key`) that is not a
/// placeholder and not one of the generic detector's known look-alikes.
pub(super) fn claims(c: &Candidate, rel: &str, text: &str) -> bool {
    matches!(c.source, Source::Detector { rule, .. } if rule == GenericCredential::META.id)
        && !is_placeholder(&text[c.range.clone()])
        && !decode_base64(&text[c.range.clone()]).is_some_and(|d| is_placeholder(&d))
        // Prose documentation shows how a key is set, with a sample: only
        // provider formats (known-token) count there.
        && !is_prose(rel)
        && !generic_noise(rel, text, &c.range)
}

static GENERIC_NOISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        // Cloud resource ids (`vagr-0dbe967baf14b7235`, `sg-0a1b2c3d`).
        r"^[a-z]{1,6}-[0-9a-f]{8,17}$",
        // ARNs and dotted identifiers (`_win32typing.PyIID`).
        r"|^arn:|^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$",
        // Names: snake/kebab/SCREAMING/Camel case identifiers
        // (`v4-unsigned-body`, `delivery_s3_key_prefix`, `RIPEMD160_CTX`,
        // `Ipv6CidrAssociations`); few digits, checked below.
        r"|^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+$|^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[A-Z][a-z]+(?:[A-Z][a-z]{2,}|[0-9]{1,2})+$",
    ))
    .expect("valid regex")
});

/// Generic-detector hits that are not credentials: ids, comparisons
/// (`auth_type == 'v4-unsigned-body'`), documentation examples (a line
/// that says "example", an `examples/` folder, `examples-1.json`), type
/// declarations (`.d.ts`).
fn generic_noise(rel: &str, text: &str, secret: &Range<usize>) -> bool {
    let value = &text[secret.clone()];
    if GENERIC_NOISE.is_match(value) && value.bytes().filter(u8::is_ascii_digit).count() <= 3 {
        return true;
    }
    let line = crate::text::line_around(text, secret.clone(), super::engine::LINE_REACH);
    let (line_start, line_end) = (line.start, line.end);
    let before = &text[line_start..secret.start];
    let tail = crate::text::tail(before, 8);
    if tail.contains("==") || tail.contains("!=") {
        return true;
    }
    // The WebSocket handshake's nonce and its answer (RFC 6455): sent in
    // the clear by design, a sample of them in every protocol test.
    if before.to_ascii_lowercase().contains("sec-websocket-") {
        return true;
    }
    let line = text[line_start..line_end].to_ascii_lowercase();
    line.contains("example")
        || rel
            .to_ascii_lowercase()
            .split('/')
            .any(|seg| seg.contains("example") || seg.ends_with(".d.ts"))
}

