/**
 * Finds what changed between two versions of a graph, element by element
 * (SPEC §7 "diff"). Severity and consumers are added by diff.ts.
 */
import type { DataGraph, Profile } from '../model/graph.js';
import { listRelationships } from '../model/graph.js';
import { formatNamePath } from '../model/names.js';
import { compareEntities } from './diff-entities.js';
import { compareRelationships } from './diff-relationships.js';
import type { ChangeKind, ChangeValue } from './diff-values.js';
import { PROFILE_SUBJECT } from './tree.js';

/** One change before severity and consumers are known. */
export interface RawChange {
  readonly kind: ChangeKind;
  readonly subject: string;
  readonly line: number;
  readonly before: ChangeValue | null;
  readonly after: ChangeValue | null;
  readonly message: string;
}

/** Every change from `before` to `after`, element by element. */
export function compareGraphs(
  before: DataGraph,
  after: DataGraph,
): RawChange[] {
  return [
    ...compareEntities(before.entities, after.entities),
    ...compareRelationships(
      listRelationships(before),
      listRelationships(after),
    ),
    ...compareProfiles(before.profile, after.profile),
  ];
}

function compareProfiles(
  old: Profile | null,
  current: Profile | null,
): RawChange[] {
  const value = (p: Profile): ChangeValue => ({
    profile_folder: p.profileFolder,
    type: p.type,
  });
  const parts: string[] = [];

  if (old === null || current === null) {
    if (old === current) return [];
    parts.push(
      old === null ? 'the profile was added' : 'the profile was removed',
    );
  } else {
    const [oldFolder, newFolder] = [old, current].map((p) =>
      formatNamePath(p.folderParts),
    );
    if (oldFolder !== newFolder) {
      parts.push(
        `profile: profile_folder changed from ${old.profileFolder} to ` +
          current.profileFolder,
      );
    }
    if (old.type !== current.type) {
      const type = `type changed from ${old.type} to ${current.type}`;
      parts.push(parts.length === 0 ? `profile: ${type}` : type);
    }
  }

  if (parts.length === 0) return [];
  const shown = current ?? old;
  return [
    {
      kind: 'profile_changed',
      subject: PROFILE_SUBJECT,
      line: shown?.position.line ?? 1,
      before: old && value(old),
      after: current && value(current),
      message: parts.join('; '),
    },
  ];
}
