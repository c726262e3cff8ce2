//! The DPoP key and its proofs (RFC 9449, the subset the sign-in service uses).
//!
//! Pure apart from drawing a new key's random bytes. The key is a P-256 key created at login
//! and kept in the cache file for every refresh: the refresh token is bound to its thumbprint.
//! Each token request carries a fresh proof, a compact JWS:
//!
//! ```text
//! header  {"typ":"dpop+jwt","alg":"ES256","jwk":{"kty":"EC","crv":"P-256","x":…,"y":…}}
//! payload {"htm":"POST","htu":"https://us-east-1.signin.aws.amazon.com/v1/token","iat":…,"jti":…}
//! ```
//!
//! `htu` is the full request URL (scheme, host, an explicit port, path); `jti` a random UUID;
//! the signature is ECDSA P-256/SHA-256 as raw `r‖s` (64 bytes, not DER). No `nonce`, no
//! `ath`: the service asks for neither.
//!
//! The key is written as SEC1 PEM (`-----BEGIN EC PRIVATE KEY-----`, RFC 5915 with the public
//! key), the one form every SDK reads (the Rust SDK reads nothing else); PKCS#8 is accepted
//! when reading, as the AWS CLI and the JavaScript SDK accept it. The crypto is the RustCrypto
//! `p256` crate; only the JWS framing (two JSON objects and base64url) is written here.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use p256::elliptic_curve::sec1::ToEncodedPoint as _;
use p256::elliptic_curve::zeroize::Zeroizing;
use p256::pkcs8::DecodePrivateKey as _;

use crate::secret::Secret;

/// A DPoP private key. `Debug` shows nothing of it.
#[derive(Clone)]
pub(crate) struct DpopKey(p256::SecretKey);

impl std::fmt::Debug for DpopKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DpopKey(REDACTED)")
    }
}

/// The cache's `dpopKey` is not a P-256 private key in PEM.
#[derive(Debug, thiserror::Error)]
#[error("dpopKey is not a P-256 private key in PEM (SEC1 or PKCS#8)")]
pub(crate) struct BadKey;

impl DpopKey {
    /// A new random key (the OS random source).
    pub(crate) fn generate() -> Result<DpopKey, getrandom::Error> {
        loop {
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes)?;
            // A scalar of zero or above the group order is refused (probability ~2^-32).
            if let Ok(key) = p256::SecretKey::from_slice(&bytes) {
                return Ok(DpopKey(key));
            }
        }
    }

    /// Reads a PEM key: SEC1 (`EC PRIVATE KEY`) or PKCS#8 (`PRIVATE KEY`).
    pub(crate) fn from_pem(pem: &str) -> Result<DpopKey, BadKey> {
        let pem = pem.trim();
        p256::SecretKey::from_sec1_pem(pem)
            .or_else(|_| p256::SecretKey::from_pkcs8_pem(pem))
            .map(DpopKey)
            .map_err(|_| BadKey)
    }

    /// The key as SEC1 PEM (RFC 5915 `ECPrivateKey` with the named curve and the public key,
    /// as OpenSSL writes it), 64-character lines, a final newline. The curve parameter is
    /// what p256's own encoder leaves out and the CRT (botocore) and Node's crypto (the
    /// JavaScript SDK) need to load the key.
    pub(crate) fn to_sec1_pem(&self) -> Secret<String> {
        use p256::pkcs8::AssociatedOid as _;
        use sec1::der::Encode as _;
        use sec1::der::pem::PemLabel as _;
        let private = Zeroizing::new(self.0.to_bytes().to_vec());
        let public = self.0.public_key().to_encoded_point(false);
        let der = sec1::EcPrivateKey {
            private_key: &private,
            parameters: Some(sec1::EcParameters::NamedCurve(p256::NistP256::OID)),
            public_key: Some(public.as_bytes()),
        }
        .to_der()
        .map(Zeroizing::new)
        .expect("a valid P-256 key always encodes");
        let pem = sec1::der::pem::encode_string(
            sec1::EcPrivateKey::PEM_LABEL,
            sec1::LineEnding::LF,
            &der,
        )
        .expect("PEM-encoding bytes cannot fail");
        Secret::new(pem)
    }

    /// The public key's coordinates, base64url without padding (the JWK's `x` and `y`).
    pub(crate) fn jwk_coordinates(&self) -> (String, String) {
        let point = self.0.public_key().to_encoded_point(false);
        let x = point.x().map(|x| URL_SAFE_NO_PAD.encode(x));
        let y = point.y().map(|y| URL_SAFE_NO_PAD.encode(y));
        (
            x.expect("an uncompressed point has x"),
            y.expect("an uncompressed point has y"),
        )
    }

    /// A proof for one request: `method` to `url` (the full URL, as sent) at `iat` (unix
    /// seconds), with the unique id `jti`.
    pub(crate) fn proof(&self, method: &str, url: &str, iat: i64, jti: &str) -> String {
        let (x, y) = self.jwk_coordinates();
        let header = serde_json::json!({
            "typ": "dpop+jwt",
            "alg": "ES256",
            "jwk": {"kty": "EC", "crv": "P-256", "x": x, "y": y},
        });
        let payload = serde_json::json!({"htm": method, "htu": url, "iat": iat, "jti": jti});
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(payload.to_string())
        );
        let signature: Signature = SigningKey::from(&self.0).sign(signing_input.as_bytes());
        format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(signature.to_bytes())
        )
    }
}

/// A new random `jti` (a UUID v4).
pub(crate) fn new_jti() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::VerifyingKey;
    use p256::ecdsa::signature::Verifier as _;

    #[test]
    fn proofs_verify_with_the_embedded_key() {
        let key = DpopKey::generate().unwrap();
        let proof = key.proof(
            "POST",
            "http://127.0.0.1:18765/v1/token",
            1_700_000_000,
            "j-1",
        );
        let parts: Vec<&str> = proof.split('.').collect();
        assert_eq!(parts.len(), 3);
        let header: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
        let payload: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        assert_eq!(header["typ"], "dpop+jwt");
        assert_eq!(header["alg"], "ES256");
        assert_eq!(payload["htu"], "http://127.0.0.1:18765/v1/token");
        assert_eq!(payload["htm"], "POST");
        assert_eq!(payload["iat"], 1_700_000_000);
        let x = URL_SAFE_NO_PAD
            .decode(header["jwk"]["x"].as_str().unwrap())
            .unwrap();
        let y = URL_SAFE_NO_PAD
            .decode(header["jwk"]["y"].as_str().unwrap())
            .unwrap();
        let point = p256::EncodedPoint::from_affine_coordinates(
            x.as_slice().into(),
            y.as_slice().into(),
            false,
        );
        let verifying = VerifyingKey::from_encoded_point(&point).unwrap();
        let sig_bytes = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
        assert_eq!(sig_bytes.len(), 64, "raw r||s, not DER");
        let sig = Signature::from_slice(&sig_bytes).unwrap();
        let input = format!("{}.{}", parts[0], parts[1]);
        verifying.verify(input.as_bytes(), &sig).unwrap();
    }

    #[test]
    fn keys_are_written_as_sec1_and_read_back() {
        let key = DpopKey::generate().unwrap();
        let pem = key.to_sec1_pem();
        let pem = pem.expose();
        assert!(pem.starts_with("-----BEGIN EC PRIVATE KEY-----\n"), "{pem}");
        assert!(pem.ends_with("-----END EC PRIVATE KEY-----\n"));
        assert!(pem.lines().all(|l| l.len() <= 64));
        // RFC 5915 with the named curve (prime256v1) and the public key, as OpenSSL writes it.
        let der = base64::engine::general_purpose::STANDARD
            .decode(
                pem.lines()
                    .filter(|l| !l.starts_with("-----"))
                    .collect::<String>(),
            )
            .unwrap();
        let parsed = <sec1::EcPrivateKey as sec1::der::Decode>::from_der(&der).unwrap();
        assert_eq!(
            parsed
                .parameters
                .and_then(|p| p.named_curve())
                .map(|o| o.to_string())
                .as_deref(),
            Some("1.2.840.10045.3.1.7")
        );
        assert!(parsed.public_key.is_some());
        let back = DpopKey::from_pem(pem).unwrap();
        assert_eq!(back.jwk_coordinates(), key.jwk_coordinates());
        assert!(
            DpopKey::from_pem(
                "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n"
            )
            .is_err()
        );
    }

    #[test]
    fn pkcs8_keys_are_accepted() {
        use p256::pkcs8::EncodePrivateKey as _;
        let key = DpopKey::generate().unwrap();
        let pkcs8 = key.0.to_pkcs8_pem(p256::pkcs8::LineEnding::LF).unwrap();
        let back = DpopKey::from_pem(&pkcs8).unwrap();
        assert_eq!(back.jwk_coordinates(), key.jwk_coordinates());
    }

    #[test]
    fn jtis_are_uuids() {
        let a = new_jti();
        assert_eq!(a.len(), 36);
        assert_ne!(a, new_jti());
    }
}
