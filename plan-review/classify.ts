/**
 * What a resource change does, in the reviewer's words, and the per-stack headline counts.
 *
 * Import and move are not actions in Terraform's sense: they ride on a no-op or an update. They are
 * counted on their own line as well as under the action they ride on, like Terraform's own
 * "Plan: 1 to import, 2 to add, …" line; a replacement is counted once, not as an add plus a destroy.
 */
import { Action, PlanResourceChange } from './plan-types';

export type ChangeKind = 'create' | 'update' | 'replace' | 'delete' | 'forget' | 'read' | 'no-op';
export type ReplaceOrder = 'create-before-destroy' | 'destroy-before-create' | 'create-then-forget';

export interface Classification {
  kind: ChangeKind;
  replaceOrder?: ReplaceOrder;
  imported: boolean;
  moved: boolean;
  /** The real object is destroyed (delete, or a replacement that deletes the old object). */
  destroys: boolean;
}

export function classify(rc: PlanResourceChange): Classification {
  const actions = rc.change.actions;
  const imported = rc.change.importing !== undefined && rc.change.importing !== null;
  const moved = typeof rc.previous_address === 'string' && rc.previous_address !== rc.address;
  const kind = kindOf(actions);
  return {
    kind,
    replaceOrder: kind === 'replace' ? replaceOrder(actions) : undefined,
    imported,
    moved,
    destroys: actions.includes('delete'),
  };
}

function kindOf(actions: Action[]): ChangeKind {
  if (actions.length === 2) return 'replace';
  return actions[0] as ChangeKind;
}

function replaceOrder(actions: Action[]): ReplaceOrder {
  if (actions[0] === 'delete') return 'destroy-before-create';
  return actions[1] === 'forget' ? 'create-then-forget' : 'create-before-destroy';
}

export interface Headline {
  create: number;
  update: number;
  replace: number;
  replaceCreateBeforeDestroy: number;
  replaceDestroyFirst: number;
  replaceCreateThenForget: number;
  delete: number;
  import: number;
  move: number;
  forget: number;
  read: number;
}

export function emptyHeadline(): Headline {
  return {
    create: 0,
    update: 0,
    replace: 0,
    replaceCreateBeforeDestroy: 0,
    replaceDestroyFirst: 0,
    replaceCreateThenForget: 0,
    delete: 0,
    import: 0,
    move: 0,
    forget: 0,
    read: 0,
  };
}

export function countInto(h: Headline, c: Classification): void {
  switch (c.kind) {
    case 'create':
    case 'update':
    case 'delete':
    case 'forget':
    case 'read':
      h[c.kind]++;
      break;
    case 'replace':
      h.replace++;
      if (c.replaceOrder === 'create-before-destroy') h.replaceCreateBeforeDestroy++;
      else if (c.replaceOrder === 'destroy-before-create') h.replaceDestroyFirst++;
      else h.replaceCreateThenForget++;
      break;
    case 'no-op':
      break;
  }
  if (c.imported) h.import++;
  if (c.moved) h.move++;
}

export function addHeadlines(a: Headline, b: Headline): Headline {
  const sum = emptyHeadline();
  for (const key of Object.keys(sum) as (keyof Headline)[]) sum[key] = a[key] + b[key];
  return sum;
}

export function isEmptyHeadline(h: Headline): boolean {
  return Object.values(h).every((n) => n === 0);
}

/** Whether the change is worth showing at all: no-ops are shown only when they import or move. */
export function isVisible(c: Classification): boolean {
  return c.kind !== 'no-op' || c.imported || c.moved;
}

const REASONS: Record<string, string> = {
  replace_because_tainted: 'the object is tainted',
  replace_because_cannot_update: 'a changed attribute cannot be updated in place',
  replace_by_request: 'replacement was requested (-replace)',
  replace_by_triggers: 'replace_triggered_by fired',
  delete_because_no_resource_config: 'the resource was removed from the configuration',
  delete_because_no_module: 'its module was removed from the configuration',
  delete_because_wrong_repetition: 'count or for_each was added or removed',
  delete_because_count_index: 'its count index is now out of range',
  delete_because_each_key: 'its for_each key is no longer in the map',
  delete_because_no_move_target: 'the target of a moved block does not exist',
  read_because_config_unknown: 'its configuration is only known after apply',
  read_because_dependency_pending: 'a resource it depends on has pending changes',
  read_because_check_nested: 'a check block reads it',
};

/** What a newer reason looks like: a keyword; anything else in the field is not shown at all. */
const REASON_KEYWORD = /^[a-z][a-z_]{0,63}$/;

/**
 * Terraform's action_reason in words; a reason newer than this list is shown as Terraform spells it
 * if it is a keyword, and as "no reason given" otherwise (the field could hold anything).
 */
export function describeReason(reason: string | undefined): string | undefined {
  if (!reason) return undefined;
  if (Object.prototype.hasOwnProperty.call(REASONS, reason)) return REASONS[reason];
  return REASON_KEYWORD.test(reason) ? reason : 'no reason given';
}
