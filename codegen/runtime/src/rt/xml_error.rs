//! Error responses of the XML protocols (awsQuery, ec2Query, restXml): an
//! `<Error>` element with a `<Code>` and a `<Message>`, wrapped as the
//! protocol has it, and a request id in the body or the headers.

use super::error_response::{ErrorParts, finish, sanitize_code};
use super::json::DeserializeError;
use super::xml::{Node, XmlDocument};
use crate::error::{CreateUnhandledError, ErrorMetadata};
use crate::http::HttpResponse;

/// Where an error response puts its `<Error>` element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XmlErrorShape {
    /// awsQuery: `<ErrorResponse><Error>…</Error><RequestId>…</RequestId></ErrorResponse>`.
    AwsQuery,
    /// ec2Query: `<Response><Errors><Error>…</Error></Errors><RequestID>…</RequestID></Response>`.
    Ec2Query,
    /// restXml: `<ErrorResponse><Error>…</Error><RequestId>…</RequestId></ErrorResponse>`.
    RestXml,
    /// restXml with `noErrorWrapping` (S3): a bare `<Error>…<RequestId>…</RequestId></Error>`.
    RestXmlUnwrapped,
}

/// Reads an error response into the operation's error `E`.
///
/// Finds the `<Error>` element where `shape` says (or in any of the other
/// shapes' places: services are not always consistent) and builds the
/// metadata from its `<Code>` and `<Message>` and the request id: the body's
/// `<RequestId>` (or `<RequestID>`), else the `x-amzn-requestid` or
/// `x-amz-request-id` header. `modeled` then reads the modelled error the code
/// names from the `<Error>` element (`None` when the operation has no such
/// error). Never fails: what cannot be read becomes the unhandled variant,
/// carrying the HTTP status.
///
/// A restXml 404 with an empty body (S3 answers a `HEAD` so) gets the code
/// `NotFound`, as the official SDKs give it, and `modeled` an empty
/// `<Error/>`; the query protocols always send a body, so theirs does not.
pub fn read_error<E: CreateUnhandledError>(
    response: &HttpResponse,
    shape: XmlErrorShape,
    modeled: impl FnOnce(&str, Node<'_>, ErrorMetadata) -> Option<Result<E, DeserializeError>>,
) -> E {
    let parsed = XmlDocument::parse_optional(response.body());
    let mut placeholder = None;
    let (parts, node) = read_error_parts(response, shape, &parsed, &mut placeholder);
    let read = match (parts.code.as_deref(), node) {
        (Some(code), Some(node)) => modeled(code, node, parts.meta.clone()),
        _ => None,
    };
    finish(read, parts)
}

/// The part of [`read_error`] that does not depend on the operation: the
/// code, the metadata and, when there is a code, the element the modelled
/// error is read from (`placeholder` holds the stand-in for the missing
/// `<Error>` of an empty 404).
fn read_error_parts<'a>(
    response: &HttpResponse,
    shape: XmlErrorShape,
    parsed: &'a Result<Option<XmlDocument>, DeserializeError>,
    placeholder: &'a mut Option<XmlDocument>,
) -> (ErrorParts, Option<Node<'a>>) {
    let doc = match parsed {
        Ok(Some(doc)) => Some(doc),
        _ => None,
    };
    let root = doc.and_then(|d| d.root().ok());
    let error = root.and_then(|root| find_error(root, shape));
    let empty_body = matches!(parsed, Ok(None));

    let mut code = error.and_then(|e| e.child("Code")).and_then(|c| sanitize_code(&c.text()));
    let rest = matches!(shape, XmlErrorShape::RestXml | XmlErrorShape::RestXmlUnwrapped);
    if code.is_none() && empty_body && response.status() == 404 && rest {
        code = Some("NotFound".to_owned());
    }
    let mut meta = ErrorMetadata::builder();
    if let Some(code) = &code {
        meta = meta.code(code.as_str());
    }
    if let Some(message) = error.and_then(|e| e.child("Message")) {
        meta = meta.message(message.text());
    }
    if let Some(id) = request_id(response, root, error) {
        meta = meta.request_id(id);
    }
    let node = match (&code, error) {
        (None, _) => None,
        (Some(_), Some(node)) => Some(node),
        (Some(_), None) => {
            let doc = XmlDocument::parse(b"<Error/>").ok().map(|doc| &*placeholder.insert(doc));
            doc.and_then(|d| d.root().ok())
        }
    };
    let without_code = match (&code, parsed) {
        (Some(_), _) => String::new(),
        (None, Ok(None)) => "with an empty body".to_owned(),
        (None, Err(e)) => format!("with a body that could not be read as XML: {e}"),
        (None, Ok(Some(_))) if error.is_none() => "with an XML body that has no `Error` element".to_owned(),
        (None, Ok(Some(_))) => "with an XML error that has no `Code`".to_owned(),
    };
    (ErrorParts { status: response.status(), code, meta: meta.build(), without_code }, node)
}

/// Whether a body is an XML error document (its root element is `<Error>`):
/// S3 can answer some operations (`CompleteMultipartUpload`, `CopyObject`,
/// `UploadPartCopy`) with 200 and an error. Reads only up to the root's start
/// tag.
pub fn is_error_document(body: &[u8]) -> bool {
    use quick_xml::events::Event;

    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let mut reader = quick_xml::reader::Reader::from_reader(body);
    loop {
        match reader.read_event() {
            Ok(Event::Start(tag) | Event::Empty(tag)) => return tag.local_name().as_ref() == "Error",
            Ok(Event::Decl(_) | Event::Comment(_) | Event::PI(_)) => {}
            Ok(Event::Text(text)) if text.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')) => {}
            _ => return false,
        }
    }
}

/// The `<Error>` element: where `shape` puts it, else where another shape does.
fn find_error(root: Node<'_>, shape: XmlErrorShape) -> Option<Node<'_>> {
    let wrapped = || root.child("Error");
    let ec2 = || root.child("Errors").and_then(|errors| errors.child("Error"));
    let bare = || (root.name() == "Error").then_some(root);
    match shape {
        XmlErrorShape::AwsQuery | XmlErrorShape::RestXml => wrapped().or_else(ec2).or_else(bare),
        XmlErrorShape::Ec2Query => ec2().or_else(wrapped).or_else(bare),
        XmlErrorShape::RestXmlUnwrapped => bare().or_else(wrapped).or_else(ec2),
    }
}

/// The request id: the body's (beside or inside the `<Error>`), else a header's.
fn request_id(response: &HttpResponse, root: Option<Node<'_>>, error: Option<Node<'_>>) -> Option<String> {
    let in_body = |node: Node<'_>| {
        let id = node.child("RequestId").or_else(|| node.child("RequestID"))?;
        let id = id.text().trim().to_owned();
        (!id.is_empty()).then_some(id)
    };
    root.and_then(in_body)
        .or_else(|| error.and_then(in_body))
        .or_else(|| response.header("x-amzn-requestid").map(str::to_owned))
        .or_else(|| response.header("x-amz-request-id").map(str::to_owned))
}

/// The document's root element, which must be named `name` (the query
/// protocols' `<OpResponse>`): anything else (an HTML error page from a proxy,
/// say) is not the operation's output.
pub fn expect_root<'d>(doc: &'d XmlDocument, name: &str) -> Result<Node<'d>, DeserializeError> {
    let root = doc.root()?;
    if root.name() == name {
        Ok(root)
    } else {
        Err(DeserializeError::new(format!(
            "expected the document element <{name}>, found <{}>",
            root.name().chars().take(40).collect::<String>()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::BoxError;

    /// An operation error enum as generated code has them, cut down.
    #[derive(Debug)]
    enum OpError {
        Modeled { code: String, top_level: Option<String>, nested_foo: Option<String>, meta: ErrorMetadata },
        Unhandled { source: String, meta: Option<ErrorMetadata> },
    }

    impl CreateUnhandledError for OpError {
        fn create_unhandled_error(source: BoxError, meta: Option<ErrorMetadata>) -> Self {
            OpError::Unhandled { source: source.to_string(), meta }
        }
    }

    /// The modelled errors: these codes, with members read from the `<Error>`.
    fn modeled(code: &str, error: Node<'_>, meta: ErrorMetadata) -> Option<Result<OpError, DeserializeError>> {
        match code {
            "InvalidGreeting"
            | "ComplexError"
            | "NoSuchKey"
            | "NotFound"
            | "ExpiredTokenException"
            | "InvalidInstanceID.NotFound"
            | "NoSuchHostedZone" => Some(Ok(OpError::Modeled {
                code: code.to_owned(),
                top_level: error.child("TopLevel").map(|n| n.text().into_owned()),
                nested_foo: error.child("Nested").and_then(|n| n.child("Foo")).map(|n| n.text().into_owned()),
                meta,
            })),
            "Unreadable" => Some(Err(DeserializeError::new("expected an integer").at("Count"))),
            _ => None,
        }
    }

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        let headers = headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
        HttpResponse::new(status, headers, body.as_bytes().to_vec())
    }

    fn read(status: u16, headers: &[(&str, &str)], body: &str, shape: XmlErrorShape) -> OpError {
        read_error(&response(status, headers, body), shape, modeled)
    }

    fn expect_modeled(error: OpError) -> (String, Option<String>, Option<String>, ErrorMetadata) {
        match error {
            OpError::Modeled { code, top_level, nested_foo, meta } => (code, top_level, nested_foo, meta),
            other => panic!("not modelled: {other:?}"),
        }
    }

    fn expect_unhandled(error: OpError) -> (String, ErrorMetadata) {
        match error {
            OpError::Unhandled { source, meta } => (source, meta.unwrap_or_default()),
            other => panic!("modelled: {other:?}"),
        }
    }

    #[test]
    fn aws_query_errors_from_sts() {
        let body = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>ExpiredTokenException</Code>
    <Message>The security token included in the request is expired</Message>
  </Error>
  <RequestId>4c4b7b6e-0b3d-4b5e-9f2a-1f6d3e1a2b3c</RequestId>
</ErrorResponse>
"#;
        let (code, _, _, meta) = expect_modeled(read(400, &[], body, XmlErrorShape::AwsQuery));
        assert_eq!(code, "ExpiredTokenException");
        assert_eq!(meta.code(), Some("ExpiredTokenException"));
        assert_eq!(meta.message(), Some("The security token included in the request is expired"));
        assert_eq!(meta.request_id(), Some("4c4b7b6e-0b3d-4b5e-9f2a-1f6d3e1a2b3c"));
    }

    #[test]
    fn aws_query_protocol_test_complex_error_members_are_read_from_the_error_element() {
        let body = "<ErrorResponse>\n   <Error>\n      <Type>Sender</Type>\n      <Code>ComplexError</Code>\n      \
                    <TopLevel>Top level</TopLevel>\n      <Nested>\n          <Foo>bar</Foo>\n      </Nested>\n   \
                    </Error>\n   <RequestId>foo-id</RequestId>\n</ErrorResponse>\n";
        let (code, top_level, nested_foo, meta) = expect_modeled(read(400, &[], body, XmlErrorShape::AwsQuery));
        assert_eq!(code, "ComplexError");
        assert_eq!(top_level.as_deref(), Some("Top level"));
        assert_eq!(nested_foo.as_deref(), Some("bar"));
        assert_eq!((meta.message(), meta.request_id()), (None, Some("foo-id")));
    }

    #[test]
    fn ec2_query_errors_are_inside_errors_with_request_id_capitalised() {
        let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>The instance ID 'i-1a2b3c4d' does not exist</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>"#;
        let (code, _, _, meta) = expect_modeled(read(400, &[], body, XmlErrorShape::Ec2Query));
        assert_eq!(code, "InvalidInstanceID.NotFound");
        assert_eq!(meta.message(), Some("The instance ID 'i-1a2b3c4d' does not exist"));
        assert_eq!(meta.request_id(), Some("ea966190-f9aa-478e-9ede-example"));
    }

    #[test]
    fn rest_xml_wrapped_errors_from_route53() {
        let body = r#"<?xml version="1.0"?>
<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><Error><Type>Sender</Type><Code>NoSuchHostedZone</Code><Message>No hosted zone found with ID: Z1D633PJN98FT9</Message></Error><RequestId>9f4a2c1e-example</RequestId></ErrorResponse>"#;
        let (code, _, _, meta) = expect_modeled(read(404, &[], body, XmlErrorShape::RestXml));
        assert_eq!(code, "NoSuchHostedZone");
        assert_eq!(meta.message(), Some("No hosted zone found with ID: Z1D633PJN98FT9"));
        assert_eq!(meta.request_id(), Some("9f4a2c1e-example"));
    }

    #[test]
    fn rest_xml_unwrapped_errors_from_s3() {
        let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>photos/2006/February/sample.jpg</Key><RequestId>4442587FB7D0A2F9</RequestId><HostId>Uuag1LuByRx9e6j5Onimru9pO4ZVKnJ2Qz7/C1NPcfTWAtRPfTaOFg==</HostId></Error>"#;
        let headers = [("x-amz-request-id", "from-header"), ("x-amz-id-2", "extended")];
        let (code, _, _, meta) = expect_modeled(read(404, &headers, body, XmlErrorShape::RestXmlUnwrapped));
        assert_eq!(code, "NoSuchKey");
        assert_eq!(meta.message(), Some("The specified key does not exist."));
        assert_eq!(meta.request_id(), Some("4442587FB7D0A2F9"), "the body's id comes first");
        // The restXml protocol test S3OperationNoErrorWrappingResponse: no message, no id.
        let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n\t<Type>Sender</Type>\n\t<Code>NoSuchBucket</Code>\n</Error>";
        let (source, meta) = expect_unhandled(read(400, &[], body, XmlErrorShape::RestXmlUnwrapped));
        assert_eq!(meta.code(), Some("NoSuchBucket"));
        assert_eq!(source, "HTTP 400 response with the error code `NoSuchBucket`, which this operation does not model");
    }

    #[test]
    fn each_shape_also_finds_the_error_where_another_shape_puts_it() {
        let bodies = [
            "<ErrorResponse><Error><Code>InvalidGreeting</Code></Error></ErrorResponse>",
            "<Response><Errors><Error><Code>InvalidGreeting</Code></Error></Errors></Response>",
            "<Error><Code>InvalidGreeting</Code></Error>",
        ];
        let shapes =
            [XmlErrorShape::AwsQuery, XmlErrorShape::Ec2Query, XmlErrorShape::RestXml, XmlErrorShape::RestXmlUnwrapped];
        for body in bodies {
            for shape in shapes {
                let (code, ..) = expect_modeled(read(400, &[], body, shape));
                assert_eq!(code, "InvalidGreeting", "{shape:?} {body}");
            }
        }
    }

    #[test]
    fn request_ids_fall_back_to_the_headers() {
        let body = "<ErrorResponse><Error><Code>InvalidGreeting</Code></Error></ErrorResponse>";
        let (.., meta) = expect_modeled(read(400, &[("x-amzn-RequestId", "amzn-id")], body, XmlErrorShape::AwsQuery));
        assert_eq!(meta.request_id(), Some("amzn-id"));
        let (.., meta) = expect_modeled(read(400, &[("x-amz-request-id", "s3-id")], body, XmlErrorShape::RestXml));
        assert_eq!(meta.request_id(), Some("s3-id"));
        let (.., meta) = expect_modeled(read(400, &[], body, XmlErrorShape::RestXml));
        assert_eq!(meta.request_id(), None);
    }

    #[test]
    fn an_empty_404_is_not_found_as_s3_head_requests_get_it() {
        let headers = [("x-amz-request-id", "GRZ6BZ468DF52F2E"), ("x-amz-id-2", "UTniwu6QmCIjVeuK2ZfeWBOnu7SqMQ==")];
        let (code, top_level, _, meta) = expect_modeled(read(404, &headers, "", XmlErrorShape::RestXmlUnwrapped));
        assert_eq!((code.as_str(), top_level), ("NotFound", None));
        assert_eq!((meta.code(), meta.request_id()), (Some("NotFound"), Some("GRZ6BZ468DF52F2E")));
        let (code, ..) = expect_modeled(read(404, &[], "", XmlErrorShape::RestXml));
        assert_eq!(code, "NotFound");
        // Other empty errors have no code.
        let (source, meta) = expect_unhandled(read(403, &headers, "", XmlErrorShape::RestXmlUnwrapped));
        assert_eq!(source, "HTTP 403 response with an empty body");
        assert_eq!((meta.code(), meta.request_id()), (None, Some("GRZ6BZ468DF52F2E")));
        let (source, _) = expect_unhandled(read(404, &[], "", XmlErrorShape::AwsQuery));
        assert_eq!(source, "HTTP 404 response with an empty body");
    }

    #[test]
    fn unreadable_bodies_become_unhandled_errors_with_the_status() {
        let cases = [
            (
                "{\"message\": \"json\"}",
                "HTTP 502 response with a body that could not be read as XML: the body is not well-formed XML: text outside the root element (at byte 0)",
            ),
            ("<html><body>Bad Gateway</body></html>", "HTTP 502 response with an XML body that has no `Error` element"),
            (
                "<ErrorResponse><Error><Message>no code</Message></Error></ErrorResponse>",
                "HTTP 502 response with an XML error that has no `Code`",
            ),
            (
                "<ErrorResponse><Error><Code> </Code></Error></ErrorResponse>",
                "HTTP 502 response with an XML error that has no `Code`",
            ),
            (
                "<Error><Code>x</Error>",
                "HTTP 502 response with a body that could not be read as XML: the body is not well-formed XML: an end tag does not match its start tag `Code` (at byte 14)",
            ),
            (
                "\u{ff}",
                "HTTP 502 response with a body that could not be read as XML: the body is not well-formed XML: text outside the root element (at byte 0)",
            ),
        ];
        for (body, expected) in cases {
            let (source, _) = expect_unhandled(read(502, &[], body, XmlErrorShape::AwsQuery));
            assert_eq!(source, expected, "{body}");
        }
        let (source, _) = expect_unhandled(read_error(
            &HttpResponse::new(500, Vec::new(), b"<a>\xff</a>".to_vec()),
            XmlErrorShape::RestXml,
            modeled,
        ));
        assert_eq!(
            source,
            "HTTP 500 response with a body that could not be read as XML: the XML body is not valid UTF-8 (at byte 3)"
        );
    }

    #[test]
    fn unmodelled_and_unreadable_modelled_errors_keep_their_metadata() {
        let body = "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error>\
                    <RequestId>id-1</RequestId></ErrorResponse>";
        let (source, meta) = expect_unhandled(read(400, &[], body, XmlErrorShape::AwsQuery));
        assert_eq!(source, "HTTP 400 response with the error code `Throttling`, which this operation does not model");
        assert_eq!(
            (meta.code(), meta.message(), meta.request_id()),
            (Some("Throttling"), Some("Rate exceeded"), Some("id-1"))
        );
        let body = "<ErrorResponse><Error><Code>Unreadable</Code></Error></ErrorResponse>";
        let (source, meta) = expect_unhandled(read(400, &[], body, XmlErrorShape::AwsQuery));
        assert_eq!(
            source,
            "HTTP 400 response carries the error `Unreadable` but its body could not be read: expected an integer (at `Count`)"
        );
        assert_eq!(meta.code(), Some("Unreadable"));
    }

    #[test]
    fn codes_are_trimmed_and_lose_namespaces_and_suffixes() {
        let body = "<Error><Code>\n  aws.protocoltests#InvalidGreeting:http://internal/  \n</Code></Error>";
        let (code, ..) = expect_modeled(read(400, &[], body, XmlErrorShape::RestXmlUnwrapped));
        assert_eq!(code, "InvalidGreeting");
        let body = "<Error><Code>AWS.SimpleQueueService.NonExistentQueue</Code></Error>";
        let (_, meta) = expect_unhandled(read(400, &[], body, XmlErrorShape::RestXmlUnwrapped));
        assert_eq!(meta.code(), Some("AWS.SimpleQueueService.NonExistentQueue"));
    }

    #[test]
    fn hostile_error_bodies_are_refused_without_panicking() {
        let laughs = "<!DOCTYPE e [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>\
                      <Error><Code>&b;</Code></Error>";
        let (source, meta) = expect_unhandled(read(400, &[], laughs, XmlErrorShape::RestXmlUnwrapped));
        assert!(source.contains("document type declaration"), "{source}");
        assert_eq!(meta.code(), None);
        let deep = format!("{}{}", "<Error>".repeat(100_000), "</Error>".repeat(100_000));
        let (source, _) = expect_unhandled(read(400, &[], &deep, XmlErrorShape::RestXmlUnwrapped));
        assert!(source.contains("levels deep"), "{source}");
    }

    #[test]
    fn error_documents_are_recognised_by_their_root_element() {
        assert!(is_error_document(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code></Error>"
        ));
        assert!(is_error_document(b"\xEF\xBB\xBF<!-- c -->\n  <Error/>"));
        assert!(is_error_document(b"<s3:Error xmlns:s3=\"urn:s3\"><Code>SlowDown</Code></s3:Error>"));
        assert!(!is_error_document(b"<CompleteMultipartUploadResult><Error/></CompleteMultipartUploadResult>"));
        assert!(!is_error_document(b""));
        assert!(!is_error_document(b"   "));
        assert!(!is_error_document(b"text<Error/>"));
        assert!(!is_error_document(b"<!DOCTYPE Error><Error/>"));
        assert!(!is_error_document(b"\xff<Error/>"));
        assert!(!is_error_document(b"<Errors/>"));
    }
}
