//! The `ties` binary: parse flags, run, print an error once.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = ties::cli::Args::parse();
    match ties::cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("ties: {err:#}");
            ExitCode::from(2)
        }
    }
}
