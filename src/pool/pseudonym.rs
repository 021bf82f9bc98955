//! Pseudonymous candidate ids for blind pools: a file's name often is the person's name, so
//! a blind pool names each candidate `candidate-` and 16 hex digits of a hash of the file's id
//! keyed with a secret of the pool. The same file always gets the same pseudonym (an unchanged
//! file is still recognised). A reviewer who sees only rankings cannot tell whose it is; the
//! secret is kept with the pool (so whoever can read the pool's files can too), and
//! `rolematch pool reveal` maps files back to pseudonyms and records that it did.

use std::fmt;

use super::PoolError;

/// What every pseudonym starts with.
pub const PREFIX: &str = "candidate-";

/// The secret of one blind pool that keys its pseudonyms.
#[derive(Clone, PartialEq, Eq)]
pub struct PseudonymKey([u8; 32]);

impl fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PseudonymKey(..)")
    }
}

impl PseudonymKey {
    /// A new random key.
    pub fn random() -> Result<PseudonymKey, PoolError> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|e| PoolError::NoRandomness(e.to_string()))?;
        Ok(PseudonymKey(key))
    }

    /// The key written as 64 hex digits, as the stores keep it.
    pub(crate) fn to_hex(&self) -> String {
        blake3::Hash::from_bytes(self.0).to_hex().to_string()
    }

    /// The key from its 64 hex digits.
    pub(crate) fn from_hex(text: &str) -> Option<PseudonymKey> {
        blake3::Hash::from_hex(text.trim())
            .ok()
            .map(|hash| PseudonymKey(*hash.as_bytes()))
    }

    /// The pseudonym of the candidate whose file id is `id`.
    pub fn pseudonym(&self, id: &str) -> String {
        let hash = blake3::keyed_hash(&self.0, id.as_bytes()).to_hex();
        format!("{PREFIX}{}", &hash.as_str()[..16])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pseudonym_is_stable_for_a_key_and_tells_nothing_of_the_name() {
        let key = PseudonymKey::random().unwrap();
        let again = PseudonymKey::from_hex(&key.to_hex()).unwrap();
        let name = "priya-sharma.pdf";
        let pseudonym = key.pseudonym(name);
        assert_eq!(pseudonym, again.pseudonym(name));
        assert!(pseudonym.starts_with(PREFIX) && pseudonym.len() == PREFIX.len() + 16);
        assert!(!pseudonym.contains("priya"));
        assert_ne!(pseudonym, key.pseudonym("priya-sharma.docx"));
        let other = PseudonymKey::random().unwrap();
        assert_ne!(pseudonym, other.pseudonym(name));
        assert_eq!(format!("{key:?}"), "PseudonymKey(..)");
        assert!(PseudonymKey::from_hex("not hex").is_none());
    }
}
