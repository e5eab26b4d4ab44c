//! Which providers a profile's settings call for, in order: the base
//! credentials (static keys, a named source, a web identity token, SSO,
//! `credential_process`) and the roles assumed with them, following
//! `source_profile` links. Pure: nothing here reads a file or calls a
//! service, so the official SDK's assume-role cases judge it directly.

use std::fmt;

use super::{Credentials, CredentialsError};
use crate::rt::profile::{Profile, ProfileSet};

/// The providers a profile resolves to: `base` first, then each role of
/// `roles` assumed with the credentials before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileChain {
    /// Where the first credentials come from.
    pub base: BaseProvider,
    /// Roles to assume in order, each with the credentials before it.
    pub roles: Vec<RoleStep>,
}

/// A `credential_source` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedSource {
    /// `Environment`: the access key variables.
    Environment,
    /// `Ec2InstanceMetadata`: the instance's role.
    Ec2InstanceMetadata,
    /// `EcsContainer`: the container credentials endpoint.
    EcsContainer,
}

impl NamedSource {
    /// The value as written in a profile.
    pub fn as_str(self) -> &'static str {
        match self {
            NamedSource::Environment => "Environment",
            NamedSource::Ec2InstanceMetadata => "Ec2InstanceMetadata",
            NamedSource::EcsContainer => "EcsContainer",
        }
    }
}

/// The start of a profile chain.
#[derive(Clone, PartialEq, Eq)]
pub enum BaseProvider {
    /// `aws_access_key_id` and `aws_secret_access_key` (with any session
    /// token and `aws_account_id`).
    AccessKey(Credentials),
    /// A `credential_source`.
    NamedSource(NamedSource),
    /// `web_identity_token_file` with `role_arn`.
    WebIdentityToken {
        /// The role to assume.
        role_arn: String,
        /// The file holding the token.
        token_file: String,
        /// `role_session_name`.
        session_name: Option<String>,
    },
    /// IAM Identity Center: `sso_*` settings, perhaps through an
    /// `[sso-session]` section. Without an account and role the profile
    /// only yields a token, not credentials.
    Sso(SsoSettings),
    /// `credential_process`, with `aws_account_id` for output without one.
    CredentialProcess {
        /// The command line (may hold secrets: never shown).
        command: String,
        /// The profile's `aws_account_id`.
        account_id: Option<String>,
    },
}

impl fmt::Debug for BaseProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BaseProvider::AccessKey(credentials) => f.debug_tuple("AccessKey").field(credentials).finish(),
            BaseProvider::NamedSource(source) => f.debug_tuple("NamedSource").field(source).finish(),
            BaseProvider::WebIdentityToken { role_arn, token_file, session_name } => f
                .debug_struct("WebIdentityToken")
                .field("role_arn", role_arn)
                .field("token_file", token_file)
                .field("session_name", session_name)
                .finish(),
            BaseProvider::Sso(settings) => f.debug_tuple("Sso").field(settings).finish(),
            BaseProvider::CredentialProcess { account_id, .. } => f
                .debug_struct("CredentialProcess")
                .field("command", &"** redacted **")
                .field("account_id", account_id)
                .finish(),
        }
    }
}

/// The SSO settings of a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoSettings {
    /// `sso_session`, when the settings come from an `[sso-session]`.
    pub session_name: Option<String>,
    /// `sso_start_url`.
    pub start_url: String,
    /// `sso_region`.
    pub region: String,
    /// `sso_account_id`.
    pub account_id: Option<String>,
    /// `sso_role_name`.
    pub role_name: Option<String>,
}

/// One role assumption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleStep {
    /// `role_arn`.
    pub role_arn: String,
    /// `external_id`.
    pub external_id: Option<String>,
    /// `role_session_name`.
    pub session_name: Option<String>,
    /// `duration_seconds`.
    pub duration_seconds: Option<i32>,
}

const ROLE_ARN: &str = "role_arn";
const SOURCE_PROFILE: &str = "source_profile";
const CREDENTIAL_SOURCE: &str = "credential_source";
const WEB_IDENTITY_TOKEN_FILE: &str = "web_identity_token_file";
const CREDENTIAL_PROCESS: &str = "credential_process";
const ACCESS_KEY_ID: &str = "aws_access_key_id";
const SECRET_ACCESS_KEY: &str = "aws_secret_access_key";
const SESSION_TOKEN: &str = "aws_session_token";
const ACCOUNT_ID: &str = "aws_account_id";

/// A setting, when set and not blank.
fn value<'a>(profile: &'a Profile, key: &str) -> Option<&'a str> {
    profile.get(key).map(str::trim).filter(|value| !value.is_empty())
}

/// Resolves the chain of profile `selected`.
///
/// `Err` with [`NotLoaded`](super::CredentialsErrorKind::NotLoaded) when the
/// profile has nothing to say about credentials (no profiles at all, or one
/// with only settings such as `region`), so that a chain of providers moves
/// on; any other error is a profile that asks for something impossible.
pub fn resolve_chain(set: &ProfileSet, selected: &str) -> Result<ProfileChain, CredentialsError> {
    if set.profiles().next().is_none() {
        return Err(CredentialsError::not_loaded(
            "No profiles were defined in the shared config and credentials files",
        ));
    }
    let mut visited: Vec<String> = Vec::new();
    let mut roles = Vec::new();
    let mut name = selected.to_owned();
    let base = loop {
        let Some(profile) = set.profile(&name) else {
            return Err(match visited.last() {
                Some(from) => CredentialsError::invalid_configuration(format!(
                    "could not find source profile {name} referenced from {from}"
                )),
                None => CredentialsError::not_loaded(format!("the profile `{name}` is not defined")),
            });
        };
        if visited.contains(&name) {
            visited.push(name);
            return Err(CredentialsError::invalid_configuration(format!(
                "profile formed an infinite loop: {}",
                visited.join(" -> ")
            )));
        }
        visited.push(name.clone());
        let is_root = visited.len() == 1;
        // A source profile's own keys win over any role it names.
        if !is_root {
            if let Some(credentials) = static_credentials(profile)? {
                break BaseProvider::AccessKey(credentials);
            }
        }
        if let Some(sso) = sso_settings(set, profile)? {
            break BaseProvider::Sso(sso);
        }
        let Some(role_arn) = value(profile, ROLE_ARN) else {
            break base_without_role(profile, is_root)?;
        };
        if let Some(token_file) = value(profile, WEB_IDENTITY_TOKEN_FILE) {
            break BaseProvider::WebIdentityToken {
                role_arn: role_arn.to_owned(),
                token_file: token_file.to_owned(),
                session_name: value(profile, "role_session_name").map(str::to_owned),
            };
        }
        roles.push(RoleStep {
            role_arn: role_arn.to_owned(),
            external_id: value(profile, "external_id").map(str::to_owned),
            session_name: value(profile, "role_session_name").map(str::to_owned),
            duration_seconds: value(profile, "duration_seconds").and_then(|v| v.parse().ok()),
        });
        match (value(profile, SOURCE_PROFILE), value(profile, CREDENTIAL_SOURCE)) {
            (Some(_), Some(_)) => {
                return Err(CredentialsError::invalid_configuration(format!(
                    "profile contained both source_profile and credential_source (profile `{name}`); only one may \
                     be set"
                )));
            }
            (None, None) => {
                return Err(CredentialsError::invalid_configuration(format!(
                    "profile must contain `source_profile` or `credential_source` when it sets `role_arn` \
                     (profile `{name}`)"
                )));
            }
            (Some(source), None) if source == name => {
                // A profile naming itself assumes the role with its own keys.
                match static_credentials(profile)? {
                    Some(credentials) => break BaseProvider::AccessKey(credentials),
                    None => {
                        return Err(CredentialsError::invalid_configuration(format!(
                            "profile `{name}` is its own source_profile but has no access keys"
                        )));
                    }
                }
            }
            (Some(source), None) => name = source.to_owned(),
            (None, Some(source)) => break BaseProvider::NamedSource(named_source(source, &name)?),
        }
    };
    roles.reverse();
    Ok(ProfileChain { base, roles })
}

/// The base of a profile without `role_arn`.
fn base_without_role(profile: &Profile, is_root: bool) -> Result<BaseProvider, CredentialsError> {
    let name = profile.name();
    if value(profile, WEB_IDENTITY_TOKEN_FILE).is_some() {
        return Err(CredentialsError::invalid_configuration(format!(
            "`{WEB_IDENTITY_TOKEN_FILE}` was specified but `{ROLE_ARN}` was missing (profile `{name}`)"
        )));
    }
    if let Some(command) = value(profile, CREDENTIAL_PROCESS) {
        return Ok(BaseProvider::CredentialProcess {
            command: command.to_owned(),
            account_id: value(profile, ACCOUNT_ID).map(str::to_owned),
        });
    }
    if let Some(credentials) = static_credentials(profile)? {
        return Ok(BaseProvider::AccessKey(credentials));
    }
    let message = format!("profile `{name}` did not contain credential information");
    Err(if is_root {
        CredentialsError::not_loaded(message)
    } else {
        CredentialsError::invalid_configuration(format!("{message} (it is a source_profile)"))
    })
}

/// The profile's keys; `Ok(None)` when it has neither.
fn static_credentials(profile: &Profile) -> Result<Option<Credentials>, CredentialsError> {
    let name = profile.name();
    match (value(profile, ACCESS_KEY_ID), value(profile, SECRET_ACCESS_KEY)) {
        (Some(id), Some(secret)) => {
            let credentials = Credentials::new(id, secret, value(profile, SESSION_TOKEN).map(str::to_owned));
            Ok(Some(match value(profile, ACCOUNT_ID) {
                Some(account) => credentials.with_account_id(account),
                None => credentials,
            }))
        }
        (None, None) => Ok(None),
        (Some(_), None) => Err(CredentialsError::invalid_configuration(format!(
            "profile missing {SECRET_ACCESS_KEY} (profile `{name}` has {ACCESS_KEY_ID})"
        ))),
        (None, Some(_)) => Err(CredentialsError::invalid_configuration(format!(
            "profile missing {ACCESS_KEY_ID} (profile `{name}` has {SECRET_ACCESS_KEY})"
        ))),
    }
}

fn named_source(source: &str, profile: &str) -> Result<NamedSource, CredentialsError> {
    [NamedSource::Environment, NamedSource::Ec2InstanceMetadata, NamedSource::EcsContainer]
        .into_iter()
        .find(|known| known.as_str() == source)
        .ok_or_else(|| {
            CredentialsError::invalid_configuration(format!(
                "profile `{profile}` has an unknown credential_source `{source}` (use Environment, \
                 Ec2InstanceMetadata or EcsContainer)"
            ))
        })
}

/// The profile's SSO settings, when it has any.
fn sso_settings(set: &ProfileSet, profile: &Profile) -> Result<Option<SsoSettings>, CredentialsError> {
    let name = profile.name();
    let session_name = value(profile, "sso_session");
    if session_name.is_none()
        && value(profile, "sso_start_url").is_none()
        && value(profile, "sso_account_id").is_none()
        && value(profile, "sso_role_name").is_none()
    {
        return Ok(None);
    }
    let account_id = value(profile, "sso_account_id").map(str::to_owned);
    let role_name = value(profile, "sso_role_name").map(str::to_owned);
    match (&account_id, &role_name) {
        (None, Some(_)) => {
            return Err(CredentialsError::invalid_configuration(format!(
                "if `sso_role_name` is set, then `sso_account_id` must also be set (profile `{name}`)"
            )));
        }
        (Some(_), None) => {
            return Err(CredentialsError::invalid_configuration(format!(
                "if `sso_account_id` is set, then `sso_role_name` must also be set (profile `{name}`)"
            )));
        }
        _ => {}
    }
    let missing = |key: &str| {
        CredentialsError::invalid_configuration(format!("profile `{name}` uses SSO but `{key}` is not set"))
    };
    let (start_url, region) = match session_name {
        Some(session_name) => {
            let Some(session) = set.sso_session(session_name) else {
                return Err(CredentialsError::invalid_configuration(format!(
                    "sso-session named `{session_name}` (referenced by profile `{name}`) was not found"
                )));
            };
            let region = match (value(session, "sso_region"), value(profile, "sso_region")) {
                (Some(session_region), Some(profile_region)) if session_region != profile_region => {
                    return Err(CredentialsError::invalid_configuration(format!(
                        "profile `{name}` has `sso_region` {profile_region} but its sso-session `{session_name}` \
                         has {session_region}"
                    )));
                }
                (Some(region), _) => region,
                (None, Some(_)) => {
                    return Err(CredentialsError::invalid_configuration(format!(
                        "`sso_region` can only be specified in the [sso-session] config when a session name is \
                         given (profile `{name}`, sso-session `{session_name}`)"
                    )));
                }
                (None, None) => return Err(missing("sso_region")),
            };
            let start_url = value(session, "sso_start_url").ok_or_else(|| missing("sso_start_url"))?;
            (start_url, region)
        }
        None => (
            value(profile, "sso_start_url").ok_or_else(|| missing("sso_start_url"))?,
            value(profile, "sso_region").ok_or_else(|| missing("sso_region"))?,
        ),
    };
    Ok(Some(SsoSettings {
        session_name: session_name.map(str::to_owned),
        start_url: start_url.to_owned(),
        region: region.to_owned(),
        account_id,
        role_name,
    }))
}
