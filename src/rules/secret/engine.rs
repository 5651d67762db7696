//! One pass per file for the whole family: the token detectors (data,
//! [`super::detectors`]) and the context detectors ([`super::context`])
//! produce labelled [`Candidate`]s; each rule file decides which candidates
//! it reports ([`super::claim`], in rule priority order); overlaps are
//! resolved and suppression markers applied. The rules read the result,
//! cached in `FileContext::secret_hits`, so a file is looked at once however
//! many secret rules are enabled.
//!
//! Nothing here stores or formats a secret value: candidates and hits are
//! byte ranges, labels (detector ids, key names) and facts about the value.

use std::ops::Range;

use super::detectors::DETECTORS;

/// Where a candidate came from, and the facts its rule decides on.
#[derive(Debug, Clone)]
pub enum Source {
    /// A token detector of `rules/secrets.toml`; `rule` is its `rule` field.
    Detector { index: usize, rule: &'static str },
    /// A value under a credential key, found by a context detector.
    Context(ValueFacts),
}

/// What a context detector knows about a value (never the value itself).
#[derive(Debug, Clone, Copy, Default)]
pub struct ValueFacts {
    /// `changeme`, `<your-key>`, `${VAR}`, empty.
    pub placeholder: bool,
    /// A weak or default password (`production_password`, `postgres`).
    pub weak: bool,
    /// An identifier or CamelCase name rather than a secret.
    pub name_like: bool,
    /// Long, high-entropy, mixed letters and digits.
    pub random: bool,
    /// In a template (`.env.example`).
    pub template: bool,
    /// In a file plainly for local development or tests.
    pub local: bool,
    /// In test code.
    pub test: bool,
    /// In documentation: a prose file or a Python docstring.
    pub docs: bool,
}

/// Something a detector found, before a rule claims it.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub range: Range<usize>,
    /// What was found, never the value: a detector id or a key name and
    /// the place it sits in.
    pub what: String,
    pub source: Source,
}

/// A candidate a rule claimed.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The id of the rule that reports it.
    pub rule: &'static str,
    pub range: Range<usize>,
    pub what: String,
}

/// All hits of a file, overlapping ones resolved (the rule earlier in
/// [`super::PRIORITY`] wins), suppression markers applied.
pub fn compute(rel: &str, text: &str, is_test: bool) -> Vec<Hit> {
    let rel = rel.replace('\\', "/");
    if DETECTORS.path_allowed(&rel) {
        return Vec::new();
    }
    let mut candidates = Vec::new();
    let (keywords, words) = DETECTORS.marks(text.as_bytes());
    for h in DETECTORS.scan_marked(&rel, text, keywords) {
        let det = &DETECTORS.list[h.detector];
        candidates.push(Candidate {
            range: h.secret,
            what: det.label.unwrap_or(det.id).to_string(),
            source: Source::Detector {
                index: h.detector,
                rule: det.rule,
            },
        });
    }
    super::context::context(&rel, text, is_test, &words, &mut candidates);
    let mut out: Vec<(usize, Hit)> = candidates
        .into_iter()
        .filter(|c| !c.range.is_empty() && !suppressed(text, c.range.start))
        .filter_map(|c| {
            let (priority, rule) = super::claim(&c, &rel, text)?;
            Some((
                priority,
                Hit {
                    rule,
                    range: c.range,
                    what: c.what,
                },
            ))
        })
        .collect();
    // Resolve overlaps: sort by start, then rule priority.
    out.sort_by_key(|(p, h)| (h.range.start, *p));
    let mut kept: Vec<(usize, Hit)> = Vec::with_capacity(out.len());
    for (p, h) in out {
        if let Some(prev) = kept
            .iter_mut()
            .rev()
            .take(4)
            .find(|(_, q)| q.range.start < h.range.end && h.range.start < q.range.end)
        {
            // The higher-priority rule wins; within a rule, the tighter span.
            if p < prev.0 || (p == prev.0 && h.range.len() < prev.1.range.len()) {
                *prev = (p, h);
            }
            continue;
        }
        kept.push((p, h));
    }
    kept.into_iter().map(|(_, h)| h).collect()
}

/// How far around a hit its line is read (markers, "example"): a bound,
/// so many hits on one huge line cost linear time, not quadratic.
pub(super) const LINE_REACH: usize = 4096;

/// `gitleaks:allow`, `pragma: allowlist secret`, `nosec` on the secret's line.
fn suppressed(text: &str, pos: usize) -> bool {
    let line = &text[crate::text::line_around(text, pos..pos, LINE_REACH)];
    line.contains("gitleaks:allow")
        || line.contains("pragma: allowlist secret")
        || line.contains("nosec")
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::rules::secret::values::is_placeholder;

    const WEAK: &str = "secret/weak-default-credential";
    const CONFIG: &str = "secret/hardcoded-credential-in-config";

    fn kinds(rel: &str, text: &str) -> Vec<(&'static str, String)> {
        compute(rel, text, false)
            .into_iter()
            .map(|h| (h.rule, text[h.range].to_string()))
            .collect()
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(
            crate::rules::secret::context::percent_decoded_for_tests("apples%2Foranges"),
            "apples/oranges"
        );
        assert_eq!(
            crate::rules::secret::context::percent_decoded_for_tests("a%zz%4"),
            "a%zz%4"
        );
    }
    #[test]
    fn triple_quoted_strings() {
        let t = "x = 1\n\"\"\"doc postgresql://a:b@h\"\"\"\ny = 'postgresql://c:d@h'\n";
        assert!(crate::rules::secret::context::in_triple_quoted(
            t,
            t.find("a:b").unwrap()
        ));
        assert!(!crate::rules::secret::context::in_triple_quoted(
            t,
            t.find("c:d").unwrap()
        ));
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
            assert!(
                crate::rules::secret::values::is_camel_case_name(name),
                "{name}"
            );
        }
        for random in ["kPzqWmXvTrBnLsDfGhJkLmNq", "QwXzRtPlMnBvCxZa", "aBcDeFgH"] {
            assert!(
                !crate::rules::secret::values::is_camel_case_name(random),
                "{random}"
            );
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
                (WEAK, "production_password".to_string()),
                (WEAK, "production_password".to_string()),
                (CONFIG, "Zq8vR3nT5pL9xW2k".to_string()),
            ]
        );
        let env = "LOG_LEVEL=debug\nDATABASE_PASSWORD=Xk9vQ2mLp7RtZw4sNb8c\nX_PASSWORD=changeme\n";
        assert_eq!(
            kinds(".env", env),
            vec![(CONFIG, "Xk9vQ2mLp7RtZw4sNb8c".to_string())]
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
            vec![(CONFIG, "Xk9vQ2mLp7RtZw4s".to_string())]
        );
        let url = "DB = 'postgres://app:Xk9vQ2mLp7RtZw4s@db:5432/app'\nX = 'postgres://postgres:postgres@db/x'\nY = 'postgres://u:${P}@db/x'\n";
        assert_eq!(
            kinds("app/db.py", url),
            vec![
                (CONFIG, "Xk9vQ2mLp7RtZw4s".to_string()),
                (WEAK, "postgres".to_string())
            ]
        );
        let py = "A = os.getenv(\"REDIS_PASSWORD\", \"production_password\")\nB = os.environ.get('DATABASE_URL', 'postgresql://localhost/x')\n";
        assert_eq!(
            kinds("app/settings.py", py),
            vec![(WEAK, "production_password".to_string())]
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
