//! `qwen-route`: route, shape, lint and export Qwen requests from the command line.
//!
//! Every failure is one line on stderr and exit code 2; JSON goes to stdout with `--json`.

mod cmd;
mod input;
mod serve;
mod text;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Which surface, which model, which exact HTTP request — and what will go wrong before you send it.
#[derive(Parser)]
#[command(name = "qwen-route", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Language of findings, notes and diagnoses: en (default) or zh-CN. Codes, ids and field
    /// names stay as they are.
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Show the catalog: surfaces, models, workloads (`?` marks unconfirmed facts).
    Catalog(cmd::catalog::Args),
    /// Pick a surface, model and parameters for a workload, with reasons and fallbacks.
    Route(cmd::route::Args),
    /// Compile a payload into the exact wire request for a surface, with pre-flight lint.
    Shape(cmd::shape::Args),
    /// Print a shaped request as curl, JavaScript or Python.
    Export(cmd::shape::ExportArgs),
    /// Decode a server-sent events stream (stdin); one JSON line per event.
    Sse(cmd::stream::SseArgs),
    /// Assemble a stream or a body (stdin): answer, reasoning, tool calls, usage, timings, diagnosis.
    Assemble(cmd::stream::AssembleArgs),
    /// Diagnose a failed call: cause, fix, whether and when to retry.
    Diagnose(cmd::diagnose::Args),
    /// Check an answer (stdin) against a JSON Schema; exit code 1 when it does not match.
    Check(cmd::check::CheckArgs),
    /// Compare a /models answer (stdin) with the catalog.
    Models(cmd::check::ModelsArgs),
    /// Find out what a server can do (streaming, reasoning, tools, JSON, images, context, CORS), with the flag to fix what is missing; exit 1 when something is
    Probe(cmd::probe::Args),
    /// A redacted one-file repro of a failed call; --send shrinks the payload first.
    Repro(cmd::repro::Args),
    /// Serve simulated Qwen surfaces on 127.0.0.1 (no key, no network, no model).
    Sim(serve::sim::Args),
    /// Relay browser calls to hosts that refuse them (CORS), on 127.0.0.1, never storing the key.
    Relay(serve::relay::Args),
}

/// A failure the user can act on, printed as one line.
pub(crate) struct Failure(pub String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!("qwen-route: internal error (please report it): {msg}");
    }));
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                let _ = e.print();
                return ExitCode::from(2);
            }
            let rendered = e.render().to_string();
            let first = rendered.lines().next().unwrap_or("invalid arguments");
            let first = first.strip_prefix("error: ").unwrap_or(first);
            eprintln!("qwen-route: {first} (see --help)");
            return ExitCode::from(2);
        }
    };
    if let Some(tag) = cli.lang.as_deref() {
        match qwen_route_i18n::Lang::parse(tag) {
            Some(l) => cmd::set_lang(l),
            None => {
                eprintln!(
                    "qwen-route: --lang {tag:?} is not a language qwen-route speaks (en, zh-CN)"
                );
                return ExitCode::from(2);
            }
        }
    }
    let result = match cli.command {
        Command::Catalog(a) => match cmd::catalog::run_checked(a) {
            Ok((out, fresh)) => {
                let mut stdout = std::io::stdout().lock();
                if stdout.write_all(out.as_bytes()).is_err() {
                    return ExitCode::from(2);
                }
                return if fresh { ExitCode::SUCCESS } else { ExitCode::from(1) };
            }
            Err(e) => Err(e),
        },
        Command::Route(a) => cmd::route::run(a),
        Command::Shape(a) => cmd::shape::run(a),
        Command::Export(a) => cmd::shape::run_export(a),
        Command::Sse(a) => cmd::stream::run_sse(a),
        Command::Assemble(a) => cmd::stream::run_assemble(a),
        Command::Diagnose(a) => cmd::diagnose::run(a),
        Command::Models(a) => cmd::check::run_models(a),
        Command::Repro(a) => cmd::repro::run(a),
        Command::Sim(a) => serve::sim::run(a),
        Command::Relay(a) => serve::relay::run(a),
        Command::Probe(a) => match cmd::probe::run(a) {
            Ok((out, ok)) => {
                let mut stdout = std::io::stdout().lock();
                if stdout.write_all(out.as_bytes()).is_err() {
                    return ExitCode::from(2);
                }
                return if ok { ExitCode::SUCCESS } else { ExitCode::from(1) };
            }
            Err(e) => Err(e),
        },
        Command::Check(a) => match cmd::check::run_check(a) {
            Ok((out, valid)) => {
                let mut stdout = std::io::stdout().lock();
                if stdout.write_all(out.as_bytes()).is_err() {
                    return ExitCode::from(2);
                }
                return if valid { ExitCode::SUCCESS } else { ExitCode::from(1) };
            }
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            if stdout.write_all(out.as_bytes()).is_err() {
                return ExitCode::from(2);
            }
            ExitCode::SUCCESS
        }
        Err(Failure(msg)) => {
            let line = msg.lines().next().unwrap_or("failed");
            eprintln!("qwen-route: {line}");
            ExitCode::from(2)
        }
    }
}
