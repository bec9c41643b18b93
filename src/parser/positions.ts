/**
 * Source positions of plan nodes, kept beside the plan (a WeakMap) so that plans stay plain data
 * whose equality does not depend on where the text was: the analyzer reads them to put a
 * position on its errors (`TABLE_OR_VIEW_NOT_FOUND` at line 3, column 8).
 */
const positions = new WeakMap<object, number>();

export function recordPosition(node: object, offset: number | undefined): void {
  if (offset !== undefined && Number.isFinite(offset)) positions.set(node, offset);
}

/** The character offset where `node` starts in the text it was parsed from, if recorded. */
export function positionOf(node: object): number | undefined {
  return positions.get(node);
}
