import { DiscoveredResource, kmsKeyRef, ref, tagMap } from '../model';
import { ResourceTypeModule, tagsArgument } from '../resource-type';
import { listInstances, listVolumes, nameTag } from './ec2-shared';

/** Root volumes belong to their instance (root_block_device), not to an aws_ebs_volume. */
async function rootVolumeOwners(ctx: Parameters<ResourceTypeModule['discover']>[0]): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (const i of await listInstances(ctx)) {
    for (const m of i.BlockDeviceMappings ?? []) if (m.DeviceName === i.RootDeviceName && m.Ebs?.VolumeId) owners.set(m.Ebs.VolumeId, i.InstanceId!);
  }
  return owners;
}

export const ebsVolumeType: ResourceTypeModule = {
  type: 'aws_ebs_volume',
  resource: { module: 'ebs-volume', className: 'EbsVolume' },
  iamActions: ['ec2:DescribeVolumes', 'ec2:DescribeInstances'],
  async discover(ctx) {
    const [volumes, roots] = [await listVolumes(ctx), await rootVolumeOwners(ctx)];
    return volumes.map((v): DiscoveredResource => {
      const tags = tagMap(v.Tags);
      const root = roots.get(v.VolumeId!);
      const provisionedIops = v.VolumeType === 'io1' || v.VolumeType === 'io2' || v.VolumeType === 'gp3';
      return {
        type: 'aws_ebs_volume',
        id: v.VolumeId!,
        importId: v.VolumeId!,
        name: nameTag(tags, v.VolumeId!),
        tags,
        skipReason: root ? `part of ${root}: its root volume is the instance's root_block_device` : undefined,
        relatedIds: v.Attachments?.map((a) => a.InstanceId!).filter(Boolean),
        attributes: {
          availabilityZone: v.AvailabilityZone!,
          size: v.Size!,
          type: v.VolumeType!,
          ...(v.Encrypted ? { encrypted: true } : {}),
          ...(v.KmsKeyId ? { kmsKeyId: kmsKeyRef(v.KmsKeyId) } : {}),
          ...(provisionedIops && v.Iops ? { iops: v.Iops } : {}),
          ...(v.VolumeType === 'gp3' && v.Throughput ? { throughput: v.Throughput } : {}),
          ...(v.SnapshotId ? { snapshotId: v.SnapshotId } : {}),
          ...tagsArgument(tags),
        },
      };
    });
  },
};

export const volumeAttachmentType: ResourceTypeModule = {
  type: 'aws_volume_attachment',
  resource: { module: 'volume-attachment', className: 'VolumeAttachment' },
  iamActions: ['ec2:DescribeVolumes', 'ec2:DescribeInstances'],
  async discover(ctx) {
    const [volumes, roots] = [await listVolumes(ctx), await rootVolumeOwners(ctx)];
    const out: DiscoveredResource[] = [];
    for (const v of volumes) {
      if (roots.has(v.VolumeId!)) continue;
      const volumeName = nameTag(tagMap(v.Tags), v.VolumeId!);
      for (const a of v.Attachments ?? []) {
        if (a.State !== 'attached' && a.State !== 'attaching') continue;
        out.push({
          type: 'aws_volume_attachment',
          id: `${a.Device}:${v.VolumeId}:${a.InstanceId}`,
          importId: `${a.Device}:${v.VolumeId}:${a.InstanceId}`,
          name: `${volumeName}_attachment`,
          tags: {},
          attributes: { deviceName: a.Device!, volumeId: ref(v.VolumeId!), instanceId: ref(a.InstanceId!) },
        });
      }
    }
    return out;
  },
};
