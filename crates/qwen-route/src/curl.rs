//! curl import: a pasted `curl` command (from the OpenAI, DashScope or vLLM docs, from
//! `qwen-route export`, or from a browser's "Copy as cURL") read back into what qwen-route
//! shapes: the surface, base URL, model, wire dialect and payload, plus the key when the command
//! carries one. Everything that cannot be imported is listed, never dropped silently.
//!
//! The command is tokenised as a POSIX shell would (single and double quotes, `$'…'`, backslash
//! line continuations, a `<<'EOF'` heredoc for `-d @-`); nothing is ever run or expanded.
//!
//! ```
//! use qwen_route::curl::import_curl;
//! let cmd = r#"curl https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions \
//!   -H "Authorization: Bearer sk-abc123" -H 'Content-Type: application/json' -H 'Cookie: x=1' \
//!   -d '{"model": "qwen-plus", "messages": [{"role": "user", "content": "hi"}]}'"#;
//! let i = import_curl(cmd).unwrap();
//! assert_eq!(i.request.surface, "dashscope-intl");
//! assert_eq!(i.request.model, "qwen-plus");
//! assert_eq!(i.key.as_deref(), Some("sk-abc123"));
//! assert!(i.not_imported.iter().any(|n| n.what == "header Cookie"));
//! assert!(!i.request.payload.contains_key("model"));
//! ```

use serde::Serialize;
use serde_json::{Map, Value};

use crate::catalog::{self, Hosting, SurfaceFamily};
use crate::error::Error;
use crate::msg::Msg;
use crate::settings::WireDialect;
use crate::shape::url::{host_of, path_of};
use crate::shape::ShapeRequest;

/// Something in the command that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotImported {
    /// The flag, header or argument (`header Cookie`, `-F`, `--user`).
    pub what: String,
    /// Why it was left out.
    pub why: Msg,
}

/// What a curl command says, ready to shape.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CurlImport {
    /// The shaping request: surface, model, base URL (when it is not the catalog's), dialect,
    /// payload (the body without `model`).
    pub request: ShapeRequest,
    /// The URL the command posts to.
    pub url: String,
    /// The key from `Authorization: Bearer …` or `x-api-key`, when the command holds one
    /// literally. Callers keep it in memory only; it is never serialised.
    #[serde(skip)]
    pub key: Option<String>,
    /// The environment variable the command reads the key from (`$DASHSCOPE_API_KEY`), when it
    /// does.
    pub key_env: Option<String>,
    /// Whether a literal key was found (the key itself is never part of the output).
    pub key_found: bool,
    /// How the surface was chosen.
    pub surface_via: Msg,
    /// Everything left out.
    pub not_imported: Vec<NotImported>,
}

fn invalid(reason: impl Into<String>) -> Error {
    Error::InvalidValue { field: "curl".into(), reason: reason.into() }
}

/// Split a command line into words as a POSIX shell would, without expanding anything.
/// A `<<'TAG'` or `<<TAG` heredoc is returned separately.
fn words(cmd: &str) -> Result<(Vec<String>, Option<String>), Error> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let chars: Vec<char> = cmd.chars().collect();
    let mut i = 0;
    let mut heredoc_tag: Option<String> = None;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1) == Some(&'\n') => i += 2,
            '\\' if chars.get(i + 1) == Some(&'\r') && chars.get(i + 2) == Some(&'\n') => i += 3,
            '\\' => {
                if let Some(&n) = chars.get(i + 1) {
                    cur.push(n);
                    in_word = true;
                }
                i += 2;
            }
            '\'' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&x| x == '\'')
                    .ok_or_else(|| invalid("a single quote is not closed"))?;
                cur.extend(&chars[i + 1..i + 1 + end]);
                in_word = true;
                i += end + 2;
            }
            '$' if chars.get(i + 1) == Some(&'\'') => {
                // ANSI-C quoting ($'…'), as Chrome's "Copy as cURL (bash)" writes.
                i += 2;
                loop {
                    match chars.get(i) {
                        None => return Err(invalid("a $'…' quote is not closed")),
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some('\\') => {
                            let (ch, used) = ansi_escape(&chars[i + 1..]);
                            if let Some(ch) = ch {
                                cur.push(ch);
                            }
                            i += 1 + used;
                        }
                        Some(&ch) => {
                            cur.push(ch);
                            i += 1;
                        }
                    }
                }
                in_word = true;
            }
            '"' => {
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(invalid("a double quote is not closed")),
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some('\\') if matches!(chars.get(i + 1), Some('"' | '\\' | '$' | '`')) => {
                            cur.push(chars[i + 1]);
                            i += 2;
                        }
                        Some('\\') if chars.get(i + 1) == Some(&'\n') => i += 2,
                        Some(&ch) => {
                            cur.push(ch);
                            i += 1;
                        }
                    }
                }
                in_word = true;
            }
            '<' if chars.get(i + 1) == Some(&'<') && !in_word => {
                // A heredoc: `<<'TAG'`, `<<"TAG"` or `<<TAG`; its body starts on the next line.
                i += 2;
                if chars.get(i) == Some(&'-') {
                    i += 1;
                }
                let mut tag = String::new();
                while let Some(&ch) = chars.get(i) {
                    if ch == '\n' {
                        break;
                    }
                    if !matches!(ch, '\'' | '"' | ' ' | '\t') {
                        tag.push(ch);
                    }
                    i += 1;
                }
                if tag.is_empty() {
                    return Err(invalid("a heredoc (<<) without a tag"));
                }
                heredoc_tag = Some(tag);
                i += 1;
                break;
            }
            c if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
                i += 1;
            }
            '|' | ';' | '&' | '>' => {
                // The end of the curl command (a pipe, a redirect, another command).
                break;
            }
            c => {
                cur.push(c);
                in_word = true;
                i += 1;
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    let heredoc = match heredoc_tag {
        None => None,
        Some(tag) => {
            let rest: String = chars[i.min(chars.len())..].iter().collect();
            let mut body = Vec::new();
            let mut closed = false;
            for line in rest.lines() {
                if line.trim() == tag {
                    closed = true;
                    break;
                }
                body.push(line);
            }
            if !closed {
                return Err(invalid(format!("the heredoc is not closed by a line {tag}")));
            }
            Some(body.join("\n"))
        }
    };
    Ok((out, heredoc))
}

/// One ANSI-C escape after a backslash: the character and how many input characters it used.
fn ansi_escape(rest: &[char]) -> (Option<char>, usize) {
    match rest.first() {
        Some('n') => (Some('\n'), 1),
        Some('t') => (Some('\t'), 1),
        Some('r') => (Some('\r'), 1),
        Some('\\') => (Some('\\'), 1),
        Some('\'') => (Some('\''), 1),
        Some('"') => (Some('"'), 1),
        Some('x') => {
            let hex: String =
                rest[1..].iter().take(2).take_while(|c| c.is_ascii_hexdigit()).collect();
            let ch = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
            (ch, 1 + hex.len())
        }
        Some('u') => {
            let hex: String =
                rest[1..].iter().take(4).take_while(|c| c.is_ascii_hexdigit()).collect();
            let ch = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
            (ch, 1 + hex.len())
        }
        Some(&c) => (Some(c), 1),
        None => (None, 0),
    }
}

/// Flags that take a value and change nothing qwen-route shapes.
const HARMLESS_WITH_VALUE: &[&str] =
    &["--max-time", "-m", "--connect-timeout", "--retry", "-o", "--output"];
/// Flags without a value that change nothing qwen-route shapes.
const HARMLESS: &[&str] = &[
    "-s",
    "--silent",
    "-S",
    "--show-error",
    "-N",
    "--no-buffer",
    "-L",
    "--location",
    "--compressed",
    "-i",
    "--include",
    "-v",
    "--verbose",
    "-f",
    "--fail",
    "-sS",
    "-sN",
    "-Ns",
    "-sSN",
    "-k",
    "--insecure",
    "--http1.1",
    "--http2",
    "-g",
    "--globoff",
];
/// Headers the shaper writes itself.
const OWN_HEADERS: &[&str] = &["content-type", "accept", "anthropic-version"];

/// Read a curl command.
///
/// Errors when the command cannot be read at all: no `curl`, unclosed quotes, no URL, or a
/// body that is not a JSON object.
pub fn import_curl(cmd: &str) -> Result<CurlImport, Error> {
    let (words, heredoc) = words(cmd.trim())?;
    let start = words
        .iter()
        .position(|w| w == "curl" || w.ends_with("/curl") || w == "curl.exe")
        .ok_or_else(|| invalid("no curl command found"))?;
    let mut not_imported = Vec::new();
    let mut url: Option<String> = None;
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut data: Option<String> = None;
    let mut method: Option<String> = None;
    let mut it = words[start + 1..].iter();
    let skip = |what: &str, why: Msg, list: &mut Vec<NotImported>| {
        list.push(NotImported { what: what.to_string(), why });
    };
    while let Some(w) = it.next() {
        let (flag, inline) = match w.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (w.clone(), None),
        };
        let value =
            |it: &mut std::slice::Iter<'_, String>| inline.clone().or_else(|| it.next().cloned());
        match flag.as_str() {
            "-H" | "--header" => match value(&mut it).and_then(|h| {
                h.split_once(':').map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            }) {
                Some(h) => headers.push(h),
                None => skip(
                    w,
                    crate::msg!(
                        "curl.not-imported.header-without-name",
                        "a header without a name: value"
                    ),
                    &mut not_imported,
                ),
            },
            "-d" | "--data" | "--data-raw" | "--data-binary" | "--data-ascii" | "--json" => {
                let v = value(&mut it).unwrap_or_default();
                if flag == "--json" {
                    headers.push(("Content-Type".into(), "application/json".into()));
                }
                if v == "@-" {
                    match &heredoc {
                        Some(h) => data = Some(h.clone()),
                        None => skip("-d @-", crate::msg!("curl.not-imported.stdin", "the body is read from standard input, which a pasted command does not carry"), &mut not_imported),
                    }
                } else if let Some(file) = v.strip_prefix('@').filter(|_| flag != "--data-raw") {
                    skip(
                        &format!("{flag} @{file}"),
                        crate::msg!(
                            "curl.not-imported.body-file",
                            "the body is in a file on your machine; paste its JSON as the payload"
                        ),
                        &mut not_imported,
                    );
                } else {
                    data = Some(v);
                }
            }
            "-X" | "--request" => method = value(&mut it),
            "--url" => url = value(&mut it),
            "-u" | "--user" => {
                let _ = value(&mut it);
                skip(
                    &flag,
                    crate::msg!(
                        "curl.not-imported.basic-auth",
                        "basic authentication is not a Qwen key; use Authorization: Bearer"
                    ),
                    &mut not_imported,
                );
            }
            "-F" | "--form" | "--data-urlencode" | "-T" | "--upload-file" => {
                let _ = value(&mut it);
                skip(
                    &flag,
                    crate::msg!(
                        "curl.not-imported.form",
                        "form and file uploads are not JSON chat requests"
                    ),
                    &mut not_imported,
                );
            }
            "-b" | "--cookie" | "-A" | "--user-agent" | "-e" | "--referer" | "-x" | "--proxy"
            | "--cacert" | "--cert" | "--key" | "--resolve" => {
                let _ = value(&mut it);
                skip(
                    &flag,
                    crate::msg!(
                        "curl.not-imported.not-sent",
                        "the playground and qwen-route's exports do not send it"
                    ),
                    &mut not_imported,
                );
            }
            f if HARMLESS_WITH_VALUE.contains(&f) => {
                let _ = value(&mut it);
            }
            f if HARMLESS.contains(&f) => {}
            f if f.starts_with('-') && f.len() > 1 => skip(
                f,
                crate::msg!(
                    "curl.not-imported.unknown-option",
                    "an option qwen-route does not read"
                ),
                &mut not_imported,
            ),
            _ if url.is_none() => url = Some(w.clone()),
            _ => skip(
                w,
                crate::msg!("curl.not-imported.extra-argument", "an extra argument"),
                &mut not_imported,
            ),
        }
    }
    let url = url.ok_or_else(|| invalid("the command has no URL"))?;
    if let Some(m) = method.filter(|m| !m.eq_ignore_ascii_case("POST")) {
        return Err(invalid(format!("the command sends {m}; chat requests are POST")));
    }
    let body = match data.as_deref().map(str::trim) {
        None | Some("") => {
            return Err(invalid("the command has no JSON body (-d, --data, --json)"))
        }
        Some(d) => match serde_json::from_str::<Value>(d) {
            Ok(Value::Object(o)) => o,
            Ok(_) => return Err(invalid("the body is JSON but not an object")),
            Err(e) => return Err(invalid(format!("the body is not JSON: {e}"))),
        },
    };

    // The key, and headers the shaper does not write itself.
    let mut key = None;
    let mut key_env = None;
    let mut record_key = |v: &str| {
        let v = v.trim();
        match v.strip_prefix('$') {
            Some(env) => key_env = Some(env.trim_matches(['{', '}']).to_string()),
            None if !v.is_empty() => key = Some(v.to_string()),
            None => {}
        }
    };
    for (name, v) in &headers {
        let lower = name.to_ascii_lowercase();
        if lower == "authorization" {
            match v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")) {
                Some(k) => record_key(k),
                None => skip(
                    &format!("header {name}"),
                    crate::msg!("curl.not-imported.not-bearer", "only Bearer keys are imported"),
                    &mut not_imported,
                ),
            }
        } else if lower == "x-api-key" {
            record_key(v);
        } else if !OWN_HEADERS.contains(&lower.as_str()) {
            skip(
                &format!("header {name}"),
                crate::msg!(
                    "curl.not-imported.header",
                    "qwen-route sends only the key, Content-Type and the dialect's own headers"
                ),
                &mut not_imported,
            );
        }
    }

    let (surface, base_url, dialect, via) = surface_of(&url)?;
    let mut payload = body;
    let model = match payload.shift_remove("model") {
        Some(Value::String(m)) => m,
        Some(other) => return Err(invalid(format!("the body's model is {other}, not a string"))),
        None => return Err(invalid("the body has no model")),
    };
    let mut request = ShapeRequest::new(surface, model);
    request.base_url = base_url;
    request.dialect = dialect;
    request.allow_unlisted_model = true;
    if dialect == WireDialect::Anthropic {
        anthropic_to_openai(&mut payload, &mut not_imported);
    }
    request.payload = payload;
    Ok(CurlImport {
        request,
        url,
        key_found: key.is_some(),
        key,
        key_env,
        surface_via: via,
        not_imported,
    })
}

/// The surface a URL addresses: a catalog host and path, a self-hosted port, or any
/// OpenAI-compatible server (with the URL as the base).
fn surface_of(url: &str) -> Result<(String, Option<String>, WireDialect, Msg), Error> {
    let rest = url
        .split_once("://")
        .map(|(_, r)| r)
        .ok_or_else(|| invalid(format!("{url:?} is not an http(s) URL")))?;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let base_of = |suffix: &str| {
        url.split(['?', '#']).next().unwrap_or(url).strip_suffix(suffix).map(str::to_string)
    };
    // Anthropic Messages on a catalog host.
    if path.ends_with("/v1/messages") {
        for e in catalog::anthropic_endpoints() {
            if host_of(e.base_url) == host && !e.base_url.contains('{') {
                return Ok((
                    e.surface.to_string(),
                    None,
                    WireDialect::Anthropic,
                    crate::msg!(
                        "curl.via.anthropic-host-and-path",
                        "the host and /apps/anthropic path of {surface}",
                        surface = e.surface
                    ),
                ));
            }
        }
        if let Some(s) = catalog::surfaces().iter().find(|s| {
            s.hosting == Hosting::Hosted
                && !s.is_removed()
                && catalog::anthropic_endpoint(s.id).is_some()
                && host_of(s.base_url) == host
        }) {
            return Ok((
                s.id.to_string(),
                None,
                WireDialect::Anthropic,
                crate::msg!("curl.via.host", "the host of {surface}", surface = s.id),
            ));
        }
        for e in catalog::anthropic_endpoints().iter().filter(|e| !e.base_url.contains('{')) {
            let sim_path = format!("/{}{}{}", e.surface, path_of(e.base_url), e.messages_path);
            if path.ends_with(&sim_path) {
                let base = base_of(e.messages_path);
                return Ok((
                    e.surface.to_string(),
                    base,
                    WireDialect::Anthropic,
                    crate::msg!(
                        "curl.via.sim-path",
                        "qwen-route sim's path for {surface}",
                        surface = e.surface
                    ),
                ));
            }
        }
        return Err(invalid(format!("{host} is not a known Anthropic Messages endpoint; qwen-route imports Messages requests for Model Studio's /apps/anthropic hosts")));
    }
    // A catalog surface with the same host and path.
    for s in catalog::surfaces().iter().filter(|s| !s.is_removed() && !s.base_url.contains('{')) {
        if host_of(s.base_url) == host && path == format!("{}{}", path_of(s.base_url), s.chat_path)
        {
            let local = s.hosting == Hosting::SelfHosted;
            return Ok((
                s.id.to_string(),
                None,
                WireDialect::Openai,
                if local {
                    crate::msg!(
                        "curl.via.default-address",
                        "the default address of {surface}",
                        surface = s.id
                    )
                } else {
                    crate::msg!(
                        "curl.via.host-and-path",
                        "the host and path of {surface}",
                        surface = s.id
                    )
                },
            ));
        }
    }
    let base = base_of("/chat/completions").ok_or_else(|| {
        invalid(format!("{url} does not end in /chat/completions or /v1/messages"))
    })?;
    // qwen-route sim (and its mounts behind a relay): `/<surface>/<the surface's own path>`.
    for s in catalog::surfaces().iter().filter(|s| !s.is_removed() && !s.base_url.contains('{')) {
        if path.ends_with(&format!("/{}{}{}", s.id, path_of(s.base_url), s.chat_path)) {
            return Ok((
                s.id.to_string(),
                Some(base),
                WireDialect::Openai,
                crate::msg!(
                    "curl.via.sim-path",
                    "qwen-route sim's path for {surface}",
                    surface = s.id
                ),
            ));
        }
    }
    // A workspace host (`{ws}.{region}.maas.aliyuncs.com`) or another Alibaba Cloud host.
    if host.ends_with(".maas.aliyuncs.com") && path.starts_with("/compatible-mode/") {
        return Ok((
            "dashscope-workspace".into(),
            Some(base),
            WireDialect::Openai,
            crate::msg!("curl.via.workspace-host", "a workspace host"),
        ));
    }
    // Any other server speaking the OpenAI dialect: self-hosted families by their well-known
    // ports, else openai-compatible.
    let port = host.rsplit_once(':').map(|(_, p)| p);
    let family = match port {
        Some("11434") => Some(SurfaceFamily::Ollama),
        Some("30000") => Some(SurfaceFamily::Sglang),
        Some("4000") => Some(SurfaceFamily::Litellm),
        _ => None,
    };
    let s = family
        .and_then(|f| catalog::surfaces().iter().find(|s| s.family == f))
        .map_or("openai-compatible", |s| s.id);
    let via = match family {
        Some(_) => crate::msg!(
            "curl.via.default-port",
            "the port {port} ({surface}'s default)",
            port = port.unwrap_or(""),
            surface = s
        ),
        None => crate::msg!(
            "curl.via.openai-compatible",
            "an OpenAI-compatible URL on a host the catalog does not list"
        ),
    };
    Ok((s.to_string(), Some(base), WireDialect::Openai, via))
}

/// A Messages body read back into the OpenAI shape the shaper takes (`system` to a system
/// message, thinking to `thinking` that the payload reader understands); the shaper turns it
/// into Messages again.
fn anthropic_to_openai(p: &mut Map<String, Value>, not_imported: &mut Vec<NotImported>) {
    let mut msgs = Vec::new();
    match p.shift_remove("system") {
        Some(Value::String(s)) => msgs.push(serde_json::json!({"role": "system", "content": s})),
        Some(Value::Array(blocks)) => {
            let text: Vec<&str> =
                blocks.iter().filter_map(|b| b.get("text").and_then(Value::as_str)).collect();
            msgs.push(serde_json::json!({"role": "system", "content": text.join("\n")}));
        }
        _ => {}
    }
    if let Some(Value::Array(m)) = p.shift_remove("messages") {
        msgs.extend(m);
    }
    p.insert("messages".into(), Value::Array(msgs));
    if let Some(s) = p.shift_remove("stop_sequences") {
        p.insert("stop".into(), s);
    }
    if p.contains_key("metadata") {
        not_imported.push(NotImported {
            what: "metadata".into(),
            why: crate::msg!(
                "curl.not-imported.anthropic-metadata",
                "Model Studio's Anthropic endpoint does not support it"
            ),
        });
        p.shift_remove("metadata");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn our_own_curl_export_reads_back() {
        let mut r = ShapeRequest::new("dashscope-intl", "qwen3.5-plus");
        r.payload = serde_json::json!({"messages": [{"role": "user", "content": "it's \"quoted\" & $HOME"}], "temperature": 0.5})
            .as_object().cloned().unwrap_or_default();
        let shaped = crate::shape::shape(&r).unwrap();
        let cmd = crate::export::export(&shaped, crate::export::Format::Curl);
        let i = import_curl(&cmd).unwrap();
        assert_eq!(i.request.surface, "dashscope-intl");
        assert_eq!(i.request.model, "qwen3.5-plus");
        assert_eq!(i.key, None);
        assert_eq!(i.key_env.as_deref(), Some("DASHSCOPE_API_KEY"));
        assert_eq!(i.request.payload["messages"][0]["content"], "it's \"quoted\" & $HOME");
        assert!(i.not_imported.is_empty(), "{:?}", i.not_imported);
    }

    #[test]
    fn chrome_copy_as_curl_bash() {
        let cmd = "curl 'http://localhost:8000/v1/chat/completions' \\\n  -H 'accept: */*' \\\n  -H 'authorization: Bearer token-abc' \\\n  -H 'content-type: application/json' \\\n  -H 'sec-ch-ua-mobile: ?0' \\\n  --data-raw $'{\"model\":\"Qwen/Qwen3-8B\",\"messages\":[{\"role\":\"user\",\"content\":\"it\\'s\"}]}'";
        let i = import_curl(cmd).unwrap();
        assert_eq!(i.request.surface, "vllm");
        assert_eq!(i.key.as_deref(), Some("token-abc"));
        assert_eq!(i.request.payload["messages"][0]["content"], "it's");
        assert_eq!(
            i.not_imported.iter().map(|n| (n.what.as_str(), n.why.as_str())).collect::<Vec<_>>(),
            vec![(
                "header sec-ch-ua-mobile",
                "qwen-route sends only the key, Content-Type and the dialect's own headers"
            )]
        );
    }

    #[test]
    fn anthropic_messages_and_other_hosts() {
        let cmd = r#"curl -sN https://coding-intl.dashscope.aliyuncs.com/apps/anthropic/v1/messages -H "x-api-key: sk-sp-1" -H "anthropic-version: 2023-06-01" -d '{"model":"qwen3.5-plus","max_tokens":64,"system":"Be brief.","messages":[{"role":"user","content":"hi"}]}'"#;
        let i = import_curl(cmd).unwrap();
        assert_eq!(
            (i.request.surface.as_str(), i.request.dialect),
            ("coding-plan-intl", WireDialect::Anthropic)
        );
        assert_eq!(i.request.payload["messages"][0]["role"], "system");
        let i = import_curl(r#"curl http://gpu-box:9000/v1/chat/completions -d '{"model":"m","messages":[]}' -F a=b"#).unwrap();
        assert_eq!(
            (i.request.surface.as_str(), i.request.base_url.as_deref()),
            ("openai-compatible", Some("http://gpu-box:9000/v1"))
        );
        assert_eq!(i.not_imported[0].what, "-F");
    }

    #[test]
    fn clear_errors() {
        for (cmd, says) in [
            ("wget x", "no curl"),
            ("curl 'https://x/v1/chat/completions", "not closed"),
            ("curl https://x/v1/chat/completions", "no JSON body"),
            ("curl https://x/v1/chat/completions -d '[1]'", "not an object"),
            ("curl https://x/v1/chat/completions -d '{\"messages\":[]}'", "no model"),
            ("curl -X GET https://x/v1/models", "GET"),
        ] {
            let e = import_curl(cmd).unwrap_err().to_string();
            assert!(e.contains(says), "{cmd}: {e}");
        }
    }

    proptest! {
        #[test]
        fn any_text_gives_an_import_or_an_error(s in "\\PC{0,200}") {
            let _ = import_curl(&s);
            let _ = import_curl(&format!("curl {s}"));
        }
    }
}
