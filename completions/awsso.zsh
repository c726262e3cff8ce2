#compdef awsso

autoload -U is-at-least

_awsso() {
    typeset -A opt_args
    typeset -a _arguments_options
    local ret=1

    if is-at-least 5.2; then
        _arguments_options=(-s -S -C)
    else
        _arguments_options=(-s -C)
    fi

    local context curcontext="$curcontext" state line
    _arguments "${_arguments_options[@]}" : \
'*-v[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'*--verbose[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'(-v --verbose)-q[Only errors and warnings on stderr]' \
'(-v --verbose)--quiet[Only errors and warnings on stderr]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_awsso_commands" \
"*::: :->awsso" \
&& ret=0
    case $state in
    (awsso)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:awsso-command-$line[1]:"
        case $line[1] in
            (login)
_arguments "${_arguments_options[@]}" : \
'(--sso-session --start-url)-p+[A profile in the AWS config file, in the \`sso_session\` or legacy \`sso_start_url\` format (default\: AWS_PROFILE, for commands that do not need an explicit target)]:PROFILE:_default' \
'(--sso-session --start-url)--profile=[A profile in the AWS config file, in the \`sso_session\` or legacy \`sso_start_url\` format (default\: AWS_PROFILE, for commands that do not need an explicit target)]:PROFILE:_default' \
'(--start-url)--sso-session=[An \`\[sso-session NAME\]\` section of the AWS config file]:NAME:_default' \
'--start-url=[The Identity Center start URL (with --sso-region), without any config file]:URL:_default' \
'--sso-region=[The region of the Identity Center instance (with --start-url)]:REGION:_default' \
'--timeout=[Give up when the login is not completed in time]:DURATION:_default' \
'--use-device-code[Use the device code flow (a code to confirm in any browser, on any machine)]' \
'--no-browser[Never open a browser; print the URL and code instead (implies the device code flow)]' \
'--force[Log in even when the cached token is still valid]' \
'*-v[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'*--verbose[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'(-v --verbose)-q[Only errors and warnings on stderr]' \
'(-v --verbose)--quiet[Only errors and warnings on stderr]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(credential-process)
_arguments "${_arguments_options[@]}" : \
'(--sso-session --start-url)-p+[A profile in the AWS config file, in the \`sso_session\` or legacy \`sso_start_url\` format (default\: AWS_PROFILE, for commands that do not need an explicit target)]:PROFILE:_default' \
'(--sso-session --start-url)--profile=[A profile in the AWS config file, in the \`sso_session\` or legacy \`sso_start_url\` format (default\: AWS_PROFILE, for commands that do not need an explicit target)]:PROFILE:_default' \
'(--start-url)--sso-session=[An \`\[sso-session NAME\]\` section of the AWS config file]:NAME:_default' \
'--start-url=[The Identity Center start URL (with --sso-region), without any config file]:URL:_default' \
'--sso-region=[The region of the Identity Center instance (with --start-url)]:REGION:_default' \
'(-r --role-arn)--account-id=[The AWS account ID (overrides the profile'\''s sso_account_id)]:ID:_default' \
'(-r --role-arn)--role-name=[The role (permission set) name (overrides the profile'\''s sso_role_name)]:NAME:_default' \
'-r+[The role as an ARN\: arn\:aws\:iam\:\:ACCOUNT_ID\:role/ROLE_NAME]:ARN:_default' \
'--role-arn=[The role as an ARN\: arn\:aws\:iam\:\:ACCOUNT_ID\:role/ROLE_NAME]:ARN:_default' \
'--min-remaining=[Serve cached credentials only while at least this much validity is left]:DURATION:_default' \
'--login[Run the login flow when the token has expired, instead of failing with a hint]' \
'*-v[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'*--verbose[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'(-v --verbose)-q[Only errors and warnings on stderr]' \
'(-v --verbose)--quiet[Only errors and warnings on stderr]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(env)
_arguments "${_arguments_options[@]}" : \
'(--sso-session --start-url)-p+[A profile in the AWS config file, in the \`sso_session\` or legacy \`sso_start_url\` format (default\: AWS_PROFILE, for commands that do not need an explicit target)]:PROFILE:_default' \
'(--sso-session --start-url)--profile=[A profile in the AWS config file, in the \`sso_session\` or legacy \`sso_start_url\` format (default\: AWS_PROFILE, for commands that do not need an explicit target)]:PROFILE:_default' \
'(--start-url)--sso-session=[An \`\[sso-session NAME\]\` section of the AWS config file]:NAME:_default' \
'--start-url=[The Identity Center start URL (with --sso-region), without any config file]:URL:_default' \
'--sso-region=[The region of the Identity Center instance (with --start-url)]:REGION:_default' \
'(-r --role-arn)--account-id=[The AWS account ID (overrides the profile'\''s sso_account_id)]:ID:_default' \
'(-r --role-arn)--role-name=[The role (permission set) name (overrides the profile'\''s sso_role_name)]:NAME:_default' \
'-r+[The role as an ARN\: arn\:aws\:iam\:\:ACCOUNT_ID\:role/ROLE_NAME]:ARN:_default' \
'--role-arn=[The role as an ARN\: arn\:aws\:iam\:\:ACCOUNT_ID\:role/ROLE_NAME]:ARN:_default' \
'--format=[The syntax of the lines]:FORMAT:((sh\:"\`export NAME='\''value'\''\` for bash, zsh and other POSIX shells"
fish\:"\`set -gx NAME '\''value'\''\` for fish"
powershell\:"\`\$Env\:NAME = '\''value'\''\` for PowerShell"
json\:"One JSON object of names and values (\`null\` with --unset)"
dotenv\:"\`NAME='\''value'\''\` lines for .env files (refuses values such files cannot hold safely)"))' \
'--region=[Also export AWS_REGION and AWS_DEFAULT_REGION with this value (default\: the profile'\''s region)]:REGION:_default' \
'--min-remaining=[Serve cached credentials only while at least this much validity is left]:DURATION:_default' \
'(-p --profile --sso-session --start-url --account-id --role-name -r --role-arn --login --region)--unset[Print the lines that remove the variables instead (needs no login)]' \
'--login[Run the login flow when the token has expired, instead of failing with a hint]' \
'*-v[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'*--verbose[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'(-v --verbose)-q[Only errors and warnings on stderr]' \
'(-v --verbose)--quiet[Only errors and warnings on stderr]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(exec)
_arguments "${_arguments_options[@]}" : \
'(--sso-session --start-url)-p+[A profile in the AWS config file, in the \`sso_session\` or legacy \`sso_start_url\` format (default\: AWS_PROFILE, for commands that do not need an explicit target)]:PROFILE:_default' \
'(--sso-session --start-url)--profile=[A profile in the AWS config file, in the \`sso_session\` or legacy \`sso_start_url\` format (default\: AWS_PROFILE, for commands that do not need an explicit target)]:PROFILE:_default' \
'(--start-url)--sso-session=[An \`\[sso-session NAME\]\` section of the AWS config file]:NAME:_default' \
'--start-url=[The Identity Center start URL (with --sso-region), without any config file]:URL:_default' \
'--sso-region=[The region of the Identity Center instance (with --start-url)]:REGION:_default' \
'(-r --role-arn)--account-id=[The AWS account ID (overrides the profile'\''s sso_account_id)]:ID:_default' \
'(-r --role-arn)--role-name=[The role (permission set) name (overrides the profile'\''s sso_role_name)]:NAME:_default' \
'-r+[The role as an ARN\: arn\:aws\:iam\:\:ACCOUNT_ID\:role/ROLE_NAME]:ARN:_default' \
'--role-arn=[The role as an ARN\: arn\:aws\:iam\:\:ACCOUNT_ID\:role/ROLE_NAME]:ARN:_default' \
'--region=[Set AWS_REGION and AWS_DEFAULT_REGION to this value (default\: the profile'\''s region)]:REGION:_default' \
'--min-remaining=[Serve cached credentials only while at least this much validity is left]:DURATION:_default' \
'--login[Run the login flow when the token has expired, instead of failing with a hint]' \
'--force[Run even inside another \`awsso exec\` (AWSSO_PROFILE is set)]' \
'*-v[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'*--verbose[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'(-v --verbose)-q[Only errors and warnings on stderr]' \
'(-v --verbose)--quiet[Only errors and warnings on stderr]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
'*::command -- The command and its arguments (after `--`):_default' \
&& ret=0
;;
(write-default)
_arguments "${_arguments_options[@]}" : \
'(--sso-session --start-url)-p+[A profile in the AWS config file, in the \`sso_session\` or legacy \`sso_start_url\` format (default\: AWS_PROFILE, for commands that do not need an explicit target)]:PROFILE:_default' \
'(--sso-session --start-url)--profile=[A profile in the AWS config file, in the \`sso_session\` or legacy \`sso_start_url\` format (default\: AWS_PROFILE, for commands that do not need an explicit target)]:PROFILE:_default' \
'(--start-url)--sso-session=[An \`\[sso-session NAME\]\` section of the AWS config file]:NAME:_default' \
'--start-url=[The Identity Center start URL (with --sso-region), without any config file]:URL:_default' \
'--sso-region=[The region of the Identity Center instance (with --start-url)]:REGION:_default' \
'(-r --role-arn)--account-id=[The AWS account ID (overrides the profile'\''s sso_account_id)]:ID:_default' \
'(-r --role-arn)--role-name=[The role (permission set) name (overrides the profile'\''s sso_role_name)]:NAME:_default' \
'-r+[The role as an ARN\: arn\:aws\:iam\:\:ACCOUNT_ID\:role/ROLE_NAME]:ARN:_default' \
'--role-arn=[The role as an ARN\: arn\:aws\:iam\:\:ACCOUNT_ID\:role/ROLE_NAME]:ARN:_default' \
'--target-profile=[The section of the credentials file to write]:NAME:_default' \
'--min-remaining=[Re-use cached role credentials only while at least this much validity is left]:DURATION:_default' \
'--login[Log in if needed instead of failing]' \
'*-v[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'*--verbose[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'(-v --verbose)-q[Only errors and warnings on stderr]' \
'(-v --verbose)--quiet[Only errors and warnings on stderr]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(discover)
_arguments "${_arguments_options[@]}" : \
'(--sso-session --start-url)-p+[A profile in the AWS config file, in the \`sso_session\` or legacy \`sso_start_url\` format (default\: AWS_PROFILE, for commands that do not need an explicit target)]:PROFILE:_default' \
'(--sso-session --start-url)--profile=[A profile in the AWS config file, in the \`sso_session\` or legacy \`sso_start_url\` format (default\: AWS_PROFILE, for commands that do not need an explicit target)]:PROFILE:_default' \
'(--start-url)--sso-session=[An \`\[sso-session NAME\]\` section of the AWS config file]:NAME:_default' \
'--start-url=[The Identity Center start URL (with --sso-region), without any config file]:URL:_default' \
'--sso-region=[The region of the Identity Center instance (with --start-url)]:REGION:_default' \
'--region=[\`region =\` in generated profiles (default\: the selected profile'\''s region)]:REGION:_default' \
'--mode=[How the generated profiles get credentials]:MODE:((process\:"\`credential_process = awsso credential-process ...\` (works with every SDK and tool)"
native\:"The SDKs'\'' native \`sso_session\`/\`sso_account_id\`/\`sso_role_name\` keys"))' \
'--name-template=[Profile names\: {account_id}, {account_name}, {role_name}, {session}; sanitised to letters, digits and _ - / . % @ \: +]:TEMPLATE:_default' \
'--output=[Report format on stdout (json\: what was, or would be, written)]:FORMAT:((text\:"Lines for humans"
json\:"JSON for scripts"))' \
'--rate=[Requests per second to Identity Center, shared by all requests (it throttles at ~20/s per instance)]:N:_default' \
'--concurrency=[Requests in flight at most]:N:_default' \
'--login[Add --login to the generated credential_process lines (open the browser when the session has expired), and log in now if needed]' \
'--force[Also take over profiles with a generated name that awsso did not write]' \
'--prune[Remove awsso'\''s profiles of this session whose account or role is gone]' \
'--dry-run[Print a unified diff of the config file on stdout and write nothing]' \
'*-v[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'*--verbose[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'(-v --verbose)-q[Only errors and warnings on stderr]' \
'(-v --verbose)--quiet[Only errors and warnings on stderr]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
'(--sso-session --start-url)-p+[A profile in the AWS config file, in the \`sso_session\` or legacy \`sso_start_url\` format (default\: AWS_PROFILE, for commands that do not need an explicit target)]:PROFILE:_default' \
'(--sso-session --start-url)--profile=[A profile in the AWS config file, in the \`sso_session\` or legacy \`sso_start_url\` format (default\: AWS_PROFILE, for commands that do not need an explicit target)]:PROFILE:_default' \
'(--start-url)--sso-session=[An \`\[sso-session NAME\]\` section of the AWS config file]:NAME:_default' \
'--start-url=[The Identity Center start URL (with --sso-region), without any config file]:URL:_default' \
'--sso-region=[The region of the Identity Center instance (with --start-url)]:REGION:_default' \
'(--accounts)--account-id=[Only this account'\''s roles]:ID:_default' \
'--output=[Output format]:FORMAT:((text\:"Tab-separated lines, streamed as pages arrive\: ACCOUNT_ID, ACCOUNT_NAME, ROLE"
table\:"Aligned columns with a header (printed at the end)"
json\:"One JSON array at the end\: \[{"id", "name", "email", "roles"\: \[...\]}\]"))' \
'--rate=[Requests per second to Identity Center, shared by all requests (it throttles at ~20/s per instance)]:N:_default' \
'--concurrency=[Requests in flight at most]:N:_default' \
'--accounts[Accounts only (no ListAccountRoles calls)]' \
'--login[Log in if needed instead of failing]' \
'*-v[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'*--verbose[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'(-v --verbose)-q[Only errors and warnings on stderr]' \
'(-v --verbose)--quiet[Only errors and warnings on stderr]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(assignments)
_arguments "${_arguments_options[@]}" : \
'-p+[The AWS profile whose credentials to use (default\: AWS_PROFILE, then the default chain)]:PROFILE:_default' \
'--profile=[The AWS profile whose credentials to use (default\: AWS_PROFILE, then the default chain)]:PROFILE:_default' \
'--region=[The region of the Identity Center instance (default\: AWS_REGION, then the profile'\''s)]:REGION:_default' \
'--instance-arn=[The Identity Center instance (default\: looked up with ListInstances)]:ARN:_default' \
'--ins=[The Identity Center instance (default\: looked up with ListInstances)]:ARN:_default' \
'--identity-store-id=[The identity store (default\: looked up with ListInstances)]:ID:_default' \
'--id-store=[The identity store (default\: looked up with ListInstances)]:ID:_default' \
'*-g+[Only groups with this id, or whose display name matches this regex (repeatable)]:ID|NAME_REGEX:_default' \
'*--group=[Only groups with this id, or whose display name matches this regex (repeatable)]:ID|NAME_REGEX:_default' \
'*-u+[Only users with this id, or whose user name matches this regex (repeatable)]:ID|NAME_REGEX:_default' \
'*--user=[Only users with this id, or whose user name matches this regex (repeatable)]:ID|NAME_REGEX:_default' \
'*-s+[Only this permission set\: ARN, ps-… id, or a regex on its name (repeatable)]:ARN|ps-ID|NAME_REGEX:_default' \
'*--permission-set=[Only this permission set\: ARN, ps-… id, or a regex on its name (repeatable)]:ARN|ps-ID|NAME_REGEX:_default' \
'*-a+[Only this account\: 12-digit id, or a regex on its name (repeatable)]:ID|NAME_REGEX:_default' \
'*--account=[Only this account\: 12-digit id, or a regex on its name (repeatable)]:ID|NAME_REGEX:_default' \
'*--ou=[Only the accounts in this OU or root (ou-…, r-…; repeatable)]:OU_ID:_default' \
'--output=[Output format]:FORMAT:((csv\:"aws-sso-util'\''s CSV columns with a header, quoted as RFC 4180, streamed as rows are found"
json\:"One JSON array of objects with the same keys (printed at the end)"
table\:"Aligned columns (printed at the end)"))' \
'--rate=[Requests per second over all calls (Identity Center throttles at ~20/s)]:N:_default' \
'--concurrency=[Requests in flight at most]:N:_default' \
'--ou-recursive[With --ou\: include the accounts of child OUs, recursively]' \
'--no-lookup-names[Do not look up user, group, permission set and account names (fewer calls; names that a listing returns anyway, or that a name filter needs, are still shown)]' \
'*-v[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'*--verbose[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'(-v --verbose)-q[Only errors and warnings on stderr]' \
'(-v --verbose)--quiet[Only errors and warnings on stderr]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(status)
_arguments "${_arguments_options[@]}" : \
'--output=[Lines for humans or JSON for scripts]:FORMAT:((text\:"Lines for humans"
json\:"JSON for scripts"))' \
'*-v[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'*--verbose[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'(-v --verbose)-q[Only errors and warnings on stderr]' \
'(-v --verbose)--quiet[Only errors and warnings on stderr]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(logout)
_arguments "${_arguments_options[@]}" : \
'(--sso-session --start-url)-p+[A profile in the AWS config file, in the \`sso_session\` or legacy \`sso_start_url\` format (default\: AWS_PROFILE, for commands that do not need an explicit target)]:PROFILE:_default' \
'(--sso-session --start-url)--profile=[A profile in the AWS config file, in the \`sso_session\` or legacy \`sso_start_url\` format (default\: AWS_PROFILE, for commands that do not need an explicit target)]:PROFILE:_default' \
'(--start-url)--sso-session=[An \`\[sso-session NAME\]\` section of the AWS config file]:NAME:_default' \
'--start-url=[The Identity Center start URL (with --sso-region), without any config file]:URL:_default' \
'--sso-region=[The region of the Identity Center instance (with --start-url)]:REGION:_default' \
'(-p --profile --sso-session --start-url)--all[Log out of every session found in the token cache folder]' \
'*-v[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'*--verbose[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'(-v --verbose)-q[Only errors and warnings on stderr]' \
'(-v --verbose)--quiet[Only errors and warnings on stderr]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(doctor)
_arguments "${_arguments_options[@]}" : \
'-p+[Check only this profile (and its session'\''s token) instead of every profile]:PROFILE:_default' \
'--profile=[Check only this profile (and its session'\''s token) instead of every profile]:PROFILE:_default' \
'--output=[Lines for humans or JSON for scripts]:FORMAT:((text\:"Lines for humans"
json\:"JSON for scripts"))' \
'*-v[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'*--verbose[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'(-v --verbose)-q[Only errors and warnings on stderr]' \
'(-v --verbose)--quiet[Only errors and warnings on stderr]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(completions)
_arguments "${_arguments_options[@]}" : \
'*-v[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'*--verbose[More logging on stderr (-v\: decisions and API calls, -vv\: every step). Secrets are never logged]' \
'(-v --verbose)-q[Only errors and warnings on stderr]' \
'(-v --verbose)--quiet[Only errors and warnings on stderr]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':shell -- The shell:(bash elvish fish powershell zsh)' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_awsso__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:awsso-help-command-$line[1]:"
        case $line[1] in
            (login)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(credential-process)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(env)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(exec)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(write-default)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(discover)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(assignments)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(status)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(logout)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(doctor)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(completions)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
}

(( $+functions[_awsso_commands] )) ||
_awsso_commands() {
    local commands; commands=(
'login:Log in to Identity Center and cache the token where the AWS CLI and SDKs find it' \
'credential-process:Print role credentials as \`credential_process\` JSON (for ~/.aws/config)' \
'env:Print lines that set role credentials as environment variables (for \`eval\`)' \
'exec:Run a command with role credentials (and region) in its environment' \
'write-default:Write a role'\''s temporary credentials into ~/.aws/credentials (\[default\] by default)' \
'discover:Write one profile per account and role you can reach into the AWS config file' \
'list:List the accounts and roles you can reach (one line each, streamed as pages arrive)' \
'assignments:List every Identity Center assignment\: who has which permission set in which account' \
'status:Show the login state of every SSO session in the config file and the token cache' \
'logout:Log out\: revoke the SSO token and delete it and awsso'\''s cached role credentials' \
'doctor:Find configuration problems that break SSO logins and credentials, with their fixes' \
'completions:Print a shell completion script on stdout' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'awsso commands' commands "$@"
}
(( $+functions[_awsso__subcmd__assignments_commands] )) ||
_awsso__subcmd__assignments_commands() {
    local commands; commands=()
    _describe -t commands 'awsso assignments commands' commands "$@"
}
(( $+functions[_awsso__subcmd__completions_commands] )) ||
_awsso__subcmd__completions_commands() {
    local commands; commands=()
    _describe -t commands 'awsso completions commands' commands "$@"
}
(( $+functions[_awsso__subcmd__credential-process_commands] )) ||
_awsso__subcmd__credential-process_commands() {
    local commands; commands=()
    _describe -t commands 'awsso credential-process commands' commands "$@"
}
(( $+functions[_awsso__subcmd__discover_commands] )) ||
_awsso__subcmd__discover_commands() {
    local commands; commands=()
    _describe -t commands 'awsso discover commands' commands "$@"
}
(( $+functions[_awsso__subcmd__doctor_commands] )) ||
_awsso__subcmd__doctor_commands() {
    local commands; commands=()
    _describe -t commands 'awsso doctor commands' commands "$@"
}
(( $+functions[_awsso__subcmd__env_commands] )) ||
_awsso__subcmd__env_commands() {
    local commands; commands=()
    _describe -t commands 'awsso env commands' commands "$@"
}
(( $+functions[_awsso__subcmd__exec_commands] )) ||
_awsso__subcmd__exec_commands() {
    local commands; commands=()
    _describe -t commands 'awsso exec commands' commands "$@"
}
(( $+functions[_awsso__subcmd__help_commands] )) ||
_awsso__subcmd__help_commands() {
    local commands; commands=(
'login:Log in to Identity Center and cache the token where the AWS CLI and SDKs find it' \
'credential-process:Print role credentials as \`credential_process\` JSON (for ~/.aws/config)' \
'env:Print lines that set role credentials as environment variables (for \`eval\`)' \
'exec:Run a command with role credentials (and region) in its environment' \
'write-default:Write a role'\''s temporary credentials into ~/.aws/credentials (\[default\] by default)' \
'discover:Write one profile per account and role you can reach into the AWS config file' \
'list:List the accounts and roles you can reach (one line each, streamed as pages arrive)' \
'assignments:List every Identity Center assignment\: who has which permission set in which account' \
'status:Show the login state of every SSO session in the config file and the token cache' \
'logout:Log out\: revoke the SSO token and delete it and awsso'\''s cached role credentials' \
'doctor:Find configuration problems that break SSO logins and credentials, with their fixes' \
'completions:Print a shell completion script on stdout' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'awsso help commands' commands "$@"
}
(( $+functions[_awsso__subcmd__help__subcmd__assignments_commands] )) ||
_awsso__subcmd__help__subcmd__assignments_commands() {
    local commands; commands=()
    _describe -t commands 'awsso help assignments commands' commands "$@"
}
(( $+functions[_awsso__subcmd__help__subcmd__completions_commands] )) ||
_awsso__subcmd__help__subcmd__completions_commands() {
    local commands; commands=()
    _describe -t commands 'awsso help completions commands' commands "$@"
}
(( $+functions[_awsso__subcmd__help__subcmd__credential-process_commands] )) ||
_awsso__subcmd__help__subcmd__credential-process_commands() {
    local commands; commands=()
    _describe -t commands 'awsso help credential-process commands' commands "$@"
}
(( $+functions[_awsso__subcmd__help__subcmd__discover_commands] )) ||
_awsso__subcmd__help__subcmd__discover_commands() {
    local commands; commands=()
    _describe -t commands 'awsso help discover commands' commands "$@"
}
(( $+functions[_awsso__subcmd__help__subcmd__doctor_commands] )) ||
_awsso__subcmd__help__subcmd__doctor_commands() {
    local commands; commands=()
    _describe -t commands 'awsso help doctor commands' commands "$@"
}
(( $+functions[_awsso__subcmd__help__subcmd__env_commands] )) ||
_awsso__subcmd__help__subcmd__env_commands() {
    local commands; commands=()
    _describe -t commands 'awsso help env commands' commands "$@"
}
(( $+functions[_awsso__subcmd__help__subcmd__exec_commands] )) ||
_awsso__subcmd__help__subcmd__exec_commands() {
    local commands; commands=()
    _describe -t commands 'awsso help exec commands' commands "$@"
}
(( $+functions[_awsso__subcmd__help__subcmd__help_commands] )) ||
_awsso__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'awsso help help commands' commands "$@"
}
(( $+functions[_awsso__subcmd__help__subcmd__list_commands] )) ||
_awsso__subcmd__help__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'awsso help list commands' commands "$@"
}
(( $+functions[_awsso__subcmd__help__subcmd__login_commands] )) ||
_awsso__subcmd__help__subcmd__login_commands() {
    local commands; commands=()
    _describe -t commands 'awsso help login commands' commands "$@"
}
(( $+functions[_awsso__subcmd__help__subcmd__logout_commands] )) ||
_awsso__subcmd__help__subcmd__logout_commands() {
    local commands; commands=()
    _describe -t commands 'awsso help logout commands' commands "$@"
}
(( $+functions[_awsso__subcmd__help__subcmd__status_commands] )) ||
_awsso__subcmd__help__subcmd__status_commands() {
    local commands; commands=()
    _describe -t commands 'awsso help status commands' commands "$@"
}
(( $+functions[_awsso__subcmd__help__subcmd__write-default_commands] )) ||
_awsso__subcmd__help__subcmd__write-default_commands() {
    local commands; commands=()
    _describe -t commands 'awsso help write-default commands' commands "$@"
}
(( $+functions[_awsso__subcmd__list_commands] )) ||
_awsso__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'awsso list commands' commands "$@"
}
(( $+functions[_awsso__subcmd__login_commands] )) ||
_awsso__subcmd__login_commands() {
    local commands; commands=()
    _describe -t commands 'awsso login commands' commands "$@"
}
(( $+functions[_awsso__subcmd__logout_commands] )) ||
_awsso__subcmd__logout_commands() {
    local commands; commands=()
    _describe -t commands 'awsso logout commands' commands "$@"
}
(( $+functions[_awsso__subcmd__status_commands] )) ||
_awsso__subcmd__status_commands() {
    local commands; commands=()
    _describe -t commands 'awsso status commands' commands "$@"
}
(( $+functions[_awsso__subcmd__write-default_commands] )) ||
_awsso__subcmd__write-default_commands() {
    local commands; commands=()
    _describe -t commands 'awsso write-default commands' commands "$@"
}

if [ "$funcstack[1]" = "_awsso" ]; then
    _awsso "$@"
else
    compdef _awsso awsso
fi
