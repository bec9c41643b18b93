/**
 * Long printed SQL kept flat. Concatenation builds a rope in V8: a tree of small cells, here about
 * one of 32 bytes per 4 characters of text, until the string is read. While a long query prints,
 * its rope is live and several times the size of its text, and every young-generation collection
 * copies it: printing a UNION ALL of 1,000 secured reads cost 3x per read what 100 reads cost, most
 * of it in the collector. So the places that append an unbounded number of pieces (set-operation
 * chains, joins, lists, AND/OR chains) flatten each new piece once what they hold is long: a short
 * output pays nothing, a long one a copy of each piece.
 */

/** The length (characters) from which a growing text flattens what it appends: below it, the rope
 * (under half a megabyte) costs the collector little, and flattening more than it saves. */
export const LONG = 65_536;

/**
 * `piece`, flattened in place (reading a character flattens a rope in V8), if `sofar` is long;
 * the text is the same either way.
 */
export function flatIfLong(sofar: string, piece: string): string {
  if (sofar.length >= LONG) piece.charCodeAt(0);
  return piece;
}
