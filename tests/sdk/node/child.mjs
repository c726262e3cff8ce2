// A JavaScript SDK v3 program run under `awsso exec --server` by the integration tests.
//
// Nothing awsso-specific: the default credential chain (fromHttp) finds
// AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN, and
// AWS_ENDPOINT_URL_STS points STS at the emulator. Calls GetCallerIdentity COUNT times,
// INTERVAL_MS apart; prints "ARN USERID" per call.
import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";

const count = Number(process.argv[2] ?? 1);
const interval = Number(process.argv[3] ?? 0);
const sts = new STSClient({});
for (let i = 0; i < count; i++) {
  if (i) await new Promise((resolve) => setTimeout(resolve, interval));
  const me = await sts.send(new GetCallerIdentityCommand({}));
  console.log(`${me.Arn} ${me.UserId}`);
}
