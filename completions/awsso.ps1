
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'awsso' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'awsso'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'awsso' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in to Identity Center and cache the token where the AWS CLI and SDKs find it')
            [CompletionResult]::new('credential-process', 'credential-process', [CompletionResultType]::ParameterValue, 'Print role credentials as `credential_process` JSON (for ~/.aws/config)')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'Print lines that set role credentials as environment variables (for `eval`)')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command with role credentials (and region) in its environment')
            [CompletionResult]::new('write-default', 'write-default', [CompletionResultType]::ParameterValue, 'Write a role''s temporary credentials into ~/.aws/credentials ([default] by default)')
            [CompletionResult]::new('discover', 'discover', [CompletionResultType]::ParameterValue, 'Write one profile per account and role you can reach into the AWS config file')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the accounts and roles you can reach (one line each, streamed as pages arrive)')
            [CompletionResult]::new('assignments', 'assignments', [CompletionResultType]::ParameterValue, 'List every Identity Center assignment: who has which permission set in which account')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the login state of every SSO session in the config file and the token cache')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Log out: revoke the SSO token and delete it and awsso''s cached role credentials')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Find configuration problems that break SSO logins and credentials, with their fixes')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script on stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'awsso;login' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)')
            [CompletionResult]::new('--sso-session', '--sso-session', [CompletionResultType]::ParameterName, 'An `[sso-session NAME]` section of the AWS config file')
            [CompletionResult]::new('--start-url', '--start-url', [CompletionResultType]::ParameterName, 'The Identity Center start URL (with --sso-region), without any config file')
            [CompletionResult]::new('--sso-region', '--sso-region', [CompletionResultType]::ParameterName, 'The region of the Identity Center instance (with --start-url)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up when the login is not completed in time')
            [CompletionResult]::new('--use-device-code', '--use-device-code', [CompletionResultType]::ParameterName, 'Use the device code flow (a code to confirm in any browser, on any machine)')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Never open a browser; print the URL and code instead (implies the device code flow)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Log in even when the cached token is still valid')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'awsso;credential-process' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)')
            [CompletionResult]::new('--sso-session', '--sso-session', [CompletionResultType]::ParameterName, 'An `[sso-session NAME]` section of the AWS config file')
            [CompletionResult]::new('--start-url', '--start-url', [CompletionResultType]::ParameterName, 'The Identity Center start URL (with --sso-region), without any config file')
            [CompletionResult]::new('--sso-region', '--sso-region', [CompletionResultType]::ParameterName, 'The region of the Identity Center instance (with --start-url)')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'The AWS account ID (overrides the profile''s sso_account_id)')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role (permission set) name (overrides the profile''s sso_role_name)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'The role as an ARN: arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'The role as an ARN: arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME')
            [CompletionResult]::new('--min-remaining', '--min-remaining', [CompletionResultType]::ParameterName, 'Serve cached credentials only while at least this much validity is left')
            [CompletionResult]::new('--login', '--login', [CompletionResultType]::ParameterName, 'Run the login flow when the token has expired, instead of failing with a hint')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'awsso;env' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)')
            [CompletionResult]::new('--sso-session', '--sso-session', [CompletionResultType]::ParameterName, 'An `[sso-session NAME]` section of the AWS config file')
            [CompletionResult]::new('--start-url', '--start-url', [CompletionResultType]::ParameterName, 'The Identity Center start URL (with --sso-region), without any config file')
            [CompletionResult]::new('--sso-region', '--sso-region', [CompletionResultType]::ParameterName, 'The region of the Identity Center instance (with --start-url)')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'The AWS account ID (overrides the profile''s sso_account_id)')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role (permission set) name (overrides the profile''s sso_role_name)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'The role as an ARN: arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'The role as an ARN: arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The syntax of the lines')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Also export AWS_REGION and AWS_DEFAULT_REGION with this value (default: the profile''s region)')
            [CompletionResult]::new('--min-remaining', '--min-remaining', [CompletionResultType]::ParameterName, 'Serve cached credentials only while at least this much validity is left')
            [CompletionResult]::new('--unset', '--unset', [CompletionResultType]::ParameterName, 'Print the lines that remove the variables instead (needs no login)')
            [CompletionResult]::new('--login', '--login', [CompletionResultType]::ParameterName, 'Run the login flow when the token has expired, instead of failing with a hint')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'awsso;exec' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)')
            [CompletionResult]::new('--sso-session', '--sso-session', [CompletionResultType]::ParameterName, 'An `[sso-session NAME]` section of the AWS config file')
            [CompletionResult]::new('--start-url', '--start-url', [CompletionResultType]::ParameterName, 'The Identity Center start URL (with --sso-region), without any config file')
            [CompletionResult]::new('--sso-region', '--sso-region', [CompletionResultType]::ParameterName, 'The region of the Identity Center instance (with --start-url)')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'The AWS account ID (overrides the profile''s sso_account_id)')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role (permission set) name (overrides the profile''s sso_role_name)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'The role as an ARN: arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'The role as an ARN: arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Set AWS_REGION and AWS_DEFAULT_REGION to this value (default: the profile''s region)')
            [CompletionResult]::new('--min-remaining', '--min-remaining', [CompletionResultType]::ParameterName, 'Serve cached credentials only while at least this much validity is left')
            [CompletionResult]::new('--login', '--login', [CompletionResultType]::ParameterName, 'Run the login flow when the token has expired, instead of failing with a hint')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Run even inside another `awsso exec` (AWSSO_PROFILE is set)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'awsso;write-default' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)')
            [CompletionResult]::new('--sso-session', '--sso-session', [CompletionResultType]::ParameterName, 'An `[sso-session NAME]` section of the AWS config file')
            [CompletionResult]::new('--start-url', '--start-url', [CompletionResultType]::ParameterName, 'The Identity Center start URL (with --sso-region), without any config file')
            [CompletionResult]::new('--sso-region', '--sso-region', [CompletionResultType]::ParameterName, 'The region of the Identity Center instance (with --start-url)')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'The AWS account ID (overrides the profile''s sso_account_id)')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role (permission set) name (overrides the profile''s sso_role_name)')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'The role as an ARN: arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'The role as an ARN: arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME')
            [CompletionResult]::new('--target-profile', '--target-profile', [CompletionResultType]::ParameterName, 'The section of the credentials file to write')
            [CompletionResult]::new('--min-remaining', '--min-remaining', [CompletionResultType]::ParameterName, 'Re-use cached role credentials only while at least this much validity is left')
            [CompletionResult]::new('--login', '--login', [CompletionResultType]::ParameterName, 'Log in if needed instead of failing')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'awsso;discover' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)')
            [CompletionResult]::new('--sso-session', '--sso-session', [CompletionResultType]::ParameterName, 'An `[sso-session NAME]` section of the AWS config file')
            [CompletionResult]::new('--start-url', '--start-url', [CompletionResultType]::ParameterName, 'The Identity Center start URL (with --sso-region), without any config file')
            [CompletionResult]::new('--sso-region', '--sso-region', [CompletionResultType]::ParameterName, 'The region of the Identity Center instance (with --start-url)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, '`region =` in generated profiles (default: the selected profile''s region)')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'How the generated profiles get credentials')
            [CompletionResult]::new('--name-template', '--name-template', [CompletionResultType]::ParameterName, 'Profile names: {account_id}, {account_name}, {role_name}, {session}; sanitised to letters, digits and _ - / . % @ : +')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Report format on stdout (json: what was, or would be, written)')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Requests per second to Identity Center, shared by all requests (it throttles at ~20/s per instance)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at most')
            [CompletionResult]::new('--login', '--login', [CompletionResultType]::ParameterName, 'Add --login to the generated credential_process lines (open the browser when the session has expired), and log in now if needed')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Also take over profiles with a generated name that awsso did not write')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Remove awsso''s profiles of this session whose account or role is gone')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print a unified diff of the config file on stdout and write nothing')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'awsso;list' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)')
            [CompletionResult]::new('--sso-session', '--sso-session', [CompletionResultType]::ParameterName, 'An `[sso-session NAME]` section of the AWS config file')
            [CompletionResult]::new('--start-url', '--start-url', [CompletionResultType]::ParameterName, 'The Identity Center start URL (with --sso-region), without any config file')
            [CompletionResult]::new('--sso-region', '--sso-region', [CompletionResultType]::ParameterName, 'The region of the Identity Center instance (with --start-url)')
            [CompletionResult]::new('--account-id', '--account-id', [CompletionResultType]::ParameterName, 'Only this account''s roles')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Requests per second to Identity Center, shared by all requests (it throttles at ~20/s per instance)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at most')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Accounts only (no ListAccountRoles calls)')
            [CompletionResult]::new('--login', '--login', [CompletionResultType]::ParameterName, 'Log in if needed instead of failing')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'awsso;assignments' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The AWS profile whose credentials to use (default: AWS_PROFILE, then the default chain)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The AWS profile whose credentials to use (default: AWS_PROFILE, then the default chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The region of the Identity Center instance (default: AWS_REGION, then the profile''s)')
            [CompletionResult]::new('--instance-arn', '--instance-arn', [CompletionResultType]::ParameterName, 'The Identity Center instance (default: looked up with ListInstances)')
            [CompletionResult]::new('--ins', '--ins', [CompletionResultType]::ParameterName, 'The Identity Center instance (default: looked up with ListInstances)')
            [CompletionResult]::new('--identity-store-id', '--identity-store-id', [CompletionResultType]::ParameterName, 'The identity store (default: looked up with ListInstances)')
            [CompletionResult]::new('--id-store', '--id-store', [CompletionResultType]::ParameterName, 'The identity store (default: looked up with ListInstances)')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Only groups with this id, or whose display name matches this regex (repeatable)')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Only groups with this id, or whose display name matches this regex (repeatable)')
            [CompletionResult]::new('-u', '-u', [CompletionResultType]::ParameterName, 'Only users with this id, or whose user name matches this regex (repeatable)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Only users with this id, or whose user name matches this regex (repeatable)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Only this permission set: ARN, ps-… id, or a regex on its name (repeatable)')
            [CompletionResult]::new('--permission-set', '--permission-set', [CompletionResultType]::ParameterName, 'Only this permission set: ARN, ps-… id, or a regex on its name (repeatable)')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Only this account: 12-digit id, or a regex on its name (repeatable)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Only this account: 12-digit id, or a regex on its name (repeatable)')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'Only the accounts in this OU or root (ou-…, r-…; repeatable)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Requests per second over all calls (Identity Center throttles at ~20/s)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at most')
            [CompletionResult]::new('--ou-recursive', '--ou-recursive', [CompletionResultType]::ParameterName, 'With --ou: include the accounts of child OUs, recursively')
            [CompletionResult]::new('--no-lookup-names', '--no-lookup-names', [CompletionResultType]::ParameterName, 'Do not look up user, group, permission set and account names (fewer calls; names that a listing returns anyway, or that a name filter needs, are still shown)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'awsso;status' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Lines for humans or JSON for scripts')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'awsso;logout' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile in the AWS config file, in the `sso_session` or legacy `sso_start_url` format (default: AWS_PROFILE, for commands that do not need an explicit target)')
            [CompletionResult]::new('--sso-session', '--sso-session', [CompletionResultType]::ParameterName, 'An `[sso-session NAME]` section of the AWS config file')
            [CompletionResult]::new('--start-url', '--start-url', [CompletionResultType]::ParameterName, 'The Identity Center start URL (with --sso-region), without any config file')
            [CompletionResult]::new('--sso-region', '--sso-region', [CompletionResultType]::ParameterName, 'The region of the Identity Center instance (with --start-url)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Log out of every session found in the token cache folder')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'awsso;doctor' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Check only this profile (and its session''s token) instead of every profile')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Check only this profile (and its session''s token) instead of every profile')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Lines for humans or JSON for scripts')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'awsso;completions' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More logging on stderr (-v: decisions and API calls, -vv: every step). Secrets are never logged')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors and warnings on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'awsso;help' {
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in to Identity Center and cache the token where the AWS CLI and SDKs find it')
            [CompletionResult]::new('credential-process', 'credential-process', [CompletionResultType]::ParameterValue, 'Print role credentials as `credential_process` JSON (for ~/.aws/config)')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'Print lines that set role credentials as environment variables (for `eval`)')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command with role credentials (and region) in its environment')
            [CompletionResult]::new('write-default', 'write-default', [CompletionResultType]::ParameterValue, 'Write a role''s temporary credentials into ~/.aws/credentials ([default] by default)')
            [CompletionResult]::new('discover', 'discover', [CompletionResultType]::ParameterValue, 'Write one profile per account and role you can reach into the AWS config file')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the accounts and roles you can reach (one line each, streamed as pages arrive)')
            [CompletionResult]::new('assignments', 'assignments', [CompletionResultType]::ParameterValue, 'List every Identity Center assignment: who has which permission set in which account')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the login state of every SSO session in the config file and the token cache')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Log out: revoke the SSO token and delete it and awsso''s cached role credentials')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Find configuration problems that break SSO logins and credentials, with their fixes')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script on stdout')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'awsso;help;login' {
            break
        }
        'awsso;help;credential-process' {
            break
        }
        'awsso;help;env' {
            break
        }
        'awsso;help;exec' {
            break
        }
        'awsso;help;write-default' {
            break
        }
        'awsso;help;discover' {
            break
        }
        'awsso;help;list' {
            break
        }
        'awsso;help;assignments' {
            break
        }
        'awsso;help;status' {
            break
        }
        'awsso;help;logout' {
            break
        }
        'awsso;help;doctor' {
            break
        }
        'awsso;help;completions' {
            break
        }
        'awsso;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
