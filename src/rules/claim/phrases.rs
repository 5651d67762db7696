//! The phrase lists of `rules/claims.toml`, extended from `[claim]` in the
//! configuration, compiled once per scan.

use regex::Regex;
use serde::Deserialize;
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use super::ClaimSettings;

const BUILTIN: &str = include_str!("../../../rules/claims.toml");

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Lists {
    readiness: Vec<String>,
    testing: Vec<String>,
    coverage: Vec<String>,
    no_mocks: Vec<String>,
    security: Vec<String>,
    scale: Vec<String>,
    complete: Vec<String>,
    hedges: Vec<String>,
    trailing_hedges: Vec<String>,
    definitions: Vec<String>,
    sections: Vec<String>,
}

/// One compiled list: an alternation wrapped in word edges (not glued to a
/// letter, digit or `_` on either side), so `near` does not match in
/// `nearly` while `nearly` still does.
///
/// The regex holds ASCII half word boundaries and [`List::find_all`] checks
/// the Unicode neighbours in code: `[^\p{L}\p{N}_]` edges in the regex cost
/// four times the compile (two large negated Unicode classes per list, 11
/// lists per scan; the largest start-up cost of a scan of a README,
/// natively and more so in WebAssembly), and Unicode word boundaries make
/// the lazy DFA give up on every non-ASCII sentence.
///
/// A list compiles on its first search: a document without claims never
/// reaches the hedge, definition and coverage lists, which are read only
/// around a claim.
#[derive(Debug)]
pub struct List {
    patterns: Vec<String>,
    regex: OnceLock<Option<Regex>>,
}

impl List {
    fn new(patterns: Vec<String>) -> Self {
        List {
            patterns,
            regex: OnceLock::new(),
        }
    }

    fn regex(&self) -> Option<&Regex> {
        self.regex
            .get_or_init(|| Self::compile(&self.patterns))
            .as_ref()
    }

    fn compile(patterns: &[String]) -> Option<Regex> {
        let combined = |valid: &[&String]| -> Option<Regex> {
            if valid.is_empty() {
                return None;
            }
            let alternatives: Vec<String> = valid.iter().map(|p| format!("(?:{p})")).collect();
            Regex::new(&format!(
                r"(?i)(?-u:\b{{start-half}})(?:{})(?-u:\b{{end-half}})",
                alternatives.join("|")
            ))
            .ok()
        };
        let nonblank: Vec<&String> = patterns.iter().filter(|p| !p.trim().is_empty()).collect();
        // Configured patterns are checked when the configuration loads and
        // the built-in ones by `builtin_lists_compile`, so the whole list
        // compiles in one go; only if it does not is each pattern tried
        // alone (compiling each one costs more than the scan of a small
        // repository).
        combined(&nonblank).or_else(|| {
            let valid: Vec<&String> = nonblank
                .into_iter()
                .filter(|p| Regex::new(p).is_ok())
                .collect();
            combined(&valid)
        })
    }

    /// Non-overlapping matches, left to right.
    pub fn find_all(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        let Some(re) = self.regex() else {
            return Vec::new();
        };
        re.find_iter(text)
            .map(|m| m.range())
            .filter(|r| !r.is_empty() && !glued(text, r))
            .collect()
    }

    pub fn is_match(&self, text: &str) -> bool {
        let Some(re) = self.regex() else {
            return false;
        };
        // The common case, a sentence with no match, costs one search.
        re.is_match(text)
            && re
                .find_iter(text)
                .any(|m| !m.is_empty() && !glued(text, &m.range()))
    }
}

/// Whether a match sits against a non-ASCII letter or digit (the regex's
/// ASCII edges already keep it off ASCII ones).
fn glued(text: &str, r: &std::ops::Range<usize>) -> bool {
    let word = |c: char| !c.is_ascii() && c.is_alphanumeric();
    text[..r.start].chars().next_back().is_some_and(word)
        || text[r.end..].chars().next().is_some_and(word)
}

#[derive(Debug)]
pub struct Phrases {
    pub readiness: List,
    pub testing: List,
    pub coverage: List,
    pub no_mocks: List,
    pub security: List,
    pub scale: List,
    pub complete: List,
    pub hedges: List,
    pub trailing_hedges: List,
    pub definitions: List,
    pub sections: List,
}

fn builtin() -> Lists {
    toml::from_str(BUILTIN).expect("rules/claims.toml is valid")
}

impl Phrases {
    fn build(settings: &ClaimSettings) -> Phrases {
        let mut l = builtin();
        let ext = |v: &mut Vec<String>, more: &[String]| v.extend(more.iter().cloned());
        ext(&mut l.readiness, &settings.readiness);
        ext(&mut l.testing, &settings.testing);
        ext(&mut l.security, &settings.security);
        ext(&mut l.scale, &settings.scale);
        ext(&mut l.hedges, &settings.hedges);
        ext(&mut l.trailing_hedges, &settings.hedges);
        ext(&mut l.sections, &settings.sections);
        Phrases {
            readiness: List::new(l.readiness),
            testing: List::new(l.testing),
            coverage: List::new(l.coverage),
            no_mocks: List::new(l.no_mocks),
            security: List::new(l.security),
            scale: List::new(l.scale),
            complete: List::new(l.complete),
            hedges: List::new(l.hedges),
            trailing_hedges: List::new(l.trailing_hedges),
            definitions: List::new(l.definitions),
            sections: List::new(l.sections),
        }
    }

    /// The compiled lists for `settings`; the last one is cached.
    pub fn get(settings: &ClaimSettings) -> Arc<Phrases> {
        type Cached = Option<(ClaimSettings, Arc<Phrases>)>;
        static CACHE: LazyLock<Mutex<Cached>> = LazyLock::new(|| Mutex::new(None));
        let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((s, p)) = cache.as_ref()
            && s == settings
        {
            return p.clone();
        }
        let p = Arc::new(Phrases::build(settings));
        *cache = Some((settings.clone(), p.clone()));
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lists_compile() {
        let l = builtin();
        for p in l
            .readiness
            .iter()
            .chain(&l.testing)
            .chain(&l.security)
            .chain(&l.scale)
            .chain(&l.hedges)
            .chain(&l.trailing_hedges)
            .chain(&l.sections)
        {
            assert!(Regex::new(p).is_ok(), "{p}");
        }
        // Nothing compiles before its first search.
        let lazy = Phrases::build(&ClaimSettings::default());
        assert!(lazy.hedges.regex.get().is_none());
        assert!(lazy.hedges.is_match("nearly there"));
        assert!(lazy.hedges.regex.get().is_some() && lazy.scale.regex.get().is_none());
        let p = Phrases::get(&ClaimSettings::default());
        assert!(p.readiness.is_match("We are Production-Ready."));
        assert!(!p.readiness.is_match("production-readiness"));
        assert!(p.hedges.is_match("it isn't"));
        assert!(!p.hedges.is_match("nothing"));
        assert!(p.hedges.is_match("nearly there"));
        assert_eq!(p.hedges.find_all("nearly near"), [0..6, 7..11]);
        assert!(p.testing.is_match("99.1% test coverage"));
        assert!(p.scale.is_match("Scales to 10,000 requests per second."));
    }

    #[test]
    fn edges_are_unicode_letters_and_digits() {
        let p = Phrases::get(&ClaimSettings::default());
        // Glued to a non-ASCII letter or digit: not the phrase.
        assert!(!p.readiness.is_match("éproduction-ready"));
        assert!(!p.readiness.is_match("production-readyé"));
        assert!(!p.readiness.is_match("production-ready٣"));
        assert!(p.readiness.find_all("production-readyé").is_empty());
        // Against punctuation, spaces or the text's ends: the phrase.
        assert_eq!(p.readiness.find_all("—production-ready—"), vec![3..19]);
        assert!(p.readiness.is_match("«production-ready»"));
        assert!(p.readiness.is_match("production-ready"));
        // A glued match does not hide a later one.
        assert_eq!(
            p.readiness.find_all("éproduction-ready, production-ready"),
            vec![20..36]
        );
    }
}
