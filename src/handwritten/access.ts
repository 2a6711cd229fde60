// Where calls go and with what credentials: the Manila endpoint (given, or
// found by the auth provider in the service catalog) and the token.
import { ValidationError } from './errors.js';
import { registerSecret } from './redaction.js';
import { Once, type Waiting } from './shared-work.js';

/** Supplies tokens. Keystone auth implements it; a static token is the simplest one. */
export interface AuthProvider {
  getToken(signal?: AbortSignal): Promise<string>;
  /** A token usable right now without waiting, if there is one (skips a promise per call). */
  peekToken?(): string | undefined;
  /**
   * Drop the token that was refused (the current one when none is named);
   * the next getToken() authenticates anew. Enables one retry on 401.
   */
  invalidate?(refused?: string): void;
  /** The Manila endpoint, for providers that find it (KeystoneAuth reads the catalog). */
  getEndpoint?(signal?: AbortSignal): Promise<string>;
}

/** A token you already have, kept out of logs, errors and inspect output. */
export class StaticToken implements AuthProvider {
  #token: string;
  constructor(token: string) {
    if (typeof token !== 'string' || !token) throw new ValidationError('StaticToken', 'the token must be a non-empty string');
    this.#token = token;
    registerSecret(token);
  }
  async getToken(): Promise<string> {
    return this.#token;
  }
  peekToken(): string {
    return this.#token;
  }
  toString(): string {
    return 'StaticToken(hidden)';
  }
  toJSON(): string {
    return 'StaticToken(hidden)';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'StaticToken(hidden)';
  }
}

export interface Access {
  auth: AuthProvider;
  /** The endpoint without a trailing slash. */
  endpoint: Once<string>;
}

export function createAccess(options: { endpoint?: string; token?: string; auth?: AuthProvider }): Access {
  if (!options?.token && !options?.auth) throw new ValidationError('createManilaClient', 'give a token or an auth provider');
  const auth: AuthProvider = options.auth ?? new StaticToken(options.token!);
  if (!options.endpoint && !auth.getEndpoint) {
    throw new ValidationError('createManilaClient', 'endpoint is required unless the auth provider finds it (KeystoneAuth)');
  }
  const given = options.endpoint;
  if (given !== undefined) checkEndpoint(given);
  const endpoint = new Once<string>(async () => {
    const url = given ?? (await auth.getEndpoint!());
    checkEndpoint(url);
    return url.replace(/\/+$/, '');
  });
  return { auth, endpoint };
}

function checkEndpoint(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ValidationError('createManilaClient', `the endpoint "${url}" is not a URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ValidationError('createManilaClient', `the endpoint must be http or https, not ${u.protocol}`);
  if (u.username || u.password) throw new ValidationError('createManilaClient', 'the endpoint must not carry credentials');
}

export type { Waiting };
