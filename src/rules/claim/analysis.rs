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
    for (i, file) in repo.files.iter().enumerate() {
        if (!settings.include_agent_files && is_agent_file(&file.rel))
            || (!settings.include_archived && is_archived(&file.rel))
        {
            continue;
        }
        if is_doc(file) {
            let units = if file.language == Language::Markdown {
                markdown::units(&file.text)
            } else {
                markdown::rst_units(&file.text)
            };
            doc_claims(i, &units, phrases(), &mut out);
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
    !before.ends_with('%') && !names_norm
}

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

fn doc_claims(file: usize, units: &[Unit], p: &Phrases, out: &mut Claims) {
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
            if excluded || heading_like {
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
            if let Some(m) = first_asserted(&p.testing, s, p) {
                add(Category::Testing, m);
            }
            if let Some(m) = first_asserted(&p.security, s, p) {
                add(Category::Security, m);
            }
            if let Some(m) = first_asserted(&p.scale, s, p) {
                add(Category::Scale, m);
            }
        }
    }
    status_rows(file, units, p, out);
}

fn coverage_value(s: &str) -> Option<f64> {
    let c = COVERAGE_VALUE.captures(s)?;
    c.get(1).or(c.get(2))?.as_str().parse().ok()
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
        // Plan words govern from either side.
        assert!(!yes("Production-ready is the goal for Q3."));
    }
}
