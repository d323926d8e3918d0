//! Request parameters as they arrive: from the query string, a JSON body, a url-encoded form or
//! multipart/form-data. Form-like values are untyped strings until [`super::spec`] reads them
//! against the declared types.

use std::collections::{BTreeMap, HashMap};

use axum::extract::{FromRequest, Multipart, Query, Request};
use axum::http::header::CONTENT_TYPE;
use serde_json::{Map, Value};

use super::error::ApiError;

/// One parameter value before validation.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Raw {
    /// A top-level value of a JSON body.
    Json(Value),
    /// A query, form or multipart text value: integers, booleans and JSON objects come as text.
    Text(String),
}

/// A multipart part with a file name.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Upload {
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RawParams {
    pub fields: BTreeMap<String, Raw>,
    /// File parts by part name; a field refers to one as `attach://<name>` or by carrying the
    /// field's own name.
    pub uploads: HashMap<String, Upload>,
}

impl RawParams {
    /// Reads the query string and the body, whatever its encoding. Body values win over query
    /// values of the same name.
    pub async fn from_request(req: Request) -> Result<Self, ApiError> {
        let mut params = Self::default();
        if let Ok(Query(pairs)) = Query::<Vec<(String, String)>>::try_from_uri(req.uri()) {
            params.add_texts(pairs);
        }
        let content_type = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if content_type.starts_with("multipart/form-data") {
            params.read_multipart(req).await?;
        } else if content_type.starts_with("application/x-www-form-urlencoded") {
            let axum::Form(pairs) = axum::Form::<Vec<(String, String)>>::from_request(req, &())
                .await
                .map_err(|_| ApiError::bad_request("can't parse form data"))?;
            params.add_texts(pairs);
        } else {
            let body = axum::body::to_bytes(req.into_body(), usize::MAX)
                .await
                .map_err(|_| ApiError::bad_request("can't read request body"))?;
            if !body.iter().all(u8::is_ascii_whitespace) {
                let value: Value = serde_json::from_slice(&body)
                    .map_err(|_| ApiError::bad_request("can't parse JSON request body"))?;
                let Value::Object(object) = value else {
                    return Err(ApiError::bad_request("JSON request body must be an object"));
                };
                params.add_json(object);
            }
        }
        Ok(params)
    }

    pub fn add_texts(&mut self, pairs: impl IntoIterator<Item = (String, String)>) {
        for (key, value) in pairs {
            self.fields.insert(key, Raw::Text(value));
        }
    }

    pub fn add_json(&mut self, object: Map<String, Value>) {
        for (key, value) in object {
            self.fields.insert(key, Raw::Json(value));
        }
    }

    async fn read_multipart(&mut self, req: Request) -> Result<(), ApiError> {
        let bad = |_| ApiError::bad_request("can't parse multipart/form-data body");
        let mut multipart = Multipart::from_request(req, &())
            .await
            .map_err(|_| ApiError::bad_request("can't parse multipart/form-data body"))?;
        while let Some(field) = multipart.next_field().await.map_err(bad)? {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(str::to_owned);
            let bytes = field.bytes().await.map_err(bad)?;
            match file_name {
                Some(file_name) => {
                    let file_name = (!file_name.is_empty()).then_some(file_name);
                    let upload = Upload {
                        file_name,
                        content_type,
                        bytes: bytes.to_vec(),
                    };
                    self.uploads.insert(name, upload);
                }
                None => {
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    self.fields.insert(name, Raw::Text(text));
                }
            }
        }
        Ok(())
    }

    /// The parameters as JSON, untyped values left as strings: what a failed call records.
    pub fn to_json(&self) -> Value {
        let mut object: Map<String, Value> = self
            .fields
            .iter()
            .map(|(key, raw)| {
                let value = match raw {
                    Raw::Json(value) => value.clone(),
                    Raw::Text(text) => Value::String(text.clone()),
                };
                (key.clone(), value)
            })
            .collect();
        for name in self.uploads.keys() {
            object
                .entry(name.clone())
                .or_insert_with(|| Value::String(format!("attach://{name}")));
        }
        Value::Object(object)
    }
}
