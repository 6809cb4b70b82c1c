//! The `ties` binary: parse flags, run, print an error once.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = ties::cli::Args::parse();
    match ties::cli::run(args) {
        Ok(code) => code,
        // `ties contacts | head`: the reader left; that is not an error.
        Err(err)
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("ties: {err:#}");
            ExitCode::from(2)
        }
    }
}
