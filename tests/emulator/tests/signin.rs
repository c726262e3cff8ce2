//! The emulator's sign-in endpoints refuse what the real service refuses: DPoP proofs that do
//! not verify or do not match the request, replayed proofs, refresh tokens used twice or with
//! another key, and PKCE verifiers that do not match.

#![allow(clippy::unwrap_used)]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use p256::elliptic_curve::sec1::ToEncodedPoint as _;
use serde_json::{Value, json};
use std::io::{Read as _, Write as _};

use awsso_emulator::{Config, Emulator, SAME_DEVICE};

fn now() -> i64 {
    i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap()
}

/// A proof for `htu` signed by `signer`, carrying `shown`'s public key.
fn proof(
    shown: &p256::SecretKey,
    signer: &p256::SecretKey,
    htu: &str,
    iat: i64,
    jti: &str,
) -> String {
    let point = shown.public_key().to_encoded_point(false);
    let header = json!({"typ": "dpop+jwt", "alg": "ES256", "jwk": {
        "kty": "EC", "crv": "P-256",
        "x": URL_SAFE_NO_PAD.encode(point.x().unwrap()),
        "y": URL_SAFE_NO_PAD.encode(point.y().unwrap()),
    }});
    let payload = json!({"htm": "POST", "htu": htu, "iat": iat, "jti": jti});
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string())
    );
    let sig: Signature = SigningKey::from(signer).sign(input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig.to_bytes()))
}

/// `method path` on the emulator with `headers` and `body`: status, headers and body.
fn request(
    emu: &Emulator,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String, String) {
    let host = emu.url().trim_start_matches("http://").to_owned();
    let mut stream = std::net::TcpStream::connect(&host).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    let status = text[9..12].parse().unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    (status, head.to_owned(), body.to_owned())
}

fn token(emu: &Emulator, dpop: &str, body: &Value) -> (u16, Value) {
    let (status, _, body) = request(
        emu,
        "POST",
        "/v1/token",
        &[("Content-Type", "application/json"), ("DPoP", dpop)],
        &body.to_string(),
    );
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

fn seeded(emu: &Emulator) -> (p256::SecretKey, String) {
    let doc: Value = serde_json::from_str(&emu.seed_login_session(60, None)).unwrap();
    let key = p256::SecretKey::from_sec1_pem(doc["dpopKey"].as_str().unwrap()).unwrap();
    (key, doc["refreshToken"].as_str().unwrap().to_owned())
}

fn refresh_body(token: &str) -> Value {
    json!({"clientId": SAME_DEVICE, "grantType": "refresh_token", "refreshToken": token})
}

#[test]
fn refresh_tokens_rotate_and_a_used_one_is_refused() {
    let emu = Emulator::start(Config::default());
    let (key, refresh) = seeded(&emu);
    let htu = format!("{}/v1/token", emu.url());
    let (status, answer) = token(
        &emu,
        &proof(&key, &key, &htu, now(), "a"),
        &refresh_body(&refresh),
    );
    assert_eq!(status, 200, "{answer}");
    let next = answer["refreshToken"].as_str().unwrap();
    assert_ne!(next, refresh);
    assert_eq!(answer["expiresIn"], 900);
    let (status, answer) = token(
        &emu,
        &proof(&key, &key, &htu, now(), "b"),
        &refresh_body(&refresh),
    );
    assert_eq!(status, 400);
    assert_eq!(answer["error"], "INVALID_REQUEST");
    let (status, _) = token(
        &emu,
        &proof(&key, &key, &htu, now(), "c"),
        &refresh_body(next),
    );
    assert_eq!(status, 200);
    assert_eq!(emu.signin_refreshes(), 2);
}

#[test]
fn proofs_that_do_not_match_the_request_or_the_key_are_refused() {
    let emu = Emulator::start(Config::default());
    let (key, refresh) = seeded(&emu);
    let other = p256::SecretKey::from_slice(&[9u8; 32]).unwrap();
    let htu = format!("{}/v1/token", emu.url());
    let wrong_port = htu.replace("127.0.0.1:", "127.0.0.1:1");
    for (dpop, why) in [
        (proof(&key, &other, &htu, now(), "1"), "does not verify"),
        (
            proof(&key, &key, &wrong_port, now(), "2"),
            "is not the URL requested",
        ),
        (proof(&key, &key, &htu, now() - 600, "3"), "iat"),
        (
            proof(&other, &other, &htu, now(), "4"),
            "not the one the token is bound to",
        ),
        ("a.b".to_owned(), "compact JWS"),
    ] {
        let (status, answer) = token(&emu, &dpop, &refresh_body(&refresh));
        assert_eq!(status, 400, "{why}: {answer}");
        assert_eq!(answer["error"], "INVALID_REQUEST");
        assert!(
            answer["message"].as_str().unwrap().contains(why),
            "{why}: {answer}"
        );
    }
    // A replayed proof (same jti) is refused even though it was fine the first time.
    let good = proof(&key, &key, &htu, now(), "5");
    assert_eq!(token(&emu, &good, &refresh_body(&refresh)).0, 200);
    let (status, answer) = token(&emu, &good, &refresh_body(&refresh));
    assert_eq!(status, 400);
    assert!(
        answer["message"].as_str().unwrap().contains("replayed"),
        "{answer}"
    );
    assert_eq!(emu.signin_refreshes(), 1);
}

#[test]
fn authorization_codes_need_sha_256_pkce_and_the_same_redirect() {
    let emu = Emulator::start(Config::default());
    let key = p256::SecretKey::from_slice(&[5u8; 32]).unwrap();
    let verifier = "v".repeat(64);
    let challenge =
        URL_SAFE_NO_PAD.encode(<sha2::Sha256 as sha2::Digest>::digest(verifier.as_bytes()));
    let redirect = "http://127.0.0.1:9/oauth/callback";
    let authorize = |method: &str| {
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("response_type", "code")
            .append_pair("client_id", SAME_DEVICE)
            .append_pair("state", "s-1")
            .append_pair("code_challenge_method", method)
            .append_pair("scope", "openid")
            .append_pair("redirect_uri", redirect)
            .append_pair("code_challenge", &challenge)
            .finish();
        request(&emu, "GET", &format!("/v1/authorize?{query}"), &[], "")
    };
    assert_eq!(authorize("S256").0, 400, "the method is spelled SHA-256");
    let (status, head, _) = authorize("SHA-256");
    assert_eq!(status, 302);
    let location = head
        .lines()
        .find_map(|l| l.strip_prefix("location: "))
        .unwrap();
    assert!(location.starts_with(redirect), "{location}");
    let query = location.split_once('?').unwrap().1;
    let params: std::collections::HashMap<String, String> =
        form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
    assert_eq!(params["state"], "s-1");
    let htu = format!("{}/v1/token", emu.url());
    let grant = |verifier: &str, redirect: &str| {
        json!({"clientId": SAME_DEVICE, "grantType": "authorization_code", "code": params["code"],
               "codeVerifier": verifier, "redirectUri": redirect})
    };
    let (status, answer) = token(
        &emu,
        &proof(&key, &key, &htu, now(), "p1"),
        &grant(&"w".repeat(64), redirect),
    );
    assert_eq!(status, 400, "{answer}");
    // The code was spent by the failed attempt, as single-use codes are.
    let (status, _) = token(
        &emu,
        &proof(&key, &key, &htu, now(), "p2"),
        &grant(&verifier, redirect),
    );
    assert_eq!(status, 400);
    assert_eq!(emu.signin_logins(), 0);
}
