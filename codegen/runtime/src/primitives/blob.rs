//! Binary data (`blob` shapes).

/// Binary data, sent base64-encoded in JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Blob {
    inner: Vec<u8>,
}

impl Blob {
    /// Wraps bytes.
    pub fn new(input: impl Into<Vec<u8>>) -> Self {
        Blob { inner: input.into() }
    }

    /// Takes the bytes out.
    pub fn into_inner(self) -> Vec<u8> {
        self.inner
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.inner
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Self {
        Blob { inner: bytes }
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Self {
        Blob { inner: bytes.to_vec() }
    }
}

impl From<&str> for Blob {
    fn from(text: &str) -> Self {
        Blob { inner: text.as_bytes().to_vec() }
    }
}

impl From<String> for Blob {
    fn from(text: String) -> Self {
        Blob { inner: text.into_bytes() }
    }
}
