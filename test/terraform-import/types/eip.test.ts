/** aws_eip: imported by its allocation ID (its public IP an alternative ID), domain vpc; the association belongs to what holds it. */
import { AllocateAddressCommand, EC2Client } from '@aws-sdk/client-ec2';
import { constructOf, discoverTypes, useImportEmulator } from '../../support/import-type-test';

describe('import type aws_eip', () => {
  const { sdk } = useImportEmulator();
  let named: { AllocationId?: string; PublicIp?: string };
  let unnamed: string;

  beforeAll(async () => {
    const ec2 = new EC2Client(sdk());
    named = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: [{ Key: 'Name', Value: 'nat-a' }] }] }));
    unnamed = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
    ec2.destroy();
  });

  it('imports an address by its allocation ID and finds it by its public IP too', async () => {
    const found = await discoverTypes(['aws_eip']);
    const eip = found.entry('aws_eip', named.PublicIp!);
    expect([eip.id, eip.importId, eip.resource.name, eip.decision, eip.reason, eip.address]).toEqual([
      named.AllocationId,
      named.AllocationId,
      'nat-a',
      'import',
      'discovered, not managed by Terraform',
      'aws_eip.nat_a',
    ]);
    // no instance or network interface argument: the NAT gateway or instance that holds it associates it
    expect(eip.resource.attributes).toEqual({ domain: 'vpc', tags: { Name: 'nat-a' } });
    expect(constructOf(found.code, eip).imported).toBe(true);
    expect(found.entry('aws_eip', unnamed).resource.name).toBe(unnamed);
    expect(found.calls).toEqual(['ec2:DescribeAddresses']);
  });
});
