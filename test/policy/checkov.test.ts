import * as fs from 'fs';
import * as path from 'path';
import { runCheckov } from '../../policy/checkov';
import { AWS_REQUIRED_PROVIDERS, WORK_DIR } from '../../tooling/terraform-cli';

const keyPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AccountAdmin', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' },
  ],
});

/** A synthesized-stack look-alike: one KMS key that meets the bar, one without rotation. */
function stackJson(stackName: string): unknown {
  return {
    '//': { metadata: { backend: 'local', stackName, version: '0.21.0' }, outputs: {} },
    provider: { aws: [{ region: 'eu-central-1' }] },
    resource: {
      aws_kms_key: {
        rotated_key_1A2B3C4D: {
          '//': { metadata: { path: `${stackName}/rotated_key`, uniqueId: 'rotated_key_1A2B3C4D' } },
          description: 'meets the bar',
          enable_key_rotation: true,
          deletion_window_in_days: 30,
          policy: keyPolicy,
        },
        unrotated_key_5E6F7A8B: {
          '//': { metadata: { path: `${stackName}/unrotated_key`, uniqueId: 'unrotated_key_5E6F7A8B' } },
          description: 'no rotation',
          enable_key_rotation: false,
          deletion_window_in_days: 30,
          policy: keyPolicy,
        },
      },
    },
    terraform: { required_providers: AWS_REQUIRED_PROVIDERS },
  };
}

describe('checkov runner', () => {
  let root: string;
  let testStack: string;
  let productionStack: string;

  beforeAll(() => {
    fs.mkdirSync(path.join(WORK_DIR, 'test-bed'), { recursive: true });
    root = fs.mkdtempSync(path.join(WORK_DIR, 'test-bed', 'checkov-'));
    testStack = path.join(root, 'stacks', 'demo-test');
    productionStack = path.join(root, 'stacks', 'demo-production');
    for (const [dir, name] of [
      [testStack, 'demo-test'],
      [productionStack, 'demo-production'],
    ]) {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(stackJson(name), null, 2));
    }
  });

  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reports the non-compliant resource by its Terraform address and stack, and nothing on the compliant one', () => {
    const report = runCheckov([testStack, productionStack]);
    expect(report.stacks).toEqual(['demo-test', 'demo-production']);
    expect(report.failed.map((f) => [f.stack, f.resourceAddress, f.checkId])).toEqual([
      ['demo-production', 'aws_kms_key.unrotated_key_5E6F7A8B', 'CKV_AWS_7'],
      ['demo-test', 'aws_kms_key.unrotated_key_5E6F7A8B', 'CKV_AWS_7'],
    ]);
    expect(report.failed[0]).toMatchObject({ resourceType: 'aws_kms_key', file: path.join(productionStack, 'cdk.tf.json') });
    expect(report.failed[0].checkName).toMatch(/rotation/i);
  });

  it('tells apart two resources of different types that share a name', () => {
    const dir = path.join(root, 'stacks', 'shared-names');
    fs.mkdirSync(dir, { recursive: true });
    const stack = {
      resource: {
        aws_s3_bucket: { shared: { bucket: 'shared-names-bucket' } },
        aws_kms_key: { shared: { description: 'no rotation', enable_key_rotation: false, policy: keyPolicy } },
      },
    };
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(stack, null, 2));
    const report = runCheckov([dir]);
    const rotation = report.failed.filter((f) => f.checkId === 'CKV_AWS_7');
    expect(rotation.map((f) => f.resourceAddress)).toEqual(['aws_kms_key.shared']);
    const onBucket = report.failed.filter((f) => f.resourceType === 'aws_s3_bucket');
    expect(onBucket.length).toBeGreaterThan(0);
    expect(onBucket.every((f) => f.resourceAddress === 'aws_s3_bucket.shared')).toBe(true);
    // No stack metadata: the directory names the stack.
    expect(report.stacks).toEqual(['shared-names']);
  });

  it('rejects a directory without a synthesized stack', () => {
    expect(() => runCheckov([root])).toThrow(/no cdk\.tf\.json in .*expected a synthesized stack directory/);
  });
});
