import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  ListResourceTagsCommand,
  paginateListAliases,
  paginateListKeys,
} from '@aws-sdk/client-kms';
import { DiscoveredResource, ref } from '../model';
import { ResourceTypeModule, collect, tagsArgument } from '../resource-type';

function kmsTags(tags: { TagKey?: string; TagValue?: string }[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.TagKey!, t.TagValue ?? '']));
}

const listAliases = (ctx: Parameters<ResourceTypeModule['discover']>[0]) =>
  ctx.once('kms:ListAliases', () => collect(paginateListAliases({ client: ctx.clients.kms }, {}), (p) => p.Aliases));

/** Customer-managed keys; AWS-managed keys (aws/ aliases) are AWS's to manage. */
export const kmsKeyType: ResourceTypeModule = {
  type: 'aws_kms_key',
  resource: { module: 'kms-key', className: 'KmsKey' },
  dataSource: { module: 'data-aws-kms-key', className: 'DataAwsKmsKey', idArgument: 'keyId' },
  iamActions: ['kms:ListKeys', 'kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags', 'kms:ListAliases'],
  async discover(ctx) {
    const [keys, aliases] = [await collect(paginateListKeys({ client: ctx.clients.kms }, {}), (p) => p.Keys), await listAliases(ctx)];
    const found = await ctx.each('aws_kms_key', keys, (k) => k.KeyId!, async (k): Promise<DiscoveredResource | undefined> => {
      const meta = (await ctx.clients.kms.send(new DescribeKeyCommand({ KeyId: k.KeyId }))).KeyMetadata!;
      if (meta.KeyState === 'PendingDeletion' || meta.KeyState === 'PendingReplicaDeletion') return undefined;
      const alias = aliases.find((a) => a.TargetKeyId === k.KeyId)?.AliasName?.replace(/^alias\//, '');
      if (meta.KeyManager === 'AWS') {
        return { type: 'aws_kms_key', id: k.KeyId!, importId: k.KeyId!, name: alias ?? k.KeyId!, tags: {}, altIds: [meta.Arn!], skipReason: 'AWS-managed key', attributes: {} };
      }
      const tags = kmsTags((await ctx.clients.kms.send(new ListResourceTagsCommand({ KeyId: k.KeyId }))).Tags);
      const policy = (await ctx.clients.kms.send(new GetKeyPolicyCommand({ KeyId: k.KeyId, PolicyName: 'default' }))).Policy;
      const symmetric = (meta.KeySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT';
      const rotation = symmetric ? await ctx.clients.kms.send(new GetKeyRotationStatusCommand({ KeyId: k.KeyId })) : undefined;
      return {
        type: 'aws_kms_key',
        id: k.KeyId!,
        importId: k.KeyId!,
        name: tags.Name ?? alias ?? k.KeyId!,
        tags,
        altIds: [meta.Arn!],
        attributes: {
          ...(meta.Description ? { description: meta.Description } : {}),
          // provider defaults: ENCRYPT_DECRYPT, SYMMETRIC_DEFAULT, enabled, no rotation
          ...(meta.KeyUsage && meta.KeyUsage !== 'ENCRYPT_DECRYPT' ? { keyUsage: meta.KeyUsage } : {}),
          ...(!symmetric ? { customerMasterKeySpec: meta.KeySpec! } : {}),
          ...(meta.Enabled === false ? { isEnabled: false } : {}),
          ...(meta.MultiRegion ? { multiRegion: true } : {}),
          ...(rotation?.KeyRotationEnabled ? { enableKeyRotation: true } : {}),
          ...(rotation?.KeyRotationEnabled && rotation.RotationPeriodInDays && rotation.RotationPeriodInDays !== 365
            ? { rotationPeriodInDays: rotation.RotationPeriodInDays }
            : {}),
          ...(policy ? { policy } : {}),
          ...tagsArgument(tags),
        },
      };
    });
    return found.filter((r): r is DiscoveredResource => r !== undefined);
  },
};

export const kmsAliasType: ResourceTypeModule = {
  type: 'aws_kms_alias',
  resource: { module: 'kms-alias', className: 'KmsAlias' },
  iamActions: ['kms:ListAliases'],
  async discover(ctx) {
    const aliases = await listAliases(ctx);
    return aliases
      .filter((a) => a.TargetKeyId)
      .map(
        (a): DiscoveredResource => ({
          type: 'aws_kms_alias',
          id: a.AliasName!,
          importId: a.AliasName!,
          name: a.AliasName!.replace(/^alias\//, ''),
          tags: {},
          altIds: a.AliasArn ? [a.AliasArn] : [],
          skipReason: a.AliasName!.startsWith('alias/aws/') ? 'AWS-managed: alias of an AWS-managed key' : undefined,
          attributes: { name: a.AliasName!, targetKeyId: ref(a.TargetKeyId!) },
        }),
      );
  },
};

