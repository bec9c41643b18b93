/**
 * Identities and who a policy applies to. Group names compare case-insensitively unless the
 * settings say otherwise; roles expand to the users and groups the document gives them.
 */
import type { Principals } from './schema.js';

export interface Identity {
  readonly user: string;
  readonly groups?: readonly string[];
  readonly attributes?: Readonly<Record<string, string | readonly string[]>>;
  readonly purposes?: readonly string[];
  readonly project?: string;
  readonly impersonating?: string;
}

export interface Roles {
  /** Role name (lower case) → its users and groups. */
  readonly get: (role: string) => { readonly users: readonly string[]; readonly groups: readonly string[] } | undefined;
}

export interface MatchContext {
  readonly groupsCaseSensitive: boolean;
  readonly roles: Roles;
  /** The owner of the table the policy is evaluated for, when known. */
  readonly owner?: string | null;
}

const norm = (s: string, sensitive: boolean): string => (sensitive ? s : s.toLowerCase());

export function inGroup(identity: Identity, group: string, ctx: Pick<MatchContext, 'groupsCaseSensitive'>): boolean {
  const g = norm(group, ctx.groupsCaseSensitive);
  return (identity.groups ?? []).some((x) => norm(x, ctx.groupsCaseSensitive) === g);
}

export function attributeValues(identity: Identity, key: string): readonly string[] {
  const v = identity.attributes?.[key];
  return v === undefined ? [] : typeof v === 'string' ? [v] : v;
}

/** Whether `p` names this identity (any of its clauses matches). */
export function matches(p: Principals | undefined, identity: Identity, ctx: MatchContext): boolean {
  if (p === undefined) return false;
  if (p.everyone === true) return true;
  if ((p.users ?? []).includes(identity.user)) return true;
  if ((p.groups ?? []).some((g) => inGroup(identity, g, ctx))) return true;
  for (const role of p.roles ?? []) {
    const r = ctx.roles.get(role.toLowerCase());
    if (r !== undefined && (r.users.includes(identity.user) || r.groups.some((g) => inGroup(identity, g, ctx)))) return true;
  }
  for (const [key, want] of Object.entries(p.attributes ?? {})) {
    const have = attributeValues(identity, key);
    const wanted = typeof want === 'string' ? [want] : want;
    if (wanted.some((w) => have.includes(w))) return true;
  }
  if ((p.purposes ?? []).some((x) => (identity.purposes ?? []).includes(x))) return true;
  if (p.owner === true && ctx.owner !== undefined && ctx.owner !== null && ctx.owner === identity.user) return true;
  return false;
}

/** A policy applies when its `to` matches (absent `to`: everyone) and its `except` does not. */
export function applies(to: Principals | undefined, except: Principals | undefined, identity: Identity, ctx: MatchContext): boolean {
  return (to === undefined || matches(to, identity, ctx)) && !matches(except, identity, ctx);
}
