// Settles the microversion once per client: the version document's range
// against the highest the spec knows (or the version the user pinned).
import { InvalidResponseError, ManilaError } from './errors.js';
import { authorizedSend, parseBody, type ExchangeContext } from './exchange.js';
import { chooseVersion, versionDocumentUrl, type NegotiatedVersion } from './microversion.js';
import { Once } from './shared-work.js';
import { requestIdOf } from './transport.js';

export function createNegotiation(ctx: ExchangeContext, o: { pinned?: string; clientMax: string }): Once<NegotiatedVersion> {
  if (o.pinned) {
    const pinned = new Once(async () => ({ version: o.pinned! }));
    return pinned;
  }
  return new Once(async () => {
    const endpoint = await ctx.access.endpoint.get({ what: 'finding the endpoint' });
    const url = versionDocumentUrl(endpoint);
    const path = new URL(url).pathname;
    const ex = await authorizedSend(ctx, {
      method: 'GET',
      url,
      path,
      operation: 'versions.discover',
      headers: { Accept: 'application/json', 'User-Agent': ctx.userAgent },
    });
    const body = parseBody(ex.text) as { versions?: Array<{ version?: unknown; min_version?: unknown }> } | undefined;
    const versions = Array.isArray(body?.versions) ? body.versions : undefined;
    const v2 = versions?.find((v) => v && typeof v.version === 'string' && v.version) ?? versions?.[0];
    if (!v2 || typeof v2.version !== 'string' || !/^\d+\.\d+$/.test(v2.version)) {
      throw new InvalidResponseError('GET', path, ex.status, requestIdOf(ex.headers), 'a version document that names no microversion', 'versions.discover');
    }
    const serverMin = typeof v2.min_version === 'string' && /^\d+\.\d+$/.test(v2.min_version) ? v2.min_version : '2.0';
    const serverMax = v2.version;
    try {
      return { version: chooseVersion({ min: serverMin, max: serverMax }, o.clientMax), serverMin, serverMax };
    } catch (err) {
      throw new ManilaError((err as Error).message);
    }
  });
}
