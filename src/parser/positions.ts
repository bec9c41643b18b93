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
import type { Expression } from '../plan/expression.js';
import type { Plan, TimeTravel } from '../plan/logical.js';

class Base {}
/**
 * A derived class whose constructor returns the node without calling `super`: a derived class's
 * `this` is made by the `super` call, so none is made at all (a base-class Host made an object
 * for each stamp and dropped it, wherever V8 did not optimize the call away).
 */
class Host extends Base {
  // @ts-expect-error TS2377: no `super` call, on purpose (above).
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

/**
 * Columns and relations that get a position, built by constructors instead of literals: V8 gives
 * an object literal room for its own properties only, so the stamp allocated a property array
 * (40 bytes) per node, a third of a column's bytes; a constructor's objects keep room for the
 * fields added after it (V8's slack tracking), the stamp included. Their prototype is
 * Object.prototype: plain objects, with the literals' properties in the literals' order.
 */
type Column = Extract<Expression, { kind: 'UnresolvedAttribute' }>;
type Relation = Extract<Plan, { kind: 'UnresolvedRelation' }>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
function plain<T, A extends unknown[]>(init: (this: Mutable<T>, ...args: A) => void): new (...args: A) => T {
  (init as unknown as { prototype: object }).prototype = Object.prototype;
  return init as unknown as new (...args: A) => T;
}
const ColumnNode = plain(function (this: Mutable<Column>, nameParts: readonly string[]) {
  this.kind = 'UnresolvedAttribute';
  this.nameParts = nameParts;
});
const RelationNode = plain(function (this: Mutable<Relation>, name: readonly string[], identifierClause: Expression | null, timeTravel: TimeTravel | null) {
  this.kind = 'UnresolvedRelation';
  this.name = name;
  this.identifierClause = identifierClause;
  this.timeTravel = timeTravel;
  this.options = null;
  this.file = null;
});

/** A column (`UnresolvedAttribute`), with its position if `offset` is given. */
export function columnNode(nameParts: readonly string[], offset?: number): Expression {
  const e = new ColumnNode(nameParts);
  recordPosition(e, offset);
  return e;
}

/** A relation by name (`UnresolvedRelation`), without options; its position goes on with recordPosition. */
export function relationNode(name: readonly string[], identifierClause: Expression | null, timeTravel: TimeTravel | null): Relation {
  return new RelationNode(name, identifierClause, timeTravel);
}
