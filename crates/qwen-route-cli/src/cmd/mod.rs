//! One module per subcommand.

pub(crate) mod catalog;
pub(crate) mod check;
pub(crate) mod diagnose;
pub(crate) mod models_dev;
pub(crate) mod probe;
pub(crate) mod repro;
pub(crate) mod route;
pub(crate) mod shape;
pub(crate) mod stream;

/// The one-thread runtime and the redirect-free client the commands that send (probe, repro)
/// use; `timeout` bounds each request and `user_agent` is sent, when given.
pub(crate) fn sender(
    timeout: Option<std::time::Duration>,
    user_agent: Option<&'static str>,
) -> Result<(tokio::runtime::Runtime, reqwest::Client), crate::Failure> {
    let mut builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none());
    if let Some(ua) = user_agent {
        builder = builder.user_agent(ua);
    }
    if let Some(t) = timeout {
        builder = builder.timeout(t);
    }
    let client = builder.build().map_err(crate::Failure::from)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(crate::Failure::from)?;
    Ok((runtime, client))
}

static LANG: std::sync::OnceLock<qwen_route_i18n::Lang> = std::sync::OnceLock::new();

/// Set the output language (`--lang`), once, before a command runs.
pub(crate) fn set_lang(lang: qwen_route_i18n::Lang) {
    let _ = LANG.set(lang);
}

/// The output language: `--lang`, else English.
pub(crate) fn lang() -> qwen_route_i18n::Lang {
    LANG.get().copied().unwrap_or_default()
}
