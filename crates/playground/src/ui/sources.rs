//! Citations as links: a catalog `source` string (`[official] https://… ; [issue] owner/repo#12`)
//! split into the things a reader can open, each with its address. Used behind the "source"
//! disclosure of error cards.

/// One citation: what it says and where it opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The words shown (the reference as the catalog writes it).
    pub label: String,
    /// The address.
    pub href: String,
}

fn trim_word(w: &str) -> &str {
    w.trim_matches(|c: char| matches!(c, '(' | ')' | ',' | ';' | '\'' | '"' | '[' | ']'))
        .trim_end_matches(['.', ':'])
}

/// `owner/repo` (two non-empty segments of GitHub's name characters).
fn repo_of(w: &str) -> Option<&str> {
    let name = |s: &str| {
        !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    };
    let base = w.split('#').next().unwrap_or(w);
    let mut parts = base.split('/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(a), Some(b), None) if name(a) && name(b) && !a.contains('.') => Some(base),
        _ => None,
    }
}

/// A file path inside a repository (`tools/server/server.cpp`, `_client.py`), not another
/// repository.
fn is_path(w: &str) -> bool {
    repo_of(w).is_none()
        && w.len() > 2
        && w.chars().any(|c| c.is_ascii_alphabetic())
        && (w.contains('/') || w.contains('.'))
}

fn number(w: &str) -> Option<&str> {
    let n = w.strip_prefix('#')?;
    (!n.is_empty() && n.chars().all(|c| c.is_ascii_digit())).then_some(n)
}

/// Every openable reference in a source string, in order.
///
/// ```
/// use qwen_route_playground::ui::sources::citations;
/// let c = citations("[issue] presenton/presenton#184 ; [official] https://help.aliyun.com/x ; [code] ggml-org/llama.cpp tools/server/server.cpp ; anomalyco/opencode#16971, #40770 ; RightNow-AI/openfang PR #543");
/// let hrefs: Vec<&str> = c.iter().map(|c| c.href.as_str()).collect();
/// assert_eq!(hrefs, [
///     "https://github.com/presenton/presenton/issues/184",
///     "https://help.aliyun.com/x",
///     "https://github.com/ggml-org/llama.cpp/blob/HEAD/tools/server/server.cpp",
///     "https://github.com/anomalyco/opencode/issues/16971",
///     "https://github.com/anomalyco/opencode/issues/40770",
///     "https://github.com/RightNow-AI/openfang/pull/543",
/// ]);
/// ```
pub fn citations(source: &str) -> Vec<Citation> {
    let mut out: Vec<Citation> = Vec::new();
    for segment in source.split(" ; ") {
        // `this repository: path` cites qwen-route's own source.
        if let Some(path) = segment.split("this repository:").nth(1) {
            let path = path.split_whitespace().next().map(trim_word).unwrap_or("");
            let repo = env!("CARGO_PKG_REPOSITORY");
            out.push(Citation {
                label: format!("qwen-route {path}"),
                href: if path.is_empty() {
                    repo.to_string()
                } else {
                    format!("{repo}/blob/HEAD/{path}")
                },
            });
            continue;
        }
        let words: Vec<&str> = segment.split_whitespace().collect();
        let mut repo: Option<&str> = None;
        let mut i = 0;
        while i < words.len() {
            let w = trim_word(words[i]);
            if w.starts_with("https://") || w.starts_with("http://") {
                out.push(Citation { label: w.to_string(), href: w.to_string() });
                repo = None;
            } else if let Some(r) = repo_of(w) {
                repo = Some(r);
                match w
                    .split_once('#')
                    .and_then(|(_, n)| number(&format!("#{n}")).map(str::to_string))
                {
                    Some(n) => out.push(Citation {
                        label: w.to_string(),
                        href: format!("https://github.com/{r}/issues/{n}"),
                    }),
                    None => {
                        // `owner/repo PR #N`, `owner/repo path/to/file`, or the repository.
                        let next = words.get(i + 1).map(|x| trim_word(x)).unwrap_or("");
                        let after = words.get(i + 2).map(|x| trim_word(x)).unwrap_or("");
                        if next == "PR" && number(after).is_some() {
                            let n = number(after).unwrap_or_default();
                            out.push(Citation {
                                label: format!("{r} PR #{n}"),
                                href: format!("https://github.com/{r}/pull/{n}"),
                            });
                            i += 2;
                        } else if is_path(next) {
                            out.push(Citation {
                                label: format!("{r} {next}"),
                                href: format!("https://github.com/{r}/blob/HEAD/{next}"),
                            });
                            i += 1;
                        } else {
                            out.push(Citation {
                                label: r.to_string(),
                                href: format!("https://github.com/{r}"),
                            });
                        }
                    }
                }
            } else if let (Some(n), Some(r)) = (number(w), repo) {
                out.push(Citation {
                    label: format!("{r}#{n}"),
                    href: format!("https://github.com/{r}/issues/{n}"),
                });
            }
            i += 1;
        }
    }
    out.dedup_by(|a, b| a.href == b.href);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_error_source_has_a_link() {
        for e in qwen_route::catalog::upstream_errors() {
            assert!(!citations(e.source).is_empty(), "{}: {}", e.id, e.source);
            for c in citations(e.source) {
                assert!(c.href.starts_with("https://") || c.href.starts_with("http://"), "{c:?}");
                assert!(!c.href.contains(' '), "{c:?}");
            }
        }
    }

    #[test]
    fn prose_alone_is_not_a_link() {
        assert!(citations("HTTP semantics").is_empty());
        assert!(citations("docs/api.md").len() == 1); // read as a repository: the build requires one openable thing per source
    }
}
