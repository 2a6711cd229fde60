# noauth answers token-less requests (the version document) with an empty
# 204; a default token makes discovery behave as on a real cloud.
class DefaultToken(object):
    def __init__(self, app, token):
        self.app, self.token = app, token

    def __call__(self, environ, start_response):
        environ.setdefault('HTTP_X_AUTH_TOKEN', self.token)
        return self.app(environ, start_response)


def filter_factory(global_conf, **local_conf):
    token = local_conf.get('token', 'admin:admin')
    return lambda app: DefaultToken(app, token)
