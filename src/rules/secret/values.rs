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

/// `NextToken`, `AuthHeader`: a CamelCase name (letters only, an upper
/// case letter after the first), not a credential.
pub fn is_camel_case_name(v: &str) -> bool {
    v.bytes().all(|b| b.is_ascii_alphabetic()) && v.bytes().skip(1).any(|b| b.is_ascii_uppercase())
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
        r"(?i)^(?:(?:production|prod|staging|stage|dev|development|default|local|db|app|super|my|admin|root|user)[_-]?(?:password|passwd|pass|pwd|secret)|admin|admin123|administrator|root|toor|postgres|mysql|redis|neo4j|guest|qwerty|letmein|welcome1?|secret123|password1|password123|pass123|pa\$\$w0rd|p@ssw0rd|p@ssword|123456|12345678|123456789|s3cr3t|sa|oracle|rabbitmq)$",
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
