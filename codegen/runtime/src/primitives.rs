//! Primitive types generated shapes use.

mod unknown;
pub use self::unknown::UnknownVariantValue;

#[cfg(feature = "datetime")]
mod datetime;
#[cfg(feature = "datetime")]
pub use self::datetime::{
    ConversionError, DateTime, DateTimeFormatError, DateTimeParseError, Format as DateTimeFormat,
};

#[cfg(feature = "blob")]
mod blob;
#[cfg(feature = "blob")]
pub use self::blob::Blob;

#[cfg(feature = "document")]
mod document;
#[cfg(feature = "document")]
pub use self::document::{Document, Number};

#[cfg(feature = "big-number")]
mod big_number;
#[cfg(feature = "big-number")]
pub use self::big_number::{BigDecimal, BigInteger, BigNumberError};

#[cfg(feature = "byte-stream")]
pub(crate) mod byte_stream;
#[cfg(feature = "byte-stream")]
pub use self::byte_stream::{AggregatedBytes, ByteStream, ByteStreamError};
