// Shapes of the generated tables (src/generated/operations.ts, methods.ts).
// They mirror codegen/model.ts; the generator writes plain JSON into them.

export interface VersionRange {
  min?: string;
  max?: string;
}

export interface BodyRule {
  wrap?: string;
  /** Further envelope keys that carry the same input (Manila reads one and checks another). */
  copies?: string[];
  required: string[];
  versioned: Record<string, VersionRange>;
  /** Set for closed schemas: the only fields the call takes. */
  known?: string[];
}

export interface QueryRule extends VersionRange {
  required: boolean;
  json: boolean;
}

export interface ActionSpec extends VersionRange {
  key: string;
  method: string;
  schema: string;
  experimental: boolean;
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
  experimental: boolean;
  query: Record<string, QueryRule>;
  body?: BodyRule;
  success: number[];
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
