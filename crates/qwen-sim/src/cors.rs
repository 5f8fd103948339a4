//! Each surface's browser (CORS) behaviour, from the catalog's `cors` policy:
//! DashScope-family hosts answer no preflight with `Access-Control-*` headers; vLLM and
//! LiteLLM allow `*`; llama.cpp reflects the origin; Ollama allows its default local origins
//! plus `OLLAMA_ORIGINS` and answers 403 to any other origin. SGLang's policy is not known; it
//! is simulated as permissive.

use qwen_route::catalog::{CorsPolicy, Dialect, Surface};

use crate::wire::{SimRequest, SimResponse};

/// What the CORS layer decided for a request.
pub(crate) enum Cors {
    /// Answer now (a preflight, or a refused origin).
    Respond(SimResponse),
    /// Go on; add these headers to the response.
    Proceed(Vec<(String, String)>),
}

/// Ollama's default allowed origins: localhost, 127.0.0.1 and 0.0.0.0 on any port (ollama
/// `envconfig`), and the app schemes.
fn ollama_default(origin: &str) -> bool {
    let rest = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://"));
    if let Some(rest) = rest {
        let host = rest.rsplit_once(':').map_or(rest, |(h, _)| h);
        return matches!(host, "localhost" | "127.0.0.1" | "0.0.0.0" | "[::1]");
    }
    ["app://", "file://", "tauri://", "vscode-webview://"].iter().any(|p| origin.starts_with(p))
}

fn origin_allowed(surface: &Surface, origin: &str, ollama_origins: &[String]) -> bool {
    match surface.cors {
        CorsPolicy::Refused => false,
        CorsPolicy::AllowList => {
            ollama_default(origin)
                || ollama_origins.iter().any(|o| o == "*" || o.eq_ignore_ascii_case(origin))
        }
        CorsPolicy::Permissive | CorsPolicy::Unknown => true,
    }
}

/// Apply the surface's CORS policy to a request.
pub(crate) fn apply(surface: &Surface, req: &SimRequest, ollama_origins: &[String]) -> Cors {
    let preflight =
        req.method == "OPTIONS" && req.header("access-control-request-method").is_some();
    let Some(origin) = req.header("origin") else {
        return if preflight {
            Cors::Respond(SimResponse::full(204, Vec::new()))
        } else {
            Cors::Proceed(Vec::new())
        };
    };
    if !origin_allowed(surface, origin, ollama_origins) {
        return match surface.cors {
            // Ollama's middleware aborts any request from a refused origin with a bare 403.
            CorsPolicy::AllowList => Cors::Respond(SimResponse::full(403, Vec::new())),
            // DashScope: the preflight gets no Access-Control-* headers; a simple request is
            // answered, but without them the browser hides the answer.
            _ if preflight => Cors::Respond(SimResponse::full(403, Vec::new())),
            _ => Cors::Proceed(Vec::new()),
        };
    }
    let allow_origin = match surface.dialect {
        Dialect::Vllm | Dialect::Litellm | Dialect::Sglang | Dialect::Openai => "*".to_string(),
        _ => origin.to_string(),
    };
    let mut headers = vec![("Access-Control-Allow-Origin".to_string(), allow_origin.clone())];
    if allow_origin != "*" {
        headers.push(("Vary".into(), "Origin".into()));
    }
    if surface.dialect == Dialect::LlamaCpp {
        headers.push(("Access-Control-Allow-Credentials".into(), "true".into()));
    }
    if preflight {
        let requested = req.header("access-control-request-headers").unwrap_or("").to_string();
        let mut r = SimResponse::full(200, Vec::new());
        r.headers = headers;
        r.headers.push(("Access-Control-Allow-Methods".into(), "GET, POST, OPTIONS".into()));
        if !requested.is_empty() {
            r.headers.push(("Access-Control-Allow-Headers".into(), requested));
        }
        r.headers.push(("Access-Control-Max-Age".into(), "600".into()));
        return Cors::Respond(r);
    }
    headers.push(("Access-Control-Expose-Headers".into(), "Retry-After, X-Qwen-Sim".into()));
    Cors::Proceed(headers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use qwen_route::catalog;

    fn preflight(surface: &str, origin: &str, extra: &[String]) -> Option<SimResponse> {
        let s = catalog::surface(surface).unwrap();
        let req = SimRequest::new("OPTIONS", "/")
            .with_header("Origin", origin)
            .with_header("Access-Control-Request-Method", "POST")
            .with_header("Access-Control-Request-Headers", "authorization,content-type");
        match apply(s, &req, extra) {
            Cors::Respond(r) => Some(r),
            Cors::Proceed(_) => None,
        }
    }

    #[test]
    fn dashscope_refuses_every_preflight() {
        let r = preflight("dashscope-intl", "http://127.0.0.1:8090", &[]).unwrap();
        assert!(r.headers.iter().all(|(k, _)| !k.starts_with("Access-Control")));
    }

    #[test]
    fn vllm_allows_any_origin() {
        let r = preflight("vllm", "https://example.org", &[]).unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.header("access-control-allow-origin"), Some("*"));
        assert_eq!(r.header("access-control-allow-headers"), Some("authorization,content-type"));
    }

    #[test]
    fn ollama_allows_local_and_configured_origins_only() {
        assert_eq!(preflight("ollama", "http://127.0.0.1:8090", &[]).unwrap().status, 200);
        assert_eq!(preflight("ollama", "https://docs.example", &[]).unwrap().status, 403);
        let ok = preflight("ollama", "https://docs.example", &["https://docs.example".into()]);
        assert_eq!(ok.unwrap().status, 200);
    }
}
