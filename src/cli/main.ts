/** The `leafguard` command line. */
import { readFileSync } from 'node:fs';
import { parseSql, SqlParseError } from '../parser/index.js';
import { printPlan } from '../plan/print/index.js';
import { corpusReport, loadCorpus } from './corpus.js';
import { checkCommand, rewriteCommand } from './rewrite.js';
import { whoCanCommand } from './who-can.js';
import { analyzeCorpus } from './corpus-analyze.js';

const USAGE = `usage:
  leafguard parse [--json] "SQL" | --file F    parse a statement; print it back as Spark SQL (or the plan as JSON)
  leafguard rewrite --catalog C.json --policies P.yaml --user U [--groups g1,g2] [--attr k=v] [--purpose p] [--impersonate U2] [--now ISO] [--json] [--explain] "SQL" | --file F
                                               secure a query for an identity: the Spark SQL to run, or why it is denied
  leafguard simulate --catalog C.json --policies P.yaml --user U [--groups …] [--attr k=v] [--now ISO] [--data DIR] [--raw] [--json] "SQL" | --file F
                                               run the secured query in an in-memory DuckDB on DIR/<db>.<table>.csv|parquet
                                               (default: data/ next to the catalog) and print the rows the identity sees
  leafguard check --catalog C.json --policies P.yaml [--json]
                                               compile every row filter and mask against the catalog: problems with their JSON paths
  leafguard who-can --catalog C.json --policies P.yaml --table db.t [--column c] [--identities I.json] [--now ISO] [--json]
                                               access review: the grants, filters and masks that reach a table, and with identities what each gets
  leafguard corpus <expected.jsonl> [--json] [--failures] [--analyze]
                                               parse coverage and round trip over a corpus of Spark statements;
                                               with --analyze: analyzer coverage and output schemas against Spark's`;

export function main(argv: string[]): number | Promise<number> {
  const [cmd, ...rest] = argv;
  const flags = new Set(rest.filter((a) => a.startsWith('--')));
  const args = rest.filter((a) => !a.startsWith('--'));
  switch (cmd) {
    case 'parse': {
      const fileIdx = rest.indexOf('--file');
      const sql = fileIdx >= 0 ? readFileSync(rest[fileIdx + 1]!, 'utf8') : args.join(' ');
      try {
        const plan = parseSql(sql);
        console.log(flags.has('--json') ? JSON.stringify(plan, null, 2) : printPlan(plan));
        return 0;
      } catch (e) {
        if (e instanceof SqlParseError) {
          console.error(flags.has('--json') ? JSON.stringify(e.toJSON()) : e.message);
          return 1;
        }
        throw e;
      }
    }
    case 'rewrite':
      return rewriteCommand(rest);
    case 'check':
      return checkCommand(rest);
    case 'who-can':
      return whoCanCommand(rest);
    case 'simulate':
      // Loaded on use, with DuckDB: the other commands start without it.
      return import('./simulate.js').then((m) => m.simulateCommand(rest));
    case 'corpus': {
      if (args.length !== 1) break;
      if (flags.has('--analyze')) {
        const r = analyzeCorpus(loadCorpus(args[0]!), flags.has('--failures'));
        if (flags.has('--json')) console.log(JSON.stringify(r, null, 2));
        else {
          const pct = (a: number, b: number) => (b === 0 ? '-' : ((100 * a) / b).toFixed(2) + '%');
          const q = r.queries;
          const a = r.analysisErrors;
          console.log(`queries Spark ran: ${q.total}; analyzed ${q.analyzed} (${pct(q.analyzed, q.total)}); of those same column count ${pct(q.sameCount, q.analyzed)}, same names ${pct(q.sameNames, q.analyzed)}, same types ${pct(q.sameTypes, q.analyzed)}`);
          console.log(`statements Spark rejected in analysis: ${a.total}; we reject ${a.rejected} (${pct(a.rejected, a.total)}), same error class ${a.sameClass}`);
          const top = Object.entries(q.failedBy).sort((x, y) => y[1] - x[1]).slice(0, 25);
          if (r.crashes.length > 0) console.log(`CRASHES: ${r.crashes.length} (first: ${r.crashes[0]!.file}#${r.crashes[0]!.index} ${r.crashes[0]!.message})`);
          console.log(`our failures on queries Spark ran: ${top.map(([k, v]) => `${k} ${v}`).join(', ')}`);
          for (const f of r.failures ?? []) console.log(`\n${f.file}#${f.index} ${f.problem}\n  ${f.sql.replace(/\n/g, '\n  ')}`);
        }
        return 0;
      }
      const report = corpusReport(loadCorpus(args[0]!), flags.has('--failures'));
      if (flags.has('--json')) console.log(JSON.stringify(report, null, 2));
      else {
        const pct = (a: number, b: number) => (b === 0 ? '-' : ((100 * a) / b).toFixed(2) + '%');
        const p = report.bySpark.parsed;
        const x = report.bySpark.parseException;
        console.log(`statements ${report.statements}, accepted ${report.accepted} (as UnsupportedStatement: ${report.unsupported}), rejected ${report.rejected}, round-trip failures ${report.roundTripFailures}`);
        console.log(`Spark parsed:          ${p.statements}, we accept ${p.accepted} (${pct(p.accepted, p.statements)}), round-trip failures ${p.roundTripFailures}`);
        console.log(`Spark ParseException:  ${x.statements}, we reject ${x.rejected} (${pct(x.rejected, x.statements)})`);
        for (const f of report.failures ?? []) console.log(`\n${f.file}#${f.index} [spark ${f.sparkParsed ? 'parsed' : 'rejected'}] ${f.problem}\n  ${f.sql.replace(/\n/g, '\n  ')}`);
      }
      return 0;
    }
  }
  console.error(USAGE);
  return 2;
}
