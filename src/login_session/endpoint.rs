//! Where the sign-in service's OAuth endpoints are: one base URL for `/v1/authorize` and
//! `/v1/token`.
//!
//! Pure. The base is the endpoint of the `signin` service for a region (the AWS endpoint rules
//! of its `CreateOAuth2Token` operation; no FIPS or dual-stack variant applies to login):
//!
//! | Partition (region prefix) | Base URL |
//! |---|---|
//! | aws | `https://{region}.signin.aws.amazon.com` |
//! | aws-cn (`cn-`) | `https://{region}.signin.amazonaws.cn` |
//! | aws-us-gov (`us-gov-`) | `https://{region}.signin.amazonaws-us-gov.com` |
//! | aws-eusc (`eusc-`) | `https://{region}.signin.amazonaws-eusc.eu` |
//! | aws-iso (`us-iso-`) | `https://{region}.signin.c2shome.ic.gov` |
//! | aws-iso-b (`us-isob-`) | `https://{region}.signin.sc2shome.sgov.gov` |
//! | aws-iso-f (`us-isof-`) | `https://{region}.signin.csphome.hci.ic.gov` |
//! | aws-iso-e (`eu-isoe-`) | `https://{region}.signin.csphome.adc-e.uk` |
//!
//! An override (`AWS_ENDPOINT_URL_SIGNIN`, else `AWS_ENDPOINT_URL`, unless
//! `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`) is used verbatim, as the SDKs do; the region
//! then does not matter.

/// The base URL (no trailing `/`) for `region`, or `override_url` when one is set.
pub(crate) fn base_url(region: &str, override_url: Option<&str>) -> String {
    if let Some(url) = override_url {
        return url.trim().trim_end_matches('/').to_owned();
    }
    let suffix = if region.starts_with("cn-") {
        "amazonaws.cn"
    } else if region.starts_with("us-gov-") {
        "amazonaws-us-gov.com"
    } else if region.starts_with("eusc-") {
        "amazonaws-eusc.eu"
    } else if region.starts_with("us-isob-") {
        "sc2shome.sgov.gov"
    } else if region.starts_with("us-isof-") {
        "csphome.hci.ic.gov"
    } else if region.starts_with("us-iso-") {
        "c2shome.ic.gov"
    } else if region.starts_with("eu-isoe-") {
        "csphome.adc-e.uk"
    } else {
        "aws.amazon.com"
    };
    format!("https://{region}.signin.{suffix}")
}

/// The token endpoint under `base`.
pub(crate) fn token_url(base: &str) -> String {
    format!("{base}/v1/token")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions() {
        for (region, want) in [
            ("us-east-1", "https://us-east-1.signin.aws.amazon.com"),
            ("eu-west-1", "https://eu-west-1.signin.aws.amazon.com"),
            ("cn-north-1", "https://cn-north-1.signin.amazonaws.cn"),
            (
                "us-gov-west-1",
                "https://us-gov-west-1.signin.amazonaws-us-gov.com",
            ),
            (
                "us-iso-east-1",
                "https://us-iso-east-1.signin.c2shome.ic.gov",
            ),
            (
                "us-isob-east-1",
                "https://us-isob-east-1.signin.sc2shome.sgov.gov",
            ),
            (
                "eusc-de-east-1",
                "https://eusc-de-east-1.signin.amazonaws-eusc.eu",
            ),
        ] {
            assert_eq!(base_url(region, None), want, "{region}");
        }
        assert_eq!(
            base_url("us-east-1", Some("http://127.0.0.1:8080/")),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            token_url(&base_url("us-east-1", None)),
            "https://us-east-1.signin.aws.amazon.com/v1/token"
        );
    }
}
