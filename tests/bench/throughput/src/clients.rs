//! The ways of making the call: our generated client, the official SDK,
//! hyper-util's pooled client on its own, and the raw request loop, behind
//! one interface for the measuring loop.

use std::net::SocketAddr;
use std::sync::Arc;

use crate::raw::{RawConnection, prepared_request};
use crate::server::JOB_ID;

/// Which client a measurement uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The crate in `generated/`.
    Ours,
    /// `aws-sdk-partnercentralselling` configured with `aws-config`.
    Official,
    /// hyper-util's pooled client (the usual way to use hyper, and what the
    /// official SDK's transport builds on) sending a prepared request: no
    /// serialising, signing or parsing.
    Hyper,
    /// The prepared-request loop on a plain socket.
    Raw,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 4] = [Kind::Ours, Kind::Official, Kind::Hyper, Kind::Raw];

    /// The name used in the output.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Ours => "ours",
            Kind::Official => "official",
            Kind::Hyper => "hyper",
            Kind::Raw => "raw",
        }
    }
}

/// A configured client of each kind, built once and shared by all tasks, as
/// an application would.
#[derive(Clone)]
pub struct Clients {
    ours: partnercentral_selling::Client,
    official: aws_sdk_partnercentralselling::Client,
    hyper: HyperClient,
    addr: SocketAddr,
    raw_request: Arc<[u8]>,
}

impl Clients {
    /// Both clients pointed at the server at `addr`, with static credentials.
    pub async fn new(addr: SocketAddr) -> Clients {
        let url = format!("http://{addr}");
        let ours = partnercentral_selling::Client::from_conf(
            partnercentral_selling::Config::builder()
                .region("us-east-1")
                .credentials_provider(partnercentral_selling::config::Credentials::new("AKIDEXAMPLE", "SECRET", None))
                .endpoint_url(url.as_str())
                .build(),
        );
        let sdk_config = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_partnercentralselling::config::Credentials::new(
                "AKIDEXAMPLE",
                "SECRET",
                None,
                None,
                "bench",
            ))
            .endpoint_url(url.as_str())
            .load()
            .await;
        let official = aws_sdk_partnercentralselling::Client::new(&sdk_config);
        let hyper = HyperClient::new(addr);
        Clients { ours, official, hyper, addr, raw_request: prepared_request(addr) }
    }

    /// One task's loop: calls until `deadline`, returning how many succeeded.
    /// Any failure ends the measurement, so only successful calls are counted.
    pub async fn call_until(self, kind: Kind, deadline: tokio::time::Instant) -> Result<u64, String> {
        let mut calls = 0u64;
        match kind {
            Kind::Ours => {
                while tokio::time::Instant::now() < deadline {
                    self.call_ours().await?;
                    calls += 1;
                }
            }
            Kind::Official => {
                while tokio::time::Instant::now() < deadline {
                    self.call_official().await?;
                    calls += 1;
                }
            }
            Kind::Hyper => {
                while tokio::time::Instant::now() < deadline {
                    self.hyper.call().await?;
                    calls += 1;
                }
            }
            Kind::Raw => {
                let mut conn = RawConnection::connect(self.addr, self.raw_request.clone()).await?;
                while tokio::time::Instant::now() < deadline {
                    conn.call().await?;
                    calls += 1;
                }
            }
        }
        Ok(calls)
    }

    /// One call with our client; checks the output was parsed.
    pub async fn call_ours(&self) -> Result<(), String> {
        use partnercentral_selling::types::ResourceType;
        let out = self
            .ours
            .create_resource_snapshot_job()
            .catalog("AWS")
            .engagement_identifier("eng-0123456789abcd")
            .resource_type(ResourceType::Opportunity)
            .resource_identifier("O1234567")
            .resource_snapshot_template_identifier("OpportunitySummaryView")
            .send()
            .await
            .map_err(|e| format!("ours: {e}"))?;
        check_id("ours", out.id())
    }

    /// One call with the official SDK; checks the output was parsed.
    pub async fn call_official(&self) -> Result<(), String> {
        use aws_sdk_partnercentralselling::error::DisplayErrorContext;
        use aws_sdk_partnercentralselling::types::ResourceType;
        let out = self
            .official
            .create_resource_snapshot_job()
            .catalog("AWS")
            .engagement_identifier("eng-0123456789abcd")
            .resource_type(ResourceType::Opportunity)
            .resource_identifier("O1234567")
            .resource_snapshot_template_identifier("OpportunitySummaryView")
            .send()
            .await
            .map_err(|e| format!("official: {}", DisplayErrorContext(&e)))?;
        check_id("official", out.id())
    }
}

/// hyper-util's legacy pooled client over plain TCP with `TCP_NODELAY`, with
/// the request's parts prepared once.
#[derive(Clone)]
struct HyperClient {
    client: hyper_util::client::legacy::Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>,
    uri: hyper::Uri,
    body: Bytes,
}

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;

impl HyperClient {
    fn new(addr: SocketAddr) -> HyperClient {
        let mut connector = hyper_util::client::legacy::connect::HttpConnector::new();
        connector.set_nodelay(true);
        let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
            .pool_timer(hyper_util::rt::TokioTimer::new())
            .build(connector);
        let request = prepared_request(addr);
        let body_start = request.windows(4).position(|w| w == b"\r\n\r\n").map_or(request.len(), |i| i + 4);
        let uri = format!("http://{addr}/").parse().expect("a valid URI");
        HyperClient { client, uri, body: Bytes::copy_from_slice(&request[body_start..]) }
    }

    /// Sends the prepared request with the same headers as the raw loop and
    /// reads the whole response, which must be a 200.
    async fn call(&self) -> Result<(), String> {
        let request = hyper::Request::post(self.uri.clone())
            .header("content-type", "application/x-amz-json-1.0")
            .header("x-amz-target", "AWSPartnerCentralSelling.CreateResourceSnapshotJob")
            .header("x-amz-date", "20250101T000000Z")
            .header("authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/partnercentral-selling/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0000000000000000000000000000000000000000000000000000000000000000")
            .body(Full::new(self.body.clone()))
            .map_err(|e| format!("hyper: {e}"))?;
        let response = self.client.request(request).await.map_err(|e| format!("hyper: {e}"))?;
        let status = response.status();
        response.into_body().collect().await.map_err(|e| format!("hyper: {e}"))?;
        if status == 200 { Ok(()) } else { Err(format!("hyper: status {status}")) }
    }
}

fn check_id(who: &str, id: Option<&str>) -> Result<(), String> {
    if id == Some(JOB_ID) { Ok(()) } else { Err(format!("{who}: the output's id is {id:?}, expected {JOB_ID:?}")) }
}
