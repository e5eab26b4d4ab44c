//! The generated clients as the credentials chains call them: what each sends
//! (signed or not, where, with which body) and what it reads back, against
//! a recording HTTP client with a canned reply.

use std::sync::{Arc, Mutex};

use crate::config::{Config, Credentials};
use crate::http::{HttpClient, HttpFuture, HttpRequest, HttpResponse};

/// What the client sent: method, URI, headers, body.
#[derive(Clone, Debug)]
struct Sent {
    method: String,
    uri: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Sent {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Records every request and answers each with the same canned response.
#[derive(Clone, Debug)]
struct Canned {
    status: u16,
    content_type: &'static str,
    error_type: Option<&'static str>,
    body: &'static str,
    sent: Arc<Mutex<Vec<Sent>>>,
}

impl Canned {
    fn new(status: u16, content_type: &'static str, body: &'static str) -> Self {
        Canned { status, content_type, error_type: None, body, sent: Arc::default() }
    }

    /// The reply names its error in `x-amzn-errortype`, as restJson1 services do.
    fn with_error_type(mut self, code: &'static str) -> Self {
        self.error_type = Some(code);
        self
    }

    fn sent(&self) -> Vec<Sent> {
        self.sent.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn only_request(&self) -> Sent {
        let sent = self.sent();
        assert_eq!(sent.len(), 1, "one request: {sent:?}");
        sent[0].clone()
    }
}

impl HttpClient for Canned {
    fn call(&self, request: HttpRequest) -> HttpFuture<'_> {
        self.sent.lock().unwrap_or_else(|p| p.into_inner()).push(Sent {
            method: request.method().to_owned(),
            uri: request.uri().to_owned(),
            headers: request.headers().to_vec(),
            body: request.body().to_vec(),
        });
        let mut headers = vec![("content-type".to_owned(), self.content_type.to_owned())];
        headers.extend(self.error_type.map(|code| ("x-amzn-errortype".to_owned(), code.to_owned())));
        let response = HttpResponse::new(self.status, headers, self.body.as_bytes().to_vec());
        Box::pin(async move { Ok(response) })
    }
}

/// A configuration for `us-east-1` sending through `http`, with static
/// credentials when `signed`.
fn config(http: &Canned, signed: bool) -> crate::config::Builder {
    let builder = Config::builder().region("us-east-1").http_client(http.clone());
    if signed { builder.credentials_provider(Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE", None)) } else { builder }
}

/// The form body's fields, decoded.
fn form_fields(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (percent_decode(k), percent_decode(v)))
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("00");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(0));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(feature = "sts")]
mod sts {
    use super::*;
    use crate::clients::sts::Client;
    use crate::clients::sts::operation::assume_role::AssumeRoleError;
    use crate::error::ProvideErrorMetadata;

    const ASSUME_ROLE_RESPONSE: &str = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <SourceIdentity>DevUser123</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/John</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:John</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764</SessionToken>
      <Expiration>2019-11-09T13:34:41Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</AssumeRoleResponse>"#;

    const WEB_IDENTITY_RESPONSE: &str = r#"<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>amzn1.account.AF6RHO7KZU5XRVQJGXK6HB56KR2A</SubjectFromWebIdentityToken>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/FederatedWebIdentityRole/app1</Arn>
      <AssumedRoleId>AROACLKWSDQRAOEXAMPLE:app1</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <SessionToken>AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE</SessionToken>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <Expiration>2014-10-24T23:00:23Z</Expiration>
      <AccessKeyId>ASgeIAIOSFODNN7EXAMPLE</AccessKeyId>
    </Credentials>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata><RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>"#;

    #[tokio::test]
    async fn assume_role_sends_a_signed_form_and_reads_the_credentials() {
        let http = Canned::new(200, "text/xml", ASSUME_ROLE_RESPONSE);
        let client = Client::from_conf(config(&http, true).build());
        let out = client
            .assume_role()
            .role_arn("arn:aws:iam::123456789012:role/demo")
            .role_session_name("John")
            .send()
            .await
            .expect("AssumeRole succeeds");

        let sent = http.only_request();
        assert_eq!(sent.method, "POST");
        assert_eq!(sent.uri, "https://sts.us-east-1.amazonaws.com/");
        assert_eq!(sent.header("content-type"), Some("application/x-www-form-urlencoded"));
        let authorization = sent.header("authorization").expect("AssumeRole is signed");
        assert!(authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), "{authorization}");
        assert!(authorization.contains("/us-east-1/sts/aws4_request"), "{authorization}");
        let fields = form_fields(&sent.body_text());
        let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        assert_eq!(field("Action"), Some("AssumeRole"));
        assert_eq!(field("Version"), Some("2011-06-15"));
        assert_eq!(field("RoleArn"), Some("arn:aws:iam::123456789012:role/demo"));
        assert_eq!(field("RoleSessionName"), Some("John"));

        let credentials = out.credentials().expect("the output has credentials");
        assert_eq!(credentials.access_key_id(), "ASIAIOSFODNN7EXAMPLE");
        assert_eq!(credentials.secret_access_key(), "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY");
        assert_eq!(credentials.session_token(), "AQoDYXdzEPT//////////wEXAMPLEtc764");
        // 2019-11-09T13:34:41Z
        assert_eq!(credentials.expiration().secs(), 1_573_306_481);
        let user = out.assumed_role_user().expect("the output has the assumed role user");
        assert_eq!(user.arn(), "arn:aws:sts::123456789012:assumed-role/demo/John");
        assert_eq!(out.packed_policy_size(), Some(6));
        assert!(!format!("{credentials:?}").contains("wJalrXUtnFEMI"), "the secret key is redacted");
    }

    #[tokio::test]
    async fn assume_role_with_web_identity_is_sent_unsigned() {
        let http = Canned::new(200, "text/xml", WEB_IDENTITY_RESPONSE);
        // No credentials at all: web identity is how a process gets its first ones.
        let client = Client::from_conf(config(&http, false).build());
        let out = client
            .assume_role_with_web_identity()
            .role_arn("arn:aws:iam::123456789012:role/FederatedWebIdentityRole")
            .role_session_name("app1")
            .web_identity_token("eyJhbGciOiJSUzI1NiJ9.token")
            .send()
            .await
            .expect("AssumeRoleWithWebIdentity succeeds");

        let sent = http.only_request();
        assert_eq!(sent.uri, "https://sts.us-east-1.amazonaws.com/");
        assert_eq!(sent.header("authorization"), None, "{:?}", sent.headers);
        assert_eq!(sent.header("x-amz-security-token"), None);
        let fields = form_fields(&sent.body_text());
        let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        assert_eq!(field("Action"), Some("AssumeRoleWithWebIdentity"));
        assert_eq!(field("WebIdentityToken"), Some("eyJhbGciOiJSUzI1NiJ9.token"));
        let credentials = out.credentials().expect("the output has credentials");
        assert_eq!(credentials.access_key_id(), "ASgeIAIOSFODNN7EXAMPLE");
        assert_eq!(credentials.expiration().secs(), 1_414_191_623);
        assert_eq!(
            out.assumed_role_user().map(|u| u.arn()),
            Some("arn:aws:sts::123456789012:assumed-role/FederatedWebIdentityRole/app1")
        );
    }

    #[tokio::test]
    async fn assume_role_errors_carry_their_code_and_message() {
        let body = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform sts:AssumeRole</Message></Error>
  <RequestId>4f5c</RequestId>
</ErrorResponse>"#;
        let http = Canned::new(403, "text/xml", body);
        let client = Client::from_conf(config(&http, true).build());
        let err = client.assume_role().role_arn("arn:aws:iam::1:role/r").role_session_name("s").send().await;
        let err = err.expect_err("a 403 is an error").into_service_error();
        // An unmodelled code: none of the modelled variants.
        assert!(!err.is_expired_token_exception() && !err.is_region_disabled_exception(), "{err:?}");
        assert_eq!(err.code(), Some("AccessDenied"));
        assert_eq!(err.message(), Some("not authorized to perform sts:AssumeRole"));
        assert_eq!(ProvideErrorMetadata::code(&err), Some("AccessDenied"));

        let modelled = r#"<ErrorResponse><Error><Type>Sender</Type><Code>RegionDisabledException</Code><Message>off</Message></Error></ErrorResponse>"#;
        let http = Canned::new(403, "text/xml", modelled);
        let client = Client::from_conf(config(&http, true).build());
        let err = client.assume_role().role_arn("arn:aws:iam::1:role/r").role_session_name("s").send().await;
        let err = err.expect_err("a 403 is an error").into_service_error();
        let AssumeRoleError::RegionDisabledException(disabled) = &err else { panic!("not RegionDisabled: {err:?}") };
        assert_eq!(disabled.message(), Some("off"));
        assert_eq!(err.message(), Some("off"));
    }

    /// Sends AssumeRole with `config` and returns the URI it went to.
    async fn endpoint_of(config: crate::config::Builder, http: &Canned) -> String {
        let client = Client::from_conf(config.build());
        let _ = client.assume_role().role_arn("arn:aws:iam::1:role/r").role_session_name("s").send().await;
        http.sent().last().map(|s| s.uri.clone()).unwrap_or_default()
    }

    #[tokio::test]
    async fn sts_endpoints_follow_region_fips_dual_stack_and_overrides() {
        let http = Canned::new(200, "text/xml", ASSUME_ROLE_RESPONSE);
        assert_eq!(endpoint_of(config(&http, true), &http).await, "https://sts.us-east-1.amazonaws.com/");
        assert_eq!(
            endpoint_of(config(&http, true).region("eu-west-1"), &http).await,
            "https://sts.eu-west-1.amazonaws.com/"
        );
        assert_eq!(
            endpoint_of(config(&http, true).use_fips(true), &http).await,
            "https://sts-fips.us-east-1.amazonaws.com/"
        );
        assert_eq!(
            endpoint_of(config(&http, true).use_dual_stack(true), &http).await,
            "https://sts.us-east-1.api.aws/"
        );
        assert_eq!(
            endpoint_of(config(&http, true).region("cn-north-1"), &http).await,
            "https://sts.cn-north-1.amazonaws.com.cn/"
        );
        assert_eq!(
            endpoint_of(config(&http, true).endpoint_url("http://127.0.0.1:4566"), &http).await,
            "http://127.0.0.1:4566/"
        );
    }
}

#[cfg(feature = "sso")]
mod sso {
    use super::*;
    use crate::clients::sso::Client;

    const ROLE_CREDENTIALS: &str = r#"{"roleCredentials":{"accessKeyId":"ASIAEXAMPLE","secretAccessKey":"secretexample","sessionToken":"tokenexample","expiration":1700000000123}}"#;

    #[tokio::test]
    async fn get_role_credentials_sends_the_bearer_token_unsigned_and_reads_the_credentials() {
        let http = Canned::new(200, "application/json", ROLE_CREDENTIALS);
        let client = Client::from_conf(config(&http, false).build());
        let out = client
            .get_role_credentials()
            .role_name("Admin Role")
            .account_id("123456789012")
            .access_token("sso-access-token")
            .send()
            .await
            .expect("GetRoleCredentials succeeds");

        let sent = http.only_request();
        assert_eq!(sent.method, "GET");
        assert_eq!(
            sent.uri,
            "https://portal.sso.us-east-1.amazonaws.com/federation/credentials?role_name=Admin%20Role&account_id=123456789012"
        );
        assert_eq!(sent.header("x-amz-sso_bearer_token"), Some("sso-access-token"));
        assert_eq!(sent.header("authorization"), None, "{:?}", sent.headers);
        assert!(sent.body.is_empty());

        let credentials = out.role_credentials().expect("the output has role credentials");
        assert_eq!(credentials.access_key_id(), Some("ASIAEXAMPLE"));
        assert_eq!(credentials.secret_access_key(), Some("secretexample"));
        assert_eq!(credentials.session_token(), Some("tokenexample"));
        // Epoch milliseconds, as the model's `long` says.
        assert_eq!(credentials.expiration(), 1_700_000_000_123);
    }

    #[tokio::test]
    async fn get_role_credentials_errors_are_modelled() {
        let body = r#"{"message":"Session token not found or invalid"}"#;
        let http = Canned::new(401, "application/json", body);
        let client = Client::from_conf(config(&http, false).build());
        let err = client.get_role_credentials().role_name("r").account_id("1").access_token("t").send().await;
        let err = err.expect_err("a 401 is an error");
        assert_eq!(err.raw_response().map(|r| r.status()), Some(401));
        let err = err.into_service_error();
        // The code comes from the header or the body; this reply has neither.
        assert!(!err.is_unauthorized_exception() && !err.is_invalid_request_exception(), "{err:?}");
        assert_eq!(err.code(), None);

        let http =
            Canned::new(401, "application/json", r#"{"message":"expired"}"#).with_error_type("UnauthorizedException");
        let client = Client::from_conf(config(&http, false).build());
        let err = client.get_role_credentials().role_name("r").account_id("1").access_token("t").send().await;
        let err = err.expect_err("a 401 is an error").into_service_error();
        assert!(err.is_unauthorized_exception(), "{err:?}");
        assert_eq!(err.code(), Some("UnauthorizedException"));
        assert_eq!(err.message(), Some("expired"));
    }

    #[tokio::test]
    async fn sso_endpoints_follow_region_fips_dual_stack_and_overrides() {
        let http = Canned::new(200, "application/json", ROLE_CREDENTIALS);
        let endpoint = |builder: crate::config::Builder| {
            let http = http.clone();
            async move {
                let client = Client::from_conf(builder.build());
                let _ = client.get_role_credentials().role_name("r").account_id("1").access_token("t").send().await;
                let uri = http.sent().last().map(|s| s.uri.clone()).unwrap_or_default();
                uri.split_once("/federation").map(|(host, _)| host.to_owned()).unwrap_or(uri)
            }
        };
        assert_eq!(endpoint(config(&http, false)).await, "https://portal.sso.us-east-1.amazonaws.com");
        assert_eq!(
            endpoint(config(&http, false).region("eu-central-1")).await,
            "https://portal.sso.eu-central-1.amazonaws.com"
        );
        assert_eq!(
            endpoint(config(&http, false).use_fips(true)).await,
            "https://portal.sso-fips.us-east-1.amazonaws.com"
        );
        assert_eq!(endpoint(config(&http, false).use_dual_stack(true)).await, "https://portal.sso.us-east-1.api.aws");
        assert_eq!(endpoint(config(&http, false).endpoint_url("http://127.0.0.1:9000")).await, "http://127.0.0.1:9000");
    }
}

#[cfg(feature = "sso")]
mod sso_oidc {
    use super::*;
    use crate::clients::sso_oidc::Client;
    use crate::clients::sso_oidc::operation::create_token::CreateTokenError;

    const TOKEN: &str = r#"{"accessToken":"new-access-token","tokenType":"Bearer","expiresIn":28800,"refreshToken":"new-refresh-token"}"#;

    #[tokio::test]
    async fn create_token_sends_json_unsigned_and_reads_the_token() {
        let http = Canned::new(200, "application/json", TOKEN);
        let client = Client::from_conf(config(&http, false).build());
        let out = client
            .create_token()
            .client_id("client-id")
            .client_secret("client-secret")
            .grant_type("refresh_token")
            .refresh_token("old-refresh-token")
            .send()
            .await
            .expect("CreateToken succeeds");

        let sent = http.only_request();
        assert_eq!(sent.method, "POST");
        assert_eq!(sent.uri, "https://oidc.us-east-1.amazonaws.com/token");
        assert_eq!(sent.header("authorization"), None, "{:?}", sent.headers);
        assert_eq!(sent.header("content-type"), Some("application/json"));
        let body: serde_json::Value = serde_json::from_slice(&sent.body).expect("a JSON body");
        assert_eq!(
            body,
            serde_json::json!({
                "clientId": "client-id",
                "clientSecret": "client-secret",
                "grantType": "refresh_token",
                "refreshToken": "old-refresh-token",
            })
        );

        assert_eq!(out.access_token(), Some("new-access-token"));
        assert_eq!(out.expires_in(), 28800);
        assert_eq!(out.refresh_token(), Some("new-refresh-token"));
        assert_eq!(out.token_type(), Some("Bearer"));
        let shown = format!("{out:?}");
        assert!(!shown.contains("new-access-token") && !shown.contains("new-refresh-token"), "{shown}");
    }

    #[tokio::test]
    async fn create_token_errors_carry_their_code() {
        let body = r#"{"error":"invalid_grant","error_description":"the refresh token expired"}"#;
        let http = Canned::new(400, "application/json", body).with_error_type("InvalidGrantException");
        let client = Client::from_conf(config(&http, false).build());
        let err = client
            .create_token()
            .client_id("c")
            .client_secret("s")
            .grant_type("refresh_token")
            .refresh_token("r")
            .send()
            .await;
        let err = err.expect_err("a 400 is an error").into_service_error();
        assert_eq!(err.code(), Some("InvalidGrantException"));
        let CreateTokenError::InvalidGrantException(grant) = &err else { panic!("not InvalidGrantException: {err:?}") };
        assert_eq!(grant.error(), Some("invalid_grant"));
        assert_eq!(grant.error_description(), Some("the refresh token expired"));
    }

    #[tokio::test]
    async fn oidc_endpoints_follow_region_fips_dual_stack_and_overrides() {
        let http = Canned::new(200, "application/json", TOKEN);
        let endpoint = |builder: crate::config::Builder| {
            let http = http.clone();
            async move {
                let client = Client::from_conf(builder.build());
                let _ = client.create_token().client_id("c").client_secret("s").grant_type("g").send().await;
                http.sent().last().map(|s| s.uri.clone()).unwrap_or_default()
            }
        };
        assert_eq!(endpoint(config(&http, false)).await, "https://oidc.us-east-1.amazonaws.com/token");
        assert_eq!(
            endpoint(config(&http, false).region("ap-south-1")).await,
            "https://oidc.ap-south-1.amazonaws.com/token"
        );
        assert_eq!(
            endpoint(config(&http, false).use_fips(true)).await,
            "https://oidc-fips.us-east-1.amazonaws.com/token"
        );
        assert_eq!(endpoint(config(&http, false).use_dual_stack(true)).await, "https://oidc.us-east-1.api.aws/token");
        assert_eq!(
            endpoint(config(&http, false).endpoint_url("http://127.0.0.1:9001")).await,
            "http://127.0.0.1:9001/token"
        );
    }
}
