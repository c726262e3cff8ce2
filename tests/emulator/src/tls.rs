//! TLS for the emulator (test double): a throw-away certificate authority generated at start,
//! a server certificate for `127.0.0.1` and `localhost` signed by it, and the rustls acceptor.
//!
//! The CA certificate is written twice into a private temporary folder (deleted on drop), so
//! tests can trust it the two ways a client does:
//!
//! - `ca.pem`, a PEM bundle, for `AWS_CA_BUNDLE` or `SSL_CERT_FILE`;
//! - `certs/`, a folder holding only that certificate, for `SSL_CERT_DIR` (rustls-native-certs
//!   and OpenSSL read every file in it).
//!
//! Keys never leave memory. The `ring` provider is used, matching awsso's client.

use std::path::PathBuf;
use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

/// A generated CA, its files, and an acceptor presenting a certificate it signed.
pub(crate) struct Tls {
    pub(crate) acceptor: TlsAcceptor,
    dir: tempfile::TempDir,
}

impl Tls {
    /// Generates the CA and the server certificate, writes the CA files.
    pub(crate) fn generate() -> std::io::Result<Tls> {
        let other =
            |e: rcgen::Error| std::io::Error::other(format!("generating certificates: {e}"));
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(other)?;
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "awsso-emulator test CA");
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().map_err(other)?)
            .map_err(other)?;

        let leaf_key = KeyPair::generate().map_err(other)?;
        let mut leaf_params =
            CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
                .map_err(other)?;
        leaf_params
            .distinguished_name
            .push(DnType::CommonName, "awsso-emulator");
        let leaf = leaf_params.signed_by(&leaf_key, &ca).map_err(other)?;

        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
        let config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(std::io::Error::other)?
            .with_no_client_auth()
            .with_single_cert(vec![leaf.der().clone(), ca.der().clone()], key)
            .map_err(std::io::Error::other)?;

        let dir = tempfile::Builder::new()
            .prefix("awsso-emulator-ca-")
            .tempdir()?;
        let pem = ca.pem();
        std::fs::write(dir.path().join("ca.pem"), &pem)?;
        std::fs::create_dir(dir.path().join("certs"))?;
        std::fs::write(dir.path().join("certs").join("awsso-emulator-ca.pem"), &pem)?;
        Ok(Tls {
            acceptor: TlsAcceptor::from(Arc::new(config)),
            dir,
        })
    }

    /// The CA as a PEM file.
    pub(crate) fn ca_file(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// A folder holding only the CA certificate.
    pub(crate) fn ca_dir(&self) -> PathBuf {
        self.dir.path().join("certs")
    }
}
