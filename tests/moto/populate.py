"""Fills a moto server with an organization, an Identity Center instance and assignments, then
prints the rows `awsso assignments` must list (aws-sso-util's CSV columns, names looked up) as
JSON on stdout. Used by tests/integration/cases/assignments.rs (test `against_moto`).

    python3 tests/moto/populate.py http://127.0.0.1:PORT
"""

import json
import sys

import boto3

URL = sys.argv[1]
REGION = "us-east-1"


def client(name):
    return boto3.client(
        name,
        endpoint_url=URL,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


org = client("organizations")
sso = client("sso-admin")
ids = client("identitystore")

org.create_organization(FeatureSet="ALL")
root = org.list_roots()["Roots"][0]["Id"]
prod = org.create_organizational_unit(ParentId=root, Name="Production")["OrganizationalUnit"]["Id"]
prod_eu = org.create_organizational_unit(ParentId=prod, Name="Production EU")["OrganizationalUnit"]["Id"]
dev = org.create_organizational_unit(ParentId=root, Name="Development")["OrganizationalUnit"]["Id"]
parents = [root, prod, prod_eu, dev]

accounts = {}  # id -> (name, parent)
for i in range(40):
    name = f"acct-{i:02d}" if i != 7 else 'Data, "Lake"'
    status = org.create_account(AccountName=name, Email=f"acct-{i:02d}@example.com")["CreateAccountStatus"]
    account_id = status["AccountId"]
    parent = parents[i % 4]
    if parent != root:
        org.move_account(AccountId=account_id, SourceParentId=root, DestinationParentId=parent)
    accounts[account_id] = (name, parent)
# The management account is an account of the organization too.
for page in org.get_paginator("list_accounts").paginate():
    for a in page["Accounts"]:
        accounts.setdefault(a["Id"], (a["Name"], root))

instance = sso.list_instances()["Instances"][0]
instance_arn = instance["InstanceArn"]
store = instance["IdentityStoreId"]

users = {}
for name in ["alice@example.com", "bob@example.com"]:
    uid = ids.create_user(
        IdentityStoreId=store, UserName=name, DisplayName=name,
        Name={"GivenName": name.split("@")[0], "FamilyName": "Example"},
    )["UserId"]
    users[uid] = name
groups = {}
for name in ["Admins", 'Auditors, "Inc"']:
    gid = ids.create_group(IdentityStoreId=store, DisplayName=name)["GroupId"]
    groups[gid] = name
# A user deleted after being assigned keeps its assignments, without a name.
gone = ids.create_user(
    IdentityStoreId=store, UserName="gone@example.com", DisplayName="gone",
    Name={"GivenName": "gone", "FamilyName": "Example"},
)["UserId"]

permission_sets = {}
for name in ["AdministratorAccess", "ReadOnlyAccess", "Billing"]:
    arn = sso.create_permission_set(InstanceArn=instance_arn, Name=name, SessionDuration="PT1H")["PermissionSet"]["PermissionSetArn"]
    permission_sets[arn] = name
admin_ps, read_ps, billing_ps = list(permission_sets)

rows = []


def assign(account_id, ps, kind, pid, name):
    sso.create_account_assignment(
        InstanceArn=instance_arn, TargetId=account_id, TargetType="AWS_ACCOUNT",
        PermissionSetArn=ps, PrincipalType=kind, PrincipalId=pid,
    )
    rows.append([instance_arn, kind, pid, name, ps, permission_sets[ps], "AWS_ACCOUNT", account_id, accounts[account_id][0]])


admins = next(g for g, n in groups.items() if n == "Admins")
auditors = next(g for g, n in groups.items() if n != "Admins")
alice = next(u for u, n in users.items() if n.startswith("alice"))
bob = next(u for u, n in users.items() if n.startswith("bob"))
for i, (account_id, (name, parent)) in enumerate(sorted(accounts.items())):
    assign(account_id, admin_ps, "GROUP", admins, "Admins")
    if parent in (prod, prod_eu):
        assign(account_id, read_ps, "GROUP", auditors, groups[auditors])
    if i % 5 == 0:
        assign(account_id, billing_ps, "USER", alice, users[alice])
    if i % 7 == 0:
        assign(account_id, read_ps, "USER", bob, users[bob])
    if i == 3:
        assign(account_id, read_ps, "USER", gone, "")
ids.delete_user(IdentityStoreId=store, UserId=gone)
# moto provisions a permission set only on ProvisionPermissionSet.
for ps in permission_sets:
    sso.provision_permission_set(InstanceArn=instance_arn, PermissionSetArn=ps, TargetType="ALL_PROVISIONED_ACCOUNTS")

json.dump({
    "rows": sorted(rows),
    "root": root, "prod": prod, "prod_eu": prod_eu, "dev": dev,
    "accounts": {k: {"name": v[0], "parent": v[1]} for k, v in accounts.items()},
}, sys.stdout)
