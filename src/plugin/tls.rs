//! AutoMTLS as go-plugin does it: a fresh server certificate per start, announced in the
//! handshake line, and Terraform's own client certificate required and pinned.
//!
//! Terraform's client certificate is a self-signed ECDSA P-521 certificate marked as a
//! CA. WebPKI path validation refuses a CA used as an end entity, so the certificate is
//! pinned instead: the client must present exactly the certificate Terraform announced in
//! `PLUGIN_CLIENT_CERT` and prove it holds the key.
//!
//! Two crypto libraries, each for what it does cheaply: ring makes the server key and runs
//! the session, since aws-lc seeds its random generator with CPU jitter on first use
//! (about 55 ms, which would delay the handshake line and the first call); aws-lc only
//! verifies the client's P-521 signature, which ring cannot and which needs no randomness.

use std::sync::Arc;

use base64::Engine;
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{ECDSA_P256_SHA256_ASN1_SIGNING, EcdsaKeyPair, KeyPair};
use rustls::client::danger::HandshakeSignatureValid;
use rustls::crypto::{
    CryptoProvider, WebPkiSupportedAlgorithms, verify_tls12_signature, verify_tls13_signature,
};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{
    CertificateError, DigitallySignedStruct, DistinguishedName, ServerConfig, SignatureScheme,
};

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("PLUGIN_CLIENT_CERT does not hold a PEM certificate: {0}")]
    ClientCert(String),
    #[error("could not create the plugin's TLS certificate: {0}")]
    ServerCert(String),
    #[error("could not set up TLS: {0}")]
    Config(#[from] rustls::Error),
}

/// The server side of the plugin's mutual TLS.
pub struct Tls {
    pub config: Arc<ServerConfig>,
    /// The server certificate as the handshake line carries it.
    pub cert_b64: String,
}

/// The session's crypto: key exchange, ciphers, signing and randomness.
pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The signatures a client certificate may carry, P-521 among them.
fn client_signature_algorithms() -> WebPkiSupportedAlgorithms {
    rustls::crypto::aws_lc_rs::default_provider().signature_verification_algorithms
}

/// Builds the server configuration that accepts only the client certificate in `client_cert_pem`.
pub fn server(client_cert_pem: &str) -> Result<Tls, TlsError> {
    let client_cert = CertificateDer::from_pem_slice(client_cert_pem.as_bytes())
        .map_err(|e| TlsError::ClientCert(e.to_string()))?;
    let (cert, key) = server_certificate()?;
    let verifier = Arc::new(PinnedClientCert {
        expected: client_cert,
        algorithms: client_signature_algorithms(),
    });
    let mut config = ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()?
        .with_client_cert_verifier(verifier)
        .with_single_cert(vec![cert.clone()], key)?;
    config.alpn_protocols = vec![b"h2".to_vec()];
    Ok(Tls {
        config: Arc::new(config),
        cert_b64: base64::engine::general_purpose::STANDARD_NO_PAD.encode(&cert),
    })
}

/// A self-signed certificate for `localhost`, the name Terraform checks.
fn server_certificate() -> Result<(CertificateDer<'static>, PrivateKeyDer<'static>), TlsError> {
    let error = |e: rcgen::Error| TlsError::ServerCert(e.to_string());
    let key = ServerKey::generate()?;
    let mut params = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).map_err(error)?;
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "localhost");
    params
        .distinguished_name
        .push(rcgen::DnType::OrganizationName, "HashiCorp");
    params.extended_key_usages = vec![
        rcgen::ExtendedKeyUsagePurpose::ServerAuth,
        rcgen::ExtendedKeyUsagePurpose::ClientAuth,
    ];
    params.key_usages = vec![
        rcgen::KeyUsagePurpose::DigitalSignature,
        rcgen::KeyUsagePurpose::KeyEncipherment,
    ];
    params.serial_number = Some(key.serial_number()?);
    let now = time::OffsetDateTime::now_utc();
    params.not_before = now - time::Duration::seconds(30);
    params.not_after = now + time::Duration::days(3650);
    let cert = params.self_signed(&key).map_err(error)?;
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.pkcs8));
    Ok((cert.der().clone(), key))
}

/// The server's P-256 key, made and used by ring.
struct ServerKey {
    pair: EcdsaKeyPair,
    pkcs8: Vec<u8>,
    random: SystemRandom,
}

impl ServerKey {
    fn generate() -> Result<ServerKey, TlsError> {
        let error = |e: &dyn std::fmt::Display| TlsError::ServerCert(e.to_string());
        let random = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &random)
            .map_err(|e| error(&e))?;
        let pair =
            EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, pkcs8.as_ref(), &random)
                .map_err(|e| error(&e))?;
        Ok(ServerKey {
            pair,
            pkcs8: pkcs8.as_ref().to_vec(),
            random,
        })
    }
}

impl ServerKey {
    /// A random, positive 16-byte serial number.
    fn serial_number(&self) -> Result<rcgen::SerialNumber, TlsError> {
        let mut serial = [0u8; 16];
        self.random
            .fill(&mut serial)
            .map_err(|e| TlsError::ServerCert(e.to_string()))?;
        serial[0] &= 0x7f;
        Ok(rcgen::SerialNumber::from_slice(&serial))
    }
}

impl rcgen::PublicKeyData for ServerKey {
    fn der_bytes(&self) -> &[u8] {
        self.pair.public_key().as_ref()
    }

    fn algorithm(&self) -> &'static rcgen::SignatureAlgorithm {
        &rcgen::PKCS_ECDSA_P256_SHA256
    }
}

impl rcgen::SigningKey for ServerKey {
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
        self.pair
            .sign(&self.random, message)
            .map(|signature| signature.as_ref().to_vec())
            .map_err(|_| rcgen::Error::RemoteKeyError)
    }
}

#[derive(Debug)]
struct PinnedClientCert {
    expected: CertificateDer<'static>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ClientCertVerifier for PinnedClientCert {
    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        // No hints: Go's client then offers its one certificate whatever its issuer.
        &[]
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        if end_entity.as_ref() == self.expected.as_ref() && intermediates.is_empty() {
            Ok(ClientCertVerified::assertion())
        } else {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::ApplicationVerificationFailure,
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}
