/**
 * The policy document (DESIGN.md, "The policy document"): the zod schema is the source of truth
 * for the format. It covers the whole policy model of DESIGN.md; what the engine enforces so far
 * is listed in README.md (the rest loads, validates and is reported as not enforced).
 */
import * as z from 'zod/mini';

const id = z.string().check(z.minLength(1));
const names = z.array(z.string().check(z.minLength(1)));
const isoTime = z.union([z.string().check(z.minLength(1)), z.date()]);

/** Who a policy is for: any listed user, group, role, attribute value or purpose; or everyone. */
export const PrincipalsSchema = z.strictObject({
  users: z.optional(names),
  groups: z.optional(names),
  roles: z.optional(names),
  /** `{ region: [EMEA, APAC] }`: the identity holds one of the values. */
  attributes: z.optional(z.record(z.string(), z.union([z.string(), names]))),
  purposes: z.optional(names),
  everyone: z.optional(z.boolean()),
  /** The table's owner (catalog `owner`). */
  owner: z.optional(z.boolean()),
});

const policyMeta = {
  id,
  description: z.optional(z.string()),
  enabled: z.optional(z.boolean()),
  labels: z.optional(names),
};

export const ACTIONS = ['select', 'insert', 'update', 'delete', 'create', 'alter', 'drop'] as const;

export const GrantSchema = z.strictObject({
  ...policyMeta,
  to: PrincipalsSchema,
  except: z.optional(PrincipalsSchema),
  actions: z.array(z.enum(ACTIONS)).check(z.minLength(1)),
  on: z.strictObject({
    tables: z.optional(names),
    databases: z.optional(names),
    columns: z.optional(names),
    tags: z.optional(names),
    uris: z.optional(names),
  }),
  effect: z.optional(z.enum(['allow', 'deny'])),
  validFrom: z.optional(isoTime),
  validUntil: z.optional(isoTime),
});

const RowFilterCaseSchema = z.strictObject({
  to: z.optional(PrincipalsSchema),
  except: z.optional(PrincipalsSchema),
  where: z.string().check(z.minLength(1)),
});

export const RowFilterSchema = z.strictObject({
  ...policyMeta,
  table: id,
  /** A Spark SQL predicate over the table's columns, with the identity functions. */
  where: z.optional(z.string().check(z.minLength(1))),
  /** Shorthand: rows whose column matches one of the user's groups or values of an attribute. */
  match: z.optional(
    z.strictObject({
      column: id,
      groups: z.optional(z.boolean()),
      attribute: z.optional(id),
    }),
  ),
  /**
   * Shorthand: rows whose date or timestamp column is newer and/or older than N days of the
   * rewrite's `now`: `column >= now − newerThanDays` and `column < now − olderThanDays` (a DATE
   * column compares with the UTC date of the bound, a TIMESTAMP with the instant).
   */
  window: z.optional(
    z.strictObject({
      column: id,
      newerThanDays: z.optional(z.number().check(z.int(), z.gte(0))),
      olderThanDays: z.optional(z.number().check(z.int(), z.gte(0))),
    }),
  ),
  /**
   * Shorthand: a deterministic sample of about `percent`% of the rows, by a key column: rows whose
   * `CAST(conv(substring(md5(CAST(key AS STRING)), 1, 8), 16, 10) AS BIGINT) % 100 < percent`
   * (NULL keys are left out). The same key is always in or out.
   */
  sample: z.optional(z.strictObject({ column: id, percent: z.number().check(z.gte(0), z.lte(100)) })),
  /** Ordered cases: the first whose `to` matches gives the filter. */
  cases: z.optional(z.array(RowFilterCaseSchema).check(z.minLength(1))),
  to: z.optional(PrincipalsSchema),
  except: z.optional(PrincipalsSchema),
});

export const MASK_KINDS = ['null', 'constant', 'hash', 'redact', 'showFirst', 'showLast', 'emailDomain', 'yearOnly', 'bucket', 'regex', 'custom', 'none'] as const;

export const MaskSpecSchema = z.strictObject({
  kind: z.enum(MASK_KINDS),
  /** showFirst / showLast. */
  n: z.optional(z.number().check(z.int(), z.gte(0))),
  /** constant. */
  value: z.optional(z.union([z.string(), z.number(), z.boolean(), z.null()])),
  /** bucket. */
  width: z.optional(z.number().check(z.gt(0))),
  /** regex. */
  pattern: z.optional(z.string()),
  replacement: z.optional(z.string()),
  /** custom: a Spark SQL expression in which `{col}` stands for the column. */
  expression: z.optional(z.string()),
  /** hash: the salt (instead of the settings' hashSalt). */
  salt: z.optional(z.string()),
  /**
   * hash: `global` (default) hashes `salt || value`, so equal values join across tables;
   * `table` hashes `salt || 'db.table:' || value`, so they do not.
   */
  scope: z.optional(z.enum(['global', 'table'])),
  /** A kind that keeps the column's type, used when this one cannot. */
  fallback: z.optional(z.enum(MASK_KINDS)),
});

const MaskCaseSchema = z.strictObject({
  to: z.optional(PrincipalsSchema),
  except: z.optional(PrincipalsSchema),
  when: z.optional(z.string()),
  mask: MaskSpecSchema,
});

export const MaskSchema = z.strictObject({
  ...policyMeta,
  table: z.optional(id),
  column: z.optional(id),
  /** Every column carrying this tag, in every table. */
  tag: z.optional(id),
  mask: z.optional(MaskSpecSchema),
  cases: z.optional(z.array(MaskCaseSchema).check(z.minLength(1))),
  to: z.optional(PrincipalsSchema),
  except: z.optional(PrincipalsSchema),
  /** Mask only rows where this Spark SQL condition holds. */
  when: z.optional(z.string()),
  priority: z.optional(z.number().check(z.int())),
});

export const SettingsSchema = z.strictObject({
  mode: z.optional(z.enum(['protected-until-granted', 'open-until-protected'])),
  privileged: z.optional(z.strictObject({ users: z.optional(names), groups: z.optional(names) })),
  requiredGroup: z.optional(z.string()),
  groupsCaseSensitive: z.optional(z.boolean()),
  hashSalt: z.optional(z.string()),
  scratchPaths: z.optional(names),
  scratchDatabases: z.optional(names),
  /** Regexes of function names refused in queries. */
  blockedFunctions: z.optional(names),
  blockedSetKeys: z.optional(names),
  impersonation: z.optional(z.strictObject({ allowedUsers: z.optional(names), lock: z.optional(z.boolean()) })),
  /** Statements DESIGN.md calls dangerous, allowed only when listed here. */
  allowDangerous: z.optional(z.array(z.enum(['transform', 'addResource', 'createFunctionUsingJar', 'reflect']))),
  includeStatementInAudit: z.optional(z.boolean()),
});

export const RoleSchema = z.strictObject({
  name: id,
  users: z.optional(names),
  groups: z.optional(names),
});

export const PolicyDocumentSchema = z.strictObject({
  version: z.literal(1),
  settings: z.optional(SettingsSchema),
  roles: z.optional(z.array(RoleSchema)),
  grants: z.optional(z.array(GrantSchema)),
  rowFilters: z.optional(z.array(RowFilterSchema)),
  masks: z.optional(z.array(MaskSchema)),
});

export type PolicyDocument = z.infer<typeof PolicyDocumentSchema>;
export type Principals = z.infer<typeof PrincipalsSchema>;
export type Grant = z.infer<typeof GrantSchema>;
export type RowFilterPolicy = z.infer<typeof RowFilterSchema>;
export type MaskPolicy = z.infer<typeof MaskSchema>;
export type MaskSpec = z.infer<typeof MaskSpecSchema>;
export type Settings = z.infer<typeof SettingsSchema>;
