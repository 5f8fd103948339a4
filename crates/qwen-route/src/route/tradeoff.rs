//! Hosted versus self-hosted, with every route: the same workload decided on the other side, and
//! the catalog's comparison aspects (`[[tradeoff]]` in `routing.toml`) filled for both.

use serde::Serialize;

use crate::catalog::{self, Favours, Hosting, Modality, Model};
use crate::msg::Msg;
use crate::settings::Scope;

use super::{decide, Route, RouteRequest};

/// One side of the comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    /// Surface id.
    pub surface: &'static str,
    /// Model id.
    pub model: &'static str,
}

impl std::fmt::Display for Side {
    /// `surface · model`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} · {}", self.surface, self.model)
    }
}

/// One aspect, filled for this route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TradeoffRow {
    /// Aspect id (`speed-to-first-success`, `multimodal`, `privacy`, `cost-control`, `offline`,
    /// `operations`).
    pub aspect: &'static str,
    /// Label.
    pub label: &'static str,
    /// The hosted side.
    pub hosted: String,
    /// The self-hosted side.
    pub self_hosted: String,
    /// Which side it favours for this route.
    pub favours: Favours,
    /// Where it comes from.
    pub source: &'static str,
}

/// The comparison for a route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tradeoff {
    /// The best hosted route for the workload, if any.
    pub hosted: Option<Side>,
    /// The best self-hosted route for the workload, if any.
    pub self_hosted: Option<Side>,
    /// Why a side has no route.
    pub missing: Option<Msg>,
    /// The aspects.
    pub rows: Vec<TradeoffRow>,
}

fn inputs(m: Option<&Model>) -> String {
    let Some(m) = m else { return "nothing (no route)".into() };
    let names: Vec<&str> = m
        .input
        .iter()
        .map(|x| match x {
            Modality::Text => "text",
            Modality::Image => "images",
            Modality::Video => "video",
            Modality::Audio => "audio",
        })
        .collect();
    names.join(", ")
}

fn other_side(req: &RouteRequest, scope: Scope) -> Result<Route, String> {
    let mut r = req.clone();
    r.scope = scope;
    r.surface = None;
    if scope == Scope::SelfHosted {
        r.plan = None;
        r.region = None;
        r.coding_tier = None;
    }
    decide(&r).map_err(|e| e.to_string())
}

/// Compare the decided route with the best route on the other side.
pub(crate) fn compare(req: &RouteRequest, decided: &Route) -> Tradeoff {
    let decided_hosted =
        catalog::surface(decided.surface).is_some_and(|s| s.hosting == Hosting::Hosted);
    let (hosted, self_hosted, missing) = if decided_hosted {
        match other_side(req, Scope::SelfHosted) {
            Ok(o) => (Some((decided.surface, decided.model)), Some((o.surface, o.model)), None),
            Err(e) => (
                Some((decided.surface, decided.model)),
                None,
                Some(crate::msg!(
                    "route.tradeoff.missing.self-hosted",
                    "self-hosted: {error}",
                    error = e
                )),
            ),
        }
    } else {
        match other_side(req, Scope::Hosted) {
            Ok(o) => (Some((o.surface, o.model)), Some((decided.surface, decided.model)), None),
            Err(e) => (
                None,
                Some((decided.surface, decided.model)),
                Some(crate::msg!("route.tradeoff.missing.hosted", "hosted: {error}", error = e)),
            ),
        }
    };
    let model_of = |side: Option<(&'static str, &'static str)>| {
        side.and_then(|(s, m)| catalog::surface(s).and_then(|s| catalog::model_on(m, s.family)))
    };
    let (hm, sm) = (model_of(hosted), model_of(self_hosted));
    let hosted_region = hosted
        .and_then(|(s, _)| catalog::surface(s))
        .and_then(|s| s.region)
        .and_then(catalog::region)
        .map_or("its region", |r| r.name);
    let (hosted_inputs, self_inputs) = (inputs(hm), inputs(sm));
    let fill = |t: &str| {
        t.replace("{hosted_model}", hosted.map_or("the hosted model", |h| h.1))
            .replace("{hosted_surface}", hosted.map_or("a hosted surface", |h| h.0))
            .replace("{hosted_region}", hosted_region)
            .replace("{self_model}", self_hosted.map_or("a self-hosted model", |s| s.1))
            .replace("{self_surface}", self_hosted.map_or("your server", |s| s.0))
            .replace("{hosted_inputs}", &hosted_inputs)
            .replace("{self_inputs}", &self_inputs)
    };
    let profile = catalog::workload(decided.workload);
    let needed: Vec<Modality> = [
        (req.needs.images || profile.is_some_and(|p| p.needs_images), Modality::Image),
        (req.needs.video || profile.is_some_and(|p| p.needs_video), Modality::Video),
    ]
    .into_iter()
    .filter_map(|(on, m)| on.then_some(m))
    .collect();
    let rows = catalog::tradeoffs()
        .iter()
        .map(|t| {
            let favours = match t.favours {
                Favours::Computed => {
                    let covers =
                        |m: Option<&Model>| m.is_some_and(|m| needed.iter().all(|n| m.accepts(*n)));
                    let count = |m: Option<&Model>| m.map_or(0, |m| m.input.len());
                    match (covers(hm), covers(sm)) {
                        (true, false) => Favours::Hosted,
                        (false, true) => Favours::SelfHosted,
                        _ if count(hm) > count(sm) => Favours::Hosted,
                        _ if count(sm) > count(hm) => Favours::SelfHosted,
                        _ => Favours::Depends,
                    }
                }
                other => other,
            };
            TradeoffRow {
                aspect: t.id,
                label: t.label,
                hosted: fill(t.hosted),
                self_hosted: fill(t.self_hosted),
                favours,
                source: t.source,
            }
        })
        .collect();
    let side =
        |x: Option<(&'static str, &'static str)>| x.map(|(surface, model)| Side { surface, model });
    Tradeoff { hosted: side(hosted), self_hosted: side(self_hosted), missing, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::route;

    #[test]
    fn every_route_carries_both_sides_and_every_aspect() {
        let r = route(&RouteRequest::new("fast-chat")).expect("routes");
        let t = r.tradeoff.expect("a comparison");
        assert_eq!(t.hosted.as_ref().map(|s| s.surface), Some(r.surface));
        let own = t.self_hosted.expect("a self-hosted side");
        assert!(catalog::surface(own.surface).is_some_and(|s| s.hosting == Hosting::SelfHosted));
        let aspects: Vec<&str> = t.rows.iter().map(|r| r.aspect).collect();
        assert_eq!(
            aspects,
            [
                "speed-to-first-success",
                "multimodal",
                "privacy",
                "cost-control",
                "offline",
                "operations"
            ]
        );
        assert!(t.rows.iter().all(|r| !r.hosted.contains('{') && !r.self_hosted.contains('{')));
        let privacy = &t.rows[2];
        assert_eq!(privacy.favours, Favours::SelfHosted);
        assert!(privacy.hosted.contains("Singapore"), "{}", privacy.hosted);
    }

    #[test]
    fn multimodal_favours_the_side_that_takes_the_input() {
        let r = route(&RouteRequest::new("video-understanding")).expect("routes");
        let t = r.tradeoff.expect("a comparison");
        let mm = t.rows.iter().find(|r| r.aspect == "multimodal").expect("row");
        assert!(mm.hosted.contains("video"), "{}", mm.hosted);
        assert_ne!(mm.favours, Favours::Computed);
    }

    #[test]
    fn a_self_hosted_decision_compares_with_the_hosted_best() {
        let mut req = RouteRequest::new("coding-agent");
        req.scope = Scope::SelfHosted;
        let r = route(&req).expect("routes");
        let t = r.tradeoff.expect("a comparison");
        assert_eq!(t.self_hosted.as_ref().map(|s| s.model), Some(r.model));
        assert!(t.hosted.is_some());
    }
}
