/**
 * leafguard: planning-time row filters and column masks for Apache Spark SQL.
 * The public surface; see README.md and DESIGN.md. (src/embed.ts is the same surface for
 * embedders, without YAML.)
 */
import { parse as parseYaml } from 'yaml';
import { setYamlParser } from './policies/load.js';

setYamlParser((text) => parseYaml(text, { maxAliasCount: 100 }));

export * from './embed.js';
