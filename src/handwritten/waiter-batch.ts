// Concurrent waits on resources of one kind share their polls. Polls that
// fall within a short window form one round; the resources of a round that
// were last seen in the same pending state are read with one list call
// filtered by that state, and only those that left it are read one by one
// (or, when several left for the same target state, with one more list
// filtered by it). A hundred shares being created cost one request per
// round instead of a hundred.
import type { PagePromise } from './pagination.js';

/** How long a round waits for more polls to join it. */
export const BATCH_WINDOW_MS = 50;
/** One page of the "left for the target state" list; more and it is not worth it. */
const TARGET_PAGE = 1000;

type Json = Record<string, unknown>;
type ListCall = (filters: Json, options: { timeoutMs: number }) => PagePromise<unknown>;

interface Member {
  id: string;
  /** The batch field's value when last read, if known. */
  known?: string;
  /** The values the waiter is waiting for on the batch field. */
  targets: string[];
  /** When the member stops waiting for this poll. */
  deadline: number;
  /** The member's own signal: an aborted member is not read. */
  signal?: AbortSignal;
  resolve: (v: unknown) => void;
  reject: (err: unknown) => void;
}

export class PollBatch {
  #queue: Member[] = [];
  #timer?: ReturnType<typeof setTimeout>;

  constructor(
    /** The batch field (a single state field the list can filter on). */
    private readonly field: string,
    private readonly list: () => ListCall,
    /** Reads one resource, as an unbatched waiter would. */
    private readonly single: (id: string, timeoutMs: number) => Promise<unknown>,
  ) {}

  /** Reads `id` in the next round. */
  read(id: string, known: string | undefined, targets: string[], timeoutMs: number, signal?: AbortSignal): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ id, known, targets, deadline: Date.now() + timeoutMs, signal, resolve, reject });
      this.#timer ??= setTimeout(() => void this.#round(), BATCH_WINDOW_MS);
    });
  }

  async #round(): Promise<void> {
    // Those who gave up before the round (their waiter has already said so) are not read.
    const members = this.#queue.splice(0).filter((m) => !m.signal?.aborted && m.deadline > Date.now());
    this.#timer = undefined;
    const groups = new Map<string | undefined, Member[]>();
    for (const m of members) groups.set(m.known, [...(groups.get(m.known) ?? []), m]);
    await Promise.all(
      [...groups].map(async ([known, group]) => {
        if (group.length === 1) return this.#oneByOne(group);
        if (known !== undefined) return this.#byState(known, group);
        // Nothing known yet: read one to learn the state the others likely share.
        const [first, ...rest] = group;
        let state: string | undefined;
        try {
          const r = await this.single(first.id, remaining([first]));
          first.resolve(r);
          state = typeof (r as Json)?.[this.field] === 'string' ? ((r as Json)[this.field] as string) : undefined;
        } catch (err) {
          first.reject(err);
        }
        return state === undefined ? this.#oneByOne(rest) : this.#byState(state, rest);
      }),
    );
  }

  /** Members last seen in `state`: one list filtered by it, then the ones that left it. */
  async #byState(state: string, group: Member[]): Promise<void> {
    const left = await this.#fromList({ [this.field]: state }, group, false);
    if (!left.length) return;
    // Many that left for one target state: one page of that state may hold them all.
    const targets = new Set(left.flatMap((m) => m.targets));
    if (left.length >= 4 && targets.size === 1) {
      const rest = await this.#fromList({ [this.field]: [...targets][0], limit: TARGET_PAGE }, left, true);
      return this.#oneByOne(rest);
    }
    return this.#oneByOne(left);
  }

  /** Resolves the members the list holds; answers the others. */
  async #fromList(filters: Json, group: Member[], onePage: boolean): Promise<Member[]> {
    const found = new Map<string, unknown>();
    try {
      const pages = this.list()(filters, { timeoutMs: remaining(group) });
      if (onePage) for (const item of (await pages).items) found.set(String((item as Json).id), item);
      else for await (const item of pages) found.set(String((item as Json).id), item);
    } catch {
      // The list cannot answer (a version without it, a filter the server
      // refuses, a hiccup): each member is read on its own instead.
      return group;
    }
    const left: Member[] = [];
    for (const m of group) {
      if (found.has(m.id)) m.resolve(found.get(m.id));
      else left.push(m);
    }
    return left;
  }

  async #oneByOne(group: Member[]): Promise<void> {
    await Promise.all(group.map((m) => this.single(m.id, remaining([m])).then(m.resolve, m.reject)));
  }
}

/** The time the most patient member still gives a call (a call serves them all). */
function remaining(group: Member[]): number {
  return Math.max(1, Math.max(...group.map((m) => m.deadline)) - Date.now());
}
