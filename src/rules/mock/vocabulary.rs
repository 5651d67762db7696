//! The vocabulary of the fake and fallback rules: `rules/fakes.toml`,
//! extended from `[mock]` in the configuration, built once per scan.

use regex::Regex;
use rustc_hash::FxHashSet;
use serde::Deserialize;

use super::MockSettings;

const BUILTIN: &str = include_str!("../../../rules/fakes.toml");

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Lists {
    work_verbs: Vec<String>,
    weak_verbs: Vec<String>,
    success_keys: Vec<String>,
    result_words: Vec<String>,
    random_purposes: Vec<String>,
    fake_words: Vec<String>,
    availability_words: Vec<String>,
    confessions: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Vocabulary {
    pub work_verbs: FxHashSet<String>,
    pub weak_verbs: FxHashSet<String>,
    pub success_keys: FxHashSet<String>,
    pub result_words: FxHashSet<String>,
    pub random_purposes: FxHashSet<String>,
    pub fake_words: FxHashSet<String>,
    pub availability_words: FxHashSet<String>,
    confessions: Option<Regex>,
}

fn set(base: Vec<String>, more: &[String]) -> FxHashSet<String> {
    base.into_iter()
        .chain(more.iter().cloned())
        .map(|w| w.to_ascii_lowercase())
        .collect()
}

impl Vocabulary {
    pub fn build(ext: &MockSettings) -> Self {
        let l: Lists = toml::from_str(BUILTIN).expect("rules/fakes.toml is valid");
        let patterns: Vec<String> = l
            .confessions
            .iter()
            .chain(&ext.extend_confessions)
            // A bad pattern from the configuration is skipped, not fatal.
            .filter(|p| !p.trim().is_empty() && Regex::new(p).is_ok())
            .map(|p| format!("(?:{p})"))
            .collect();
        let confessions = (!patterns.is_empty())
            .then(|| Regex::new(&format!("(?i){}", patterns.join("|"))).ok())
            .flatten();
        Vocabulary {
            work_verbs: set(l.work_verbs, &ext.extend_work_verbs),
            weak_verbs: set(l.weak_verbs, &ext.extend_weak_verbs),
            success_keys: set(l.success_keys, &ext.extend_success_keys),
            result_words: set(l.result_words, &ext.extend_result_words),
            random_purposes: set(l.random_purposes, &ext.extend_random_purposes),
            fake_words: set(l.fake_words, &ext.extend_fake_words),
            availability_words: set(l.availability_words, &ext.extend_availability_words),
            confessions,
        }
    }

    /// The first confession in `comment`, trimmed for a message.
    pub fn confession<'c>(&self, comment: &'c str) -> Option<&'c str> {
        self.confessions.as_ref()?.find(comment)?;
        let text = comment.trim_start_matches(['#', '/', '*', ' ']).trim();
        Some(text)
    }

    /// The verb of `name` that promises work, strong ones first.
    pub fn work_verb(&self, name: &str) -> Option<(String, bool)> {
        let w = words(name);
        if let Some(v) = w.iter().find(|w| self.work_verbs.contains(*w)) {
            return Some((v.clone(), true));
        }
        w.first()
            .filter(|w| self.weak_verbs.contains(*w))
            .map(|v| (v.clone(), false))
    }

    pub fn is_success_key(&self, key: &str) -> bool {
        self.success_keys.contains(&key.to_ascii_lowercase())
    }

    /// Whether an identifier names a result (`confidence`, `risk_score`).
    pub fn names_result(&self, name: &str) -> bool {
        words(name).iter().any(|w| self.result_words.contains(w))
    }

    /// Whether an identifier names a legitimate use of randomness.
    pub fn names_random_purpose(&self, name: &str) -> bool {
        words(name).iter().any(|w| self.random_purposes.contains(w))
    }

    /// Whether a string reads as made-up data (`"Sample article"`). A
    /// message that reports a failure is not, whatever it mentions ("The
    /// request does not match any registered mock dispatches").
    pub fn is_fake_text(&self, s: &str) -> bool {
        words_of_text(s).iter().any(|w| self.fake_words.contains(w))
            && !super::pretence::is_errorish(s)
    }

    /// Whether an identifier asks about availability (`REDIS_AVAILABLE`).
    pub fn names_availability(&self, name: &str) -> bool {
        let l = name.to_ascii_lowercase();
        words(name)
            .iter()
            .any(|w| self.availability_words.contains(w))
            || l.starts_with("has_")
            || self.availability_words.contains(&l)
    }
}

/// The lowercased words of an identifier: `fetchAccount` → fetch, account.
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn words_of_text(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_vocabulary() {
        let v = Vocabulary::build(&MockSettings::default());
        assert_eq!(v.work_verb("fetch_account"), Some(("fetch".into(), true)));
        assert_eq!(v.work_verb("getDefault"), Some(("get".into(), false)));
        assert_eq!(v.work_verb("budget"), None);
        assert!(v.names_result("risk_score"));
        assert!(v.names_random_purpose("retry_jitter"));
        assert!(!v.names_random_purpose("confidence"));
        assert!(v.is_fake_text("Sample article about AI"));
        assert!(!v.is_fake_text("examples"));
        assert!(!v.is_fake_text("The request does not match any registered mock"));
        assert!(v.names_availability("REDIS_AVAILABLE"));
        assert!(v.names_availability("has_numpy"));
        assert!(
            v.confession("# In a real implementation this calls Stripe")
                .is_some()
        );
        assert!(v.confession("# cache the result").is_none());
        let mut more = MockSettings::default();
        more.extend_work_verbs = vec!["Reconcile".into()];
        // A bad pattern from the configuration is skipped.
        more.extend_confessions = vec!["(".into()];
        let v = Vocabulary::build(&more);
        assert_eq!(
            v.work_verb("reconcile_ledger"),
            Some(("reconcile".into(), true))
        );
    }
}
