//! The AWS console, signed in as a role: the federation sign-in URL and the Identity Center
//! portal shortcut link.
//!
//! Pure URL building ([`partition`], [`destination_url`], [`validate_duration`],
//! [`session_json`], [`login_url`], [`shortcut_url`]) and one I/O call ([`signin_token`]),
//! through the same trust roots and proxy rules as the SDK clients.
//! Does not own printing or opening the URL (`cmd/console.rs`).
//!
//! The federation flow (the sign-in endpoint of the region's partition):
//!
//! ```text
//! POST https://<signin>/federation
//!      Action=getSigninToken&SessionDuration=3600
//!      &Session={"sessionId":AKID,"sessionKey":SECRET,"sessionToken":TOKEN}   (form-encoded)
//! → {"SigninToken":"…"}
//! https://<signin>/federation?Action=login&Issuer=<start url>&Destination=<console url>
//!      &SigninToken=…
//! ```
//!
//! The credentials travel in a POST body, never in a URL. The login URL is a bearer secret for
//! 15 minutes: whoever opens it is signed in, so it is held in a [`Secret`] and never logged.
//! `AWS_ENDPOINT_URL_SIGNIN` replaces the sign-in endpoint (private setups, tests).
//!
//! The portal shortcut link, `<start url>/#/console?account_id=…&role_name=…[&destination=…]`,
//! needs no federation call, asks Identity Center itself to sign in, and joins the console's
//! multi-session mode (federation sign-ins replace the current console session).

use std::time::Duration;

use crate::env::Env;
use crate::secret::Secret;
use crate::sso::role_cache::RoleCredentials;

/// The shortest console session `SessionDuration` allows (15 minutes).
pub(crate) const MIN_DURATION: Duration = Duration::from_secs(900);
/// The longest console session `SessionDuration` allows (12 hours).
pub(crate) const MAX_DURATION: Duration = Duration::from_secs(43_200);

/// How long the getSigninToken call may take.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);

/// What can go wrong.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ConsoleError {
    /// `--duration` outside 900–43200 seconds.
    #[error(
        "the console session duration must be between 15m and 12h (900 to 43200 seconds), not {0}s"
    )]
    Duration(u64),
    /// The destination is neither an https URL nor a service name.
    #[error("'{0}' is not a console URL (https://…) or a service name (e.g. s3, ec2)")]
    Destination(String),
    /// The sign-in endpoint is not an http(s) URL.
    #[error("the sign-in endpoint '{0}' is not an http(s) URL")]
    Endpoint(String),
    /// The getSigninToken call failed on the network.
    #[error("cannot reach the sign-in endpoint {endpoint}: {message}")]
    Network {
        /// The endpoint.
        endpoint: String,
        /// What failed.
        message: String,
    },
    /// The sign-in endpoint refused.
    #[error("the sign-in endpoint {endpoint} answered HTTP {status}{detail}")]
    Refused {
        /// The endpoint.
        endpoint: String,
        /// The status.
        status: u16,
        /// A short excerpt of the answer, escaped.
        detail: String,
    },
    /// The answer had no `SigninToken`.
    #[error("the sign-in endpoint {0} answered without a SigninToken")]
    NoToken(String),
}

/// The sign-in and console hosts of a partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Partition {
    /// The partition's id (`aws`, `aws-cn`, `aws-us-gov`, `aws-eusc`).
    pub id: &'static str,
    /// The sign-in endpoint, `https://…` without a trailing slash.
    pub signin: String,
    /// The console's base URL, ending with `/`.
    pub console: String,
}

/// The partition of `region` (default `us-east-1`) and its sign-in and console URLs (pure).
pub(crate) fn partition(region: Option<&str>) -> Partition {
    let region = region.filter(|r| !r.is_empty()).unwrap_or("us-east-1");
    if region.starts_with("cn-") {
        Partition {
            id: "aws-cn",
            signin: "https://signin.amazonaws.cn".to_owned(),
            console: "https://console.amazonaws.cn/".to_owned(),
        }
    } else if region.starts_with("us-gov-") {
        let signin = if region == "us-gov-west-1" {
            "https://signin.amazonaws-us-gov.com".to_owned()
        } else {
            format!("https://{region}.signin.amazonaws-us-gov.com")
        };
        Partition {
            id: "aws-us-gov",
            signin,
            console: "https://console.amazonaws-us-gov.com/".to_owned(),
        }
    } else if region.starts_with("eusc-") {
        Partition {
            id: "aws-eusc",
            signin: "https://signin.amazonaws-eusc.eu".to_owned(),
            console: "https://console.amazonaws-eusc.eu/".to_owned(),
        }
    } else if region == "us-east-1" {
        Partition {
            id: "aws",
            signin: "https://signin.aws.amazon.com".to_owned(),
            console: "https://console.aws.amazon.com/".to_owned(),
        }
    } else {
        Partition {
            id: "aws",
            signin: format!("https://{region}.signin.aws.amazon.com"),
            console: format!("https://{region}.console.aws.amazon.com/"),
        }
    }
}

/// The sign-in endpoint: `AWS_ENDPOINT_URL_SIGNIN` (or `AWS_ENDPOINT_URL`) when set, else the
/// partition's.
pub(crate) fn signin_endpoint(env: &Env, partition: &Partition) -> String {
    env.signin_endpoint()
        .map(|e| e.trim_end_matches('/').to_owned())
        .unwrap_or_else(|| partition.signin.clone())
}

/// The console URL to land on: an `https://` URL as given, a service name (`s3`, `ec2`,
/// `cloudformation`) as its console page in `region`, or the console home (pure).
pub(crate) fn destination_url(
    destination: Option<&str>,
    partition: &Partition,
    region: Option<&str>,
) -> Result<String, ConsoleError> {
    let region_query = region
        .filter(|r| !r.is_empty())
        .map(|r| format!("?region={}", encode(r)))
        .unwrap_or_default();
    match destination.map(str::trim) {
        None | Some("") => Ok(format!("{}console/home{region_query}", partition.console)),
        Some(url) if url.starts_with("https://") => Ok(url.to_owned()),
        Some(service)
            if service
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
        {
            Ok(format!(
                "{}{}/home{region_query}",
                partition.console,
                service.to_ascii_lowercase()
            ))
        }
        Some(other) => Err(ConsoleError::Destination(other.to_owned())),
    }
}

/// Checks a console session duration: 15 minutes to 12 hours (pure).
pub(crate) fn validate_duration(duration: Duration) -> Result<u64, ConsoleError> {
    if (MIN_DURATION..=MAX_DURATION).contains(&duration) {
        Ok(duration.as_secs())
    } else {
        Err(ConsoleError::Duration(duration.as_secs()))
    }
}

/// The `Session` parameter of getSigninToken (pure; a secret).
pub(crate) fn session_json(creds: &RoleCredentials) -> Secret<String> {
    Secret::new(
        serde_json::json!({
            "sessionId": creds.access_key_id,
            "sessionKey": creds.secret_access_key.expose(),
            "sessionToken": creds.session_token.expose(),
        })
        .to_string(),
    )
}

/// The form body of getSigninToken (pure; a secret).
pub(crate) fn signin_token_body(creds: &RoleCredentials, duration_secs: u64) -> Secret<String> {
    Secret::new(
        form_urlencoded::Serializer::new(String::new())
            .append_pair("Action", "getSigninToken")
            .append_pair("SessionDuration", &duration_secs.to_string())
            .append_pair("Session", session_json(creds).expose())
            .finish(),
    )
}

/// The sign-in URL that opens `destination` (pure; a bearer secret).
pub(crate) fn login_url(
    endpoint: &str,
    issuer: &str,
    destination: &str,
    signin_token: &Secret<String>,
) -> Secret<String> {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("Action", "login")
        .append_pair("Issuer", issuer)
        .append_pair("Destination", destination)
        .append_pair("SigninToken", signin_token.expose())
        .finish();
    Secret::new(format!("{endpoint}/federation?{query}"))
}

/// The Identity Center portal's shortcut link to the console as a role (pure; not secret: the
/// portal asks for its own sign-in).
pub(crate) fn shortcut_url(
    start_url: &str,
    account_id: &str,
    role_name: &str,
    destination: Option<&str>,
) -> String {
    let base = start_url
        .split('#')
        .next()
        .unwrap_or(start_url)
        .trim_end_matches('/');
    let mut query = form_urlencoded::Serializer::new(String::new());
    query
        .append_pair("account_id", account_id)
        .append_pair("role_name", role_name);
    if let Some(d) = destination.filter(|d| !d.is_empty()) {
        query.append_pair("destination", d);
    }
    format!("{base}/#/console?{}", query.finish())
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Calls getSigninToken at `endpoint` with `creds` (I/O, on a runtime of its own).
///
/// POSTs the form, and only POSTs it: the credentials stay out of URLs, server and proxy logs.
/// The federation endpoint accepts the POST (as aws-sso-util uses it); an answer that is not
/// 2xx, a 405 included, is reported as it is, never retried as a GET with the secret key in
/// the query string. The answer is capped like every other ([`crate::sso::client`]), and the
/// call gets the command's network budget when it has one, else [`CALL_TIMEOUT`].
pub(crate) fn signin_token(
    env: &Env,
    endpoint: &str,
    creds: &RoleCredentials,
    duration_secs: u64,
) -> Result<Secret<String>, ConsoleError> {
    if !(endpoint.starts_with("https://") || endpoint.starts_with("http://")) {
        return Err(ConsoleError::Endpoint(endpoint.to_owned()));
    }
    let network = |message: String| ConsoleError::Network {
        endpoint: endpoint.to_owned(),
        message,
    };
    let params = signin_token_body(creds, duration_secs);
    let connector = crate::sso::client::Clients::connector(env, endpoint).map_err(network)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| network(e.to_string()))?;
    let timeout = match crate::sso::client::network_budget(env) {
        Ok(budget) => budget.map_or(CALL_TIMEOUT, |b| b.min(CALL_TIMEOUT)),
        Err(e) => return Err(network(e)),
    };
    let answer = rt.block_on(call(&connector, endpoint, &params, timeout));
    rt.shutdown_background();
    let (status, bytes) = answer?;
    if !(200..300).contains(&status) {
        let excerpt: String = String::from_utf8_lossy(&bytes)
            .chars()
            .take(200)
            .flat_map(char::escape_default)
            .collect();
        return Err(ConsoleError::Refused {
            endpoint: endpoint.to_owned(),
            status,
            detail: if excerpt.is_empty() {
                String::new()
            } else {
                format!(": {excerpt}")
            },
        });
    }
    serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|v| v.get("SigninToken")?.as_str().map(str::to_owned))
        .filter(|t| !t.is_empty())
        .map(Secret::new)
        .ok_or_else(|| ConsoleError::NoToken(endpoint.to_owned()))
}

/// One getSigninToken request (`params` form-encoded in a POST body); returns the status and
/// the body.
async fn call(
    connector: &aws_smithy_runtime_api::client::http::SharedHttpConnector,
    endpoint: &str,
    params: &Secret<String>,
    timeout: Duration,
) -> Result<(u16, Vec<u8>), ConsoleError> {
    let network = |message: String| ConsoleError::Network {
        endpoint: endpoint.to_owned(),
        message,
    };
    let body = aws_smithy_types::body::SdkBody::from(params.expose().as_str());
    let mut request = aws_smithy_runtime_api::http::Request::new(body);
    request
        .set_method("POST")
        .map_err(|e| network(e.to_string()))?;
    request
        .set_uri(format!("{endpoint}/federation"))
        .map_err(|_| network("the endpoint is not a valid URL".to_owned()))?;
    request
        .headers_mut()
        .insert("content-type", "application/x-www-form-urlencoded");
    crate::sso::client::exchange(connector, request, timeout)
        .await
        .map_err(network)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sso::timestamp::Timestamp;

    fn creds() -> RoleCredentials {
        RoleCredentials {
            access_key_id: "ASIAEXAMPLE".to_owned(),
            secret_access_key: Secret::new("s3cr+t/=".to_owned()),
            session_token: Secret::new("tok&en=1".to_owned()),
            expiration: Timestamp::from_unix(2_000_000_000).unwrap(),
        }
    }

    fn query(url: &str) -> Vec<(String, String)> {
        let q = url.split_once('?').unwrap().1;
        form_urlencoded::parse(q.as_bytes()).into_owned().collect()
    }

    #[test]
    fn sign_in_hosts_per_partition() {
        let cases = [
            (
                None,
                "https://signin.aws.amazon.com",
                "https://console.aws.amazon.com/",
            ),
            (
                Some("us-east-1"),
                "https://signin.aws.amazon.com",
                "https://console.aws.amazon.com/",
            ),
            (
                Some("eu-west-1"),
                "https://eu-west-1.signin.aws.amazon.com",
                "https://eu-west-1.console.aws.amazon.com/",
            ),
            (
                Some("cn-north-1"),
                "https://signin.amazonaws.cn",
                "https://console.amazonaws.cn/",
            ),
            (
                Some("us-gov-west-1"),
                "https://signin.amazonaws-us-gov.com",
                "https://console.amazonaws-us-gov.com/",
            ),
            (
                Some("us-gov-east-1"),
                "https://us-gov-east-1.signin.amazonaws-us-gov.com",
                "https://console.amazonaws-us-gov.com/",
            ),
            (
                Some("eusc-de-east-1"),
                "https://signin.amazonaws-eusc.eu",
                "https://console.amazonaws-eusc.eu/",
            ),
        ];
        for (region, signin, console) in cases {
            let p = partition(region);
            assert_eq!(
                (p.signin.as_str(), p.console.as_str()),
                (signin, console),
                "{region:?}"
            );
        }
    }

    #[test]
    fn the_endpoint_variable_wins() {
        let env = Env::from_lookup(|k| {
            (k == "AWS_ENDPOINT_URL_SIGNIN").then(|| "http://127.0.0.1:9/".into())
        });
        assert_eq!(
            signin_endpoint(&env, &partition(None)),
            "http://127.0.0.1:9"
        );
        assert_eq!(
            signin_endpoint(&Env::default(), &partition(Some("cn-north-1"))),
            "https://signin.amazonaws.cn"
        );
    }

    #[test]
    fn destinations() {
        let p = partition(Some("eu-west-1"));
        assert_eq!(
            destination_url(None, &p, Some("eu-west-1")).unwrap(),
            "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1"
        );
        assert_eq!(
            destination_url(Some("S3"), &p, None).unwrap(),
            "https://eu-west-1.console.aws.amazon.com/s3/home"
        );
        assert_eq!(
            destination_url(Some("https://console.aws.amazon.com/ec2/v2/home"), &p, None).unwrap(),
            "https://console.aws.amazon.com/ec2/v2/home"
        );
        assert!(destination_url(Some("http://evil/"), &p, None).is_err());
        assert!(destination_url(Some("s3 && x"), &p, None).is_err());
    }

    #[test]
    fn durations_are_bounded() {
        assert_eq!(validate_duration(Duration::from_secs(3600)).unwrap(), 3600);
        assert_eq!(validate_duration(MIN_DURATION).unwrap(), 900);
        assert_eq!(validate_duration(MAX_DURATION).unwrap(), 43_200);
        assert!(validate_duration(Duration::from_secs(899)).is_err());
        assert!(validate_duration(Duration::from_secs(43_201)).is_err());
    }

    #[test]
    fn the_token_request_carries_the_session() {
        let body = signin_token_body(&creds(), 3600);
        let fields: Vec<(String, String)> = form_urlencoded::parse(body.expose().as_bytes())
            .into_owned()
            .collect();
        assert_eq!(fields[0], ("Action".into(), "getSigninToken".into()));
        assert_eq!(fields[1], ("SessionDuration".into(), "3600".into()));
        let session: serde_json::Value = serde_json::from_str(&fields[2].1).unwrap();
        assert_eq!(session["sessionId"], "ASIAEXAMPLE");
        assert_eq!(session["sessionKey"], "s3cr+t/=");
        assert_eq!(session["sessionToken"], "tok&en=1");
        assert_eq!(format!("{body:?}"), "REDACTED");
    }

    #[test]
    fn the_login_url_is_encoded() {
        let url = login_url(
            "https://signin.aws.amazon.com",
            "https://example.awsapps.com/start",
            "https://console.aws.amazon.com/s3/home?region=eu-west-1",
            &Secret::new("t+k/n=".to_owned()),
        );
        assert!(
            url.expose()
                .starts_with("https://signin.aws.amazon.com/federation?Action=login&")
        );
        let q = query(url.expose());
        assert_eq!(q[1].1, "https://example.awsapps.com/start");
        assert_eq!(
            q[2].1,
            "https://console.aws.amazon.com/s3/home?region=eu-west-1"
        );
        assert_eq!(q[3], ("SigninToken".into(), "t+k/n=".into()));
    }

    #[test]
    fn shortcut_links() {
        assert_eq!(
            shortcut_url(
                "https://d-123.awsapps.com/start/#/",
                "123456789012",
                "Admin",
                None
            ),
            "https://d-123.awsapps.com/start/#/console?account_id=123456789012&role_name=Admin"
        );
        let url = shortcut_url(
            "https://d-123.awsapps.com/start",
            "123456789012",
            "Read Only",
            Some("https://console.aws.amazon.com/s3/home?x=1&y=2"),
        );
        let q = query(url.split_once("#/console").unwrap().1);
        assert_eq!(q[1].1, "Read Only");
        assert_eq!(q[2].1, "https://console.aws.amazon.com/s3/home?x=1&y=2");
    }
}
