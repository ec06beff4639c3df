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
