//! PR mode (`candor github`), native only: reads the Actions environment,
//! fetches the pull request's changed files and hunks, scans, and reports
//! through a check run (annotations in batches of 50), one sticky PR comment
//! (found by [`COMMENT_MARKER`] and its author), the job summary, step
//! outputs, and optionally the readiness badge on a dedicated branch.
//!
//! Every API failure degrades instead of failing the job: a read-only token
//! (fork PRs) gets workflow-command annotations and the summary, with a
//! one-line notice; the exit code depends on the findings only. The check
//! run is created `completed`, so no later failure can leave a required
//! check `in_progress`.

pub mod api;
pub mod diff;

use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::discover::{self, normalize, slash};
use crate::finding::{Finding, Severity};
use crate::report::{self, Report};
use crate::{ChangeStatus, ChangedFile};
use api::{ApiError, Client};
use base64::Engine as _;
use diff::FileDiff;
use octocrab::models::issues::Comment;
use octocrab::models::repos::{DiffEntry, DiffEntryStatus};

/// Hidden marker that identifies candor's PR comment.
pub const COMMENT_MARKER: &str = "<!-- candor:report -->";
/// Annotations per Checks API request (GitHub's limit).
pub const ANNOTATION_BATCH: usize = 50;
/// Annotations sent to a check run at most; the rest are counted in the
/// summary (SARIF has them all).
pub const MAX_CHECK_ANNOTATIONS: usize = 1000;
/// Cap of a check run's `output.summary` / `output.text`.
const CHECK_TEXT_LIMIT: usize = 65_535;
/// `$GITHUB_STEP_SUMMARY` is capped at 1 MiB per step; stay well under.
const STEP_SUMMARY_LIMIT: usize = 900_000;
/// Pages of changed files (100 each; GitHub lists at most 3000 files).
const MAX_FILE_PAGES: usize = 30;
/// Pages of PR comments searched for candor's own.
const MAX_COMMENT_PAGES: usize = 50;
/// Extra requests spent narrowing down annotations GitHub rejects (422),
/// per run; past it a rejected batch is dropped whole.
const MAX_BISECT_REQUESTS: usize = 30;
/// The login of `GITHUB_TOKEN`, assumed when the viewer cannot be looked up.
const ACTIONS_BOT: &str = "github-actions[bot]";

/// Which findings become annotations (reviewdog's filter modes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// Findings starting on a line the PR adds.
    Added,
    /// Findings starting on a line in a diff hunk (added or context).
    DiffContext,
    /// Findings in a file the PR changes.
    File,
    /// Every finding.
    All,
}

/// What `candor github` was asked to do.
pub struct Options {
    pub request: discover::Request,
    pub filter: Filter,
    pub annotate: bool,
    pub comment: bool,
    pub check_run: bool,
    pub check_name: String,
    pub sarif: Option<PathBuf>,
    pub baseline: Option<crate::baseline::Baseline>,
    pub fail_on: Option<Severity>,
    pub exit_zero: bool,
    pub publish_badge: bool,
    pub badge_branch: String,
    /// Also write the PR comment body here (the fork-safe two-workflow
    /// pattern uploads it as an artifact; see [`post_comment`]).
    pub comment_file: Option<PathBuf>,
}

/// The Actions environment.
pub struct Env {
    pub event_name: String,
    pub event: Value,
    pub repository: String,
    pub sha: String,
    pub api_url: String,
    pub graphql_url: Option<String>,
    pub token: Option<String>,
    pub step_summary: Option<PathBuf>,
    pub output: Option<PathBuf>,
    pub workspace: Option<PathBuf>,
    /// `GITHUB_RUN_ID.GITHUB_RUN_ATTEMPT`, part of the check run's
    /// `external_id`.
    pub run: String,
}

impl Env {
    /// Reads `GITHUB_*` variables; the token comes from `CANDOR_GITHUB_TOKEN`
    /// or `GITHUB_TOKEN`.
    pub fn from_env() -> anyhow::Result<Env> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let Some(repository) = var("GITHUB_REPOSITORY") else {
            anyhow::bail!(
                "GITHUB_REPOSITORY is not set: `candor github` runs inside GitHub Actions (use `candor check --format github` elsewhere)"
            );
        };
        if repository.split('/').filter(|p| !p.is_empty()).count() != 2 {
            anyhow::bail!("GITHUB_REPOSITORY must be `owner/name`, got `{repository}`");
        }
        let event = match var("GITHUB_EVENT_PATH") {
            Some(p) => {
                let text = std::fs::read_to_string(&p)
                    .map_err(|e| anyhow::anyhow!("cannot read GITHUB_EVENT_PATH {p}: {e}"))?;
                serde_json::from_str(&text)
                    .map_err(|e| anyhow::anyhow!("GITHUB_EVENT_PATH {p} is not JSON: {e}"))?
            }
            None => Value::Null,
        };
        Ok(Env {
            event_name: var("GITHUB_EVENT_NAME").unwrap_or_default(),
            event,
            repository,
            sha: var("GITHUB_SHA").unwrap_or_default(),
            api_url: var("GITHUB_API_URL").unwrap_or_else(|| "https://api.github.com".into()),
            graphql_url: var("GITHUB_GRAPHQL_URL"),
            token: var("CANDOR_GITHUB_TOKEN").or_else(|| var("GITHUB_TOKEN")),
            step_summary: var("GITHUB_STEP_SUMMARY").map(PathBuf::from),
            output: var("GITHUB_OUTPUT").map(PathBuf::from),
            workspace: var("GITHUB_WORKSPACE").map(PathBuf::from),
            run: format!(
                "{}.{}",
                var("GITHUB_RUN_ID").unwrap_or_else(|| "local".into()),
                var("GITHUB_RUN_ATTEMPT").unwrap_or_else(|| "1".into())
            ),
        })
    }

    fn client(&self) -> Client {
        Client::new(
            &self.api_url,
            self.graphql_url.as_deref(),
            self.token.clone(),
        )
    }

    /// Identifies this invocation's check run when a lost response forces a
    /// look-up: the workflow run and attempt, the check name, and the time
    /// and process (two invocations in one job are two check runs).
    fn external_id(&self, check_name: &str) -> String {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        format!(
            "candor:{}:{check_name}:{nanos}:{}",
            self.run,
            std::process::id()
        )
    }

    /// The pull request number for `pull_request*` events.
    pub fn pr_number(&self) -> Option<u64> {
        if !self.event_name.starts_with("pull_request") {
            return None;
        }
        self.event.pointer("/pull_request/number")?.as_u64()
    }

    /// False for a push to a branch other than the repository's default
    /// (when the event says both); true when the event does not say.
    pub fn on_default_branch(&self) -> bool {
        let ref_ = self.event.get("ref").and_then(Value::as_str);
        let default = self
            .event
            .pointer("/repository/default_branch")
            .and_then(Value::as_str);
        match (ref_, default) {
            (Some(r), Some(d)) => r == format!("refs/heads/{d}"),
            _ => true,
        }
    }

    /// The commit the check run belongs to: the PR head, else `GITHUB_SHA`.
    pub fn head_sha(&self) -> String {
        self.event
            .pointer("/pull_request/head/sha")
            .and_then(Value::as_str)
            .map_or_else(|| self.sha.clone(), String::from)
    }
}

/// The PR's files, by repository path.
pub struct PrFiles {
    pub files: BTreeMap<String, (ChangeStatus, Option<FileDiff>)>,
}

fn change_status(s: &DiffEntryStatus) -> ChangeStatus {
    match s {
        DiffEntryStatus::Added => ChangeStatus::Added,
        DiffEntryStatus::Removed => ChangeStatus::Removed,
        DiffEntryStatus::Renamed => ChangeStatus::Renamed,
        _ => ChangeStatus::Modified,
    }
}

/// `GET /repos/{repo}/pulls/{n}/files`, paginated.
pub fn fetch_pr_files(client: &Client, repo: &str, number: u64) -> Result<PrFiles, ApiError> {
    let items: Vec<DiffEntry> = client.get_all(
        &format!("/repos/{repo}/pulls/{number}/files"),
        MAX_FILE_PAGES,
    )?;
    let mut files = BTreeMap::new();
    for item in items {
        // GitHub omits `patch` for binary and very large diffs: such a file
        // counts as changed everywhere.
        let patch = item.patch.as_deref().map(diff::parse_patch);
        files.insert(item.filename, (change_status(&item.status), patch));
    }
    Ok(PrFiles { files })
}

/// Maps a finding's display path (relative to the current folder) to the
/// repository path GitHub uses.
struct PathMap {
    prefix: PathBuf,
}

impl PathMap {
    fn new(workspace: Option<&Path>) -> Self {
        let cwd = std::env::current_dir().unwrap_or_default();
        let prefix = workspace
            .and_then(|w| {
                let w = std::fs::canonicalize(w).ok()?;
                let c = std::fs::canonicalize(&cwd).ok()?;
                c.strip_prefix(&w).ok().map(Path::to_path_buf)
            })
            .unwrap_or_default();
        PathMap { prefix }
    }

    fn repo_path(&self, display: &str) -> String {
        slash(&normalize(&self.prefix.join(display)))
    }

    /// A repository path as a path relative to the current folder, for the
    /// scanner's `changed_files` (display paths).
    fn display_path(&self, repo: &str) -> Option<String> {
        let p = Path::new(repo);
        let rel = p.strip_prefix(&self.prefix).ok()?;
        Some(slash(rel))
    }
}

/// Whether a finding passes the filter.
fn keep(filter: Filter, pr: Option<&PrFiles>, path: &str, line: usize) -> bool {
    let Some(pr) = pr else { return true };
    if filter == Filter::All {
        return true;
    }
    let Some((_, diff)) = pr.files.get(path) else {
        return false;
    };
    match (filter, diff) {
        (Filter::File, _) | (_, None) => true,
        (Filter::Added, Some(d)) => d.added.contains(&line),
        (Filter::DiffContext, Some(d)) => d.context.contains(&line),
        (Filter::All, _) => true,
    }
}

/// Runs PR mode; returns whether the run fails (exit 1).
pub fn run(mut opts: Options) -> anyhow::Result<bool> {
    let env = Env::from_env()?;
    let client = env.client();
    let paths = PathMap::new(env.workspace.as_deref());
    let repo = env.repository.clone();
    let pr_number = env.pr_number();
    let mut notices: Vec<String> = Vec::new();

    if !client.has_token() {
        notices.push("no GitHub token (set `GITHUB_TOKEN`): annotations fall back to workflow commands and no comment is posted".into());
    }

    // 1. The PR's changed files and hunks.
    let pr_files = match pr_number {
        Some(n) => match fetch_pr_files(&client, &repo, n) {
            Ok(files) => Some(files),
            Err(e) => {
                notices.push(format!(
                    "could not list the pull request's files ({e}); annotating every finding"
                ));
                None
            }
        },
        _ => None,
    };
    if let Some(pr) = &pr_files {
        opts.request.options.changed_files = Some(
            pr.files
                .iter()
                .filter_map(|(p, (status, _))| {
                    Some(ChangedFile {
                        path: paths.display_path(p)?,
                        status: *status,
                    })
                })
                .collect(),
        );
    }

    // 2. Scan the checkout (the scorecard covers the whole repository).
    let progress = std::sync::atomic::AtomicUsize::new(0);
    let outcome = discover::run(&opts.request, &progress)?;
    let mut report = outcome.report;
    if let Some(baseline) = &opts.baseline {
        let n = baseline.apply(&mut report);
        if n > 0 {
            notices.push(format!(
                "{n} finding(s) known to the baseline are not reported"
            ));
        }
    }
    let threshold = opts
        .fail_on
        .or(outcome.config.fail_on)
        .unwrap_or(Severity::Warning);
    let fails = !opts.exit_zero && report.fails(threshold);

    // 3. Findings to annotate.
    let mut in_diff: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| {
            keep(
                opts.filter,
                pr_files.as_ref(),
                &paths.repo_path(&f.path),
                f.line,
            )
        })
        .collect();
    in_diff.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.sort_key().cmp(&b.sort_key()))
    });
    if !opts.annotate {
        in_diff.clear();
    }

    // 4. SARIF file.
    let mut sarif_file = String::new();
    if let Some(path) = &opts.sarif {
        std::fs::write(path, report::sarif::render(&report))
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
        sarif_file = slash(path);
    }

    // 5. Check run with annotations.
    let mut unannotated: Vec<&Finding> = in_diff.clone();
    if opts.check_run && client.has_token() {
        match check_run(&client, &env, &opts, &report, &in_diff, &paths, fails) {
            Ok(outcome) => {
                if outcome.over_cap > 0 {
                    notices.push(format!(
                        "{} in-diff finding(s) beyond the first {MAX_CHECK_ANNOTATIONS} were not annotated; the SARIF file has them all",
                        outcome.over_cap
                    ));
                }
                if !outcome.rejected.is_empty() {
                    notices.push(format!(
                        "GitHub rejected {} annotation(s), which were dropped from the check run (the check run's summary lists them)",
                        outcome.rejected.len()
                    ));
                }
                if let Some(e) = &outcome.error {
                    notices.push(degrade_notice("annotate the check run", e));
                }
                notices.extend(outcome.notices);
                unannotated = outcome.undelivered;
            }
            Err(e) => notices.push(degrade_notice("create the check run", &e)),
        }
    }

    // 6. Fallback: workflow commands (capped by GitHub) for what the check
    // run does not carry.
    let mut stdout = std::io::stdout().lock();
    if !unannotated.is_empty() {
        let (shown, omitted) = report::github::capped(&unannotated);
        for f in shown {
            stdout
                .write_all(report::github::annotation(f, &paths.repo_path(&f.path)).as_bytes())?;
        }
        if omitted > 0 {
            notices.push(format!(
                "{omitted} of {} in-diff finding(s) were not annotated (GitHub shows at most {} per level and {} per job from workflow commands); they are listed below and in the SARIF file",
                unannotated.len(),
                report::github::MAX_PER_LEVEL,
                report::github::MAX_PER_JOB
            ));
        }
    }

    // 7. The sticky PR comment.
    if let Some(path) = &opts.comment_file {
        std::fs::write(path, comment_body(&report))
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    }
    if let (Some(n), true, true) = (pr_number, opts.comment, client.has_token()) {
        let body = comment_body(&report);
        if let Err(e) = upsert_comment(&client, &repo, n, &body, &mut notices) {
            notices.push(degrade_notice("post the PR comment", &e));
        }
    }

    // 8. The badge (push to the default branch).
    if opts.publish_badge {
        if pr_number.is_some() {
            notices.push("--publish-badge is ignored on pull requests (publish from a push to the default branch)".into());
        } else if !env.on_default_branch() {
            notices.push("--publish-badge publishes only from the default branch; skipped".into());
        } else if !client.has_token() {
            notices.push("cannot publish the badge without a token".into());
        } else if let Err(e) = publish_badge(&client, &repo, &opts.badge_branch, &report) {
            notices.push(degrade_notice("publish the badge", &e));
        }
    }

    // 9. Notices, job summary and outputs.
    for n in &notices {
        writeln!(
            stdout,
            "::notice title=candor::{}",
            report::github::escape_data(n)
        )?;
    }
    stdout.flush()?;
    if let Some(path) = &env.step_summary {
        let mut summary = String::new();
        for n in &notices {
            let _ = writeln!(summary, "> [!NOTE]\n> candor: {n}\n");
        }
        summary.push_str(&report::markdown::render(
            &report,
            STEP_SUMMARY_LIMIT.saturating_sub(summary.len()),
        ));
        summary.push('\n');
        append(path, &summary)?;
    }
    if let Some(path) = &env.output {
        let score = report
            .scorecard
            .as_ref()
            .map_or_else(String::new, |c| format!("{:.1}", c.score));
        let out = format!(
            "score={score}\nfindings={}\nsarif-file={sarif_file}\n",
            report.findings.len()
        );
        append(path, &out)?;
    }
    eprintln!(
        "candor: {} finding(s), {} in the diff{}",
        report.findings.len(),
        in_diff.len(),
        if fails { "; failing" } else { "" }
    );
    Ok(fails)
}

fn append(path: &Path, text: &str) -> anyhow::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", path.display()))?;
    f.write_all(text.as_bytes())?;
    Ok(())
}

fn degrade_notice(what: &str, e: &ApiError) -> String {
    if e.is_forbidden() && !e.message.to_ascii_lowercase().contains("rate limit") {
        format!(
            "the token may not {what} ({e}); this is expected on pull requests from forks or with a read-only token. Findings are reported as annotations and in the job summary instead; see docs/github-action.md for the fork-safe workflow"
        )
    } else {
        format!("could not {what} ({e}); reporting through annotations and the job summary instead")
    }
}

/// `candor github --post-comment FILE --pr N`: the second half of the
/// fork-safe pattern. A `workflow_run` job that never checks out the PR's
/// code posts (or updates) the sticky comment from the body the analysis job
/// wrote with `--comment-file`. The body came from an untrusted run, so it
/// is only ever posted as a comment: it is capped at GitHub's limit and gets
/// the marker if it lacks it. API failures degrade to a notice (exit 0).
pub fn post_comment(file: &Path, pr: u64) -> anyhow::Result<()> {
    let env = Env::from_env()?;
    let client = env.client();
    let text = std::fs::read_to_string(file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let mut body = if text.starts_with(COMMENT_MARKER) {
        text
    } else {
        format!("{COMMENT_MARKER}\n{text}")
    };
    if body.chars().count() > report::markdown::GITHUB_COMMENT_LIMIT {
        body = truncate(&body, report::markdown::GITHUB_COMMENT_LIMIT);
    }
    let mut notices = Vec::new();
    if let Err(e) = upsert_comment(&client, &env.repository, pr, &body, &mut notices) {
        notices.push(degrade_notice("post the PR comment", &e));
    }
    for n in notices {
        println!("::notice title=candor::{}", report::github::escape_data(&n));
    }
    Ok(())
}

/// The PR comment: the marker, then the Markdown report within GitHub's cap.
pub fn comment_body(report: &Report) -> String {
    let limit = report::markdown::GITHUB_COMMENT_LIMIT - COMMENT_MARKER.len() - 1;
    format!(
        "{COMMENT_MARKER}\n{}",
        report::markdown::render(report, limit)
    )
}

fn annotation_json(f: &Finding, path: &str) -> Value {
    let level = match f.severity {
        Severity::Error => "failure",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut a = json!({
        "path": path,
        "start_line": f.line,
        "end_line": f.end_line.max(f.line),
        "annotation_level": level,
        "title": f.rule,
        "message": f.message,
    });
    // Columns are allowed only on single-line annotations.
    if f.end_line <= f.line {
        a["start_column"] = json!(f.column);
        a["end_column"] = json!(f.end_column.max(f.column));
    }
    if let Some(fix) = &f.fix {
        a["raw_details"] = json!(format!("Fix: {fix}\nDocs: {}", help_uri(f.rule)));
    }
    a
}

fn help_uri(rule: &str) -> String {
    crate::rules::find(rule).map_or_else(String::new, |m| m.help_uri())
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(30)).collect();
    out.push_str("\n\n_Truncated._\n");
    out
}

/// What became of the check run's annotations.
struct CheckOutcome<'a> {
    /// Findings GitHub never received (a batch failed for a reason other
    /// than its content): the caller annotates them with workflow commands.
    undelivered: Vec<&'a Finding>,
    /// Findings whose annotation GitHub refused (422); listed in the check
    /// run's summary.
    rejected: Vec<&'a Finding>,
    /// In-diff findings beyond [`MAX_CHECK_ANNOTATIONS`].
    over_cap: usize,
    /// Why annotating stopped early.
    error: Option<ApiError>,
    notices: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Delivery {
    Pending,
    Sent,
    Rejected,
}

/// Creates the check run already `completed` with its conclusion (so a
/// failure later in the run cannot leave a required check `in_progress`),
/// then appends the annotations 50 per PATCH (GitHub appends them). A batch
/// GitHub rejects (422) is split in halves until the offending annotations
/// are isolated and dropped; any other failure stops annotating and the
/// rest go to workflow commands. `Err` only when no check run exists.
fn check_run<'a>(
    client: &Client,
    env: &Env,
    opts: &Options,
    report: &Report,
    in_diff: &[&'a Finding],
    paths: &PathMap,
    fails: bool,
) -> Result<CheckOutcome<'a>, ApiError> {
    let repo = &env.repository;
    let s = &report.summary;
    let title = format!(
        "{} finding(s): {} error(s), {} warning(s), {} info; {} on changed lines",
        s.findings,
        s.errors,
        s.warnings,
        s.infos,
        in_diff.len()
    );
    let rendered = report::markdown::render(report, CHECK_TEXT_LIMIT);
    let summary = truncate(&rendered, CHECK_TEXT_LIMIT);
    let head_sha = env.head_sha();
    let external_id = env.external_id(&opts.check_name);
    let create = json!({
        "name": opts.check_name,
        "head_sha": head_sha,
        "external_id": external_id,
        "status": "completed",
        "conclusion": if fails { "failure" } else { "success" },
        "output": {"title": title, "summary": summary},
    });
    let mut notices = Vec::new();
    let id = create_check_run(
        client,
        repo,
        &head_sha,
        &opts.check_name,
        &create,
        &external_id,
        &mut notices,
    )?;
    let path = format!("/repos/{repo}/check-runs/{id}");

    let sent = in_diff.len().min(MAX_CHECK_ANNOTATIONS);
    let annotations: Vec<Value> = in_diff[..sent]
        .iter()
        .map(|f| annotation_json(f, &paths.repo_path(&f.path)))
        .collect();
    let mut state = vec![Delivery::Pending; sent];
    let mut spare = MAX_BISECT_REQUESTS;
    let mut error = None;
    let indices: Vec<usize> = (0..sent).collect();
    for batch in indices.chunks(ANNOTATION_BATCH) {
        let mut batch_state = Batch {
            client,
            path: &path,
            title: &title,
            summary: &summary,
            annotations: &annotations,
            state: &mut state,
            spare: &mut spare,
        };
        if let Err(e) = batch_state.deliver(batch) {
            error = Some(e);
            break;
        }
    }
    let pick = |want: Delivery| -> Vec<&'a Finding> {
        state
            .iter()
            .zip(in_diff)
            .filter(|(d, _)| **d == want)
            .map(|(_, f)| *f)
            .collect()
    };
    let rejected = pick(Delivery::Rejected);
    let undelivered = pick(Delivery::Pending);
    if !rejected.is_empty() {
        let mut note = format!(
            "> [!WARNING]\n> GitHub rejected {} annotation(s); they were dropped from this check run:\n",
            rejected.len()
        );
        for f in rejected.iter().take(20) {
            let _ = writeln!(
                note,
                "> - `{}` at {}:{}",
                f.rule,
                paths.repo_path(&f.path),
                f.line
            );
        }
        if rejected.len() > 20 {
            let _ = writeln!(note, "> - and {} more", rejected.len() - 20);
        }
        note.push('\n');
        let summary = truncate(&format!("{note}{rendered}"), CHECK_TEXT_LIMIT);
        if let Err(e) = client.patch(
            &path,
            &json!({"output": {"title": title, "summary": summary}}),
        ) {
            notices.push(degrade_notice(
                "list the rejected annotations in the check run",
                &e,
            ));
        }
    }
    Ok(CheckOutcome {
        undelivered,
        rejected,
        over_cap: in_diff.len() - sent,
        error,
        notices,
    })
}

/// One annotation batch and the run-wide bookkeeping it updates.
struct Batch<'b> {
    client: &'b Client,
    path: &'b str,
    title: &'b str,
    summary: &'b str,
    annotations: &'b [Value],
    state: &'b mut [Delivery],
    spare: &'b mut usize,
}

impl Batch<'_> {
    fn deliver(&mut self, batch: &[usize]) -> Result<(), ApiError> {
        let items: Vec<&Value> = batch.iter().map(|&i| &self.annotations[i]).collect();
        let body =
            json!({"output": {"title": self.title, "summary": self.summary, "annotations": items}});
        match self.client.patch(self.path, &body) {
            Ok(_) => {
                for &i in batch {
                    self.state[i] = Delivery::Sent;
                }
                Ok(())
            }
            Err(e) if e.is_unprocessable() => {
                if batch.len() == 1 || *self.spare < 2 {
                    for &i in batch {
                        self.state[i] = Delivery::Rejected;
                    }
                    return Ok(());
                }
                *self.spare -= 2;
                let (a, b) = batch.split_at(batch.len() / 2);
                self.deliver(a)?;
                self.deliver(b)
            }
            Err(e) => Err(e),
        }
    }
}

/// `POST /repos/{repo}/check-runs`, once. When the answer is lost (5xx,
/// dropped connection) the run may exist: it is looked up by its
/// `external_id` and reused, and only created again when it is not there.
fn create_check_run(
    client: &Client,
    repo: &str,
    head_sha: &str,
    name: &str,
    body: &Value,
    external_id: &str,
    notices: &mut Vec<String>,
) -> Result<u64, ApiError> {
    let path = format!("/repos/{repo}/check-runs");
    let id_of = |r: api::Response| {
        r.body
            .get("id")
            .and_then(Value::as_u64)
            .ok_or_else(|| ApiError {
                method: "POST",
                path: path.clone(),
                status: Some(r.status),
                message: "the response has no check run id".into(),
                ambiguous: false,
            })
    };
    match client.post(&path, body) {
        Ok(r) => id_of(r),
        Err(e) if e.ambiguous => {
            let listed = client.get(&format!(
                "/repos/{repo}/commits/{head_sha}/check-runs?check_name={}&filter=all&per_page=100",
                query_escape(name)
            ))?;
            let found = listed
                .body
                .get("check_runs")
                .and_then(Value::as_array)
                .and_then(|runs| {
                    runs.iter()
                        .find(|r| r.get("external_id").and_then(Value::as_str) == Some(external_id))
                })
                .and_then(|r| r.get("id"))
                .and_then(Value::as_u64);
            match found {
                Some(id) => {
                    notices.push(format!(
                        "the answer to creating the check run was lost ({e}); found it by its external id and reused it"
                    ));
                    Ok(id)
                }
                None => id_of(client.post(&path, body)?),
            }
        }
        Err(e) => Err(e),
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The login the token acts as, which is the author of the comments
/// candor posts with it (`github-actions[bot]` for `GITHUB_TOKEN`,
/// `<app>[bot]` for an app's installation token, the user for a personal
/// token). When it cannot be looked up, `GITHUB_TOKEN`'s is assumed.
fn own_login(client: &Client, notices: &mut Vec<String>) -> String {
    match client.viewer_login() {
        Ok(login) => login,
        Err(e) => {
            notices.push(format!(
                "could not look up the token's identity ({e}); updating only comments by {ACTIONS_BOT}"
            ));
            ACTIONS_BOT.to_string()
        }
    }
}

/// candor's comment on the PR: it carries [`COMMENT_MARKER`] and was written
/// by `login`. The marker alone is not enough: anyone can quote it, and
/// editing their comment fails (403) or, worse, succeeds.
fn find_own_comment(
    client: &Client,
    repo: &str,
    number: u64,
    login: &str,
) -> Result<Option<(u64, String)>, ApiError> {
    let comments: Vec<Comment> = client.get_all(
        &format!("/repos/{repo}/issues/{number}/comments"),
        MAX_COMMENT_PAGES,
    )?;
    Ok(comments.into_iter().find_map(|c| {
        let body = c.body?;
        (c.user.login == login && body.contains(COMMENT_MARKER)).then(|| (c.id.into_inner(), body))
    }))
}

/// Updates candor's own comment, or creates one. A create whose answer was
/// lost is checked by listing again before it is sent a second time.
/// Extra own comments (from a race) are left.
pub fn upsert_comment(
    client: &Client,
    repo: &str,
    number: u64,
    body: &str,
    notices: &mut Vec<String>,
) -> Result<(), ApiError> {
    let login = own_login(client, notices);
    let update = |id: u64, current: &str| -> Result<(), ApiError> {
        if current != body {
            client.patch(
                &format!("/repos/{repo}/issues/comments/{id}"),
                &json!({"body": body}),
            )?;
        }
        Ok(())
    };
    if let Some((id, current)) = find_own_comment(client, repo, number, &login)? {
        return update(id, &current);
    }
    let create = format!("/repos/{repo}/issues/{number}/comments");
    match client.post(&create, &json!({"body": body})) {
        Ok(_) => Ok(()),
        Err(e) if e.ambiguous => match find_own_comment(client, repo, number, &login)? {
            Some((id, current)) => {
                notices.push(format!(
                    "the answer to posting the PR comment was lost ({e}); found the comment and kept it"
                ));
                update(id, &current)
            }
            None => client.post(&create, &json!({"body": body})).map(|_| ()),
        },
        Err(e) => Err(e),
    }
}

/// Writes `badge.svg` and `badge.json` to `branch`: creates the branch as
/// an orphan commit holding only those files when it is missing (so no
/// other branch is touched), else updates each file through the contents
/// API with its current sha.
pub fn publish_badge(
    client: &Client,
    repo: &str,
    branch: &str,
    report: &Report,
) -> Result<(), ApiError> {
    let files = [
        ("badge.svg", report::badge::svg(report.scorecard.as_ref())),
        (
            "badge.json",
            report::badge::endpoint_json(report.scorecard.as_ref()),
        ),
    ];
    let message = "Update the candor readiness badge";
    let branch_path = format!("/repos/{repo}/branches/{branch}");
    match client.get(&branch_path) {
        Err(e) if e.is_not_found() => {
            let tree: Vec<Value> = files
                .iter()
                .map(|(path, content)| json!({"path": path, "mode": "100644", "type": "blob", "content": content}))
                .collect();
            // Git objects are content-addressed: the same tree twice is one
            // tree, and a commit made twice leaves only an unreferenced
            // duplicate. So these two POSTs may be repeated; the ref may not.
            let tree = client
                .post_replayable(&format!("/repos/{repo}/git/trees"), &json!({"tree": tree}))?;
            let tree_sha = tree
                .body
                .get("sha")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let commit = client.post_replayable(
                &format!("/repos/{repo}/git/commits"),
                &json!({"message": message, "tree": tree_sha, "parents": []}),
            )?;
            let commit_sha = commit
                .body
                .get("sha")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let create_ref = json!({"ref": format!("refs/heads/{branch}"), "sha": commit_sha});
            match client.post(&format!("/repos/{repo}/git/refs"), &create_ref) {
                Ok(_) => Ok(()),
                // The answer was lost: the branch exists if the ref was made.
                Err(e) if e.ambiguous => client.get(&branch_path).map(|_| ()).map_err(|_| e),
                Err(e) => Err(e),
            }
        }
        Err(e) => Err(e),
        Ok(_) => {
            for (path, content) in &files {
                put_file(client, repo, branch, path, content, message)?;
            }
            Ok(())
        }
    }
}

/// A file on the badge branch as the contents API returns it.
#[derive(Default)]
struct BranchFile {
    sha: Option<String>,
    /// Base64, without the line breaks GitHub wraps it in.
    content: Option<String>,
}

fn current_file(client: &Client, url: &str, branch: &str) -> Result<Option<BranchFile>, ApiError> {
    match client.get(&format!("{url}?ref={branch}")) {
        Ok(r) => Ok(Some(BranchFile {
            sha: r.body.get("sha").and_then(Value::as_str).map(String::from),
            content: r
                .body
                .get("content")
                .and_then(Value::as_str)
                .map(|c| c.replace(['\n', '\r'], "")),
        })),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

/// Creates or updates one file on `branch` unless it already holds
/// `content`. The PUT names the sha it replaces, so a retry after a lost
/// answer gets 409; the file is then read again and the write counts as
/// done when it holds `content`.
fn put_file(
    client: &Client,
    repo: &str,
    branch: &str,
    path: &str,
    content: &str,
    message: &str,
) -> Result<(), ApiError> {
    let url = format!("/repos/{repo}/contents/{path}");
    let encoded = base64::engine::general_purpose::STANDARD.encode(content.as_bytes());
    let current = current_file(client, &url, branch)?.unwrap_or_default();
    if current.content.as_deref() == Some(encoded.as_str()) {
        return Ok(());
    }
    let mut body = json!({"message": message, "content": encoded, "branch": branch});
    if let Some(sha) = current.sha {
        body["sha"] = json!(sha);
    }
    match client.put(&url, &body) {
        Ok(_) => Ok(()),
        Err(e) if e.is_conflict() => {
            let now = current_file(client, &url, branch)?.and_then(|f| f.content);
            if now.as_deref() == Some(encoded.as_str()) {
                Ok(())
            } else {
                Err(e)
            }
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn badge_publishes_from_the_default_branch_only() {
        let env = |event: Value| Env {
            event_name: "push".into(),
            event,
            repository: "o/r".into(),
            sha: String::new(),
            api_url: String::new(),
            graphql_url: None,
            token: None,
            step_summary: None,
            output: None,
            workspace: None,
            run: String::new(),
        };
        let main = json!({"ref": "refs/heads/main", "repository": {"default_branch": "main"}});
        let feature = json!({"ref": "refs/heads/feat", "repository": {"default_branch": "main"}});
        assert!(env(main).on_default_branch());
        assert!(!env(feature).on_default_branch());
        assert!(env(Value::Null).on_default_branch());
    }

    #[test]
    fn filters_follow_reviewdog() {
        let mut files = BTreeMap::new();
        files.insert(
            "a.py".to_string(),
            (
                ChangeStatus::Modified,
                Some(diff::parse_patch("@@ -1,2 +1,3 @@\n x\n+y\n z")),
            ),
        );
        files.insert("big.bin".to_string(), (ChangeStatus::Modified, None));
        let pr = PrFiles { files };
        assert!(keep(Filter::Added, Some(&pr), "a.py", 2));
        assert!(!keep(Filter::Added, Some(&pr), "a.py", 1));
        assert!(keep(Filter::DiffContext, Some(&pr), "a.py", 3));
        assert!(!keep(Filter::DiffContext, Some(&pr), "a.py", 4));
        assert!(keep(Filter::File, Some(&pr), "a.py", 40));
        assert!(!keep(Filter::File, Some(&pr), "b.py", 1));
        assert!(keep(Filter::Added, Some(&pr), "big.bin", 9));
        assert!(keep(Filter::All, Some(&pr), "b.py", 1));
        assert!(keep(Filter::Added, None, "b.py", 1));
    }
}
