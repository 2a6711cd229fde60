"""Populates the bed's Keystone after `keystone-manage bootstrap`.

Idempotent: a member user in a second project, the manila service user, the
Manila catalog entries (one templated, one plain, under two service types),
and an application credential of the member user. Prints a JSON summary
(ids and the application credential secret) for the bed's env file.
"""
import json
import os
import sys
import urllib.error
import urllib.request

KS = os.environ['KS_URL'].rstrip('/') + '/v3'
MANILA = os.environ['MANILA_URL'].rstrip('/')
ADMIN_PW = os.environ['KS_ADMIN_PASSWORD']
MEMBER_PW = os.environ['KS_MEMBER_PASSWORD']
SERVICE_PW = os.environ['KS_SERVICE_PASSWORD']
STATE_FILE = os.environ['KS_STATE_FILE']


def call(method, path, body=None, token=None, expect=(200, 201, 204)):
    req = urllib.request.Request(KS + path, method=method)
    req.add_header('Content-Type', 'application/json')
    if token:
        req.add_header('X-Auth-Token', token)
    data = json.dumps(body).encode() if body is not None else None
    try:
        with urllib.request.urlopen(req, data, timeout=30) as resp:
            raw = resp.read()
            return resp.status, dict(resp.headers), json.loads(raw) if raw else None
    except urllib.error.HTTPError as err:
        if err.code in expect:
            return err.code, dict(err.headers), None
        raise SystemExit('%s %s -> %s %s' % (method, path, err.code, err.read()[:300]))


def token_for(user, password, project):
    body = {'auth': {'identity': {'methods': ['password'], 'password': {
        'user': {'name': user, 'domain': {'id': 'default'}, 'password': password}}},
        'scope': {'project': {'name': project, 'domain': {'id': 'default'}}}}}
    _, headers, _ = call('POST', '/auth/tokens', body)
    return headers['X-Subject-Token']


def find(token, collection, **query):
    qs = '&'.join('%s=%s' % kv for kv in query.items())
    _, _, body = call('GET', '/%s?%s' % (collection, qs), token=token)
    items = body[collection]
    return items[0] if items else None


def ensure(token, collection, key, attrs, **query):
    found = find(token, collection, **query)
    if found:
        return found
    _, _, body = call('POST', '/' + collection, {key: attrs}, token=token)
    return body[key]


def main():
    admin = token_for('admin', ADMIN_PW, 'admin')
    roles = {r['name']: r['id'] for r in call('GET', '/roles', token=admin)[2]['roles']}
    demo = ensure(admin, 'projects', 'project', {'name': 'demo', 'domain_id': 'default'}, name='demo')
    service = ensure(admin, 'projects', 'project', {'name': 'service', 'domain_id': 'default'}, name='service')
    member = ensure(admin, 'users', 'user', {'name': 'member', 'domain_id': 'default', 'password': MEMBER_PW,
                                             'default_project_id': demo['id']}, name='member')
    manila = ensure(admin, 'users', 'user', {'name': 'manila', 'domain_id': 'default', 'password': SERVICE_PW},
                    name='manila')
    admin_user = find(admin, 'users', name='admin')
    # Lets the tests take a domain-scoped token.
    call('PUT', '/domains/default/users/%s/roles/%s' % (admin_user['id'], roles['admin']), token=admin)
    call('PUT', '/projects/%s/users/%s/roles/%s' % (demo['id'], member['id'], roles['member']), token=admin)
    call('PUT', '/projects/%s/users/%s/roles/%s' % (service['id'], manila['id'], roles['admin']), token=admin)
    call('PUT', '/projects/%s/users/%s/roles/%s' % (service['id'], manila['id'], roles['service']), token=admin)

    # The official type with a templated public URL, the v2 alias with a
    # plain one: discovery must cope with both.
    endpoints = {
        ('shared-file-system', 'manila'): {'public': MANILA + '/%(project_id)s', 'internal': MANILA, 'admin': MANILA},
        ('sharev2', 'manilav2'): {'public': MANILA, 'internal': MANILA, 'admin': MANILA},
    }
    for (stype, name), urls in endpoints.items():
        svc = ensure(admin, 'services', 'service', {'type': stype, 'name': name}, type=stype)
        existing = call('GET', '/endpoints?service_id=%s' % svc['id'], token=admin)[2]['endpoints']
        have = {e['interface']: e for e in existing}
        for iface, url in urls.items():
            if iface in have and have[iface]['url'] == url:
                continue
            if iface in have:
                call('DELETE', '/endpoints/%s' % have[iface]['id'], token=admin)
            call('POST', '/endpoints', {'endpoint': {'service_id': svc['id'], 'interface': iface, 'url': url,
                                                     'region_id': 'RegionOne'}}, token=admin)

    state = {}
    if os.path.exists(STATE_FILE):
        with open(STATE_FILE) as f:
            state = json.load(f)
    member_token = token_for('member', MEMBER_PW, 'demo')
    cred_path = '/users/%s/application_credentials' % member['id']
    creds = call('GET', cred_path + '?name=sdk-testbed', token=member_token)[2]['application_credentials']
    if not (creds and state.get('appcred_id') == creds[0]['id'] and state.get('appcred_secret')):
        for c in creds:
            call('DELETE', '%s/%s' % (cred_path, c['id']), token=member_token)
        _, _, body = call('POST', cred_path, {'application_credential': {'name': 'sdk-testbed'}}, token=member_token)
        state['appcred_id'] = body['application_credential']['id']
        state['appcred_secret'] = body['application_credential']['secret']
    state.update({'demo_project_id': demo['id'], 'member_user_id': member['id']})
    with open(STATE_FILE, 'w') as f:
        json.dump(state, f)
    json.dump(state, sys.stdout)


if __name__ == '__main__':
    main()
