//! Where each simulated surface lives: `/<surface-id>` followed by the path of the surface's real
//! base URL, so a client only swaps the origin (`https://dashscope-intl.aliyuncs.com/compatible-mode/v1`
//! becomes `http://127.0.0.1:<port>/dashscope-intl/compatible-mode/v1`).

use qwen_route::catalog::{self, Surface, SurfaceStatus};

/// One simulated surface and its base path.
#[derive(Debug, Clone, PartialEq)]
pub struct Mount {
    /// The catalog surface.
    pub surface: &'static Surface,
    /// The base path on the simulator, e.g. `/vllm/v1`.
    pub base_path: String,
    /// A scenario every request under this path gets unless it asks for another: the server
    /// was started that way (`/vllm@no-reasoning-parser/v1`).
    pub personality: Option<String>,
}

/// What a path asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `POST {base}/chat/completions`.
    Chat,
    /// `GET {base}/models`.
    Models,
    /// The family's own info endpoint at the server's root (llama.cpp `GET /props`, Ollama
    /// `POST /api/show`).
    Info,
    /// `POST /<surface>/apps/anthropic/v1/messages`: Anthropic Messages, on the surfaces
    /// `catalog/anthropic.toml` lists.
    Messages,
    /// Anything else under the surface.
    Other,
}

/// The path part of a URL (`https://h/a/b` → `/a/b`).
fn url_path(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.find('/').map_or("", |i| rest[i..].trim_end_matches('/'))
}

/// Every simulated surface: the catalog's active surfaces with a concrete base URL (the
/// parameterised workspace and generic surfaces are left out, as is the removed portal).
///
/// ```
/// let m = qwen_sim::mounts();
/// let intl = m.iter().find(|m| m.surface.id == "dashscope-intl").unwrap();
/// assert_eq!(intl.base_path, "/dashscope-intl/compatible-mode/v1");
/// assert!(m.iter().all(|m| m.surface.id != "qwen-portal"));
/// ```
pub fn mounts() -> Vec<Mount> {
    catalog::surfaces()
        .iter()
        .filter(|s| s.status == SurfaceStatus::Active && !s.base_url.contains('{'))
        .map(|s| Mount {
            surface: s,
            base_path: format!("/{}{}", s.id, url_path(s.base_url)),
            personality: None,
        })
        .collect()
}

/// The mount and endpoint a path addresses.
///
/// ```
/// use qwen_sim::mount::{locate, Endpoint};
/// let (m, e) = locate("/ollama/v1/chat/completions").unwrap();
/// assert_eq!((m.surface.id, e), ("ollama", Endpoint::Chat));
/// assert!(locate("/dashscope-intl/v1/chat/completions").is_some()); // wrong path, right surface
/// assert!(locate("/nope/v1/models").is_none());
/// // A server started without a reasoning parser, for every request under this path:
/// let (m, e) = locate("/vllm@no-reasoning-parser/v1/chat/completions").unwrap();
/// assert_eq!((m.personality.as_deref(), e), (Some("no-reasoning-parser"), Endpoint::Chat));
/// assert_eq!(locate("/llama-cpp/props").unwrap().1, Endpoint::Info);
/// assert_eq!(locate("/coding-plan-intl/apps/anthropic/v1/messages").unwrap().1, Endpoint::Messages);
/// ```
pub fn locate(path: &str) -> Option<(Mount, Endpoint)> {
    let path = path.split('?').next().unwrap_or(path);
    let first = path.trim_start_matches('/').split('/').next()?;
    let (id, personality) = match first.split_once('@') {
        Some((id, p)) if !p.is_empty() => (id, Some(p.to_string())),
        _ => (first, None),
    };
    let mut mount = mounts().into_iter().find(|m| m.surface.id == id)?;
    if personality.is_some() {
        mount.base_path = format!("/{first}{}", url_path(mount.surface.base_url));
        mount.personality = personality;
    }
    let root = format!("/{first}");
    let info = qwen_route::catalog::server_info(mount.surface.family);
    // `/<surface>/apps/anthropic/v1/messages` on the surfaces with an Anthropic endpoint.
    let anthropic = qwen_route::catalog::anthropic_endpoint(mount.surface.id)
        .map(|e| format!("{root}{}{}", url_path(e.base_url), e.messages_path));
    let endpoint = match path.strip_prefix(mount.base_path.as_str()) {
        Some(rest) if rest == mount.surface.chat_path => Endpoint::Chat,
        Some(rest) if Some(rest) == mount.surface.models_path => Endpoint::Models,
        _ if anthropic.as_deref() == Some(path) => Endpoint::Messages,
        _ if info.is_some_and(|i| path.strip_prefix(root.as_str()) == Some(i.path)) => {
            Endpoint::Info
        }
        _ => Endpoint::Other,
    };
    Some((mount, endpoint))
}
