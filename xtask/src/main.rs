//! `cargo xtask <command>`: the project's automation, std-only except for gzip sizing and the
//! second-source readers (which need the catalog and a TOML parser).
//!
//! Every command installs what it needs when it is missing (idempotently) and prints what it
//! is doing, so a newcomer on a fresh machine needs nothing but `cargo`.

mod bench;
mod capture;
mod dist;
mod e2e;
mod fuzz;
mod install;
mod npm;
mod peers;
mod run;
mod second_sources;
mod site;
mod size;
mod stream_hold;
mod tidy;
mod unstable;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  serve [--port N] [--panic-messages]
            build the playground and serve it on http://127.0.0.1:8090 (installs trunk,
            wasm-bindgen-cli and the npm tools if missing); --panic-messages builds it so a
            panic prints its message in the browser console
  test      everything: fmt check, clippy -D warnings, all Rust tests, the openai Python and
            npm clients against qwen-sim, the npm package (dist + size snapshot + Node tests +
            tsc + a Vite app in Chromium)
  tidy      the rules the compiler does not check (a part of test)
  second-sources [--update --models-dev DIR --litellm FILE --litellm-version V]
            the catalog against models.dev and LiteLLM snapshots in tests/second-sources/,
            and the models.dev export read back (a part of test); --update re-reads them from
            copies you fetched (how: xtask/src/second_sources.rs)
  tour      a 60-second tour of the qwen-route CLI
  e2e [NAME…]  the playground end to end in Chromium (a part of test); with names, only the
            test files under tests/e2e whose names contain one of them
  peers     the openai Python and npm clients against qwen-sim, and three Qwen clients
            (@ai-sdk/alibaba, qwen-ai-provider-v5, LiteLLM) captured on the wire and compared
            with tests/fixtures/peers (a part of test); `peers --update` rewrites those fixtures
  dist      build the npm package reproducibly and npm-pack it (target/npm/)
  npm       the npm package's tests alone (a part of test): both entries in Node, tsc
            --strict, Vite pages and a plain page in Chromium, the size snapshots
  size      build the npm package and the playground, print sizes; `size --update` rewrites
            the snapshots in tests/snapshots/
  bench [native|node|site]  benchmarks against named peers, with ratio tables (all by default)
  fuzz [S]  cargo-fuzz every target for S seconds each (default 60); installs cargo-fuzz
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => commands_test(),
        Some("tour") => commands_tour(),
        Some("serve") => {
            let port = match args.iter().position(|a| a == "--port") {
                Some(i) => match args.get(i + 1).and_then(|p| p.parse().ok()) {
                    Some(p) => p,
                    None => {
                        eprintln!("xtask: --port needs a number");
                        return ExitCode::FAILURE;
                    }
                },
                None => site::PORT,
            };
            if args.iter().any(|a| a == "--panic-messages") {
                // Read by site::wasm_env for this build.
                std::env::set_var("QR_PANIC_MESSAGES", "1");
            }
            site::serve(port)
        }
        Some("dist") => dist::build().map(|_| ()),
        Some("npm") => npm::test().map(|_| ()),
        Some("peers") if args.get(1).is_some_and(|a| a == "--update") => crate::capture::test(true),
        Some("peers") => peers::test(),
        Some("e2e") => e2e::test(&args[1..]),
        Some("size") => {
            let update = args.get(1).is_some_and(|a| a == "--update");
            npm::dist_and_size(update)
                .and_then(|_| site::build())
                .and_then(|s| site::sizes(&s, update))
        }
        Some("bench") => match args.get(1).map(String::as_str) {
            Some("native") => bench::native(),
            Some("node") => bench::node(),
            Some("site") => bench::site(),
            _ => bench::native().and_then(|()| bench::node()).and_then(|()| bench::site()),
        },
        Some("tidy") => tidy::check(),
        Some("second-sources") => second_sources::command(&args[1..]),
        Some("fuzz") => {
            let seconds = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(60);
            fuzz::run(seconds)
        }
        Some("-h" | "--help" | "help") | None => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(format!("unknown command {other:?}\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn commands_test() -> Result<(), String> {
    let started = std::time::Instant::now();
    install::wasm_target()?;
    run::step("format check", "cargo", &["fmt", "--all", "--check"])?;
    tidy::check()?;
    run::step(
        "clippy -D warnings",
        "cargo",
        &["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"],
    )?;
    run::step(
        "tests (unit, fixtures, snapshots, doc)",
        "cargo",
        &["test", "--workspace", "--locked"],
    )?;
    fuzz::check()?;
    second_sources::check()?;
    peers::test()?;
    let package = npm::test()?;
    e2e::run_with(&package.dir)?;
    println!("\n==> all checks passed in {:.0?}", started.elapsed());
    Ok(())
}

fn commands_tour() -> Result<(), String> {
    let bin = run::build_cli()?.to_string_lossy().to_string();
    let payload = run::workspace_root().join("tests/fixtures/tour/payload.json");
    let payload = payload.to_string_lossy().to_string();
    let tour: &[(&str, Vec<&str>)] = &[
        (
            "Which surface and model for fast chat? (reasons, fallbacks, how to verify)",
            vec!["route", "--workload", "fast-chat"],
        ),
        (
            "Vision on the Coding Plan in Beijing",
            vec!["route", "--workload", "vision", "--plan", "coding-plan", "--region", "cn"],
        ),
        (
            "The exact wire request for qwen3.5-plus with low thinking, and what will go wrong",
            vec![
                "shape",
                "--surface",
                "dashscope-intl",
                "--model",
                "qwen3.5-plus",
                "--thinking",
                "low",
                "--payload",
                &payload,
                "--text",
            ],
        ),
        (
            "The same payload for a self-hosted vLLM server",
            vec![
                "shape",
                "--surface",
                "vllm",
                "--model",
                "Qwen/Qwen3-8B",
                "--thinking",
                "off",
                "--payload",
                &payload,
                "--text",
            ],
        ),
        (
            "A Coding Plan key on a pay-as-you-go host, caught before sending",
            vec![
                "shape",
                "--surface",
                "dashscope-intl",
                "--model",
                "qwen-plus",
                "--key-prefix",
                "sk-sp-",
                "--payload",
                &payload,
                "--text",
            ],
        ),
        (
            "Copyable Python (DashScope extensions in extra_body, key from the environment)",
            vec![
                "export",
                "--format",
                "python",
                "--surface",
                "dashscope-intl",
                "--model",
                "qwen3.5-plus",
                "--thinking",
                "high",
                "--payload",
                &payload,
            ],
        ),
    ];
    for (title, args) in tour {
        println!("\n\x1b[1m# {title}\x1b[0m\n$ qwen-route {}", args.join(" "));
        let status = std::process::Command::new(&bin)
            .args(args)
            .status()
            .map_err(|e| format!("cannot run {bin}: {e}"))?;
        if !status.success() {
            return Err(format!("qwen-route {} failed", args.join(" ")));
        }
    }
    println!("\nMore: qwen-route --help · qwen-route catalog · README.md");
    Ok(())
}
