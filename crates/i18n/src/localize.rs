//! Re-rendering the core's outputs in another language, in place. Only sentences change: codes,
//! ids, numbers, URLs and everything a program matches on stay as they are.

use qwen_route::diagnose::Diagnosis;
use qwen_route::lint::{Finding, Note};
use qwen_route::msg::Msg;
use qwen_route::shape::Shaped;

use crate::Lang;

/// A value whose sentences can be shown in another language.
pub trait Localize {
    /// Re-render every sentence in `lang` (English leaves the value as it is).
    fn localize(&mut self, lang: Lang);
}

impl Localize for Msg {
    fn localize(&mut self, lang: Lang) {
        if lang != Lang::En {
            let shown = crate::text(lang, self);
            self.set_rendered(shown);
        }
    }
}

impl<T: Localize> Localize for Vec<T> {
    fn localize(&mut self, lang: Lang) {
        for x in self {
            x.localize(lang);
        }
    }
}

impl<T: Localize> Localize for Option<T> {
    fn localize(&mut self, lang: Lang) {
        if let Some(x) = self {
            x.localize(lang);
        }
    }
}

impl Localize for Finding {
    fn localize(&mut self, lang: Lang) {
        self.message.localize(lang);
        self.fix.localize(lang);
    }
}

impl Localize for Note {
    fn localize(&mut self, lang: Lang) {
        self.text.localize(lang);
    }
}

impl Localize for Diagnosis {
    fn localize(&mut self, lang: Lang) {
        self.title.localize(lang);
        self.cause.localize(lang);
        self.fix.localize(lang);
    }
}

impl Localize for Shaped {
    fn localize(&mut self, lang: Lang) {
        self.lint.localize(lang);
        self.notes.localize(lang);
    }
}

impl Localize for qwen_route::assemble::Detection {
    fn localize(&mut self, lang: Lang) {
        self.title.localize(lang);
        self.fix.localize(lang);
    }
}

impl Localize for qwen_route::assemble::Assembled {
    fn localize(&mut self, lang: Lang) {
        self.diagnosis.localize(lang);
        self.detections.localize(lang);
    }
}

impl Localize for qwen_route::route::Route {
    fn localize(&mut self, lang: Lang) {
        for r in &mut self.reasons {
            r.text.localize(lang);
        }
        for w in &mut self.warnings {
            w.text.localize(lang);
        }
        for f in &mut self.fallbacks {
            f.why.localize(lang);
        }
        self.verify.expect.localize(lang);
        self.facts.line.localize(lang);
        if let Some(t) = &mut self.two_pass {
            t.reason.localize(lang);
            t.first.role.localize(lang);
            t.second.role.localize(lang);
        }
        if let Some(t) = &mut self.tradeoff {
            t.missing.localize(lang);
        }
    }
}

impl Localize for qwen_route::probe::ProbePlan {
    fn localize(&mut self, lang: Lang) {
        for s in &mut self.steps {
            s.purpose.localize(lang);
        }
        for l in &mut self.left_out {
            l.why.localize(lang);
        }
    }
}

impl Localize for qwen_route::probe::ProbeReport {
    fn localize(&mut self, lang: Lang) {
        for c in &mut self.capabilities {
            c.label.localize(lang);
            c.detail.localize(lang);
            c.fix.localize(lang);
        }
        self.cost.localize(lang);
        for l in &mut self.left_out {
            l.why.localize(lang);
        }
    }
}

impl Localize for qwen_route::curl::CurlImport {
    fn localize(&mut self, lang: Lang) {
        self.surface_via.localize(lang);
        for n in &mut self.not_imported {
            n.why.localize(lang);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use qwen_route::route::{route, RouteRequest};

    #[test]
    fn a_route_shows_the_age_of_its_facts_in_the_language() {
        let req: RouteRequest = serde_json::from_str(r#"{"workload":"vision"}"#).unwrap();
        let mut r = route(&req).unwrap();
        assert!(r.facts.line.as_str().starts_with("facts checked "), "{}", r.facts.line);
        let english = r.facts.line.to_string();
        r.localize(Lang::ZhCn);
        let zh = r.facts.line.as_str();
        assert!(zh.starts_with("事实核对于 "), "{zh}");
        // The date and the counts carry over; the words do not.
        assert!(zh.contains(r.facts.newest), "{zh}");
        assert!(!zh.contains("checked") && !zh.contains("unconfirmed"), "{zh}");
        assert_ne!(zh, english);
        // JSON readers still see the English string under `line`.
        let json = serde_json::to_value(route(&req).unwrap()).unwrap();
        assert_eq!(json["facts"]["line"], english.as_str());
    }
}
