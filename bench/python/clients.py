"""The Python clients on the benchmark's Manila imitation, and on the test bed.

  clients.py show <openstacksdk|manilaclient> <endpoint> <calls>   -> {"ms_per_call": ...}
  clients.py walk <openstacksdk|manilaclient> <endpoint> <total>   -> {"ms", "items", "maxRssMiB"}
  clients.py scenario <clouds.yaml> <cloud>                        -> {"ms", "requests"}
"""
import json
import resource
import sys
import time

SHARE = "0b5e8f4c-5cd4-4c6f-a4f6-3a5b2f2c5a11"


def openstacksdk(endpoint):
    import openstack

    return openstack.connect(
        auth_type="admin_token",
        auth={"token": "bench-token", "endpoint": endpoint},
        shared_file_system_endpoint_override=endpoint,
        shared_file_system_api_version="2",
    )


def manilaclient(endpoint):
    from manilaclient import client

    return client.Client("2.65", input_auth_token="bench-token", service_catalog_url=endpoint)


def show(lib, endpoint, calls):
    if lib == "openstacksdk":
        conn = openstacksdk(endpoint)
        get = lambda: conn.shared_file_system.get_share(SHARE)
    else:
        c = manilaclient(endpoint)
        get = lambda: c.shares.get(SHARE)
    for _ in range(20):
        get()
    started = time.perf_counter()
    for _ in range(calls):
        get()
    return {"ms_per_call": (time.perf_counter() - started) * 1000 / calls}


def walk(lib, endpoint, total):
    started = time.perf_counter()
    if lib == "openstacksdk":
        items = sum(1 for _ in openstacksdk(endpoint).shared_file_system.shares(details=False))
    else:
        items = len(manilaclient(endpoint).shares.list(detailed=False))
    ms = (time.perf_counter() - started) * 1000
    return {"ms": ms, "items": items, "maxRssMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def scenario(clouds_yaml, cloud):
    """What a python-manilaclient user writes: each step, then a poll loop of one second."""
    import os

    import openstack.config
    from keystoneauth1 import session as ks_session
    from manilaclient import client

    os.environ["OS_CLIENT_CONFIG_FILE"] = clouds_yaml
    region = openstack.config.OpenStackConfig().get_one(cloud)
    sess = region.get_session()
    requests = [0]
    original = ks_session.Session.request

    def counting(self, *a, **kw):
        requests[0] += 1
        return original(self, *a, **kw)

    ks_session.Session.request = counting
    c = client.Client("2.65", session=sess, service_type="shared-file-system")

    def wait(get, ready, gone=False):
        while True:
            try:
                obj = get()
            except Exception as err:  # noqa: BLE001 - a 404 ends a deletion wait
                if gone and "404" in str(getattr(err, "code", "")) + str(err):
                    return None
                raise
            status = getattr(obj, "status", None) or getattr(obj, "state", None)
            if status in ready:
                return obj
            if status and "error" in status:
                raise RuntimeError(f"{status}")
            time.sleep(1)

    started = time.perf_counter()
    name = f"benchpy-{int(time.time() * 1000)}"
    share = c.shares.create("NFS", 1, name=name, metadata={"purpose": "bench"})
    wait(lambda: c.shares.get(share.id), {"available"})
    c.shares.extend(share.id, 2)
    wait(lambda: c.shares.get(share.id), {"available"})
    snap = c.share_snapshots.create(share.id, name=name)
    wait(lambda: c.share_snapshots.get(snap.id), {"available"})
    rule = c.shares.allow(share.id, "ip", "10.9.0.0/24", "rw")
    wait(lambda: c.share_access_rules.get(rule["id"]), {"active"})
    c.shares.set_metadata(share.id, {"tier": "gold"})
    found = c.shares.list(search_opts={"name": name})
    assert len(found) == 1
    c.share_snapshots.delete(snap.id)
    wait(lambda: c.share_snapshots.get(snap.id), set(), gone=True)
    c.shares.delete(share.id)
    wait(lambda: c.shares.get(share.id), set(), gone=True)
    return {"ms": (time.perf_counter() - started) * 1000, "requests": requests[0]}


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "show":
        print(json.dumps(show(sys.argv[2], sys.argv[3], int(sys.argv[4]))))
    elif cmd == "walk":
        print(json.dumps(walk(sys.argv[2], sys.argv[3], int(sys.argv[4]))))
    elif cmd == "scenario":
        print(json.dumps(scenario(sys.argv[2], sys.argv[3])))
