//! Whether endpoints take the caller's AWS account id.

use std::fmt;
use std::str::FromStr;

/// Whether a call's endpoint takes the account id of its credentials, for
/// services whose endpoint rules have the `AWS::Auth::AccountId` built-in
/// (DynamoDB's account-based endpoints look like
/// `https://111122223333.ddb.us-east-1.amazonaws.com`). Others ignore it.
///
/// Set with `Config::builder().account_id_endpoint_mode(...)`, or by
/// `AWS_ACCOUNT_ID_ENDPOINT_MODE` or a profile's `account_id_endpoint_mode`
/// (`preferred`, `disabled` or `required`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AccountIdEndpointMode {
    /// An account-based endpoint when the credentials carry an account id
    /// (the default).
    #[default]
    Preferred,
    /// Never an account-based endpoint.
    Disabled,
    /// Only account-based endpoints: a call whose credentials carry no
    /// account id fails before anything is sent.
    Required,
}

impl AccountIdEndpointMode {
    /// The value the endpoint rules take: `preferred`, `disabled` or `required`.
    pub fn as_str(&self) -> &'static str {
        match self {
            AccountIdEndpointMode::Preferred => "preferred",
            AccountIdEndpointMode::Disabled => "disabled",
            AccountIdEndpointMode::Required => "required",
        }
    }
}

impl fmt::Display for AccountIdEndpointMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A value that is not an [`AccountIdEndpointMode`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidAccountIdEndpointMode {
    value: String,
}

impl fmt::Display for InvalidAccountIdEndpointMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not an account id endpoint mode (preferred, disabled or required)",
            self.value.escape_debug()
        )
    }
}

impl std::error::Error for InvalidAccountIdEndpointMode {}

impl FromStr for AccountIdEndpointMode {
    type Err = InvalidAccountIdEndpointMode;

    /// Reads `preferred`, `disabled` or `required`, in any case, around
    /// blanks.
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let mode = value.trim();
        [AccountIdEndpointMode::Preferred, AccountIdEndpointMode::Disabled, AccountIdEndpointMode::Required]
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(mode))
            .ok_or_else(|| InvalidAccountIdEndpointMode { value: value.chars().take(64).collect() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_read_their_names_in_any_case_and_nothing_else() {
        assert_eq!("preferred".parse(), Ok(AccountIdEndpointMode::Preferred));
        assert_eq!(" DISABLED ".parse(), Ok(AccountIdEndpointMode::Disabled));
        assert_eq!("Required".parse(), Ok(AccountIdEndpointMode::Required));
        let err = "sometimes".parse::<AccountIdEndpointMode>().unwrap_err();
        assert_eq!(err.to_string(), "`sometimes` is not an account id endpoint mode (preferred, disabled or required)");
        assert!("".parse::<AccountIdEndpointMode>().is_err());
        assert_eq!(AccountIdEndpointMode::default().as_str(), "preferred");
    }
}
