//! Structured-output check: does the assembled answer obey the request's JSON Schema?
//!
//! A documented subset of JSON Schema (draft 2020-12 vocabulary, with draft-4/7 spellings),
//! written here instead of depending on a full validator to keep the wasm small (the
//! `jsonschema` crate alone is several times the size of this whole core; see the closing notes
//! in the README). Supported: `type` (incl. `integer` and type lists), `enum`, `const`,
//! `properties`, `required`, `additionalProperties`, `propertyNames`, `minProperties`,
//! `maxProperties`, `items` (schema or tuple), `prefixItems`, `contains`, `minItems`,
//! `maxItems`, `uniqueItems`, `minLength`, `maxLength`, `minimum`, `maximum`,
//! `exclusiveMinimum`, `exclusiveMaximum` (number or draft-4 boolean), `multipleOf`, `allOf`,
//! `anyOf`, `oneOf`, `not`, `if`/`then`/`else`, `dependentRequired`, local `$ref` (`#`,
//! `#/$defs/…`, `#/definitions/…`), `nullable`. Not checked, and reported as such: `pattern`,
//! `patternProperties`, remote `$ref`. `format` is an annotation and is ignored.
//!
//! ```
//! use qwen_route::check::check_structured;
//! let schema = serde_json::json!({"type":"object","properties":{"colours":{"type":"array","items":{"type":"string"}}},"required":["colours"]});
//! let ok = check_structured("{\"colours\":[\"red\",\"blue\"]}", &schema);
//! assert!(ok.valid);
//! let bad = check_structured("```json\n{\"colours\":[\"red\",3]}\n```", &schema);
//! assert!(!bad.valid);
//! assert_eq!(bad.extracted, Some("fenced"));
//! assert_eq!(bad.errors[0].path, "/colours/1");
//! ```

use serde::Serialize;
use serde_json::{Map, Value};

/// One violation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchemaError {
    /// JSON Pointer into the answer (`/` for the root).
    pub path: String,
    /// JSON Pointer into the schema, to the keyword that failed.
    pub schema_path: String,
    /// The keyword.
    pub keyword: &'static str,
    /// What is wrong.
    pub message: String,
}

/// The result of a check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckResult {
    /// Parsed and no violations.
    pub valid: bool,
    /// Whether any JSON could be read from the answer.
    pub parsed: bool,
    /// How the JSON was found when the answer was not pure JSON (`fenced`, `embedded`).
    pub extracted: Option<&'static str>,
    /// Why the answer is not JSON, when it is not.
    pub parse_error: Option<String>,
    /// Violations, in document order (at most 100).
    pub errors: Vec<SchemaError>,
    /// Keywords present in the schema that this checker does not evaluate.
    pub unchecked_keywords: Vec<String>,
}

/// The schema of a request body's `response_format`, when it has one.
///
/// ```
/// let body = serde_json::json!({"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object"}}}});
/// assert!(qwen_route::check::schema_of_request(&body).is_some());
/// ```
pub fn schema_of_request(body: &Value) -> Option<&Value> {
    let rf = body.get("response_format")?;
    if rf.get("type")?.as_str()? != "json_schema" {
        return None;
    }
    rf.get("json_schema")?.get("schema")
}

/// Read the JSON in an answer: the whole text, a fenced ```json block, or the first embedded
/// object or array.
fn extract(answer: &str) -> Result<(Value, Option<&'static str>), String> {
    let t = answer.trim();
    let first_err = match serde_json::from_str::<Value>(t) {
        Ok(v) => return Ok((v, None)),
        Err(e) => e.to_string(),
    };
    if let Some(start) = t.find("```") {
        let after = &t[start + 3..];
        let body = after.split_once('\n').map_or(after, |(lang, rest)| {
            if lang.trim().is_empty() || lang.trim().eq_ignore_ascii_case("json") {
                rest
            } else {
                after
            }
        });
        if let Some(end) = body.find("```") {
            if let Ok(v) = serde_json::from_str::<Value>(body[..end].trim()) {
                return Ok((v, Some("fenced")));
            }
        }
    }
    let mut from = 0;
    while let Some(i) = t[from..].find(['{', '[']).map(|i| i + from) {
        let mut it = serde_json::Deserializer::from_str(&t[i..]).into_iter::<Value>();
        if let Some(Ok(v)) = it.next() {
            return Ok((v, Some("embedded")));
        }
        from = i + 1;
    }
    Err(first_err)
}

/// Check an answer against a JSON Schema.
///
/// ```
/// let r = qwen_route::check::check_structured("not json", &serde_json::json!({"type":"object"}));
/// assert!(!r.parsed && !r.valid);
/// ```
pub fn check_structured(answer: &str, schema: &Value) -> CheckResult {
    let mut unchecked = Vec::new();
    collect_unchecked(schema, &mut unchecked, 0);
    match extract(answer) {
        Err(e) => CheckResult {
            valid: false,
            parsed: false,
            extracted: None,
            parse_error: Some(e),
            errors: Vec::new(),
            unchecked_keywords: unchecked,
        },
        Ok((value, how)) => {
            let mut v = Validator { root: schema, errors: Vec::new() };
            v.validate(schema, &value, "", "", 0);
            CheckResult {
                valid: v.errors.is_empty(),
                parsed: true,
                extracted: how,
                parse_error: None,
                errors: v.errors,
                unchecked_keywords: unchecked,
            }
        }
    }
}

fn collect_unchecked(s: &Value, out: &mut Vec<String>, depth: usize) {
    if depth > 64 {
        return;
    }
    match s {
        Value::Object(m) => {
            for (k, v) in m {
                let unsupported = matches!(
                    k.as_str(),
                    "pattern"
                        | "patternProperties"
                        | "unevaluatedProperties"
                        | "unevaluatedItems"
                        | "dependentSchemas"
                        | "$dynamicRef"
                ) || (k == "$ref"
                    && v.as_str().is_some_and(|r| !r.starts_with('#')));
                if unsupported && !out.contains(k) {
                    out.push(k.clone());
                }
                if k != "enum" && k != "const" {
                    collect_unchecked(v, out, depth + 1);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_unchecked(x, out, depth + 1)),
        _ => {}
    }
}

const MAX_ERRORS: usize = 100;
const MAX_DEPTH: usize = 64;

struct Validator<'a> {
    root: &'a Value,
    errors: Vec<SchemaError>,
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn is_type(v: &Value, t: &str) -> bool {
    match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.as_f64().is_some_and(|f| f.fract() == 0.0) && v.is_number(),
        _ => true,
    }
}

fn escape(seg: &str) -> String {
    seg.replace('~', "~0").replace('/', "~1")
}

fn resolve<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    if pointer.is_empty() {
        return Some(root);
    }
    let decoded: String = pointer.replace("%25", "%");
    root.pointer(&decoded)
}

/// JSON equality with numbers compared by value (1 == 1.0).
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

impl<'a> Validator<'a> {
    fn fail(&mut self, path: &str, schema_path: &str, keyword: &'static str, message: String) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(SchemaError {
                path: if path.is_empty() { "/".into() } else { path.into() },
                schema_path: format!(
                    "{}/{keyword}",
                    if schema_path.is_empty() { "#" } else { schema_path }
                ),
                keyword,
                message,
            });
        }
    }

    /// Whether `v` is valid against `s`, without recording errors.
    fn is_valid(&self, s: &'a Value, v: &Value, depth: usize) -> bool {
        let mut probe = Validator { root: self.root, errors: Vec::new() };
        probe.validate(s, v, "", "", depth);
        probe.errors.is_empty()
    }

    fn validate(&mut self, s: &'a Value, v: &Value, path: &str, sp: &str, depth: usize) {
        if depth > MAX_DEPTH {
            self.fail(
                path,
                sp,
                "$ref",
                "the schema nests (or recurses) too deeply to check".into(),
            );
            return;
        }
        let m: &'a Map<String, Value> = match s {
            Value::Bool(true) => return,
            Value::Bool(false) => {
                self.fail(path, sp, "false", "no value is allowed here".into());
                return;
            }
            Value::Object(m) => m,
            _ => return,
        };
        if let Some(r) = m.get("$ref").and_then(Value::as_str) {
            match resolve(self.root, r) {
                Some(target) => self.validate(target, v, path, &format!("{sp}/$ref"), depth + 1),
                None if r.starts_with('#') => {
                    self.fail(path, sp, "$ref", format!("the schema's $ref {r} points nowhere"))
                }
                None => {}
            }
        }
        if v.is_null() && m.get("nullable").and_then(Value::as_bool) == Some(true) {
            return;
        }
        if let Some(t) = m.get("type") {
            let types: Vec<&str> = match t {
                Value::String(x) => vec![x.as_str()],
                Value::Array(xs) => xs.iter().filter_map(Value::as_str).collect(),
                _ => vec![],
            };
            if !types.is_empty() && !types.iter().any(|t| is_type(v, t)) {
                self.fail(
                    path,
                    sp,
                    "type",
                    format!("expected {}, got {}", types.join(" or "), type_name(v)),
                );
                return;
            }
        }
        if let Some(Value::Array(options)) = m.get("enum") {
            if !options.iter().any(|o| json_eq(o, v)) {
                let shown: Vec<String> = options.iter().take(8).map(|o| o.to_string()).collect();
                self.fail(path, sp, "enum", format!("{v} is not one of {}", shown.join(", ")));
            }
        }
        if let Some(c) = m.get("const") {
            if !json_eq(c, v) {
                self.fail(path, sp, "const", format!("expected {c}, got {v}"));
            }
        }
        match v {
            Value::Object(obj) => self.object(m, obj, path, sp, depth),
            Value::Array(arr) => self.array(m, arr, path, sp, depth),
            Value::String(st) => {
                let n = st.chars().count() as u64;
                if let Some(min) = m.get("minLength").and_then(Value::as_u64) {
                    if n < min {
                        self.fail(
                            path,
                            sp,
                            "minLength",
                            format!("{n} characters, fewer than {min}"),
                        );
                    }
                }
                if let Some(max) = m.get("maxLength").and_then(Value::as_u64) {
                    if n > max {
                        self.fail(
                            path,
                            sp,
                            "maxLength",
                            format!("{n} characters, more than {max}"),
                        );
                    }
                }
            }
            Value::Number(num) => self.number(m, num.as_f64().unwrap_or(0.0), path, sp),
            _ => {}
        }
        self.combinators(m, v, path, sp, depth);
    }

    fn number(&mut self, m: &Map<String, Value>, x: f64, path: &str, sp: &str) {
        let n = crate::text::num;
        let excl_bool = |k: &str| m.get(k).and_then(Value::as_bool) == Some(true);
        if let Some(min) = m.get("minimum").and_then(Value::as_f64) {
            if x < min || (excl_bool("exclusiveMinimum") && x == min) {
                self.fail(path, sp, "minimum", format!("{} is below the minimum {}", n(x), n(min)));
            }
        }
        if let Some(max) = m.get("maximum").and_then(Value::as_f64) {
            if x > max || (excl_bool("exclusiveMaximum") && x == max) {
                self.fail(path, sp, "maximum", format!("{} is above the maximum {}", n(x), n(max)));
            }
        }
        if let Some(min) = m.get("exclusiveMinimum").and_then(Value::as_f64) {
            if x <= min {
                self.fail(
                    path,
                    sp,
                    "exclusiveMinimum",
                    format!("{} must be greater than {}", n(x), n(min)),
                );
            }
        }
        if let Some(max) = m.get("exclusiveMaximum").and_then(Value::as_f64) {
            if x >= max {
                self.fail(
                    path,
                    sp,
                    "exclusiveMaximum",
                    format!("{} must be less than {}", n(x), n(max)),
                );
            }
        }
        if let Some(d) = m.get("multipleOf").and_then(Value::as_f64).filter(|d| *d > 0.0) {
            let q = x / d;
            if (q - q.round()).abs() > 1e-9 {
                self.fail(
                    path,
                    sp,
                    "multipleOf",
                    format!("{} is not a multiple of {}", n(x), n(d)),
                );
            }
        }
    }

    fn object(
        &mut self,
        m: &'a Map<String, Value>,
        obj: &Map<String, Value>,
        path: &str,
        sp: &str,
        depth: usize,
    ) {
        if let Some(Value::Array(req)) = m.get("required") {
            for k in req.iter().filter_map(Value::as_str) {
                if !obj.contains_key(k) {
                    self.fail(path, sp, "required", format!("missing required property {k:?}"));
                }
            }
        }
        let props = m.get("properties").and_then(Value::as_object);
        for (k, val) in obj {
            let child_path = format!("{path}/{}", escape(k));
            if let Some(ps) = props.and_then(|p| p.get(k)) {
                self.validate(
                    ps,
                    val,
                    &child_path,
                    &format!("{sp}/properties/{}", escape(k)),
                    depth + 1,
                );
            } else if let Some(ap) = m.get("additionalProperties") {
                if ap == &Value::Bool(false) {
                    self.fail(
                        &child_path,
                        sp,
                        "additionalProperties",
                        format!("property {k:?} is not allowed"),
                    );
                } else {
                    self.validate(
                        ap,
                        val,
                        &child_path,
                        &format!("{sp}/additionalProperties"),
                        depth + 1,
                    );
                }
            }
            if let Some(pn) = m.get("propertyNames") {
                if !self.is_valid(pn, &Value::String(k.clone()), depth + 1) {
                    self.fail(
                        &child_path,
                        sp,
                        "propertyNames",
                        format!("property name {k:?} is not allowed"),
                    );
                }
            }
        }
        if let Some(min) = m.get("minProperties").and_then(Value::as_u64) {
            if (obj.len() as u64) < min {
                self.fail(
                    path,
                    sp,
                    "minProperties",
                    format!("{} properties, fewer than {min}", obj.len()),
                );
            }
        }
        if let Some(max) = m.get("maxProperties").and_then(Value::as_u64) {
            if (obj.len() as u64) > max {
                self.fail(
                    path,
                    sp,
                    "maxProperties",
                    format!("{} properties, more than {max}", obj.len()),
                );
            }
        }
        if let Some(Value::Object(dr)) = m.get("dependentRequired") {
            for (k, needs) in dr {
                if obj.contains_key(k) {
                    for n in needs.as_array().into_iter().flatten().filter_map(Value::as_str) {
                        if !obj.contains_key(n) {
                            self.fail(
                                path,
                                sp,
                                "dependentRequired",
                                format!("{k:?} requires {n:?}"),
                            );
                        }
                    }
                }
            }
        }
    }

    fn array(
        &mut self,
        m: &'a Map<String, Value>,
        arr: &[Value],
        path: &str,
        sp: &str,
        depth: usize,
    ) {
        let prefix: Option<&'a Vec<Value>> = m
            .get("prefixItems")
            .and_then(Value::as_array)
            .or_else(|| m.get("items").and_then(Value::as_array));
        let rest: Option<&'a Value> = if m.get("prefixItems").is_some() {
            m.get("items")
        } else if m.get("items").is_some_and(Value::is_array) {
            m.get("additionalItems")
        } else {
            m.get("items")
        };
        for (i, item) in arr.iter().enumerate() {
            let child = format!("{path}/{i}");
            match prefix.and_then(|p| p.get(i)) {
                Some(ps) => {
                    self.validate(ps, item, &child, &format!("{sp}/prefixItems/{i}"), depth + 1)
                }
                None => {
                    if let Some(r) = rest {
                        self.validate(r, item, &child, &format!("{sp}/items"), depth + 1);
                    }
                }
            }
        }
        let n = arr.len() as u64;
        if let Some(min) = m.get("minItems").and_then(Value::as_u64) {
            if n < min {
                self.fail(path, sp, "minItems", format!("{n} items, fewer than {min}"));
            }
        }
        if let Some(max) = m.get("maxItems").and_then(Value::as_u64) {
            if n > max {
                self.fail(path, sp, "maxItems", format!("{n} items, more than {max}"));
            }
        }
        if m.get("uniqueItems").and_then(Value::as_bool) == Some(true) {
            'outer: for i in 0..arr.len() {
                for j in i + 1..arr.len() {
                    if json_eq(&arr[i], &arr[j]) {
                        self.fail(path, sp, "uniqueItems", format!("items {i} and {j} are equal"));
                        break 'outer;
                    }
                }
            }
        }
        if let Some(c) = m.get("contains") {
            if !arr.iter().any(|x| self.is_valid(c, x, depth + 1)) {
                self.fail(path, sp, "contains", "no item matches `contains`".into());
            }
        }
    }

    fn combinators(
        &mut self,
        m: &'a Map<String, Value>,
        v: &Value,
        path: &str,
        sp: &str,
        depth: usize,
    ) {
        if let Some(Value::Array(all)) = m.get("allOf") {
            for (i, s) in all.iter().enumerate() {
                self.validate(s, v, path, &format!("{sp}/allOf/{i}"), depth + 1);
            }
        }
        if let Some(Value::Array(any)) = m.get("anyOf") {
            if !any.iter().any(|s| self.is_valid(s, v, depth + 1)) {
                self.fail(path, sp, "anyOf", "matches none of the anyOf alternatives".into());
            }
        }
        if let Some(Value::Array(one)) = m.get("oneOf") {
            let n = one.iter().filter(|s| self.is_valid(s, v, depth + 1)).count();
            if n != 1 {
                self.fail(
                    path,
                    sp,
                    "oneOf",
                    format!("matches {n} of the oneOf alternatives, not exactly one"),
                );
            }
        }
        if let Some(not) = m.get("not") {
            if self.is_valid(not, v, depth + 1) {
                self.fail(path, sp, "not", "matches the `not` schema".into());
            }
        }
        if let Some(cond) = m.get("if") {
            if self.is_valid(cond, v, depth + 1) {
                if let Some(t) = m.get("then") {
                    self.validate(t, v, path, &format!("{sp}/then"), depth + 1);
                }
            } else if let Some(e) = m.get("else") {
                self.validate(e, v, path, &format!("{sp}/else"), depth + 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn errs(schema: Value, answer: &str) -> Vec<(String, &'static str)> {
        check_structured(answer, &schema).errors.into_iter().map(|e| (e.path, e.keyword)).collect()
    }

    #[test]
    fn required_and_additional() {
        let s = json!({"type":"object","properties":{"a":{"type":"integer"}},"required":["a","b"],"additionalProperties":false});
        assert_eq!(
            errs(s, r#"{"a":1.5,"c":1}"#),
            vec![
                ("/".into(), "required"),
                ("/a".into(), "type"),
                ("/c".into(), "additionalProperties")
            ]
        );
    }

    #[test]
    fn refs_and_defs() {
        let s = json!({"$defs":{"n":{"type":"number","minimum":0}},"type":"array","items":{"$ref":"#/$defs/n"}});
        assert_eq!(errs(s, "[1, -2]"), vec![("/1".into(), "minimum")]);
    }

    #[test]
    fn recursive_ref_terminates() {
        let s = json!({"$ref":"#"});
        let r = check_structured("{}", &s);
        assert!(!r.valid);
    }

    #[test]
    fn combinators() {
        let s = json!({"oneOf":[{"type":"string"},{"type":"number"}]});
        assert!(check_structured("\"x\"", &s).valid);
        assert!(!check_structured("true", &s).valid);
        let s = json!({"not":{"type":"null"}});
        assert!(!check_structured("null", &s).valid);
    }

    #[test]
    fn integer_accepts_whole_floats() {
        assert!(check_structured("3.0", &json!({"type":"integer"})).valid);
        assert!(!check_structured("3.5", &json!({"type":"integer"})).valid);
    }

    #[test]
    fn pattern_is_reported_unchecked() {
        let r = check_structured("\"abc\"", &json!({"type":"string","pattern":"^a"}));
        assert_eq!(r.unchecked_keywords, vec!["pattern".to_string()]);
    }
}
