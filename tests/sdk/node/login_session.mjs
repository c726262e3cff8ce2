// The JavaScript SDK's own `aws login` support, run by the integration tests against awsso's
// cache file: fromLoginCredentials reads ~/.aws/login/cache/<sha256>.json for the profile given
// as the first argument and refreshes it at AWS_ENDPOINT_URL_SIGNIN when 5 minutes or less are
// left. Prints the access key id as JSON.
import { fromLoginCredentials } from "@aws-sdk/credential-provider-login";

const creds = await fromLoginCredentials({ profile: process.argv[2] })();
console.log(JSON.stringify({ AccessKeyId: creds.accessKeyId }));
