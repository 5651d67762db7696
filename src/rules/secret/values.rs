//! What a credential value looks like: a placeholder, a weak or default
//! password, a name rather than a secret, random. Facts the context
//! detectors attach to each value; the rules decide with them.

use regex::Regex;
use std::sync::LazyLock;

use super::detectors::entropy;

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

/// `NextToken`, `AuthHeader`, `PostgresPassword`: a CamelCase name (letters
/// only, an upper case letter after the first, and every capitalised part
/// a pronounceable word of two or more letters), not a credential. Random
/// letters (`kPzqWmXvTrBnLsDf`) split into parts like `Pzq` and `Wm`, which
/// are not words: those are values.
pub fn is_camel_case_name(v: &str) -> bool {
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
pub fn is_identifier_name(v: &str) -> bool {
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

pub fn is_weak(value: &str, user: Option<&str>) -> bool {
    let v = value.trim();
    if v.is_empty() {
        return false;
    }
    WEAK.is_match(v) || user.is_some_and(|u| u.eq_ignore_ascii_case(v))
}

/// Random enough to be a real credential in a template file.
pub fn looks_random(v: &str) -> bool {
    v.len() >= 12
        && entropy(v.as_bytes()) >= 3.0
        && v.bytes().any(|b| b.is_ascii_digit())
        && v.bytes().any(|b| b.is_ascii_alphabetic())
}

/// A committed file that is plainly for local development or tests only.
pub fn local_only(rel: &str, is_test: bool) -> bool {
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
pub fn is_setting_word(value: &str) -> bool {
    let v = value.trim();
    SETTING_WORDS.iter().any(|w| w.eq_ignore_ascii_case(v))
}

/// Prose documentation, by file type.
pub fn is_prose(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    [".md", ".rst", ".html", ".htm", ".adoc", ".asciidoc"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// The `key: value` of a Kubernetes Secret whose value is a placeholder,
/// plain or base64-encoded (`Y2hhbmdlbWU=` is `changeme`), or a weak
/// default once decoded (what `yaml_file` skips too).
pub fn k8s_placeholder(key_value: &str) -> bool {
    let v = key_value
        .split_once(':')
        .map_or(key_value, |(_, v)| v)
        .trim()
        .trim_matches(['"', '\'']);
    is_placeholder(v) || decode_base64(v).is_some_and(|d| is_placeholder(&d) || is_weak(&d, None))
}

pub fn decode_base64(s: &str) -> Option<String> {
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
