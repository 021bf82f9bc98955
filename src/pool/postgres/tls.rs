//! TLS to the database: rustls, with the server's certificate verified against the file that
//! `PGSSLROOTCERT` names (as libpq reads it) or, without it, the system's certificate store.
//! Whether TLS is used at all is the URL's `sslmode`: `disable`, `prefer` (the default: when
//! the server offers it) or `require`.

use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use rustls::RootCertStore;
use tokio_postgres_rustls::MakeRustlsConnect;

/// The environment variable naming the CA certificates (PEM) the server's must chain to.
pub(crate) const ROOT_CERT_VARIABLE: &str = "PGSSLROOTCERT";

/// The connector for every connection of a store.
pub(crate) fn connector() -> Result<MakeRustlsConnect, String> {
    let roots = root_certificates(std::env::var_os(ROOT_CERT_VARIABLE).as_deref())?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

/// The certificates of the PEM file `file`, or of the system's store without one.
fn root_certificates(file: Option<&std::ffi::OsStr>) -> Result<RootCertStore, String> {
    let mut roots = RootCertStore::empty();
    match file {
        Some(path) => {
            let shown = std::path::Path::new(path).display().to_string();
            for cert in CertificateDer::pem_file_iter(path)
                .map_err(|e| format!("{ROOT_CERT_VARIABLE}={shown}: {e}"))?
            {
                let cert = cert.map_err(|e| format!("{ROOT_CERT_VARIABLE}={shown}: {e}"))?;
                roots
                    .add(cert)
                    .map_err(|e| format!("{ROOT_CERT_VARIABLE}={shown}: {e}"))?;
            }
            if roots.is_empty() {
                return Err(format!("{ROOT_CERT_VARIABLE}={shown} holds no certificate"));
            }
        }
        None => {
            // Unreadable entries of the system store are skipped, as every TLS client does.
            for cert in rustls_native_certs::load_native_certs().certs {
                let _ = roots.add(cert);
            }
        }
    }
    Ok(roots)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A throwaway CA certificate (no key anywhere), made by scripts/postgres_throwaway.sh.
    const CA: &str = include_str!("test_ca.pem");

    #[test]
    fn a_root_certificate_file_is_read_and_a_bad_one_named() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("ca.pem");
        std::fs::write(&good, CA).unwrap();
        assert_eq!(root_certificates(Some(good.as_os_str())).unwrap().len(), 1);
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        let err = root_certificates(Some(empty.as_os_str())).unwrap_err();
        assert!(
            err.contains("PGSSLROOTCERT") && err.contains("empty.pem"),
            "{err}"
        );
        let missing = dir.path().join("missing.pem");
        let err = root_certificates(Some(missing.as_os_str())).unwrap_err();
        assert!(err.contains("missing.pem"), "{err}");
        assert!(connector().is_ok());
    }
}
