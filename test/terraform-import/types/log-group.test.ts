/** aws_cloudwatch_log_group: imported by name, retention and KMS key (a reference) as set, class STANDARD dropped. */
import { CloudWatchLogsClient, CreateLogGroupCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { constructOf, discoverTypes, useImportEmulator } from '../../support/import-type-test';

describe('import type aws_cloudwatch_log_group', () => {
  const { sdk } = useImportEmulator();

  beforeAll(async () => {
    const logs = new CloudWatchLogsClient(sdk());
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/legacy/app', tags: { Team: 'platform' } }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/legacy/app', retentionInDays: 90 }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'forever' }));
    logs.destroy();
  });

  it('imports each group by name with the retention it has, and nothing for "never expire"', async () => {
    const found = await discoverTypes(['aws_cloudwatch_log_group']);
    const g = found.entry('aws_cloudwatch_log_group', '/legacy/app');
    expect([g.importId, g.resource.name, g.decision, g.reason, g.address]).toEqual(['/legacy/app', '/legacy/app', 'import', 'discovered, not managed by Terraform', 'aws_cloudwatch_log_group.legacy_app']);
    expect(g.resource.attributes).toEqual({ name: '/legacy/app', retentionInDays: 90, tags: { Team: 'platform' } });
    expect(constructOf(found.code, g).imported).toBe(true);
    expect(found.entry('aws_cloudwatch_log_group', 'forever').resource.attributes).toEqual({ name: 'forever' });
  });
});
