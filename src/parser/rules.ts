/**
 * The grammar's rules, as properties of the one parser instance (chevrotain looks rules up on
 * the instance by name). Each grammar module adds its rules to this interface by declaration
 * merging and registers them with `defineRule`.
 */
import type { Dsl, Rule } from './dsl.js';

// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Rules {}

export type Grammar = Dsl & Rules;

/** Registers a rule under its name on the parser instance and returns it. */
export function defineRule<K extends keyof Rules>(
  $: Grammar,
  name: K,
  impl: Rules[K] extends Rule<infer T, infer A> ? (...args: A) => T : never,
): void {
  (($ as unknown) as Record<string, unknown>)[name] = $.RULE(name, impl as (...args: unknown[]) => unknown);
}
