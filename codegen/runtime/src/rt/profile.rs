//! The AWS shared config and credentials files (`~/.aws/config` and
//! `~/.aws/credentials`): where they are, how they read, and which profile is
//! in use.
//!
//! Both files use the INI dialect that every AWS SDK and the CLI agree on:
//! - `[default]` and `[profile NAME]` open profiles in the config file;
//!   `[NAME]` opens one in the credentials file. The config file also holds
//!   `[sso-session NAME]` and `[services NAME]` sections ([`ProfileSet`]). A
//!   config section without a known prefix (other than `default`) and a
//!   credentials section with a prefix are ignored. In the config file,
//!   `[profile default]` replaces `[default]` when both exist.
//! - `key = value` lines; keys are matched without regard to ASCII case, values
//!   and profile names are kept exactly. Only spaces and tabs count as blanks.
//! - A line starting with `#` or `;` is a comment; after a section header any
//!   `#` or `;` starts one, but in a value only one that follows a blank does,
//!   so `secret = abc#def` keeps its `#`.
//! - An indented line continues the value above it (joined with a newline,
//!   comment characters included): this is also how nested settings such as
//!   `s3 =` followed by indented `key = value` lines are written. They stay
//!   part of the parent's text and never become settings of the profile.
//! - Names of sections and keys are `[A-Za-z0-9_-/.%@:+]+`; a section or key
//!   with another name is ignored, with its lines.
//! - Sections and keys with the same name merge, the later value winning; the
//!   credentials file is read after the config file, so it wins for a key both
//!   set.
//!
//! [`ProfileSet::parse`] reports a line the format does not allow (a property
//! before any section, a header without its `]`, a line without `=`), as the
//! cross-SDK specification asks. [`load_profile`] skips such lines instead:
//! the files are shared with every other AWS tool, which may understand lines
//! this client never needs, and one odd line must not stop a client from
//! starting.
//!
//! Where the files are follows [`Platform`] conventions; see
//! [`FileKind::location`].

mod parse;

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use zeroize::{Zeroize, Zeroizing};

pub use self::parse::{ProfileParseError, ProfileSet};
use self::parse::{Strictness, build_profile_set};

const DEFAULT_PROFILE: &str = "default";
const PROFILE_VAR: &str = "AWS_PROFILE";

/// The largest shared config or credentials file read, in bytes (1 MiB). Real
/// ones are a few kilobytes even with hundreds of profiles; the limit keeps a
/// path set by mistake (a log, a disk image) from being loaded into memory.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// The contents of a fake file system, by path.
type FakeFiles = BTreeMap<PathBuf, Vec<u8>>;

/// What configuration is read from: environment variables, files and the
/// clock.
///
/// [`Env::real`] is the process's own; tests (and tools resolving settings
/// for another environment) fix the variables, the files and the time, so
/// that they neither depend on nor disturb the real environment and home.
#[derive(Clone)]
pub struct Env {
    /// `None` reads the process environment at every lookup, so changes made
    /// after a client was built are seen.
    fixed: Option<BTreeMap<String, String>>,
    /// `None` uses the real file system; otherwise exactly these files exist
    /// (written files are kept here too).
    files: Option<Arc<Mutex<FakeFiles>>>,
    /// `None` is the system clock.
    now: Option<SystemTime>,
}

impl Env {
    /// The process environment, the real file system and the system clock.
    pub fn real() -> Env {
        Env { fixed: None, files: None, now: None }
    }

    /// Exactly these variables and no others, for tests and for resolving
    /// settings from an environment other than the process's own.
    pub fn from_vars(vars: &[(&str, &str)]) -> Env {
        let fixed = vars.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect();
        Env { fixed: Some(fixed), files: None, now: None }
    }

    /// The same variables, with exactly these files in place of the file
    /// system: absolute paths and their contents. Files written later (such
    /// as a refreshed SSO token) are kept with them.
    #[must_use]
    pub fn with_files(mut self, files: impl IntoIterator<Item = (PathBuf, Vec<u8>)>) -> Env {
        self.files = Some(Arc::new(Mutex::new(files.into_iter().collect())));
        self
    }

    /// The same environment, with the clock stopped at `now`.
    #[must_use]
    pub fn with_time(mut self, now: SystemTime) -> Env {
        self.now = Some(now);
        self
    }

    /// The current time.
    pub fn now(&self) -> SystemTime {
        self.now.unwrap_or_else(SystemTime::now)
    }

    /// The contents of the regular file at `path`, wiped from memory when
    /// dropped (the files read hold secrets); `Ok(None)` when there is no such
    /// file. A FIFO, device or folder is an error (reading one could block
    /// forever), as is a file longer than `limit` bytes.
    pub fn read_file(&self, path: &Path, limit: u64) -> io::Result<Option<Zeroizing<Vec<u8>>>> {
        if let Some(files) = &self.files {
            let files = files.lock().unwrap_or_else(PoisonError::into_inner);
            return match files.get(path) {
                Some(bytes) if bytes.len() as u64 > limit => Err(too_large(limit)),
                Some(bytes) => Ok(Some(Zeroizing::new(bytes.clone()))),
                None => Ok(None),
            };
        }
        read_real_file(path, limit)
    }

    /// The home folder, by this platform's conventions.
    pub fn home_dir(&self) -> Option<PathBuf> {
        self.home(Platform::current())
    }

    /// Whether a regular file exists at `path`.
    pub fn is_file(&self, path: &Path) -> bool {
        match &self.files {
            Some(files) => files.lock().unwrap_or_else(PoisonError::into_inner).contains_key(path),
            None => path.is_file(),
        }
    }

    /// Writes `bytes` to `path` whole or not at all (a temporary file beside
    /// it, renamed over it), readable only by the user, creating the folder
    /// if needed.
    pub fn write_file(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        if let Some(files) = &self.files {
            files.lock().unwrap_or_else(PoisonError::into_inner).insert(path.to_path_buf(), bytes.to_vec());
            return Ok(());
        }
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(folder)?;
        let name = path.file_name().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
        let mut temporary_name = OsString::from(".");
        temporary_name.push(name);
        temporary_name.push(format!(".{}.tmp", std::process::id()));
        let temporary = folder.join(temporary_name);
        let written = (|| {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(&temporary)?;
            file.write_all(bytes)?;
            file.sync_all()?;
            std::fs::rename(&temporary, path)
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        written
    }

    fn raw(&self, name: &str) -> Option<OsString> {
        match &self.fixed {
            None => std::env::var_os(name),
            Some(vars) => vars.get(name).map(OsString::from),
        }
    }

    /// The variable's value. Unset, empty and non-Unicode values all read as
    /// `None`: none of them can be a usable setting, and an exported but empty
    /// variable is the usual way to switch one off.
    pub fn get(&self, name: &str) -> Option<String> {
        self.raw(name)?.into_string().ok().filter(|value| !value.is_empty())
    }

    /// A path-valued variable; paths need not be Unicode.
    fn path(&self, name: &str) -> Option<PathBuf> {
        self.raw(name).filter(|value| !value.is_empty()).map(PathBuf::from)
    }

    /// The home folder: `HOME`; on Windows, when it is unset, `USERPROFILE`,
    /// then `HOMEDRIVE` followed by `HOMEPATH`.
    fn home(&self, platform: Platform) -> Option<PathBuf> {
        match platform {
            Platform::Unix => self.path("HOME"),
            Platform::Windows => self.path("HOME").or_else(|| self.path("USERPROFILE")).or_else(|| {
                let mut home = self.raw("HOMEDRIVE").filter(|drive| !drive.is_empty())?;
                home.push(self.raw("HOMEPATH").filter(|path| !path.is_empty())?);
                Some(PathBuf::from(home))
            }),
        }
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Values may be secrets (AWS_SECRET_ACCESS_KEY), so only the kind shows.
        f.write_str(match (&self.fixed, &self.files) {
            (None, None) => "Env(process)",
            (Some(_), None) => "Env(fixed variables)",
            (_, Some(_)) => "Env(fixed variables and files)",
        })
    }
}

/// The operating system conventions that say where the home folder is and
/// how paths are joined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    /// Windows: `\` separates folders; the home may come from `USERPROFILE`
    /// or `HOMEDRIVE` and `HOMEPATH`.
    Windows,
    /// Everything else: `/` separates folders; the home is `HOME`.
    Unix,
}

impl Platform {
    /// The platform this program runs on.
    pub fn current() -> Platform {
        if cfg!(windows) { Platform::Windows } else { Platform::Unix }
    }

    fn separator(self) -> char {
        match self {
            Platform::Windows => '\\',
            Platform::Unix => '/',
        }
    }

    fn is_separator(self, c: u8) -> bool {
        c == b'/' || (self == Platform::Windows && c == b'\\')
    }

    /// `base` followed by `parts`, joined with this platform's separator
    /// (`Path::join` would use the running platform's).
    fn join(self, base: PathBuf, parts: &[&str]) -> PathBuf {
        let mut path = base.into_os_string();
        for part in parts {
            if !path.as_encoded_bytes().last().is_some_and(|&c| self.is_separator(c)) {
                path.push(self.separator().encode_utf8(&mut [0; 4]));
            }
            path.push(part);
        }
        PathBuf::from(path)
    }
}

/// The variable naming the home folder, for messages.
fn home_var() -> &'static str {
    match Platform::current() {
        Platform::Unix => "HOME",
        Platform::Windows => "HOME, USERPROFILE or HOMEDRIVE with HOMEPATH",
    }
}

/// One of the two shared files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `~/.aws/config`, or `AWS_CONFIG_FILE`.
    Config,
    /// `~/.aws/credentials`, or `AWS_SHARED_CREDENTIALS_FILE`.
    Credentials,
}

impl FileKind {
    /// Where the file is expected on `platform`: the path in its variable
    /// (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`), a leading `~`
    /// standing for the home folder, else `.aws/config` or
    /// `.aws/credentials` in the home folder. `None` when neither the
    /// variable nor a home folder is set. The file need not exist.
    ///
    /// ```
    /// use smithy_client_runtime::rt::profile::{Env, FileKind, Platform};
    ///
    /// let env = Env::from_vars(&[("HOMEDRIVE", "C:"), ("HOMEPATH", "\\Users\\me")]);
    /// let path = FileKind::Config.location(&env, Platform::Windows).unwrap();
    /// assert_eq!(path.to_str(), Some("C:\\Users\\me\\.aws\\config"));
    /// ```
    pub fn location(self, env: &Env, platform: Platform) -> Option<PathBuf> {
        match env.path(self.env_var()) {
            Some(path) => Some(expand_home(path, env, platform)),
            None => Some(platform.join(env.home(platform)?, &[".aws", self.label()])),
        }
    }

    fn env_var(self) -> &'static str {
        match self {
            FileKind::Config => "AWS_CONFIG_FILE",
            FileKind::Credentials => "AWS_SHARED_CREDENTIALS_FILE",
        }
    }

    fn label(self) -> &'static str {
        match self {
            FileKind::Config => "config",
            FileKind::Credentials => "credentials",
        }
    }

    fn locate(self, env: &Env) -> Option<PathBuf> {
        self.location(env, Platform::current())
    }
}

/// Expands a leading `~`: a value set in a service definition or a quoted
/// shell assignment reaches the process unexpanded, and the other SDKs accept
/// it there.
fn expand_home(path: PathBuf, env: &Env, platform: Platform) -> PathBuf {
    let Some(text) = path.to_str() else { return path };
    let rest = if text == "~" {
        ""
    } else if let Some(rest) = text.strip_prefix("~/") {
        rest
    } else if let Some(rest) = text.strip_prefix("~\\").filter(|_| platform == Platform::Windows) {
        rest
    } else {
        return path;
    };
    match env.home(platform) {
        Some(home) if rest.is_empty() => home,
        Some(home) => platform.join(home, &[rest]),
        None => path,
    }
}

/// The profile asked for, and whether it was asked for by name rather than
/// taken by default.
fn requested_profile(env: &Env) -> (String, bool) {
    match env.get(PROFILE_VAR) {
        Some(name) => (name, true),
        None => (DEFAULT_PROFILE.to_owned(), false),
    }
}

/// The name of the profile in use: `AWS_PROFILE`, else `default`.
pub fn selected_profile_name(env: &Env) -> String {
    requested_profile(env).0
}

/// Where the two files are looked for, and which of them exist, phrased to
/// finish a sentence such as "not found in …".
pub fn describe_sources(env: &Env) -> String {
    let describe = |kind: FileKind| match kind.locate(env) {
        Some(path) if env.is_file(&path) => format!("the {} file `{}`", kind.label(), path.display()),
        Some(path) => format!("the {} file `{}` (which does not exist)", kind.label(), path.display()),
        None => {
            format!("the {} file (not located: neither {} nor {} is set)", kind.label(), kind.env_var(), home_var())
        }
    };
    format!("{} or {}", describe(FileKind::Config), describe(FileKind::Credentials))
}

/// Why the profile files could not be used.
#[derive(Debug)]
pub enum ProfileError {
    /// A file exists but could not be read, is not a regular file, or is
    /// larger than [`MAX_FILE_SIZE`].
    Unreadable { path: PathBuf, source: io::Error },
    /// `AWS_PROFILE` names a profile that neither file defines.
    NotFound { profile: String, searched: String },
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileError::Unreadable { path, source } => write!(f, "could not read `{}`: {source}", path.display()),
            ProfileError::NotFound { profile, searched } => {
                write!(f, "the profile `{profile}` selected by {PROFILE_VAR} is not defined in {searched}")
            }
        }
    }
}

impl std::error::Error for ProfileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ProfileError::Unreadable { source, .. } => Some(source),
            ProfileError::NotFound { .. } => None,
        }
    }
}

/// The settings of one profile, from both files; also those of one
/// `[sso-session NAME]` or `[services NAME]` section (see [`ProfileSet`]).
#[derive(Clone, PartialEq, Eq)]
pub struct Profile {
    name: String,
    /// Keys are lower-cased.
    properties: BTreeMap<String, String>,
}

impl Profile {
    /// The profile's name, without any `profile ` prefix.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The value of `key` (any ASCII case), exactly as written; it may be empty.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.properties.get(&key.to_ascii_lowercase()).map(String::as_str)
    }

    /// Every key (lower-cased) and its value, in key order.
    pub fn properties(&self) -> impl Iterator<Item = (&str, &str)> {
        self.properties.iter().map(|(key, value)| (key.as_str(), value.as_str()))
    }
}

impl Drop for Profile {
    fn drop(&mut self) {
        self.properties.values_mut().for_each(Zeroize::zeroize);
    }
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Values include secret keys, so only the keys show.
        f.debug_struct("Profile").field("name", &self.name).field("keys", &self.properties.keys()).finish()
    }
}

/// Loads the selected profile (`AWS_PROFILE`, else `default`) from both files.
///
/// A missing file counts as empty, and an absent `default` profile is
/// `Ok(None)`; a profile named in `AWS_PROFILE` that neither file defines is
/// an error, since the user asked for it.
pub fn load_profile(env: &Env) -> Result<Option<Profile>, ProfileError> {
    let (name, explicit) = requested_profile(env);
    let config = read_file(env, FileKind::Config.locate(env))?;
    let credentials = read_file(env, FileKind::Credentials.locate(env))?;
    match merge_profile(&name, config.as_deref().map(String::as_str), credentials.as_deref().map(String::as_str)) {
        Some(profile) => Ok(Some(profile)),
        None if explicit => Err(ProfileError::NotFound { profile: name, searched: describe_sources(env) }),
        None => Ok(None),
    }
}

/// The text of the file at `path`, wiped from memory when dropped (the
/// credentials file holds secret keys); `None` when there is no such file.
pub(crate) fn read_file(env: &Env, path: Option<PathBuf>) -> Result<Option<Zeroizing<String>>, ProfileError> {
    let Some(path) = path else { return Ok(None) };
    let mut bytes = match env.read_file(&path, MAX_FILE_SIZE) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Ok(None),
        Err(e) if e.kind() == io::ErrorKind::FileTooLarge => return Err(file_too_large(path)),
        Err(source) => return Err(ProfileError::Unreadable { path, source }),
    };
    // Invalid UTF-8 is replaced rather than refused, so the readable lines
    // of a damaged file still count.
    let text = match String::from_utf8(std::mem::take(&mut *bytes)) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(&Zeroizing::new(e.into_bytes())).into_owned(),
    };
    Ok(Some(Zeroizing::new(text)))
}

fn too_large(limit: u64) -> io::Error {
    io::Error::new(io::ErrorKind::FileTooLarge, format!("larger than {limit} bytes"))
}

/// [`Env::read_file`] on the real file system.
fn read_real_file(path: &Path, limit: u64) -> io::Result<Option<Zeroizing<Vec<u8>>>> {
    let absent = |e: &io::Error| e.kind() == io::ErrorKind::NotFound || passes_through_non_folder(path);
    // Checked before opening, because opening a FIFO waits for a writer
    // (forever, if none comes) and a device may never end.
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if absent(&e) => return Ok(None),
        Err(e) => return Err(e),
    };
    if is_null_device(path) {
        return Ok(None);
    }
    if !metadata.is_file() {
        let why = "not a regular file (a folder, FIFO, socket or device); name a regular file instead";
        return Err(io::Error::new(io::ErrorKind::InvalidInput, why));
    }
    if metadata.len() > limit {
        return Err(too_large(limit));
    }
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if absent(&e) => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut bytes = Zeroizing::new(Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0)));
    // The file may have grown since its size was checked.
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(Some(bytes))
}

fn file_too_large(path: PathBuf) -> ProfileError {
    let why = format!(
        "larger than {MAX_FILE_SIZE} bytes (1 MiB), the most read from an AWS shared config or credentials file"
    );
    ProfileError::Unreadable { path, source: io::Error::new(io::ErrorKind::InvalidData, why) }
}

/// `AWS_CONFIG_FILE=/dev/null` is the usual way to say "no file", and reading
/// the null device can neither block nor run long, so it reads as absent
/// rather than as the device it is.
fn is_null_device(path: &Path) -> bool {
    cfg!(unix) && path == Path::new("/dev/null")
}

/// Whether some parent of `path` is not a folder, so the file cannot exist.
/// Services often run with `HOME=/dev/null`; that means "no files", not a
/// read error.
fn passes_through_non_folder(path: &Path) -> bool {
    path.ancestors().skip(1).any(|parent| parent.metadata().is_ok_and(|meta| !meta.is_dir()))
}

/// Both files' sections, skipping the lines the format does not allow.
pub(crate) fn parse_lenient(config: Option<&str>, credentials: Option<&str>) -> ProfileSet {
    build_profile_set(config, credentials, Strictness::Lenient).unwrap_or_default()
}

/// Profile `name` as the two files' texts define it, or `None` when neither
/// has a section for it. Lines the format does not allow are skipped.
fn merge_profile(name: &str, config: Option<&str>, credentials: Option<&str>) -> Option<Profile> {
    let mut set = build_profile_set(config, credentials, Strictness::Lenient).ok()?;
    set.take_profile(name)
}

/// A folder under the system temporary folder, unique to one test and removed
/// when dropped, so tests never touch the real home.
#[cfg(test)]
pub struct TempDir(PathBuf);

#[cfg(test)]
impl TempDir {
    pub fn new(label: &str) -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let unique = format!("aws-profile-{label}-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let path = std::env::temp_dir().join(unique);
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create a temporary folder");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `contents` to `name` inside the folder and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create a folder for a test file");
        }
        std::fs::write(&path, contents).expect("write a test file");
        path
    }

    /// The path as an environment variable value.
    pub fn var(&self, name: &str) -> String {
        self.0.join(name).to_str().expect("temporary paths are Unicode").to_owned()
    }
}

#[cfg(test)]
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(name: &str, config: &str, credentials: &str) -> Option<BTreeMap<String, String>> {
        merge_profile(name, Some(config), Some(credentials)).map(|mut p| std::mem::take(&mut p.properties))
    }

    fn config(name: &str, text: &str) -> Option<BTreeMap<String, String>> {
        profile(name, text, "")
    }

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn empty_files_define_no_profiles() {
        assert_eq!(profile("default", "", ""), None);
        assert_eq!(merge_profile("default", None, None), None);
        assert_eq!(config("foo", "[profile foo]"), Some(map(&[])));
    }

    #[test]
    fn odd_spacing_and_comments_are_tolerated() {
        let text = "# leading comment\n; another\n\n\t \n[ \tprofile \t foo \t]   # trailing\n\
                    name \t=  \tvalue \t\nother=x ; comment with ; more\n  \n[profile bar]; adjacent\nk = v";
        assert_eq!(config("foo", text), Some(map(&[("name", "value"), ("other", "x")])));
        assert_eq!(config("bar", text), Some(map(&[("k", "v")])));
    }

    #[test]
    fn comment_characters_inside_values_are_kept() {
        let text = "[default]\na = val#ue\nb = value; not a comment\nc = base64==\nd = x=y\ne = ;\nf =";
        let expected = map(&[
            ("a", "val#ue"),
            ("b", "value; not a comment"),
            ("c", "base64=="),
            ("d", "x=y"),
            ("e", ""),
            ("f", ""),
        ]);
        assert_eq!(config("default", text), Some(expected));
    }

    #[test]
    fn indented_lines_continue_the_value_above() {
        let text = "[default]\nname = value\n -continued # kept\n\n \t -and-more \t\nnext = n";
        assert_eq!(
            config("default", text),
            Some(map(&[("name", "value\n-continued # kept\n-and-more"), ("next", "n")]))
        );
    }

    #[test]
    fn sub_properties_stay_inside_their_parent() {
        let text = "[default]\ns3 =\n  max_concurrent_requests = 20\n  addressing_style = path\nregion = eu-west-1";
        let profile = merge_profile("default", Some(text), None).unwrap();
        assert_eq!(profile.get("s3"), Some("\nmax_concurrent_requests = 20\naddressing_style = path"));
        assert_eq!(profile.get("max_concurrent_requests"), None);
        assert_eq!(profile.get("region"), Some("eu-west-1"));
    }

    #[test]
    fn keys_ignore_case_but_names_and_values_do_not() {
        let text = "[profile Foo]\nRegion = US-East-1\n[profile foo]\nregion = other";
        let profile = merge_profile("Foo", Some(text), None).unwrap();
        assert_eq!(profile.get("region"), Some("US-East-1"));
        assert_eq!(profile.get("REGION"), Some("US-East-1"));
        assert_eq!(profile.name(), "Foo");
        assert_eq!(config("foo", text), Some(map(&[("region", "other")])));
        assert_eq!(config("FOO", text), None);
        // `Profile` and `DEFAULT` are not the keyword and the default name.
        assert_eq!(config("foo", "[Profile foo]\na = 1"), None);
        assert_eq!(config("default", "[DEFAULT]\na = 1"), None);
        assert_eq!(config("DEFAULT", "[profile DEFAULT]\na = 1"), Some(map(&[("a", "1")])));
    }

    #[test]
    fn config_sections_need_the_profile_prefix_except_default() {
        assert_eq!(config("foo", "[foo]\na = 1"), None);
        assert_eq!(config("foo", "[profilefoo]\na = 1"), None);
        assert_eq!(config("foo", "[profile\tfoo]\na = 1"), Some(map(&[("a", "1")])));
        assert_eq!(config("default", "[default]\na = 1"), Some(map(&[("a", "1")])));
        assert_eq!(config("default", "[profile default]\na = 1"), Some(map(&[("a", "1")])));
    }

    #[test]
    fn credentials_sections_must_not_have_the_prefix() {
        assert_eq!(profile("foo", "", "[profile foo]\na = 1"), None);
        assert_eq!(profile("default", "", "[profile default]\na = 1"), None);
        assert_eq!(profile("foo", "", "[  foo  ]\na = 1"), Some(map(&[("a", "1")])));
    }

    #[test]
    fn profile_default_replaces_bare_default_in_the_config_file() {
        let first = "[profile default]\na = 1\n[default]\nb = 2\n[profile default]\nc = 3";
        assert_eq!(config("default", first), Some(map(&[("a", "1"), ("c", "3")])));
        let last = "[default]\nb = 2\n[profile default]\na = 1";
        assert_eq!(config("default", last), Some(map(&[("a", "1")])));
        // The credentials file's `[default]` is unaffected.
        assert_eq!(profile("default", first, "[default]\nd = 4"), Some(map(&[("a", "1"), ("c", "3"), ("d", "4")])));
    }

    #[test]
    fn repeated_sections_and_keys_merge_with_the_last_winning() {
        let text = "[profile foo]\na = 1\nb = 1\n[profile bar]\na = 9\n[profile foo]\nB = 2\nc = 3\nc = 4";
        assert_eq!(config("foo", text), Some(map(&[("a", "1"), ("b", "2"), ("c", "4")])));
    }

    #[test]
    fn the_credentials_file_wins_over_the_config_file() {
        let merged = profile("foo", "[profile foo]\na = config\nb = config", "[foo]\na = credentials\nc = credentials");
        assert_eq!(merged, Some(map(&[("a", "credentials"), ("b", "config"), ("c", "credentials")])));
        assert_eq!(profile("foo", "", "[foo]"), Some(map(&[])));
    }

    #[test]
    fn lines_of_ignored_sections_do_not_leak_into_others() {
        let text = "[profile foo]\na = 1\n[profile in valid]\nx = 1\n[sso-session corp]\nsso_region = us-east-1\n\
                    [services dev]\ny = 2\n[profile bar\nz = 3\n[profile foo!bar]\nw = 4\n[profile bar]\nb = 2";
        assert_eq!(config("foo", text), Some(map(&[("a", "1")])));
        assert_eq!(config("bar", text), Some(map(&[("b", "2")])));
    }

    #[test]
    fn malformed_lines_are_skipped() {
        let text = "orphan = before any section\n  orphan continuation\n[default]\n  continuation without property\n\
                    no equals sign\n  continuation of a dropped line\n= no key\nin valid = bad key\n  more\n\
                    good = yes\n[profile foo] trailing junk\nhidden = 1";
        assert_eq!(config("default", text), Some(map(&[("good", "yes")])));
        assert_eq!(config("foo", text), None);
    }

    #[test]
    fn every_valid_name_character_is_accepted() {
        let name = "some-thing:long/the_one%only.foo@bar+AZ09";
        assert_eq!(config(name, &format!("[profile {name}]\nKEY-_:.+ = v")), Some(map(&[("key-_:.+", "v")])));
    }

    #[test]
    fn windows_line_endings_and_byte_order_marks_are_read() {
        let text = "\u{feff}[default]\r\nregion = us-west-2\r\nname = value\r\n  more\r";
        assert_eq!(config("default", text), Some(map(&[("name", "value\nmore"), ("region", "us-west-2")])));
    }

    #[test]
    fn garbage_never_panics() {
        let huge =
            format!("[default]\nkey = {}\n{}\n[{}", "x".repeat(1 << 20), "=".repeat(1 << 16), "[".repeat(1 << 16));
        let mut inputs = vec![huge, "[".into(), "]".into(), "[]".into(), "[ ]".into(), "[profile ]".into()];
        inputs.extend(
            ["=", " =", "\t", "\u{0}\u{1}[\u{7f}", "[default\nkey = v", "[default]\n\u{fffd}=\u{fffd}"]
                .map(String::from),
        );
        // Pseudo-random bytes, decoded the way files are.
        let alphabet = b"[]=#; \t\r\nprofile default\x00\xff\xc3";
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..200 {
            let bytes: Vec<u8> = (0..512)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    alphabet[(state % alphabet.len() as u64) as usize]
                })
                .collect();
            inputs.push(String::from_utf8_lossy(&bytes).into_owned());
        }
        for input in &inputs {
            for name in ["default", "profile", "foo"] {
                let _ = merge_profile(name, Some(input), Some(input));
            }
        }
        let garbled = merge_profile("default", Some("[default]\nkey = v\n[\u{fffd}\u{fffd}"), None).unwrap();
        assert_eq!(garbled.get("key"), Some("v"));
    }

    #[test]
    fn damaged_bytes_spoil_only_their_own_lines() {
        let dir = TempDir::new("damaged");
        let mut bytes = b"[default]\nregion = us-east-2\n".to_vec();
        bytes.extend_from_slice(b"\xff\xfe\x00 junk = \x80\n\x00\x01\x02\nname = ok\n");
        let config = dir.write("config", bytes);
        let env = Env::from_vars(&[("AWS_CONFIG_FILE", config.to_str().unwrap())]);
        let profile = load_profile(&env).unwrap().unwrap();
        assert_eq!(profile.get("region"), Some("us-east-2"));
        assert_eq!(profile.get("name"), Some("ok"));
    }

    #[test]
    fn files_default_to_the_home_folder() {
        let dir = TempDir::new("home");
        dir.write(".aws/config", "[default]\nregion = from-config\nonly_config = c");
        dir.write(".aws/credentials", "[default]\nregion = from-credentials");
        let home = dir.path().to_str().unwrap();
        let env = Env::from_vars(&[("HOME", home), ("USERPROFILE", home)]);
        let profile = load_profile(&env).unwrap().unwrap();
        assert_eq!(profile.get("region"), Some("from-credentials"));
        assert_eq!(profile.get("only_config"), Some("c"));
    }

    #[test]
    fn variables_override_the_locations_and_may_start_with_a_tilde() {
        let dir = TempDir::new("override");
        dir.write(".aws/config", "[default]\nwhere = home");
        dir.write("elsewhere/cfg", "[default]\nwhere = elsewhere");
        let home = dir.path().to_str().unwrap();
        let env = Env::from_vars(&[("HOME", home), ("USERPROFILE", home), ("AWS_CONFIG_FILE", "~/elsewhere/cfg")]);
        assert_eq!(load_profile(&env).unwrap().unwrap().get("where"), Some("elsewhere"));
        let env = Env::from_vars(&[("AWS_CONFIG_FILE", &dir.var("elsewhere/cfg")), ("HOME", "")]);
        assert_eq!(load_profile(&env).unwrap().unwrap().get("where"), Some("elsewhere"));
        let env = Env::from_vars(&[("HOME", home), ("USERPROFILE", home), ("AWS_CONFIG_FILE", "")]);
        assert_eq!(load_profile(&env).unwrap().unwrap().get("where"), Some("home"));
    }

    #[test]
    fn aws_profile_selects_a_named_profile() {
        let dir = TempDir::new("named");
        let config = dir.write("config", "[default]\nregion = d\n[profile work]\nregion = w");
        let credentials = dir.write("credentials", "[work]\nextra = 1");
        let vars = [
            ("AWS_CONFIG_FILE", config.to_str().unwrap()),
            ("AWS_SHARED_CREDENTIALS_FILE", credentials.to_str().unwrap()),
        ];
        let work = load_profile(&Env::from_vars(&[vars[0], vars[1], ("AWS_PROFILE", "work")])).unwrap().unwrap();
        assert_eq!((work.name(), work.get("region"), work.get("extra")), ("work", Some("w"), Some("1")));
        let default = load_profile(&Env::from_vars(&[vars[0], vars[1], ("AWS_PROFILE", "")])).unwrap().unwrap();
        assert_eq!((default.name(), default.get("region")), ("default", Some("d")));
    }

    #[test]
    fn missing_files_are_not_errors() {
        let dir = TempDir::new("missing");
        let home = dir.path().to_str().unwrap();
        assert!(load_profile(&Env::from_vars(&[("HOME", home), ("USERPROFILE", home)])).unwrap().is_none());
        assert!(load_profile(&Env::from_vars(&[])).unwrap().is_none());
        // Services often run with the home set to a device or a file.
        let file = dir.write("not-a-folder", "");
        let env = Env::from_vars(&[("HOME", file.to_str().unwrap()), ("USERPROFILE", file.to_str().unwrap())]);
        assert!(load_profile(&env).unwrap().is_none());
    }

    #[test]
    fn a_named_profile_that_does_not_exist_is_an_error() {
        let dir = TempDir::new("absent");
        let config = dir.write("config", "[profile other]\na = 1");
        let env = Env::from_vars(&[
            ("AWS_PROFILE", "prod"),
            ("AWS_CONFIG_FILE", config.to_str().unwrap()),
            ("AWS_SHARED_CREDENTIALS_FILE", &dir.var("credentials")),
        ]);
        let message = load_profile(&env).unwrap_err().to_string();
        assert!(message.contains("`prod`") && message.contains("AWS_PROFILE"), "{message}");
        assert!(message.contains(config.to_str().unwrap()), "{message}");
        assert!(message.contains(&format!("`{}` (which does not exist)", dir.var("credentials"))), "{message}");
        let env = Env::from_vars(&[("AWS_PROFILE", "prod")]);
        let message = load_profile(&env).unwrap_err().to_string();
        assert!(message.contains("neither AWS_CONFIG_FILE nor"), "{message}");
    }

    #[test]
    fn an_unreadable_file_is_an_error_naming_it() {
        let dir = TempDir::new("unreadable");
        std::fs::create_dir_all(dir.path().join("folder")).unwrap();
        let env = Env::from_vars(&[("AWS_CONFIG_FILE", &dir.var("folder"))]);
        let error = load_profile(&env).unwrap_err();
        assert!(matches!(error, ProfileError::Unreadable { .. }));
        assert!(error.to_string().contains(&dir.var("folder")), "{error}");
        assert!(std::error::Error::source(&error).is_some());
    }

    /// Loads the profile on another thread, so that a hang fails the test
    /// instead of stalling it.
    fn load_within_seconds(env: Env) -> Result<Option<Profile>, ProfileError> {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(load_profile(&env));
        });
        rx.recv_timeout(std::time::Duration::from_secs(5)).expect("the files are read without waiting")
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_an_error_naming_it_instead_of_a_hang() {
        let dir = TempDir::new("fifo");
        let fifo = dir.var("credentials");
        // No writer ever opens it: reading it would wait forever.
        match std::process::Command::new("mkfifo").arg(&fifo).status() {
            Ok(status) if status.success() => {}
            _ => return eprintln!("skipped: mkfifo is not available"),
        }
        let env = Env::from_vars(&[("AWS_SHARED_CREDENTIALS_FILE", &fifo), ("AWS_CONFIG_FILE", &dir.var("config"))]);
        let error = load_within_seconds(env).unwrap_err();
        let message = error.to_string();
        assert!(message.contains(&fifo) && message.contains("not a regular file"), "{message}");
    }

    #[test]
    fn files_over_one_mebibyte_are_refused_naming_the_limit() {
        let dir = TempDir::new("large");
        let profile = "[default]\nregion = r\n";
        let padding = "#".repeat(MAX_FILE_SIZE as usize - profile.len() - 1) + "\n";
        let at_limit = dir.write("config", format!("{profile}{padding}"));
        assert_eq!(std::fs::metadata(&at_limit).unwrap().len(), MAX_FILE_SIZE);
        let env = Env::from_vars(&[("AWS_CONFIG_FILE", at_limit.to_str().unwrap())]);
        assert_eq!(load_within_seconds(env).unwrap().unwrap().get("region"), Some("r"));

        let over = dir.write("big", format!("{profile}{padding}#"));
        let env = Env::from_vars(&[("AWS_CONFIG_FILE", over.to_str().unwrap())]);
        let message = load_within_seconds(env).unwrap_err().to_string();
        assert!(message.contains(over.to_str().unwrap()) && message.contains("1 MiB"), "{message}");
    }

    #[cfg(unix)]
    #[test]
    fn the_null_device_reads_as_no_file() {
        let dir = TempDir::new("null");
        let credentials = dir.write("credentials", "[default]\naws_access_key_id = A\n");
        let env = Env::from_vars(&[
            ("AWS_CONFIG_FILE", "/dev/null"),
            ("AWS_SHARED_CREDENTIALS_FILE", credentials.to_str().unwrap()),
        ]);
        assert_eq!(load_within_seconds(env).unwrap().unwrap().get("aws_access_key_id"), Some("A"));
    }

    #[test]
    fn long_continued_values_are_joined_whole() {
        let lines: Vec<String> = (0..200).map(|i| format!("  line{i}")).collect();
        let text = format!("[default]\nnested =\n{}\n", lines.join("\n"));
        let expected: Vec<String> = (0..200).map(|i| format!("line{i}")).collect();
        let expected = format!("\n{}", expected.join("\n"));
        assert_eq!(config("default", &text).unwrap().get("nested"), Some(&expected));
    }

    #[test]
    fn debug_output_shows_no_values() {
        let env = Env::from_vars(&[("AWS_SECRET_ACCESS_KEY", "very-secret")]);
        assert!(!format!("{env:?}").contains("very-secret"));
        assert_eq!(format!("{:?}", Env::real()), "Env(process)");
        let profile = merge_profile("default", Some("[default]\naws_secret_access_key = very-secret"), None).unwrap();
        let shown = format!("{profile:?}");
        assert!(shown.contains("aws_secret_access_key") && !shown.contains("very-secret"), "{shown}");
    }

    #[test]
    fn windows_homes_prefer_home_then_userprofile_then_drive_and_path() {
        let location = |vars: &[(&str, &str)]| {
            let path = FileKind::Credentials.location(&Env::from_vars(vars), Platform::Windows);
            path.map(|path| path.to_str().unwrap().to_owned())
        };
        let all = [("HOME", "H:\\"), ("USERPROFILE", "C:\\u"), ("HOMEDRIVE", "D:"), ("HOMEPATH", "\\p")];
        assert_eq!(location(&all).as_deref(), Some("H:\\.aws\\credentials"));
        assert_eq!(location(&all[1..]).as_deref(), Some("C:\\u\\.aws\\credentials"));
        assert_eq!(location(&all[2..]).as_deref(), Some("D:\\p\\.aws\\credentials"));
        assert_eq!(location(&all[3..]), None);
        let tilde = [("USERPROFILE", "C:\\u"), ("AWS_SHARED_CREDENTIALS_FILE", "~\\creds")];
        assert_eq!(location(&tilde).as_deref(), Some("C:\\u\\creds"));
        let unix = FileKind::Config.location(&Env::from_vars(&[("HOME", "/h/"), ("USERPROFILE", "x")]), Platform::Unix);
        assert_eq!(unix, Some(PathBuf::from("/h/.aws/config")));
    }

    #[test]
    fn empty_variables_count_as_unset() {
        let env = Env::from_vars(&[("A", ""), ("B", "b")]);
        assert_eq!((env.get("A"), env.get("B"), env.get("C")), (None, Some("b".to_owned()), None));
        assert_eq!(selected_profile_name(&Env::from_vars(&[("AWS_PROFILE", "")])), "default");
        assert_eq!(selected_profile_name(&Env::from_vars(&[("AWS_PROFILE", "x")])), "x");
    }
}
