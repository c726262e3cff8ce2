# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_awsso_global_optspecs
    string join \n v/verbose q/quiet h/help V/version
end

function __fish_awsso_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_awsso_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_awsso_using_subcommand
    set -l cmd (__fish_awsso_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c awsso -n "__fish_awsso_needs_command" -s v -l verbose -d 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
complete -c awsso -n "__fish_awsso_needs_command" -s q -l quiet -d 'Only errors and warnings on stderr'
complete -c awsso -n "__fish_awsso_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c awsso -n "__fish_awsso_needs_command" -s V -l version -d 'Print version'
complete -c awsso -n "__fish_awsso_needs_command" -f -a "login" -d 'Log in to Identity Center and cache the token where the AWS CLI and SDKs find it'
complete -c awsso -n "__fish_awsso_needs_command" -f -a "credential-process" -d 'Print role credentials as `credential_process` JSON (for ~/.aws/config)'
complete -c awsso -n "__fish_awsso_needs_command" -f -a "env" -d 'Print lines that set role credentials as environment variables (for `eval`)'
complete -c awsso -n "__fish_awsso_needs_command" -f -a "exec" -d 'Run a command with role credentials (and region) in its environment'
complete -c awsso -n "__fish_awsso_needs_command" -f -a "write-default" -d 'Write a role\'s temporary credentials into ~/.aws/credentials ([default] by default)'
complete -c awsso -n "__fish_awsso_needs_command" -f -a "discover" -d 'Write one profile per account and role you can reach into the AWS config file'
complete -c awsso -n "__fish_awsso_needs_command" -f -a "list" -d 'List the accounts and roles you can reach (one line each, streamed as pages arrive)'
complete -c awsso -n "__fish_awsso_needs_command" -f -a "assignments" -d 'List every Identity Center assignment: who has which permission set in which account'
complete -c awsso -n "__fish_awsso_needs_command" -f -a "status" -d 'Show the login state of every SSO session in the config file and the token cache'
complete -c awsso -n "__fish_awsso_needs_command" -f -a "logout" -d 'Log out: revoke the SSO token and delete it and awsso\'s cached role credentials'
complete -c awsso -n "__fish_awsso_needs_command" -f -a "doctor" -d 'Find configuration problems that break SSO logins and credentials, with their fixes'
complete -c awsso -n "__fish_awsso_needs_command" -f -a "completions" -d 'Print a shell completion script on stdout'
complete -c awsso -n "__fish_awsso_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c awsso -n "__fish_awsso_using_subcommand login" -s p -l profile -d 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)' -r
complete -c awsso -n "__fish_awsso_using_subcommand login" -l sso-session -d 'An `[sso-session NAME]` section of the AWS config file' -r
complete -c awsso -n "__fish_awsso_using_subcommand login" -l start-url -d 'The Identity Center start URL (with --sso-region), without any config file' -r
complete -c awsso -n "__fish_awsso_using_subcommand login" -l sso-region -d 'The region of the Identity Center instance (with --start-url)' -r
complete -c awsso -n "__fish_awsso_using_subcommand login" -l timeout -d 'Give up when the login is not completed in time' -r
complete -c awsso -n "__fish_awsso_using_subcommand login" -l use-device-code -d 'Use the device code flow (a code to confirm in any browser, on any machine)'
complete -c awsso -n "__fish_awsso_using_subcommand login" -l no-browser -d 'Never open a browser; print the URL and code instead (implies the device code flow)'
complete -c awsso -n "__fish_awsso_using_subcommand login" -l force -d 'Log in even when the cached token is still valid'
complete -c awsso -n "__fish_awsso_using_subcommand login" -s v -l verbose -d 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
complete -c awsso -n "__fish_awsso_using_subcommand login" -s q -l quiet -d 'Only errors and warnings on stderr'
complete -c awsso -n "__fish_awsso_using_subcommand login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c awsso -n "__fish_awsso_using_subcommand login" -s V -l version -d 'Print version'
complete -c awsso -n "__fish_awsso_using_subcommand credential-process" -s p -l profile -d 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)' -r
complete -c awsso -n "__fish_awsso_using_subcommand credential-process" -l sso-session -d 'An `[sso-session NAME]` section of the AWS config file' -r
complete -c awsso -n "__fish_awsso_using_subcommand credential-process" -l start-url -d 'The Identity Center start URL (with --sso-region), without any config file' -r
complete -c awsso -n "__fish_awsso_using_subcommand credential-process" -l sso-region -d 'The region of the Identity Center instance (with --start-url)' -r
complete -c awsso -n "__fish_awsso_using_subcommand credential-process" -l account-id -d 'The AWS account ID (overrides the profile\'s sso_account_id)' -r
complete -c awsso -n "__fish_awsso_using_subcommand credential-process" -l role-name -d 'The role (permission set) name (overrides the profile\'s sso_role_name)' -r
complete -c awsso -n "__fish_awsso_using_subcommand credential-process" -s r -l role-arn -d 'The role as an ARN: arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME' -r
complete -c awsso -n "__fish_awsso_using_subcommand credential-process" -l min-remaining -d 'Serve cached credentials only while at least this much validity is left' -r
complete -c awsso -n "__fish_awsso_using_subcommand credential-process" -l login -d 'Run the login flow when the token has expired, instead of failing with a hint'
complete -c awsso -n "__fish_awsso_using_subcommand credential-process" -s v -l verbose -d 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
complete -c awsso -n "__fish_awsso_using_subcommand credential-process" -s q -l quiet -d 'Only errors and warnings on stderr'
complete -c awsso -n "__fish_awsso_using_subcommand credential-process" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c awsso -n "__fish_awsso_using_subcommand credential-process" -s V -l version -d 'Print version'
complete -c awsso -n "__fish_awsso_using_subcommand env" -s p -l profile -d 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)' -r
complete -c awsso -n "__fish_awsso_using_subcommand env" -l sso-session -d 'An `[sso-session NAME]` section of the AWS config file' -r
complete -c awsso -n "__fish_awsso_using_subcommand env" -l start-url -d 'The Identity Center start URL (with --sso-region), without any config file' -r
complete -c awsso -n "__fish_awsso_using_subcommand env" -l sso-region -d 'The region of the Identity Center instance (with --start-url)' -r
complete -c awsso -n "__fish_awsso_using_subcommand env" -l account-id -d 'The AWS account ID (overrides the profile\'s sso_account_id)' -r
complete -c awsso -n "__fish_awsso_using_subcommand env" -l role-name -d 'The role (permission set) name (overrides the profile\'s sso_role_name)' -r
complete -c awsso -n "__fish_awsso_using_subcommand env" -s r -l role-arn -d 'The role as an ARN: arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME' -r
complete -c awsso -n "__fish_awsso_using_subcommand env" -l format -d 'The syntax of the lines' -r -f -a "sh\t'`export NAME=\'value\'` for bash, zsh and other POSIX shells'
fish\t'`set -gx NAME \'value\'` for fish'
powershell\t'`$Env:NAME = \'value\'` for PowerShell'
json\t'One JSON object of names and values (`null` with --unset)'
dotenv\t'`NAME=\'value\'` lines for .env files (refuses values such files cannot hold safely)'"
complete -c awsso -n "__fish_awsso_using_subcommand env" -l region -d 'Also export AWS_REGION and AWS_DEFAULT_REGION with this value (default: the profile\'s region)' -r
complete -c awsso -n "__fish_awsso_using_subcommand env" -l min-remaining -d 'Serve cached credentials only while at least this much validity is left' -r
complete -c awsso -n "__fish_awsso_using_subcommand env" -l unset -d 'Print the lines that remove the variables instead (needs no login)'
complete -c awsso -n "__fish_awsso_using_subcommand env" -l login -d 'Run the login flow when the token has expired, instead of failing with a hint'
complete -c awsso -n "__fish_awsso_using_subcommand env" -s v -l verbose -d 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
complete -c awsso -n "__fish_awsso_using_subcommand env" -s q -l quiet -d 'Only errors and warnings on stderr'
complete -c awsso -n "__fish_awsso_using_subcommand env" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c awsso -n "__fish_awsso_using_subcommand env" -s V -l version -d 'Print version'
complete -c awsso -n "__fish_awsso_using_subcommand exec" -s p -l profile -d 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)' -r
complete -c awsso -n "__fish_awsso_using_subcommand exec" -l sso-session -d 'An `[sso-session NAME]` section of the AWS config file' -r
complete -c awsso -n "__fish_awsso_using_subcommand exec" -l start-url -d 'The Identity Center start URL (with --sso-region), without any config file' -r
complete -c awsso -n "__fish_awsso_using_subcommand exec" -l sso-region -d 'The region of the Identity Center instance (with --start-url)' -r
complete -c awsso -n "__fish_awsso_using_subcommand exec" -l account-id -d 'The AWS account ID (overrides the profile\'s sso_account_id)' -r
complete -c awsso -n "__fish_awsso_using_subcommand exec" -l role-name -d 'The role (permission set) name (overrides the profile\'s sso_role_name)' -r
complete -c awsso -n "__fish_awsso_using_subcommand exec" -s r -l role-arn -d 'The role as an ARN: arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME' -r
complete -c awsso -n "__fish_awsso_using_subcommand exec" -l region -d 'Set AWS_REGION and AWS_DEFAULT_REGION to this value (default: the profile\'s region)' -r
complete -c awsso -n "__fish_awsso_using_subcommand exec" -l min-remaining -d 'Serve cached credentials only while at least this much validity is left' -r
complete -c awsso -n "__fish_awsso_using_subcommand exec" -l login -d 'Run the login flow when the token has expired, instead of failing with a hint'
complete -c awsso -n "__fish_awsso_using_subcommand exec" -l force -d 'Run even inside another `awsso exec` (AWSSO_PROFILE is set)'
complete -c awsso -n "__fish_awsso_using_subcommand exec" -s v -l verbose -d 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
complete -c awsso -n "__fish_awsso_using_subcommand exec" -s q -l quiet -d 'Only errors and warnings on stderr'
complete -c awsso -n "__fish_awsso_using_subcommand exec" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c awsso -n "__fish_awsso_using_subcommand exec" -s V -l version -d 'Print version'
complete -c awsso -n "__fish_awsso_using_subcommand write-default" -s p -l profile -d 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)' -r
complete -c awsso -n "__fish_awsso_using_subcommand write-default" -l sso-session -d 'An `[sso-session NAME]` section of the AWS config file' -r
complete -c awsso -n "__fish_awsso_using_subcommand write-default" -l start-url -d 'The Identity Center start URL (with --sso-region), without any config file' -r
complete -c awsso -n "__fish_awsso_using_subcommand write-default" -l sso-region -d 'The region of the Identity Center instance (with --start-url)' -r
complete -c awsso -n "__fish_awsso_using_subcommand write-default" -l account-id -d 'The AWS account ID (overrides the profile\'s sso_account_id)' -r
complete -c awsso -n "__fish_awsso_using_subcommand write-default" -l role-name -d 'The role (permission set) name (overrides the profile\'s sso_role_name)' -r
complete -c awsso -n "__fish_awsso_using_subcommand write-default" -s r -l role-arn -d 'The role as an ARN: arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME' -r
complete -c awsso -n "__fish_awsso_using_subcommand write-default" -l target-profile -d 'The section of the credentials file to write' -r
complete -c awsso -n "__fish_awsso_using_subcommand write-default" -l min-remaining -d 'Re-use cached role credentials only while at least this much validity is left' -r
complete -c awsso -n "__fish_awsso_using_subcommand write-default" -l login -d 'Log in if needed instead of failing'
complete -c awsso -n "__fish_awsso_using_subcommand write-default" -s v -l verbose -d 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
complete -c awsso -n "__fish_awsso_using_subcommand write-default" -s q -l quiet -d 'Only errors and warnings on stderr'
complete -c awsso -n "__fish_awsso_using_subcommand write-default" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c awsso -n "__fish_awsso_using_subcommand write-default" -s V -l version -d 'Print version'
complete -c awsso -n "__fish_awsso_using_subcommand discover" -s p -l profile -d 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)' -r
complete -c awsso -n "__fish_awsso_using_subcommand discover" -l sso-session -d 'An `[sso-session NAME]` section of the AWS config file' -r
complete -c awsso -n "__fish_awsso_using_subcommand discover" -l start-url -d 'The Identity Center start URL (with --sso-region), without any config file' -r
complete -c awsso -n "__fish_awsso_using_subcommand discover" -l sso-region -d 'The region of the Identity Center instance (with --start-url)' -r
complete -c awsso -n "__fish_awsso_using_subcommand discover" -l region -d '`region =` in generated profiles (default: the selected profile\'s region)' -r
complete -c awsso -n "__fish_awsso_using_subcommand discover" -l mode -d 'How the generated profiles get credentials' -r -f -a "process\t'`credential_process = awsso credential-process ...` (works with every SDK and tool)'
native\t'The SDKs\' native `sso_session`/`sso_account_id`/`sso_role_name` keys'"
complete -c awsso -n "__fish_awsso_using_subcommand discover" -l name-template -d 'Profile names: {account_id}, {account_name}, {role_name}, {session}; sanitised to letters, digits and _ - / . % @ : +' -r
complete -c awsso -n "__fish_awsso_using_subcommand discover" -l output -d 'Report format on stdout (json: what was, or would be, written)' -r -f -a "text\t'Lines for humans'
json\t'JSON for scripts'"
complete -c awsso -n "__fish_awsso_using_subcommand discover" -l rate -d 'Requests per second to Identity Center, shared by all requests (it throttles at ~20/s per instance)' -r
complete -c awsso -n "__fish_awsso_using_subcommand discover" -l concurrency -d 'Requests in flight at most' -r
complete -c awsso -n "__fish_awsso_using_subcommand discover" -l login -d 'Add --login to the generated credential_process lines (open the browser when the session has expired), and log in now if needed'
complete -c awsso -n "__fish_awsso_using_subcommand discover" -l force -d 'Also take over profiles with a generated name that awsso did not write'
complete -c awsso -n "__fish_awsso_using_subcommand discover" -l prune -d 'Remove awsso\'s profiles of this session whose account or role is gone'
complete -c awsso -n "__fish_awsso_using_subcommand discover" -l dry-run -d 'Print a unified diff of the config file on stdout and write nothing'
complete -c awsso -n "__fish_awsso_using_subcommand discover" -s v -l verbose -d 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
complete -c awsso -n "__fish_awsso_using_subcommand discover" -s q -l quiet -d 'Only errors and warnings on stderr'
complete -c awsso -n "__fish_awsso_using_subcommand discover" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c awsso -n "__fish_awsso_using_subcommand discover" -s V -l version -d 'Print version'
complete -c awsso -n "__fish_awsso_using_subcommand list" -s p -l profile -d 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)' -r
complete -c awsso -n "__fish_awsso_using_subcommand list" -l sso-session -d 'An `[sso-session NAME]` section of the AWS config file' -r
complete -c awsso -n "__fish_awsso_using_subcommand list" -l start-url -d 'The Identity Center start URL (with --sso-region), without any config file' -r
complete -c awsso -n "__fish_awsso_using_subcommand list" -l sso-region -d 'The region of the Identity Center instance (with --start-url)' -r
complete -c awsso -n "__fish_awsso_using_subcommand list" -l account-id -d 'Only this account\'s roles' -r
complete -c awsso -n "__fish_awsso_using_subcommand list" -l output -d 'Output format' -r -f -a "text\t'Tab-separated lines, streamed as pages arrive: ACCOUNT_ID, ACCOUNT_NAME, ROLE'
table\t'Aligned columns with a header (printed at the end)'
json\t'One JSON array at the end: [{"id", "name", "email", "roles": [...]}]'"
complete -c awsso -n "__fish_awsso_using_subcommand list" -l rate -d 'Requests per second to Identity Center, shared by all requests (it throttles at ~20/s per instance)' -r
complete -c awsso -n "__fish_awsso_using_subcommand list" -l concurrency -d 'Requests in flight at most' -r
complete -c awsso -n "__fish_awsso_using_subcommand list" -l accounts -d 'Accounts only (no ListAccountRoles calls)'
complete -c awsso -n "__fish_awsso_using_subcommand list" -l login -d 'Log in if needed instead of failing'
complete -c awsso -n "__fish_awsso_using_subcommand list" -s v -l verbose -d 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
complete -c awsso -n "__fish_awsso_using_subcommand list" -s q -l quiet -d 'Only errors and warnings on stderr'
complete -c awsso -n "__fish_awsso_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c awsso -n "__fish_awsso_using_subcommand list" -s V -l version -d 'Print version'
complete -c awsso -n "__fish_awsso_using_subcommand assignments" -s p -l profile -d 'The AWS profile whose credentials to use (default: AWS_PROFILE, then the default chain)' -r
complete -c awsso -n "__fish_awsso_using_subcommand assignments" -l region -d 'The region of the Identity Center instance (default: AWS_REGION, then the profile\'s)' -r
complete -c awsso -n "__fish_awsso_using_subcommand assignments" -l instance-arn -l ins -d 'The Identity Center instance (default: looked up with ListInstances)' -r
complete -c awsso -n "__fish_awsso_using_subcommand assignments" -l identity-store-id -l id-store -d 'The identity store (default: looked up with ListInstances)' -r
complete -c awsso -n "__fish_awsso_using_subcommand assignments" -s g -l group -d 'Only groups with this id, or whose display name matches this regex (repeatable)' -r
complete -c awsso -n "__fish_awsso_using_subcommand assignments" -s u -l user -d 'Only users with this id, or whose user name matches this regex (repeatable)' -r
complete -c awsso -n "__fish_awsso_using_subcommand assignments" -s s -l permission-set -d 'Only this permission set: ARN, ps-… id, or a regex on its name (repeatable)' -r
complete -c awsso -n "__fish_awsso_using_subcommand assignments" -s a -l account -d 'Only this account: 12-digit id, or a regex on its name (repeatable)' -r
complete -c awsso -n "__fish_awsso_using_subcommand assignments" -l ou -d 'Only the accounts in this OU or root (ou-…, r-…; repeatable)' -r
complete -c awsso -n "__fish_awsso_using_subcommand assignments" -l output -d 'Output format' -r -f -a "csv\t'aws-sso-util\'s CSV columns with a header, quoted as RFC 4180, streamed as rows are found'
json\t'One JSON array of objects with the same keys (printed at the end)'
table\t'Aligned columns (printed at the end)'"
complete -c awsso -n "__fish_awsso_using_subcommand assignments" -l rate -d 'Requests per second over all calls (Identity Center throttles at ~20/s)' -r
complete -c awsso -n "__fish_awsso_using_subcommand assignments" -l concurrency -d 'Requests in flight at most' -r
complete -c awsso -n "__fish_awsso_using_subcommand assignments" -l ou-recursive -d 'With --ou: include the accounts of child OUs, recursively'
complete -c awsso -n "__fish_awsso_using_subcommand assignments" -l no-lookup-names -d 'Do not look up user, group, permission set and account names (fewer calls; names that a listing returns anyway, or that a name filter needs, are still shown)'
complete -c awsso -n "__fish_awsso_using_subcommand assignments" -s v -l verbose -d 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
complete -c awsso -n "__fish_awsso_using_subcommand assignments" -s q -l quiet -d 'Only errors and warnings on stderr'
complete -c awsso -n "__fish_awsso_using_subcommand assignments" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c awsso -n "__fish_awsso_using_subcommand assignments" -s V -l version -d 'Print version'
complete -c awsso -n "__fish_awsso_using_subcommand status" -l output -d 'Lines for humans or JSON for scripts' -r -f -a "text\t'Lines for humans'
json\t'JSON for scripts'"
complete -c awsso -n "__fish_awsso_using_subcommand status" -s v -l verbose -d 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
complete -c awsso -n "__fish_awsso_using_subcommand status" -s q -l quiet -d 'Only errors and warnings on stderr'
complete -c awsso -n "__fish_awsso_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c awsso -n "__fish_awsso_using_subcommand status" -s V -l version -d 'Print version'
complete -c awsso -n "__fish_awsso_using_subcommand logout" -s p -l profile -d 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)' -r
complete -c awsso -n "__fish_awsso_using_subcommand logout" -l sso-session -d 'An `[sso-session NAME]` section of the AWS config file' -r
complete -c awsso -n "__fish_awsso_using_subcommand logout" -l start-url -d 'The Identity Center start URL (with --sso-region), without any config file' -r
complete -c awsso -n "__fish_awsso_using_subcommand logout" -l sso-region -d 'The region of the Identity Center instance (with --start-url)' -r
complete -c awsso -n "__fish_awsso_using_subcommand logout" -l all -d 'Log out of every session found in the token cache folder'
complete -c awsso -n "__fish_awsso_using_subcommand logout" -s v -l verbose -d 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
complete -c awsso -n "__fish_awsso_using_subcommand logout" -s q -l quiet -d 'Only errors and warnings on stderr'
complete -c awsso -n "__fish_awsso_using_subcommand logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c awsso -n "__fish_awsso_using_subcommand logout" -s V -l version -d 'Print version'
complete -c awsso -n "__fish_awsso_using_subcommand doctor" -s p -l profile -d 'Check only this profile (and its session\'s token) instead of every profile' -r
complete -c awsso -n "__fish_awsso_using_subcommand doctor" -l output -d 'Lines for humans or JSON for scripts' -r -f -a "text\t'Lines for humans'
json\t'JSON for scripts'"
complete -c awsso -n "__fish_awsso_using_subcommand doctor" -s v -l verbose -d 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
complete -c awsso -n "__fish_awsso_using_subcommand doctor" -s q -l quiet -d 'Only errors and warnings on stderr'
complete -c awsso -n "__fish_awsso_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c awsso -n "__fish_awsso_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c awsso -n "__fish_awsso_using_subcommand completions" -s v -l verbose -d 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged'
complete -c awsso -n "__fish_awsso_using_subcommand completions" -s q -l quiet -d 'Only errors and warnings on stderr'
complete -c awsso -n "__fish_awsso_using_subcommand completions" -s h -l help -d 'Print help'
complete -c awsso -n "__fish_awsso_using_subcommand completions" -s V -l version -d 'Print version'
complete -c awsso -n "__fish_awsso_using_subcommand help; and not __fish_seen_subcommand_from login credential-process env exec write-default discover list assignments status logout doctor completions help" -f -a "login" -d 'Log in to Identity Center and cache the token where the AWS CLI and SDKs find it'
complete -c awsso -n "__fish_awsso_using_subcommand help; and not __fish_seen_subcommand_from login credential-process env exec write-default discover list assignments status logout doctor completions help" -f -a "credential-process" -d 'Print role credentials as `credential_process` JSON (for ~/.aws/config)'
complete -c awsso -n "__fish_awsso_using_subcommand help; and not __fish_seen_subcommand_from login credential-process env exec write-default discover list assignments status logout doctor completions help" -f -a "env" -d 'Print lines that set role credentials as environment variables (for `eval`)'
complete -c awsso -n "__fish_awsso_using_subcommand help; and not __fish_seen_subcommand_from login credential-process env exec write-default discover list assignments status logout doctor completions help" -f -a "exec" -d 'Run a command with role credentials (and region) in its environment'
complete -c awsso -n "__fish_awsso_using_subcommand help; and not __fish_seen_subcommand_from login credential-process env exec write-default discover list assignments status logout doctor completions help" -f -a "write-default" -d 'Write a role\'s temporary credentials into ~/.aws/credentials ([default] by default)'
complete -c awsso -n "__fish_awsso_using_subcommand help; and not __fish_seen_subcommand_from login credential-process env exec write-default discover list assignments status logout doctor completions help" -f -a "discover" -d 'Write one profile per account and role you can reach into the AWS config file'
complete -c awsso -n "__fish_awsso_using_subcommand help; and not __fish_seen_subcommand_from login credential-process env exec write-default discover list assignments status logout doctor completions help" -f -a "list" -d 'List the accounts and roles you can reach (one line each, streamed as pages arrive)'
complete -c awsso -n "__fish_awsso_using_subcommand help; and not __fish_seen_subcommand_from login credential-process env exec write-default discover list assignments status logout doctor completions help" -f -a "assignments" -d 'List every Identity Center assignment: who has which permission set in which account'
complete -c awsso -n "__fish_awsso_using_subcommand help; and not __fish_seen_subcommand_from login credential-process env exec write-default discover list assignments status logout doctor completions help" -f -a "status" -d 'Show the login state of every SSO session in the config file and the token cache'
complete -c awsso -n "__fish_awsso_using_subcommand help; and not __fish_seen_subcommand_from login credential-process env exec write-default discover list assignments status logout doctor completions help" -f -a "logout" -d 'Log out: revoke the SSO token and delete it and awsso\'s cached role credentials'
complete -c awsso -n "__fish_awsso_using_subcommand help; and not __fish_seen_subcommand_from login credential-process env exec write-default discover list assignments status logout doctor completions help" -f -a "doctor" -d 'Find configuration problems that break SSO logins and credentials, with their fixes'
complete -c awsso -n "__fish_awsso_using_subcommand help; and not __fish_seen_subcommand_from login credential-process env exec write-default discover list assignments status logout doctor completions help" -f -a "completions" -d 'Print a shell completion script on stdout'
complete -c awsso -n "__fish_awsso_using_subcommand help; and not __fish_seen_subcommand_from login credential-process env exec write-default discover list assignments status logout doctor completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
