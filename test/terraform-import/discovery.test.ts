/**
 * The type registry and scoping: every type module is complete (read-only IAM actions, a provider
 * class that exists at its deep import path), --vpc / --tag / --ids narrow as documented, and
 * --attached-to follows what an instance points at and what exists for its sake, never into another
 * instance's graph or the shared network.
 */
import { attachedGraph, discover, narrow } from '../../terraform-import/discovery/discover';
import { DiscoveredResource, ref } from '../../terraform-import/discovery/model';
import { RESOURCE_TYPES } from '../../terraform-import/discovery/registry';
import { summarizePlan, planPasses, formatSummary } from '../../terraform-import/verify/verify';
import { discovered } from '../support/discovered-resource';

const r = discovered;

describe('type registry', () => {
  it('has one module per type, each with read-only IAM actions and a provider class at its deep path', () => {
    const types = RESOURCE_TYPES.map((t) => t.type);
    expect(new Set(types).size).toBe(types.length);
    for (const t of RESOURCE_TYPES) {
      expect([t.type, t.iamActions.length > 0]).toEqual([t.type, true]);
      for (const action of t.iamActions) expect([t.type, action]).toEqual([t.type, expect.stringMatching(/^[a-z0-9-]+:(Describe|List|Get)[A-Za-z]+$/)]);
      for (const cls of [t.resource, ...(t.dataSource ? [t.dataSource] : [])]) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(`@cdktf/provider-aws/lib/${cls.module}`);
        expect([t.type, cls.className, typeof mod[cls.className]]).toEqual([t.type, cls.className, 'function']);
      }
    }
  });
});

describe('failures', () => {
  it('reports a resource that cannot be read and goes on with the others, in a stable order', async () => {
    const flaky = {
      type: 'aws_s3_bucket',
      resource: { module: 's3-bucket', className: 'S3Bucket' },
      iamActions: ['s3:ListAllMyBuckets'],
      discover: (ctx: Parameters<(typeof RESOURCE_TYPES)[number]['discover']>[0]) =>
        ctx.each('aws_s3_bucket', ['a', 'b', 'c'], (n) => n, async (n) => {
          if (n === 'b') throw Object.assign(new Error('Access Denied\nmore detail'), { name: 'AccessDenied' });
          await new Promise((resolve) => setTimeout(resolve, n === 'a' ? 20 : 0));
          return r('aws_s3_bucket', n);
        }),
    };
    const broken = { ...flaky, type: 'aws_sns_topic', discover: async () => Promise.reject(new Error('service unavailable')) };
    const result = await discover({ region: 'eu-central-1', typeModules: [flaky, broken] });
    expect(result.resources.map((x) => x.id)).toEqual(['a', 'c']);
    expect(result.failures).toEqual([
      { type: 'aws_s3_bucket', id: 'b', message: 'AccessDenied: Access Denied' },
      { type: 'aws_sns_topic', message: 'Error: service unavailable' },
    ]);
  });
});

describe('scope', () => {
  const vpc = r('aws_vpc', 'vpc-1', {}, { vpcId: 'vpc-1' });
  const otherVpc = r('aws_vpc', 'vpc-2', {}, { vpcId: 'vpc-2' });
  const subnet = r('aws_subnet', 'subnet-1', { vpcId: ref('vpc-1') }, { vpcId: 'vpc-1' });
  const key = r('aws_kms_key', 'key-1', {}, { altIds: ['arn:key-1'] });
  const appSg = r('aws_security_group', 'sg-app', { vpcId: ref('vpc-1') }, { vpcId: 'vpc-1', tags: { App: 'x' } });
  const dbSg = r('aws_security_group', 'sg-db', { vpcId: ref('vpc-1') }, { vpcId: 'vpc-1' });
  const bastionSg = r('aws_security_group', 'sg-bastion', { vpcId: ref('vpc-1') }, { vpcId: 'vpc-1' });
  const dbFromApp = r('aws_vpc_security_group_ingress_rule', 'sgr-db', { securityGroupId: ref('sg-db'), referencedSecurityGroupId: ref('sg-app') }, { vpcId: 'vpc-1' });
  const appSelf = r('aws_vpc_security_group_ingress_rule', 'sgr-self', { securityGroupId: ref('sg-app'), referencedSecurityGroupId: ref('sg-app') }, { vpcId: 'vpc-1' });
  const profile = r('aws_iam_instance_profile', 'prof', { role: ref('role', 'name', undefined, 'aws_iam_role') }, { altIds: ['arn:prof'] });
  const role = r('aws_iam_role', 'role');
  const sameNamedProfile = r('aws_iam_instance_profile', 'role', { role: ref('role', 'name', undefined, 'aws_iam_role') });
  const one = r('aws_instance', 'i-1', { subnetId: ref('subnet-1'), vpcSecurityGroupIds: [ref('sg-app')], iamInstanceProfile: ref('arn:prof', 'name', 'prof', 'aws_iam_instance_profile') }, { vpcId: 'vpc-1' });
  const two = r('aws_instance', 'i-2', { subnetId: ref('subnet-1'), vpcSecurityGroupIds: [ref('sg-app')] }, { vpcId: 'vpc-1' });
  const volOne = r('aws_ebs_volume', 'vol-1', { kmsKeyId: ref('arn:key-1', 'arn') }, { relatedIds: ['i-1'] });
  const volTwo = r('aws_ebs_volume', 'vol-2', { kmsKeyId: ref('arn:key-1', 'arn') }, { relatedIds: ['i-2'] });
  const attachOne = r('aws_volume_attachment', 'att-1', { volumeId: ref('vol-1'), instanceId: ref('i-1') });
  const tg = r('aws_lb_target_group', 'tg', { vpcId: ref('vpc-1') }, { vpcId: 'vpc-1' });
  const regOne = r('aws_lb_target_group_attachment', 'reg-1', { targetGroupArn: ref('tg', 'arn'), targetId: ref('i-1') });
  const regTwo = r('aws_lb_target_group_attachment', 'reg-2', { targetGroupArn: ref('tg', 'arn'), targetId: ref('i-2') });
  const listener = r('aws_lb_listener', 'listener', { loadBalancerArn: ref('lb', 'arn'), defaultAction: [{ type: 'forward', targetGroupArn: ref('tg', 'arn') }] });
  const lb = r('aws_lb', 'lb', { subnets: [ref('subnet-1')] }, { vpcId: 'vpc-1' });
  const db = r('aws_db_instance', 'db', { vpcSecurityGroupIds: [ref('sg-db')], kmsKeyId: ref('arn:key-1', 'arn') }, { vpcId: 'vpc-1' });
  const alarmOne = r('aws_cloudwatch_metric_alarm', 'alarm-1', { dimensions: { InstanceId: ref('i-1') } }, { relatedIds: ['i-1'] });
  const alarmTwo = r('aws_cloudwatch_metric_alarm', 'alarm-2', { dimensions: { InstanceId: ref('i-2') } }, { relatedIds: ['i-2'] });
  const bucket = r('aws_s3_bucket', 'unrelated-bucket');
  const all = [vpc, otherVpc, subnet, key, appSg, dbSg, bastionSg, dbFromApp, appSelf, profile, role, sameNamedProfile, one, two, volOne, volTwo, attachOne, tg, regOne, regTwo, listener, lb, db, alarmOne, alarmTwo, bucket];
  const ids = (rs: Iterable<DiscoveredResource>) => [...rs].map((x) => x.id).sort();

  it('--attached-to an instance: exactly its graph', () => {
    expect(ids(attachedGraph(all, 'i-1'))).toEqual(['alarm-1', 'att-1', 'db', 'i-1', 'lb', 'listener', 'prof', 'reg-1', 'role', 'sg-app', 'sg-db', 'sgr-db', 'sgr-self', 'tg', 'vol-1'].sort());
    // the role (not the profile of the same name) is what the profile's reference names
    expect([...attachedGraph(all, 'i-1')].find((x) => x.id === 'role')!.type).toBe('aws_iam_role');
    expect(ids(attachedGraph(all, 'nothing-here'))).toEqual([]);
  });

  it('--vpc: the VPC\'s resources and those outside VPCs tied to them; --tag and --ids narrow further', () => {
    const inVpc = ids(narrow(all, { vpc: 'vpc-1' }));
    expect(inVpc).toContain('vol-1');
    expect(inVpc).toContain('key-1');
    expect(inVpc).toContain('role');
    expect(inVpc).not.toContain('vpc-2');
    expect(inVpc).not.toContain('unrelated-bucket');
    expect(ids(narrow(all, { tags: { App: 'x' } }))).toEqual(['sg-app']);
    expect(ids(narrow(all, { ids: ['arn:key-1', 'i-2'] }))).toEqual(['i-2', 'key-1']);
    expect(ids(narrow(all, { vpc: 'vpc-1', ids: ['i-2', 'vpc-2'] }))).toEqual(['i-2']);
  });
});

describe('verify summary', () => {
  const change = (address: string, actions: string[], importing: boolean, before: Record<string, unknown> = { a: 1 }, after: Record<string, unknown> = { a: 1 }, replace?: string[][]) => ({
    address,
    mode: 'managed',
    change: { actions, before, after, after_unknown: {}, ...(importing ? { importing: { id: 'x' } } : {}), ...(replace ? { replace_paths: replace } : {}) },
  });

  it('counts imports, adds, changes and destroys, and names every changed attribute', () => {
    const s = summarizePlan({
      resource_changes: [
        change('aws_vpc.a', ['no-op'], true),
        change('aws_lb.b', ['update'], true, { idle_timeout: null, name: 'b' }, { idle_timeout: 60, name: 'b' }),
        change('aws_kms_key.c', ['delete', 'create'], true, { key_usage: null }, { key_usage: 'ENCRYPT_DECRYPT' }, [['key_usage']]),
        change('aws_lb_target_group_attachment.d', ['create'], false, {}, {}),
        { address: 'data.aws_vpc.lz', mode: 'data', change: { actions: ['read'] } },
      ],
    }, new Set(['aws_lb_target_group_attachment.d']));
    expect([s.toImport, s.toDeclare, s.toAdd, s.toChange, s.toDestroy, s.toReplace]).toEqual([3, 1, 1, 1, 1, 1]);
    expect(formatSummary(s)).toBe(
      '3 to import, 1 to add, 1 to change, 1 to destroy\n1 declared without import (target registrations; registering again is idempotent)\n  aws_lb.b: update (idle_timeout)\n  aws_kms_key.c: replace (key_usage)\n',
    );
    expect(planPasses(s, true)).toBe(false);
  });

  it('passes imports alone; --allow-updates passes in-place updates, never a replacement or a destroy', () => {
    const onlyImports = summarizePlan({ resource_changes: [change('aws_vpc.a', ['no-op'], true)] });
    expect(planPasses(onlyImports, false)).toBe(true);
    const update = summarizePlan({ resource_changes: [change('aws_lb.b', ['update'], true, { x: 1 }, { x: 2 })] });
    expect([planPasses(update, false), planPasses(update, true)]).toEqual([false, true]);
    const destroy = summarizePlan({ resource_changes: [change('aws_lb.b', ['delete'], false)] });
    expect(planPasses(destroy, true)).toBe(false);
  });
});
