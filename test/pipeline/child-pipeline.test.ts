/** The generated plan pipeline: which jobs each kind of pipeline gets, and the settings that protect production. */
import { parse } from 'yaml';
import { PipelineContext } from '../../pipeline/ci-env';
import { childPipeline, driftPipeline } from '../../pipeline/child-pipeline';
import { PipelineStack } from '../../pipeline/stack-synth';

const stack = (name: string, tier: 'test' | 'production'): PipelineStack => ({
  name,
  tier,
  account: '111111111111',
  sourceFile: `environments/${name}.yaml`,
  backend: 'gitlab',
  dir: `cdktf.out/stacks/${name}`,
});
const STACKS = [stack('shop-production', 'production'), stack('shop-test', 'test')];
type Job = Record<string, unknown> & { artifacts?: Record<string, unknown>; environment?: Record<string, unknown> };

function generate(ctx: PipelineContext, stacks = STACKS, unchanged: string[] = []): Record<string, Job> {
  return parse(childPipeline(ctx, stacks, unchanged)) as Record<string, Job>;
}
const jobNames = (doc: Record<string, unknown>) => Object.keys(doc).filter((k) => !k.startsWith('.') && k !== 'stages' && k !== 'variables').sort();

describe('the generated plan pipeline', () => {
  it('on a merge request: a plan job per changed stack and one review, no deploys; the merge request is written in', () => {
    const doc = generate({ kind: 'merge-request', mrIid: '42', mrLabels: 'a, "b": c' }, [STACKS[1]], ['shop-production']);
    expect(jobNames(doc)).toEqual(['plan-shop-test', 'review']);
    // GitLab does not pass merge-request variables to a child pipeline; labels with YAML syntax stay text.
    expect(doc.variables).toEqual({ PIPELINE_KIND: 'merge-request', PLAN_MR_IID: '42', PLAN_MR_LABELS: 'a, "b": c' });
    expect(doc.review.needs).toEqual([{ job: 'plan-shop-test', artifacts: true }]);
    expect(doc.review.script).toEqual(['npm run pipeline -- review shop-test']);
    expect(doc.review.artifacts).toMatchObject({ access: 'developer', when: 'always', reports: { terraform: 'plan-reports/*.tfreport.json' } });
    // Without allow_failure the gate's exit status fails the merge request's pipeline.
    expect(doc.review.allow_failure).toBeUndefined();
    expect(childPipeline({ kind: 'merge-request', mrIid: '42' }, [STACKS[1]], ['shop-production'])).toContain('# Unchanged (not planned): shop-production');
  });

  it('plan jobs: saved plan and its JSON readable by developers only, environment prepared, one resource group per stack', () => {
    const plan = generate({ kind: 'merge-request', mrIid: '1' })['plan-shop-production'];
    expect(plan.script).toEqual(['npm run pipeline -- plan shop-production']);
    expect(plan.resource_group).toBe('shop-production');
    expect(plan.environment).toEqual({ name: 'shop-production', action: 'prepare', deployment_tier: 'production' });
    expect(plan.artifacts).toMatchObject({ access: 'developer' });
    expect(plan.artifacts!.paths).toEqual(expect.arrayContaining(['cdktf.out/stacks/shop-production/plan.tfplan', 'cdktf.out/stacks/shop-production/plan.json', 'cdktf.out/stacks/shop-production/.terraform.lock.hcl']));
    expect(plan.extends).toBe('.stack-job');
    expect(generate({ kind: 'merge-request', mrIid: '1' })['.stack-job']).toMatchObject({ id_tokens: { GITLAB_OIDC_TOKEN: { aud: '$AWS_OIDC_AUDIENCE' } } });
  });

  it('on the default branch: test deploys on its own, production waits for a person, both apply their saved plan', () => {
    const doc = generate({ kind: 'default-branch' });
    expect(jobNames(doc)).toEqual(['deploy-shop-production', 'deploy-shop-test', 'plan-shop-production', 'plan-shop-test', 'review']);
    expect(doc['deploy-shop-production']).toMatchObject({
      when: 'manual',
      needs: [{ job: 'plan-shop-production', artifacts: true }],
      resource_group: 'shop-production',
      environment: { name: 'shop-production', action: 'start', deployment_tier: 'production' },
      script: ['npm run pipeline -- apply shop-production'],
    });
    expect(doc['deploy-shop-test'].when).toBeUndefined();
    expect(doc['deploy-shop-test'].environment).toMatchObject({ deployment_tier: 'testing' });
    // The deployers' reading; the gate was the merge request's.
    expect(doc.review.allow_failure).toEqual({ exit_codes: [2] });
  });

  it('a merge request that changes no stack still makes a valid pipeline that says so', () => {
    const doc = generate({ kind: 'merge-request', mrIid: '3' }, [], ['shop-production', 'shop-test']);
    expect(jobNames(doc)).toEqual(['nothing-to-plan']);
    expect(String(doc['nothing-to-plan'].script)).toContain('2 unchanged');
  });
});

describe('the generated drift pipeline', () => {
  const local = { ...stack('shop-dev', 'test'), backend: 'local' as const };

  it('a drift job per stack with remote state, in the resource group its plan and deploy jobs use, and one report job over all', () => {
    const yaml = driftPipeline([...STACKS, local]);
    const doc = parse(yaml) as Record<string, Job>;
    expect(jobNames(doc)).toEqual(['drift-report', 'drift-shop-production', 'drift-shop-test']);
    expect(doc['drift-shop-test']).toMatchObject({
      extends: '.stack-job',
      stage: 'drift',
      resource_group: generate({ kind: 'default-branch' })['plan-shop-test'].resource_group,
      script: ['npm run pipeline -- drift shop-test'],
      artifacts: { access: 'developer', when: 'always', paths: ['drift/shop-test.plan.json', 'drift/shop-test.outcome.json'] },
    });
    // The report runs whatever the drift jobs' outcome (a stack that drifts fails its job) and reads all of them.
    expect(doc['drift-report']).toMatchObject({
      stage: 'report',
      when: 'always',
      needs: [{ job: 'drift-shop-production', artifacts: true }, { job: 'drift-shop-test', artifacts: true }],
      script: ['npm run pipeline -- drift-report shop-production shop-test'],
      artifacts: { access: 'developer', paths: ['drift-report.md'] },
    });
    // The drift jobs assume the account's role with the job's ID token, as the plan jobs do.
    expect(doc['.stack-job']).toMatchObject({ id_tokens: { GITLAB_OIDC_TOKEN: { aud: '$AWS_OIDC_AUDIENCE' } } });
    expect(yaml).toContain('# Not checked (local state): shop-dev');
  });

  it('with no stack a pipeline keeps state for, still a valid pipeline that says so', () => {
    const doc = parse(driftPipeline([local])) as Record<string, Job>;
    expect(jobNames(doc)).toEqual(['nothing-to-check']);
  });
});
