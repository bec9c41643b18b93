/** Test helpers that read like the domain: round-trip identity and plan comparison. */
import { expect } from 'vitest';
import { parseSql, parseExpression } from '../../src/parser/index.js';
import { printPlan, printExpression } from '../../src/plan/print/index.js';
import type { Plan } from '../../src/plan/logical.js';

/** Parses `sql`, prints it, parses the print: both plans must be identical. Returns the plan. */
export function validateIdentity(sql: string, expectedPrint?: string): Plan {
  const plan = parseSql(sql);
  const printed = printPlan(plan);
  if (expectedPrint !== undefined) expect(printed).toBe(expectedPrint);
  expect(parseSql(printed)).toEqual(plan);
  return plan;
}

export function validateExpressionIdentity(sql: string, expectedPrint?: string): void {
  const e = parseExpression(sql);
  const printed = printExpression(e);
  if (expectedPrint !== undefined) expect(printed).toBe(expectedPrint);
  expect(parseExpression(printed)).toEqual(e);
}
