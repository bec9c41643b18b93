/**
 * Plans built by hand (JSON from another process, a fuzzer) are not bounded by the parser's
 * nesting limit, and the walks over them recurse. A plan too deep for the stack is a clear
 * error with a stable code at the public entry points, never a bare stack overflow.
 */
export class PlanTooDeepError extends Error {
  readonly code = 'PLAN_TOO_DEEP';
  constructor(what: string) {
    super(`${what}: the plan is nested too deeply to walk`);
    this.name = 'PlanTooDeepError';
  }
}

/** A stack overflow as each engine reports it: V8 and GraalJS a RangeError, QuickJS an InternalError. */
export function isStackOverflow(e: unknown): boolean {
  return (e instanceof RangeError || (e instanceof Error && e.name === 'InternalError')) && /call stack|stack overflow|too much recursion/i.test(e.message);
}

/** `f()`, with a stack overflow turned into a PlanTooDeepError naming `what`. */
export function withinDepth<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isStackOverflow(e)) throw new PlanTooDeepError(what);
    throw e;
  }
}
