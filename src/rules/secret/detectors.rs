//! The token detectors of `rules/secrets.toml` (gitleaks' set) and
//! `rules/secrets-candor.toml` (candor's own, same schema), compiled once.
//!
//! One case-insensitive Aho-Corasick automaton over every detector's
//! keywords finds which detectors can match a file at all, and where; a
//! detector's regex then runs only on the line-aligned windows around its
//! keyword hits (or on the whole file when it is small). Regexes are
//! byte regexes without Unicode classes (`\w` is ASCII), which keeps the
//! lazy DFAs small and the matching linear-time.

use super::keywords::{KeywordDfa, KeywordMatch};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder};
use regex::bytes::{Regex, RegexBuilder};
use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

/// A file smaller than this is searched whole by every detector whose
/// keyword occurs in it; larger files only in windows around the hits.
const WHOLE_FILE: usize = 64 * 1024;
/// Bytes of context on each side of a keyword hit (snapped to lines, at
/// most `SNAP` bytes further).
const WINDOW: usize = 512;
const SNAP: usize = 1024;

// The tables `build.rs` generates from `rules/secrets.toml` and
// `rules/secrets-candor.toml`: `DETECTOR_DATA`, `GLOBAL_ALLOWLIST`,
// `KEYWORDS` (distinct, lowercased) and `KEYWORD_OWNERS`.
include!(concat!(env!("OUT_DIR"), "/detectors.rs"));

/// One detector as written in the data.
#[derive(Debug)]
pub(super) struct DetectorData {
    id: &'static str,
    description: &'static str,
    pattern: &'static str,
    secret_group: Option<usize>,
    entropy: Option<f64>,
    path: Option<&'static str>,
    rule: &'static str,
    label: Option<&'static str>,
    multiline: bool,
    keywordless: bool,
    allowlists: &'static [AllowlistData],
}

/// An allowlist as written in the data (gitleaks schema).
#[derive(Debug)]
pub(super) struct AllowlistData {
    regexes: &'static [&'static str],
    target: Target,
    stopwords: &'static [&'static str],
    paths: &'static [&'static str],
    and: bool,
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

/// One detector. Everything compiled is compiled on first use: most
/// detectors never see their keyword in a given repository, and compiling
/// all ~800 up front costs more than scanning a small one.
#[derive(Debug)]
pub struct Detector {
    pub id: &'static str,
    pub description: &'static str,
    /// The rule that reports this detector's hits (`rule` in the data;
    /// default `secret/known-token`).
    pub rule: &'static str,
    /// How messages name a hit (`label` in the data), if not by the id.
    pub label: Option<&'static str>,
    data: &'static DetectorData,
    /// Its place in `DETECTOR_DATA` (and in `KEYWORD_OWNERS`).
    index: usize,
    regex: OnceLock<Search>,
    path: OnceLock<Option<Regex>>,
    allowlists: OnceLock<Vec<Allowlist>>,
}

#[derive(Debug)]
pub struct Detectors {
    pub list: Vec<Detector>,
    /// The keyword automaton over `KEYWORDS`; a hit of keyword i wakes
    /// the detectors `KEYWORD_OWNERS[i]`. It reports overlapping matches:
    /// keywords of different detectors overlap in text (`telegr` and
    /// `elegram` in `telegram`), and every one must wake its detectors.
    keywords: KeywordDfa,
    /// Detectors without keywords (run on every file).
    always: Vec<usize>,
    /// The global allowlist's paths, as one regex (every file asks), and
    /// the rest of it (only hits ask).
    global_paths: OnceLock<Option<Regex>>,
    global: OnceLock<Allowlist>,
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
    compile_rust(&go_to_rust(re))
}

/// The lazy prefix gitleaks writes before a keyword (`[\w.-]{0,50}?` then
/// `(?:lob)`): it moves where a match starts, never whether or where else
/// it matches.
const LAZY_PREFIX: &str = r"(?i)[\w.-]{0,50}?";
const LAZY_PREFIX_MAX: usize = 50;

/// A detector's regex as searched: without a leading lazy prefix, whose
/// `{0,50}` counter makes the lazy DFA build states at every byte and hides
/// the keyword literals from the prefilter. `back` is how far a match's
/// start is then extended backwards over `[\w.-]`, which gives the very
/// match the whole regex finds (`Search::captures_iter`).
///
/// `anchored`: every match of the rest begins with one of the detector's
/// own keywords (`(?:access|auth|...|token)` for the generic key), so it
/// can only start where the keyword automaton found one. The regex is then
/// compiled anchored and tried at those places alone, instead of searched
/// through the windows around them (the generic key: 24 -> ~5 ms on the
/// standard library).
#[derive(Debug)]
pub struct Search {
    regex: Regex,
    back: usize,
    anchored: bool,
}

/// What one match gives: the whole match and each group's range.
pub type Groups = (Range<usize>, Vec<Option<Range<usize>>>);

impl Search {
    fn new(pattern: &str, keywords: &[&str]) -> Search {
        let build = |re: &str| {
            RegexBuilder::new(re)
                .unicode(false)
                .size_limit(64 << 20)
                .dfa_size_limit(8 << 20)
                .build()
                .ok()
        };
        if let Some(rest) = pattern.strip_prefix(LAZY_PREFIX) {
            let rest = go_to_rust(&format!("(?i){rest}"));
            if starts_with_a_keyword(&rest, keywords)
                && let Some(regex) = build(&format!(r"(?i)\A(?:{rest})"))
            {
                return Search {
                    regex,
                    back: LAZY_PREFIX_MAX,
                    anchored: true,
                };
            }
            if let Some(regex) = build(&rest) {
                return Search {
                    regex,
                    back: LAZY_PREFIX_MAX,
                    anchored: false,
                };
            }
        }
        Search {
            regex: compile(pattern),
            back: 0,
            anchored: false,
        }
    }

    /// Every match in `hay` as the whole regex reports it. `starts` are the
    /// offsets in `hay` where one of the detector's keywords begins, in
    /// order (an anchored search tries only those).
    ///
    /// Why a search without the prefix agrees with the whole regex, for
    /// `P` the prefix and `R` the rest: the leftmost match of `P R` from a
    /// search start `f` starts at the furthest `q >= f` that `[\w.-]{0,50}`
    /// reaches back from the leftmost position `p` where `R` matches, and
    /// takes `R`'s match at `p`. Any earlier `R` match would be the leftmost
    /// one instead; any earlier start cannot reach `p` through a byte
    /// outside the class or beyond the 50. An anchored search finds the
    /// same `p`: it is the first keyword start at or after `f` where `R`
    /// matches, and no `R` match starts anywhere else. `R` begins with a
    /// literal, not an assertion, so a match at `p` of `&hay[p..]` is one
    /// of `hay`.
    pub fn captures_iter(&self, hay: &[u8], starts: &[usize]) -> Vec<Groups> {
        let mut floor = 0;
        let mut out = Vec::new();
        let mut push = |floor: &mut usize, at: usize, caps: regex::bytes::Captures<'_>| {
            let Some(whole) = caps.get(0) else { return };
            let (ws, we) = (at + whole.start(), at + whole.end());
            let mut start = ws;
            let lo = (*floor).max(ws.saturating_sub(self.back));
            while start > lo && is_prefix_byte(hay[start - 1]) {
                start -= 1;
            }
            *floor = we;
            let groups = (1..caps.len())
                .map(|g| caps.get(g).map(|m| at + m.start()..at + m.end()))
                .collect();
            out.push((start..we, groups));
        };
        if self.anchored {
            for &p in starts {
                if p < floor || p >= hay.len() {
                    continue;
                }
                if let Some(caps) = self.regex.captures(&hay[p..]) {
                    push(&mut floor, p, caps);
                }
            }
        } else {
            for caps in self.regex.captures_iter(hay) {
                push(&mut floor, 0, caps);
            }
        }
        out
    }
}

/// Whether every match of `re` begins with one of `keywords` (matched, as
/// the keyword automaton does, ASCII case-insensitively): the literals its
/// first part can start with form an exact, finite set, each starting with
/// a keyword.
fn starts_with_a_keyword(re: &str, keywords: &[&str]) -> bool {
    use regex_syntax::hir::HirKind;
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(re)
    else {
        return false;
    };
    let first = match hir.kind() {
        HirKind::Concat(parts) => parts.first().unwrap_or(&hir),
        _ => &hir,
    };
    // The extractor reads an assertion (`\b`) as empty: one in the first
    // part would look behind the keyword, which an anchored search of
    // `&hay[p..]` cannot see.
    if !first.properties().look_set().is_empty() {
        return false;
    }
    let mut extractor = Extractor::new();
    extractor
        .kind(ExtractKind::Prefix)
        .limit_class(64)
        .limit_repeat(8)
        .limit_literal_len(64)
        .limit_total(8192);
    let seq = extractor.extract(first);
    let Some(literals) = seq.literals() else {
        return false;
    };
    !literals.is_empty()
        && literals.iter().all(|l| {
            let lower = l.as_bytes().to_ascii_lowercase();
            l.is_exact()
                && keywords
                    .iter()
                    .any(|k| !k.is_empty() && lower.starts_with(k.as_bytes()))
        })
}

/// `[\w.-]` without Unicode.
fn is_prefix_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')
}

/// Compiles a regex already in Rust's syntax.
fn compile_rust(re: &str) -> Regex {
    RegexBuilder::new(re)
        .unicode(false)
        .size_limit(64 << 20)
        .dfa_size_limit(8 << 20)
        .build()
        .or_else(|_| RegexBuilder::new(re).size_limit(64 << 20).build())
        .unwrap_or_else(|e| panic!("secret detectors: invalid regex {re:?}: {e}"))
}

fn allowlist(data: &AllowlistData) -> Allowlist {
    Allowlist {
        regexes: data.regexes.iter().map(|r| compile(r)).collect(),
        target: data.target,
        stopwords: (!data.stopwords.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .build(data.stopwords)
                .expect("stopwords automaton")
        }),
        paths: data.paths.iter().map(|r| compile(r)).collect(),
        and: data.and,
    }
}

/// The keywords, lowercased and distinct (for the keyword search's tests).
#[cfg(test)]
pub(super) fn keywords() -> &'static [&'static str] {
    KEYWORDS
}

/// The detector set `build.rs` generated. Panics only on a build defect
/// (the data is embedded and `every_detector_compiles` covers it).
pub static DETECTORS: LazyLock<Detectors> = LazyLock::new(Detectors::build);

impl Detectors {
    fn build() -> Detectors {
        let list = DETECTOR_DATA
            .iter()
            .enumerate()
            .map(|(index, data)| Detector {
                id: data.id,
                description: data.description,
                rule: data.rule,
                label: data.label,
                data,
                index,
                regex: OnceLock::new(),
                path: OnceLock::new(),
                allowlists: OnceLock::new(),
            })
            .collect();
        Detectors {
            list,
            keywords: KeywordDfa::new(
                &KEYWORDS
                    .iter()
                    .chain(super::context::PASSWORD_WORDS)
                    .copied()
                    .collect::<Vec<_>>(),
            ),
            always: DETECTOR_DATA
                .iter()
                .enumerate()
                .filter(|(_, d)| d.keywordless)
                .map(|(i, _)| i)
                .collect(),
            global_paths: OnceLock::new(),
            global: OnceLock::new(),
        }
    }

    /// The global allowlist without its paths (`path_allowed` has those).
    fn global(&self) -> &Allowlist {
        self.global.get_or_init(|| {
            allowlist(&AllowlistData {
                paths: &[],
                ..GLOBAL_ALLOWLIST
            })
        })
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
    pub fn regex(&self) -> &Search {
        self.regex.get_or_init(|| {
            let keywords: Vec<&str> = KEYWORDS
                .iter()
                .zip(KEYWORD_OWNERS)
                .filter(|(_, owners)| owners.iter().any(|&o| usize::from(o) == self.index))
                .map(|(k, _)| *k)
                .collect();
            Search::new(self.data.pattern, &keywords)
        })
    }

    fn path(&self) -> Option<&Regex> {
        self.path
            .get_or_init(|| self.data.path.map(compile))
            .as_ref()
    }

    fn allowlists(&self) -> &[Allowlist] {
        self.allowlists
            .get_or_init(|| self.data.allowlists.iter().map(allowlist).collect())
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
        let paths = self.global_paths.get_or_init(|| {
            let all: Vec<String> = GLOBAL_ALLOWLIST
                .paths
                .iter()
                .map(|p| format!("(?:{})", go_to_rust(p)))
                .collect();
            (!all.is_empty()).then(|| compile_rust(&all.join("|")))
        });
        paths.as_ref().is_some_and(|p| p.is_match(rel.as_bytes()))
    }

    /// One walk of `text` for every keyword and every word the context
    /// detectors look for: the keyword matches (for [`Self::scan_marked`])
    /// and the words.
    pub fn marks(&self, text: &[u8]) -> (Vec<KeywordMatch>, super::context::Words) {
        let mut found = self.keywords.find_all(text);
        let mut words = super::context::Words::default();
        found.retain(|m| {
            let keyword = m.keyword < KEYWORDS.len();
            if !keyword {
                words.password.push(m.start);
            }
            keyword
        });
        words.password.sort_unstable();
        words.password.dedup();
        (found, words)
    }

    /// Every detector hit in `text` (the file at `rel`).
    pub fn scan(&self, rel: &str, text: &str) -> Vec<RawHit> {
        self.scan_marked(rel, text, self.marks(text.as_bytes()).0)
    }

    /// Every detector hit in `text` (the file at `rel`), whose keyword
    /// matches `marks` gave.
    pub fn scan_marked(&self, rel: &str, text: &str, keywords: Vec<KeywordMatch>) -> Vec<RawHit> {
        let bytes = text.as_bytes();
        let n = self.list.len();
        // Per detector: the keyword hit windows (merged), or whole file.
        let mut windows: Vec<Vec<Range<usize>>> = vec![Vec::new(); n];
        // Per detector: where its keywords begin (for anchored searches).
        let mut starts: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut any = false;
        let small = bytes.len() <= WHOLE_FILE;
        for m in keywords {
            any = true;
            let start = m.start.saturating_sub(WINDOW);
            let end = (m.end + WINDOW).min(bytes.len());
            for &d in KEYWORD_OWNERS[m.keyword] {
                let d = usize::from(d);
                starts[d].push(m.start);
                let w = &mut windows[d];
                if small && DETECTOR_DATA[d].multiline {
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
            if let Some(p) = det.path()
                && !p.is_match(rel.as_bytes())
            {
                continue;
            }
            // Overlapping matches end in order, not start.
            let at = &mut starts[d];
            at.sort_unstable();
            at.dedup();
            for w in ws {
                let (start, end) = snap(bytes, w.clone());
                let hay = &bytes[start..end];
                let from = at.partition_point(|&p| p < start);
                let to = at.partition_point(|&p| p < end);
                let local: Vec<usize> = at[from..to].iter().map(|p| p - start).collect();
                for (whole, groups) in det.regex().captures_iter(hay, &local) {
                    let group = match det.data.secret_group {
                        Some(0) => Some(whole.clone()),
                        Some(g) => groups.get(g - 1).cloned().flatten(),
                        None => groups.iter().find_map(Clone::clone),
                    };
                    let sec = group.unwrap_or_else(|| whole.clone());
                    let m = start + whole.start..start + whole.end;
                    let secret = start + sec.start..start + sec.end;
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
        if let Some(min) = det.data.entropy {
            if entropy(secret) <= min {
                return false;
            }
            if det.id.starts_with("generic") && !secret.iter().any(u8::is_ascii_digit) {
                return false;
            }
        }
        let global = self.global();
        if global.regexes.iter().any(|r| r.is_match(secret)) {
            return false;
        }
        if let Some(stop) = &global.stopwords
            && stop.is_match(secret)
        {
            return false;
        }
        !det.allowlists()
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
            let _ = d.path();
            let _ = d.allowlists();
        }
        let _ = DETECTORS.global();
        assert!(DETECTORS.path_allowed("package-lock.json") || DETECTORS.path_allowed("a/b.png"));
        assert!(!DETECTORS.path_allowed("src/settings.py"));
        assert!(DETECTORS.list.len() > 200);
        assert!(DETECTORS.list.iter().any(|d| d.id == "generic-api-key"));
    }

    #[test]
    fn every_detector_names_a_secret_rule() {
        let rules: Vec<&str> = super::super::RULES.iter().map(|r| r.meta().id).collect();
        for d in &DETECTORS.list {
            assert!(
                rules.contains(&d.rule),
                "{}: no secret rule `{}`",
                d.id,
                d.rule
            );
        }
    }

    #[test]
    fn finds_a_token_and_respects_allowlists() {
        let t = "const k = \"ghp_R2d2C3po4Wx5Yz6Ab7Cd8Ef9Gh0Ij1Kl2Mn3\";\n";
        let hits = DETECTORS.scan("a.js", t);
        let ids: Vec<&str> = hits.iter().map(|h| DETECTORS.list[h.detector].id).collect();
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

    /// Where `d`'s keywords begin in `hay`, in order (as `scan` finds them).
    fn keyword_starts(d: usize, hay: &[u8]) -> Vec<usize> {
        let mut at: Vec<usize> = DETECTORS
            .marks(hay)
            .0
            .iter()
            .filter(|m| {
                KEYWORD_OWNERS[m.keyword]
                    .iter()
                    .any(|&o| usize::from(o) == d)
            })
            .map(|m| m.start)
            .collect();
        at.sort_unstable();
        at.dedup();
        at
    }

    #[test]
    fn only_a_regex_that_begins_with_its_keywords_is_anchored() {
        let rest = r"(?i)(?:access|auth|token)(?:[ \t\w.-]{0,20})=([a-z0-9]{10,})";
        assert!(starts_with_a_keyword(rest, &["access", "auth", "token"]));
        // A branch that is not a keyword, a keyword that is not a prefix,
        // an assertion before the keyword, a class first.
        assert!(!starts_with_a_keyword(rest, &["access", "auth"]));
        assert!(!starts_with_a_keyword(
            r"(?i)(?:lob)=x",
            &["test_", "live_"]
        ));
        assert!(!starts_with_a_keyword(
            r"(?i)(?:\bkey|token)=x",
            &["key", "token"]
        ));
        assert!(!starts_with_a_keyword(r"[a-z]+key=x", &["key"]));
    }

    #[test]
    fn a_search_without_the_lazy_prefix_finds_what_the_whole_regex_finds() {
        // gitleaks' own vectors, each also behind a long identifier (the
        // prefix stops at 50 bytes), after a `=`, glued to a second copy
        // (the second search starts where the first match ended), and with
        // a space before the keyword.
        let texts: Vec<String> = include_str!("../../../tests/data/gitleaks-vectors.jsonl")
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v.get("text")?.as_str().map(str::to_string))
            .flat_map(|t| {
                [
                    format!("{}_{t}", "a".repeat(70)),
                    format!("x.y-z={t}"),
                    format!("{t}{t}"),
                    t.replace('_', " "),
                    t,
                ]
            })
            .collect();
        let stripped: Vec<&Detector> = DETECTORS
            .list
            .iter()
            .filter(|d| d.regex().back > 0)
            .collect();
        assert!(stripped.len() > 90, "{}", stripped.len());
        let anchored = stripped.iter().filter(|d| d.regex().anchored).count();
        let generic = DETECTORS.list.iter().find(|d| d.id == "generic-api-key");
        assert!(
            generic.is_some_and(|d| d.regex().anchored),
            "the generic key is anchored"
        );
        assert!(anchored >= 3, "{anchored} anchored");
        let mut compared = 0;
        for d in stripped {
            let whole = compile(d.data.pattern);
            for t in &texts {
                let hay = t.as_bytes();
                let expected: Vec<Groups> = whole
                    .captures_iter(hay)
                    .filter_map(|c| {
                        let m = c.get(0)?;
                        let groups = (1..c.len()).map(|g| c.get(g).map(|m| m.range())).collect();
                        Some((m.range(), groups))
                    })
                    .collect();
                let got = d.regex().captures_iter(hay, &keyword_starts(d.index, hay));
                assert_eq!(got, expected, "{} on {t:?}", d.id);
                compared += expected.len();
            }
        }
        assert!(compared > 500, "{compared} matches compared");
    }
}
