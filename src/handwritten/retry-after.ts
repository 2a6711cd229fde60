// The one reading of Retry-After, for the retry loop and for errors alike:
// delta-seconds or an HTTP date, in whole seconds from now. Anything else
// ("-5", "soon", a number past any sane wait) is no instruction at all.

/** Longest wait the header can ask for that we still believe: a day. */
const MAX_SECONDS = 86_400;

export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) {
    const seconds = Number(v);
    return seconds <= MAX_SECONDS ? seconds : undefined;
  }
  // An HTTP date names a weekday and a time; a bare number with a sign is not one.
  if (!/^[A-Za-z]{3,9},? /.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  const seconds = Math.max(0, Math.ceil((at - now) / 1000));
  return seconds <= MAX_SECONDS ? seconds : undefined;
}
