/**
 * S3 buckets of the region and their sub-resources, one module each, all from one listing. AWS
 * answers "not configured" with an error (NoSuchTagSet, ServerSideEncryptionConfigurationNotFoundError,
 * NoSuchPublicAccessBlockConfiguration), which here means "no such sub-resource", not a failure.
 */
import {
  Bucket,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  paginateListBuckets,
} from '@aws-sdk/client-s3';
import { AttrValue, DiscoveredResource, kmsKeyRef, ref } from '../model';
import { DiscoveryContext, ResourceTypeModule, collect, tagsArgument } from '../resource-type';

const NOT_CONFIGURED = new Set(['NoSuchTagSet', 'ServerSideEncryptionConfigurationNotFoundError', 'NoSuchPublicAccessBlockConfiguration', 'NoSuchBucketPolicy', 'NoSuchLifecycleConfiguration']);

export async function orAbsent<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (NOT_CONFIGURED.has((err as Error).name)) return undefined;
    throw err;
  }
}

/** Buckets of this region (ListBuckets lists every region's). */
const listBuckets = (ctx: DiscoveryContext): Promise<Bucket[]> =>
  ctx.once('s3:ListBuckets', async () => {
    const buckets = await collect(paginateListBuckets({ client: ctx.clients.s3 }, {}), (p) => p.Buckets);
    const regions = await ctx.each('aws_s3_bucket', buckets, (b) => b.Name!, async (b) => {
      // AWS lists BucketRegion (then no call per bucket); moto does not
      if (b.BucketRegion) return [b.Name!, b.BucketRegion] as const;
      const location = await ctx.clients.s3.send(new GetBucketLocationCommand({ Bucket: b.Name }));
      return [b.Name!, location.LocationConstraint || 'us-east-1'] as const;
    });
    const regionOf = new Map(regions);
    return buckets.filter((b) => regionOf.get(b.Name!) === ctx.region);
  });

export const s3BucketType: ResourceTypeModule = {
  type: 'aws_s3_bucket',
  resource: { module: 's3-bucket', className: 'S3Bucket' },
  iamActions: ['s3:ListAllMyBuckets', 's3:GetBucketLocation', 's3:GetBucketTagging'],
  async discover(ctx) {
    return ctx.each('aws_s3_bucket', await listBuckets(ctx), (b) => b.Name!, async (b): Promise<DiscoveredResource> => {
      const tagging = await orAbsent(ctx.clients.s3.send(new GetBucketTaggingCommand({ Bucket: b.Name })));
      const tags = Object.fromEntries((tagging?.TagSet ?? []).map((t) => [t.Key!, t.Value ?? '']));
      return { type: 'aws_s3_bucket', id: b.Name!, importId: b.Name!, name: b.Name!, tags, altIds: [`arn:aws:s3:::${b.Name}`], attributes: { bucket: b.Name!, ...tagsArgument(tags) } };
    });
  },
};

/** A sub-resource of a bucket, imported by the bucket's name; `read` answers undefined when it is not configured. */
export function subResource(
  type: string,
  className: string,
  module: string,
  iamAction: string,
  read: (ctx: DiscoveryContext, bucket: string) => Promise<Record<string, AttrValue> | undefined>,
): ResourceTypeModule {
  return {
    type,
    resource: { module, className },
    iamActions: ['s3:ListAllMyBuckets', 's3:GetBucketLocation', iamAction],
    async discover(ctx) {
      const found = await ctx.each(type, await listBuckets(ctx), (b) => b.Name!, async (b) => {
        const args = await read(ctx, b.Name!);
        if (!args) return undefined;
        const resource: DiscoveredResource = {
          type,
          id: `${type}:${b.Name}`,
          importId: b.Name!,
          name: b.Name!,
          tags: {},
          relatedIds: [b.Name!],
          attributes: { bucket: ref(b.Name!, 'bucket'), ...args },
        };
        return resource;
      });
      return found.filter((r): r is DiscoveredResource => r !== undefined);
    },
  };
}

export const s3BucketVersioningType = subResource('aws_s3_bucket_versioning', 'S3BucketVersioningA', 's3-bucket-versioning', 's3:GetBucketVersioning', async (ctx, bucket) => {
  const v = await ctx.clients.s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
  // never versioned: no resource (Terraform cannot express "never enabled" other than by absence)
  if (!v.Status) return undefined;
  return { versioningConfiguration: { status: v.Status, ...(v.MFADelete ? { mfaDelete: v.MFADelete } : {}) } };
});

export const s3BucketEncryptionType = subResource(
  'aws_s3_bucket_server_side_encryption_configuration',
  'S3BucketServerSideEncryptionConfigurationA',
  's3-bucket-server-side-encryption-configuration',
  's3:GetEncryptionConfiguration',
  async (ctx, bucket) => {
    const out = await orAbsent(ctx.clients.s3.send(new GetBucketEncryptionCommand({ Bucket: bucket })));
    const rules = out?.ServerSideEncryptionConfiguration?.Rules ?? [];
    if (rules.length === 0) return undefined;
    return {
      rule: rules.map((r) => {
        const d = r.ApplyServerSideEncryptionByDefault;
        return {
          ...(d
            ? {
                applyServerSideEncryptionByDefault: {
                  sseAlgorithm: d.SSEAlgorithm!,
                  ...(d.KMSMasterKeyID ? { kmsMasterKeyId: kmsKeyRef(d.KMSMasterKeyID) } : {}),
                },
              }
            : {}),
          ...(r.BucketKeyEnabled ? { bucketKeyEnabled: true } : {}),
        };
      }),
    };
  },
);

export const s3BucketPublicAccessBlockType = subResource(
  'aws_s3_bucket_public_access_block',
  'S3BucketPublicAccessBlock',
  's3-bucket-public-access-block',
  's3:GetBucketPublicAccessBlock',
  async (ctx, bucket) => {
    const out = await orAbsent(ctx.clients.s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket })));
    const c = out?.PublicAccessBlockConfiguration;
    if (!c) return undefined;
    return {
      blockPublicAcls: c.BlockPublicAcls ?? false,
      blockPublicPolicy: c.BlockPublicPolicy ?? false,
      ignorePublicAcls: c.IgnorePublicAcls ?? false,
      restrictPublicBuckets: c.RestrictPublicBuckets ?? false,
    };
  },
);
