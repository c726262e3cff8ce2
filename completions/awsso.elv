
use builtin;
use str;

set edit:completion:arg-completer[awsso] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'awsso'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'awsso'= {
            cand -v 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand --verbose 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand -q 'Only errors and warnings on stderr'
            cand --quiet 'Only errors and warnings on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand login 'Log in to Identity Center and cache the token where the AWS CLI and SDKs find it'
            cand credential-process 'Print role credentials as `credential_process` JSON (for ~/.aws/config)'
            cand env 'Print lines that set role credentials as environment variables (for `eval`)'
            cand exec 'Run a command with role credentials (and region) in its environment'
            cand write-default 'Write a role''s temporary credentials into ~/.aws/credentials ([default] by default)'
            cand discover 'Write one profile per account and role you can reach into the AWS config file'
            cand list 'List the accounts and roles you can reach (one line each, streamed as pages arrive)'
            cand assignments 'List every Identity Center assignment: who has which permission set in which account'
            cand status 'Show the login state of every SSO session in the config file and the token cache'
            cand logout 'Log out: revoke the SSO token and delete it and awsso''s cached role credentials'
            cand doctor 'Find configuration problems that break SSO logins and credentials, with their fixes'
            cand completions 'Print a shell completion script on stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'awsso;login'= {
            cand -p 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)'
            cand --profile 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)'
            cand --sso-session 'An `[sso-session NAME]` section of the AWS config file'
            cand --start-url 'The Identity Center start URL (with --sso-region), without any config file'
            cand --sso-region 'The region of the Identity Center instance (with --start-url)'
            cand --timeout 'Give up when the login is not completed in time'
            cand --use-device-code 'Use the device code flow (a code to confirm in any browser, on any machine)'
            cand --no-browser 'Never open a browser; print the URL and code instead (implies the device code flow)'
            cand --force 'Log in even when the cached token is still valid'
            cand -v 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand --verbose 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand -q 'Only errors and warnings on stderr'
            cand --quiet 'Only errors and warnings on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'awsso;credential-process'= {
            cand -p 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)'
            cand --profile 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)'
            cand --sso-session 'An `[sso-session NAME]` section of the AWS config file'
            cand --start-url 'The Identity Center start URL (with --sso-region), without any config file'
            cand --sso-region 'The region of the Identity Center instance (with --start-url)'
            cand --account-id 'The AWS account ID (overrides the profile''s sso_account_id)'
            cand --role-name 'The role (permission set) name (overrides the profile''s sso_role_name)'
            cand -r 'The role as an ARN: arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME'
            cand --role-arn 'The role as an ARN: arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME'
            cand --min-remaining 'Serve cached credentials only while at least this much validity is left'
            cand --login 'Run the login flow when the token has expired, instead of failing with a hint'
            cand -v 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand --verbose 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand -q 'Only errors and warnings on stderr'
            cand --quiet 'Only errors and warnings on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'awsso;env'= {
            cand -p 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)'
            cand --profile 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)'
            cand --sso-session 'An `[sso-session NAME]` section of the AWS config file'
            cand --start-url 'The Identity Center start URL (with --sso-region), without any config file'
            cand --sso-region 'The region of the Identity Center instance (with --start-url)'
            cand --account-id 'The AWS account ID (overrides the profile''s sso_account_id)'
            cand --role-name 'The role (permission set) name (overrides the profile''s sso_role_name)'
            cand -r 'The role as an ARN: arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME'
            cand --role-arn 'The role as an ARN: arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME'
            cand --format 'The syntax of the lines'
            cand --region 'Also export AWS_REGION and AWS_DEFAULT_REGION with this value (default: the profile''s region)'
            cand --min-remaining 'Serve cached credentials only while at least this much validity is left'
            cand --unset 'Print the lines that remove the variables instead (needs no login)'
            cand --login 'Run the login flow when the token has expired, instead of failing with a hint'
            cand -v 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand --verbose 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand -q 'Only errors and warnings on stderr'
            cand --quiet 'Only errors and warnings on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'awsso;exec'= {
            cand -p 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)'
            cand --profile 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)'
            cand --sso-session 'An `[sso-session NAME]` section of the AWS config file'
            cand --start-url 'The Identity Center start URL (with --sso-region), without any config file'
            cand --sso-region 'The region of the Identity Center instance (with --start-url)'
            cand --account-id 'The AWS account ID (overrides the profile''s sso_account_id)'
            cand --role-name 'The role (permission set) name (overrides the profile''s sso_role_name)'
            cand -r 'The role as an ARN: arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME'
            cand --role-arn 'The role as an ARN: arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME'
            cand --region 'Set AWS_REGION and AWS_DEFAULT_REGION to this value (default: the profile''s region)'
            cand --min-remaining 'Serve cached credentials only while at least this much validity is left'
            cand --login 'Run the login flow when the token has expired, instead of failing with a hint'
            cand --force 'Run even inside another `awsso exec` (AWSSO_PROFILE is set)'
            cand -v 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand --verbose 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand -q 'Only errors and warnings on stderr'
            cand --quiet 'Only errors and warnings on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'awsso;write-default'= {
            cand -p 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)'
            cand --profile 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)'
            cand --sso-session 'An `[sso-session NAME]` section of the AWS config file'
            cand --start-url 'The Identity Center start URL (with --sso-region), without any config file'
            cand --sso-region 'The region of the Identity Center instance (with --start-url)'
            cand --account-id 'The AWS account ID (overrides the profile''s sso_account_id)'
            cand --role-name 'The role (permission set) name (overrides the profile''s sso_role_name)'
            cand -r 'The role as an ARN: arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME'
            cand --role-arn 'The role as an ARN: arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME'
            cand --target-profile 'The section of the credentials file to write'
            cand --min-remaining 'Re-use cached role credentials only while at least this much validity is left'
            cand --login 'Log in if needed instead of failing'
            cand -v 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand --verbose 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand -q 'Only errors and warnings on stderr'
            cand --quiet 'Only errors and warnings on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'awsso;discover'= {
            cand -p 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)'
            cand --profile 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)'
            cand --sso-session 'An `[sso-session NAME]` section of the AWS config file'
            cand --start-url 'The Identity Center start URL (with --sso-region), without any config file'
            cand --sso-region 'The region of the Identity Center instance (with --start-url)'
            cand --region '`region =` in generated profiles (default: the selected profile''s region)'
            cand --mode 'How the generated profiles get credentials'
            cand --name-template 'Profile names: {account_id}, {account_name}, {role_name}, {session}; sanitised to letters, digits and _ - / . % @ : +'
            cand --output 'Report format on stdout (json: what was, or would be, written)'
            cand --rate 'Requests per second to Identity Center, shared by all requests (it throttles at ~20/s per instance)'
            cand --concurrency 'Requests in flight at most'
            cand --login 'Add --login to the generated credential_process lines (open the browser when the session has expired), and log in now if needed'
            cand --force 'Also take over profiles with a generated name that awsso did not write'
            cand --prune 'Remove awsso''s profiles of this session whose account or role is gone'
            cand --dry-run 'Print a unified diff of the config file on stdout and write nothing'
            cand -v 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand --verbose 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand -q 'Only errors and warnings on stderr'
            cand --quiet 'Only errors and warnings on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'awsso;list'= {
            cand -p 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)'
            cand --profile 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)'
            cand --sso-session 'An `[sso-session NAME]` section of the AWS config file'
            cand --start-url 'The Identity Center start URL (with --sso-region), without any config file'
            cand --sso-region 'The region of the Identity Center instance (with --start-url)'
            cand --account-id 'Only this account''s roles'
            cand --output 'Output format'
            cand --rate 'Requests per second to Identity Center, shared by all requests (it throttles at ~20/s per instance)'
            cand --concurrency 'Requests in flight at most'
            cand --accounts 'Accounts only (no ListAccountRoles calls)'
            cand --login 'Log in if needed instead of failing'
            cand -v 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand --verbose 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand -q 'Only errors and warnings on stderr'
            cand --quiet 'Only errors and warnings on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'awsso;assignments'= {
            cand -p 'The AWS profile whose credentials to use (default: AWS_PROFILE, then the default chain)'
            cand --profile 'The AWS profile whose credentials to use (default: AWS_PROFILE, then the default chain)'
            cand --region 'The region of the Identity Center instance (default: AWS_REGION, then the profile''s)'
            cand --instance-arn 'The Identity Center instance (default: looked up with ListInstances)'
            cand --ins 'The Identity Center instance (default: looked up with ListInstances)'
            cand --identity-store-id 'The identity store (default: looked up with ListInstances)'
            cand --id-store 'The identity store (default: looked up with ListInstances)'
            cand -g 'Only groups with this id, or whose display name matches this regex (repeatable)'
            cand --group 'Only groups with this id, or whose display name matches this regex (repeatable)'
            cand -u 'Only users with this id, or whose user name matches this regex (repeatable)'
            cand --user 'Only users with this id, or whose user name matches this regex (repeatable)'
            cand -s 'Only this permission set: ARN, ps-… id, or a regex on its name (repeatable)'
            cand --permission-set 'Only this permission set: ARN, ps-… id, or a regex on its name (repeatable)'
            cand -a 'Only this account: 12-digit id, or a regex on its name (repeatable)'
            cand --account 'Only this account: 12-digit id, or a regex on its name (repeatable)'
            cand --ou 'Only the accounts in this OU or root (ou-…, r-…; repeatable)'
            cand --output 'Output format'
            cand --rate 'Requests per second over all calls (Identity Center throttles at ~20/s)'
            cand --concurrency 'Requests in flight at most'
            cand --ou-recursive 'With --ou: include the accounts of child OUs, recursively'
            cand --no-lookup-names 'Do not look up user, group, permission set and account names (fewer calls; names that a listing returns anyway, or that a name filter needs, are still shown)'
            cand -v 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand --verbose 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand -q 'Only errors and warnings on stderr'
            cand --quiet 'Only errors and warnings on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'awsso;status'= {
            cand --output 'Lines for humans or JSON for scripts'
            cand -v 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand --verbose 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand -q 'Only errors and warnings on stderr'
            cand --quiet 'Only errors and warnings on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'awsso;logout'= {
            cand -p 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)'
            cand --profile 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)'
            cand --sso-session 'An `[sso-session NAME]` section of the AWS config file'
            cand --start-url 'The Identity Center start URL (with --sso-region), without any config file'
            cand --sso-region 'The region of the Identity Center instance (with --start-url)'
            cand --all 'Log out of every session found in the token cache folder'
            cand -v 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand --verbose 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand -q 'Only errors and warnings on stderr'
            cand --quiet 'Only errors and warnings on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'awsso;doctor'= {
            cand -p 'Check only this profile (and its session''s token) instead of every profile'
            cand --profile 'Check only this profile (and its session''s token) instead of every profile'
            cand --output 'Lines for humans or JSON for scripts'
            cand -v 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand --verbose 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand -q 'Only errors and warnings on stderr'
            cand --quiet 'Only errors and warnings on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'awsso;completions'= {
            cand -v 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand --verbose 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
            cand -q 'Only errors and warnings on stderr'
            cand --quiet 'Only errors and warnings on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'awsso;help'= {
            cand login 'Log in to Identity Center and cache the token where the AWS CLI and SDKs find it'
            cand credential-process 'Print role credentials as `credential_process` JSON (for ~/.aws/config)'
            cand env 'Print lines that set role credentials as environment variables (for `eval`)'
            cand exec 'Run a command with role credentials (and region) in its environment'
            cand write-default 'Write a role''s temporary credentials into ~/.aws/credentials ([default] by default)'
            cand discover 'Write one profile per account and role you can reach into the AWS config file'
            cand list 'List the accounts and roles you can reach (one line each, streamed as pages arrive)'
            cand assignments 'List every Identity Center assignment: who has which permission set in which account'
            cand status 'Show the login state of every SSO session in the config file and the token cache'
            cand logout 'Log out: revoke the SSO token and delete it and awsso''s cached role credentials'
            cand doctor 'Find configuration problems that break SSO logins and credentials, with their fixes'
            cand completions 'Print a shell completion script on stdout'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'awsso;help;login'= {
        }
        &'awsso;help;credential-process'= {
        }
        &'awsso;help;env'= {
        }
        &'awsso;help;exec'= {
        }
        &'awsso;help;write-default'= {
        }
        &'awsso;help;discover'= {
        }
        &'awsso;help;list'= {
        }
        &'awsso;help;assignments'= {
        }
        &'awsso;help;status'= {
        }
        &'awsso;help;logout'= {
        }
        &'awsso;help;doctor'= {
        }
        &'awsso;help;completions'= {
        }
        &'awsso;help;help'= {
        }
    ]
    $completions[$command]
}
