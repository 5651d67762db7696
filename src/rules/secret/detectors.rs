//! The token detectors of `rules/secrets.toml` (gitleaks' set) and
//! `rules/secrets-candor.toml` (candor's own, same schema), compiled once.
//!
//! One case-insensitive Aho-Corasick automaton over every detector's
//! keywords finds which detectors can match a file at all, and where; a
//! detector's regex then runs only on the line-aligned windows around its
//! keyword hits (or on the whole file when it is small). Regexes are
//! byte regexes without Unicode classes (`\w` is ASCII), which keeps the
//! lazy DFAs small and the matching linear-time.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::bytes::{Regex, RegexBuilder};
use serde::Deserialize;
use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

/// The detector files, embedded: (name, text). Their detectors are
/// concatenated in this order; their global allowlists are merged.
pub const SOURCES: [(&str, &str); 2] = [
    (
        "rules/secrets.toml",
        include_str!("../../../rules/secrets.toml"),
    ),
    (
        "rules/secrets-candor.toml",
        include_str!("../../../rules/secrets-candor.toml"),
    ),
];

/// A file smaller than this is searched whole by every detector whose
/// keyword occurs in it; larger files only in windows around the hits.
const WHOLE_FILE: usize = 64 * 1024;
/// Bytes of context on each side of a keyword hit (snapped to lines, at
/// most `SNAP` bytes further).
const WINDOW: usize = 512;
const SNAP: usize = 1024;

#[derive(Debug, Deserialize)]
struct RawConfig {
    allowlist: Option<RawAllowlist>,
    #[serde(default)]
    rules: Vec<RawRule>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawRule {
    id: String,
    description: String,
    regex: Option<String>,
    secret_group: Option<usize>,
    entropy: Option<f64>,
    #[serde(default)]
    keywords: Vec<String>,
    path: Option<String>,
    #[serde(default)]
    allowlists: Vec<RawAllowlist>,
    /// candor's additions: the rule that reports this detector's hits, and
    /// how messages name a hit (default: the detector id).
    rule: Option<String>,
    label: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawAllowlist {
    #[serde(default)]
    regexes: Vec<String>,
    regex_target: Option<String>,
    #[serde(default)]
    stopwords: Vec<String>,
    #[serde(default)]
    paths: Vec<String>,
    condition: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Secret,
    Match,
    Line,
}

#[derive(Debug)]
struct Allowlist {
    regexes: Vec<Regex>,
    target: Target,
    stopwords: Option<AhoCorasick>,
    paths: Vec<Regex>,
    and: bool,
}

/// One compiled detector.
#[derive(Debug)]
pub struct Detector {
    pub id: String,
    pub description: String,
    /// The rule that reports this detector's hits (`rule` in the data;
    /// default `secret/known-token`).
    pub rule: &'static str,
    /// How messages name a hit (`label` in the data), if not by the id.
    pub label: Option<String>,
    /// The regex as written; compiled on first use (most detectors never
    /// see their keyword in a given repository, and compiling all ~800 up
    /// front costs more than scanning a small one).
    pattern: String,
    regex: OnceLock<Regex>,
    secret_group: Option<usize>,
    entropy: Option<f64>,
    path: Option<Regex>,
    allowlists: Vec<Allowlist>,
}

#[derive(Debug)]
pub struct Detectors {
    pub list: Vec<Detector>,
    /// Keyword automaton over the distinct keywords; a hit of keyword i
    /// wakes the detectors `keyword_owners[i]`. Searched for overlapping
    /// matches: keywords of different detectors overlap in text (`telegr`
    /// and `elegram` in `telegram`), and every one must wake its detectors.
    keywords: AhoCorasick,
    keyword_owners: Vec<Vec<usize>>,
    /// Detectors whose regex can span lines: searched over the whole file
    /// when it is small.
    multiline: Vec<bool>,
    /// Detectors without keywords (run on every file).
    always: Vec<usize>,
    global: Allowlist,
}

/// Go's RE2 reads a `{` that does not start a repetition as a literal;
/// Rust's parser wants it escaped. Escapes stray braces outside classes.
fn go_to_rust(re: &str) -> String {
    let b = re.as_bytes();
    let mut out = String::with_capacity(re.len() + 8);
    let mut i = 0;
    let mut in_class = false;
    while i < b.len() {
        let c = b[i] as char;
        if c == '\\' && i + 1 < b.len() {
            let next = re[i + 1..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&re[i..i + 1 + next]);
            i += 1 + next;
            continue;
        }
        if in_class {
            if c == ']' {
                in_class = false;
            }
        } else if c == '[' {
            in_class = true;
            out.push(c);
            i += 1;
            // A leading `]` or `^]` is literal inside the class.
            if b.get(i) == Some(&b'^') {
                out.push('^');
                i += 1;
            }
            if b.get(i) == Some(&b']') {
                out.push(']');
                i += 1;
            }
            continue;
        } else if c == '{' {
            let rest = &re[i + 1..];
            let rep = rest.find('}').is_some_and(|end| {
                let inner = &rest[..end];
                !inner.is_empty()
                    && inner.bytes().next().is_some_and(|d| d.is_ascii_digit())
                    && inner.bytes().all(|d| d.is_ascii_digit() || d == b',')
            });
            if rep {
                let end = rest.find('}').unwrap_or(0);
                out.push_str(&re[i..i + end + 2]);
                i += end + 2;
                continue;
            }
            out.push_str("\\{");
            i += 1;
            continue;
        } else if c == '}' {
            out.push_str("\\}");
            i += 1;
            continue;
        }
        let ch = re[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

fn compile(re: &str) -> Regex {
    let re = &go_to_rust(re);
    RegexBuilder::new(re)
        .unicode(false)
        .size_limit(64 << 20)
        .dfa_size_limit(8 << 20)
        .build()
        .or_else(|_| RegexBuilder::new(re).size_limit(64 << 20).build())
        .unwrap_or_else(|e| panic!("secret detectors: invalid regex {re:?}: {e}"))
}

fn allowlist(raw: RawAllowlist) -> Allowlist {
    Allowlist {
        regexes: raw.regexes.iter().map(|r| compile(r)).collect(),
        target: match raw.regex_target.as_deref() {
            Some("match") => Target::Match,
            Some("line") => Target::Line,
            _ => Target::Secret,
        },
        stopwords: (!raw.stopwords.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .build(&raw.stopwords)
                .expect("stopwords automaton")
        }),
        paths: raw.paths.iter().map(|r| compile(r)).collect(),
        and: raw.condition.as_deref() == Some("AND"),
    }
}

/// Parses and compiles `SOURCES`. Panics on an invalid file (they are
/// embedded and covered by tests, so that is a build defect, not user input).
pub static DETECTORS: LazyLock<Detectors> = LazyLock::new(|| Detectors::build(&SOURCES));

impl Detectors {
    /// Compiles detector files (gitleaks schema) into one set. Panics on an
    /// invalid file: every caller passes embedded, tested data.
    pub fn build(sources: &[(&str, &str)]) -> Detectors {
        // The global allowlists of all files add up (paths, regexes and
        // stopwords; the first file's target and condition hold).
        let mut global: Option<RawAllowlist> = None;
        let mut rules = Vec::new();
        for (name, text) in sources {
            let raw: RawConfig =
                toml::from_str(text).unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
            match (&mut global, raw.allowlist) {
                (None, a) => global = a,
                (Some(g), Some(a)) => {
                    g.paths.extend(a.paths);
                    g.regexes.extend(a.regexes);
                    g.stopwords.extend(a.stopwords);
                }
                (Some(_), None) => {}
            }
            rules.extend(raw.rules);
        }
        Self::compile_rules(rules, global.unwrap_or_default())
    }

    fn compile_rules(rules: Vec<RawRule>, global: RawAllowlist) -> Detectors {
        let mut list = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut direct: Vec<Vec<usize>> = Vec::new();
        let mut multiline = Vec::new();
        let mut always = Vec::new();
        for r in rules {
            let Some(regex) = r.regex.as_deref() else {
                continue; // path-only detectors (pkcs12 files): not text
            };
            let idx = list.len();
            if r.keywords.is_empty() {
                always.push(idx);
            }
            for k in &r.keywords {
                let k = k.to_ascii_lowercase();
                match patterns.iter().position(|p| *p == k) {
                    Some(i) => direct[i].push(idx),
                    None => {
                        patterns.push(k);
                        direct.push(vec![idx]);
                    }
                }
            }
            multiline.push(
                regex.contains("(?s")
                    || regex.contains("[\\r\\n]")
                    || regex.contains("\\n{")
                    || regex.contains("(?:\\n")
                    || r.path.is_some(),
            );
            let rule = match r.rule.as_deref() {
                None => super::KnownToken::META.id,
                Some(id) => super::RULES
                    .iter()
                    .map(|rule| rule.meta().id)
                    .find(|known| *known == id)
                    .unwrap_or_else(|| {
                        panic!("rules/secrets.toml: `{}` names no secret rule `{id}`", r.id)
                    }),
            };
            list.push(Detector {
                pattern: regex.to_string(),
                regex: OnceLock::new(),
                rule,
                label: r.label,
                id: r.id,
                description: r.description,
                secret_group: r.secret_group,
                entropy: r.entropy,
                path: r.path.as_deref().map(compile),
                allowlists: r.allowlists.into_iter().map(allowlist).collect(),
            });
        }
        let keyword_owners = direct;
        let keywords = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&patterns)
            .expect("keyword automaton");
        Detectors {
            list,
            keywords,
            keyword_owners,
            multiline,
            always,
            global: allowlist(global),
        }
    }
}

/// A detector matched: `secret` is the byte range of the secret value.
#[derive(Debug, Clone)]
pub struct RawHit {
    pub detector: usize,
    pub secret: Range<usize>,
}

/// Shannon entropy in bits per byte.
pub fn entropy(s: &[u8]) -> f64 {
    if s.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in s {
        counts[b as usize] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|c| **c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

fn line_of(text: &[u8], pos: Range<usize>) -> &[u8] {
    let start = text[..pos.start]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let end = text[pos.end..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(text.len(), |i| pos.end + i);
    &text[start..end]
}

impl Detector {
    /// The compiled regex. Panics on an invalid one: the detector files are
    /// embedded, and `every_detector_compiles` compiles them all.
    pub fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| compile(&self.pattern))
    }
}

impl Allowlist {
    fn is_empty(&self) -> bool {
        self.regexes.is_empty() && self.stopwords.is_none() && self.paths.is_empty()
    }

    /// Whether this allowlist lets the hit through (gitleaks semantics:
    /// any check passing allows it, or all of them with `condition = AND`).
    fn allows(&self, path: &str, text: &[u8], m: Range<usize>, secret: Range<usize>) -> bool {
        if self.is_empty() {
            return false;
        }
        let mut checks = Vec::with_capacity(3);
        if !self.paths.is_empty() {
            checks.push(self.paths.iter().any(|p| p.is_match(path.as_bytes())));
        }
        if !self.regexes.is_empty() {
            let target = match self.target {
                Target::Secret => &text[secret.clone()],
                Target::Match => &text[m.clone()],
                Target::Line => line_of(text, m.clone()),
            };
            checks.push(self.regexes.iter().any(|r| r.is_match(target)));
        }
        if let Some(stop) = &self.stopwords {
            checks.push(stop.is_match(&text[secret]));
        }
        if self.and {
            checks.iter().all(|c| *c)
        } else {
            checks.iter().any(|c| *c)
        }
    }
}

impl Detectors {
    /// Whether the global allowlist skips this path entirely (lock files,
    /// images, vendored dependencies).
    pub fn path_allowed(&self, rel: &str) -> bool {
        self.global.paths.iter().any(|p| p.is_match(rel.as_bytes()))
    }

    /// Every detector hit in `text` (the file at `rel`).
    pub fn scan(&self, rel: &str, text: &str) -> Vec<RawHit> {
        let bytes = text.as_bytes();
        let n = self.list.len();
        // Per detector: the keyword hit windows (merged), or whole file.
        let mut windows: Vec<Vec<Range<usize>>> = vec![Vec::new(); n];
        let mut any = false;
        let small = bytes.len() <= WHOLE_FILE;
        for m in self.keywords.find_overlapping_iter(bytes) {
            any = true;
            let start = m.start().saturating_sub(WINDOW);
            let end = (m.end() + WINDOW).min(bytes.len());
            for &d in &self.keyword_owners[m.pattern().as_usize()] {
                let w = &mut windows[d];
                if small && self.multiline[d] {
                    if w.is_empty() {
                        w.push(0..bytes.len());
                    }
                    continue;
                }
                match w.last_mut() {
                    Some(last) if start <= last.end => {
                        last.start = last.start.min(start);
                        last.end = last.end.max(end);
                    }
                    _ => w.push(start..end),
                }
            }
        }
        for &d in &self.always {
            windows[d].clear();
            windows[d].push(0..bytes.len());
            any = true;
        }
        if !any {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (d, ws) in windows.iter().enumerate() {
            if ws.is_empty() {
                continue;
            }
            let det = &self.list[d];
            if let Some(p) = &det.path
                && !p.is_match(rel.as_bytes())
            {
                continue;
            }
            for w in ws {
                let (start, end) = snap(bytes, w.clone());
                let hay = &bytes[start..end];
                for caps in det.regex().captures_iter(hay) {
                    let Some(whole) = caps.get(0) else { continue };
                    let group = match det.secret_group {
                        Some(g) => caps.get(g),
                        None => (1..caps.len()).find_map(|i| caps.get(i)),
                    };
                    let sec = group.unwrap_or(whole);
                    let m = start + whole.start()..start + whole.end();
                    let secret = start + sec.start()..start + sec.end();
                    if secret.is_empty() || !self.keep(det, rel, bytes, m, secret.clone()) {
                        continue;
                    }
                    out.push(RawHit {
                        detector: d,
                        secret,
                    });
                }
            }
        }
        out
    }

    fn keep(
        &self,
        det: &Detector,
        rel: &str,
        text: &[u8],
        m: Range<usize>,
        s: Range<usize>,
    ) -> bool {
        let secret = &text[s.clone()];
        if let Some(min) = det.entropy {
            if entropy(secret) <= min {
                return false;
            }
            if det.id.starts_with("generic") && !secret.iter().any(u8::is_ascii_digit) {
                return false;
            }
        }
        if self.global.regexes.iter().any(|r| r.is_match(secret)) {
            return false;
        }
        if let Some(stop) = &self.global.stopwords
            && stop.is_match(secret)
        {
            return false;
        }
        !det.allowlists
            .iter()
            .any(|a| a.allows(rel, text, m.clone(), s.clone()))
    }
}

/// Widens a window to whole lines (so `^`/`$`-anchored parts behave as on
/// the whole file).
fn snap(bytes: &[u8], w: Range<usize>) -> (usize, usize) {
    let lo = w.start.saturating_sub(SNAP);
    let start = bytes[lo..w.start]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(if lo == 0 { 0 } else { w.start }, |i| lo + i + 1);
    let hi = (w.end + SNAP).min(bytes.len());
    let end = bytes[w.end..hi]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(if hi == bytes.len() { hi } else { w.end }, |i| w.end + i);
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_detector_compiles() {
        for d in &DETECTORS.list {
            let _ = d.regex();
        }
        assert!(DETECTORS.list.len() > 200);
        assert!(DETECTORS.list.iter().any(|d| d.id == "generic-api-key"));
    }

    #[test]
    fn finds_a_token_and_respects_allowlists() {
        let t = "const k = \"ghp_R2d2C3po4Wx5Yz6Ab7Cd8Ef9Gh0Ij1Kl2Mn3\";\n";
        let hits = DETECTORS.scan("a.js", t);
        let ids: Vec<&str> = hits
            .iter()
            .map(|h| DETECTORS.list[h.detector].id.as_str())
            .collect();
        assert!(ids.contains(&"github-pat"), "{ids:?}");
        let aws = "key = AKIAIOSFODNN7EXAMPLE\n";
        assert!(
            DETECTORS
                .scan("a.py", aws)
                .iter()
                .all(|h| DETECTORS.list[h.detector].id != "aws-access-token")
        );
    }

    #[test]
    fn big_files_use_windows() {
        let mut t = "x = 1\n".repeat(40_000);
        t.push_str("token = \"ghp_R2d2C3po4Wx5Yz6Ab7Cd8Ef9Gh0Ij1Kl2Mn3\"\n");
        t.push_str(&"y = 2\n".repeat(40_000));
        let hits = DETECTORS.scan("a.py", &t);
        assert!(
            hits.iter()
                .any(|h| &t[h.secret.clone()] == "ghp_R2d2C3po4Wx5Yz6Ab7Cd8Ef9Gh0Ij1Kl2Mn3")
        );
    }
}
