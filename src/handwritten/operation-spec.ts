// Shapes of the generated tables (src/generated/operations.ts, methods.ts):
// codegen/model.ts builds them, the client reads them.

export interface VersionRange {
  min?: string;
  max?: string;
}

export interface BodyRule {
  /** Envelope key the SDK wraps the user's input in. */
  wrap?: string;
  /** Further envelope keys that carry the same input (Manila reads one and checks another). */
  copies?: string[];
  required: string[];
  /** Properties with a microversion range. */
  versioned: Record<string, VersionRange>;
  /** Set for closed schemas: the only fields the call takes. */
  known?: string[];
  /** Rules for fields that are objects themselves. */
  nested?: Record<string, BodyRule>;
}

export interface QueryRule extends VersionRange {
  required: boolean;
  /** Dict-valued filter serialised as JSON. */
  json: boolean;
}

export interface ActionSpec extends VersionRange {
  key: string;
  method: string;
  schema: string;
  /** Whether the experimental header is needed: always, or within a range. */
  experimental: boolean | VersionRange;
  /** Rules for the value under the action key; absent when it is `null`. */
  body?: BodyRule;
  response?: { status: number; schema: string; unwrap?: string };
}

export interface OperationSpec extends VersionRange {
  id: string;
  group: string;
  method: string;
  httpMethod: string;
  path: string;
  pathParams: string[];
  /** Whether the experimental header is needed: always, or within a range. */
  experimental: boolean | VersionRange;
  query: Record<string, QueryRule>;
  body?: BodyRule;
  /** Success statuses in the order the spec lists them. */
  success: number[];
  /** The success status with a JSON body, if any. */
  jsonStatus?: number;
  unwrap?: string;
  paginate?: { items: string; method: string };
  actions?: Record<string, ActionSpec>;
}

export interface MethodSpec {
  kind: 'op' | 'action' | 'paginate';
  pathParams: string[];
  variants: Array<{ op: string; action?: string } & VersionRange>;
}

/** Per-call options every SDK method accepts last. */
export interface RequestOptions {
  /** Cancels the call, including its retries. */
  signal?: AbortSignal;
  /** Time limit of each attempt, in ms; overrides the client's. */
  timeoutMs?: number;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
}
