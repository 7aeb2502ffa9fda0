//! `multipart/form-data` request bodies (RFC 7578), read whole: each part's name, file
//! name and content. What a deployment sends; anything malformed is a 400.

use axum::http::{HeaderMap, header};

use crate::emulator::error::{ApiError, ApiResult};

/// One part of a body.
#[derive(Debug, PartialEq, Eq)]
pub struct FormPart {
    pub name: String,
    pub filename: Option<String>,
    pub content: Vec<u8>,
}

/// The parts of a body whose `Content-Type` names its boundary.
pub fn parse(headers: &HeaderMap, body: &[u8]) -> ApiResult<Vec<FormPart>> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let boundary = boundary(content_type).ok_or_else(|| {
        ApiError::bad_request(format!(
            "Expected a multipart/form-data body with a boundary, but the content type is '{content_type}'."
        ))
    })?;
    parts(&boundary, body).map_err(|reason| {
        ApiError::bad_request(format!("The multipart body cannot be read: {reason}."))
    })
}

fn boundary(content_type: &str) -> Option<String> {
    let mut params = content_type.split(';').map(str::trim);
    let media = params.next()?;
    if !media.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params
        .filter_map(|p| p.split_once('='))
        .find(|(key, _)| key.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, value)| value.trim().trim_matches('"').to_string())
        .filter(|b| !b.is_empty())
}

fn parts(boundary: &str, body: &[u8]) -> Result<Vec<FormPart>, String> {
    let delimiter = format!("--{boundary}").into_bytes();
    let closing = [b"\r\n".as_slice(), &delimiter].concat();
    let mut at = find(body, &delimiter, 0).ok_or("no boundary found")? + delimiter.len();
    let mut parts = Vec::new();
    loop {
        let rest = &body[at..];
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        if !rest.starts_with(b"\r\n") {
            return Err("a boundary is not followed by a line break".to_string());
        }
        let headers_start = at + 2;
        let headers_end =
            find(body, b"\r\n\r\n", headers_start).ok_or("a part's headers do not end")?;
        let headers = std::str::from_utf8(&body[headers_start..headers_end])
            .map_err(|_| "a part's headers are not UTF-8")?;
        let content_start = headers_end + 4;
        let content_end = find(body, &closing, content_start).ok_or("a part does not end")?;
        let (name, filename) = disposition(headers)?;
        parts.push(FormPart {
            name,
            filename,
            content: body[content_start..content_end].to_vec(),
        });
        at = content_end + closing.len();
    }
}

/// The name and file name of a part's `Content-Disposition`.
fn disposition(headers: &str) -> Result<(String, Option<String>), String> {
    let value = headers
        .split("\r\n")
        .filter_map(|line| line.split_once(':'))
        .find(|(key, _)| key.trim().eq_ignore_ascii_case("content-disposition"))
        .map(|(_, value)| value)
        .ok_or("a part has no Content-Disposition")?;
    let mut name = None;
    let mut filename = None;
    for param in value.split(';').skip(1) {
        if let Some((key, value)) = param.split_once('=') {
            let value = unquoted(value.trim());
            match key.trim().to_ascii_lowercase().as_str() {
                "name" => name = Some(value),
                "filename" => filename = Some(value),
                _ => {}
            }
        }
    }
    Ok((name.ok_or("a part has no name")?, filename))
}

/// A quoted parameter value, with the percent-encoded quotes and line breaks that
/// browsers and the provider send decoded.
fn unquoted(value: &str) -> String {
    value
        .trim_matches('"')
        .replace("%22", "\"")
        .replace("%0D", "\r")
        .replace("%0A", "\n")
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http_client::multipart::{Multipart, Part};

    #[test]
    fn reads_what_the_client_builds() {
        let built = Multipart::new(&[
            Part {
                name: "resources",
                filename: Some("a \"b\".bpmn"),
                content: b"<x>\r\n--not-a-boundary\r\n</x>",
            },
            Part {
                name: "tenantId",
                filename: None,
                content: b"emea",
            },
        ]);
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            built.content_type().parse().expect("a header value"),
        );
        let parts = parse(&headers, &built.body()).unwrap();
        assert_eq!(
            parts,
            [
                FormPart {
                    name: "resources".into(),
                    filename: Some("a \"b\".bpmn".into()),
                    content: b"<x>\r\n--not-a-boundary\r\n</x>".to_vec(),
                },
                FormPart {
                    name: "tenantId".into(),
                    filename: None,
                    content: b"emea".to_vec(),
                },
            ]
        );
    }

    #[test]
    fn a_body_without_a_boundary_or_ending_is_refused() {
        let mut headers = HeaderMap::new();
        assert!(parse(&headers, b"").is_err());
        headers.insert(
            header::CONTENT_TYPE,
            "multipart/form-data; boundary=\"b\"".parse().unwrap(),
        );
        assert!(
            parse(
                &headers,
                b"--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv"
            )
            .is_err()
        );
        let whole = b"--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\r\n--b--\r\n";
        assert_eq!(parse(&headers, whole).unwrap()[0].content, b"v");
    }
}
