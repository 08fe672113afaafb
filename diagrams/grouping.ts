/**
 * Keeps a picture readable: things that are only interesting as a number ("14 alarms") share one
 * node per kind, and when a picture would still have more than `cap` nodes, the kind with the most
 * nodes is counted next, then whole ranks, until it fits.
 */
import { appendTo } from './append-to';
import { resourceKind } from './resource-kinds';

export interface GroupItem {
  /** Unique and stable; groups are ordered by it. */
  key: string;
  type: string;
  /** Drawn alone while the cap allows. */
  own: boolean;
}

export interface ItemGroup<T extends GroupItem> {
  key: string;
  /** The kind of the group; `undefined` for a group of mixed kinds (a whole rank). */
  type?: string;
  members: T[];
  /** Drawn as a count rather than as the one resource it holds. */
  counted: boolean;
}

export const DEFAULT_NODE_CAP = 40;

function byKey<T extends { key: string }>(a: T, b: T): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function merge<T extends GroupItem>(key: string, type: string | undefined, groups: ItemGroup<T>[]): ItemGroup<T> {
  return { key, type, members: groups.flatMap((g) => g.members).sort(byKey), counted: true };
}

export function groupItems<T extends GroupItem>(items: T[], cap = DEFAULT_NODE_CAP): ItemGroup<T>[] {
  if (cap < 1) throw new Error(`node cap must be at least 1, got ${cap}`);
  const sorted = [...items].sort(byKey);
  let groups: ItemGroup<T>[] = [];
  const countedByType = new Map<string, T[]>();
  for (const item of sorted) {
    if (item.own) groups.push({ key: item.key, type: item.type, members: [item], counted: false });
    else appendTo(countedByType, item.type, item);
  }
  for (const [type, members] of countedByType) groups.push({ key: `kind:${type}`, type, members, counted: members.length > 1 });

  // Count the most numerous kind first: it loses the least information per node saved.
  while (groups.length > cap) {
    const perType = new Map<string, ItemGroup<T>[]>();
    for (const g of groups) if (g.type && !g.counted) appendTo(perType, g.type, g);
    for (const g of groups) if (g.type && g.counted && perType.has(g.type)) perType.get(g.type)!.push(g);
    const candidates = [...perType].filter(([, gs]) => gs.length > 1).sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
    if (!candidates.length) break;
    const [type, gs] = candidates[0];
    groups = [...groups.filter((g) => !gs.includes(g)), merge(`kind:${type}`, type, gs)];
  }
  // Still too many different kinds: one node per rank, the rank with the most nodes first.
  while (groups.length > cap) {
    const perRank = new Map<number, ItemGroup<T>[]>();
    for (const g of groups) {
      const rank = resourceKind(g.members[0].type).rank;
      appendTo(perRank, rank, g);
    }
    const candidates = [...perRank].filter(([, gs]) => gs.length > 1).sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
    if (!candidates.length) break;
    const [rank, gs] = candidates[0];
    const types = new Set(gs.flatMap((g) => g.members.map((m) => m.type)));
    groups = [...groups.filter((g) => !gs.includes(g)), merge(`rank:${rank}`, types.size === 1 ? [...types][0] : undefined, gs)];
  }
  return groups.sort(byKey);
}
