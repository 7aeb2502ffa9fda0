//! `multipart/form-data` bodies (RFC 7578), built once so that every attempt of a call
//! sends the same bytes without copying them, and described for logs by part names and
//! sizes only (file contents can be large, and are the caller's).

use std::fmt;

use bytes::Bytes;

/// One part: a form field, or a file when it has a file name.
pub struct Part<'a> {
    pub name: &'a str,
    pub filename: Option<&'a str>,
    pub content: &'a [u8],
}

/// A built body and its boundary.
#[derive(Clone)]
pub struct Multipart {
    boundary: String,
    body: Bytes,
    /// Per part: its name, file name and size, for logs.
    summary: Vec<(String, Option<String>, usize)>,
}

impl Multipart {
    /// The body of `parts`, with a random boundary that none of their contents holds.
    pub fn new(parts: &[Part<'_>]) -> Multipart {
        let boundary = loop {
            let candidate = format!("camunda-boundary-{}", uuid::Uuid::new_v4().simple());
            let needle = candidate.as_bytes();
            let clashes = parts
                .iter()
                .any(|p| p.content.windows(needle.len()).any(|w| w == needle));
            if !clashes {
                break candidate;
            }
        };
        let mut body = Vec::with_capacity(parts.iter().map(|p| p.content.len() + 160).sum());
        for part in parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!("form-data; name=\"{}\"", quoted(part.name));
            if let Some(filename) = part.filename {
                disposition.push_str(&format!("; filename=\"{}\"", quoted(filename)));
            }
            body.extend_from_slice(format!("Content-Disposition: {disposition}\r\n").as_bytes());
            if part.filename.is_some() {
                body.extend_from_slice(b"Content-Type: application/octet-stream\r\n");
            }
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(part.content);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let summary = parts
            .iter()
            .map(|p| {
                (
                    p.name.to_owned(),
                    p.filename.map(str::to_owned),
                    p.content.len(),
                )
            })
            .collect();
        Multipart {
            boundary,
            body: Bytes::from(body),
            summary,
        }
    }

    /// The `Content-Type` header's value.
    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    /// The body; cheap to clone for each attempt.
    pub fn body(&self) -> Bytes {
        self.body.clone()
    }
}

/// The parts' names, file names and sizes, never their contents.
impl fmt::Display for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (name, filename, size)) in self.summary.iter().enumerate() {
            if i > 0 {
                write!(f, ", ")?;
            }
            match filename {
                Some(filename) => write!(f, "{name}={filename:?} ({size} bytes)")?,
                None => write!(f, "{name} ({size} bytes)")?,
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Multipart({self})")
    }
}

/// A name inside a quoted header parameter: quotes and line breaks percent-encoded, as
/// browsers send them (the HTML standard's multipart encoding).
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_framed_by_a_boundary_their_contents_lack() {
        let body = Multipart::new(&[
            Part {
                name: "resources",
                filename: Some("a \"b\".bpmn"),
                content: b"<xml/>",
            },
            Part {
                name: "tenantId",
                filename: None,
                content: b"emea",
            },
        ]);
        let boundary = body.boundary.clone();
        assert_eq!(
            body.content_type(),
            format!("multipart/form-data; boundary={boundary}")
        );
        let text = String::from_utf8(body.body().to_vec()).unwrap();
        assert_eq!(
            text,
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"resources\"; \
                 filename=\"a %22b%22.bpmn\"\r\nContent-Type: application/octet-stream\r\n\r\n\
                 <xml/>\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"tenantId\"\
                 \r\n\r\nemea\r\n--{boundary}--\r\n"
            )
        );
        let logged = format!("{body} {body:?}");
        assert!(
            !logged.contains("<xml/>") && !logged.contains("emea"),
            "{logged}"
        );
        assert!(
            logged.contains("resources=\"a \\\"b\\\".bpmn\" (6 bytes)"),
            "{logged}"
        );
    }
}
