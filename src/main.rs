//! The `candor` command line.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

use candor::discover;
use candor::report::text::{self, Style};
use candor::{ScanOptions, Severity};

#[derive(Parser)]
#[command(
    name = "candor",
    version,
    about = "Holds a repository's production-readiness claims to its code"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scan files and folders (default: the current folder).
    Check(CheckArgs),
    /// Print a rule's documentation.
    Rule {
        /// A rule id such as `secret/private-key`.
        id: String,
    },
    /// List every rule.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Pull request mode inside GitHub Actions: check run with annotations,
    /// sticky PR comment, job summary, outputs (see docs/github-action.md).
    Github(GithubArgs),
    /// Write a starting configuration: `candor.toml`, or `[tool.candor]` in
    /// an existing pyproject.toml (comments and order kept).
    Init {
        /// Write candor.toml even when a pyproject.toml exists.
        #[arg(long)]
        toml: bool,
    },
    /// Print the readiness scorecard.
    Score {
        /// The folder to score (default: the current folder).
        path: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ScoreFormat::Text)]
        format: ScoreFormat,
        /// Use this configuration file instead of searching for one.
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Write the readiness badge (SVG) and shields.io endpoint JSON.
    Badge {
        /// The folder to score (default: the current folder).
        path: Option<PathBuf>,
        /// Where to write the SVG badge.
        #[arg(long, default_value = "badge.svg")]
        out: PathBuf,
        /// Also write shields.io endpoint JSON here.
        #[arg(long)]
        endpoint: Option<PathBuf>,
        /// Use this configuration file instead of searching for one.
        #[arg(long)]
        config: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FilterMode {
    Added,
    #[value(name = "diff_context", alias = "diff-context")]
    DiffContext,
    File,
    All,
}

#[derive(clap::Args)]
struct GithubArgs {
    /// Files or folders to scan.
    paths: Vec<PathBuf>,
    /// Which findings are annotated (reviewdog's filter modes).
    #[arg(long, value_enum, default_value_t = FilterMode::Added)]
    filter: FilterMode,
    /// Annotate findings (check run, or workflow commands as a fallback).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    annotate: bool,
    /// Post or update the sticky PR comment.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    comment: bool,
    /// Create a check run (needs `checks: write`).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    check_run: bool,
    /// The check run's name.
    #[arg(long, default_value = "candor")]
    check_name: String,
    /// Also write SARIF to this file (the `sarif-file` output).
    #[arg(long)]
    sarif: Option<PathBuf>,
    /// Report only findings not recorded in this baseline.
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Use this configuration file instead of searching for one.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Exit 1 when a finding is at least this severe [default: warning].
    #[arg(long, value_enum)]
    fail_on: Option<Level>,
    /// Exit 0 even when there are findings.
    #[arg(long)]
    exit_zero: bool,
    /// On push: write badge.svg and badge.json to `--badge-branch`
    /// (needs `contents: write`).
    #[arg(long)]
    publish_badge: bool,
    /// The branch `--publish-badge` writes to (created if missing).
    #[arg(long, default_value = "candor-badge")]
    badge_branch: String,
    /// Also write the PR comment body to this file (fork-safe pattern).
    #[arg(long)]
    comment_file: Option<PathBuf>,
    /// Only post or update the sticky comment from this file (written by
    /// `--comment-file`), without scanning; needs `--pr`.
    #[arg(long, requires = "pr")]
    post_comment: Option<PathBuf>,
    /// The pull request number for `--post-comment`.
    #[arg(long)]
    pr: Option<u64>,
}

#[derive(Clone, Copy, ValueEnum)]
enum ScoreFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
    Sarif,
    Github,
    Junit,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum Level {
    Error,
    Warning,
    Info,
}

impl From<Level> for Severity {
    fn from(l: Level) -> Self {
        match l {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
            Level::Info => Severity::Info,
        }
    }
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files or folders to scan.
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Rules or families to check, replacing the configured selection (comma-separated).
    #[arg(long, value_delimiter = ',')]
    select: Option<Vec<String>>,
    /// Rules or families to add to the selection.
    #[arg(long, value_delimiter = ',')]
    extend_select: Vec<String>,
    /// Rules or families to turn off.
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Use this configuration file instead of searching for one.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Do not honor .gitignore, .ignore and .candorignore files.
    #[arg(long)]
    no_ignore: bool,
    /// Follow symlinks wherever they point (default: only symlinks to files
    /// inside the project root are read).
    #[arg(long)]
    follow_symlinks: bool,
    /// Exit 1 when a finding is at least this severe [default: warning].
    #[arg(long, value_enum)]
    fail_on: Option<Level>,
    /// Exit 0 even when there are findings.
    #[arg(long)]
    exit_zero: bool,
    /// Print finding counts per rule instead of the findings.
    #[arg(long)]
    statistics: bool,
    /// Print only `path:line:col: rule message` lines.
    #[arg(long, short)]
    quiet: bool,
    /// Report `candor: ignore[...]` comments that suppress nothing.
    #[arg(long)]
    report_unused_suppressions: bool,
    /// Report only findings not recorded in this baseline file.
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file.
    #[arg(long)]
    write_baseline: Option<PathBuf>,
}

fn main() -> ExitCode {
    // A panic's message can quote the scanned text (a secret among it): say
    // where it happened, never what it held.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        note(&format!(
            "candor: internal error{at} (a bug in candor; please report it)\n"
        ));
    }));
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Rule { id } => rule(&id),
        Command::Rules { format } => rules(format),
        Command::Github(args) => github(args),
        Command::Init { toml } => init(toml),
        Command::Score {
            path,
            format,
            config,
        } => score(path, format, config),
        Command::Badge {
            path,
            out,
            endpoint,
            config,
        } => badge(path, &out, endpoint.as_deref(), config),
    };
    match result {
        Ok(code) => code,
        // A closed pipe (`candor check | head`): stop quietly, like ripgrep.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            note(&format!("candor: error: {err:#}\n"));
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Writes to stderr; a closed stderr is not worth a panic.
fn note(text: &str) {
    let _ = std::io::stderr().write_all(text.as_bytes());
}

fn rule(id: &str) -> anyhow::Result<ExitCode> {
    let Some(meta) = candor::rules::find(id) else {
        let ids = candor::rules::all_meta().map(|m| m.id);
        anyhow::bail!(
            "unknown rule `{id}`{}; `candor rules` lists them",
            candor::config::did_you_mean(id, ids)
        );
    };
    write!(std::io::stdout(), "{}", meta.page())?;
    Ok(ExitCode::SUCCESS)
}

fn rules(format: ListFormat) -> anyhow::Result<ExitCode> {
    match format {
        ListFormat::Text => {
            let width = candor::rules::all_meta()
                .map(|m| m.id.len())
                .max()
                .unwrap_or(0);
            for m in candor::rules::all_meta() {
                let off = if m.default_enabled { "" } else { " (opt-in)" };
                writeln!(
                    std::io::stdout(),
                    "{:<width$}  {:<7}  {}{off}",
                    m.id,
                    m.severity.as_str(),
                    m.summary
                )?;
            }
        }
        ListFormat::Json => write!(std::io::stdout(), "{}", candor::rules::catalog_json())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn check(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let request = discover::Request {
        paths: args.paths.clone(),
        config: args.config.clone(),
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
        no_ignore: args.no_ignore,
        follow_symlinks: args.follow_symlinks,
        options: ScanOptions {
            report_unused_suppressions: args.report_unused_suppressions,
            ..ScanOptions::default()
        },
    };
    let progress = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let ticker = spawn_progress(progress.clone(), done.clone());
    let outcome = discover::run(&request, &progress);
    done.store(true, Ordering::Relaxed);
    if let Some(t) = ticker {
        let _ = t.join();
    }
    let discover::Outcome {
        mut report, config, ..
    } = outcome?;
    if let Some(path) = &args.write_baseline {
        let baseline = candor::baseline::Baseline::from_findings(&report.findings);
        std::fs::write(path, baseline.to_json())
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
        eprintln!(
            "candor: wrote {} finding(s) to {}",
            report.findings.len(),
            path.display()
        );
    }
    if let Some(path) = &args.baseline {
        read_baseline(path)?.apply(&mut report);
    }

    let color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let err_color = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut stdout = std::io::stdout().lock();
    match args.format {
        Format::Json => stdout.write_all(report.to_json().as_bytes())?,
        Format::Sarif => stdout.write_all(candor::report::sarif::render(&report).as_bytes())?,
        Format::Github => stdout.write_all(candor::report::github::render(&report).as_bytes())?,
        Format::Junit => stdout
            .write_all(candor::report::junit::render(&report, config.enabled_rules()).as_bytes())?,
        Format::Markdown => stdout.write_all(
            candor::report::markdown::render(
                &report,
                candor::report::markdown::GITHUB_COMMENT_LIMIT,
            )
            .as_bytes(),
        )?,
        Format::Text => {
            note(&text::diagnostics(&report, Style { color: err_color }));
            if args.statistics {
                stdout.write_all(text::statistics(&report).as_bytes())?;
            } else {
                stdout.write_all(text::render(&report, Style { color }, args.quiet).as_bytes())?;
            }
        }
    }
    stdout.flush()?;

    let threshold = args
        .fail_on
        .map(Severity::from)
        .or(config.fail_on)
        .unwrap_or(Severity::Warning);
    // A file whose analysis crashed: the findings shown are incomplete.
    Ok(
        if report.diagnostics.iter().any(|d| d.is_internal_error()) {
            ExitCode::from(2)
        } else if !args.exit_zero && report.fails(threshold) {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        },
    )
}

fn read_baseline(path: &std::path::Path) -> anyhow::Result<candor::baseline::Baseline> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read baseline {}: {e}", path.display()))?;
    candor::baseline::Baseline::parse(&text)
        .map_err(|e| anyhow::anyhow!("baseline {}: {e}", path.display()))
}

fn github(args: GithubArgs) -> anyhow::Result<ExitCode> {
    use candor::github::{Filter, Options};
    if let (Some(file), Some(pr)) = (&args.post_comment, args.pr) {
        candor::github::post_comment(file, pr)?;
        return Ok(ExitCode::SUCCESS);
    }
    let opts = Options {
        request: discover::Request {
            paths: args.paths,
            config: args.config,
            ..discover::Request::default()
        },
        filter: match args.filter {
            FilterMode::Added => Filter::Added,
            FilterMode::DiffContext => Filter::DiffContext,
            FilterMode::File => Filter::File,
            FilterMode::All => Filter::All,
        },
        annotate: args.annotate,
        comment: args.comment,
        check_run: args.check_run,
        check_name: args.check_name,
        sarif: args.sarif,
        baseline: args.baseline.as_deref().map(read_baseline).transpose()?,
        fail_on: args.fail_on.map(Severity::from),
        exit_zero: args.exit_zero,
        publish_badge: args.publish_badge,
        badge_branch: args.badge_branch,
        comment_file: args.comment_file,
    };
    Ok(if candor::github::run(opts)? {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn init(force_toml: bool) -> anyhow::Result<ExitCode> {
    use candor::init::{InitError, add_to_pyproject, candor_toml};
    for name in [".candor.toml", "candor.toml"] {
        if std::path::Path::new(name).exists() {
            anyhow::bail!("{name} already exists; nothing to do");
        }
    }
    let pyproject = std::path::Path::new("pyproject.toml");
    if pyproject.exists() && !force_toml {
        let text = std::fs::read_to_string(pyproject)?;
        return match add_to_pyproject(&text) {
            Ok(new) => {
                std::fs::write(pyproject, new)?;
                writeln!(
                    std::io::stdout(),
                    "candor: added [tool.candor] to pyproject.toml"
                )?;
                Ok(ExitCode::SUCCESS)
            }
            Err(InitError::AlreadyConfigured) => {
                anyhow::bail!("pyproject.toml already has [tool.candor]; nothing to do")
            }
            Err(InitError::Invalid(e)) => anyhow::bail!("pyproject.toml is not valid TOML: {e}"),
        };
    }
    std::fs::write("candor.toml", candor_toml())?;
    writeln!(std::io::stdout(), "candor: wrote candor.toml")?;
    Ok(ExitCode::SUCCESS)
}

/// Scans one folder for `score` and `badge`.
fn scan_for_score(
    path: Option<PathBuf>,
    config: Option<PathBuf>,
) -> anyhow::Result<candor::Report> {
    let request = discover::Request {
        paths: path.into_iter().collect(),
        config,
        ..discover::Request::default()
    };
    Ok(discover::run(&request, &AtomicUsize::new(0))?.report)
}

fn score(
    path: Option<PathBuf>,
    format: ScoreFormat,
    config: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let report = scan_for_score(path, config)?;
    let Some(card) = &report.scorecard else {
        writeln!(
            std::io::stdout(),
            "Readiness: no criterion applies (nothing to score)"
        )?;
        return Ok(ExitCode::SUCCESS);
    };
    match format {
        ScoreFormat::Text => write!(std::io::stdout(), "{}", card.text_table())?,
        ScoreFormat::Json => {
            writeln!(std::io::stdout(), "{}", serde_json::to_string_pretty(card)?)?
        }
        ScoreFormat::Markdown => write!(std::io::stdout(), "{}", card.markdown_table())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn badge(
    path: Option<PathBuf>,
    out: &std::path::Path,
    endpoint: Option<&std::path::Path>,
    config: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    use candor::report::badge;
    let card = match scan_for_score(path, config) {
        Ok(report) => report.scorecard,
        Err(err) => {
            // The endpoint JSON says the analysis failed; the error still exits 2.
            if let Some(e) = endpoint {
                std::fs::write(e, badge::endpoint_json(None))?;
            }
            return Err(err);
        }
    };
    std::fs::write(out, badge::svg(card.as_ref()))
        .map_err(|e| anyhow::anyhow!("{}: {e}", out.display()))?;
    if let Some(e) = endpoint {
        std::fs::write(e, badge::endpoint_json(card.as_ref()))
            .map_err(|err| anyhow::anyhow!("{}: {err}", e.display()))?;
    }
    match &card {
        Some(c) => eprintln!("readiness {:.1}/10 -> {}", c.score, out.display()),
        None => eprintln!("readiness unknown (nothing to score) -> {}", out.display()),
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints `scanning… N files` on stderr when it is a terminal and the scan
/// has taken over a second; clears the line when done.
fn spawn_progress(
    count: Arc<AtomicUsize>,
    done: Arc<AtomicBool>,
) -> Option<std::thread::JoinHandle<()>> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    Some(std::thread::spawn(move || {
        let mut waited = Duration::ZERO;
        let mut shown = false;
        while !done.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(100));
            waited += Duration::from_millis(100);
            if waited >= Duration::from_secs(1) && waited.as_millis().is_multiple_of(250) {
                eprint!(
                    "\rcandor: scanning… {} files",
                    count.load(Ordering::Relaxed)
                );
                shown = true;
            }
        }
        if shown {
            eprint!("\r\x1b[2K");
        }
    }))
}
