//! The line grammar of the shared files and the merge of their sections into
//! profiles, SSO sessions and services sections, as the cross-SDK profile
//! file specification describes them.
//!
//! One parser serves two callers: [`ProfileSet::parse`] reports the first
//! line the grammar does not allow, as the other SDKs do, and the loader
//! behind [`load_profile`](super::load_profile) skips such lines (see the
//! module documentation of [`profile`](super) for why). On files without
//! such lines both produce the same sections.

use std::collections::BTreeMap;
use std::fmt;

use zeroize::Zeroize;

use super::{DEFAULT_PROFILE, FileKind, Profile};

/// The only characters the format counts as blanks; `str::trim` would also
/// remove other Unicode spaces, which may be part of a value.
const BLANKS: &[char] = &[' ', '\t'];
const COMMENT_STARTS: &[char] = &['#', ';'];
const PROFILE_PREFIX: &str = "profile";
const SSO_SESSION_PREFIX: &str = "sso-session";
const SERVICES_PREFIX: &str = "services";

/// Every profile, SSO session (`[sso-session NAME]`) and services section
/// (`[services NAME]`) that the config and credentials files define.
///
/// ```
/// use smithy_client_runtime::rt::profile::ProfileSet;
///
/// let config = "[profile dev]\nregion = eu-west-1\n[sso-session corp]\nsso_region = us-east-1";
/// let set = ProfileSet::parse(Some(config), Some("[dev]\naws_access_key_id = AKID")).unwrap();
/// let dev = set.profile("dev").unwrap();
/// assert_eq!((dev.get("region"), dev.get("AWS_ACCESS_KEY_ID")), (Some("eu-west-1"), Some("AKID")));
/// assert_eq!(set.sso_session("corp").unwrap().get("sso_region"), Some("us-east-1"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct ProfileSet {
    profiles: BTreeMap<String, Profile>,
    sso_sessions: BTreeMap<String, Profile>,
    services: BTreeMap<String, Profile>,
}

impl ProfileSet {
    /// Parses the texts of the config and credentials files (`None` for a
    /// file that does not exist), failing on the first line the format does
    /// not allow. Sections and keys whose names are not valid are ignored,
    /// as are config sections of other kinds and credentials sections with a
    /// prefix.
    pub fn parse(config: Option<&str>, credentials: Option<&str>) -> Result<ProfileSet, ProfileParseError> {
        build_profile_set(config, credentials, Strictness::Strict)
    }

    /// The profile with this name (names are case-sensitive).
    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    /// Every profile, by name.
    pub fn profiles(&self) -> impl Iterator<Item = &Profile> {
        self.profiles.values()
    }

    /// The `[sso-session NAME]` section with this name.
    pub fn sso_session(&self, name: &str) -> Option<&Profile> {
        self.sso_sessions.get(name)
    }

    /// Every `[sso-session NAME]` section, by name.
    pub fn sso_sessions(&self) -> impl Iterator<Item = &Profile> {
        self.sso_sessions.values()
    }

    /// The `[services NAME]` section with this name.
    pub fn services_section(&self, name: &str) -> Option<&Profile> {
        self.services.get(name)
    }

    /// Every `[services NAME]` section, by name.
    pub fn services_sections(&self) -> impl Iterator<Item = &Profile> {
        self.services.values()
    }

    /// Takes the profile `name` out of the set.
    pub(super) fn take_profile(&mut self, name: &str) -> Option<Profile> {
        self.profiles.remove(name)
    }
}

/// A line of a config or credentials file that the format does not allow.
///
/// The message names the file and the line number but never repeats the
/// line, which may hold a secret key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileParseError {
    file: FileKind,
    line: usize,
    problem: LineProblem,
}

impl ProfileParseError {
    /// The 1-based number of the offending line.
    pub fn line(&self) -> usize {
        self.line
    }
}

impl fmt::Display for ProfileParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = match self.problem {
            LineProblem::PropertyOutsideProfile => "Expected a profile definition, found a property",
            LineProblem::ContinuationOutsideProfile => "Expected a profile definition, found continuation",
            LineProblem::ContinuationOutsideProperty => "Expected a property definition, found continuation",
            LineProblem::UnclosedHeader => "Profile definition must end with ']'",
            LineProblem::NoEquals(Level::Property) => "Expected an '=' sign defining a property",
            LineProblem::NoEquals(Level::SubProperty) => "Expected an '=' sign defining a sub-property",
            LineProblem::NoName(Level::Property) => "Property did not have a name",
            LineProblem::NoName(Level::SubProperty) => "Sub-property did not have a name",
        };
        write!(f, "{message} (line {} of the {} file)", self.line, self.file.label())
    }
}

impl std::error::Error for ProfileParseError {}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineProblem {
    PropertyOutsideProfile,
    ContinuationOutsideProfile,
    ContinuationOutsideProperty,
    UnclosedHeader,
    NoEquals(Level),
    NoName(Level),
}

/// Whether a `key = value` line is a property or a sub-property (an indented
/// line under a property with an empty value).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    Property,
    SubProperty,
}

/// What to do with a line the format does not allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Strictness {
    /// Fail with a [`ProfileParseError`].
    Strict,
    /// Skip the line.
    Lenient,
}

/// Builds the set from the two files' texts.
pub(super) fn build_profile_set(
    config: Option<&str>,
    credentials: Option<&str>,
    strictness: Strictness,
) -> Result<ProfileSet, ProfileParseError> {
    let mut set = ProfileSet::default();
    for (file, text) in [(FileKind::Config, config), (FileKind::Credentials, credentials)] {
        let mut sections = parse_sections(text.unwrap_or_default(), strictness)
            .map_err(|(line, problem)| ProfileParseError { file, line, problem })?;
        // In the config file, `[profile default]` replaces `[default]` wherever either is.
        let prefixed_default = file == FileKind::Config
            && sections.iter().any(|section| section.header.as_ref().is_some_and(Header::is_prefixed_default));
        for section in &mut sections {
            let Some(header) = &section.header else { continue };
            let Some((kind, name)) = header.meaning(file) else { continue };
            if kind == SectionKind::Profile && header.prefix.is_none() && prefixed_default {
                continue;
            }
            let name = name.to_owned();
            let map = match kind {
                SectionKind::Profile => &mut set.profiles,
                SectionKind::SsoSession => &mut set.sso_sessions,
                SectionKind::Services => &mut set.services,
            };
            let entry = map.entry(name.clone()).or_insert_with(|| Profile { name, properties: BTreeMap::new() });
            for (key, value) in section.properties.drain(..) {
                if !is_identifier(&key) {
                    let mut value = value;
                    value.zeroize();
                    continue;
                }
                if let Some(mut replaced) = entry.properties.insert(key, value) {
                    replaced.zeroize();
                }
            }
        }
    }
    Ok(set)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SectionKind {
    Profile,
    SsoSession,
    Services,
}

/// A section header as written: `[profile foo]` is the prefix `profile` and
/// the name `foo`; `[foo]` has no prefix.
#[derive(Debug, PartialEq, Eq)]
struct Header {
    prefix: Option<String>,
    name: String,
}

impl Header {
    fn parse(inner: &str) -> Header {
        let inner = inner.trim_matches(BLANKS);
        match inner.split_once(BLANKS) {
            Some((prefix, name)) => {
                Header { prefix: Some(prefix.to_owned()), name: name.trim_matches(BLANKS).to_owned() }
            }
            None => Header { prefix: None, name: inner.to_owned() },
        }
    }

    /// What the section defines in `file`, or `None` when it is ignored.
    fn meaning(&self, file: FileKind) -> Option<(SectionKind, &str)> {
        let kind = match (file, self.prefix.as_deref()) {
            (FileKind::Config, Some(PROFILE_PREFIX)) => SectionKind::Profile,
            (FileKind::Config, Some(SSO_SESSION_PREFIX)) => SectionKind::SsoSession,
            (FileKind::Config, Some(SERVICES_PREFIX)) => SectionKind::Services,
            (FileKind::Config, None) if self.name == DEFAULT_PROFILE => SectionKind::Profile,
            (FileKind::Credentials, None) => SectionKind::Profile,
            _ => return None,
        };
        is_identifier(&self.name).then_some((kind, self.name.as_str()))
    }

    fn is_prefixed_default(&self) -> bool {
        self.prefix.as_deref() == Some(PROFILE_PREFIX) && self.name == DEFAULT_PROFILE
    }
}

struct Section {
    /// `None` for a header without its `]` (skipped leniently); its lines are
    /// then dropped too, rather than credited to the section before it.
    header: Option<Header>,
    /// Keys are lower-cased; they are checked when sections are merged.
    properties: Vec<(String, String)>,
}

impl Drop for Section {
    fn drop(&mut self) {
        self.properties.iter_mut().for_each(|(_, value)| value.zeroize());
    }
}

/// Where the parser is: what an indented line would continue.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Continuing {
    /// Nothing: before any section, or after a skipped line.
    Nothing,
    /// A section header; a continuation here is an error.
    Header,
    /// A property's value; `SubProperty` when the value was empty, so that
    /// each indented line must be `key = value`.
    Value(Level),
}

/// The file's sections, or the first line the format does not allow (its
/// number and what is wrong) when `strictness` is strict.
fn parse_sections(text: &str, strictness: Strictness) -> Result<Vec<Section>, (usize, LineProblem)> {
    // Some Windows editors start UTF-8 files with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut sections: Vec<Section> = Vec::new();
    let mut continuing = Continuing::Nothing;
    for (index, line) in text.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim_matches(BLANKS).is_empty() || line.starts_with(COMMENT_STARTS) {
            continue;
        }
        let outcome = if line.starts_with(BLANKS) {
            read_continuation(&mut sections, continuing, line)
        } else if line.starts_with('[') {
            read_header(&mut sections, line)
        } else {
            read_property(&mut sections, line)
        };
        continuing = match outcome {
            Ok(next) => next,
            Err(problem) if strictness == Strictness::Strict => return Err((index + 1, problem)),
            // A refused continuation leaves the value it was under open.
            Err(_) if line.starts_with(BLANKS) => continuing,
            Err(_) => Continuing::Nothing,
        };
    }
    Ok(sections)
}

fn read_header(sections: &mut Vec<Section>, line: &str) -> Result<Continuing, LineProblem> {
    let line = strip_comment(line, false).trim_matches(BLANKS);
    let inner = line.strip_prefix('[').and_then(|rest| rest.strip_suffix(']'));
    // Even when the header is refused, what follows must not join the section before.
    sections.push(Section { header: inner.map(Header::parse), properties: Vec::new() });
    match inner {
        Some(_) => Ok(Continuing::Header),
        None => Err(LineProblem::UnclosedHeader),
    }
}

fn read_property(sections: &mut [Section], line: &str) -> Result<Continuing, LineProblem> {
    let Some(section) = sections.last_mut() else { return Err(LineProblem::PropertyOutsideProfile) };
    let (key, value) = split_property(line, Level::Property)?;
    let level = if value.is_empty() { Level::SubProperty } else { Level::Property };
    if section.header.is_some() {
        section.properties.push((key.to_ascii_lowercase(), value.to_owned()));
    }
    Ok(Continuing::Value(level))
}

fn read_continuation(sections: &mut [Section], continuing: Continuing, line: &str) -> Result<Continuing, LineProblem> {
    let level = match continuing {
        Continuing::Nothing if sections.is_empty() => return Err(LineProblem::ContinuationOutsideProfile),
        Continuing::Nothing | Continuing::Header => return Err(LineProblem::ContinuationOutsideProperty),
        Continuing::Value(level) => level,
    };
    let line = line.trim_matches(BLANKS);
    if let Some((_, value)) = sections.last_mut().and_then(|section| section.properties.last_mut()) {
        append_continuation(value, line);
    }
    // Checked after the line joins the value: the lenient reading keeps a
    // nested line it cannot split, since the parent's text stays whole.
    if level == Level::SubProperty {
        split_property(line, Level::SubProperty)?;
    }
    Ok(continuing)
}

/// A `key = value` line's key and value, blanks and any comment removed.
fn split_property(line: &str, level: Level) -> Result<(&str, &str), LineProblem> {
    let (key, value) = strip_comment(line, true).split_once('=').ok_or(LineProblem::NoEquals(level))?;
    let key = key.trim_matches(BLANKS);
    if key.is_empty() {
        return Err(LineProblem::NoName(level));
    }
    Ok((key, value.trim_matches(BLANKS)))
}

/// Appends a continuation line to `value` without leaving a copy of the
/// value in freed memory when the string has to grow.
fn append_continuation(value: &mut String, line: &str) {
    let needed = value.len() + 1 + line.len();
    if needed > value.capacity() {
        let mut grown = String::with_capacity(needed.max(2 * value.capacity()));
        grown.push_str(value);
        value.zeroize();
        *value = grown;
    }
    value.push('\n');
    value.push_str(line);
}

/// `line` up to its comment, if any. Values may contain `#` and `;` (base64
/// secrets, URLs), so there a comment must follow a blank.
fn strip_comment(line: &str, needs_blank_before: bool) -> &str {
    let mut after_blank = false;
    for (at, c) in line.char_indices() {
        if COMMENT_STARTS.contains(&c) && (after_blank || !needs_blank_before) {
            return &line[..at];
        }
        after_blank = BLANKS.contains(&c);
    }
    line
}

/// Section names and keys the SDKs accept: `[A-Za-z0-9_-/.%@:+]+`.
fn is_identifier(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "_-/.%@:+".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_file_and_line_but_not_the_line() {
        let config = "[default]\nregion = x\naws_secret_access_key: very-secret";
        let error = ProfileSet::parse(Some(config), None).unwrap_err();
        let message = error.to_string();
        assert_eq!(error.line(), 3);
        assert!(message.contains("line 3 of the config file") && !message.contains("very-secret"), "{message}");
        assert!(!format!("{error:?}").contains("very-secret"));
        let error = ProfileSet::parse(None, Some("[default]\n\n -orphan")).unwrap_err();
        assert!(error.to_string().contains("line 3 of the credentials file"), "{error}");
    }

    #[test]
    fn the_lenient_reading_skips_what_the_strict_one_refuses() {
        let text =
            "stray = 1\n[profile a]\n -orphan\nno equals\nk = v\n[profile b\nx = 1\n[profile c]\ns3 =\n n = 1\n junk";
        assert!(ProfileSet::parse(Some(text), None).is_err());
        let mut set = build_profile_set(Some(text), None, Strictness::Lenient).unwrap();
        assert_eq!(set.take_profile("a").unwrap().get("k"), Some("v"));
        assert!(set.take_profile("b").is_none());
        assert_eq!(set.take_profile("c").unwrap().get("s3"), Some("\nn = 1\njunk"));
    }

    #[test]
    fn sso_sessions_and_services_are_config_sections_only() {
        let config = "[sso-session corp]\nsso_region = r\n[services dev]\ns3 =\n  endpoint_url = http://x\n[profile p]";
        let credentials = "[sso-session corp]\na = 1\n[services]\nb = 2";
        let set = ProfileSet::parse(Some(config), Some(credentials)).unwrap();
        assert_eq!(set.sso_session("corp").unwrap().get("sso_region"), Some("r"));
        assert_eq!(set.sso_session("corp").unwrap().get("a"), None);
        assert_eq!(set.services_section("dev").unwrap().get("s3"), Some("\nendpoint_url = http://x"));
        let names: Vec<&str> = set.profiles().map(Profile::name).collect();
        assert_eq!(names, ["p", "services"]);
    }
}
