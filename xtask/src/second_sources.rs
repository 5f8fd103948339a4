//! `cargo xtask second-sources`: the catalog against its pinned second sources, and the
//! models.dev export read back with the same reader.
//!
//! The snapshots live in `tests/second-sources/`:
//! - `models-dev.json`: models.dev's `alibaba`, `alibaba-cn`, `alibaba-coding-plan` and
//!   `alibaba-coding-plan-cn` providers, read with `second_sources::models_dev`;
//! - `litellm.json`: the `dashscope/*` entries of LiteLLM's cost map, verbatim.
//!
//! To take them again (on a machine that reaches GitHub and PyPI):
//!
//! ```text
//! git clone --filter=blob:none https://github.com/anomalyco/models.dev /tmp/models.dev
//! pip download litellm==VERSION --no-deps --only-binary=:all: \
//!     --platform manylinux_2_28_x86_64 --python-version 3.11 -d /tmp/litellm
//! unzip -p /tmp/litellm/litellm-VERSION-*.whl litellm/model_prices_and_context_window_backup.json \
//!     > /tmp/litellm.json
//! cargo xtask second-sources --update --models-dev /tmp/models.dev \
//!     --litellm /tmp/litellm.json --litellm-version VERSION
//! ```
//!
//! Then run `cargo xtask second-sources`: every new disagreement is either fixed in the catalog
//! or recorded in `crates/qwen-route/catalog/disputes.toml` with `second_source`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use qwen_route::catalog::{self, SurfaceFamily};
use second_sources::compare::{compare_scope, family, judge, Fact, Report, Scope};
use second_sources::snapshot::{self, LitellmSnapshot, ModelsDevSnapshot, MODELS_DEV_PROVIDERS};
use second_sources::{litellm, models_dev};

use crate::run;

fn dir() -> PathBuf {
    run::workspace_root().join("tests/second-sources")
}

/// `second-sources [--update --models-dev DIR --litellm FILE --litellm-version V]`.
pub(crate) fn command(args: &[String]) -> Result<(), String> {
    if args.iter().any(|a| a == "--update") {
        update(args)?;
    }
    check()
}

/// The comparison and the interop check, as `cargo xtask test` runs them.
pub(crate) fn check() -> Result<(), String> {
    println!("\n==> second sources: the catalog against tests/second-sources/");
    let report = compare_snapshots()?;
    println!("    {}", report.line());
    let mut problems = Vec::new();
    for f in &report.unrecorded {
        problems.push(format!(
            "{} {} ({}): ours {:?}, theirs {:?} — fix the catalog or record it in catalog/disputes.toml with second_source = {:?} and theirs = {:?}",
            f.row, f.field, f.source, f.ours, f.theirs, f.source, f.theirs
        ));
    }
    for d in &report.outdated_disputes {
        problems.push(format!("disputes.toml records {d}, but the snapshot no longer disagrees: update or drop the dispute"));
    }
    let interop = interop();
    if !problems.is_empty() {
        return Err(format!(
            "second sources: {} problem(s):\n  - {}",
            problems.len(),
            problems.join("\n  - ")
        ));
    }
    interop
}

fn compare_snapshots() -> Result<Report, String> {
    let md: ModelsDevSnapshot = snapshot::load(&dir().join("models-dev.json"))?;
    let ll: LitellmSnapshot = snapshot::load(&dir().join("litellm.json"))?;
    let mut facts: Vec<Fact> = Vec::new();
    let known: BTreeSet<String> = md.providers.values().flatten().map(|m| m.id.clone()).collect();
    for (provider, fam, region) in MODELS_DEV_PROVIDERS {
        let models = md
            .providers
            .get(*provider)
            .ok_or_else(|| format!("models-dev.json has no provider {provider}"))?;
        let source = format!("models-dev:{provider}");
        facts.extend(compare_scope(
            provider_scope(&source, provider, fam, region)?,
            models,
            &known,
        ));
    }
    let ll_models = litellm::read(&ll.entries);
    let ll_known: BTreeSet<String> = ll_models.iter().map(|m| m.id.clone()).collect();
    let scope = Scope {
        source: "litellm",
        family: SurfaceFamily::Dashscope,
        region: "intl",
        lists_availability: false,
        compare_prices: true,
    };
    facts.extend(compare_scope(scope, &ll_models, &ll_known));
    Ok(judge(facts, catalog::disputes()))
}

/// `qwen-route catalog --format models-dev --out DIR`, read back with the same reader: it must
/// parse, list every model the catalog serves on those surfaces, and agree on every fact.
fn interop() -> Result<(), String> {
    let bin = run::build_cli()?;
    let out = run::target_dir().join("models-dev-export");
    let _ = std::fs::remove_dir_all(&out);
    let status = Command::new(&bin)
        .args(["catalog", "--format", "models-dev", "--out"])
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .status()
        .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
    if !status.success() {
        return Err("qwen-route catalog --format models-dev failed".into());
    }
    let names: Vec<&str> = MODELS_DEV_PROVIDERS.iter().map(|p| p.0).collect();
    let tree = models_dev::read_tree(&out, &names)?;
    let known: BTreeSet<String> = tree.values().flatten().map(|m| m.id.clone()).collect();
    let mut facts = Vec::new();
    for (provider, fam, region) in MODELS_DEV_PROVIDERS {
        let source = format!("export:{provider}");
        let scope = provider_scope(&source, provider, fam, region)?;
        facts.extend(compare_scope(scope, &tree[*provider], &known));
    }
    let wrong: Vec<String> = facts
        .iter()
        .filter(|f| !f.agrees())
        .map(|f| {
            format!(
                "{} {} ({}): catalog {:?}, export {:?}",
                f.row, f.field, f.source, f.ours, f.theirs
            )
        })
        .collect();
    println!(
        "    models.dev export: {} models in {} providers read back, {} facts compared, {} differ",
        known.len(),
        tree.len(),
        facts.len(),
        wrong.len()
    );
    if facts.is_empty() || !wrong.is_empty() {
        return Err(format!(
            "the models.dev export disagrees with the catalog:\n  - {}",
            wrong.join("\n  - ")
        ));
    }
    Ok(())
}

fn flag<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).map(String::as_str)
}

fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    catalog::CivilDate::from_unix_days((secs / 86_400) as i64).to_string()
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn update(args: &[String]) -> Result<(), String> {
    let usage = "usage: cargo xtask second-sources --update --models-dev DIR [--models-dev-commit SHA --models-dev-date YYYY-MM-DD] --litellm FILE --litellm-version V";
    let md_dir = PathBuf::from(flag(args, "--models-dev").ok_or(usage)?);
    let ll_file = PathBuf::from(flag(args, "--litellm").ok_or(usage)?);
    let ll_version = flag(args, "--litellm-version").ok_or(usage)?;
    let commit = flag(args, "--models-dev-commit")
        .map(str::to_string)
        .or_else(|| git(&md_dir, &["rev-parse", "HEAD"]))
        .ok_or("give --models-dev-commit (DIR is not a git checkout)")?;
    let date = flag(args, "--models-dev-date")
        .map(str::to_string)
        .or_else(|| git(&md_dir, &["log", "-1", "--format=%cs"]))
        .ok_or("give --models-dev-date (DIR is not a git checkout)")?;
    let names: Vec<&str> = MODELS_DEV_PROVIDERS.iter().map(|p| p.0).collect();
    let md = ModelsDevSnapshot {
        repository: "anomalyco/models.dev".into(),
        commit,
        date,
        checked: today(),
        how:
            "cargo xtask second-sources --update --models-dev DIR (see xtask/src/second_sources.rs)"
                .into(),
        providers: models_dev::read_tree(&md_dir, &names)?,
    };
    let text = std::fs::read_to_string(&ll_file)
        .map_err(|e| format!("cannot read {}: {e}", ll_file.display()))?;
    let all: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", ll_file.display()))?;
    let sha256 = Command::new("sha256sum")
        .arg(&ll_file)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout).split_whitespace().next().map(str::to_string)
        })
        .unwrap_or_default();
    let ll = LitellmSnapshot {
        repository: "BerriAI/litellm".into(),
        version: ll_version.to_string(),
        commit: format!("tag v{ll_version} (the PyPI wheel records no commit)"),
        file: "model_prices_and_context_window.json (the wheel's litellm/model_prices_and_context_window_backup.json)".into(),
        sha256,
        checked: today(),
        how: "cargo xtask second-sources --update --litellm FILE --litellm-version V (see xtask/src/second_sources.rs)".into(),
        entries: litellm::dashscope_entries(&all)?,
    };
    std::fs::create_dir_all(dir()).map_err(|e| e.to_string())?;
    snapshot::save(&dir().join("models-dev.json"), &md)?;
    snapshot::save(&dir().join("litellm.json"), &ll)?;
    println!(
        "    wrote tests/second-sources/models-dev.json ({} models) and litellm.json ({} entries)",
        md.providers.values().map(Vec::len).sum::<usize>(),
        ll.entries.len()
    );
    Ok(())
}

/// The comparison scope of one models.dev provider (a snapshot's or our export's): its whole
/// list says what is served, and the `alibaba` provider's prices are the pay-as-you-go ones.
fn provider_scope<'a>(
    source: &'a str,
    provider: &str,
    fam: &str,
    region: &'a str,
) -> Result<Scope<'a>, String> {
    Ok(Scope {
        source,
        family: family(fam).ok_or_else(|| format!("no family {fam}"))?,
        region,
        lists_availability: true,
        compare_prices: provider == "alibaba",
    })
}
