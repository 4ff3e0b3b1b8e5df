//! The `peerkit` command: parses arguments, runs one subcommand, renders its
//! result and sets the exit status (0 valid, 1 invalid, 2 usage or I/O
//! error).

mod cmd;

use std::process::ExitCode;

use clap::Parser;

// Validation allocates many small strings on every thread; mimalloc's
// per-thread heaps serve them faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Validates, formats, diffs, releases and renders the Peer Worker Support
/// Toolkit.
#[derive(Parser)]
#[command(name = "peerkit", version, about, propagate_version = true)]
struct Cli {
    #[command(flatten)]
    global: cmd::Global,
    #[command(subcommand)]
    command: cmd::Command,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    cmd::init_logging(&cli.global);
    match cmd::run(cli.command, &cli.global) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("peerkit: error: {error:#}");
            ExitCode::from(2)
        }
    }
}
