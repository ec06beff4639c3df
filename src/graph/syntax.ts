/** The generic tree of attributes and blocks the parser builds. */
import type { Place } from './diagnostics.js';

/** A literal value on the right of `=`. */
export type SyntaxValue =
  | { readonly kind: 'string'; readonly value: string; readonly at: Place }
  | { readonly kind: 'bool'; readonly value: boolean; readonly at: Place }
  | { readonly kind: 'number'; readonly value: string; readonly at: Place }
  | { readonly kind: 'identifier'; readonly value: string; readonly at: Place };

/** `name = value`; `value` is null when it could not be read. */
export interface SyntaxAttribute {
  readonly kind: 'attribute';
  readonly name: string;
  readonly at: Place;
  readonly value: SyntaxValue | null;
}

/** A block label such as the slug in `entity "cart-entity"`. */
export interface SyntaxLabel {
  readonly value: string;
  readonly at: Place;
}

/** `type "label" { items }`; `at` is where its type name starts. */
export interface SyntaxBlock {
  readonly kind: 'block';
  readonly type: string;
  readonly at: Place;
  readonly labels: readonly SyntaxLabel[];
  readonly items: readonly SyntaxItem[];
  /** Holds the `...` placeholder, so its missing content is not reported. */
  readonly hasPlaceholder: boolean;
}

/** One entry of a body. */
export type SyntaxItem = SyntaxAttribute | SyntaxBlock;

/** A block the end of the file cut off before its "}". */
export interface UnclosedBlock {
  readonly type: string;
  readonly label: string | null;
  readonly at: Place;
}

/** A "}" that closes a block it is not lined up with. */
export interface MisalignedBrace {
  readonly at: Place;
  readonly closes: UnclosedBlock;
}

/** The message for the `...` placeholder of the vendor's examples. */
export const PLACEHOLDER_MESSAGE =
  '"..." is a placeholder left from an example: ' +
  'write out the attributes and blocks it stands for';

/** How a value's type reads in a message. */
export function describeValueKind(value: SyntaxValue): string {
  switch (value.kind) {
    case 'string':
      return 'a string';
    case 'bool':
      return value.value ? 'true' : 'false';
    case 'number':
      return 'a number';
    case 'identifier':
      return `the bare name ${value.value}`;
  }
}

/**
 * The error for blocks left open at the end of the file, innermost first,
 * with a hint at the first "}" that did not line up with its block.
 */
export function describeUnclosed(
  blocks: readonly UnclosedBlock[],
  misaligned: MisalignedBrace | null,
): string {
  const parts = blocks.map(describeBlock);
  const last = parts[parts.length - 1] ?? '';
  // A long run of open blocks is one mistake; name the ends, count the rest.
  const shown =
    parts.length <= 4
      ? parts.slice(0, -1)
      : [...parts.slice(0, 2), `${parts.length - 3} more blocks`];
  const list = shown.length > 0 ? `${shown.join(', ')} and ${last}` : last;

  const hint =
    misaligned === null
      ? ''
      : ` (the "}" at ${misaligned.at.line}:${misaligned.at.column} closes ` +
        `${describeBlock(misaligned.closes)} but is not lined up with it: ` +
        'is a "}" missing inside that block?)';
  return `expected "}" to close ${list}, found the end of the file${hint}`;
}

function describeBlock(block: UnclosedBlock): string {
  const label = block.label === null ? '' : ` "${block.label}"`;
  const at = `${block.at.line}:${block.at.column}`;
  return `the ${block.type}${label} block opened at ${at}`;
}
