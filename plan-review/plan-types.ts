/**
 * The parts of Terraform's plan JSON (format_version 1.x) the reviewer reads. Unknown fields are
 * ignored, as the format's compatibility promise asks of readers.
 */

export const ACTIONS = ['no-op', 'create', 'read', 'update', 'delete', 'forget'] as const;
export type Action = (typeof ACTIONS)[number];

/** Masks mirror the value's structure; `true` marks a whole subtree. */
export type Mask = boolean | Mask[] | { [key: string]: Mask };

export interface PlanChange {
  actions: Action[];
  before?: unknown;
  after?: unknown;
  after_unknown?: Mask;
  before_sensitive?: Mask;
  after_sensitive?: Mask;
  replace_paths?: (string | number)[][];
  importing?: { id?: string; identity?: unknown };
  generated_config?: string;
}

export interface PlanResourceChange {
  address: string;
  previous_address?: string;
  module_address?: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: unknown;
  deposed?: string;
  provider_name?: string;
  change: PlanChange;
  action_reason?: string;
}

export interface PlanOutputChange {
  actions: Action[];
  before?: unknown;
  after?: unknown;
  after_unknown?: boolean | Mask;
  before_sensitive?: boolean | Mask;
  after_sensitive?: boolean | Mask;
}

export interface RelevantAttribute {
  resource: string;
  attribute: (string | number)[];
}

export interface DeferredChange {
  reason: string;
  resource_change: PlanResourceChange;
}

/** The small top-level facts of a plan; the big arrays are streamed, never held here. */
export interface PlanHeader {
  formatVersion: string;
  terraformVersion?: string;
  applyable?: boolean;
  complete?: boolean;
  errored?: boolean;
}
