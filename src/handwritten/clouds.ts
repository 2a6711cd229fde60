// clouds.yaml, secure.yaml and OS_* variables, read the way openstacksdk
// reads them, turned into options for createManilaClient.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { CloudConfigError } from './errors.js';
import { KeystoneAuth, type KeystoneAuthOptions } from './keystone.js';
import { tlsFetch } from './tls-fetch.js';
import { StaticToken } from './access.js';
import { createManilaClient, type ManilaClient, type ManilaClientOptions } from './client.js';


export interface LoadCloudOptions {
  /** Defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Directories searched for clouds.yaml and secure.yaml, in order. */
  searchPath?: string[];
  /** Handed to the client and to Keystone. */
  fetch?: (input: Request) => Promise<Response>;
}

type Dict = Record<string, unknown>;

const FILE_NAMES = (base: string) => [`${base}.yaml`, `${base}.yml`];

function defaultSearchPath(): string[] {
  return [process.cwd(), join(homedir(), '.config', 'openstack'), '/etc/openstack'];
}

function isDict(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepMerge(a: Dict, b: Dict): Dict {
  const out: Dict = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isDict(v) && isDict(out[k]) ? deepMerge(out[k] as Dict, v) : v;
  return out;
}

function findFile(base: string, dirs: string[], override?: string): string | undefined {
  if (override) return existsSync(override) ? override : undefined;
  for (const dir of dirs) for (const name of FILE_NAMES(base)) if (existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

/** A clouds.yaml is a few kilobytes; these bound what a hostile one can cost. */
const MAX_FILE_BYTES = 1024 * 1024;
const MAX_NODES = 100_000;

function readYaml(file: string): Dict {
  let doc: unknown;
  const text = readFileSync(file, 'utf8');
  if (text.length > MAX_FILE_BYTES) throw new CloudConfigError(`${file} is larger than ${MAX_FILE_BYTES} bytes`);
  try {
    doc = yaml.load(text);
  } catch (err) {
    throw new CloudConfigError(`${file} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (doc !== undefined && doc !== null && !isDict(doc)) throw new CloudConfigError(`${file} must hold a mapping`);
  // Aliases are shared, not copied, when loaded: a few hundred bytes can
  // stand for billions of nodes once anything walks them. Count them as a walk would.
  let nodes = 0;
  const walk = (v: unknown): void => {
    if (++nodes > MAX_NODES) throw new CloudConfigError(`${file} expands to more than ${MAX_NODES} values (YAML aliases nested too deep)`);
    if (Array.isArray(v)) v.forEach(walk);
    else if (isDict(v)) Object.values(v).forEach(walk);
  };
  walk(doc);
  return (doc ?? {}) as Dict;
}

/** A setting that must be one value: a string, number or boolean, given as text. */
function str(v: unknown, key = 'a setting'): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'object') throw new CloudConfigError(`${key} must be a single value, not a ${Array.isArray(v) ? 'list' : 'mapping'}`);
  return String(v);
}

/**
 * A yes/no setting: booleans, or the words people write in environment
 * variables. Anything else is a mistake we say, not a guess.
 */
function yesNo(v: unknown, key: string): boolean | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'boolean') return v;
  const s = String(v).trim();
  if (/^(1|true|yes|on)$/i.test(s)) return true;
  if (/^(0|false|no|off)$/i.test(s)) return false;
  throw new CloudConfigError(`${key} must be true or false, not "${s.slice(0, 40)}"`);
}

/** Warned about once per process: a cloud whose certificates are not checked. */
const warnedInsecure = new Set<string>();

/** The `OS_*` variables as a cloud entry (openstacksdk's `envvars` cloud). */
function cloudFromEnv(env: Record<string, string | undefined>): Dict | undefined {
  const auth: Dict = {};
  const authKeys = [
    'auth_url', 'username', 'user_id', 'password', 'project_name', 'project_id', 'tenant_name', 'tenant_id',
    'user_domain_name', 'user_domain_id', 'project_domain_name', 'project_domain_id', 'domain_name', 'domain_id',
    'application_credential_id', 'application_credential_name', 'application_credential_secret', 'token',
    'system_scope', 'default_domain', 'endpoint',
  ];
  for (const k of authKeys) {
    const v = env[`OS_${k.toUpperCase()}`];
    if (v) auth[k] = v;
  }
  if (!Object.keys(auth).length) return undefined;
  const cloud: Dict = { auth };
  const top: Array<[string, string]> = [
    ['OS_AUTH_TYPE', 'auth_type'], ['OS_REGION_NAME', 'region_name'], ['OS_INTERFACE', 'interface'],
    ['OS_ENDPOINT_TYPE', 'interface'], ['OS_CACERT', 'cacert'], ['OS_INSECURE', 'insecure'],
    ['OS_SHARED_FILE_SYSTEM_API_VERSION', 'shared_file_system_api_version'],
    ['OS_SHARED_FILE_SYSTEM_ENDPOINT_OVERRIDE', 'shared_file_system_endpoint_override'],
    ['OS_SHARED_FILE_SYSTEM_DEFAULT_MICROVERSION', 'shared_file_system_default_microversion'],
    ['OS_SHARED_FILE_SYSTEM_SERVICE_TYPE', 'shared_file_system_service_type'],
    ['OS_SHARED_FILE_SYSTEM_INTERFACE', 'shared_file_system_interface'],
  ];
  for (const [envName, key] of top) if (env[envName] && cloud[key] === undefined) cloud[key] = env[envName];
  return cloud;
}

interface Located {
  name: string;
  cloud: Dict;
  /** Where the cloud came from, for error messages. */
  source: string;
}

function locate(name: string | undefined, opts: LoadCloudOptions): Located {
  const env = opts.env ?? process.env;
  const dirs = opts.searchPath ?? defaultSearchPath();
  const wanted = name ?? str(env.OS_CLOUD);
  const cloudsFile = findFile('clouds', dirs, str(env.OS_CLIENT_CONFIG_FILE));
  if (!wanted) {
    const fromEnv = cloudFromEnv(env);
    if (fromEnv) return { name: 'envvars', cloud: fromEnv, source: 'the OS_* environment variables' };
    throw new CloudConfigError('no cloud named: pass a name, set OS_CLOUD, or set OS_AUTH_URL and the other OS_* variables');
  }
  if (!cloudsFile) {
    throw new CloudConfigError(`cloud "${wanted}" asked for, but no clouds.yaml in ${dirs.join(', ')}${env.OS_CLIENT_CONFIG_FILE ? ` or at OS_CLIENT_CONFIG_FILE=${env.OS_CLIENT_CONFIG_FILE}` : ''}`);
  }
  const clouds = readYaml(cloudsFile).clouds;
  if (!isDict(clouds) || !isDict(clouds[wanted])) {
    const known = isDict(clouds) ? Object.keys(clouds).join(', ') : '';
    throw new CloudConfigError(`${cloudsFile} has no cloud "${wanted}" under "clouds"${known ? ` (it has: ${known})` : ''}`);
  }
  let cloud = clouds[wanted] as Dict;
  let source = `${cloudsFile} (clouds.${wanted})`;
  const secureFile = findFile('secure', dirs, str(env.OS_CLIENT_SECURE_FILE));
  if (secureFile) {
    const secure = readYaml(secureFile).clouds;
    if (isDict(secure) && isDict(secure[wanted])) {
      cloud = deepMerge(cloud, secure[wanted] as Dict);
      source += ` merged with ${secureFile}`;
    }
  }
  return { name: wanted, cloud, source };
}

/** The auth type names openstacksdk and keystoneauth accept, mapped to ours. */
function methodOf(authType: string | undefined, auth: Dict, where: string): KeystoneAuthOptions['method'] | 'static' {
  switch ((authType ?? '').replace(/-/g, '_')) {
    case '':
      if (auth.application_credential_secret) return 'applicationCredential';
      if (auth.password !== undefined) return 'password';
      if (auth.token) return auth.auth_url ? 'token' : 'static';
      return 'password';
    case 'password':
    case 'v3password':
      return 'password';
    case 'application_credential':
    case 'v3applicationcredential':
      return 'applicationCredential';
    case 'token':
    case 'v3token':
      return auth.auth_url ? 'token' : 'static';
    case 'admin_token':
    case 'static_token':
      return 'static';
    default:
      throw new CloudConfigError(`${where}: auth_type "${authType}" is not supported (password, v3applicationcredential, v3token, admin_token)`);
  }
}

/**
 * Reads a cloud from clouds.yaml/secure.yaml (or the OS_* variables) and
 * returns options for createManilaClient:
 * `createManilaClient(await loadCloud('mycloud'))`.
 */
export async function loadCloud(name?: string, opts: LoadCloudOptions = {}): Promise<ManilaClientOptions> {
  const { cloud, source } = locate(name, opts);
  const auth = (isDict(cloud.auth) ? cloud.auth : {}) as Dict;
  const need = (key: string): string => {
    const v = str(auth[key]);
    if (!v) throw new CloudConfigError(`${source}: auth.${key} is missing`);
    return v;
  };
  const method = methodOf(str(cloud.auth_type), auth, source);

  // TLS: cacert (or a path in verify, as openstacksdk reads it) sets the CA;
  // only an explicit false turns checking off. "Y", "enabled" or a typo in
  // a path is an error, never a reason to trust any certificate.
  let cacert = str(cloud.cacert, `${source}: cacert`);
  let verify = true;
  if (typeof cloud.verify === 'boolean') verify = cloud.verify;
  else if (cloud.verify !== undefined && cloud.verify !== null) {
    const v = str(cloud.verify, `${source}: verify`)!;
    if (/^(true|false)$/i.test(v)) verify = /^true$/i.test(v);
    else if (existsSync(v)) cacert ??= v;
    else throw new CloudConfigError(`${source}: verify must be true, false or the path of a CA bundle; "${v.slice(0, 80)}" is none of them`);
  }
  const insecure = yesNo(cloud.insecure, `${source}: insecure`) === true || !verify;
  if (cacert && !existsSync(cacert)) throw new CloudConfigError(`${source}: cacert ${cacert} does not exist`);
  if (insecure && !warnedInsecure.has(source)) {
    warnedInsecure.add(source);
    process.emitWarning(`TLS certificate checks are off for ${source} (verify: false / insecure)`, { code: 'MANILA_SDK_TLS_INSECURE' });
  }
  const fetch = opts.fetch ?? (insecure || cacert ? tlsFetch({ ca: cacert ? readFileSync(cacert, 'utf8') : undefined, rejectUnauthorized: !insecure }) : undefined);

  const endpointOverride = str(cloud.shared_file_system_endpoint_override) ?? str(auth.endpoint);
  const interfaceName = str(cloud.shared_file_system_interface) ?? str(cloud.interface);
  const apiVersion = str(cloud.shared_file_system_api_version);
  let microversion = str(cloud.shared_file_system_default_microversion);
  // "2" names the API; "2.65" pins a microversion.
  if (!microversion && apiVersion && /^2\.\d+$/.test(apiVersion)) microversion = apiVersion;
  if (apiVersion && !/^2(\.\d+)?$/.test(apiVersion)) {
    throw new CloudConfigError(`${source}: shared_file_system_api_version "${apiVersion}" is not 2 or 2.x`);
  }

  const base: Partial<ManilaClientOptions> = { fetch, ...(microversion ? { microversion } : {}) };
  if (method === 'static') {
    if (!endpointOverride) throw new CloudConfigError(`${source}: a static token needs shared_file_system_endpoint_override (or auth.endpoint)`);
    // A provider rather than `token`, so logging the options shows no secret.
    return { ...base, endpoint: endpointOverride, auth: new StaticToken(need('token')) } as ManilaClientOptions;
  }

  const keystone: KeystoneAuthOptions = {
    authUrl: need('auth_url'),
    method,
    username: str(auth.username),
    userId: str(auth.user_id),
    userDomainName: str(auth.user_domain_name),
    userDomainId: str(auth.user_domain_id),
    password: str(auth.password),
    applicationCredentialId: str(auth.application_credential_id),
    applicationCredentialName: str(auth.application_credential_name),
    applicationCredentialSecret: str(auth.application_credential_secret),
    token: str(auth.token),
    projectId: str(auth.project_id) ?? str(auth.tenant_id),
    projectName: str(auth.project_name) ?? str(auth.tenant_name),
    projectDomainName: str(auth.project_domain_name),
    projectDomainId: str(auth.project_domain_id),
    domainId: str(auth.domain_id),
    domainName: str(auth.domain_name),
    systemScope: str(auth.system_scope),
    defaultDomain: str(auth.default_domain) ?? str(cloud.default_domain),
    interface: interfaceName as KeystoneAuthOptions['interface'],
    regionName: str(cloud.region_name),
    serviceType: str(cloud.shared_file_system_service_type),
    endpointOverride,
    fetch,
  };
  const missing = (why: string) => {
    throw new CloudConfigError(`${source}: ${why}`);
  };
  const hasDomain = (kind: 'user' | 'project') =>
    Boolean(auth[`${kind}_domain_name`] ?? auth[`${kind}_domain_id`] ?? auth.default_domain ?? cloud.default_domain);
  if (method === 'password') {
    need('password');
    if (!keystone.userId && !keystone.username) missing('auth.username (or auth.user_id) is missing');
    if (!keystone.userId && !hasDomain('user')) missing('auth.user_domain_name (or auth.user_domain_id) is missing for auth.username');
  }
  if (method === 'applicationCredential') {
    need('application_credential_secret');
    if (!keystone.applicationCredentialId && !keystone.applicationCredentialName) missing('auth.application_credential_id is missing');
  }
  if (method === 'token') need('token');
  if (keystone.projectName && method !== 'applicationCredential' && !hasDomain('project')) {
    missing('auth.project_domain_name (or auth.project_domain_id) is missing for auth.project_name');
  }
  try {
    return { ...base, auth: new KeystoneAuth(keystone) } as ManilaClientOptions;
  } catch (err) {
    throw new CloudConfigError(`${source}: ${(err as Error).message}`);
  }
}

/**
 * Reads a cloud as `loadCloud` does and returns a client for it, in one
 * call. `overrides` (a pinned microversion, time limits, retries) win over
 * what the cloud's configuration says.
 */
export async function connect(name?: string, overrides: Partial<ManilaClientOptions> = {}, load: LoadCloudOptions = {}): Promise<ManilaClient> {
  return createManilaClient({ ...(await loadCloud(name, load)), ...overrides });
}
