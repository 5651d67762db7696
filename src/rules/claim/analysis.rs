//! Finding claims in a repository's prose: documents (Markdown, RST) and
//! package metadata (pyproject classifiers, package.json / Cargo.toml
//! descriptions). Shared by every `claim/` rule.

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

use super::phrases::{List, Phrases};
use crate::lang::markdown::{self, Unit, UnitKind};
use crate::rules::RepoContext;
use crate::workspace::{Language, SourceFile};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    Readiness,
    Testing,
    Security,
    Scale,
}

/// One assertive statement in a category.
#[derive(Debug, Clone)]
pub struct Claim {
    /// Index into `RepoContext::files`.
    pub file: usize,
    /// The claim phrase in the file.
    pub range: Range<usize>,
    /// The sentence (or metadata value) around it.
    pub sentence: Range<usize>,
    pub category: Category,
    /// The phrase that made it a claim, as written.
    pub phrase: String,
    /// A coverage figure or "complete coverage" (testing only).
    pub coverage: bool,
    /// "no mocks" / "real services" (testing only).
    pub no_mocks: bool,
    /// A pass rate `N/M tests` stated in the same sentence.
    pub pass_rate: Option<(u64, u64)>,
    /// The coverage percentage, when stated.
    pub coverage_value: Option<f64>,
}

/// A row of a status table that marks a component done.
#[derive(Debug, Clone)]
pub struct StatusRow {
    pub file: usize,
    pub range: Range<usize>,
    pub component: String,
    pub status: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    Coverage,
    Readiness,
    /// The size of the whole test suite (`M` of `N/M tests passing`).
    TestCount,
}

impl Metric {
    pub fn describe(self) -> &'static str {
        match self {
            Metric::Coverage => "test coverage",
            Metric::Readiness => "production readiness",
            Metric::TestCount => "tests in the suite",
        }
    }
}

/// A figure a document states as current fact.
#[derive(Debug, Clone)]
pub struct Figure {
    pub file: usize,
    pub range: Range<usize>,
    pub metric: Metric,
    pub value: f64,
    /// Stated by a badge (a shields.io, codecov or coveralls image, or an
    /// image whose alt text states the figure), not by prose.
    pub badge: bool,
}

/// A pass rate `N/M tests passing` a document states.
#[derive(Debug, Clone)]
pub struct PassRate {
    pub file: usize,
    pub range: Range<usize>,
    pub passed: u64,
    pub total: u64,
}

#[derive(Debug, Default)]
pub struct Claims {
    pub claims: Vec<Claim>,
    pub rows: Vec<StatusRow>,
    pub figures: Vec<Figure>,
    pub pass_rates: Vec<PassRate>,
}

pub use crate::index::evidence::is_doc;

static PASS_RATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,7})\s?/\s?(\d{1,7})\s+(?:tests?|specs?|cases?)?\s*(?:are\s+|were\s+)?(?:passing|passed|pass\b|green|tests?\b)")
        .expect("valid regex")
});
static COVERAGE_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d{1,3}(?:\.\d+)?)\s?%\s?(?:test |code |line |branch |unit test )?coverage|coverage\s?(?:of|is|at|:)\s?(\d{1,3}(?:\.\d+)?)\s?%")
        .expect("valid regex")
});
static READINESS_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d{1,3}(?:\.\d+)?)\s?%\s?production[- ]read(?:y|iness)|production[- ]readiness(?:\s(?:baseline|score|level|status))?\s?:\s?(\d{1,3}(?:\.\d+)?)\s?%")
        .expect("valid regex")
});

/// Every claim in the repository, in file order.
pub fn collect(repo: &RepoContext) -> Claims {
    let settings = &repo.settings.claim;
    // Compiled only when a file can hold a claim: the phrase lists are
    // large Unicode regexes, and most one-file scans have no document.
    let compiled = std::cell::OnceCell::new();
    let phrases = || compiled.get_or_init(|| Phrases::get(settings));
    let mut out = Claims::default();
    let superseded = superseded_folders(repo.files);
    for (i, file) in repo.files.iter().enumerate() {
        if (!settings.include_agent_files && is_agent_file(&file.rel))
            || (!settings.include_archived
                && (is_archived(&file.rel)
                    || is_changelog(&file.rel)
                    || in_folders(&file.rel, &superseded)
                    || is_translated_readme(&file.rel)))
            || is_example(&file.rel)
        {
            continue;
        }
        if is_doc(file) {
            let units = if file.language == Language::Markdown {
                markdown::units(&markdown::without_mdx_comments(&file.rel, &file.text))
            } else {
                markdown::rst_units(&file.text)
            };
            doc_claims(i, &file.text, &units, phrases(), &mut out);
            if file.language == Language::Markdown {
                badge_figures(i, &file.text, &mut out);
            }
        } else if is_metadata(&file.rel) {
            metadata_claims(i, file, phrases(), &mut out);
        }
    }
    out
}

/// Whether a file is written for an AI coding agent: instructions and
/// prompts (`.claude/agents/*.md`, `AGENTS.md`, `.cursor/rules/*.mdc`,
/// `.github/copilot-instructions.md`, `prompts/`), not documentation about
/// the repository.
pub fn is_agent_file(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let dirs: Vec<&str> = lower.split('/').rev().skip(1).collect();
    matches!(
        name,
        "agents.md"
            | "agent.md"
            | "claude.md"
            | "claude.local.md"
            | "gemini.md"
            | "qwen.md"
            | "copilot-instructions.md"
            | ".cursorrules"
            | ".windsurfrules"
            | ".clinerules"
    ) || name.ends_with(".prompt.md")
        || name.ends_with(".instructions.md")
        || name.ends_with(".chatmode.md")
        || dirs.iter().any(|d| {
            matches!(
                *d,
                ".claude"
                    | ".agents"
                    | ".cursor"
                    | ".windsurf"
                    | ".roo"
                    | ".clinerules"
                    | ".kiro"
                    | ".codex"
                    | ".gemini"
                    | ".aider"
                    | ".continue"
                    | "prompts"
            )
        })
        || lower.starts_with(".github/prompts/")
        || lower.starts_with(".github/instructions/")
        || lower.starts_with(".github/chatmodes/")
        || lower.starts_with(".github/agents/")
}

/// Whether a file is a changelog or release notes (CHANGELOG, CHANGES,
/// HISTORY, NEWS, RELEASES, release-notes, any extension): it records
/// what each release said when it was made, not what the repository claims
/// now.
pub fn is_changelog(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
    let stem = name.split('.').next().unwrap_or(&name);
    let stem: String = stem.chars().filter(|c| c.is_alphanumeric()).collect();
    matches!(
        stem.as_str(),
        "changelog" | "changes" | "history" | "news" | "releases" | "releasenotes" | "whatsnew"
    ) || rel.to_ascii_lowercase().split('/').rev().skip(1).any(|d| {
        matches!(
            d,
            "changelog" | "changelogs" | "release-notes" | "releasenotes"
        )
    })
}

/// Whether a document sits in an example, sample or demo folder: it
/// describes the example (or is the example's data), not the repository.
pub fn is_example(rel: &str) -> bool {
    rel.to_ascii_lowercase().split('/').rev().skip(1).any(|d| {
        matches!(
            d,
            "example" | "examples" | "sample" | "samples" | "demo" | "demos" | "cookbook"
        )
    })
}

/// `v1.10.0`, `1.2`, `version-1.2`: a folder named like a release.
fn version_of(dir: &str) -> Option<Vec<u64>> {
    let d = dir.strip_prefix("version-").unwrap_or(dir);
    let d = d.strip_prefix('v').unwrap_or(d);
    let parts: Vec<u64> = d
        .split('.')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    (parts.len() >= 2).then_some(parts)
}

/// `ko`, `pt-BR`, `zh_CN`: a folder named like a locale.
fn is_locale(dir: &str) -> bool {
    let (lang, region) = dir.split_once(['-', '_']).unwrap_or((dir, ""));
    lang.len() == 2
        && lang.chars().all(|c| c.is_ascii_lowercase())
        && (region.is_empty()
            || ((2..=4).contains(&region.len()) && region.chars().all(|c| c.is_ascii_alphabetic())))
}

/// Folders whose documents restate others: the older release snapshots of
/// versioned documentation (sibling folders named like releases: all but
/// the newest, `docs/v1.10.0/` beside `docs/v1.15.2/`), and translations
/// (a locale folder beside an `en` one: `docs/ko/` beside `docs/en/`).
/// An old release's documentation says what that release claimed; a
/// translation says again what the English text says. Each claim is
/// reported where it is current, once.
pub fn superseded_folders(files: &[SourceFile]) -> Vec<String> {
    use std::collections::{BTreeMap, BTreeSet};
    let mut children: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let mut parent = String::new();
        let parts: Vec<&str> = f.rel.split('/').collect();
        for d in &parts[..parts.len().saturating_sub(1)] {
            children
                .entry(parent.clone())
                .or_default()
                .insert((*d).to_string());
            if !parent.is_empty() {
                parent.push('/');
            }
            parent.push_str(d);
        }
    }
    let join = |p: &str, d: &str| {
        if p.is_empty() {
            d.to_string()
        } else {
            format!("{p}/{d}")
        }
    };
    let mut out = Vec::new();
    for (parent, kids) in &children {
        let versions: Vec<(Vec<u64>, &String)> = kids
            .iter()
            .filter_map(|k| version_of(k).map(|v| (v, k)))
            .collect();
        if versions.len() >= 2
            && let Some(newest) = versions.iter().max_by(|a, b| a.0.cmp(&b.0)).map(|v| v.1)
        {
            out.extend(
                versions
                    .iter()
                    .filter(|(_, k)| *k != newest)
                    .map(|(_, k)| join(parent, k)),
            );
        }
        if kids.contains("en") {
            out.extend(
                kids.iter()
                    .filter(|k| *k != "en" && is_locale(k))
                    .map(|k| join(parent, k)),
            );
        }
    }
    out
}

/// `README_KO.md`, `README.zh-CN.md`, `readme-pt_BR.md`: a translation of
/// the README beside it, which says again what the README says.
pub fn is_translated_readme(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
    let Some(stem) = name
        .strip_suffix(".md")
        .or_else(|| name.strip_suffix(".mdx"))
        .or_else(|| name.strip_suffix(".rst"))
    else {
        return false;
    };
    stem.strip_prefix("readme")
        .and_then(|rest| rest.strip_prefix(['_', '.', '-']))
        .is_some_and(|locale| locale != "en" && is_locale(locale))
}

pub fn in_folders(rel: &str, folders: &[String]) -> bool {
    folders.iter().any(|d| {
        rel.len() > d.len() && rel.starts_with(d.as_str()) && rel.as_bytes()[d.len()] == b'/'
    })
}

/// Whether a file sits in an archive folder.
pub fn is_archived(rel: &str) -> bool {
    rel.to_ascii_lowercase().split('/').rev().skip(1).any(|d| {
        matches!(
            d,
            "archive" | "archived" | "archives" | "_archive" | ".archive" | "attic"
        )
    })
}

fn section_excluded(unit: &Unit, p: &Phrases) -> bool {
    // A document's title (the level-1 heading) names the whole document
    // ("Production Readiness Requirements Analysis"); only section headings
    // below it mark plans and targets.
    unit.unchecked_task
        || unit
            .headings
            .iter()
            .zip(&unit.heading_levels)
            .any(|(h, l)| *l > 1 && p.sections.is_match(h))
        || unit
            .lead_in
            .as_deref()
            .is_some_and(|l| p.sections.is_match(l))
        || unit
            .column_header
            .as_deref()
            .is_some_and(|h| p.sections.is_match(h))
}

/// Sentence ranges of `text`: ends at `.`, `!`, `?` followed by space.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if matches!(c, b'.' | b'!' | b'?') {
            let next = bytes.get(i + 1).copied();
            let prev_word: String = text[..i]
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric() || *c == '.')
                .collect();
            let abbrev = matches!(
                prev_word
                    .chars()
                    .rev()
                    .collect::<String>()
                    .to_ascii_lowercase()
                    .as_str(),
                "e.g" | "i.e" | "vs" | "etc" | "cf" | "no" | "approx" | "incl" | "e" | "i"
            );
            if (next.is_none() || next.is_some_and(|n| n == b' ' || n == b'\n')) && !abbrev {
                out.push(start..i + 1);
                start = i + 1;
            }
        }
        i += 1;
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out.into_iter()
        .filter_map(|r| {
            let s = &text[r.clone()];
            let lead = s.len() - s.trim_start().len();
            let trail = s.len() - s.trim_end().len();
            let r = r.start + lead..r.end - trail;
            (!r.is_empty()).then_some(r)
        })
        .collect()
}

/// The clause around `at` within `s`: split at `,;()[]` and " but ".
fn clause(s: &str, at: Range<usize>) -> Range<usize> {
    let is_sep = |c: char| matches!(c, ',' | ';' | '(' | ')' | '[' | ']' | '—' | '|');
    let mut start = s[..at.start]
        .char_indices()
        .rev()
        .find(|(_, c)| is_sep(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let lower = s.to_ascii_lowercase();
    for word in [" but ", " however ", " although ", " though "] {
        if let Some(i) = lower[..at.start].rfind(word) {
            start = start.max(i + 1);
        }
    }
    let mut end = s[at.end..]
        .char_indices()
        .find(|(_, c)| is_sep(*c))
        .map_or(s.len(), |(i, _)| at.end + i);
    for word in [" but ", " however ", " although ", " though "] {
        if let Some(i) = lower[at.end..].find(word) {
            end = end.min(at.end + i);
        }
    }
    start..end
}

/// Whether the phrase at `at` in `s` is quoted ("calling it "production-ready"").
fn quoted(s: &str, at: &Range<usize>) -> bool {
    let before = &s[..at.start];
    let straight = before.matches('"').count() % 2 == 1;
    let open = before.matches('“').count() > before.matches('”').count();
    let single = before.ends_with('\'') || before.ends_with('‘');
    straight || open || single
}

/// Whether a hedge governs the phrase at `at` in `s`: a negation,
/// modal, conditional or future word before it in its clause, or a plan /
/// status word anywhere in its clause.
fn hedged(s: &str, at: &Range<usize>, p: &Phrases) -> bool {
    let c = clause(s, at.clone());
    let before = &s[c.start..at.start];
    let outside = format!("{before} {}", &s[at.end..c.end]);
    p.hedges.is_match(before) || p.trailing_hedges.is_match(&outside)
}

/// Whether the phrase at `at` in sentence `s` is asserted: not quoted, no
/// hedge in its clause (outside the phrase), not a partial figure ("75%
/// production-ready").
fn asserted(s: &str, at: &Range<usize>, p: &Phrases) -> bool {
    if quoted(s, at) || p.definitions.is_match(s) {
        return false;
    }
    if hedged(s, at, p) {
        return false;
    }
    let before = s[..at.start].trim_end_matches([' ', '*', '_']);
    // "NO MOCKING policy": the phrase names a norm, it does not state a fact.
    let next = s[at.end..]
        .trim_start_matches([' ', '*', '_'])
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let names_norm = matches!(
        next.as_str(),
        "policy"
            | "rule"
            | "rules"
            | "principle"
            | "requirement"
            | "guideline"
            | "guidelines"
            | "mandate"
    );
    // "100% coverage doesn't guarantee ...": the phrase names a notion
    // and the sentence is about the notion, not the project.
    let about_the_notion = NOTION.is_match(s[at.end..].trim_start_matches([' ', '*', '_']));
    !before.ends_with('%') && !names_norm && !about_the_notion
}

/// What follows a phrase that is the subject of a general statement.
static NOTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:alone |by itself |on its own )?(?:does not|doesn['’]t|is not|isn['’]t|will not|won['’]t|cannot|can['’]t|never) (?:by itself |alone |on its own )?(?:guarantee|mean|ensure|imply|prove|equal|make)",
    )
    .expect("valid regex")
});

fn first_asserted(list: &List, s: &str, p: &Phrases) -> Option<Range<usize>> {
    list.find_all(s).into_iter().find(|m| asserted(s, m, p))
}

/// Table rows (table, row) with a negative cell (❌, ⚠️, NOT DONE,
/// PARTIAL): the row's label cell ("Load Tested") is not a claim.
fn negative_rows(units: &[Unit], p: &Phrases) -> Vec<(usize, usize)> {
    units
        .iter()
        .filter(|u| u.kind == UnitKind::Cell && negative_status(&u.text, p))
        .filter_map(|u| u.cell.map(|c| (c.table, c.row)))
        .collect()
}

fn negative_status(t: &str, p: &Phrases) -> bool {
    let lower = t.to_lowercase();
    t.contains('❌')
        || t.contains('⚠')
        || t.contains('⏳')
        || t.contains('✗')
        || p.hedges.is_match(t)
        || p.trailing_hedges.is_match(t)
        || lower.contains("partial")
        || lower.contains("missing")
        || lower.split_whitespace().next() == Some("no")
}

/// In a before/after comparison (a lead-in "Before ...:" and a later one
/// "After ...:"), the "before" block quotes the text that was replaced.
fn replaced_text(unit: &Unit, units: &[Unit]) -> bool {
    let starts = |t: &str, w: &str| {
        t.trim_start_matches(['*', '_', ' '])
            .to_ascii_lowercase()
            .starts_with(w)
    };
    unit.lead_in.as_deref().is_some_and(|l| starts(l, "before"))
        && units
            .iter()
            .any(|u| u.text.trim_end().ends_with(':') && starts(&u.text, "after"))
}

/// Whether the sentence starting at `at` in the document's source opens
/// with a link to another site (`[Portkey](https://portkey.ai) makes your
/// apps production-ready`, `**[@x/sdk](https://npmjs.com/...)** - ...`):
/// its subject is the linked product, not this repository.
fn opens_with_external_link(text: &str, at: usize) -> bool {
    let at = at.min(text.len());
    if !text.is_char_boundary(at) {
        return false;
    }
    let before = text[..at].trim_end_matches(['*', '_']);
    if !before.ends_with('[') {
        return false;
    }
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    text[at..line_end].find("](").is_some_and(|i| {
        let dest = &text[at + i + 2..line_end];
        dest.starts_with("http://") || dest.starts_with("https://")
    })
}

fn doc_claims(file: usize, text: &str, units: &[Unit], p: &Phrases, out: &mut Claims) {
    let negative = negative_rows(units, p);
    for unit in units {
        let excluded = section_excluded(unit, p)
            || replaced_text(unit, units)
            || unit
                .cell
                .is_some_and(|c| negative.contains(&(c.table, c.row)));
        let heading_like = matches!(unit.kind, UnitKind::Heading | UnitKind::HeaderCell);
        for r in sentences(&unit.text) {
            let s = &unit.text[r.clone()];
            if !excluded {
                figures(file, unit, &r, s, p, out);
            }
            if excluded
                || heading_like
                || opens_with_external_link(text, unit.source_range(r.clone()).start)
            {
                continue;
            }
            let pass_rate = PASS_RATE.captures(s).and_then(|c| {
                Some((
                    c.get(1)?.as_str().parse().ok()?,
                    c.get(2)?.as_str().parse().ok()?,
                ))
            });
            let mut add = |category: Category, m: Range<usize>| {
                let coverage = category == Category::Testing && p.coverage.is_match(s);
                out.claims.push(Claim {
                    file,
                    // The phrase's own place, not the sentence's first line.
                    range: unit.source_range(r.start + m.start..r.start + m.end),
                    sentence: unit.source_range(r.clone()),
                    category,
                    phrase: s[m].to_string(),
                    coverage,
                    no_mocks: category == Category::Testing && p.no_mocks.is_match(s),
                    pass_rate: if coverage { pass_rate } else { None },
                    coverage_value: if coverage { coverage_value(s) } else { None },
                });
            };
            if let Some(m) = first_asserted(&p.readiness, s, p) {
                add(Category::Readiness, m);
            }
            if let Some(m) = first_asserted(&p.testing, s, p)
                && (!p.coverage.is_match(&s[m.clone()]) || measured_coverage(s, &m))
            {
                add(Category::Testing, m);
            }
            if let Some(m) = first_asserted(&p.security, s, p) {
                add(Category::Security, m);
            }
            if let Some(m) = first_asserted(&p.scale, s, p)
                && !is_rate_limit(unit, s)
            {
                add(Category::Scale, m);
            }
        }
    }
    status_rows(file, units, p, out);
}

/// Whether a rate in `s` is a limit the system enforces ("Login: 5
/// requests/minute" under "Per-IP Rate Limits", "rate limiting: 100
/// req/min"), not a throughput it claims to reach.
fn is_rate_limit(unit: &Unit, s: &str) -> bool {
    let limit = |t: &str| {
        let t = t.to_ascii_lowercase();
        [
            "rate limit",
            "rate-limit",
            "ratelimit",
            "throttl",
            "quota",
            "burst",
            "per ip",
            "per user",
            "per client",
            "per key",
            "per tenant",
        ]
        .iter()
        .any(|w| t.contains(w))
    };
    limit(s)
        || unit.headings.last().is_some_and(|h| limit(h))
        || unit.lead_in.as_deref().is_some_and(limit)
        || unit.column_header.as_deref().is_some_and(limit)
}

static BADGE_ALT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)coverage\W{0,3}(\d{1,3}(?:\.\d+)?)\s?%|(\d{1,3}(?:\.\d+)?)\s?%\W{0,3}coverage")
        .expect("valid regex")
});
static IMG_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<img\b[^>]*>").expect("valid regex"));
static IMG_ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(src|alt)\s*=\s*(?:"([^"]*)"|'([^']*)')"#).expect("valid regex")
});

fn percent(s: &str) -> Option<f64> {
    let v: f64 = s.trim().strip_suffix('%')?.trim().parse().ok()?;
    (0.0..=100.0).contains(&v).then_some(v)
}

/// The coverage figure a badge image states: a shields.io static badge
/// (`/badge/coverage-87%25-green`, or `?label=coverage&message=87%25`),
/// else its alt text ("coverage 87%"). A dynamic badge
/// (`codecov.io/gh/o/r/graph/badge.svg`) states no figure in the
/// repository; its number is measured elsewhere.
fn badge_coverage(url: &str, alt: &str) -> Option<f64> {
    let lower = url.to_ascii_lowercase();
    let host_badge = ["shields.io/", "badgen.net/", "codecov.io/", "coveralls.io/"]
        .iter()
        .any(|h| lower.contains(h));
    if host_badge && let Some(i) = lower.find("/badge/") {
        // `label-message-color`: `--` is a dash, `_` a space.
        let path = url[i + 7..].split(['?', '#']).next().unwrap_or("");
        let path = path.trim_end_matches(".svg").trim_end_matches(".png");
        let parts: Vec<String> = path
            .replace("--", "\u{0}")
            .split('-')
            .map(|p| crate::text::percent_decode(&p.replace('\u{0}', "-").replace('_', " "), true))
            .collect();
        if parts.len() >= 2
            && parts[0].to_ascii_lowercase().contains("coverage")
            && let Some(v) = percent(&parts[1])
        {
            return Some(v);
        }
    }
    if host_badge && let Some((_, q)) = url.split_once('?') {
        let mut label = String::new();
        let mut message = String::new();
        for kv in q.split('&') {
            if let Some((k, v)) = kv.split_once('=') {
                match k {
                    "label" => label = crate::text::percent_decode(v, true),
                    "message" => message = crate::text::percent_decode(v, true),
                    _ => {}
                }
            }
        }
        if label.to_ascii_lowercase().contains("coverage")
            && let Some(v) = percent(&message)
        {
            return Some(v);
        }
    }
    let c = BADGE_ALT.captures(alt)?;
    let v: f64 = c.get(1).or(c.get(2))?.as_str().parse().ok()?;
    (0.0..=100.0).contains(&v).then_some(v)
}

/// Coverage figures stated by badges in a Markdown document: Markdown
/// images (`![coverage](https://img.shields.io/badge/coverage-87%25-green)`)
/// and HTML `<img src=... alt=...>`, outside code.
fn badge_figures(file: usize, text: &str, out: &mut Claims) {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut image: Option<(usize, String, String)> = None;
    let push = |range: Range<usize>, url: &str, alt: &str, out: &mut Claims| {
        if let Some(value) = badge_coverage(url, alt) {
            out.figures.push(Figure {
                file,
                range,
                metric: Metric::Coverage,
                value,
                badge: true,
            });
        }
    };
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((range.start, dest_url.to_string(), String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, alt)) = image.as_mut() {
                    alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((start, url, alt)) = image.take() {
                    push(start..range.end.max(start), &url, &alt, out);
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                for m in IMG_TAG.find_iter(&h) {
                    let (mut src, mut alt) = (String::new(), String::new());
                    for a in IMG_ATTR.captures_iter(m.as_str()) {
                        let v = a.get(2).or(a.get(3)).map_or("", |v| v.as_str());
                        if a[1].eq_ignore_ascii_case("src") {
                            src = v.to_string();
                        } else {
                            alt = v.to_string();
                        }
                    }
                    let start = range.start + m.start();
                    push(start..range.start + m.end(), &src, &alt, out);
                }
            }
            _ => {}
        }
    }
}

fn coverage_value(s: &str) -> Option<f64> {
    COVERAGE_VALUE
        .captures_iter(s)
        .filter(|c| c.get(0).is_some_and(|m| measured_coverage(s, &m.range())))
        .find_map(|c| c.get(1).or(c.get(2))?.as_str().parse().ok())
}

/// Whether a coverage figure at `at` states the test coverage the code
/// has: not another kind of coverage ("Authorization Coverage: 0% -> 100%",
/// "feature coverage is 90%") and not a target ("Minimum Coverage: 80%",
/// "coverage of at least 85%"), which says what is wanted, not what is.
fn measured_coverage(s: &str, at: &Range<usize>) -> bool {
    // `at` is a match in `s`: both ends are character boundaries.
    let lower = s[at.clone()].to_ascii_lowercase();
    let before = s[..at.start].to_ascii_lowercase();
    let window =
        &before[crate::text::floor_char_boundary(&before, before.len().saturating_sub(40))..];
    let after = &s[at.end..];
    let after = after[..crate::text::floor_char_boundary(after, 24)].to_ascii_lowercase();
    const TARGET: [&str; 12] = [
        "minimum",
        "min ",
        "min.",
        "at least",
        "target",
        "threshold",
        "goal",
        ">",
        "≥",
        "require",
        "aim ",
        "must",
    ];
    if TARGET
        .iter()
        .any(|t| window.contains(t) || lower.contains(t) || after.contains(t))
    {
        return false;
    }
    if !lower.starts_with("coverage") {
        return true;
    }
    // The word right before "coverage" names what is covered.
    let word: String = before
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '`'))
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '-')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    word.is_empty()
        || matches!(
            word.as_str(),
            "test"
                | "tests"
                | "testing"
                | "code"
                | "line"
                | "lines"
                | "branch"
                | "branches"
                | "unit"
                | "statement"
                | "statements"
                | "overall"
                | "total"
                | "suite"
                | "integration"
                | "e2e"
                | "pytest"
                | "jest"
                | "the"
                | "our"
                | "its"
                | "with"
                | "and"
                | "of"
                | "has"
                | "have"
                | "had"
                | "at"
                | "a"
                | "an"
                | "current"
                | "achieved"
                | "reached"
                | "average"
                | "global"
        )
}

fn figures(file: usize, unit: &Unit, r: &Range<usize>, s: &str, p: &Phrases, out: &mut Claims) {
    for c in PASS_RATE.captures_iter(s) {
        let (Some(m), Some(a), Some(b)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let (Ok(passed), Ok(total)) = (a.as_str().parse::<u64>(), b.as_str().parse::<u64>()) else {
            continue;
        };
        if total == 0 || passed > total || !asserted(s, &m.range(), p) {
            continue;
        }
        // A whole-suite count: the sentence names no test file or folder.
        let names_path = s.contains(".py")
            || s.contains(".ts")
            || s.contains(".rs")
            || s.split_whitespace().any(|w| {
                w.contains('/')
                    && !PASS_RATE.is_match(w)
                    && !w
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == '/' || c == '(' || c == ')')
            });
        if !names_path && passed != total {
            out.figures.push(Figure {
                file,
                range: unit.source_range(r.start + m.start()..r.start + m.end()),
                metric: Metric::TestCount,
                value: total as f64,
                badge: false,
            });
        }
        out.pass_rates.push(PassRate {
            file,
            range: unit.source_range(r.start + m.start()..r.start + m.end()),
            passed,
            total,
        });
    }
    for (re, metric) in [
        (&*COVERAGE_VALUE, Metric::Coverage),
        (&*READINESS_VALUE, Metric::Readiness),
    ] {
        for c in re.captures_iter(s) {
            let Some(m) = c.get(0) else { continue };
            let Some(v) = c.get(1).or(c.get(2)) else {
                continue;
            };
            let Ok(value) = v.as_str().parse::<f64>() else {
                continue;
            };
            if metric == Metric::Coverage && !measured_coverage(s, &m.range()) {
                continue;
            }
            let after = s[m.end()..].trim_start().to_ascii_lowercase();
            if after.starts_with("gap") || after.starts_with("remaining") || after.starts_with('+')
            {
                continue;
            }
            if quoted(s, &m.range()) || hedged(s, &m.range(), p) {
                continue;
            }
            out.figures.push(Figure {
                file,
                range: unit.source_range(r.start + m.start()..r.start + m.end()),
                metric,
                value,
                badge: false,
            });
        }
    }
}

fn status_rows(file: usize, units: &[Unit], p: &Phrases, out: &mut Claims) {
    let cells: Vec<&Unit> = units
        .iter()
        .filter(|u| u.kind == UnitKind::Cell && u.cell.is_some())
        .collect();
    let mut i = 0;
    while i < cells.len() {
        let Some(pos) = cells[i].cell else { break };
        let mut j = i;
        while j < cells.len()
            && cells[j]
                .cell
                .is_some_and(|c| c.table == pos.table && c.row == pos.row)
        {
            j += 1;
        }
        let row = &cells[i..j];
        i = j.max(i + 1);
        let first = row[0];
        if first.cell.is_none_or(|c| c.column != 0) || section_excluded(first, p) {
            continue;
        }
        let component = first.text.trim().to_string();
        if component.is_empty() || component.chars().count() > 60 {
            continue;
        }
        let negative = |t: &str| negative_status(t, p);
        for cell in &row[1..] {
            let t = cell.text.trim();
            let is_status = cell
                .column_header
                .as_deref()
                .is_some_and(|h| h.to_ascii_lowercase().contains("status"))
                || t.contains('✅');
            if !is_status || negative(t) || !p.complete.is_match(t) {
                continue;
            }
            let start = first.source_range(0..first.text.len()).start;
            let end = cell.source_range(0..cell.text.len()).end;
            out.rows.push(StatusRow {
                file,
                range: start..end.max(start),
                component: component.clone(),
                status: t.to_string(),
            });
            break;
        }
    }
}

static CLASSIFIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"Development Status :: [56] - (?:Production/Stable|Mature)"#).expect("valid regex")
});
static JSON_DESCRIPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""description"\s*:\s*"((?:[^"\\]|\\.)*)""#).expect("valid regex")
});
static TOML_DESCRIPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^\s*description\s*=\s*"((?:[^"\\]|\\.)*)""#).expect("valid regex")
});

/// The manifests whose description can claim readiness.
fn is_metadata(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    matches!(name, "pyproject.toml" | "Cargo.toml" | "package.json")
}

fn metadata_claims(file: usize, f: &SourceFile, p: &Phrases, out: &mut Claims) {
    let name = f.rel.rsplit('/').next().unwrap_or(&f.rel);
    if f.rel.contains("node_modules/") || f.rel.contains("/fixtures/") {
        return;
    }
    let descriptions: Option<&Regex> = match name {
        "pyproject.toml" => {
            if let Some(m) = CLASSIFIER.find(&f.text) {
                out.claims.push(Claim {
                    file,
                    range: m.range(),
                    sentence: m.range(),
                    category: Category::Readiness,
                    phrase: m.as_str().to_string(),
                    coverage: false,
                    no_mocks: false,
                    pass_rate: None,
                    coverage_value: None,
                });
            }
            Some(&TOML_DESCRIPTION)
        }
        "Cargo.toml" => Some(&TOML_DESCRIPTION),
        "package.json" => Some(&JSON_DESCRIPTION),
        _ => None,
    };
    let Some(re) = descriptions else { return };
    let Some(c) = re.captures(&f.text) else {
        return;
    };
    let Some(value) = c.get(1) else { return };
    let s = value.as_str();
    for (list, category) in [
        (&p.readiness, Category::Readiness),
        (&p.testing, Category::Testing),
        (&p.security, Category::Security),
        (&p.scale, Category::Scale),
    ] {
        if let Some(m) = first_asserted(list, s, p) {
            out.claims.push(Claim {
                file,
                range: value.start() + m.start..value.start() + m.end,
                sentence: value.range(),
                category,
                phrase: s[m.clone()].to_string(),
                coverage: category == Category::Testing && p.coverage.is_match(s),
                no_mocks: category == Category::Testing && p.no_mocks.is_match(s),
                pass_rate: None,
                coverage_value: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_splitting() {
        let t = "We are production-ready. It scales, e.g. to 10 rps! Done";
        let got: Vec<&str> = sentences(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            got,
            [
                "We are production-ready.",
                "It scales, e.g. to 10 rps!",
                "Done"
            ]
        );
    }

    #[test]
    fn hedges_and_quotes() {
        let p = Phrases::get(&super::super::ClaimSettings::default());
        let yes = |s: &str| first_asserted(&p.readiness, s, &p).is_some();
        assert!(yes("OrderFlow is a production-ready service."));
        assert!(yes("PostgreSQL: Enterprise-grade, production-ready"));
        assert!(!yes("OrderFlow is not yet production-ready."));
        assert!(!yes(
            "The enrichment step is near production-ready: it needs work."
        ));
        assert!(!yes(
            "However, calling it \"production-ready\" was misleading."
        ));
        assert!(!yes("Overall Status: 75% Production-Ready"));
        assert!(!yes(
            "A system is production-ready when it meets ALL of these criteria:"
        ));
        assert!(!yes(
            "We have a solid foundation, but need 4-6 weeks of focused development to be truly production-ready."
        ));
        assert!(!yes(
            "Current Status: Development-Ready → Target: Production-Ready"
        ));
        assert!(yes(
            "IA Modules is production-ready with enterprise-grade reliability"
        ));
    }

    #[test]
    fn hedges_count_where_they_govern_the_phrase() {
        let p = Phrases::get(&super::super::ClaimSettings::default());
        let yes = |s: &str| first_asserted(&p.readiness, s, &p).is_some();
        // A condition or object after the phrase leaves the claim standing.
        assert!(yes(
            "It is production-ready when deployed behind our gateway."
        ));
        assert!(yes("Production-ready, with a strict retry policy."));
        assert!(yes("Production-ready and requires no setup."));
        assert!(yes("Production-ready with zero violations."));
        assert!(yes(
            "The API is production-ready and does not need a database."
        ));
        // Before the phrase, in its clause, they govern it.
        assert!(!yes("If it is production-ready, ship it."));
        assert!(!yes("It will be production-ready next quarter."));
        assert!(!yes("The worker is not production-ready."));
        // A requirement is not a fact.
        assert!(!yes(
            "A plugin must be production-ready before it is listed."
        ));
        assert!(!yes("Releases shall be production-ready."));
        // Plan words govern from either side.
        assert!(!yes("Production-ready is the goal for Q3."));
    }

    #[test]
    fn translated_readmes() {
        for r in [
            "README_KO.md",
            "docs/README.zh-CN.md",
            "readme-pt_BR.md",
            "README.ja.md",
        ] {
            assert!(is_translated_readme(r), "{r}");
        }
        for r in [
            "README.md",
            "README_DEV.md",
            "README_EN.md",
            "READMEKO.md",
            "README_KO.txt",
            "docs/ko.md",
        ] {
            assert!(!is_translated_readme(r), "{r}");
        }
    }

    #[test]
    fn a_statement_about_the_notion_is_not_a_claim() {
        let p = Phrases::get(&super::super::ClaimSettings::default());
        let testing = |s: &str| first_asserted(&p.testing, s, &p).is_some();
        let readiness = |s: &str| first_asserted(&p.readiness, s, &p).is_some();
        assert!(!testing(
            "The closer you get to 100% coverage, the more comfortable you can be."
        ));
        assert!(!testing(
            "However, 100% coverage doesn't guarantee that your application doesn't have bugs."
        ));
        assert!(!readiness("Production-ready does not mean bug-free."));
        // The project's own figure, and a negation of something else.
        assert!(testing("Flask has 100% coverage."));
        assert!(testing("100% coverage, enforced in CI."));
        assert!(readiness("Production-ready and does not need a database."));
    }
}
