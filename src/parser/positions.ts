/**
 * Source positions of plan nodes, kept out of the plan's data so that plans stay plain data whose
 * equality does not depend on where the text was: the analyzer reads them to put a position on
 * its errors (`TABLE_OR_VIEW_NOT_FOUND` at line 3, column 8).
 *
 * A position is a private field stamped on the node (a base class whose constructor returns the
 * node it is given lets a subclass add its private field to any object). A private field is no
 * property: keys, JSON, spreads and equality in tests never see it, and a copy of the node has no
 * position, as with a WeakMap. It costs a property store instead of a WeakMap entry, which took a
 * sixth of a parse (hash insertion and, at every collection, ephemeron processing).
 */
class Host {
  constructor(node: object) {
    return node;
  }
}

class Position extends Host {
  #offset: number;
  private constructor(node: object, offset: number) {
    super(node);
    this.#offset = offset;
  }
  static record(node: object, offset: number): void {
    if (#offset in node) (node as Position).#offset = offset;
    else new Position(node, offset);
  }
  static of(node: object): number | undefined {
    return #offset in node ? (node as Position).#offset : undefined;
  }
}

export function recordPosition(node: object, offset: number | undefined): void {
  if (offset !== undefined && Number.isFinite(offset)) Position.record(node, offset);
}

/** The character offset where `node` starts in the text it was parsed from, if recorded. */
export function positionOf(node: object): number | undefined {
  return Position.of(node);
}
