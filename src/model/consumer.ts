/** Data consumers: the audiences and enrichments built on the graph. */

/** What a consumer is, as Segment names it. */
export type ConsumerType = 'linked_audience' | 'linked_event' | 'other';

/** One data consumer declared in the config (SPEC §3). */
export interface Consumer {
  readonly id: string;
  readonly name: string;
  readonly type: ConsumerType;
  /** `entity:<slug>` or `relationship:<slug>` entries, as written. */
  readonly uses: readonly string[];
  readonly owner: string | null;
}

/** A consumer as reports show it. */
export interface ConsumerRef {
  readonly id: string;
  readonly name: string;
}
