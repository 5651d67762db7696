//! One pass per file for the whole family: token detectors, context
//! detectors (env files, compose, CI, Dockerfile, Kubernetes, settings,
//! URLs, env-var defaults) and the placeholder / weak-value logic. The
//! rules of the family read the result cached in `FileContext::secret_hits`,
//! so a file is looked at once however many secret rules are enabled.
//!
//! Nothing here stores or formats a secret value: hits are byte ranges and
//! labels (detector ids, key names).

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

use super::detectors::{DETECTORS, entropy};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A provider token format (`secret/known-token`).
    Known,
    /// A credential in a config/context position (`secret/hardcoded-credential-in-config`).
    Config,
    /// A weak or default credential (`secret/weak-default-credential`).
    Weak,
    /// `key = "high-entropy value"` (`secret/generic-credential`).
    Generic,
}

#[derive(Debug, Clone)]
pub struct Hit {
    pub kind: Kind,
    pub range: Range<usize>,
    /// What was found, never the value: a detector id or a key name and
    /// the place it sits in.
    pub what: String,
}

/// All hits of a file, overlapping ones resolved (the most specific kind
/// wins), suppression markers applied.
pub fn compute(rel: &str, text: &str, is_test: bool) -> Vec<Hit> {
    let rel = rel.replace('\\', "/");
    if DETECTORS.path_allowed(&rel) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for h in DETECTORS.scan(&rel, text) {
        let det = &DETECTORS.list[h.detector];
        match det.id.as_str() {
            "private-key" => continue, // secret/private-key
            "generic-api-key" => {
                let value = &text[h.secret.clone()];
                // Prose documentation shows how a key is set, with a sample:
                // only provider formats (known-token) count there.
                if is_placeholder(value)
                    || decode_base64(value).is_some_and(|d| is_placeholder(&d))
                    || is_prose(&rel)
                    || generic_noise(&rel, text, &h.secret)
                {
                    continue;
                }
                out.push(Hit {
                    kind: Kind::Generic,
                    range: h.secret,
                    what: "generic-api-key".into(),
                });
            }
            // A context detector in gitleaks' set: reported with ours, and
            // like ours not when the value is a template's placeholder.
            "kubernetes-secret-yaml" => {
                if !k8s_placeholder(&text[h.secret.clone()]) {
                    out.push(Hit {
                        kind: Kind::Config,
                        range: h.secret,
                        what: "a value in a Kubernetes Secret".into(),
                    });
                }
            }
            id => out.push(Hit {
                kind: Kind::Known,
                range: h.secret,
                what: id.to_string(),
            }),
        }
    }
    context(&rel, text, is_test, &mut out);
    out.retain(|h| !h.range.is_empty() && !suppressed(text, h.range.start));
    // Resolve overlaps: sort by start, then kind priority.
    out.sort_by_key(|a| (a.range.start, a.kind));
    let mut kept: Vec<Hit> = Vec::with_capacity(out.len());
    for h in out {
        if let Some(prev) = kept
            .iter_mut()
            .rev()
            .take(4)
            .find(|p| p.range.start < h.range.end && h.range.start < p.range.end)
        {
            // The more specific kind wins; within a kind, the tighter span.
            if h.kind < prev.kind || (h.kind == prev.kind && h.range.len() < prev.range.len()) {
                *prev = h;
            }
            continue;
        }
        kept.push(h);
    }
    kept
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
    let line_start = text[..secret.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[secret.end..]
        .find('\n')
        .map_or(text.len(), |i| secret.end + i);
    let before = &text[line_start..secret.start];
    let tail = &before[before.len().saturating_sub(8)..];
    if tail.contains("==") || tail.contains("!=") {
        return true;
    }
    let line = text[line_start..line_end].to_ascii_lowercase();
    line.contains("example")
        || rel
            .to_ascii_lowercase()
            .split('/')
            .any(|seg| seg.contains("example") || seg.ends_with(".d.ts"))
}

/// The `key: value` of a Kubernetes Secret whose value is a placeholder,
/// plain or base64-encoded (`Y2hhbmdlbWU=` is `changeme`), or a weak
/// default once decoded (what `yaml_file` skips too).
fn k8s_placeholder(key_value: &str) -> bool {
    let v = key_value
        .split_once(':')
        .map_or(key_value, |(_, v)| v)
        .trim()
        .trim_matches(['"', '\'']);
    is_placeholder(v) || decode_base64(v).is_some_and(|d| is_placeholder(&d) || is_weak(&d, None))
}

/// Prose documentation, by file type.
fn is_prose(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    [".md", ".rst", ".html", ".htm", ".adoc", ".asciidoc"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// Whether `pos` of a Python file lies inside a triple-quoted string (a
/// docstring, in practice).
#[cfg(test)]
fn in_triple_quoted(text: &str, pos: usize) -> bool {
    triple_quoted_spans(text).iter().any(|r| r.contains(&pos))
}

/// The byte spans of a Python file's triple-quoted strings (docstrings, in
/// practice), an unclosed one running to the end: runs of three double or
/// three single quotes, read in order. Escaped quotes inside such strings
/// are rare enough to ignore here.
fn triple_quoted_spans(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut spans = Vec::new();
    let mut open: Option<(u8, usize)> = None;
    let mut i = 0;
    while i + 3 <= b.len() {
        let c = b[i];
        if (c == b'"' || c == b'\'') && b[i + 1] == c && b[i + 2] == c {
            match open {
                None => open = Some((c, i)),
                Some((o, start)) if o == c => {
                    spans.push(start..i + 3);
                    open = None;
                }
                Some(_) => {}
            }
            i += 3;
            continue;
        }
        i += 1;
    }
    if let Some((_, start)) = open {
        spans.push(start..b.len());
    }
    spans
}

/// `gitleaks:allow`, `pragma: allowlist secret`, `nosec` on the secret's line.
fn suppressed(text: &str, pos: usize) -> bool {
    let start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
    let line = &text[start..end];
    line.contains("gitleaks:allow")
        || line.contains("pragma: allowlist secret")
        || line.contains("nosec")
}

// ---------------------------------------------------------------------------
// Values

static PLACEHOLDER_WORDS: &[&str] = &[
    "changeme",
    "change_me",
    "change-me",
    "changeit",
    "example",
    "placeholder",
    "your_",
    "your-",
    "yourpassword",
    "yoursecret",
    "dummy",
    "sample",
    "redacted",
    "xxx",
    "***",
    "...",
    "…",
    "replace",
    "insert",
    "fake",
    "mock",
    "notasecret",
    "not-a-secret",
    "secret_here",
    "password_here",
    "todo",
    "fixme",
    "foobar",
];

static PLACEHOLDER_EXACT: &[&str] = &[
    "password", "passwd", "secret", "token", "key", "test", "testing", "none", "null", "nil",
    "true", "false", "pass", "value", "string", "str", "empty", "unset", "required", "default",
    "foo", "bar", "baz", "abc", "abc123", "123", "1234", "x", "na", "n/a", "tbd", "read", "write",
];

/// Not a leak: empty, a reference (`${VAR}`, `$VAR`, `{{ .Values.x }}`,
/// `%VAR%`, `<your-key>`), a placeholder word, one repeated character.
pub fn is_placeholder(value: &str) -> bool {
    let v = value
        .trim()
        .trim_matches(|c| c == '"' || c == '\'' || c == '`');
    if v.is_empty() {
        return true;
    }
    if v.contains("${")
        || v.contains("{{")
        || v.contains("$(")
        || v.starts_with('$')
        || (v.starts_with('%') && v.ends_with('%'))
        || (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with('[') && v.ends_with(']'))
        || v.starts_with("secrets.")
        || v.starts_with("vault:")
        || v.starts_with("ref+")
        || v.starts_with("arn:aws:secretsmanager")
        || v.starts_with("ENC[")
    {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    if PLACEHOLDER_EXACT.contains(&lower.as_str())
        || PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w))
        || lower.starts_with("test_")
        || lower.starts_with("test-")
    {
        return true;
    }
    // Keyboard-walk fillers (`dapi1234567890...`, `xoxp-1234-1234-...`).
    if ["123456789", "abcdefgh", "1234-1234", "0000000"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return true;
    }
    let first = v.chars().next().unwrap_or(' ');
    v.chars().all(|c| c == first)
}

/// Words that set a credential-related option rather than hold a
/// credential (`secrets_encryption: enabled`, `token_auth: required`,
/// `password_authentication: no`, `secret_backend: vault`).
static SETTING_WORDS: &[&str] = &[
    "enabled",
    "disabled",
    "enable",
    "disable",
    "on",
    "off",
    "yes",
    "no",
    "optional",
    "auto",
    "always",
    "never",
    "strict",
    "lax",
    "allow",
    "deny",
    "plain",
    "plaintext",
    "basic",
    "bearer",
    "digest",
    "oauth",
    "oauth2",
    "jwt",
    "hmac",
    "md5",
    "sha1",
    "sha256",
    "sha512",
    "scram-sha-256",
    "bcrypt",
    "argon2",
    "rsa",
    "hs256",
    "rs256",
    "aes",
    "aes256",
    "kms",
    "vault",
    "file",
    "env",
    "environment",
    "memory",
    "cookie",
    "header",
    "trust",
    "peer",
    "ident",
    "inherit",
    "hidden",
    "masked",
    "sensitive",
];

/// A setting's value: one of `SETTING_WORDS`, case-insensitively.
fn is_setting_word(value: &str) -> bool {
    let v = value.trim();
    SETTING_WORDS.iter().any(|w| w.eq_ignore_ascii_case(v))
}

/// `NextToken`, `AuthHeader`, `PostgresPassword`: a CamelCase name (letters
/// only, an upper case letter after the first, and every capitalised part
/// a pronounceable word of two or more letters), not a credential. Random
/// letters (`kPzqWmXvTrBnLsDf`) split into parts like `Pzq` and `Wm`, which
/// are not words: those are values.
fn is_camel_case_name(v: &str) -> bool {
    if !(v.bytes().all(|b| b.is_ascii_alphabetic())
        && v.bytes().skip(1).any(|b| b.is_ascii_uppercase()))
    {
        return false;
    }
    let b = v.as_bytes();
    let mut start = 0;
    for i in 1..=b.len() {
        if i == b.len() || b[i].is_ascii_uppercase() {
            if !is_word_part(&v[start..i]) {
                return false;
            }
            start = i;
        }
    }
    true
}

/// A part of a CamelCase name: a lone capital (`GetAToken`), or two or more
/// letters with a vowel and no run of more than four consonants
/// (`Postgres`, `Strength`).
fn is_word_part(p: &str) -> bool {
    if p.len() == 1 {
        return p.bytes().all(|c| c.is_ascii_uppercase());
    }
    let vowel = |c: u8| {
        matches!(
            c.to_ascii_lowercase(),
            b'a' | b'e' | b'i' | b'o' | b'u' | b'y'
        )
    };
    let mut run = 0;
    for c in p.bytes() {
        run = if vowel(c) { 0 } else { run + 1 };
        if run > 4 {
            return false;
        }
    }
    p.bytes().any(vowel)
}

/// A name, not a value: `api-key`, `db_password_ref` (what an
/// ExternalSecret or a secretKeyRef points at).
fn is_identifier_name(v: &str) -> bool {
    v.contains(['-', '_'])
        && v.split(['-', '_'])
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
}

static WEAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:production|prod|staging|stage|dev|development|default|local|db|app|super|my|admin|root|user)[_-]?(?:password|passwd|pass|pwd|secret)|admin|admin123|administrator|root|toor|postgres|mysql|redis|neo4j|guest|qwerty|letmein|welcome1?|secret123|password1|password123|pass123|pa\$\$w0rd|p@ssw0rd|p@ssword|123456|12345678|123456789|s3cr3t|sa|oracle|tiger|rabbitmq)$",
    )
    .expect("valid regex")
});

/// A value attackers try first. `user` is the account name when known
/// (`postgres:postgres`, `admin/admin`).
pub fn is_weak(value: &str, user: Option<&str>) -> bool {
    let v = value.trim();
    if v.is_empty() {
        return false;
    }
    WEAK.is_match(v) || user.is_some_and(|u| u.eq_ignore_ascii_case(v))
}

/// Random enough to be a real credential in a template file.
fn looks_random(v: &str) -> bool {
    v.len() >= 12
        && entropy(v.as_bytes()) >= 3.0
        && v.bytes().any(|b| b.is_ascii_digit())
        && v.bytes().any(|b| b.is_ascii_alphabetic())
}

/// A committed file that is plainly for local development or tests only.
fn local_only(rel: &str, is_test: bool) -> bool {
    let lower = rel.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    is_test
        || lower.split('/').any(|seg| {
            matches!(
                seg,
                "test"
                    | "tests"
                    | "testing"
                    | "fixtures"
                    | "examples"
                    | "example"
                    | "samples"
                    | "dev"
            )
        })
        || [
            ".local",
            ".development",
            ".dev",
            ".test",
            ".example",
            ".sample",
            ".template",
            ".dist",
            "override",
            "-dev.",
            "_dev.",
            "-local.",
            "_local.",
            "-test.",
            "_test.",
        ]
        .iter()
        .any(|m| name.contains(m))
}

static CRED_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:passw(?:or)?d|pwd|pass$|^pass_|_pass_|secret|token|api_?key|apikey|access_?key|private_?key|credential|_auth$|^auth$|auth_?key)")
        .expect("valid regex")
});
static NOT_CRED_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:_file|_path|_dir|_url|_uri|_id|_name|_user(?:name)?|_host|_port|_ttl|_expir\w*|_length|_len|_algorithm|_alg|_type|_enabled|_timeout|_header|_endpoint|_prefix|_field|_env|_key_id|_version|_mode|_policy|_lifetime|_age|_count|_limit|_size|_hash_rounds|_rotation|_location|_provider)$|^(?:token_type|secret_name|grant_type)$")
        .expect("valid regex")
});

/// A key that names a credential (`DATABASE_PASSWORD`, `api_key`), not
/// something about one (`PASSWORD_FILE`, `TOKEN_TTL`).
pub fn is_credential_key(key: &str) -> bool {
    CRED_KEY.is_match(key) && !NOT_CRED_KEY.is_match(key)
}

// ---------------------------------------------------------------------------
// Context detectors

#[derive(Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Env { template: bool },
    Yaml,
    Dockerfile,
    Settings,
    Code,
    Other,
}

fn file_kind(rel: &str) -> FileKind {
    let lower = rel.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    if name == ".env" || name.starts_with(".env.") || name.ends_with(".env") {
        let template = ["example", "sample", "template", "dist", "defaults", "tpl"]
            .iter()
            .any(|m| name.contains(m));
        return FileKind::Env { template };
    }
    if name.ends_with(".yml") || name.ends_with(".yaml") {
        return FileKind::Yaml;
    }
    if name == "dockerfile"
        || name.starts_with("dockerfile.")
        || name.ends_with(".dockerfile")
        || name == "containerfile"
    {
        return FileKind::Dockerfile;
    }
    if name.ends_with(".ini")
        || name.ends_with(".cfg")
        || name.ends_with(".properties")
        || name.ends_with(".conf")
        || (name.ends_with(".toml") && name != "cargo.toml" && name != "pyproject.toml")
        || (name.ends_with(".json")
            && (name.starts_with("appsettings")
                || name.contains("config")
                || name.contains("settings")))
        || (name.ends_with(".py") && name.contains("settings"))
    {
        return FileKind::Settings;
    }
    if [".py", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".rs"]
        .iter()
        .any(|e| name.ends_with(e))
    {
        return FileKind::Code;
    }
    FileKind::Other
}

struct Ctx<'a> {
    rel: &'a str,
    local: bool,
    is_test: bool,
    /// Documentation: a prose file, or (set per hit) a Python docstring.
    /// Examples there (`postgresql://scott:tiger@localhost/test`) are not
    /// deployments: only random-looking values count, weak ones never.
    docs: bool,
    out: &'a mut Vec<Hit>,
}

impl Ctx<'_> {
    /// Classifies a value found at `range` under `key` in `place`.
    fn value(
        &mut self,
        range: Range<usize>,
        value: &str,
        user: Option<&str>,
        what: String,
        template: bool,
    ) {
        if is_placeholder(value) || is_setting_word(value) {
            return;
        }
        if is_weak(value, user) {
            if !self.local && !template && !self.docs {
                self.out.push(Hit {
                    kind: Kind::Weak,
                    range,
                    what,
                });
            }
            return;
        }
        if is_identifier_name(value) || is_camel_case_name(value) {
            return;
        }
        if template && !looks_random(value) {
            return;
        }
        // Test code is full of throwaway passwords; only random-looking
        // values count there.
        if (self.is_test || self.docs) && !looks_random(value) {
            return;
        }
        self.out.push(Hit {
            kind: Kind::Config,
            range,
            what,
        });
    }
}

fn context(rel: &str, text: &str, is_test: bool, out: &mut Vec<Hit>) {
    let kind = file_kind(rel);
    let mut cx = Ctx {
        rel,
        local: local_only(rel, is_test),
        is_test,
        docs: is_prose(rel),
        out,
    };
    match kind {
        FileKind::Env { template } => env_file(&mut cx, text, template),
        FileKind::Yaml => yaml_file(&mut cx, text),
        FileKind::Dockerfile => dockerfile(&mut cx, text),
        FileKind::Settings => {
            settings_file(&mut cx, text);
            if rel.ends_with(".py") {
                env_defaults(&mut cx, text);
            }
        }
        FileKind::Code => {
            env_defaults(&mut cx, text);
            code_passwords(&mut cx, text);
        }
        FileKind::Other => {}
    }
    if matches!(
        kind,
        FileKind::Yaml | FileKind::Dockerfile | FileKind::Env { .. } | FileKind::Other
    ) || rel.ends_with(".sh")
    {
        cli_flags(&mut cx, text);
    }
    urls(
        &mut cx,
        text,
        matches!(kind, FileKind::Env { template: true }),
    );
    let _ = cx.rel;
}

/// Lines with their byte offsets, CR stripped.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut pos = 0;
    text.split_inclusive('\n').map(move |l| {
        let start = pos;
        pos += l.len();
        (start, l.trim_end_matches(['\n', '\r']))
    })
}

/// Strips matching quotes and a trailing ` # comment` from a raw value;
/// returns the value's byte range within `raw`.
fn unquote(raw: &str) -> Range<usize> {
    let lead = raw.len() - raw.trim_start().len();
    let t = raw.trim();
    if let Some(q) = t.chars().next().filter(|c| *c == '"' || *c == '\'')
        && let Some(end) = t[1..].find(q)
    {
        return lead + 1..lead + 1 + end;
    }
    let t_end = t.find(" #").unwrap_or(t.len());
    let v = t[..t_end].trim_end();
    lead..lead + v.len()
}

static ENV_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=(.*)$").expect("valid regex")
});

fn env_file(cx: &mut Ctx, text: &str, template: bool) {
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
fn keyed_value(cx: &mut Ctx, key: &str, start: usize, value: &str, what: String, template: bool) {
    if key.to_ascii_uppercase().ends_with("_AUTH")
        && let Some((user, pass)) = value.split_once('/')
    {
        let s = start + user.len() + 1;
        cx.value(s..s + pass.len(), pass, Some(user), what, template);
        return;
    }
    cx.value(start..start + value.len(), value, None, what, template);
}

static YAML_KV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(\s*)(?:-\s+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*(:\s|:$|=)(.*)$"#)
        .expect("valid regex")
});

fn yaml_file(cx: &mut Ctx, text: &str) {
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
                    cx.out.push(Hit {
                        kind: Kind::Config,
                        range: start..start + value.len(),
                        what,
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

fn decode_base64(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || !s.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let mut buf = 0u32;
    let mut bits = 0;
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => return None,
        };
        buf = (buf << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    String::from_utf8(out).ok()
}

static DOCKER_ENV: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(ENV|ARG)\s+(.*)$").expect("valid regex"));
static DOCKER_PAIR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s"']*)"#).expect("valid regex")
});

fn dockerfile(cx: &mut Ctx, text: &str) {
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
            let start = off + rest.start() + k.len() + 1 + r.start;
            cx.value(start..start + r.len(), &v[r], None, what(k), false);
        }
    }
}

static SETTINGS_KV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^\s*["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*(?:=|:)\s*(.*?),?\s*$"#)
        .expect("valid regex")
});

fn settings_file(cx: &mut Ctx, text: &str) {
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

static ENV_DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"os\.(?:environ\.get|getenv)\(\s*["']([A-Za-z0-9_]+)["']\s*,\s*(?:default\s*=\s*)?["']([^"'\n]*)["']"#,
        r#"|process\.env(?:\.([A-Za-z0-9_]+)|\[\s*["']([A-Za-z0-9_]+)["']\s*\])\s*(?:\?\?|\|\|)\s*["'`]([^"'`\n]*)["'`]"#,
        r#"|env::var\(\s*"([A-Za-z0-9_]+)"\s*\)\s*\.unwrap_or(?:_else\(\s*\|[^|]*\|)?\s*\(?\s*"([^"\n]*)""#,
        r#"|os\.(?:environ\.get|getenv)\(\s*["']([A-Za-z0-9_]+)["']\s*\)\s*or\s*["']([^"'\n]*)["']"#,
    ))
    .expect("valid regex")
});

fn env_defaults(cx: &mut Ctx, text: &str) {
    if !(text.contains("getenv")
        || text.contains("environ.get")
        || text.contains("process.env")
        || text.contains("env::var"))
    {
        return;
    }
    for c in ENV_DEFAULT.captures_iter(text) {
        let name = c.get(1).or(c.get(3)).or(c.get(4)).or(c.get(6)).or(c.get(8));
        let value = c.get(2).or(c.get(5)).or(c.get(7)).or(c.get(9));
        let (Some(name), Some(value)) = (name, value) else {
            continue;
        };
        if !is_credential_key(name.as_str()) {
            continue;
        }
        // A fallback is what runs when the variable is unset: a placeholder
        // or a well-known sample secret there (`|| "secret"`,
        // `or "keyboard cat"`) is the production secret then, a weak one.
        let v = value.as_str();
        if (is_placeholder(v) || WELL_KNOWN_SECRETS.contains(&v.to_ascii_lowercase().as_str()))
            && !v.trim().is_empty()
            && !is_reference(v)
        {
            if !cx.local {
                cx.out.push(Hit {
                    kind: Kind::Weak,
                    range: value.range(),
                    what: format!(
                        "fallback value of the `{}` environment variable",
                        name.as_str()
                    ),
                });
            }
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

/// Sample secrets of widely read documentation (jwt.io's debugger,
/// the jsonwebtoken and express-session READMEs) that servers fall back to.
static WELL_KNOWN_SECRETS: &[&str] = &[
    "your-256-bit-secret",
    "your_jwt_secret",
    "keyboard cat",
    "shhhhh",
    "supersecret",
    "super-secret",
    "mysecret",
    "my-secret",
    "secretkey",
    "secret-key",
    "jwt_secret",
    "jwtsecret",
];

/// A value that names where the secret comes from rather than holding it.
fn is_reference(v: &str) -> bool {
    let v = v.trim();
    v.contains("${") || v.contains("{{") || v.contains("$(") || v.starts_with('$')
}

static CODE_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        // A password-named variable, attribute, keyword argument or key...
        r#"(?i)\b([A-Za-z0-9_]*?(?:passw(?:or)?d|passwd|pwd|passphrase)[A-Za-z0-9_]*)["']?"#,
        // ...assigned (`=`, `:`, `:=`; not `==`) a plain string literal.
        r#"\s*(?::=|=|:)\s*(?:r|u)?(?:"([^"\\\n]{1,128})"|'([^'\\\n]{1,128})')"#,
    ))
    .expect("valid regex")
});

/// `LOGIN_PASSWORD = "..."`, `connect(password="...")`, `{"password": "..."}`
/// in code: a human-chosen password has low entropy, so any literal counts
/// (weak ones as weak defaults), except what is plainly not a password:
/// placeholders, setting words, names (`password_field = "password1"` is
/// cut by the key check), text with spaces (labels, messages) and format
/// strings.
fn code_passwords(cx: &mut Ctx, text: &str) {
    if cx.rel.ends_with(".d.ts") {
        return;
    }
    let python = cx.rel.ends_with(".py");
    // Python docstring spans, computed once and only if a hit needs them.
    let mut docstrings: Option<Vec<Range<usize>>> = None;
    // Only lines that name a password run the regex (its leading
    // identifier part is slow to try at every position of a whole file).
    for (off, line) in lines(text) {
        let lower = line.to_ascii_lowercase();
        if !(lower.contains("passw") || lower.contains("pwd") || lower.contains("passphrase")) {
            continue;
        }
        // Comments show usage; they are not the program.
        let lead = line.trim_start();
        if ["#", "//", "*", "/*"].iter().any(|m| lead.starts_with(m)) {
            continue;
        }
        for c in CODE_PASSWORD.captures_iter(line) {
            let (Some(name), Some(value)) = (c.get(1), c.get(2).or(c.get(3))) else {
                continue;
            };
            if !is_credential_key(name.as_str()) {
                continue;
            }
            let v = value.as_str();
            if v.contains(char::is_whitespace)
                || v.contains(['{', '%'])
                || v.ends_with(':')
                || v.len() < 3
                || is_screaming_name(v)
            {
                continue;
            }
            let at = off + name.start();
            if python
                && docstrings
                    .get_or_insert_with(|| triple_quoted_spans(text))
                    .iter()
                    .any(|r| r.contains(&at))
            {
                continue;
            }
            cx.value(
                off + value.start()..off + value.end(),
                v,
                None,
                format!("`{}` assigned in code", name.as_str()),
                false,
            );
        }
    }
}

/// `DB_PASSWORD`, `PASSWORD_HASHERS`: a constant's name, not a value.
fn is_screaming_name(v: &str) -> bool {
    v.bytes().any(|b| b.is_ascii_uppercase())
        && v.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && v.bytes().filter(u8::is_ascii_digit).count() <= 2
}

static CLI_FLAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"--(requirepass|password|passwd|pass|auth-token|token)(?:=|[ \t]+)("[^"\n]*"|'[^'\n]*'|[^\s"'\]\},]+)"#)
        .expect("valid regex")
});

fn cli_flags(cx: &mut Ctx, text: &str) {
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

static URL: LazyLock<Regex> = LazyLock::new(|| {
    // Any scheme (`https://deploy:<password>@registry...` as much as a
    // database DSN): the password part is the secret.
    Regex::new(r#"(?i)\b([a-z][a-z0-9]{1,15}(?:\+srv|\+s)?)(?:\+[a-z0-9]+)?://([^\s:/@'"`<>{}$]{1,64}):([^\s@/'"`<>]{1,128})@[A-Za-z0-9_.\-\[\]]+"#)
        .expect("valid regex")
});

fn urls(cx: &mut Ctx, text: &str, template: bool) {
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
fn percent_decoded(s: &str) -> String {
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
    use super::*;

    fn kinds(rel: &str, text: &str) -> Vec<(Kind, String)> {
        compute(rel, text, false)
            .into_iter()
            .map(|h| (h.kind, text[h.range].to_string()))
            .collect()
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decoded("apples%2Foranges"), "apples/oranges");
        assert_eq!(percent_decoded("a%zz%4"), "a%zz%4");
    }

    #[test]
    fn triple_quoted_strings() {
        let t = "x = 1\n\"\"\"doc postgresql://a:b@h\"\"\"\ny = 'postgresql://c:d@h'\n";
        assert!(in_triple_quoted(t, t.find("a:b").unwrap()));
        assert!(!in_triple_quoted(t, t.find("c:d").unwrap()));
    }

    #[test]
    fn camel_case_names_are_words_random_letters_are_not() {
        for name in [
            "NextToken",
            "AuthHeader",
            "PostgresPassword",
            "ChangeMeInProduction",
            "GetAToken",
            "ExampleSecretKey",
        ] {
            assert!(is_camel_case_name(name), "{name}");
        }
        for random in ["kPzqWmXvTrBnLsDfGhJkLmNq", "QwXzRtPlMnBvCxZa", "aBcDeFgH"] {
            assert!(!is_camel_case_name(random), "{random}");
        }
    }

    #[test]
    fn placeholders() {
        for v in [
            "",
            "changeme",
            "<your-key>",
            "${VAR}",
            "$VAR",
            "{{ .Values.x }}",
            "xxxxxx",
            "example",
            "***",
            "password",
            "%VAR%",
        ] {
            assert!(is_placeholder(v), "{v}");
        }
        for v in ["Xk9vQ2mLp7RtZw4sNb8c", "production_password", "hunter2"] {
            assert!(!is_placeholder(v), "{v}");
        }
    }

    #[test]
    fn compose_and_env() {
        let compose = "services:\n  redis:\n    command: redis-server --requirepass production_password\n  neo4j:\n    environment:\n      NEO4J_AUTH: neo4j/production_password\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n      - API_TOKEN=Zq8vR3nT5pL9xW2k\n";
        let k = kinds("docker-compose.yml", compose);
        assert_eq!(
            k,
            vec![
                (Kind::Weak, "production_password".to_string()),
                (Kind::Weak, "production_password".to_string()),
                (Kind::Config, "Zq8vR3nT5pL9xW2k".to_string()),
            ]
        );
        let env = "LOG_LEVEL=debug\nDATABASE_PASSWORD=Xk9vQ2mLp7RtZw4sNb8c\nX_PASSWORD=changeme\n";
        assert_eq!(
            kinds(".env", env),
            vec![(Kind::Config, "Xk9vQ2mLp7RtZw4sNb8c".to_string())]
        );
        assert!(kinds(".env.example", "DATABASE_PASSWORD=hunter22\n").is_empty());
    }

    #[test]
    fn k8s_secret_dockerfile_urls_defaults() {
        let k8s = "apiVersion: v1\nkind: Secret\ndata:\n  password: WGs5dlEybUxwN1J0Wnc0c05iOGM=\n  empty: \"\"\nmetadata:\n  name: x\n";
        assert_eq!(kinds("k8s/secret.yaml", k8s).len(), 1);
        let df = "FROM python\nENV DB_PASSWORD=Xk9vQ2mLp7RtZw4s LOG=1\nARG API_TOKEN\n";
        assert_eq!(
            kinds("Dockerfile", df),
            vec![(Kind::Config, "Xk9vQ2mLp7RtZw4s".to_string())]
        );
        let url = "DB = 'postgres://app:Xk9vQ2mLp7RtZw4s@db:5432/app'\nX = 'postgres://postgres:postgres@db/x'\nY = 'postgres://u:${P}@db/x'\n";
        assert_eq!(
            kinds("app/db.py", url),
            vec![
                (Kind::Config, "Xk9vQ2mLp7RtZw4s".to_string()),
                (Kind::Weak, "postgres".to_string())
            ]
        );
        let py = "A = os.getenv(\"REDIS_PASSWORD\", \"production_password\")\nB = os.environ.get('DATABASE_URL', 'postgresql://localhost/x')\n";
        assert_eq!(
            kinds("app/settings.py", py),
            vec![(Kind::Weak, "production_password".to_string())]
        );
        let js = "const t = process.env.API_TOKEN ?? \"Zq8vR3nT5pL9xW2kQ\";\n";
        assert_eq!(kinds("web/a.ts", js).len(), 1);
    }

    #[test]
    fn hostile_yaml_does_not_hang() {
        let bomb = "a: &a [\"lol\",\"lol\"]\nb: &b [*a,*a,*a]\nc: [*b,*b,*b]\n".repeat(1000);
        let _ = compute("x.yaml", &bomb, false);
        let deep = "[".repeat(100_000);
        let _ = compute("x.yaml", &deep, false);
    }
}
