"""A boto3 program run under `awsso exec --server` by the integration tests.

Nothing awsso-specific: botocore's default chain finds AWS_CONTAINER_CREDENTIALS_FULL_URI and
AWS_CONTAINER_AUTHORIZATION_TOKEN, and AWS_ENDPOINT_URL_STS points STS at the emulator.
Calls GetCallerIdentity COUNT times, INTERVAL seconds apart; prints "ARN USERID" per call.
"""

import sys
import time

import boto3

count = int(sys.argv[1]) if len(sys.argv) > 1 else 1
interval = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
sts = boto3.client("sts")
for i in range(count):
    if i:
        time.sleep(interval)
    me = sts.get_caller_identity()
    print(me["Arn"], me["UserId"], flush=True)
