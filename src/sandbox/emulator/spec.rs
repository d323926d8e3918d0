//! Request validation against the vendored Bot API spec (`spec/botapi.json`, see
//! `spec/README.md`): method names, required fields, and the declared type of every known field,
//! recursively through objects, arrays and unions. Unknown extra fields pass, as on the real
//! server. Validation also *normalizes*: form and multipart strings become the numbers, booleans
//! and objects their fields declare, so method handlers only ever see typed JSON.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::{Map, Value};

use super::error::ApiError;
use super::params::{Raw, RawParams};

const SPEC_JSON: &str = include_str!("../../../spec/botapi.json");

/// Types that are not JSON-encoded when sent as form values.
const SCALARS: &[&str] = &["Integer", "Float", "Boolean", "String", "InputFile"];

#[derive(Debug, Deserialize)]
pub(crate) struct Spec {
    /// "Bot API 10.1".
    pub version: String,
    pub methods: HashMap<String, MethodSpec>,
    pub types: HashMap<String, TypeSpec>,
    #[serde(skip)]
    lowercase: HashMap<String, String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct MethodSpec {
    pub fields: Vec<FieldSpec>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct TypeSpec {
    pub fields: Option<Vec<FieldSpec>>,
    pub subtypes: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct FieldSpec {
    pub name: String,
    pub types: Vec<String>,
    pub required: bool,
    /// The only allowed value of a discriminator such as `BotCommandScopeChat.type`.
    #[serde(rename = "const")]
    pub constant: Option<String>,
}

/// The embedded spec, parsed once.
pub(crate) fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| {
        let mut spec: Spec =
            serde_json::from_str(SPEC_JSON).expect("spec/botapi.json is valid (checked by tests)");
        spec.lowercase = spec
            .methods
            .keys()
            .map(|name| (name.to_lowercase(), name.clone()))
            .collect();
        spec
    })
}

/// Why a value does not fit its declared type; `path` leads from the top-level field to it.
#[derive(Debug)]
struct Mismatch {
    path: String,
    problem: String,
}

impl Mismatch {
    fn new(path: &str, problem: String) -> Self {
        Self {
            path: path.to_owned(),
            problem,
        }
    }
}

impl Spec {
    /// The spec spelling of a method name matched case-insensitively (`SendMessage` →
    /// `sendMessage`).
    pub fn canonical_method(&self, name: &str) -> Option<&str> {
        self.lowercase.get(&name.to_lowercase()).map(String::as_str)
    }

    /// Checks `params` against the method's fields and returns them as typed JSON.
    pub fn validate(
        &self,
        method: &str,
        params: &RawParams,
    ) -> Result<Map<String, Value>, ApiError> {
        let Some(method_spec) = self.methods.get(method) else {
            return Err(ApiError::method_not_found());
        };
        let mut out = Map::new();
        for (name, raw) in &params.fields {
            out.insert(name.clone(), raw_to_value(raw));
        }
        for field in &method_spec.fields {
            let name = field.name.as_str();
            let value = match params.fields.get(name) {
                None | Some(Raw::Json(Value::Null)) => {
                    if params.uploads.contains_key(name)
                        && field.types.iter().any(|t| t == "InputFile")
                    {
                        Some(Value::String(format!("attach://{name}")))
                    } else if params.uploads.contains_key(name) {
                        return Err(type_error(&Mismatch::new(name, must_be(&field.types))));
                    } else if field.required {
                        return Err(missing_parameter(method, name));
                    } else {
                        None
                    }
                }
                Some(Raw::Json(value)) => {
                    self.check_any(value, &field.types, name)
                        .map_err(|m| type_error(&m))?;
                    Some(value.clone())
                }
                Some(Raw::Text(text)) => Some(
                    self.coerce_text(text, field, params)
                        .map_err(|m| type_error(&m))?,
                ),
            };
            match value {
                Some(value) => out.insert(name.to_owned(), value),
                None => out.remove(name),
            };
        }
        Ok(out)
    }

    /// Reads a form value as the first of the field's types it parses as.
    fn coerce_text(
        &self,
        text: &str,
        field: &FieldSpec,
        params: &RawParams,
    ) -> Result<Value, Mismatch> {
        let name = field.name.as_str();
        for ty in &field.types {
            let value = match ty.as_str() {
                "Integer" => text.trim().parse::<i64>().ok().map(Value::from),
                "Float" => text.trim().parse::<f64>().ok().map(Value::from),
                "Boolean" => match text.trim().to_ascii_lowercase().as_str() {
                    "true" | "1" => Some(Value::Bool(true)),
                    "false" | "0" => Some(Value::Bool(false)),
                    _ => None,
                },
                "String" => Some(Value::String(text.to_owned())),
                "InputFile" => text
                    .strip_prefix("attach://")
                    .filter(|part| params.uploads.contains_key(*part))
                    .map(|_| Value::String(text.to_owned())),
                _ => continue,
            };
            if let Some(value) = value {
                return Ok(value);
            }
        }
        // Objects and arrays arrive JSON-encoded.
        let composite: Vec<String> = field
            .types
            .iter()
            .filter(|ty| !SCALARS.contains(&ty.as_str()))
            .cloned()
            .collect();
        if !composite.is_empty()
            && let Ok(value) = serde_json::from_str::<Value>(text)
        {
            self.check_any(&value, &composite, name)?;
            return Ok(value);
        }
        Err(Mismatch::new(name, must_be(&field.types)))
    }

    /// Accepts `value` if any of `types` accepts it; otherwise reports the most relevant failure.
    fn check_any(&self, value: &Value, types: &[String], path: &str) -> Result<(), Mismatch> {
        let mut failures = Vec::new();
        for ty in types {
            match self.check(value, ty, path) {
                Ok(()) => return Ok(()),
                Err(mismatch) => failures.push((ty, mismatch)),
            }
        }
        // When the value is an object that clearly means one alternative (all of its required
        // fields are there), that alternative's complaint is the useful one.
        let claimed = failures.iter().position(|(ty, _)| self.claims(value, ty));
        match claimed {
            Some(index) if types.len() > 1 => Err(failures.swap_remove(index).1),
            _ if types.len() == 1 => Err(failures.swap_remove(0).1),
            _ => Err(Mismatch::new(path, must_be(types))),
        }
    }

    /// Whether `value` is evidently meant as object type `ty`: its discriminator (`type: "chat"`)
    /// names `ty`, or, for types without one, it has all of `ty`'s required fields.
    fn claims(&self, value: &Value, ty: &str) -> bool {
        let (Some(object), Some(spec)) = (value.as_object(), self.types.get(ty)) else {
            return false;
        };
        if let Some(subtypes) = &spec.subtypes {
            return subtypes.iter().any(|sub| self.claims(value, sub));
        }
        let fields = spec.fields.iter().flatten();
        let mut discriminators = fields
            .clone()
            .filter_map(|f| f.constant.as_ref().map(|c| (&f.name, c)))
            .peekable();
        if discriminators.peek().is_some() {
            return discriminators.all(|(name, constant)| {
                object.get(name).and_then(Value::as_str) == Some(constant)
            });
        }
        fields
            .filter(|field| field.required)
            .all(|field| object.contains_key(&field.name))
    }

    fn check(&self, value: &Value, ty: &str, path: &str) -> Result<(), Mismatch> {
        let ok = match ty {
            "Integer" => value.is_i64() || value.is_u64(),
            "Float" => value.is_number(),
            "String" | "InputFile" => value.is_string(),
            "Boolean" => value.is_boolean(),
            _ => return self.check_composite(value, ty, path),
        };
        if ok {
            Ok(())
        } else {
            Err(Mismatch::new(path, must_be(&[ty.to_owned()])))
        }
    }

    fn check_composite(&self, value: &Value, ty: &str, path: &str) -> Result<(), Mismatch> {
        if let Some(item) = ty.strip_prefix("Array of ") {
            let Some(items) = value.as_array() else {
                return Err(Mismatch::new(path, format!("must be an Array of {item}")));
            };
            return items.iter().enumerate().try_for_each(|(index, value)| {
                self.check(value, item, &format!("{path}[{index}]"))
            });
        }
        let Some(spec) = self.types.get(ty) else {
            return Ok(()); // a type the spec does not describe: nothing to check against
        };
        if let Some(subtypes) = &spec.subtypes {
            return self.check_any(value, subtypes, path);
        }
        let Some(object) = value.as_object() else {
            return Err(Mismatch::new(
                path,
                format!("must be an object of type {ty}"),
            ));
        };
        for field in spec.fields.iter().flatten() {
            let field_path = format!("{path}.{}", field.name);
            match object.get(&field.name) {
                None | Some(Value::Null) if field.required => {
                    return Err(Mismatch::new(&field_path, "is required".to_owned()));
                }
                None | Some(Value::Null) => {}
                Some(value) => {
                    self.check_any(value, &field.types, &field_path)?;
                    if let Some(constant) = &field.constant
                        && value.as_str() != Some(constant.as_str())
                    {
                        return Err(Mismatch::new(
                            &field_path,
                            format!("must be \"{constant}\""),
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}

fn raw_to_value(raw: &Raw) -> Value {
    match raw {
        Raw::Json(value) => value.clone(),
        Raw::Text(text) => Value::String(text.clone()),
    }
}

fn must_be(types: &[String]) -> String {
    format!("must be of type {}", types.join(" or "))
}

fn type_error(mismatch: &Mismatch) -> ApiError {
    let top = mismatch.path.split(['.', '[']).next().unwrap_or_default();
    if top == mismatch.path {
        ApiError::bad_request(format!("field \"{}\" {}", mismatch.path, mismatch.problem))
    } else {
        ApiError::bad_request(format!(
            "can't parse {top}: field \"{}\" {}",
            mismatch.path, mismatch.problem
        ))
    }
}

/// The real server's wording for the most common missing parameters.
fn missing_parameter(method: &str, name: &str) -> ApiError {
    match name {
        "text" if method == "sendMessage" => ApiError::bad_request("message text is empty"),
        "chat_id" => ApiError::bad_request("chat_id is empty"),
        "message_id" => ApiError::bad_request("message identifier is not specified"),
        _ => ApiError::bad_request(format!("parameter \"{name}\" is required")),
    }
}

#[cfg(test)]
#[path = "spec_tests.rs"]
mod tests;
