/**
 * The catalog JSON of DESIGN.md ("Catalog JSON"), as a zod schema: the single source of truth for
 * the format. Column types are Spark type strings, checked with our data-type parser when the
 * catalog is built (catalog.ts), so a bad type is reported with its JSON path too.
 */
import { z } from 'zod';

const name = z.string().min(1, 'must not be empty');

export const CatalogColumnSchema = z.strictObject({
  name,
  type: name,
  nullable: z.boolean().optional(),
  comment: z.string().optional(),
  tags: z.array(name).optional(),
});

export const CatalogTableSchema = z.strictObject({
  /** `db.t`, `catalog.db.t`, or `t` (in the default database). */
  name,
  type: z.enum(['managed', 'external', 'view']).optional(),
  format: z.string().optional(),
  location: z.string().optional(),
  owner: z.string().optional(),
  tags: z.array(name).optional(),
  properties: z.record(z.string(), z.string()).optional(),
  columns: z.array(CatalogColumnSchema).optional(),
  partitionColumns: z.array(name).optional(),
  /** The SQL text of a view; its columns come from analysing it. */
  viewText: z.string().optional(),
});

export const CatalogDatabaseSchema = z.strictObject({
  name,
  location: z.string().optional(),
  owner: z.string().optional(),
  comment: z.string().optional(),
});

export const CatalogFunctionSchema = z.strictObject({
  name,
  /** A function the policy author declares free of side effects (allowed in queries). */
  safe: z.boolean().optional(),
  /** The result type, when known (`string`); calls of it are typed `unknown` otherwise. */
  returns: z.string().optional(),
  className: z.string().optional(),
});

export const CatalogSchema = z.strictObject({
  databases: z.array(CatalogDatabaseSchema).optional(),
  tables: z.array(CatalogTableSchema).optional(),
  functions: z.array(CatalogFunctionSchema).optional(),
});

export type CatalogJson = z.infer<typeof CatalogSchema>;
export type CatalogTableJson = z.infer<typeof CatalogTableSchema>;
