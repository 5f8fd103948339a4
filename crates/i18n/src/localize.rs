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
