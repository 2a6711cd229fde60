// Shapes of the generated runtime table (src/generated/table.ts): codegen
// builds it from the spec, the dispatcher and the waiters read it. Also the
// one piece of it that runs: the method table's groups, parsed on first use.

export interface VersionRange {
  min?: string;
  max?: string;
}

/** How a request body is checked and shaped before it is sent. */
export interface BodyRule {
  /** Envelope key the SDK wraps the user's input in. */
  wrap?: string;
  /** Further envelope keys that carry the same input (Manila reads one and checks another). */
  copies?: string[];
  required?: string[];
  /** Properties with a microversion range. */
  versioned?: Record<string, VersionRange>;
  /** Set for closed schemas: the only fields the call takes. */
  known?: string[];
  /** Rules for fields that are objects themselves. */
  nested?: Record<string, BodyRule>;
  /** Names users write (`name`) for the field Manila reads (`display_name`). */
  aliases?: Record<string, string>;
  /** Fields whose values are credentials: kept out of errors and logs. */
  secrets?: string[];
  /** The value is not an object (a string or null), sent as it is. */
  scalar?: true;
}

export interface QueryRule extends VersionRange {
  required?: true;
  /** Dict-valued filter, sent as JSON. */
  json?: true;
}

/** One operation (or action member) that serves a method over a microversion range. */
export interface Variant extends VersionRange {
  /** The spec's operationId (for coverage and error labels). */
  id: string;
  /** `METHOD /path/{param}` relative to the endpoint. */
  route: string;
  /** The action key, for `POST .../action` members. */
  action?: string;
  /** Needs the experimental header: always, or within a range. */
  exp?: true | VersionRange;
  /** The filters the call accepts; absent when it takes none. */
  query?: Record<string, QueryRule>;
  /** The body the call takes; `null` for actions whose value is null. */
  body?: BodyRule | null;
  /** What the call answers: the body under this key, the whole body (`true`), or nothing. */
  out?: string | true;
  /** The answer may come without a body (another success status: nothing to do). */
  outOptional?: true;
  /** The answer is a collection under this key; `paging` when it pages by offset. */
  list?: { items: string; paging?: 'offset' };
  /** Response properties (of the unwrapped answer, or of each item) that are credentials. */
  hide?: string[];
}

export interface MethodSpec {
  /** Positional arguments before the input: path parameters, or query parameters the method promotes. */
  args: string[];
  /** Newest first. */
  v: Variant[];
}

/**
 * Per group, its methods: the JSON text of them until the group is first
 * used (a program calls a few of the groups), the parsed specs after.
 */
export type MethodTable = Record<string, string | Record<string, MethodSpec>>;

export interface WaiterState {
  ready: string[];
  failure: string[];
}

export interface WaiterSpec {
  /** Every state field the wait judges. */
  states: Record<string, WaiterState>;
  /** Whether `<name>Deleted()` exists. */
  deleted?: true;
  /** The delete call leaves the status as it was; a service sets `deleting` later. */
  lateDelete?: true;
  /** Whether Manila's user messages explain a failure. */
  explain?: true;
  /** Concurrent waits share polls through this list (`group.method`), filtered on this state field. */
  batch?: { method: string; filter: string };
  /** How to read the resource, newest variant first. */
  via: Array<
    VersionRange & {
      /** `group.method` of the SDK call that shows it (or lists it, with `find`). */
      method: string;
      /** On a list: the item field that holds the waited id. */
      find?: string;
      /** Path arguments other than the waited id, as waiter option names. */
      parents?: string[];
    }
  >;
}

export type ConvenienceTable = Record<string, { find?: true; deleteIfExists?: true; deleteAndWait?: string; resize?: true }>;

/** Per-call options every SDK method accepts last. */
export interface RequestOptions {
  /** Cancels the call, including its retries. */
  signal?: AbortSignal;
  /** Time limit of each attempt, in ms; overrides the client's. */
  timeoutMs?: number;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
  /**
   * Filters Manila accepts that the spec does not list, sent as they are
   * (the SDK refuses unknown filters otherwise: Manila ignores them and
   * would answer with everything).
   */
  extraQuery?: Record<string, string | number | boolean>;
  /** For a list walk (`for await`): stop with a PaginationError past this many items. */
  maxItems?: number;
}

/**
 * A group's methods, parsed on first use. The table stays a plain object:
 * an accessor per group that parsed on first read cost a tenth of the
 * import to define.
 */
export function methodsOf(table: MethodTable, group: string): Record<string, MethodSpec> {
  const methods = table[group];
  return typeof methods === 'string' ? (table[group] = JSON.parse(methods) as Record<string, MethodSpec>) : methods;
}
