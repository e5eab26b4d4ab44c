//! The built-in TLS crypto provider: graviola's algorithms, minus what a
//! client that never presents a certificate has no use for.
//!
//! `rustls_graviola::default_provider()` also carries graviola's private-key
//! loading and signing (RSA, ECDSA and Ed25519), which rustls only reaches
//! for client certificates, and P-384 key exchange. Because the provider
//! holds them, they are linked into every program that uses the default
//! client, about 460 KB of a 5.4 MB release binary. This provider is built
//! from the same crate's public parts instead:
//! - cipher suites: all of rustls-graviola's (TLS 1.3 and 1.2, AES-GCM and
//!   ChaCha20-Poly1305);
//! - key exchange: X25519MLKEM768 (post-quantum hybrid), X25519 and P-256.
//!   TLS 1.3 requires every server to implement P-256 (RFC 8446, section
//!   9.1), so leaving P-384 out loses no server that follows the standard;
//! - certificate and handshake signatures: every scheme rustls-graviola
//!   checks (ECDSA on P-256 and P-384, Ed25519, RSA PKCS#1 v1.5 and PSS with
//!   SHA-256/384/512), checked here through graviola's public verification
//!   API;
//! - no private keys: loading one fails with an error that says why.
//!
//! An application that needs other algorithms installs its own provider as
//! the rustls process default, which the default client uses first; one that
//! needs client certificates plugs in an `HttpClient` of its own, since the
//! default client never presents one.

use std::sync::Arc;

use graviola::hashing::{Hash, Sha256, Sha384, Sha512};
use graviola::signing::ecdsa::{self, Curve, P256, P384};
use graviola::signing::{eddsa, rsa};
use rustls::SignatureScheme;
use rustls::crypto::{CryptoProvider, GetRandomFailed, KeyProvider, SecureRandom, WebPkiSupportedAlgorithms};
use rustls::pki_types::{AlgorithmIdentifier, InvalidSignature, PrivateKeyDer, SignatureVerificationAlgorithm, alg_id};
use rustls::sign::SigningKey;

/// The provider described in the module documentation.
pub(super) fn provider() -> CryptoProvider {
    use rustls_graviola::kx;
    CryptoProvider {
        cipher_suites: rustls_graviola::suites::ALL_CIPHER_SUITES.to_vec(),
        kx_groups: vec![kx::X25519MLKEM768, &kx::X25519, &kx::P256],
        signature_verification_algorithms: SIGNATURES,
        secure_random: &Random,
        key_provider: &NoPrivateKeys,
    }
}

/// Randomness for handshakes, from graviola (which asks the operating
/// system).
#[derive(Debug)]
struct Random;

impl SecureRandom for Random {
    fn fill(&self, bytes: &mut [u8]) -> Result<(), GetRandomFailed> {
        graviola::random::fill(bytes).map_err(|_| GetRandomFailed)
    }
}

/// Refuses every private key: the default client never authenticates
/// itself with a certificate.
#[derive(Debug)]
struct NoPrivateKeys;

impl KeyProvider for NoPrivateKeys {
    fn load_private_key(&self, _key: PrivateKeyDer<'static>) -> Result<Arc<dyn SigningKey>, rustls::Error> {
        Err(rustls::Error::General(
            "the default client's TLS provider holds no signing keys: the client never presents a \
             certificate (for client certificates, plug in an HttpClient of your own)"
                .to_owned(),
        ))
    }
}

/// Checks a signature over a message with a public key in the form webpki
/// hands over (the certificate's subjectPublicKey bits).
type Check = fn(key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), graviola::Error>;

/// One signature algorithm as webpki and rustls see it: the key's
/// algorithm, the signature's, and the check.
#[derive(Debug)]
struct Signature {
    key: AlgorithmIdentifier,
    signature: AlgorithmIdentifier,
    check: Check,
}

impl SignatureVerificationAlgorithm for Signature {
    fn verify_signature(&self, key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        (self.check)(key, message, signature).map_err(|_| InvalidSignature)
    }

    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        self.key
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        self.signature
    }
}

/// ECDSA with an ASN.1 DER signature; the key is an uncompressed point.
fn ecdsa_asn1<C: Curve, H: Hash>(key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), graviola::Error> {
    ecdsa::VerifyingKey::<C>::from_x962_uncompressed(key)?.verify_asn1::<H>(&[message], signature)
}

/// The key of every RSA scheme: PKCS#1 `RSAPublicKey` DER.
fn rsa_key(key: &[u8]) -> Result<rsa::VerifyingKey, graviola::Error> {
    rsa::VerifyingKey::from_pkcs1_der(key)
}

fn rsa_pkcs1_sha256(key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), graviola::Error> {
    rsa_key(key)?.verify_pkcs1_sha256(signature, message)
}

fn rsa_pkcs1_sha384(key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), graviola::Error> {
    rsa_key(key)?.verify_pkcs1_sha384(signature, message)
}

fn rsa_pkcs1_sha512(key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), graviola::Error> {
    rsa_key(key)?.verify_pkcs1_sha512(signature, message)
}

fn rsa_pss_sha256(key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), graviola::Error> {
    rsa_key(key)?.verify_pss_sha256(signature, message)
}

fn rsa_pss_sha384(key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), graviola::Error> {
    rsa_key(key)?.verify_pss_sha384(signature, message)
}

fn rsa_pss_sha512(key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), graviola::Error> {
    rsa_key(key)?.verify_pss_sha512(signature, message)
}

/// Ed25519; the key is its 32 bytes.
fn ed25519(key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), graviola::Error> {
    eddsa::Ed25519VerifyingKey::from_bytes(key)?.verify(signature, message)
}

const fn scheme(key: AlgorithmIdentifier, signature: AlgorithmIdentifier, check: Check) -> Signature {
    Signature { key, signature, check }
}

static ECDSA_P256_SHA256: Signature = scheme(alg_id::ECDSA_P256, alg_id::ECDSA_SHA256, ecdsa_asn1::<P256, Sha256>);
static ECDSA_P256_SHA384: Signature = scheme(alg_id::ECDSA_P256, alg_id::ECDSA_SHA384, ecdsa_asn1::<P256, Sha384>);
static ECDSA_P256_SHA512: Signature = scheme(alg_id::ECDSA_P256, alg_id::ECDSA_SHA512, ecdsa_asn1::<P256, Sha512>);
static ECDSA_P384_SHA256: Signature = scheme(alg_id::ECDSA_P384, alg_id::ECDSA_SHA256, ecdsa_asn1::<P384, Sha256>);
static ECDSA_P384_SHA384: Signature = scheme(alg_id::ECDSA_P384, alg_id::ECDSA_SHA384, ecdsa_asn1::<P384, Sha384>);
static ECDSA_P384_SHA512: Signature = scheme(alg_id::ECDSA_P384, alg_id::ECDSA_SHA512, ecdsa_asn1::<P384, Sha512>);
static ED25519: Signature = scheme(alg_id::ED25519, alg_id::ED25519, ed25519);
static RSA_PKCS1_SHA256: Signature = scheme(alg_id::RSA_ENCRYPTION, alg_id::RSA_PKCS1_SHA256, rsa_pkcs1_sha256);
static RSA_PKCS1_SHA384: Signature = scheme(alg_id::RSA_ENCRYPTION, alg_id::RSA_PKCS1_SHA384, rsa_pkcs1_sha384);
static RSA_PKCS1_SHA512: Signature = scheme(alg_id::RSA_ENCRYPTION, alg_id::RSA_PKCS1_SHA512, rsa_pkcs1_sha512);
static RSA_PSS_SHA256: Signature = scheme(alg_id::RSA_ENCRYPTION, alg_id::RSA_PSS_SHA256, rsa_pss_sha256);
static RSA_PSS_SHA384: Signature = scheme(alg_id::RSA_ENCRYPTION, alg_id::RSA_PSS_SHA384, rsa_pss_sha384);
static RSA_PSS_SHA512: Signature = scheme(alg_id::RSA_ENCRYPTION, alg_id::RSA_PSS_SHA512, rsa_pss_sha512);

/// Every algorithm for certificates (`all`), and for each TLS signature
/// scheme the algorithms a handshake signature under it may use. In TLS 1.2
/// an ECDSA scheme names only a hash, and every algorithm listed is tried; in
/// TLS 1.3 it also names the curve, and rustls uses only the first listed.
static SIGNATURES: WebPkiSupportedAlgorithms = WebPkiSupportedAlgorithms {
    all: &[
        &ECDSA_P256_SHA256,
        &ECDSA_P256_SHA384,
        &ECDSA_P256_SHA512,
        &ECDSA_P384_SHA256,
        &ECDSA_P384_SHA384,
        &ECDSA_P384_SHA512,
        &ED25519,
        &RSA_PSS_SHA256,
        &RSA_PSS_SHA384,
        &RSA_PSS_SHA512,
        &RSA_PKCS1_SHA256,
        &RSA_PKCS1_SHA384,
        &RSA_PKCS1_SHA512,
    ],
    mapping: &[
        (SignatureScheme::ECDSA_NISTP256_SHA256, &[&ECDSA_P256_SHA256, &ECDSA_P384_SHA256]),
        (SignatureScheme::ECDSA_NISTP384_SHA384, &[&ECDSA_P384_SHA384, &ECDSA_P256_SHA384]),
        (SignatureScheme::ED25519, &[&ED25519]),
        (SignatureScheme::RSA_PSS_SHA512, &[&RSA_PSS_SHA512]),
        (SignatureScheme::RSA_PSS_SHA384, &[&RSA_PSS_SHA384]),
        (SignatureScheme::RSA_PSS_SHA256, &[&RSA_PSS_SHA256]),
        (SignatureScheme::RSA_PKCS1_SHA512, &[&RSA_PKCS1_SHA512]),
        (SignatureScheme::RSA_PKCS1_SHA384, &[&RSA_PKCS1_SHA384]),
        (SignatureScheme::RSA_PKCS1_SHA256, &[&RSA_PKCS1_SHA256]),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The message every vector below signs.
    const MESSAGE: &[u8] = b"signed by the test key";

    // Keys and signatures made with the OpenSSL command line, so that the
    // checks are tested against another implementation's signatures.
    const RSA_KEY: &str = concat!(
        "3082010a0282010100afb246f939d8fcba085525f44ea9224a032d744deeebffcc18ad138499624c6a1f85626b2aa817",
        "84f89a86a8a1af565081f9996483b25b85c57fa1d2b092ad06c25ed94a8140844587c7edf980468af439838d561a851e",
        "903fe95d87dabaa9127a919e8f859a1ad8f4afcccf6838eb8e788d22651c923bfb7d86d2eeab813ab91f170f4a93ed89",
        "9f2b565614529f4358b562b28cb79656b04a0b6516e90ce9aca4ce5654f737a47c9e747c6624fb1701c3495446f189a1",
        "5e6fbffa84b4bf843d97d4e914ab80f001be2194980f0d1715d7406a40cd984e2fd57021e2f6d2deebc0ad8645fef308",
        "59ebb631d71715e04b03a7254f877a61dfddf1167c7fb1f2dd0203010001",
    );
    const RSA_PKCS1_SHA256_SIG: &str = concat!(
        "36f8c129e441ca0216395d4799c05fbaaf2701f31ffec7bc15ecc0ece95147465d069e64c84a3963fdcb6b139adf0181",
        "e9ca83544212807a3c7cb1ab6e21ecb4a7beb28f140bf13d27d1c6d6af7d89d3f0b3f5620055fcd55edaee06d95871b5",
        "846997027e9ec7d5734c86fe199a25f78460a52049b11941976f9abce3c839ac87fa4164c79f48638d4f14de9d22efa7",
        "39aa3599df1166c81518de07b7e3ff5f406c03ac1784b20eb5a447f373aa506fe06b9add7a033b0337775fbe82d812ab",
        "e67e47c6317a697368f77ce0ba1592609c04bf480b30435ab893dbdadd9b73840f2d4f940f2f33100502d59433ed5f0e",
        "a626d648612c64974d74170ab3f3f88a",
    );
    const RSA_PKCS1_SHA384_SIG: &str = concat!(
        "690536ea09504f75eaacdc562f75a5595f521f9384bebd5083f05670b8ffea80f0a649523ba7e1af5da6e4aaff06cee4",
        "0afc17a4430d6495b08301f21dc43573211af665bbd0e7dbd3753c21042be762682e3429818e3d90c43668c0506c2a77",
        "dd4eac06e28d3e0591b9c8726e2a2c920f02501bcb19b758657d6c264c63515c8ee9ec559c99fe7521eed349b8874601",
        "d22f9f9eb30e9068bfe13eba2a6a4c19805b9e74ec435d4a6eca56e7c2760e658427631169b01e2b4d47e36ddd1a9245",
        "c829e925fef61e9bb4620faadc234994c892d2ade5b7e5fe6b8afe7ead234d0d564d38c01b1b55c25ac52348d8a74dd0",
        "4d02be146003047278b2862312c5de36",
    );
    const RSA_PKCS1_SHA512_SIG: &str = concat!(
        "99abfe293ca5a4e877670014b94545fbc22b140c8ec5c22daabaf8bd681350ce42a68980365dbddb5b4a32c0007cfcc0",
        "9559e535feb7202f392fda5108ca208fd06efaf47da409ac6457bf2671350c361641f50cedc155f1467708b78dd4fcc8",
        "508108a689e012d627fea98194b3f37e58e7264f2a741ee96cf2f6972f7f8b4007a549239db54489762c96c9ed2eb6bd",
        "8728e4dedb376627f2146e291ce9e80e9f1ea3cc8154f37bd90b14704bbb553db2424a35ca813f61946d70bdcd0ead05",
        "24501244ab43f028bb224bbcbacfb6013f15f771ddb5f613f04d87ec366bc9deb44a4c3ee479838fd4df62637906e70d",
        "2d17ff9ec4eb2422e17e86625f63f7ca",
    );
    const RSA_PSS_SHA256_SIG: &str = concat!(
        "0e538c7ef0c2b6088a5d250f7e1d99e8d6f62f99c8e1e5a216ed5eb6f9c34be593493a87eaa88765bf37805290924ec7",
        "bd88c75c844149cb76fa9ba57a330601e6396fc4de72dd1276cc5fb0943f72108421460e1012dddbb88a4f1f0402dc47",
        "96ebf1c2265f0a3bad08952bf46bce760caf5210d62e612f481fa77843470a024d9c34df5ccde21f8a80ff3487c2652b",
        "4c7d623ce162991fb70facfd1b5f41e8172fcaa55e67c55ae084af36d8c845803106741f62e5d0f513249bd3f92af84e",
        "4032463dcfb1fdc18f943d04659b6baaa024d9de224148a7c1dadc2d49339d05aef88a5e6fdfaeda5e4e700e4fe8fef8",
        "029a4c1b170e8d4d050b41f20a3336ec",
    );
    const RSA_PSS_SHA384_SIG: &str = concat!(
        "9d38c452bfc250c51d3722c655b3083d117fa726719bffa223eede7961ea46ec97fb1297b6a20a0bddeafb108eecb219",
        "d7413a8523af0117d2ab33ef242aa74bd3187e4653f1650d87cd1279921a8beda52ad02535b14947c17dab2dbdbb24df",
        "68dd2f55928a4b89d6fd197fca1bd03785923fb9dae5be834851ef58abbf97f728bd0a8befe5a1bbe0a5260cedad0977",
        "239cda5273d7aa165df1160a83fca5e5273d7a84a856978dbb91858311941cd055530f317a3d3d7c0163c12ca1e80bef",
        "b61b31b6ac35c488f68efbb8f689246f32e6dd14a98a4672377752479ec2d6910a54f07fde4708eefe9c0db6eeb51621",
        "8da101f3d91dd3cbd8079e83336c14b2",
    );
    const RSA_PSS_SHA512_SIG: &str = concat!(
        "40408a60deed8a58d34f609fa0259f0ee1933ae52ce44bb87b4263a2b23ea7f9ed8890ee70b9e9b3bfc505bda30123d7",
        "95b3938a814cb4467459f911f29837204f7788cdd9cb3be3dccebc01aeb1382f13f1222451318844328b1b9e96592547",
        "34df4611a3037336c44631290ee0b8a86935a158697cb2d510c233109fad6dfdebf3a30109e30a93f33ecf4479516961",
        "cb8b5dc775c579f7e2e673ed123bfd19beec43109c4f22b6abc414adf61db40e9ec2aed7b9591398d345826f79142324",
        "a1cd44f3eac1b37ce83f03084edec62dbf83ac2fe8c6a9a2250c1fe438fee926bf02304e6a0347f84cfe317c7beac336",
        "2d4e51fb7d096b4fbb3518498aec4b4a",
    );
    const P256_KEY: &str = concat!(
        "045b1c9115e634253c2edc563fbd2db5b74f243a42e443eb01ce2f3a89d7025de0517050d4be09e15fe94d44a7f2cbc5",
        "6b12fb27a2a68c642fef0d0dcb59ba0e42",
    );
    const P256_SHA256: &str = concat!(
        "30450221009ae8827f3b5d362fa742bc1a7868620259df9f46ded922c7065bc767eb914af702207133ef971e60780ba7",
        "29efe416092f0cfbbf26488d474d893d34ca0234cbf193",
    );
    const P256_SHA384: &str = concat!(
        "3045022100c5f6b7fb97da06ff559dba90fc0cc7f1c59d996b72fca05c9e0b05fafc12897d022022f43c0e063c7c9bce",
        "ec2477f5229256d9b84f2e17ff5b64c546d46d3a02ec2b",
    );
    const P256_SHA512: &str = concat!(
        "3045022100ac70ae2d5324ddeb1a105445e714a52f4df6b67894e48a92098456a245025a7902202b071bf167fc595977",
        "1861e96c70a64860de33f1c6326257e09397dd7709bbde",
    );
    const P384_KEY: &str = concat!(
        "04c230acc14ee9b40d918ba4e50640dcdb24751f1e93eb4aef7dba0c964bccab0491c05f417df920354b2faa97a1f219",
        "175c90cb4473c5e7f3d51c23a499fb7c7924cdd88bc1067e92fcf645c3025588f4fd8fd2ed9e8de3f854eea1465123e5",
        "99",
    );
    const P384_SHA256: &str = concat!(
        "3065023100bf3236736e5f8e02abd538e65d2d5ede806c185a27e45516961926c55bcf71a43ab29de5abca57044a14a0",
        "466226f94f02302e790bb68d7a0cb627d802b874b61b92e33ed52bfa9a3fe6f4f9df36bbf0b345fb196ba3ed89727c38",
        "75b944778a38a9",
    );
    const P384_SHA384: &str = concat!(
        "3066023100a568b96b4a5c3b6c0abd5538f6b0c6bbd4b6e243c00f5ac1f569e19716771e3e34e608e0f110855af03e15",
        "1e40eb82c3023100ef9687c13e49a2f7c1399227b1fff724a2bbbc5a86a62e0abc8dd4682d11b6ecc71f66eec7589fd9",
        "041e6c8f3787ce39",
    );
    const P384_SHA512: &str = concat!(
        "3065023100bb69b42d6748fd3f260fcf27d065b732216c16e18145239b7702506f7d73127aa25b9af2dd1cf441d2206e",
        "4e9c269a0b02301482be7549516a86d61223a8a094c923b4187a53f506d9dd3cfe013b27213e2169984597335389d06e",
        "1ad9e2c435ae0f",
    );
    const ED25519_KEY: &str = "19b4e6d325e1ae2c21ed3c9b4c96cc38dc628b00a436536637d08a51e8106362";
    const ED25519_SIG: &str = concat!(
        "b49cfb49dd6689bdff2a61a4e2d864b83381455a636e7dbd875ce1b3921d6b61553384ff86dcbb26f5c9bfa6aa81c684",
        "d3d06ba2a4ec12e180049979c066a60c",
    );

    fn unhex(hex: &str) -> Vec<u8> {
        (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex")).collect()
    }

    fn vectors() -> Vec<(&'static Signature, &'static str, &'static str)> {
        vec![
            (&ECDSA_P256_SHA256, P256_KEY, P256_SHA256),
            (&ECDSA_P256_SHA384, P256_KEY, P256_SHA384),
            (&ECDSA_P256_SHA512, P256_KEY, P256_SHA512),
            (&ECDSA_P384_SHA256, P384_KEY, P384_SHA256),
            (&ECDSA_P384_SHA384, P384_KEY, P384_SHA384),
            (&ECDSA_P384_SHA512, P384_KEY, P384_SHA512),
            (&ED25519, ED25519_KEY, ED25519_SIG),
            (&RSA_PKCS1_SHA256, RSA_KEY, RSA_PKCS1_SHA256_SIG),
            (&RSA_PKCS1_SHA384, RSA_KEY, RSA_PKCS1_SHA384_SIG),
            (&RSA_PKCS1_SHA512, RSA_KEY, RSA_PKCS1_SHA512_SIG),
            (&RSA_PSS_SHA256, RSA_KEY, RSA_PSS_SHA256_SIG),
            (&RSA_PSS_SHA384, RSA_KEY, RSA_PSS_SHA384_SIG),
            (&RSA_PSS_SHA512, RSA_KEY, RSA_PSS_SHA512_SIG),
        ]
    }

    #[test]
    fn each_algorithm_accepts_its_signature_and_nothing_else() {
        if !graviola::util::is_cpu_supported() {
            eprintln!("skipped: this CPU lacks what graviola needs");
            return;
        }
        let vectors = vectors();
        for (i, (algorithm, key, signature)) in vectors.iter().enumerate() {
            let (key, signature) = (unhex(key), unhex(signature));
            let name = format!("{:?}", algorithm.signature);
            assert!(algorithm.verify_signature(&key, MESSAGE, &signature).is_ok(), "{name}");
            assert!(algorithm.verify_signature(&key, b"signed by the test kez", &signature).is_err(), "{name}");
            let mut flipped = signature.clone();
            let last = flipped.len() - 1;
            flipped[last] ^= 1;
            assert!(algorithm.verify_signature(&key, MESSAGE, &flipped).is_err(), "{name}");
            assert!(algorithm.verify_signature(&key, MESSAGE, &[]).is_err(), "{name}");
            assert!(algorithm.verify_signature(&[], MESSAGE, &signature).is_err(), "{name}");
            // Every other vector's signature fails here: a different hash,
            // padding, curve or key type.
            for (j, (_, other_key, other_signature)) in vectors.iter().enumerate() {
                if i != j {
                    let (other_key, other_signature) = (unhex(other_key), unhex(other_signature));
                    assert!(
                        algorithm.verify_signature(&other_key, MESSAGE, &other_signature).is_err(),
                        "{name}, vector {j}"
                    );
                }
            }
        }
    }

    /// The algorithms as (key, signature) identifier pairs. Sorted: the
    /// identifiers match exactly, so the order means nothing.
    fn ids(all: &[&dyn SignatureVerificationAlgorithm]) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut ids: Vec<_> = all
            .iter()
            .map(|a| (a.public_key_alg_id().as_ref().to_vec(), a.signature_alg_id().as_ref().to_vec()))
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn every_signature_rustls_graviola_checks_is_checked_here() {
        let theirs = rustls_graviola::default_provider().signature_verification_algorithms;
        assert_eq!(ids(SIGNATURES.all), ids(theirs.all));
        assert_eq!(SIGNATURES.mapping.len(), theirs.mapping.len());
        for ((ours, our_algorithms), (their_scheme, their_algorithms)) in SIGNATURES.mapping.iter().zip(theirs.mapping)
        {
            assert_eq!(ours, their_scheme);
            // The order within a scheme does matter: TLS 1.3 uses the first.
            let first = |a: &[&dyn SignatureVerificationAlgorithm]| ids(&a[..1]);
            assert_eq!(first(our_algorithms), first(their_algorithms), "{ours:?}");
            assert_eq!(ids(our_algorithms), ids(their_algorithms), "{ours:?}");
        }
    }

    #[test]
    fn key_exchange_keeps_post_quantum_and_p256_and_no_key_loads() {
        let provider = provider();
        let groups: Vec<_> = provider.kx_groups.iter().map(|g| g.name()).collect();
        use rustls::NamedGroup;
        assert_eq!(groups, [NamedGroup::X25519MLKEM768, NamedGroup::X25519, NamedGroup::secp256r1]);
        assert_eq!(provider.cipher_suites.len(), rustls_graviola::suites::ALL_CIPHER_SUITES.len());
        let key = PrivateKeyDer::Pkcs8(b"not a key".to_vec().into());
        let Err(err) = provider.key_provider.load_private_key(key) else { panic!("a key was loaded") };
        assert!(err.to_string().contains("never presents a certificate"), "{err}");
    }
}
