/**
 * The plan integrity check, run in tests and after every rewrite: in a resolved plan every column
 * a node reads is produced by its children (or, for the clauses of a SELECT block, by the block's
 * input; in a subquery, by an enclosing query), every produced column id is unique, and nothing
 * is left unresolved. Returns the problems found; an empty list means the plan is sound.
 */
import type { Expression } from '../expression.js';
import type { Plan } from '../logical.js';
import { visitExprSlots, visitPlanSlots } from '../children.js';
import { isStatement } from '../print/statement.js';
import { belowBlockClauses, hiddenOf, outputOf } from './output.js';

const UNRESOLVED: ReadonlySet<string> = new Set([
  'UnresolvedAttribute',
  'UnresolvedStar',
  'UnresolvedFunction',
  'UnresolvedRelation',
  'IdentifierClause',
  'Parameter',
  'PipeSet',
]);

export function checkIntegrity(plan: Plan): string[] {
  const problems: string[] = [];
  const produced = new Set<number>();
  // `alias`: the name of the alias producing it, if any (the message is built only on a problem).
  const produce = (id: number, where: string, alias: string | null = null): void => {
    if (produced.has(id)) problems.push(`column id #${id} is produced twice (again by ${alias === null ? where : `${where} alias ${alias}`})`);
    else produced.add(id);
  };
  checkPlan(plan, [], problems, produce, new Set());
  return problems;
}

/**
 * Statements whose queries the analyzer resolves; other statements hold no resolved plan yet
 * (their names are checked when they are authorized) and are not inspected.
 */
const ANALYZED_STATEMENTS: ReadonlySet<string> = new Set(['InsertInto', 'CreateTable', 'CreateView', 'AlterViewAs', 'CacheTable', 'Explain', 'DescribeQuery']);

type Produce = (id: number, where: string, alias?: string | null) => void;
const NO_LAMBDAS: ReadonlySet<string> = new Set();

/** The ids a SELECT-block clause may read: its child's output and, through the block, the block's input. */
function clauseInput(child: Plan): Set<number> {
  const ids = new Set<number>();
  for (const a of outputOf(child)) ids.add(a.id);
  let node = belowBlockClauses(child);
  while (node.kind === 'Project' && (node.child.kind === 'Project' || node.child.kind === 'Aggregate')) node = node.child;
  if (node.kind === 'Project' || node.kind === 'Aggregate') addAvailable(node.child, ids);
  return ids;
}

/** Adds what a parent may read of a child: its output and the columns a USING join hides. */
function addAvailable(p: Plan, ids: Set<number>): void {
  for (const a of outputOf(p)) ids.add(a.id);
  for (const a of hiddenOf(p)) ids.add(a.id);
}

function checkPlan(p: Plan, outer: readonly ReadonlySet<number>[], problems: string[], produce: Produce, seen: Set<Plan>): void {
  // GROUP BY ALL, aliases and ordinals repeat a select item, subqueries included: the same
  // subtree object, checked once.
  if (seen.has(p)) return;
  seen.add(p);
  if (isStatement(p) && !ANALYZED_STATEMENTS.has(p.kind)) return;
  if (UNRESOLVED.has(p.kind)) {
    problems.push(`unresolved ${p.kind} left in the plan`);
    return;
  }
  const children: Plan[] = [];
  visitPlanSlots(
    p,
    (c) => children.push(c),
    () => {},
  );
  // A lateral join's right side reads the left side's columns as outer references.
  if (p.kind === 'Join' && p.lateral) {
    checkPlan(p.left, outer, problems, produce, seen);
    const left = new Set<number>();
    for (const a of outputOf(p.left)) left.add(a.id);
    checkPlan(p.right, [left, ...outer], problems, produce, seen);
  } else {
    for (const c of children) checkPlan(c, outer, problems, produce, seen);
  }
  if (isStatement(p)) return;

  // Columns this node creates.
  switch (p.kind) {
    case 'Relation':
      [...p.output, ...(p.metadata ?? [])].forEach((a) => produce(a.id, p.kind));
      break;
    case 'FileRelation':
    case 'CteRef':
      p.output.forEach((a) => produce(a.id, p.kind));
      break;
    case 'InlineTable':
    case 'TableValuedFunction':
    case 'Pivot':
    case 'Unpivot':
      if (p.output === undefined) problems.push(`${p.kind} has no output columns: not analysed`);
      else {
        // PIVOT and UNPIVOT pass the columns they do not touch through.
        const passed = new Set(children.flatMap((c) => outputOf(c).map((a) => a.id)));
        p.output.filter((a) => !passed.has(a.id)).forEach((a) => produce(a.id, p.kind));
      }
      break;
    case 'ScriptTransform':
      if (p.outputAttributes === undefined) problems.push('ScriptTransform has no output columns: not analysed');
      else p.outputAttributes.forEach((a) => produce(a.id, 'ScriptTransform'));
      break;
    case 'Generate':
      if (p.generatorOutput === undefined) problems.push('Generate has no generator output: not analysed');
      else p.generatorOutput.forEach((a) => produce(a.id, 'Generate'));
      break;
    case 'Join':
      // A full outer USING join creates its merged key columns.
      if (p.output !== undefined && p.joinType === 'FULL OUTER') {
        const inputs = new Set([...outputOf(p.left), ...outputOf(p.right)].map((a) => a.id));
        p.output.filter((a) => !inputs.has(a.id)).forEach((a) => produce(a.id, 'Join USING'));
      }
      break;
  }

  let input: Set<number>;
  switch (p.kind) {
    case 'Sort':
    case 'UnresolvedHaving':
    case 'Qualify':
    case 'Repartition':
    case 'WithWindowDefinition':
      input = clauseInput(p.child);
      break;
    case 'Join':
      input = new Set();
      addAvailable(p.left, input);
      addAvailable(p.right, input);
      break;
    default:
      input = new Set();
      for (const c of children) addAvailable(c, input);
  }
  const scopes = [input, ...outer];
  visitPlanSlots(
    p,
    () => {},
    (e) => {
      // A top-level alias names a column the node produces; aliases nested inside expressions
      // (`struct(x AS a)`) only name struct fields.
      if (e.kind === 'Alias') {
        if (e.id === undefined) problems.push(`${p.kind} has an alias ${e.name} without an id`);
        else produce(e.id, p.kind, e.name);
        checkExpr(e.child, scopes, NO_LAMBDAS, problems, produce, p.kind, seen);
      } else checkExpr(e, scopes, NO_LAMBDAS, problems, produce, p.kind, seen);
    },
  );
}

function checkExpr(
  root: Expression,
  scopes: readonly ReadonlySet<number>[],
  lambdas: ReadonlySet<string>,
  problems: string[],
  produce: Produce,
  where: string,
  seen: Set<Plan>,
): void {
  // One pair of callbacks for the whole tree (its scopes and lambdas are the same throughout).
  const onPlan = (q: Plan): void => checkPlan(q, scopes, problems, produce, seen);
  const check = (e: Expression): void => {
    switch (e.kind) {
      case 'AttributeRef':
        if (!scopes[0]!.has(e.id)) problems.push(`${where} reads ${e.name}#${e.id}, which its input does not produce`);
        return;
      case 'OuterReference':
        if (!scopes.slice(1).some((s) => s.has(e.attr.id))) problems.push(`${where} reads outer ${e.attr.name}#${e.attr.id}, which no enclosing query produces`);
        return;
      case 'LambdaVariable':
        if (!lambdas.has(e.name.toLowerCase())) problems.push(`${where} reads lambda variable ${e.name}#${e.id} outside its lambda`);
        return;
      case 'LambdaFunction': {
        const inner = new Set([...lambdas, ...e.params.map((x) => x.toLowerCase())]);
        checkExpr(e.body, scopes, inner, problems, produce, where, seen);
        return;
      }
      default:
        if (UNRESOLVED.has(e.kind)) {
          problems.push(`${where} holds an unresolved ${e.kind}`);
          return;
        }
    }
    visitExprSlots(e, onPlan, check);
  };
  check(root);
}
