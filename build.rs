//! Turns the secret detector files (`rules/secrets.toml`, gitleaks' set, and
//! `rules/secrets-candor.toml`, candor's own, same schema) into static Rust
//! tables at build time, so a scan never parses 600 KB of TOML (most of it
//! the detectors' own examples) before reading its first file. The tables
//! are plain data; `src/rules/secret/detectors.rs` compiles each regex the
//! first time a keyword of its detector is seen.

use std::fmt::Write as _;
use std::path::Path;

const SOURCES: [&str; 2] = ["rules/secrets.toml", "rules/secrets-candor.toml"];
/// The rule that reports a detector's hits when its `rule` field is absent.
const DEFAULT_RULE: &str = "secret/known-token";

fn main() {
    let mut global = Allowlist::default();
    let mut rules = Vec::new();
    for (i, name) in SOURCES.iter().enumerate() {
        println!("cargo:rerun-if-changed={name}");
        let text = std::fs::read_to_string(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        if let Some(g) = table.get("allowlist") {
            let g = Allowlist::read(name, g);
            if i == 0 {
                global = g;
            } else {
                // The global allowlists add up; the first file's target and
                // condition hold.
                global.regexes.extend(g.regexes);
                global.paths.extend(g.paths);
                global.stopwords.extend(g.stopwords);
            }
        }
        for rule in table
            .get("rules")
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(rule) = Rule::read(name, rule) {
                rules.push(rule);
            }
        }
    }
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("detectors.rs");
    std::fs::write(&out, emit(&rules, &global)).expect("write detectors.rs");
}

#[derive(Default)]
struct Allowlist {
    regexes: Vec<String>,
    target: &'static str,
    stopwords: Vec<String>,
    paths: Vec<String>,
    and: bool,
}

struct Rule {
    id: String,
    description: String,
    regex: String,
    secret_group: Option<i64>,
    entropy: Option<f64>,
    keywords: Vec<String>,
    path: Option<String>,
    allowlists: Vec<Allowlist>,
    rule: String,
    label: Option<String>,
}

fn strings(name: &str, v: &toml::Value, key: &str) -> Vec<String> {
    v.get(key)
        .map(|a| {
            a.as_array()
                .unwrap_or_else(|| panic!("{name}: `{key}` is not an array"))
                .iter()
                .map(|s| {
                    s.as_str()
                        .unwrap_or_else(|| panic!("{name}: `{key}` holds a non-string"))
                        .to_string()
                })
                .collect()
        })
        .unwrap_or_default()
}

fn string(v: &toml::Value, key: &str) -> Option<String> {
    v.get(key).and_then(toml::Value::as_str).map(str::to_string)
}

impl Allowlist {
    fn read(name: &str, v: &toml::Value) -> Allowlist {
        Allowlist {
            regexes: strings(name, v, "regexes"),
            target: match v.get("regexTarget").and_then(toml::Value::as_str) {
                Some("match") => "Match",
                Some("line") => "Line",
                _ => "Secret",
            },
            stopwords: strings(name, v, "stopwords"),
            paths: strings(name, v, "paths"),
            and: v.get("condition").and_then(toml::Value::as_str) == Some("AND"),
        }
    }
}

impl Rule {
    /// `None` for path-only detectors (pkcs12 files): they match no text.
    fn read(name: &str, v: &toml::Value) -> Option<Rule> {
        let regex = string(v, "regex")?;
        let id = string(v, "id").unwrap_or_else(|| panic!("{name}: a rule without an id"));
        Some(Rule {
            description: string(v, "description").unwrap_or_default(),
            regex,
            secret_group: v.get("secretGroup").and_then(toml::Value::as_integer),
            entropy: v
                .get("entropy")
                .and_then(|e| e.as_float().or_else(|| e.as_integer().map(|i| i as f64))),
            keywords: strings(name, v, "keywords"),
            path: string(v, "path"),
            allowlists: v
                .get("allowlists")
                .and_then(toml::Value::as_array)
                .into_iter()
                .flatten()
                .map(|a| Allowlist::read(name, a))
                .collect(),
            rule: string(v, "rule").unwrap_or_else(|| DEFAULT_RULE.to_string()),
            label: string(v, "label"),
            id,
        })
    }

    /// Whether the regex can span lines (searched over the whole file when
    /// the file is small).
    fn multiline(&self) -> bool {
        let r = &self.regex;
        r.contains("(?s")
            || r.contains("[\\r\\n]")
            || r.contains("\\n{")
            || r.contains("(?:\\n")
            || self.path.is_some()
    }
}

fn list(out: &mut String, items: &[String]) {
    out.push('&');
    out.push('[');
    for s in items {
        let _ = write!(out, "{s:?},");
    }
    out.push(']');
}

fn allowlist(out: &mut String, a: &Allowlist) {
    out.push_str("AllowlistData { regexes: ");
    list(out, &a.regexes);
    let _ = write!(out, ", target: Target::{}, stopwords: ", a.target);
    list(out, &a.stopwords);
    out.push_str(", paths: ");
    list(out, &a.paths);
    let _ = write!(out, ", and: {} }}", a.and);
}

fn emit(rules: &[Rule], global: &Allowlist) -> String {
    let mut out = String::from("// @generated by build.rs from rules/secrets*.toml.\n");
    out.push_str("pub(super) static DETECTOR_DATA: &[DetectorData] = &[\n");
    // The distinct lowercased keywords; a hit of keyword i wakes the
    // detectors `owners[i]`.
    let mut keywords: Vec<String> = Vec::new();
    let mut owners: Vec<Vec<usize>> = Vec::new();
    let mut position = std::collections::HashMap::new();
    for (idx, r) in rules.iter().enumerate() {
        for k in &r.keywords {
            let k = k.to_ascii_lowercase();
            let i = *position.entry(k.clone()).or_insert_with(|| {
                keywords.push(k);
                owners.push(Vec::new());
                owners.len() - 1
            });
            owners[i].push(idx);
        }
        let _ = write!(
            out,
            "DetectorData {{ id: {:?}, description: {:?}, pattern: {:?}, secret_group: {:?}, \
             entropy: {:?}, path: {:?}, rule: {:?}, label: {:?}, multiline: {}, \
             keywordless: {}, allowlists: &[",
            r.id,
            r.description,
            r.regex,
            r.secret_group.map(|g| g as usize),
            r.entropy,
            r.path,
            r.rule,
            r.label,
            r.multiline(),
            r.keywords.is_empty(),
        );
        for a in &r.allowlists {
            allowlist(&mut out, a);
            out.push(',');
        }
        out.push_str("] },\n");
    }
    out.push_str("];\npub(super) static GLOBAL_ALLOWLIST: AllowlistData = ");
    allowlist(&mut out, global);
    out.push_str(";\npub(super) static KEYWORDS: &[&str] = ");
    list(&mut out, &keywords);
    out.push_str(";\npub(super) static KEYWORD_OWNERS: &[&[u16]] = &[");
    for o in &owners {
        out.push_str("&[");
        for d in o {
            let _ = write!(out, "{d},");
        }
        out.push_str("],");
    }
    out.push_str("];\n");
    out
}
