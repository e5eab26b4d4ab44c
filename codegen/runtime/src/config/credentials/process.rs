//! Credentials printed by an external command (`credential_process`).

use std::time::SystemTime;

use super::context::parse_rfc3339;
use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};

/// The most output read as credentials.
const MAX_OUTPUT: usize = 1024 * 1024;

/// Credentials printed by a command, as `credential_process` in a profile
/// names it: run through the shell (`sh -c`, or `cmd.exe /C` on Windows), it
/// must exit with status 0 and print JSON with `Version` 1, `AccessKeyId`,
/// `SecretAccessKey` and optionally `SessionToken`, `Expiration` (RFC 3339)
/// and `AccountId`. The command line is never shown in `Debug` or errors
/// (it may hold a secret); neither is the command's output.
#[derive(Clone)]
pub struct CredentialProcessProvider {
    command: String,
    account_id: Option<String>,
}

impl std::fmt::Debug for CredentialProcessProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CredentialProcessProvider").field("command", &"** redacted **").finish()
    }
}

impl CredentialProcessProvider {
    /// A provider running `command`.
    pub fn new(command: impl Into<String>) -> Self {
        CredentialProcessProvider { command: command.into(), account_id: None }
    }
}

impl ProvideCredentials for CredentialProcessProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(run(&self.command, self.account_id.as_deref()))
    }

    fn provider_name(&self) -> &'static str {
        "credential process"
    }
}

/// Runs `command` and reads its credentials; `account_id` is used when the
/// output has none.
pub(crate) async fn run(command: &str, account_id: Option<&str>) -> Result<Credentials, CredentialsError> {
    let owned = command.to_owned();
    let output = match tokio::runtime::Handle::try_current() {
        Ok(_) => tokio::task::spawn_blocking(move || execute(&owned))
            .await
            .map_err(|e| CredentialsError::new("the credential process did not finish").with_source(e))?,
        Err(_) => execute(&owned),
    };
    let output = output.map_err(|e| {
        CredentialsError::new("could not start the credential process (credential_process)").with_source(e)
    })?;
    if !output.status.success() {
        return Err(CredentialsError::new(format!(
            "Error retrieving credentials: external process exited with code {} (credential_process)",
            output.status
        )));
    }
    if output.stdout.len() > MAX_OUTPUT {
        return Err(CredentialsError::new("the credential process printed more than 1 MiB"));
    }
    let stdout = zeroize::Zeroizing::new(output.stdout);
    parse_output(&stdout, account_id)
}

fn execute(command: &str) -> std::io::Result<std::process::Output> {
    let mut process = if cfg!(windows) {
        let mut process = std::process::Command::new("cmd.exe");
        process.arg("/C").arg(command);
        process
    } else {
        let mut process = std::process::Command::new("sh");
        process.arg("-c").arg(command);
        process
    };
    process.stdin(std::process::Stdio::null()).stderr(std::process::Stdio::inherit()).output()
}

fn parse_output(stdout: &[u8], account_id: Option<&str>) -> Result<Credentials, CredentialsError> {
    let invalid = |why: &str| {
        CredentialsError::new(format!(
            "Error retrieving credentials from external process, could not parse response: {why}"
        ))
    };
    let document: serde_json::Value =
        serde_json::from_slice(stdout).map_err(|_| invalid("invalid JSON in response"))?;
    let field = |name: &str| document.get(name).and_then(serde_json::Value::as_str).filter(|v| !v.is_empty());
    match document.get("Version").and_then(serde_json::Value::as_i64) {
        Some(1) => {}
        Some(_) => return Err(invalid("unsupported Version (only 1 is known)")),
        None => return Err(invalid("no Version in response")),
    }
    let (Some(id), Some(secret)) = (field("AccessKeyId"), field("SecretAccessKey")) else {
        return Err(invalid("AccessKeyId and SecretAccessKey are required"));
    };
    let mut credentials = Credentials::new(id, secret, field("SessionToken").map(str::to_owned));
    if let Some(expiration) = field("Expiration") {
        let expiry: SystemTime = parse_rfc3339(expiration).ok_or_else(|| invalid("Expiration is not a date"))?;
        credentials = credentials.with_expiry(expiry);
    }
    if let Some(account) = field("AccountId").or(account_id) {
        credentials = credentials.with_account_id(account);
    }
    Ok(credentials)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_read_and_checked() {
        let good = br#"{"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"s","SessionToken":"t","Expiration":"2022-05-02T18:36:00Z"}"#;
        let credentials = parse_output(good, Some("123")).unwrap();
        assert_eq!((credentials.access_key_id(), credentials.account_id()), ("AKID", Some("123")));
        assert!(credentials.expiry().is_some());
        for (bad, why) in [
            (&b"invalid json"[..], "invalid JSON"),
            (br#"{"Version":2,"AccessKeyId":"a","SecretAccessKey":"s"}"#, "Version"),
            (br#"{"Version":1,"AccessKeyId":"a"}"#, "required"),
        ] {
            let error = parse_output(bad, None).unwrap_err().to_string();
            assert!(error.contains(why), "{error}");
        }
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn the_command_runs_in_the_shell_and_its_status_counts() {
        let command = r#"printf '{"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"secret"}'"#;
        assert_eq!(run(command, None).await.unwrap().access_key_id(), "AKID");
        let error = run("exit 3", None).await.unwrap_err().to_string();
        assert!(error.contains("exit status: 3") && !error.contains("exit 3 "), "{error}");
    }
}
