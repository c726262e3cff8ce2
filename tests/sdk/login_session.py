"""botocore's own `aws login` support, run by the integration tests against awsso's cache file.

botocore (1.41+, with the CRT extra for the DPoP proofs) resolves the profile given as the first
argument, reads ~/.aws/login/cache/<sha256>.json and refreshes it at AWS_ENDPOINT_URL_SIGNIN when
5 minutes or less are left. Prints the access key id as JSON.
"""

import json
import sys

import botocore.session

session = botocore.session.Session(profile=sys.argv[1])
credentials = session.get_credentials()
if credentials is None:
    sys.exit("no credentials")
frozen = credentials.get_frozen_credentials()
print(json.dumps({"AccessKeyId": frozen.access_key, "Method": credentials.method}))
