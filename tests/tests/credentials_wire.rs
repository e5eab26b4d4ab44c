//! The credentials chain end to end against loopback servers: a client
//! configured only through the environment and a profile assumes a role
//! with the instance's credentials (a fake instance metadata service and a
//! fake STS), signs with the role's keys, and refreshes them once when many
//! calls find them near expiry.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use partnercentral_selling::Client;
use partnercentral_selling::types::ResourceType;
use smithy_client_runtime::config::from_env;
use smithy_client_runtime::rt::profile::Env;
use smithy_client_runtime::rt::time::civil_from_unix;
use tests::server::{Received, Reply, Server};
use tests::signing::verify_signed;

const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/Deploy";
const OK_BODY: &str = r#"{"Id":"job-0123456789abc","Arn":"arn:aws:partnercentral:us-east-1:123456789012:job"}"#;

fn iso8601(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).unwrap().as_secs();
    let c = civil_from_unix(i64::try_from(secs).unwrap());
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", c.year, c.month, c.day, c.hour, c.minute, c.second)
}

fn instance_credentials(n: u32) -> Reply {
    let expiry = iso8601(SystemTime::now() + Duration::from_secs(6 * 3600));
    Reply::json(
        200,
        &format!(
            r#"{{"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"ASIAINSTANCE{n}","SecretAccessKey":"instance-secret-{n}","Token":"instance-token-{n}","Expiration":"{expiry}"}}"#
        ),
    )
}

fn assumed(n: u32, lifetime: Duration) -> Reply {
    let expiry = iso8601(SystemTime::now() + lifetime);
    let body = format!(
        r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
<AssumedRoleUser><AssumedRoleId>AROA:s</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/Deploy/s</Arn></AssumedRoleUser>
<Credentials><AccessKeyId>ASIAROLE{n}</AccessKeyId><SecretAccessKey>role-secret-{n}</SecretAccessKey><SessionToken>role-token-{n}</SessionToken><Expiration>{expiry}</Expiration></Credentials>
</AssumeRoleResult><ResponseMetadata><RequestId>r{n}</RequestId></ResponseMetadata></AssumeRoleResponse>"#
    );
    Reply::Respond { status: 200, headers: vec![("content-type".into(), "text/xml".into())], body }
}

fn text(status: u16, body: &str) -> Reply {
    Reply::Respond { status, headers: vec![("content-type".into(), "text/plain".into())], body: body.into() }
}

fn signed_by(request: &Received, key: &str, secret: &str, region: &str, service: &str) -> bool {
    let body = smithy_client_runtime::rt::sigv4::SignableBody::Bytes(&request.body);
    request.header("authorization").is_some_and(|a| a.contains(&format!("Credential={key}/")))
        && verify_signed(request, key, secret, region, service, &["host", "x-amz-date"], body).is_ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_assumed_with_instance_credentials_signs_calls_and_refreshes_once() {
    let imds = Server::start(vec![
        text(200, "imds-session-token"),
        text(200, "instance-role"),
        instance_credentials(1),
        text(200, "instance-role"),
        instance_credentials(2),
    ])
    .await;
    // The first role credentials are within the refresh buffer (five
    // minutes) three seconds after they arrive.
    let sts =
        Server::start(vec![assumed(1, Duration::from_secs(5 * 60 + 3)), assumed(2, Duration::from_secs(3600))]).await;
    let service = Server::start(vec![Reply::json(200, OK_BODY); 17]).await;

    let home = tests::scratch_dir("credentials-wire");
    let config = home.join("config");
    std::fs::write(
        &config,
        format!("[default]\nregion = us-east-1\nrole_arn = {ROLE_ARN}\ncredential_source = Ec2InstanceMetadata\n"),
    )
    .unwrap();
    let env = Env::from_vars(&[
        ("HOME", home.to_str().unwrap()),
        ("AWS_CONFIG_FILE", config.to_str().unwrap()),
        ("AWS_SHARED_CREDENTIALS_FILE", home.join("absent").to_str().unwrap()),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds.url),
        ("AWS_ENDPOINT_URL_STS", &sts.url),
        ("AWS_ENDPOINT_URL", &service.url),
    ]);
    let sdk_config = from_env().env(env).load().await;
    let client = Client::new(&sdk_config);
    let call = |client: Client| async move {
        client
            .create_resource_snapshot_job()
            .catalog("AWS")
            .engagement_identifier("eng-0123456789abcd")
            .resource_type(ResourceType::Opportunity)
            .resource_identifier("O1234567")
            .resource_snapshot_template_identifier("OpportunitySummaryView")
            .send()
            .await
    };
    call(client.clone()).await.expect("the first call succeeds");

    let metadata = imds.received();
    assert_eq!(metadata.len(), 3, "token, role name, credentials: {metadata:?}");
    assert_eq!((metadata[0].method.as_str(), metadata[0].path.as_str()), ("PUT", "/latest/api/token"));
    assert_eq!(metadata[0].header("x-aws-ec2-metadata-token-ttl-seconds"), Some("21600"));
    assert_eq!(metadata[1].path, "/latest/meta-data/iam/security-credentials/");
    assert_eq!(metadata[2].path, "/latest/meta-data/iam/security-credentials/instance-role");
    assert!(metadata[1..].iter().all(|r| r.header("x-aws-ec2-metadata-token") == Some("imds-session-token")));

    let assume = &sts.received()[0];
    let form = String::from_utf8_lossy(&assume.body).into_owned();
    assert!(
        form.contains("Action=AssumeRole")
            && form.contains("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FDeploy"),
        "{form}"
    );
    assert!(
        signed_by(assume, "ASIAINSTANCE1", "instance-secret-1", "us-east-1", "sts"),
        "STS call signed with the instance's keys"
    );
    assert_eq!(assume.header("x-amz-security-token"), Some("instance-token-1"));

    let first = &service.received()[0];
    assert!(signed_by(first, "ASIAROLE1", "role-secret-1", "us-east-1", "partnercentral-selling"));
    assert_eq!(first.header("x-amz-security-token"), Some("role-token-1"));

    // Near expiry, sixteen concurrent calls refresh the role once.
    tokio::time::sleep(Duration::from_millis(3500)).await;
    let calls: Vec<_> = (0..16).map(|_| tokio::spawn(call(client.clone()))).collect();
    for handle in calls {
        handle.await.unwrap().expect("every call succeeds");
    }
    assert_eq!(sts.received().len(), 2, "one refresh of the role for sixteen calls");
    assert_eq!(imds.received().len(), 5, "one more role lookup and credentials fetch; the token is reused");
    let requests = service.received();
    assert_eq!(requests.len(), 17);
    for request in &requests[1..] {
        assert!(signed_by(request, "ASIAROLE2", "role-secret-2", "us-east-1", "partnercentral-selling"));
    }
    let shown = format!("{sdk_config:?}");
    for secret in ["role-secret", "role-token", "instance-secret", "instance-token", "imds-session-token"] {
        assert!(!shown.contains(secret), "{shown}");
    }
}
