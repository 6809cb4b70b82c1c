//! The command line: flags, the shared vault setup, and one module per subcommand. Renders the
//! core's answers as text or JSON; holds no logic of its own.

mod check;
mod contacts;
mod due;
mod export;
mod import;
mod index;
mod merge;
mod render;
mod search;
mod show;

use crate::config::{self, VaultConfig};
use crate::core::{Date, Index};
use crate::store::{self, Store};
use crate::vault::{self, LoadStats};
use anyhow::{Context, Result, anyhow};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(name = "ties", version, about = "Keep your professional network alive from plain Markdown notes")]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
    /// The date to compute "overdue" and "going cold" against, YYYY-MM-DD (default: the system date).
    #[arg(long, global = true, env = "TIES_TODAY", value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// Where to keep the index cache (default: $XDG_CACHE_HOME/ties or ~/.cache/ties).
    #[arg(long, global = true, env = "TIES_CACHE_DIR", value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Do not read or write the cache: parse every note.
    #[arg(long, global = true)]
    pub no_cache: bool,
    /// More log output on stderr (-v, -vv).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List findings (overdue follow-ups, catch-ups, unknown mentions, ...) as path:line:col.
    /// Exits 1 when there are warnings or errors.
    Check {
        /// The vault (default: the nearest folder holding ties.toml, .obsidian or .git).
        dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// A table of every contact: last exchange, counts, give and take, catch-up, next follow-up.
    Contacts {
        dir: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = SortBy::Last)]
        sort: SortBy,
        #[arg(long)]
        json: bool,
    },
    /// One contact's card and whole history, newest first.
    Show {
        /// Handle, name or alias (`jane-doe`, `@jane-doe`, "Jane Doe").
        handle: String,
        dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Open follow-ups, overdue first, then by due date.
    Due {
        dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Exchanges whose summary matches every word of TEXT.
    Search {
        text: String,
        dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Build or refresh the cache and report what it did.
    Index {
        dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    // --- import, export, merge (helper "import") ---
    /// Bring people in from LinkedIn or vCard, meetings from a calendar.
    Import {
        #[command(subcommand)]
        what: import::ImportWhat,
    },
    /// Write contacts out (vCard 4.0).
    Export {
        #[command(subcommand)]
        what: export::ExportWhat,
    },
    /// Merge contact FROM into INTO: mentions rewritten, front matter and body merged, FROM removed.
    Merge {
        /// Handle, name or alias of the contact to merge away.
        from: String,
        /// Handle, name or alias of the contact to keep.
        into: String,
        dir: Option<PathBuf>,
        /// Show what would change, write nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    // --- end import ---
    /// Run the language server on stdin/stdout (for editors).
    Lsp {
        /// Accepted for editors that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
        /// Append logs to this file instead of stderr.
        #[arg(long, value_name = "PATH")]
        log_file: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SortBy {
    /// Most recent exchange first.
    Last,
    /// By name.
    Name,
    /// Most exchanges first.
    Count,
    /// Soonest open follow-up first.
    Due,
    /// Most in need of a catch-up first (days past the cadence, relative to it).
    Catchup,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if let Command::Lsp { log_file, .. } = &args.command {
        let writer = log_file.as_ref().map(crate::lsp::log_file).transpose()?;
        init_logs(args.verbose.max(1), writer);
        let today = match args.today.as_deref() {
            Some(_) => Some(today(args.today.as_deref())?),
            None => None,
        };
        return crate::lsp::run(crate::lsp::Options { cache_dir: args.cache_dir, no_cache: args.no_cache, today });
    }
    init_logs(args.verbose, None);
    let today = today(args.today.as_deref())?;
    let ctx = Ctx { today, cache_dir: args.cache_dir.clone(), no_cache: args.no_cache };
    match args.command {
        Command::Check { dir, json } => check::run(&ctx, dir.as_deref(), json),
        Command::Contacts { dir, sort, json } => contacts::run(&ctx, dir.as_deref(), sort, json),
        Command::Show { handle, dir, json } => show::run(&ctx, &handle, dir.as_deref(), json),
        Command::Due { dir, json } => due::run(&ctx, dir.as_deref(), json),
        Command::Search { text, dir, json } => search::run(&ctx, &text, dir.as_deref(), json),
        Command::Index { dir, json } => index::run(&ctx, dir.as_deref(), json),
        Command::Import { what } => import::run(&ctx, what),
        Command::Export { what } => export::run(&ctx, what),
        Command::Merge { from, into, dir, dry_run, json } => {
            merge::run(&ctx, &from, &into, dir.as_deref(), dry_run, json)
        }
        Command::Lsp { .. } => unreachable!("handled above"),
    }
}

/// Logs go to stderr (or a file), never stdout: in `ties lsp` stdout is the protocol.
fn init_logs(verbose: u8, file: Option<std::fs::File>) {
    let level = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("TIES_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("ties={level}")));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).without_time();
    let _ = match file {
        Some(f) => builder.with_ansi(false).with_writer(std::sync::Mutex::new(f)).try_init(),
        None => builder
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .with_writer(std::io::stderr)
            .try_init(),
    };
}

/// `--today` / `TIES_TODAY`, else the system's local date (the one place the CLI reads the clock).
fn today(arg: Option<&str>) -> Result<Date> {
    match arg.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => crate::core::date::parse_iso(s)
            .ok_or_else(|| anyhow!("--today {s} is not a date: write it as YYYY-MM-DD, e.g. --today 2026-11-26")),
        None => Ok(jiff::ZonedDateTime::now().date()),
    }
}

/// What every subcommand shares.
pub struct Ctx {
    pub today: Date,
    pub cache_dir: Option<PathBuf>,
    pub no_cache: bool,
}

/// A loaded vault.
pub struct Vault {
    /// The folder as the user named it (for printing paths they can click).
    pub shown: PathBuf,
    pub config: VaultConfig,
    pub index: Index,
    pub stats: LoadStats,
    pub store: Option<Store>,
}

impl Vault {
    /// The current text of a note, for summaries (the index keeps none).
    pub fn text_of(&self, rel: &str) -> Option<String> {
        let root = if self.shown.as_os_str().is_empty() { Path::new(".") } else { self.shown.as_path() };
        crate::vault::read_text(&root.join(rel)).ok().map(|(text, _)| text)
    }

    /// A summary source reading this vault's notes.
    pub fn summaries(&self) -> crate::core::features::summaries::Summaries<impl FnMut(&str) -> Option<String> + '_> {
        crate::core::features::summaries::Summaries::new(|rel: &str| self.text_of(rel))
    }

    /// How to print a note path: relative to where the user pointed us.
    pub fn display(&self, rel: &str) -> String {
        if self.shown.as_os_str().is_empty() || self.shown == Path::new(".") {
            rel.to_string()
        } else {
            self.shown.join(rel).display().to_string()
        }
    }
}

impl Ctx {
    /// Finds, configures and indexes the vault. `want_store` keeps a store even with
    /// `--no-cache` (in memory), for full-text search.
    pub fn open(
        &self,
        dir: Option<&Path>,
        want_store: bool,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<Vault> {
        let shown = match dir {
            Some(d) => d.to_path_buf(),
            None => {
                let cwd = std::env::current_dir().context("cannot read the current folder")?;
                let root = vault::find_root(&cwd);
                pathdiff(&root, &cwd)
            }
        };
        let root = if shown.as_os_str().is_empty() { PathBuf::from(".") } else { shown.clone() };
        if !root.exists() {
            return Err(anyhow!("{}: no such folder: give the folder that holds your notes", root.display()));
        }
        vault::check_root(&root)?;
        let config = config::load(&root)?;
        let mut store = if self.no_cache {
            None
        } else {
            self.cache_path(&root).and_then(|path| match Store::open(&path) {
                Ok(s) => Some(s),
                Err(err) => {
                    tracing::warn!("working without a cache: {err:#}");
                    None
                }
            })
        };
        if store.is_none() && want_store {
            store = Some(Store::in_memory()?);
        }
        let (index, stats) = vault::load(&root, &config, store.as_mut(), progress)?;
        Ok(Vault { shown, config, index, stats, store })
    }

    fn cache_path(&self, root: &Path) -> Option<PathBuf> {
        let dir = self.cache_dir.clone().or_else(store::default_cache_dir)?;
        Some(store::cache_file(&dir, root))
    }
}

/// `root` relative to `cwd` when it is an ancestor (`..`, `../..`), else `root` itself.
fn pathdiff(root: &Path, cwd: &Path) -> PathBuf {
    let Ok(rest) = cwd.strip_prefix(root) else {
        return root.to_path_buf();
    };
    let ups = rest.components().count();
    if ups == 0 {
        return PathBuf::new();
    }
    (0..ups).map(|_| "..").collect()
}

/// No progress display.
pub fn quiet(_: usize, _: usize) {}
