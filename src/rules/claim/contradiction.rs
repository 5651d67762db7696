use super::analysis::{Figure, Metric};
use super::common;
use super::evidence;
use crate::finding::{Finding, Related};
use crate::rules::{RepoContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds two documents of the repository that state different figures
    /// for the same metric as current fact: test coverage ("95% test
    /// coverage", "coverage: 62%"), production readiness ("75%
    /// production-ready", "Production Readiness Baseline: 65%") or the size
    /// of the test suite ("644/650 tests passing" against "640/700 tests
    /// passing"; counts for one named file or folder are not the suite's,
    /// and fully passing counts such as "44/44" are left out).
    /// Changelogs (CHANGELOG, HISTORY, NEWS, RELEASE notes) record past
    /// figures and are not compared. Figures in
    /// code blocks, quotations, hedged sentences and roadmap/target/phase
    /// sections are not stated as fact and are ignored; so is a "N%
    /// production readiness gap". The finding sits on the later document
    /// (by path) and names the earlier one: one finding per document and
    /// metric, the document's other contradicting figures of that metric
    /// as related locations.
    ///
    /// Coverage badges count as documents' figures: a static shields.io
    /// badge (`![coverage](https://img.shields.io/badge/coverage-87%25-green)`,
    /// or `?label=coverage&message=87%25`) or a badge image whose alt text
    /// states a figure ("coverage 87%"), in Markdown or an HTML `<img>`. A
    /// badge that disagrees with a figure of another document, or with the
    /// prose of its own document, is a contradiction naming both places. A
    /// badge below the coverage threshold CI enforces for the badge's
    /// component is one too (the build would fail under it, so the badge is
    /// stale or the threshold is not what runs). A badge above the
    /// threshold is not: the threshold is a floor, and a measured figure
    /// may sit above it. A dynamic badge (`codecov.io/gh/o/r/graph/badge.svg`)
    /// states no figure in the repository and is not compared.
    ///
    /// ## Why is this bad?
    /// At most one of the figures is true, and readers cannot tell which;
    /// usually one document was corrected and the other was not.
    ///
    /// ## Example
    /// `docs/adr/009.md`: "Current Production Readiness Baseline: 65%";
    /// `docs/requirements.md`: "Current State: 35% production ready".
    ///
    /// ## How to fix
    /// Keep the figure in one place (generated from a measurement, if it is
    /// one) and link to it from the others.
    pub struct Contradiction {
        id: "claim/contradiction",
        severity: Warning,
        summary: "Documents state different figures for the same metric",
    }
}

impl Rule for Contradiction {
    fn check_late(&self, repo: &RepoContext, out: &mut Vec<Finding>) {
        let claims = repo.memo.claims(repo);
        // A changelog records past figures; it cannot contradict today's.
        let historical = |file: usize| {
            let name = repo.files[file]
                .rel
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            ["changelog", "changes", "history", "release", "news"]
                .iter()
                .any(|h| name.starts_with(h))
        };
        let figs: Vec<_> = claims
            .figures
            .iter()
            .filter(|f| !historical(f.file))
            .cloned()
            .collect();
        let figs = &figs;
        // Figures are compared within a component: a package's README and
        // the repository's may state different coverage and both be true.
        let mut components: std::collections::HashMap<usize, String> = Default::default();
        for f in figs {
            components
                .entry(f.file)
                .or_insert_with(|| evidence::component_of(repo, f.file));
        }
        let same_component = |a: usize, b: usize| components[&a] == components[&b];
        // One finding per (document, metric); the document's other
        // contradicting figures of that metric are related locations.
        // (figure, the earlier figure it contradicts).
        type Pairs<'f> = Vec<(&'f Figure, &'f Figure)>;
        let mut groups: Vec<((usize, Metric), Pairs)> = Vec::new();
        for f in figs {
            // An earlier file stating a different value, and no figure of
            // that file agreeing with this one.
            // An earlier document, or (for a badge against prose) an
            // earlier place in the same document.
            let earlier = |g: &Figure| {
                let (gp, fp) = (&repo.files[g.file].path, &repo.files[f.file].path);
                gp < fp || (g.file == f.file && g.badge != f.badge && g.range.start < f.range.start)
            };
            let Some(other) = figs.iter().find(|g| {
                g.metric == f.metric
                    && same_component(g.file, f.file)
                    && earlier(g)
                    && (g.value - f.value).abs() > 0.05
                    && !figs.iter().any(|h| {
                        h.file == g.file
                            && h.metric == f.metric
                            && (h.file != f.file || h.badge == g.badge)
                            && (h.value - f.value).abs() <= 0.05
                    })
            }) else {
                continue;
            };
            let key = (f.file, f.metric);
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => {
                    if !v.iter().any(|(g, _)| (g.value - f.value).abs() <= 0.05) {
                        v.push((f, other));
                    }
                }
                None => groups.push((key, vec![(f, other)])),
            }
        }
        for ((file, metric), items) in groups {
            let unit = if metric == Metric::TestCount { "" } else { "%" };
            let describe = |f: &Figure, other: &Figure| {
                let at = common::location(repo, other.file, other.range.start);
                format!(
                    "{} {}{unit} {}; {} states {}{unit}",
                    if f.badge { "a badge states" } else { "states" },
                    f.value,
                    metric.describe(),
                    if other.badge { format!("a badge at {at}") } else { at },
                    other.value
                )
            };
            let (f, other) = items[0];
            let related = items[1..]
                .iter()
                .map(|(g, o)| Related::new(&repo.files[file], g.range.clone(), describe(g, o)))
                .collect();
            out.push(
                common::finding(repo, &Self::META, file, f.range.clone(), describe(f, other))
                    .with_fix("state the figure in one place and link to it")
                    .with_related(related),
            );
        }
        badges_below_threshold(repo, figs, out);
    }
}

/// A coverage badge below the threshold CI enforces for its component:
/// one finding per document, at its first such badge.
fn badges_below_threshold(repo: &RepoContext, figs: &[Figure], out: &mut Vec<Finding>) {
    let ev = &repo.index.evidence;
    let mut done: Vec<usize> = Vec::new();
    for f in figs
        .iter()
        .filter(|f| f.badge && f.metric == Metric::Coverage)
    {
        if done.contains(&f.file) {
            continue;
        }
        let component = evidence::FileComponent::of(repo, f.file);
        let comp = component.get();
        let (Some(t), Some(_)) = ev.coverage_for(comp) else {
            continue;
        };
        if f.value + 0.05 < t.value {
            done.push(f.file);
            out.push(
                common::finding(
                    repo,
                    &Contradiction::META,
                    f.file,
                    f.range.clone(),
                    format!(
                        "a badge states {}% test coverage, below the {}% threshold CI enforces ({}): the badge is stale or the threshold is not what runs",
                        f.value,
                        t.value,
                        t.at.at()
                    ),
                )
                .with_fix("generate the badge from the coverage CI measures (a codecov or coveralls badge), or fix the threshold"),
            );
        }
    }
}
