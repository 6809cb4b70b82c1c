//! The command line: flags, the shared vault setup, and one module per subcommand. Renders the
//! core's answers as text or JSON; holds no logic of its own.

mod check;
mod completions;
mod contacts;
mod due;
mod export;
mod graph;
mod import;
mod index;
mod init;
mod intro;
mod merge;
mod plan;
pub mod render;
pub mod search;
mod show;
mod stats;
mod version;

use crate::config::{self, VaultConfig};
use crate::core::features::card::ContactCard;
use crate::core::features::followups::FollowUp;
use crate::core::features::summaries;
use crate::core::{Date, Index};
use crate::store::{self, Store};
use crate::vault::{self, LoadStats};
use anyhow::{Context, Result, anyhow};
use clap::{Parser, Subcommand, ValueEnum};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "ties",
    version = version::short(),
    long_version = version::long(),
    about = "Keep your professional network alive from plain Markdown notes"
)]
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
    /// Look at a vault (Obsidian, Logseq, Foam or plain), say what was found and write a
    /// commented ties.toml with those settings. Never overwrites one.
    Init {
        /// The vault folder (default: the current folder).
        dir: Option<PathBuf>,
        /// Print the ties.toml instead of writing it.
        #[arg(long)]
        dry_run: bool,
    },
    // --- network (issue 11): intro, plan, stats, graph ---
    /// Ranked ways into a company: people there, alumni, and who knows someone there.
    Intro {
        /// The company's handle, name or alias.
        company: String,
        dir: Option<PathBuf>,
        /// Show at most this many paths.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Who to write to in the next days, each with one reason and an action.
    Plan {
        dir: Option<PathBuf>,
        /// How many days ahead to look.
        #[arg(long, default_value_t = 7)]
        days: u32,
        /// At most this many people.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// The network's health in numbers: ties, weak ties touched, give and take, weekly exchanges.
    Stats {
        dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// You, people and companies with their links, as JSON or Graphviz DOT.
    Graph {
        dir: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = graph::GraphFormat::Json)]
        format: graph::GraphFormat,
        /// Keep at most this many nodes (the most connected).
        #[arg(long, default_value_t = crate::core::features::graph::DEFAULT_LIMIT)]
        limit: usize,
    },
    // --- end network ---
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
    /// Serve the vault to AI assistants over the Model Context Protocol on stdin/stdout.
    /// Read-only unless --allow-writes.
    Mcp {
        /// The vault (default: the nearest folder holding ties.toml, .obsidian or .git).
        dir: Option<PathBuf>,
        /// Let the assistant change notes (log_exchange, add_follow_up, complete_follow_up).
        #[arg(long)]
        allow_writes: bool,
        /// Do not follow changes on disk: answer from the notes as they were at start.
        #[arg(long)]
        no_watch: bool,
        /// Append logs to this file instead of stderr.
        #[arg(long, value_name = "PATH")]
        log_file: Option<PathBuf>,
    },
    /// Print a shell completion script, e.g. `ties completions bash > ~/.local/share/bash-completion/completions/ties`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `ties man | man -l -`; --out-dir writes one page per subcommand.
    Man {
        /// Write ties.1 and ties-<subcommand>.1 into this folder instead of printing ties.1.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
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
        return crate::lsp::run(crate::lsp::Options {
            cache_dir: args.cache_dir,
            no_cache: args.no_cache,
            today,
            pause: None,
        });
    }
    if let Command::Mcp { dir, allow_writes, no_watch, log_file } = args.command {
        let writer = log_file.as_ref().map(crate::lsp::log_file).transpose()?;
        init_logs(args.verbose.max(1), writer);
        let today = args.today.as_deref().map(|t| today(Some(t))).transpose()?;
        let (cache_dir, no_cache) = (args.cache_dir, args.no_cache);
        let watch = !no_watch;
        return crate::mcp::run(crate::mcp::Options { dir, today, cache_dir, no_cache, allow_writes, watch });
    }
    match &args.command {
        Command::Completions { shell } => return completions::completions(*shell),
        Command::Man { out_dir } => return completions::man(out_dir.as_deref()),
        _ => {}
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
        Command::Init { dir, dry_run } => init::run(dir.as_deref(), dry_run),
        // network (issue 11)
        Command::Intro { company, dir, limit, json } => intro::run(&ctx, &company, dir.as_deref(), limit, json),
        Command::Plan { dir, days, limit, json } => plan::run(&ctx, dir.as_deref(), days, limit, json),
        Command::Stats { dir, json } => stats::run(&ctx, dir.as_deref(), json),
        Command::Graph { dir, format, limit } => graph::run(&ctx, dir.as_deref(), format, limit),
        Command::Import { what } => import::run(&ctx, what),
        Command::Export { what } => export::run(&ctx, what),
        Command::Merge { from, into, dir, dry_run, json } => {
            merge::run(&ctx, &from, &into, dir.as_deref(), dry_run, json)
        }
        Command::Lsp { .. } | Command::Mcp { .. } | Command::Completions { .. } | Command::Man { .. } => {
            unreachable!("handled above")
        }
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
    /// The current texts of notes, for summaries (the index keeps none); unreadable ones are
    /// left out.
    fn texts(&self, paths: &[String]) -> HashMap<String, String> {
        paths.iter().filter_map(|rel| Some((rel.clone(), self.text_of(rel)?))).collect()
    }

    /// The text of one note as it is on disk now.
    pub fn text_of(&self, rel: &str) -> Option<String> {
        let root = if self.shown.as_os_str().is_empty() { Path::new(".") } else { self.shown.as_path() };
        crate::vault::read_text(&root.join(rel)).ok().map(|(text, _)| text)
    }

    /// The summary of one block of a note, read from disk; None when the note changed since
    /// it was indexed (never another paragraph than the indexed one).
    pub fn summary(&self, rel: &str, block: u32) -> Option<String> {
        let facts = self.index.get(rel)?;
        summaries::block_summary(facts, &self.text_of(rel)?, block)
    }

    /// Fills a card's summaries from the notes on disk. A note changed since it was indexed
    /// (during this command) shows no summary rather than the wrong paragraph.
    pub fn fill_card(&self, card: &mut ContactCard) {
        let missing = summaries::fill_card(&self.index, card, &|_| None);
        let texts = self.texts(&missing.unread);
        summaries::fill_card(&self.index, card, &|p| texts.get(p).map(String::as_str));
    }

    /// Fills the text of follow-ups from the notes on disk.
    pub fn fill_follow_ups(&self, list: &mut [FollowUp]) {
        let missing = summaries::fill_follow_ups(&self.index, list, &|_| None);
        let texts = self.texts(&missing.unread);
        summaries::fill_follow_ups(&self.index, list, &|p| texts.get(p).map(String::as_str));
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
            store::open_cache(self.cache_dir.as_deref(), &root, &config.core.parse_options().key())
        };
        if store.is_none() && want_store {
            store = Some(Store::in_memory()?);
        }
        let (index, stats) = vault::load(&root, &config, store.as_mut(), progress)?;
        Ok(Vault { shown, config, index, stats, store })
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
