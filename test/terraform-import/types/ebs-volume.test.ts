/**
 * aws_ebs_volume and aws_volume_attachment: a data volume imported by its ID with its KMS key as a
 * reference and gp3 performance kept, its attachment by <device>:<volume>:<instance>; a root volume
 * belongs to its instance and is skipped.
 */
import { AttachVolumeCommand, CreateVolumeCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { EMULATOR_BASE_AMI } from '../../../test-bed/emulator';
import { constructOf, discoverTypes, useImportEmulator } from '../../support/import-type-test';

describe('import types aws_ebs_volume and aws_volume_attachment', () => {
  const { sdk } = useImportEmulator();
  let instance: string;
  let volume: string;
  let keyArn: string;

  beforeAll(async () => {
    const ec2 = new EC2Client(sdk());
    const kms = new KMSClient(sdk());
    keyArn = (await kms.send(new CreateKeyCommand({ Description: 'volumes', Tags: [{ TagKey: 'Name', TagValue: 'volumes' }] }))).KeyMetadata!.Arn!;
    instance = (
      await ec2.send(new RunInstancesCommand({ ImageId: EMULATOR_BASE_AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, Placement: { AvailabilityZone: 'eu-central-1a' }, TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'db-host' }] }] }))
    ).Instances![0].InstanceId!;
    volume = (
      await ec2.send(
        new CreateVolumeCommand({ AvailabilityZone: 'eu-central-1a', Size: 50, VolumeType: 'gp3', Iops: 4000, Throughput: 250, Encrypted: true, KmsKeyId: keyArn, TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'Name', Value: 'data' }] }] }),
      )
    ).VolumeId!;
    await ec2.send(new AttachVolumeCommand({ VolumeId: volume, InstanceId: instance, Device: '/dev/sdf' }));
    ec2.destroy();
    kms.destroy();
  });

  it('imports the data volume and its attachment with references, and skips the root volume', async () => {
    const found = await discoverTypes(['aws_ebs_volume', 'aws_volume_attachment', 'aws_instance', 'aws_kms_key']);
    const v = found.entry('aws_ebs_volume', volume);
    expect([v.importId, v.resource.name, v.decision, v.reason, v.address]).toEqual([volume, 'data', 'import', 'discovered, not managed by Terraform', 'aws_ebs_volume.data']);
    expect(v.resource.attributes).toEqual({
      availabilityZone: 'eu-central-1a',
      size: 50,
      type: 'gp3',
      encrypted: true,
      kmsKeyId: { $ref: keyArn, attr: 'arn' },
      iops: 4000,
      throughput: 250,
      tags: { Name: 'data' },
    });
    expect(constructOf(found.code, v).body).toContain('kmsKeyId: volumes.arn,');

    const attachment = found.entry('aws_volume_attachment', `/dev/sdf:${volume}:${instance}`);
    expect([attachment.importId, attachment.resource.name, attachment.decision, attachment.address]).toEqual([`/dev/sdf:${volume}:${instance}`, 'data_attachment', 'import', 'aws_volume_attachment.data_attachment']);
    const construct = constructOf(found.code, attachment);
    expect(construct).toEqual({ variable: 'dataAttachment', imported: true, body: '      deviceName: "/dev/sdf",\n      volumeId: data.id,\n      instanceId: dbHost.id,' });

    const root = found.ofType('aws_ebs_volume').filter((e) => e.id !== volume);
    expect(root.map((e) => [e.decision, e.reason])).toEqual([['skip', `part of ${instance}: its root volume is the instance's root_block_device`]]);
    expect(found.ofType('aws_volume_attachment')).toHaveLength(1);
  });
});
