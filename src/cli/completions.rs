//! `ties completions SHELL` and `ties man`: the shell completion scripts (clap_complete) and
//! the man pages (clap_mangen), generated from the parser's own definition so they never drift.

use super::Args;
use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_complete::Shell;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Prints the completion script for `shell` on stdout.
pub fn completions(shell: Shell) -> Result<ExitCode> {
    let mut cmd = Args::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "ties", &mut script);
    std::io::stdout().lock().write_all(&script).context("cannot write the completion script to stdout")?;
    Ok(ExitCode::SUCCESS)
}

/// Prints the man page of `ties` on stdout, or with `out_dir` writes `ties.1` and one page per
/// subcommand (`ties-check.1`, ...) into that folder.
pub fn man(out_dir: Option<&Path>) -> Result<ExitCode> {
    let cmd = Args::command();
    match out_dir {
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut page).context("cannot render the man page")?;
            std::io::stdout().lock().write_all(&page).context("cannot write the man page to stdout")?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create the folder {}", dir.display()))?;
            clap_mangen::generate_to(cmd, dir)
                .with_context(|| format!("cannot write the man pages into {}", dir.display()))?;
            eprintln!("ties: man pages written to {}; read one with `man {}/ties.1`", dir.display(), dir.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
