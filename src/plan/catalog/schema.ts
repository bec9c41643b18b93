/**
 * The catalog JSON of DESIGN.md ("Catalog JSON"), as a zod schema: the single source of truth for
 * the format. Column types are Spark type strings, checked with our data-type parser when the
 * catalog is built (catalog.ts), so a bad type is reported with its JSON path too.
 *
 * zod/mini keeps the embeddable bundle small (the classic API with its locales costs ~450 KB);
 * messages come from `describeIssue` (document-issues.ts), not zod's locales.
 */
import * as z from 'zod/mini';

const name = z.string().check(z.minLength(1));

export const CatalogColumnSchema = z.strictObject({
  name,
  type: name,
  nullable: z.optional(z.boolean()),
  comment: z.optional(z.string()),
  tags: z.optional(z.array(name)),
});

export const CatalogTableSchema = z.strictObject({
  /** `db.t`, `catalog.db.t`, or `t` (in the default database). */
  name,
  type: z.optional(z.enum(['managed', 'external', 'view'])),
  format: z.optional(z.string()),
  location: z.optional(z.string()),
  owner: z.optional(z.string()),
  tags: z.optional(z.array(name)),
  properties: z.optional(z.record(z.string(), z.string())),
  columns: z.optional(z.array(CatalogColumnSchema)),
  partitionColumns: z.optional(z.array(name)),
  /** The SQL text of a view; its columns come from analysing it. */
  viewText: z.optional(z.string()),
});

export const CatalogDatabaseSchema = z.strictObject({
  name,
  location: z.optional(z.string()),
  owner: z.optional(z.string()),
  comment: z.optional(z.string()),
});

export const CatalogFunctionSchema = z.strictObject({
  name,
  /** A function the policy author declares free of side effects (allowed in queries). */
  safe: z.optional(z.boolean()),
  /** The result type, when known (`string`); calls of it are typed `unknown` otherwise. */
  returns: z.optional(z.string()),
  className: z.optional(z.string()),
});

export const CatalogSchema = z.strictObject({
  databases: z.optional(z.array(CatalogDatabaseSchema)),
  tables: z.optional(z.array(CatalogTableSchema)),
  functions: z.optional(z.array(CatalogFunctionSchema)),
});

export type CatalogJson = z.infer<typeof CatalogSchema>;
export type CatalogTableJson = z.infer<typeof CatalogTableSchema>;
