/**
 * GitLab's `artifacts:reports:terraform` format: exactly {"create":N,"update":N,"delete":N} per stack.
 * The merge-request widget shows only these three numbers, so each changed object is counted once,
 * in the column that a reviewer glancing at the widget must not miss:
 *
 * | change                                  | counted as |
 * |-----------------------------------------|------------|
 * | create                                  | create     |
 * | update in place                         | update     |
 * | delete (including a deposed object)     | delete     |
 * | replace, either order (old is destroyed)| delete     |
 * | replace, create new and forget old      | create     |
 * | import (with or without an update)      | update     |
 * | move (with or without an update)        | update     |
 * | forget (object stays, leaves the state) | update     |
 * | data-source read, no-op                 | not counted|
 *
 * GitLab's own helper counts a replacement twice (a create and a delete) and ignores imports and
 * moves; here the widget says "1 to delete" for a replacement, because the old object is gone either
 * way, and state-only changes still show as changes.
 */
import { Classification } from './classify';
import { StackReview } from './stack-review';

export interface GitlabTerraformReport {
  create: number;
  update: number;
  delete: number;
}

export function reportColumn(c: Classification): keyof GitlabTerraformReport | undefined {
  switch (c.kind) {
    case 'create':
      return 'create';
    case 'update':
    case 'forget':
      return 'update';
    case 'delete':
      return 'delete';
    case 'replace':
      return c.replaceOrder === 'create-then-forget' ? 'create' : 'delete';
    case 'read':
      return undefined;
    case 'no-op':
      return c.imported || c.moved ? 'update' : undefined;
  }
}

export function gitlabReport(stack: StackReview): GitlabTerraformReport {
  const report: GitlabTerraformReport = { create: 0, update: 0, delete: 0 };
  for (const r of stack.resources) {
    const column = reportColumn(r.classification);
    if (column) report[column]++;
  }
  return report;
}
