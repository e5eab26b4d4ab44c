//! Amazon Glacier's request checksums: the SHA-256 of the body
//! (`x-amz-content-sha256`) and its SHA-256 tree hash
//! (`x-amz-sha256-tree-hash`).

use super::sha256::{Sha256, hex, sha256};

/// The size of the pieces a tree hash starts from.
const CHUNK_LEN: usize = 1 << 20;

/// The hex SHA-256 of `body` and its hex SHA-256 tree hash.
///
/// The tree hash is Glacier's: hash each 1 MiB piece of the body (the last
/// may be shorter), then hash each pair of adjacent hashes, concatenated,
/// until one is left; a hash without a partner moves up a level unchanged. A
/// body of at most 1 MiB, the empty one included, has its SHA-256 as tree
/// hash.
///
/// ```
/// use smithy_client_runtime::rt::glacier::tree_hash;
///
/// let (linear, tree) = tree_hash(b"hello world");
/// assert_eq!(linear, "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
/// assert_eq!(tree, linear);
/// ```
pub fn tree_hash(body: &[u8]) -> (String, String) {
    let linear = sha256(body);
    let mut level: Vec<[u8; 32]> = body.chunks(CHUNK_LEN).map(sha256).collect();
    while level.len() > 1 {
        level = level.chunks(2).filter_map(|pair| pair.iter().copied().reduce(|a, b| hash_pair(&a, &b))).collect();
    }
    let tree = level.first().copied().unwrap_or(linear);
    (hex(&linear), hex(&tree))
}

fn hash_pair(left: &[u8; 32], right: &[u8; 32]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(left);
    hasher.update(right);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: usize = 1 << 20;

    fn body(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i % 251) as u8).collect()
    }

    /// Computed independently with Python's `hashlib` for the bodies of
    /// [`body`]: (length, SHA-256, tree hash).
    const REFERENCE: [(usize, &str, &str); 7] = [
        (
            0,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ),
        (
            1,
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        ),
        (
            MIB,
            "631b84027d6b9e52b539c4e8373622d23032dfadc64d60af87339c9037e4f769",
            "631b84027d6b9e52b539c4e8373622d23032dfadc64d60af87339c9037e4f769",
        ),
        (
            MIB + 1,
            "5769f52bc3eef28afa39c6fc68cadb7d0bd69812ae3a3d71452f519ec3c7aa56",
            "a9c574ce937d2371daf87cdd0e75396b096d7f74a66c764e4c656bd12b2e7bf9",
        ),
        (
            2 * MIB,
            "1e075c8d478ad21844e33e830a695ef03a4d2488b69ee275bd8947618bb1be1e",
            "bf4dff263ae686b64403208c35a3767e38453d6477e841947588d13d04e1d816",
        ),
        (
            3 * MIB + MIB / 2,
            "a8cd3d19bbc147bbaaf8176c6d62f1f9e68e01c2a08ba269dee55b3ce3ae8a5f",
            "390f48176c50ae5a31f92724791e509d8f66d26ba3305714d153f6d01be83289",
        ),
        (
            4 * MIB + MIB / 2,
            "c6f26b6ccf14ed55f328141594298851d1662116382992ecaef4d5fbf73fbbe7",
            "e5dda99a080ab53548cc01e8c45b7ac8c5f497282b2f7e697e610ffe8c0696d8",
        ),
    ];

    #[test]
    fn tree_hashes_match_an_independent_computation() {
        for (len, linear, tree) in REFERENCE {
            let (got_linear, got_tree) = tree_hash(&body(len));
            assert_eq!(got_linear, linear, "SHA-256 of {len} bytes");
            assert_eq!(got_tree, tree, "tree hash of {len} bytes");
        }
    }

    #[test]
    fn an_odd_hash_moves_up_unchanged() {
        // Five pieces: ((h0 h1) (h2 h3)) h4.
        let data = body(4 * MIB + 10);
        let h: Vec<[u8; 32]> = data.chunks(MIB).map(sha256).collect();
        let root = hash_pair(&hash_pair(&hash_pair(&h[0], &h[1]), &hash_pair(&h[2], &h[3])), &h[4]);
        assert_eq!(tree_hash(&data).1, hex(&root));
    }
}
