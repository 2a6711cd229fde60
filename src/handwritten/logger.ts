// What the SDK tells a logger. Records carry the method, the route template
// (never the filled URL), statuses, request ids and timings: never headers,
// bodies, tokens or passwords.

export interface LogRecord {
  message: string;
  /** The SDK method (`shares.create`), when the record is about one. */
  operation?: string;
  method?: string;
  /** The route template, e.g. `/shares/{share_id}`. */
  path?: string;
  status?: number;
  requestId?: string;
  microversion?: string;
  attempt?: number;
  durationMs?: number;
}

/** Any of these may be left out; `console` fits. */
export interface Logger {
  debug?(record: LogRecord): void;
  info?(record: LogRecord): void;
  warn?(record: LogRecord): void;
  error?(record: LogRecord): void;
}
