//! Readable text renderings for the terminal.

use std::fmt::Write as _;

use qwen_route::catalog::{self, Model, Surface};
use qwen_route::lint::Severity;
use qwen_route::route::Route;
use qwen_route::shape::Shaped;

pub(crate) fn route(r: &Route) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} → {} · {} ({})", r.workload, r.surface, r.model, r.model_name);
    let _ = writeln!(o, "  base URL  {}", r.base_url);
    if let Some(a) = &r.anthropic {
        let _ = writeln!(
            o,
            "  anthropic {} ({}; Claude Code: qwen-route export --format claude-code){}",
            a.base_url,
            a.auth_header,
            if a.model_listed { "" } else { " · model not on the sourced list for this path" }
        );
    }
    let _ = writeln!(o, "  key       ${}", r.env_var);
    let p = &r.params;
    let mut params = vec![
        format!("thinking {}", p.thinking),
        if p.stream { "stream".into() } else { "no stream".into() },
    ];
    if let Some(t) = p.temperature {
        params.push(format!("temperature {t}"));
    }
    if let Some(t) = p.top_p {
        params.push(format!("top_p {t}"));
    }
    if let Some(f) = p.response_format {
        params.push(format!("response_format {f}"));
    }
    let _ = writeln!(o, "  params    {}", params.join(" · "));
    let _ = writeln!(o, "why");
    for x in &r.reasons {
        let _ = writeln!(o, "  [{}] {}", x.rule, x.text);
    }
    if !r.warnings.is_empty() {
        let _ = writeln!(o, "warnings");
        for w in &r.warnings {
            let _ = writeln!(o, "  ! [{}] {}", w.code, w.text);
        }
    }
    if !r.fallbacks.is_empty() {
        let _ = writeln!(o, "fallbacks");
        for (i, f) in r.fallbacks.iter().enumerate() {
            let _ = writeln!(o, "  {}. {} · {} — {}", i + 1, f.surface, f.model, f.why);
        }
    }
    if let Some(t) = &r.two_pass {
        let _ = writeln!(o, "two passes");
        let _ = writeln!(o, "  {}", t.reason);
        for (n, p) in [(1, &t.first), (2, &t.second)] {
            let _ = writeln!(
                o,
                "  {n}. {} thinking {} — {}{}",
                p.model,
                p.thinking,
                p.role,
                p.response_format.map(|f| format!(" ({f})")).unwrap_or_default()
            );
        }
    }
    let _ = writeln!(o, "verify ({})", r.verify.method);
    let _ = writeln!(o, "  {}", r.verify.command);
    let _ = writeln!(o, "  expect: {}", r.verify.expect);
    if let Some(t) = &r.tradeoff {
        let side = |s: &Option<qwen_route::route::Side>| {
            s.as_ref().map_or("no route".to_string(), ToString::to_string)
        };
        let _ =
            writeln!(o, "hosted ({}) vs self-hosted ({})", side(&t.hosted), side(&t.self_hosted));
        if let Some(m) = &t.missing {
            let _ = writeln!(o, "  ({m})");
        }
        for row in &t.rows {
            let _ = writeln!(o, "  {} → {}", row.label, row.favours.as_str());
            let _ = writeln!(o, "    hosted:      {}", row.hosted);
            let _ = writeln!(o, "    self-hosted: {}", row.self_hosted);
        }
    }
    let _ = writeln!(o, "{}", r.facts.line);
    for f in &r.facts.disputed_facts {
        let _ = writeln!(o, "  disputed: {f} (qwen-route catalog --disputes)");
    }
    for f in &r.facts.unconfirmed_facts {
        let _ = writeln!(o, "  unconfirmed: {f}");
    }
    let _ = writeln!(o, "catalog {}", r.catalog_version);
    o
}

fn severity(s: Severity) -> &'static str {
    s.as_str()
}

pub(crate) fn shaped(s: &Shaped) -> String {
    let mut o = String::new();
    let r = &s.request;
    let _ = writeln!(o, "{} {}", r.method, r.url);
    for (k, v) in &r.headers {
        let _ = writeln!(o, "{k}: {v}");
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "{}", serde_json::to_string_pretty(&r.body).unwrap_or_default());
    if !s.lint.is_empty() {
        let _ = writeln!(o, "\nlint");
        for f in &s.lint {
            let _ = writeln!(o, "  {} [{}] {}", severity(f.severity), f.code, f.message);
            if let Some(e) = f.prevents.and_then(|r| r.row()) {
                let _ = match e.status {
                    0 => writeln!(o, "      prevents: {} ({})", e.title, e.message),
                    status => writeln!(o, "      prevents HTTP {status} like: {}", e.message),
                };
            }
            if !f.fix.is_empty() {
                let _ = writeln!(o, "      fix: {}", f.fix);
            }
        }
    }
    if !s.notes.is_empty() {
        let _ = writeln!(o, "\nnotes");
        for n in &s.notes {
            let _ = writeln!(o, "  [{}] {}", n.code, n.text);
        }
    }
    o
}

pub(crate) fn surface_detail(s: &Surface, served: &[&Model]) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} — {}", s.id, s.name);
    let _ = writeln!(o, "  {}", catalog::summary_line_surface(s));
    if let Some(a) = s.advice {
        let _ = writeln!(o, "  advice: {a}");
    }
    for n in s.notes {
        let _ = writeln!(o, "  - {n}");
    }
    let _ = writeln!(o, "  source: {}", s.source);
    let _ = writeln!(o, "  checked: {}", s.checked);
    let _ = writeln!(o, "models served ({})", served.len());
    for m in served {
        let _ = writeln!(o, "  {}", catalog::summary_line_model(m));
    }
    o
}

pub(crate) fn model_detail(m: &Model) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} — {}", m.id, m.name);
    let _ = writeln!(o, "  {}", catalog::summary_line_model(m));
    for n in m.notes {
        let _ = writeln!(o, "  - {n}");
    }
    if !m.unconfirmed.is_empty() {
        let _ = writeln!(o, "  unconfirmed: {}", m.unconfirmed.join(", "));
    }
    for d in catalog::disputes_of(&format!("model:{}", m.id)) {
        let _ = writeln!(
            o,
            "  disputed {}: {} ({}) against {} ({}); {}",
            d.field, d.ours, d.ours_source, d.theirs, d.theirs_source, d.why
        );
    }
    for p in catalog::prices().iter().filter(|p| p.model == m.id) {
        let _ = writeln!(o, "  price {}", catalog::summary_line_price(p));
        let _ = writeln!(o, "    source: {}", p.source);
    }
    let _ = writeln!(o, "  source: {}", m.source);
    let _ = writeln!(o, "  checked: {}", m.checked);
    o
}

/// What a curl import read and left out, for `shape --from-curl --text`.
pub(crate) fn curl_import(i: &qwen_route::curl::CurlImport) -> String {
    let mut o = String::new();
    let _ =
        writeln!(o, "\nimported from curl: {} → {} ({})", i.url, i.request.surface, i.surface_via);
    let key = match (&i.key_found, &i.key_env) {
        (true, _) => "a key was in the command (used for its class only, not printed)".to_string(),
        (false, Some(env)) => format!("the key is read from ${env}"),
        (false, None) => "no key in the command".to_string(),
    };
    let _ = writeln!(o, "  {key}");
    for n in &i.not_imported {
        let _ = writeln!(o, "  not imported: {} — {}", n.what, n.why);
    }
    o
}
