#!/usr/bin/python3
"""vault-hvac-client.py -- drive python3-hvac (an independent Vault client,
Debian's python3-hvac) against a Vault address, for kms-t's cross-check of
the Vault test double (tests/fcgi/vault-kv2-double.py) and of duetd's own
client: both must agree with hvac's view of Vault's KV v2 API.

Environment: VAULT_ADDR, VAULT_TOKEN, optional VAULT_NAMESPACE,
VAULT_MOUNT (default "secret").

  write PATH JSON   create_or_update_secret(PATH, JSON, cas=0); prints the
                    new version
  read PATH         read_secret_version(PATH); prints data.data as JSON
  delete PATH       delete_metadata_and_all_versions(PATH)
  health            sys.read_health_status(method="HEAD"); prints the
                    status code

Exit status: 0 done, 2 InvalidRequest (400), 3 InvalidPath (404),
4 Forbidden (403), 77 hvac is not installed, 1 anything else.
"""

import json
import os
import sys

try:
    import hvac
    import hvac.exceptions
except ImportError:
    sys.exit(77)


def main(argv):
    client = hvac.Client(url=os.environ["VAULT_ADDR"],
                         token=os.environ["VAULT_TOKEN"],
                         namespace=os.environ.get("VAULT_NAMESPACE") or None)
    mount = os.environ.get("VAULT_MOUNT") or "secret"
    kv = client.secrets.kv.v2
    cmd = argv[1]
    try:
        if cmd == "write":
            r = kv.create_or_update_secret(path=argv[2],
                                           secret=json.loads(argv[3]),
                                           cas=0, mount_point=mount)
            print(r["data"]["version"])
        elif cmd == "read":
            r = kv.read_secret_version(path=argv[2], mount_point=mount)
            print(json.dumps(r["data"]["data"], separators=(",", ":"),
                             sort_keys=True))
        elif cmd == "delete":
            kv.delete_metadata_and_all_versions(path=argv[2],
                                                mount_point=mount)
        elif cmd == "health":
            r = client.sys.read_health_status(method="HEAD")
            print(r.status_code)
        else:
            return 1
    except hvac.exceptions.InvalidRequest:
        return 2
    except hvac.exceptions.InvalidPath:
        return 3
    except hvac.exceptions.Forbidden:
        return 4
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
